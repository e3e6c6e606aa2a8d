// 100 MB through AttachmentSealStream to a file and back through
// AttachmentOpenStream, with memory sampled all along: the module's linear
// memory must stay under 2 MiB (one chunk in flight, never the attachment),
// the JavaScript ArrayBuffers held after a collection under 32 MB, and the
// process's resident memory grow by less than 64 MB (a stream that
// buffered the attachment or its ciphertext would add 100 MB or more).
// Run with --expose-gc (run-tests does): a collection every 8 MB keeps
// garbage not yet collected from passing for memory held.
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { open } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";

import { initSync } from "../pkg/franking_wasm.js";
import * as lib from "../pkg/node.js";

// The module's exports (initSync returns the instance already loaded):
// its linear memory is what the wasm side holds.
const wasm = initSync({ module: new Uint8Array(0) });

const TOTAL = 100 * 1024 * 1024;
const PIECE = 1024 * 1024 + 17; // not a multiple of the chunk size
const BOUND = 64 * 1024 * 1024;

let buffersPeak = 0; // ArrayBuffer bytes right after each collection

function source(hash) {
  let sent = 0;
  let n = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= TOTAL) return controller.close();
      const len = Math.min(PIECE, TOTAL - sent);
      const piece = new Uint8Array(len);
      // Cheap, position-dependent bytes: no two pieces alike.
      const words = new Uint32Array(piece.buffer, 0, len >>> 2);
      for (let i = 0; i < words.length; i++) words[i] = Math.imul(i + n * 2654435761, 0x9e3779b1) >>> 0;
      n++;
      sent += len;
      if (n % 8 === 0 && global.gc) {
        global.gc();
        buffersPeak = Math.max(buffersPeak, process.memoryUsage().arrayBuffers);
      }
      hash.update(piece);
      controller.enqueue(piece);
    },
  });
}

/** A file as a pull-based byte stream: one read of `size` bytes per pull. */
async function fileSource(path, size) {
  const fh = await open(path, "r");
  return new ReadableStream({
    async pull(controller) {
      const buf = new Uint8Array(size);
      const { bytesRead } = await fh.read(buf, 0, size, null);
      if (bytesRead === 0) {
        await fh.close();
        controller.close();
      } else {
        controller.enqueue(buf.subarray(0, bytesRead));
      }
    },
  });
}

/** A file as a sink: each chunk written before the next is taken. */
async function fileSink(path) {
  const fh = await open(path, "w");
  return new WritableStream({
    async write(chunk) {
      await fh.write(chunk);
    },
    close: () => fh.close(),
  });
}

function hashing(hash) {
  let n = 0;
  return new WritableStream({
    write(chunk) {
      hash.update(chunk);
      if (++n % 128 === 0 && global.gc) {
        global.gc();
        buffersPeak = Math.max(buffersPeak, process.memoryUsage().arrayBuffers);
      }
    },
  });
}

test("a 100 MB attachment streams through seal and open in bounded memory", async () => {
  const dir = mkdtempSync(join(tmpdir(), "franking-stream-"));
  const file = join(dir, "attachment.bin");
  try {
    global.gc?.();
    const base = process.memoryUsage().rss;
    let peak = base;
    let wasmPeak = 0;
    const timer = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
      wasmPeak = Math.max(wasmPeak, wasm.memory.buffer.byteLength);
    }, 5);
    const key = lib.generateMessageKey();
    const nonce = lib.generateNonce();
    const sent = createHash("sha256");
    const sealer = new lib.AttachmentSealStream(key, nonce, 0);
    const t0 = performance.now();
    await source(sent).pipeThrough(sealer).pipeTo(await fileSink(file));
    const { descriptor, tree } = await sealer.result;
    const t1 = performance.now();
    if (statSync(file).size !== TOTAL) throw new Error("ciphertext length");
    const message = lib.encodeMediaMessage([descriptor], new Uint8Array(0));
    const evidence = lib.attachmentEvidence(key, nonce, message, 0);
    const received = createHash("sha256");
    await (await fileSource(file, 256 * 1024))
      .pipeThrough(new lib.AttachmentOpenStream(evidence, tree))
      .pipeTo(hashing(received));
    const t2 = performance.now();
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage().rss);
    const growth = peak - base;
    const mb = (x) => (x / 1048576).toFixed(1);
    console.log(
      JSON.stringify({
        op: "stream_100mb",
        bytes: TOTAL,
        seal_ms: Math.round(t1 - t0),
        open_ms: Math.round(t2 - t1),
        tree_bytes: tree.length,
        rss_base_mb: Number(mb(base)),
        rss_peak_mb: Number(mb(peak)),
        rss_growth_mb: Number(mb(growth)),
        wasm_memory_peak_mb: Number(mb(wasmPeak)),
        array_buffers_after_gc_peak_mb: Number(mb(buffersPeak)),
        bound_mb: BOUND / 1048576,
        gc_every_8mb: typeof global.gc === "function",
      }),
    );
    if (sent.digest("hex") !== received.digest("hex")) throw new Error("opened bytes differ from the sealed ones");
    if (growth > BOUND) throw new Error(`memory grew by ${mb(growth)} MB, over ${mb(BOUND)} MB`);
    if (wasmPeak > 2 * 1048576) throw new Error(`wasm memory reached ${mb(wasmPeak)} MB`);
    if (buffersPeak > 32 * 1048576) throw new Error(`${mb(buffersPeak)} MB of ArrayBuffers held after a collection`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
