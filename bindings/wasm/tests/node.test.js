// The suite in Node: `node --test tests/` after the package is built into
// pkg/ (run-tests does both). Every flow case, and every case of
// tests/vectors/*.txt through the bindings.
import { readFileSync, readdirSync } from "node:fs";
import { test } from "node:test";

import * as lib from "../pkg/node.js";
import { flowCases } from "./suite/flow.js";
import { parseScenario, runScenario } from "./suite/scenarios.js";
import { runFiles, runMulticollision, UNREACHABLE, vectorNamesToRun } from "./suite/vectors.js";

const vectorDir = new URL("../../../tests/vectors/", import.meta.url);

export function vectorFiles() {
  const files = {};
  for (const name of vectorNamesToRun(readdirSync(vectorDir))) {
    files[name] = readFileSync(new URL(name, vectorDir), "utf8");
  }
  return files;
}

const scenarioDir = new URL("../../scenarios/", import.meta.url);
export const scenarioFiles = readdirSync(scenarioDir).filter((n) => n.endsWith(".json")).sort();

for (const name of scenarioFiles) {
  test(`scenario ${name}`, () => {
    const scenario = parseScenario(readFileSync(new URL(name, scenarioDir), "utf8"));
    runScenario(lib, scenario);
  });
}

test("the shared scenario set is there", () => {
  if (scenarioFiles.length < 4) throw new Error(`only ${scenarioFiles.length} scenario files in bindings/scenarios`);
});

for (const c of flowCases) {
  test(c.name, async () => {
    await c.run(lib);
  });
}

test("every vector case of tests/vectors/*-v1.txt gives its verdict and outputs", () => {
  const results = runFiles(lib, vectorFiles());
  const failed = results.filter((r) => r.error);
  const ran = results.filter((r) => !r.skipped);
  const skipped = results.filter((r) => r.skipped);
  console.log(`vectors: ${ran.length} cases run, ${failed.length} failed, ${skipped.length} skipped (kinds without a facade entry point: ${[...UNREACHABLE].join(", ")})`);
  if (failed.length) {
    throw new Error(failed.slice(0, 20).map((r) => `${r.name}: ${r.error}`).join("\n"));
  }
  // Every case the files hold was read (one `kind:` line each), and all but
  // the media-seal ones ran.
  const kinds = Object.values(vectorFiles()).reduce((n, t) => n + (t.match(/^kind: /gm) ?? []).length, 0);
  if (results.length !== kinds) throw new Error(`read ${results.length} cases, the files hold ${kinds}`);
  if (ran.length < 400) throw new Error(`only ${ran.length} vector cases ran`);
});

test("key multicollision corpus: no franked ciphertext opens under two of its ten keys", () => {
  const content = readFileSync(new URL("key_multicollision_chacha20poly1305.txt", vectorDir), "utf8");
  const checked = runMulticollision(lib, content);
  if (checked !== 500) throw new Error(`checked ${checked} pairs, not 500`);
});
