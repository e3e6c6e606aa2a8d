// The same suite in headless Chromium (Debian's, driven by playwright-core):
// the flow cases and every vector case run in a page, each reported here as
// a test of its own.
import { readdirSync } from "node:fs";
import { after, before, test } from "node:test";

import { chromium } from "playwright-core";

import { flowCases } from "./suite/flow.js";
import { chromiumPath, serve } from "./server.js";
import { vectorNamesToRun } from "./suite/vectors.js";

const scenarioFiles = readdirSync(new URL("../../scenarios/", import.meta.url)).filter((n) => n.endsWith(".json")).sort();

let server;
let browser;
let results;

before(async () => {
  server = await serve();
  browser = await chromium.launch({ executablePath: chromiumPath(), args: ["--no-sandbox"] });
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  const vectors = vectorNamesToRun(readdirSync(new URL("../../../tests/vectors/", import.meta.url)));
  const query = [...vectors.map((v) => `vectors=${encodeURIComponent(v)}`), ...scenarioFiles.map((s) => `scenario=${encodeURIComponent(s)}`)].join("&");
  await page.goto(`${server.url}/bindings/wasm/tests/browser.html?${query}`);
  await page.waitForFunction(() => window.__results || null, null, { timeout: 120_000 }).catch(() => {
    throw new Error(`the page did not finish: ${errors.join("; ")}`);
  });
  results = await page.evaluate(() => window.__results);
  console.log(`browser: ${await browser.version()}`);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

for (const name of [
  ...scenarioFiles.map((s) => `scenario ${s}`),
  ...flowCases.map((c) => c.name),
  "every vector case of tests/vectors/*-v1.txt gives its verdict and outputs",
  "key multicollision corpus",
]) {
  test(`chromium: ${name}`, () => {
    const r = results.find((x) => x.name === name);
    if (!r) throw new Error("not run in the page");
    if (r.error) throw new Error(r.error);
    if (r.ran !== undefined && r.ran < 400) throw new Error(`only ${r.ran} vector cases ran`);
  });
}
