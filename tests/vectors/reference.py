#!/usr/bin/env python3
"""Independent reference implementation of franking v1, written from SPEC.md alone.

Standard library only. ChaCha20 (RFC 8439), HChaCha20 and XChaCha20
(draft-irtf-cfrg-xchacha-03) and the SHA-256 compression function (FIPS 180-4,
section 6.2.2) are implemented here; SHA-256 comes from `hashlib`.
First runs known-answer self-tests of those primitives, then checks every case
of the vector file (SPEC.md section 10) and prints `vectors: N passed, M failed`.

Usage: python3 reference.py [franking-v1.txt]   (default: next to this script)
"""

import hashlib
import hmac
import os
import struct
import sys

M32 = 0xFFFFFFFF
U64_MAX = 2**64 - 1

# --- ChaCha20, HChaCha20, XChaCha20 -------------------------------------------

SIGMA = list(struct.unpack("<4I", b"expand 32-byte k"))


def rotl(x, n):
    return ((x << n) | (x >> (32 - n))) & M32


def chacha_rounds(s):
    """20 rounds (10 column + diagonal double rounds) on the 16-word state, in place."""

    def qr(a, b, c, d):
        s[a] = (s[a] + s[b]) & M32
        s[d] = rotl(s[d] ^ s[a], 16)
        s[c] = (s[c] + s[d]) & M32
        s[b] = rotl(s[b] ^ s[c], 12)
        s[a] = (s[a] + s[b]) & M32
        s[d] = rotl(s[d] ^ s[a], 8)
        s[c] = (s[c] + s[d]) & M32
        s[b] = rotl(s[b] ^ s[c], 7)

    for _ in range(10):
        qr(0, 4, 8, 12)
        qr(1, 5, 9, 13)
        qr(2, 6, 10, 14)
        qr(3, 7, 11, 15)
        qr(0, 5, 10, 15)
        qr(1, 6, 11, 12)
        qr(2, 7, 8, 13)
        qr(3, 4, 9, 14)


def chacha20_block(key, counter, nonce12):
    """RFC 8439 section 2.3: one 64-byte block for a 32-bit counter and a 96-bit nonce."""
    init = SIGMA + list(struct.unpack("<8I", key)) + [counter] + list(struct.unpack("<3I", nonce12))
    s = list(init)
    chacha_rounds(s)
    return struct.pack("<16I", *((x + y) & M32 for x, y in zip(s, init)))


def hchacha20(key, nonce16):
    """draft-irtf-cfrg-xchacha-03 section 2.2: words 0..3 and 12..15, no feed-forward."""
    s = SIGMA + list(struct.unpack("<8I", key)) + list(struct.unpack("<4I", nonce16))
    chacha_rounds(s)
    return struct.pack("<8I", *(s[0:4] + s[12:16]))


def keystream(key, nonce24, length):
    """KS(K, N)[0 .. length]: XChaCha20 keystream from block counter 0 (SPEC.md section 2)."""
    subkey = hchacha20(key, nonce24[:16])
    nonce12 = b"\x00" * 4 + nonce24[16:24]
    blocks = (length + 63) // 64
    return b"".join(chacha20_block(subkey, i, nonce12) for i in range(blocks))[:length]


# --- SHA-256 compression --------------------------------------------------------


