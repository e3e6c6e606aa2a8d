// How fast SHA-256 can run in WebAssembly, the bulk of verifying a report:
// ns per compression of one 64-byte block, in Node and in headless Chromium,
// against the native figure on the CPU's SHA instructions. The measurement
// crate is bench/sha256-lanes (its lib.rs says what each export does):
//
// - sha256_block_wasm_soft: one stream, sha2's software backend (the
//   compression the npm package runs today);
// - sha256_block_wasm_simd128: one stream, sha2's simd128 backend (a build
//   with simd128 on);
// - sha256_block_wasm_4lanes: four independent streams at once in simd128's
//   four lanes, per block: the most a wasm build could gain by compressing
//   several entries of a report together;
// - sha256_block_native: one stream natively (sha2 picks the SHA
//   instructions where the CPU has them).
//
// Every lane of the four-lane compression is checked against sha2's before
// any timing. JSON lines like examples/ratios.rs; no target.
//
//   node bench/sha256-lanes.js
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { chromium } from "playwright-core";

import { chromiumPath } from "../tests/server.js";

const here = fileURLToPath(new URL("..", import.meta.url));
const manifest = join(here, "bench/sha256-lanes/Cargo.toml");
const targetBase = `${process.env.CARGO_TARGET_DIR ?? join(here, "target")}-sha256-lanes`;

function cargo(args, targetDir, rustflags) {
  return execFileSync("cargo", [...args, "--quiet", "--locked", "--release", "--manifest-path", manifest], {
    encoding: "utf8",
    env: { ...process.env, CARGO_TARGET_DIR: targetDir, RUSTFLAGS: rustflags },
    stdio: ["ignore", "pipe", "inherit"],
  });
}
function buildWasm(name, rustflags) {
  const dir = `${targetBase}-${name}`;
  cargo(["build", "--lib", "--target", "wasm32-unknown-unknown"], dir, rustflags);
  return readFileSync(join(dir, "wasm32-unknown-unknown/release/sha256_lanes.wasm"));
}
const soft = buildWasm("soft", "");
const simd = buildWasm("simd128", "-C target-feature=+simd128");
const native = JSON.parse(cargo(["run", "--bin", "native"], `${targetBase}-native`, "").trim()).ns;

// Runs in Node and, stringified, in the page: ns per block of each export.
async function measure(softBytes, simdBytes) {
  const load = async (bytes) => (await WebAssembly.instantiate(bytes, {})).instance.exports;
  const [s, v] = [await load(softBytes), await load(simdBytes)];
  if (v.lanes_agree() !== 0) throw new Error("a lane of the four-lane compression differs from sha2's");
  const perBlock = (f, blocksPerCall) => {
    const n = 40_000;
    // Warm up with many short calls: V8 optimizes a wasm function for its
    // later calls (no on-stack replacement), so a few long calls might
    // still run the baseline code.
    for (let i = 0; i < 400; i++) f(500);
    const samples = [];
    for (let r = 0; r < 15; r++) {
      const t0 = performance.now();
      f(n);
      samples.push(((performance.now() - t0) * 1e6) / (n * blocksPerCall));
    }
    return samples.sort((a, b) => a - b)[7];
  };
  return { soft: perBlock(s.scalar_blocks, 1), simd128: perBlock(v.scalar_blocks, 1), lanes4: perBlock(v.lanes4_blocks, 4) };
}

const engines = { node: await measure(soft, simd) };
if (existsSync(chromiumPath())) {
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: ["--no-sandbox"] });
  try {
    const page = await browser.newPage();
    engines.chromium = await page.evaluate(
      async ({ src, a, b }) => (0, eval)(`(${src})`)(new Uint8Array(a), new Uint8Array(b)),
      { src: measure.toString(), a: [...soft], b: [...simd] },
    );
  } finally {
    await browser.close();
  }
} else {
  console.error(`no chromium at ${chromiumPath()}: Node only`);
}

const line = (op, engine, ns) =>
  JSON.stringify({ op, engine, size: 64, ns: Number(ns.toFixed(1)), ratio_to: "sha256_block_native", ratio: Number((ns / native).toFixed(3)), target: null, pass: null });
for (const [engine, r] of Object.entries(engines)) {
  console.log(line("sha256_block_wasm_soft", engine, r.soft));
  console.log(line("sha256_block_wasm_simd128", engine, r.simd128));
  console.log(line("sha256_block_wasm_4lanes", engine, r.lanes4));
}
console.log(JSON.stringify({ op: "sha256_block_native", engine: "native", size: 64, ns: native, ratio_to: null, ratio: null, target: null, pass: null }));
