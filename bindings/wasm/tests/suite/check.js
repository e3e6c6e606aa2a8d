// Assertions and helpers shared by the suite in Node and in the browser
// (no node:assert there).

export class CheckError extends Error {}

export function check(cond, message) {
  if (!cond) throw new CheckError(message);
}

export function hex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export function unhex(text) {
  if (text.length % 2 !== 0 || /[^0-9a-f]/.test(text)) throw new CheckError(`bad hex: ${text.slice(0, 40)}`);
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function equalBytes(a, b, what) {
  check(a instanceof Uint8Array, `${what}: not a Uint8Array`);
  const ha = hex(a);
  const hb = b instanceof Uint8Array ? hex(b) : b;
  check(ha === hb, `${what}: ${ha.slice(0, 80)} != ${hb.slice(0, 80)}`);
}

export function equal(a, b, what) {
  check(a === b, `${what}: ${String(a)} !== ${String(b)}`);
}

/** Runs `f`, which must throw a FrankingError of `kind`; returns the error. */
export function throwsKind(kind, f, what) {
  try {
    f();
  } catch (e) {
    check(e && e.name === "FrankingError", `${what}: threw ${e && e.name} (${e && e.message}), not a FrankingError`);
    check(e.kind === kind, `${what}: threw ${e.kind} (${e.message}), expected ${kind}`);
    return e;
  }
  throw new CheckError(`${what}: did not throw ${kind}`);
}

export const utf8 = (s) => new TextEncoder().encode(s);
export const text = (b) => new TextDecoder().decode(b);

/** Deterministic bytes: byte i is (seed + i * 7) mod 256, whatever the length. */
export function pattern(len, seed = 0) {
  const out = new Uint8Array(len);
  for (let i = 0; i < len; i++) out[i] = (seed + i * 7) & 0xff;
  return out;
}
