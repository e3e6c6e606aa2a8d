// Verification of a 30-message conversation report in headless Chromium
// (the wasm module, through the bindings), against the same verification
// natively (examples/conversation_native.rs, built for the host): target
// at most 2x `native_core`, the crate's own decode and verify. Native
// SHA-256 runs on the CPU's SHA extensions where it has them (sha2
// detects them at run time), which WebAssembly cannot reach; so the same
// native example is also built with sha2's software backend
// (`--cfg sha2_backend="soft"`, its own target directory), `native_core_soft`,
// the figure that shows what the wasm engine itself costs. Node's figure
// (the same wasm) is printed too. JSON lines like examples/ratios.rs.
//
//   node bench/conversation.js
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { chromium } from "playwright-core";

import * as lib from "../pkg/node.js";
import { chromiumPath, serve } from "../tests/server.js";

const here = fileURLToPath(new URL("..", import.meta.url));
const hex = (b) => Buffer.from(b).toString("hex");
const T0 = 1_760_000_000;

// 30 messages of 256 bytes in one conversation, stamped and reported.
const ring = lib.Keyring.generate(1, T0 - 100, 30 * 24 * 3600);
const entries = [];
for (let seq = 1; seq <= 30; seq++) {
  const key = lib.generateMessageKey();
  const sealed = lib.seal(key, new Uint8Array(0), new Uint8Array(256).fill(seq));
  const ctx = { sender: seq % 2 ? "alice" : "bob", recipient: seq % 2 ? "bob" : "alice", timestamp: T0 + seq, messageId: `m-${seq}`, conversation: "chat:alice+bob", seq };
  const stamp = ring.stamp(sealed.frankingTag, ctx);
  const opened = lib.open(key, sealed.envelope, new Uint8Array(0), sealed.ciphertext);
  entries.push({ report: lib.buildReport(opened, ctx, stamp) });
}
const report = lib.buildConversationReport(entries);
const records = ring.exportRecords();
const now = T0 + 100;

// Native.
const dir = mkdtempSync(join(tmpdir(), "franking-conv-"));
let native;
try {
  const file = join(dir, "report.txt");
  writeFileSync(file, `${records.map(hex).join(",")}\n${now}\n${hex(report)}\n`);
  const run = (env) => {
    const text = execFileSync("cargo", ["run", "--quiet", "--locked", "--release", "--example", "conversation_native", "--", file], { cwd: here, encoding: "utf8", env: { ...process.env, ...env } });
    return Object.fromEntries(text.trim().split("\n").map((l) => JSON.parse(l)).map((o) => [o.op, o.ns]));
  };
  native = run({});
  const targetDir = process.env.CARGO_TARGET_DIR ?? join(here, "target");
  const soft = run({ RUSTFLAGS: '--cfg sha2_backend="soft"', CARGO_TARGET_DIR: `${targetDir}-native-soft-sha` });
  native.native_core_soft = soft.native_core;
} finally {
  rmSync(dir, { recursive: true, force: true });
}

// Node (same wasm).
function timeIn(verify) {
  for (let i = 0; i < 500; i++) verify(); // warm up: let the engine tier up
  const samples = [];
  for (let r = 0; r < 31; r++) {
    const t0 = performance.now();
    for (let i = 0; i < 100; i++) verify();
    samples.push(((performance.now() - t0) * 1e6) / 100);
  }
  return samples.sort((a, b) => a - b)[15];
}
const nodeRing = lib.Keyring.verifyOnly(30 * 24 * 3600);
nodeRing.sync(records);
const nodeNs = timeIn(() => nodeRing.verifyConversation(now, report));
const nodeObjectNs = timeIn(() => nodeRing.verifyConversationObject(now, report).free());

// Chromium.
const server = await serve();
const browser = await chromium.launch({ executablePath: chromiumPath(), args: ["--no-sandbox"] });
let browserNs;
try {
  const page = await browser.newPage();
  await page.goto(`${server.url}/bindings/wasm/tests/browser-bench.html`);
  await page.waitForFunction(() => window.benchReady);
  browserNs = await page.evaluate(
    ({ records, report, now }) => window.benchConversation(records, report, now),
    { records: records.map(hex), report: hex(report), now },
  );
} finally {
  await browser.close();
  await server.close();
}

const line = (op, ns, to, toNs, target) =>
  JSON.stringify({ op, size: report.length, ns: Number(ns.toFixed(1)), ratio_to: to, ratio: to ? Number((ns / toNs).toFixed(4)) : null, ratio_to_ns: to ? Number(toNs.toFixed(1)) : undefined, target: target ?? null, pass: target ? ns / toNs <= target : null });
// The target's line: verification in the browser, the verdict held
// (verifyConversationObject: no entry copied out, as native_core copies
// none), against the crate's decode and verify natively.
console.log(line("conversation_verify_object_chromium", browserNs.object, "native_core", native.native_core, 2.0));
console.log(line("conversation_verify_object_chromium", browserNs.object, "native_facade_object", native.native_facade_object));
console.log(line("conversation_verify_object_chromium", browserNs.object, "native_core_soft", native.native_core_soft));
// The same with every entry copied out as objects (verifyConversation).
console.log(line("conversation_verify_chromium", browserNs.record, "native_core", native.native_core));
console.log(line("conversation_verify_chromium", browserNs.record, "native_facade", native.native_facade));
console.log(line("conversation_verify_chromium", browserNs.record, "native_core_soft", native.native_core_soft));
console.log(line("conversation_verify_node", nodeNs, "native_core", native.native_core));
console.log(line("conversation_verify_object_node", nodeObjectNs, "native_core", native.native_core));
console.log(line("native_facade", native.native_facade, "native_core", native.native_core));
console.log(line("native_facade_object", native.native_facade_object, "native_core", native.native_core));
console.log(line("native_core", native.native_core, null));
console.log(line("native_core_soft", native.native_core_soft, "native_core", native.native_core));
