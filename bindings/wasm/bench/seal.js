// seal through the wasm bindings against what a web client would run
// today: @noble/ciphers' xchacha20poly1305 (audited JS AEAD, a fresh
// 24-byte nonce per message as a client draws one) and Web Crypto's
// AES-256-GCM (native code, asynchronous). Measured as examples/ratios.rs
// does: interleaved rounds, each timing one batch (~4 ms) of every
// operation in turn, starting operation rotating; the figure is the median
// time per call; `ratio` is between medians, `paired_ratio` the median of
// the per-round ratios. One JSON line per figure. A seal target missed is
// measured once more; the missed line is kept, marked "retried": true.
//
//   node bench/seal.js [--quick]

import { xchacha20poly1305 } from "@noble/ciphers/chacha.js";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const lib = await import("../pkg/node.js");

const ROUNDS = quick ? 9 : 31;
const BATCH_MS = 4;
const WARM_MS = 150;
const SIZES = [64, 1024, 16 * 1024, 1024 * 1024];
const TARGETS = { 1024: 1.0, [1024 * 1024]: 1.0 };

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function timeBatch(op, k) {
  const t0 = performance.now();
  if (op.async) for (let i = 0; i < k; i++) await op.run();
  else for (let i = 0; i < k; i++) op.run();
  return (performance.now() - t0) * 1e6;
}

async function calibrate(op) {
  let k = 1;
  for (;;) {
    const ns = await timeBatch(op, k);
    if (ns >= (BATCH_MS * 1e6) / 4 || k >= 1 << 20) {
      op.batch = Math.max(1, Math.round((BATCH_MS * 1e6) / (ns / k)));
      return;
    }
    k *= 2;
  }
}

// Runs `op` for `ms` milliseconds: the engine tiers hot wasm and JavaScript
// up to its optimizing compiler before anything is timed.
async function warmUp(op, ms) {
  const end = performance.now() + ms;
  while (performance.now() < end) await timeBatch(op, 8);
}

async function measure(ops) {
  for (const op of ops) {
    await warmUp(op, WARM_MS);
    await calibrate(op);
    op.samples = [];
  }
  for (let r = 0; r < ROUNDS; r++) {
    for (let i = 0; i < ops.length; i++) {
      const op = ops[(i + r) % ops.length];
      op.samples.push((await timeBatch(op, op.batch)) / op.batch);
    }
  }
  for (const op of ops) op.ns = median(op.samples);
}

function line(op, size, base, target, retried = false) {
  const fields = { op: op.name, size, ns: Number(op.ns.toFixed(1)) };
  if (!base) return JSON.stringify({ ...fields, ratio_to: null, ratio: null });
  const paired = median(op.samples.map((s, i) => s / base.samples[i]));
  const ratio = op.ns / base.ns;
  return JSON.stringify({
    ...fields,
    ratio_to: base.name,
    ratio: Number(ratio.toFixed(4)),
    paired_ratio: Number(paired.toFixed(4)),
    ratio_to_ns: Number(base.ns.toFixed(1)),
    target: target ?? null,
    pass: target === undefined ? null : ratio <= target,
    ...(retried ? { retried: true } : {}),
  });
}

const key = lib.generateMessageKey();
const aesKey = await crypto.subtle.importKey("raw", key, "AES-GCM", false, ["encrypt"]);
const empty = new Uint8Array(0);

for (const size of SIZES) {
  const message = new Uint8Array(size).fill(0x61);
  const nonce24 = new Uint8Array(24);
  const iv = new Uint8Array(12);
  const ops = [
    { name: "seal", run: () => lib.seal(key, empty, message, "xchacha20") },
    {
      name: "noble_xchacha",
      run: () => {
        crypto.getRandomValues(nonce24);
        return xchacha20poly1305(key, nonce24).encrypt(message);
      },
    },
    { name: "seal_aes", run: () => lib.seal(key, empty, message, "aes256") },
    {
      name: "webcrypto_aes_gcm",
      async: true,
      run: () => {
        crypto.getRandomValues(iv);
        return crypto.subtle.encrypt({ name: "AES-GCM", iv }, aesKey, message);
      },
    },
  ];
  // Sealed once to open in the loop: open against noble's decrypt.
  const sealed = lib.seal(key, empty, message, "xchacha20");
  const openNonce = crypto.getRandomValues(new Uint8Array(24));
  const nobleSealed = xchacha20poly1305(key, openNonce).encrypt(message);
  ops.push(
    { name: "open", run: () => lib.open(key, sealed.envelope, empty, sealed.ciphertext, "xchacha20") },
    { name: "noble_xchacha_open", run: () => xchacha20poly1305(key, openNonce).decrypt(nobleSealed) },
  );
  await measure(ops);
  let by = Object.fromEntries(ops.map((o) => [o.name, o]));
  // On the shared CI machine a burst of load can land on one operation's
  // batches: a target missed is measured once more (fresh interleaved
  // rounds), and the first line is printed with "retried": true.
  if (TARGETS[size] !== undefined && by.seal.ns / by.noble_xchacha.ns > TARGETS[size]) {
    console.log(line(by.seal, size, by.noble_xchacha, TARGETS[size], true));
    await measure(ops);
    by = Object.fromEntries(ops.map((o) => [o.name, o]));
  }
  console.log(line(by.seal, size, by.noble_xchacha, TARGETS[size]));
  console.log(line(by.seal, size, by.webcrypto_aes_gcm));
  console.log(line(by.seal_aes, size, by.webcrypto_aes_gcm));
  console.log(line(by.open, size, by.noble_xchacha_open));
  for (const o of ops) console.log(line(o, size));
}