def iroot(n, k):
    """floor(n ** (1/k)) for integers, by bisection."""
    lo, hi = 0, 1 << (n.bit_length() // k + 1)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if mid**k <= n:
            lo = mid
        else:
            hi = mid - 1
    return lo


PRIMES = [p for p in range(2, 312) if all(p % d for d in range(2, iroot(p, 2) + 1))]
# FIPS 180-4 4.2.2 and 5.3.3: first 32 bits of the fractional parts of the cube
# roots of the first 64 primes, and of the square roots of the first 8 primes.
K256 = [iroot(p << 96, 3) & M32 for p in PRIMES[:64]]
IV256 = [iroot(p << 64, 2) & M32 for p in PRIMES[:8]]


def rotr(x, n):
    return ((x >> n) | (x << (32 - n))) & M32


def compress(cv, block):
    """FIPS 180-4 section 6.2.2 steps 1 to 4 on one 64-byte block, with feed-forward."""
    w = list(struct.unpack(">16I", block))
    for t in range(16, 64):
        s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3)
        s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10)
        w.append((w[t - 16] + s0 + w[t - 7] + s1) & M32)
    a, b, c, d, e, f, g, h = cv
    for t in range(64):
        t1 = (h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K256[t] + w[t]) & M32
        t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) & M32
        a, b, c, d, e, f, g, h = (t1 + t2) & M32, a, b, c, (d + t1) & M32, e, f, g
    return [(x + y) & M32 for x, y in zip(cv, (a, b, c, d, e, f, g, h))]


def words(x):
    return list(struct.unpack(">8I", x))


def to_bytes(w):
    return struct.pack(">8I", *w)


def self_test():
    # RFC 8439 section 2.3.2.
    key = bytes(range(32))
    nonce = bytes.fromhex("000000090000004a00000000")
    expected = bytes.fromhex(
        "10f1e7e4d13b5915500fdd1fa32071c4c7d1f4c733c068030422aa9ac3d46c4e"
        "d2826446079faa0914c2d705d98b02a2b5129cd1de164eb9cbd083e8a2503c4e"
    )
    assert chacha20_block(key, 1, nonce) == expected, "ChaCha20 block (RFC 8439 2.3.2)"
    # draft-irtf-cfrg-xchacha-03 section 2.2.1.
    sub = hchacha20(key, bytes.fromhex("000000090000004a0000000031415927"))
    expected = bytes.fromhex("82413b4227b27bfed30e42508a877d73a0f9e4d58a74a853c12ec41326d3ecdc")
    assert sub == expected, "HChaCha20 (draft-irtf-cfrg-xchacha-03 2.2.1)"
    # XChaCha20 as SPEC.md composes it: HChaCha20 subkey, then ChaCha20 from counter 0.
    n24 = bytes(range(0x40, 0x58))
    ks = keystream(key, n24, 130)
    assert ks[64:128] == chacha20_block(hchacha20(key, n24[:16]), 1, b"\0" * 4 + n24[16:]), "XChaCha20"
    # SHA-256 compression: one padded block from the IV equals hashlib's digest.
    for msg in (b"", b"abc", bytes(range(55))):
        block = msg + b"\x80" + b"\x00" * (55 - len(msg)) + struct.pack(">Q", 8 * len(msg))
        assert to_bytes(compress(IV256, block)) == hashlib.sha256(msg).digest(), "SHA-256 compression"


# --- franking v1 (SPEC.md sections 3 to 6) ---------------------------------------

COMMITMENT_LABEL = b"franking-v1-comm"
STAMP_LABEL = b"franking-v1-stmp"
INTEGRITY_LABEL = b"franking-v1-intg"


class Fail(Exception):
    """A verdict other than ok; args[0] is the error name of SPEC.md section 10."""


def u(n, width):
    return n.to_bytes(width, "big")


def commit_input(h, m):
    return COMMITMENT_LABEL + u(len(h), 8) + h + u(len(m), 8) + m


def key_block(kf):
    assert len(kf) == 32
    return bytes(b ^ 0x36 for b in kf + b"\x00" * 32)


def franking_tag(kf, h, m):
    """SPEC.md 4.1: SHA-256(KeyBlock(Kf) || CommitInput(H, M))."""
    return hashlib.sha256(key_block(kf) + commit_input(h, m)).digest()


def ver(h, m, kf, ft):
    return hmac.compare_digest(franking_tag(kf, h, m), ft)


