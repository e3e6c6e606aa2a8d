// The demo clicked through in headless Chromium: Alice and Bob chat, Alice
// sends an image, Bob deletes one message and reports another, and the
// moderator pane shows the verified report (who, when, the message, the
// image, the conversation with its gap). The screenshot goes to
// $FRANKING_WASM_OUT/demo.png (default target/wasm-test-output at the
// repository's root).
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

import { chromium } from "playwright-core";

import { createRelay } from "../demo/relay.js";
import { chromiumPath, serve } from "./server.js";

const out = resolve(process.env.FRANKING_WASM_OUT ?? fileURLToPath(new URL("../../../target/wasm-test-output", import.meta.url)));

test("demo: a report of a message and an image, verified with its conversation and gap", async () => {
  mkdirSync(out, { recursive: true });
  const relay = createRelay();
  const server = await serve({ api: relay.api });
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: ["--no-sandbox"] });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    await page.goto(`${server.url}/bindings/wasm/demo/index.html`);
    await page.waitForFunction(() => window.demoReady);
    const say = async (who, text, seq) => {
      await page.fill(`#${who}-input`, text);
      await page.click(`#${who}-send`);
      await page.waitForSelector(`#alice li[data-seq="${seq}"]`);
      await page.waitForSelector(`#bob li[data-seq="${seq}"]`);
    };
    await say("alice", "hi bob", 1);
    await say("bob", "hey, who is this?", 2);
    await say("alice", "you know who", 3);
    await say("alice", "you will regret this", 4);
    await page.click("#alice-image");
    await page.waitForSelector('#bob li[data-seq="5"] img');
    await say("alice", "see you tomorrow", 6);
    await page.click('#bob li[data-seq="3"] .delete');
    await page.click('#bob li[data-seq="4"] .report');
    await page.waitForFunction(() => document.querySelector('#bob li[data-seq="4"] .report')?.textContent === "Reported");
    await page.click("#moderate");
    await page.waitForSelector("#verdict-status", { timeout: 30_000 });
    const view = await page.evaluate(() => ({
      status: document.querySelector("#verdict-status").textContent,
      reported: document.querySelector("#reported-message").textContent,
      gap: [...document.querySelectorAll("#conversation tr.gap")].map((r) => r.textContent),
      rows: [...document.querySelectorAll("#conversation tr:not(.gap)")].map((r) => r.textContent),
      images: [...document.querySelectorAll("#verdict img")].map((i) => i.naturalWidth),
    }));
    const shot = join(out, "demo.png");
    await page.screenshot({ path: shot, fullPage: true });
    console.log(`demo screenshot: ${shot}`);
    console.log(JSON.stringify(view));
    if (errors.length) throw new Error(`page errors: ${errors.join("; ")}`);
    if (!view.status.includes("Verified")) throw new Error(`status: ${view.status}`);
    if (!view.reported.includes("you will regret this") || !view.reported.includes("alice")) throw new Error(`reported: ${view.reported}`);
    if (view.gap.length !== 1 || !view.gap[0].includes("1 message missing") || !view.gap[0].includes("#3")) throw new Error(`gap: ${view.gap}`);
    if (view.rows.length !== 5) throw new Error(`conversation rows: ${view.rows.length}`);
    if (!(view.images.length >= 2 && view.images.every((w) => w === 320))) throw new Error(`images: ${view.images}`);
  } finally {
    await browser.close();
    await server.close();
  }
});