def integrity_tag(ik, ft):
    return to_bytes(compress(ik, INTEGRITY_LABEL + ft + b"\x00" * 16))


def seal(k, n, h, m):
    ks = keystream(k, n, 64 + len(m))
    kf, ik = ks[0:32], words(ks[32:64])
    c = bytes(x ^ y for x, y in zip(m, ks[64:]))
    ft = franking_tag(kf, h, m)
    return c, ft, integrity_tag(ik, ft), kf


def open_(k, n, h, c, ft, it):
    ks = keystream(k, n, 64 + len(c))
    kf, ik = ks[0:32], words(ks[32:64])
    m = bytes(x ^ y for x, y in zip(c, ks[64:]))
    ok = ver(h, m, kf, ft) & hmac.compare_digest(integrity_tag(ik, ft), it)
    if not ok:
        raise Fail("Invalid")
    return m, kf


def stamp_input(key_id, ft, sender, recipient, ts, message_id, conversation, seq):
    """SPEC.md 4.4: StampCommon || Align || u16(len recipient) || recipient."""
    ids = b"".join(u(len(x), 2) + x for x in (sender, message_id, conversation))
    common = STAMP_LABEL + u(key_id, 4) + ft + u(ts, 8) + u(seq, 8) + ids
    align = b"\x00" * ((64 - len(common) % 64) % 64)
    return common + align + u(len(recipient), 2) + recipient


def stamp_mac(kp, key_id, ft, sender, recipient, ts, message_id, conversation, seq):
    """SPEC.md 4.4: SHA-256(KeyBlock(Kp) || StampInput)."""
    data = stamp_input(key_id, ft, sender, recipient, ts, message_id, conversation, seq)
    return hashlib.sha256(key_block(kp) + data).digest()


def decode_report(b):
    if not b:
        raise Fail("Malformed")
    if b[0] != 0x01:
        raise Fail("UnsupportedVersion")
    pos = 1

    def take(n):
        nonlocal pos
        if n > len(b) - pos:
            raise Fail("Malformed")
        pos += n
        return b[pos - n : pos]

    def num(width):
        return int.from_bytes(take(width), "big")

    r = {"key_id": num(4), "mac": take(32), "franking_tag": take(32), "opening": take(32)}
    r["timestamp"], r["seq"] = num(8), num(8)
    for field in ("sender", "recipient", "message_id", "conversation"):
        r[field] = take(num(2))
    for field in ("header", "message"):
        r[field] = take(num(4))
    if pos != len(b):
        raise Fail("Malformed")
    return r


def decode_conversation_report(b):
    """SPEC.md 14.5: 0x11, u16-prefixed conversation, u16 count >= 1, entries in strictly increasing seq."""
    if not b:
        raise Fail("Malformed")
    if b[0] != 0x11:
        raise Fail("UnsupportedVersion")
    pos = 1

    def take(n):
        nonlocal pos
        if n > len(b) - pos:
            raise Fail("Malformed")
        pos += n
        return b[pos - n : pos]

    def num(width):
        return int.from_bytes(take(width), "big")

    conversation = take(num(2))
    count = num(2)
    if count == 0:
        raise Fail("Malformed")
    entries = []
    for _ in range(count):
        r = {"key_id": num(4), "mac": take(32), "franking_tag": take(32), "opening": take(32)}
        r["timestamp"], r["seq"] = num(8), num(8)
        for field in ("sender", "recipient", "message_id"):
            r[field] = take(num(2))
        for field in ("header", "message"):
            r[field] = take(num(4))
        r["conversation"] = conversation
        if entries and r["seq"] <= entries[-1]["seq"]:
            raise Fail("Malformed")
        entries.append(r)
    if pos != len(b):
        raise Fail("Malformed")
    return conversation, entries


def verify_conversation(keys, max_age, max_skew, now, conversation, entries):
    """SPEC.md 14.6: public checks of every entry in order, then one combined cryptographic verdict."""
    for r in entries:
        check_public(keys, max_age, max_skew, now, r)
    ok = True
    for r in entries:
        ok &= check_secret(keys, r)
    if not ok:
        raise Fail("Invalid")
    seqs = [r["seq"] for r in entries]
    missing = sum(b - a - 1 for a, b in zip(seqs, seqs[1:]))
    return {
        "conversation": conversation,
        "seqs": ",".join(str(x) for x in seqs),
        "senders": ",".join(r["sender"].hex() for r in entries),
        "missing": missing,
    }


def check_public(keys, max_age, max_skew, now, r):
    """Steps 1 to 3 of SPEC.md section 6."""
    if r["key_id"] not in keys:
        raise Fail("UnknownKey")
    ts = r["timestamp"]
    if ts > min(now + max_skew, U64_MAX):
        raise Fail("FromFuture")
    if max(now - ts, 0) > max_age:
        raise Fail("Expired")


def check_secret(keys, r):
    """Step 4 of SPEC.md section 6, both checks computed, then combined."""
    ts = r["timestamp"]
    ctx = (r["sender"], r["recipient"], ts, r["message_id"], r["conversation"], r["seq"])
    sm = stamp_mac(keys[r["key_id"]], r["key_id"], r["franking_tag"], *ctx)
    return ver(r["header"], r["message"], r["opening"], r["franking_tag"]) & hmac.compare_digest(sm, r["mac"])


def verify(keys, max_age, max_skew, now, r):
    """SPEC.md section 6; `keys` maps key id to 32-byte key."""
    check_public(keys, max_age, max_skew, now, r)
    if not check_secret(keys, r):
        raise Fail("Invalid")
    return r


# --- the vector file (SPEC.md section 10) -----------------------------------------

FIELDS = {  # kind: (inputs, outputs checked when expect is ok)
    "commitment": (["opening", "header", "message", "franking_tag"], []),
    "seal": (["key", "nonce", "header", "message"], ["ciphertext", "franking_tag", "integrity_tag", "opening"]),
    "open": (["key", "nonce", "header", "ciphertext", "franking_tag", "integrity_tag"], ["message", "opening"]),
    "stamp": (
        ["platform_key", "key_id", "franking_tag", "sender", "recipient", "timestamp", "message_id", "conversation", "seq", "mac"],
        [],
    ),
    "envelope": (["encoding"], []),
    "stamp-encoding": (["encoding"], []),
    "report": (
        ["keys", "max_age", "max_skew", "now", "report"],
        ["sender", "recipient", "timestamp", "message_id", "conversation", "seq", "header", "message"],
    ),
    "conversation-report": (
        ["keys", "max_age", "max_skew", "now", "report"],
        ["conversation", "seqs", "senders", "missing"],
    ),
}
DECIMAL = {"key_id", "timestamp", "max_age", "max_skew", "now", "seq", "missing"}
TEXT = {"kind", "name", "expect", "keys", "seqs", "senders"}
VERDICTS = {"ok", "Invalid", "Malformed", "UnsupportedVersion", "UnknownKey", "Expired", "FromFuture", "TooLong"}


def parse(text):
    """Cases as dicts of raw string values; raises ValueError on any format error."""
    cases, current = [], None
    for number, line in enumerate(text.split("\n"), 1):
        if line.startswith("#"):
            continue
        if line == "":
            if current is not None:
                cases.append(current)
            current = None
            continue
        name, colon, value = line.partition(":")
        if not colon or (value and not value.startswith(" ")):
            raise ValueError(f"line {number}: expected `name: value`")
        current = {} if current is None else current
        if name in current:
            raise ValueError(f"line {number}: duplicate field {name}")
        current[name] = value[1:]
    if current is not None:
        cases.append(current)
    return cases


def field_values(case):
    """Typed values (bytes, int or str) after checking the field set of the case's kind."""
    kind, expect = case.get("kind"), case.get("expect")
    if kind not in FIELDS or expect not in VERDICTS or "name" not in case:
        raise ValueError(f"bad kind, expect or name in {case.get('name')!r}")
    inputs, outputs = FIELDS[kind]
    wanted = {"kind", "name", "expect", *inputs, *(outputs if expect == "ok" else [])}
    if set(case) != wanted:
        raise ValueError(f"{case['name']!r}: fields {sorted(set(case) ^ wanted)} missing or unknown")
    values = {}
    for name, raw in case.items():
        if name in TEXT:
            values[name] = raw
        elif name in DECIMAL:
            if not raw.isdigit() or int(raw) > U64_MAX:
                raise ValueError(f"{case['name']!r}: {name} is not a u64")
            values[name] = int(raw)
        else:
            if raw != raw.lower() or len(raw) % 2:
                raise ValueError(f"{case['name']!r}: {name} is not lowercase hex")
            values[name] = bytes.fromhex(raw)
    return values


def run(v):
    """(verdict, outputs) for one case; outputs is a dict of the fields to compare."""
    kind = v["kind"]
    try:
        if kind == "commitment":
            if not ver(v["header"], v["message"], v["opening"], v["franking_tag"]):
                raise Fail("Invalid")
            return "ok", {}
        if kind == "seal":
            c, ft, it, kf = seal(v["key"], v["nonce"], v["header"], v["message"])
            return "ok", {"ciphertext": c, "franking_tag": ft, "integrity_tag": it, "opening": kf}
        if kind == "open":
            m, kf = open_(*(v[f] for f in FIELDS["open"][0]))
            return "ok", {"message": m, "opening": kf}
        if kind == "stamp":
            names = ("key_id", "franking_tag", "sender", "recipient", "timestamp", "message_id", "conversation", "seq")
            if not hmac.compare_digest(stamp_mac(v["platform_key"], *(v[f] for f in names)), v["mac"]):
                raise Fail("Invalid")
            return "ok", {}
        if kind in ("envelope", "stamp-encoding"):
            widths = [24, 32, 32] if kind == "envelope" else [4, 32]
            if len(v["encoding"]) != sum(widths):
                raise Fail("Malformed")
            return "ok", {}
        keys = {}
        for pair in v["keys"].split(","):
            key_id, _, key = pair.partition("=")
            keys[int(key_id)] = bytes.fromhex(key)
        if kind == "conversation-report":
            conversation, entries = decode_conversation_report(v["report"])
            out = verify_conversation(keys, v["max_age"], v["max_skew"], v["now"], conversation, entries)
            return "ok", out
        r = verify(keys, v["max_age"], v["max_skew"], v["now"], decode_report(v["report"]))
        return "ok", {f: r[f] for f in FIELDS["report"][1]}
    except Fail as e:
        return e.args[0], {}


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "franking-v1.txt")
    self_test()
    print("self-tests: ChaCha20, HChaCha20, XChaCha20, SHA-256 compression ok")
    with open(path, encoding="utf-8") as f:
        cases = parse(f.read())
    passed = failed = 0
    counts = {}
    for case in cases:
        v = field_values(case)
        counts[v["kind"]] = counts.get(v["kind"], 0) + 1
        verdict, outputs = run(v)
        wrong = [] if verdict == v["expect"] else [f"verdict {verdict}"]
        if verdict == "ok" and not wrong:
            wrong = [name for name, value in outputs.items() if value != v[name]]
        if wrong:
            failed += 1
            print(f"FAIL {v['kind']}: {v['name']}: expected {v['expect']}, got {', '.join(wrong)}")
        else:
            passed += 1
    missing = [kind for kind in FIELDS if kind not in counts]
    if missing:
        print(f"no cases of kind {', '.join(missing)}")
        failed += len(missing)
    print(", ".join(f"{kind} {n}" for kind, n in counts.items()))
    print(f"vectors: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
