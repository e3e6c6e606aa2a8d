#!/usr/bin/env python3
"""Independent reference implementation of franking v1, written from SPEC.md alone.

Standard library only. ChaCha20 (RFC 8439), HChaCha20
(draft-irtf-cfrg-xchacha-03), the keystream composed from them (SPEC.md section 2),
AES-256 encryption (FIPS 197), the AES-256 suite's key derivation and keystream
(SPEC.md section 4.5) and the SHA-256 compression function (FIPS 180-4,
section 6.2.2) are implemented here; HMAC-SHA256 comes from `hmac`/`hashlib`.
If the `cryptography` package is installed, the self-tests also check the
AES-256 suite's derivation against XAES-256-GCM's published example.
First runs known-answer self-tests of those primitives, then checks every case
of the vector file (SPEC.md section 10) and prints `vectors: N passed, M failed`.

With no argument it also checks media-v1.txt, submission-v1.txt,
mimi-v1.txt (SPEC.md 17, the MIMI profile) and signed-receipts-v1.txt
(SPEC.md 18). The MIMI section needs Python's `cryptography` package for
Ed25519 and P-256 (deterministic ECDSA), and only that section imports it;
the signed receipts' Ed25519 is written here, from RFC 8032.

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
    """KS(K, N)[0 .. length] (SPEC.md section 2): XChaCha20's composition with the
    label "frk1" in place of XChaCha20's four zero nonce bytes, from block counter 0."""
    subkey = hchacha20(key, nonce24[:16])
    nonce12 = b"frk1" + nonce24[16:24]
    blocks = (length + 63) // 64
    return b"".join(chacha20_block(subkey, i, nonce12) for i in range(blocks))[:length]


# --- AES-256 (FIPS 197, encryption only) -----------------------------------------


def gf_mul(a, b):
    """Multiplication in GF(2^8) modulo x^8 + x^4 + x^3 + x + 1 (FIPS 197 4.2)."""
    r = 0
    while b:
        if b & 1:
            r ^= a
        a = ((a << 1) ^ (0x1B if a & 0x80 else 0)) & 0xFF
        b >>= 1
    return r


def make_sbox():
    """FIPS 197 5.1.1: multiplicative inverse, then the affine transformation."""
    box = []
    for x in range(256):
        inv = next((y for y in range(1, 256) if gf_mul(x, y) == 1), 0)
        b = inv
        for shift in (1, 2, 3, 4):
            b ^= ((inv << shift) | (inv >> (8 - shift))) & 0xFF
        box.append(b ^ 0x63)
    return box


SBOX = make_sbox()


def aes256_round_keys(key):
    """FIPS 197 5.2, Nk = 8, Nr = 14: 60 words, as 15 round keys of 16 bytes."""
    w = [list(key[4 * i : 4 * i + 4]) for i in range(8)]
    rcon = 1
    for i in range(8, 60):
        t = list(w[i - 1])
        if i % 8 == 0:
            t = [SBOX[b] for b in t[1:] + t[:1]]
            t[0] ^= rcon
            rcon = gf_mul(rcon, 2)
        elif i % 8 == 4:
            t = [SBOX[b] for b in t]
        w.append([a ^ b for a, b in zip(w[i - 8], t)])
    return [bytes(sum(w[4 * r : 4 * r + 4], [])) for r in range(15)]


def aes_encrypt_block(round_keys, block):
    """FIPS 197 5.1: the state is the block in column-major order."""
    s = [b ^ k for b, k in zip(block, round_keys[0])]
    for r in range(1, 15):
        s = [SBOX[b] for b in s]
        s = [s[(i + 4 * (i % 4)) % 16] for i in range(16)]  # ShiftRows
        if r < 14:
            mixed = []
            for c in range(4):
                a = s[4 * c : 4 * c + 4]
                for row in range(4):
                    mixed.append(
                        gf_mul(a[row], 2) ^ gf_mul(a[(row + 1) % 4], 3) ^ a[(row + 2) % 4] ^ a[(row + 3) % 4]
                    )
            s = mixed
        s = [b ^ k for b, k in zip(s, round_keys[r])]
    return bytes(s)


def dbl(block):
    """Doubling in GF(2^128) as CMAC defines it (NIST SP 800-38B)."""
    v = int.from_bytes(block, "big") << 1
    if v >> 128:
        v ^= 0x87
    return (v & (2**128 - 1)).to_bytes(16, "big")


def aes_derive_key(key, nonce12, label):
    """Kx (SPEC.md section 4.5); label b"F" here, b"X" in XAES-256-GCM."""
    rk = aes256_round_keys(key)
    k1 = dbl(aes_encrypt_block(rk, bytes(16)))
    halves = []
    for i in (1, 2):
        m = bytes([0, i]) + label + b"\x00" + nonce12
        halves.append(aes_encrypt_block(rk, bytes(a ^ b for a, b in zip(m, k1))))
    return halves[0] + halves[1]


def aes_keystream(key, nonce24, length):
    """KS_AES(K, N)[0 .. length]: AES-256-CTR under Kx, counter block N[12..24] || u32(i) from 0."""
    rk = aes256_round_keys(aes_derive_key(key, nonce24[:12], b"F"))
    blocks = (length + 15) // 16
    return b"".join(aes_encrypt_block(rk, nonce24[12:24] + struct.pack(">I", i)) for i in range(blocks))[:length]


def suite_keystream(suite, key, nonce24, length):
    if suite == "xchacha20":
        return keystream(key, nonce24, length)
    if suite == "aes256":
        return aes_keystream(key, nonce24, length)
    raise ValueError(f"unknown suite {suite!r}")


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
    # KS as SPEC.md composes it: HChaCha20 subkey, then ChaCha20 with the labelled
    # nonce from counter 0; not XChaCha20's nonce 0^4 || N[16..24].
    n24 = bytes(range(0x40, 0x58))
    ks = keystream(key, n24, 130)
    subkey = hchacha20(key, n24[:16])
    assert ks[64:128] == chacha20_block(subkey, 1, b"frk1" + n24[16:]), "KS block 1"
    assert ks[:64] != chacha20_block(subkey, 0, b"\0" * 4 + n24[16:]), "KS is not XChaCha20"
    # FIPS 197 appendix C.3 (AES-256).
    rk = aes256_round_keys(bytes(range(32)))
    expected = bytes.fromhex("8ea2b7ca516745bfeafc49904b496089")
    assert aes_encrypt_block(rk, bytes.fromhex("00112233445566778899aabbccddeeff")) == expected, "AES-256 (FIPS 197 C.3)"
    # RFC 4493 section 4 (CMAC subkey K1 = dbl(L)).
    l = bytes.fromhex("7df76b0c1ab899b33e42f047b91b546f")
    assert dbl(l) == bytes.fromhex("fbeed618357133667c85e08f7236a8de"), "CMAC doubling (RFC 4493)"
    # The AES-256 suite's derivation with XAES-256-GCM's label is XAES-256-GCM's
    # (C2SP XAES-256-GCM example), checked where an AES-GCM is at hand.
    try:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    except ImportError:
        print("skip: XAES-256-GCM example (Python package `cryptography` not installed)")
    else:
        n = b"ABCDEFGHIJKLMNOPQRSTUVWX"
        kx = aes_derive_key(b"\x01" * 32, n[:12], b"X")
        ct = AESGCM(kx).encrypt(n[12:], b"XAES-256-GCM", None)
        assert ct.hex() == "ce546ef63c9cc60765923609b33a9a1974e96e52daf2fcf7075e2271", "XAES-256-GCM example"
        print("self-test: derivation with label 'X' reproduces the XAES-256-GCM example")
    # SHA-256 compression: one padded block from the IV equals hashlib's digest.
    for msg in (b"", b"abc", bytes(range(55))):
        block = msg + b"\x80" + b"\x00" * (55 - len(msg)) + struct.pack(">Q", 8 * len(msg))
        assert to_bytes(compress(IV256, block)) == hashlib.sha256(msg).digest(), "SHA-256 compression"


# --- franking v1 (SPEC.md sections 3 to 6) ---------------------------------------

COMMITMENT_LABEL = b"franking-v1-comm"
STAMP_LABEL = b"franking-v1-stmp"
INTEGRITY_LABEL = b"franking-v1-intg"
REPORT_ID_LABEL = b"franking-v1-rpid"
RANGE_REPORT_ID_LABEL = b"franking-v1-rgid"
CONVERSATION_REPORT_ID_LABEL = b"franking-v1-cvid"


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


def seal(suite, k, n, h, m):
    ks = suite_keystream(suite, k, n, 64 + len(m))
    kf, ik = ks[0:32], words(ks[32:64])
    c = bytes(x ^ y for x, y in zip(m, ks[64:]))
    ft = franking_tag(kf, h, m)
    return c, ft, integrity_tag(ik, ft), kf


def open_(suite, k, n, h, c, ft, it):
    ks = suite_keystream(suite, k, n, 64 + len(c))
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
        # SPEC.md 5.6 step 1: the other encodings of the specification are named.
        if b[0] in (0x11, 0x52, 0x4B) or b.startswith(b"franking-v1-mrpt"):
            raise Fail("WrongEncoding")
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


def decode_receipt(b):
    """SPEC.md 5.7: kind 0x52, version 0x01, stamp, tag, timestamp, seq, four u16-prefixed ids."""
    if not b or b[0] != 0x52:
        raise Fail("Malformed")
    if len(b) < 2:
        raise Fail("Malformed")
    if b[1] != 0x01:
        raise Fail("UnsupportedVersion")
    pos = 2

    def take(n):
        nonlocal pos
        if n > len(b) - pos:
            raise Fail("Malformed")
        pos += n
        return b[pos - n : pos]

    def num(width):
        return int.from_bytes(take(width), "big")

    r = {"key_id": num(4), "mac": take(32), "franking_tag": take(32), "timestamp": num(8), "seq": num(8)}
    for field in ("sender", "recipient", "message_id", "conversation"):
        r[field] = take(num(2))
    if pos != len(b):
        raise Fail("Malformed")
    return r


def encode_receipt(r):
    ids = b"".join(u(len(r[f]), 2) + r[f] for f in ("sender", "recipient", "message_id", "conversation"))
    head = u(r["key_id"], 4) + r["mac"] + r["franking_tag"] + u(r["timestamp"], 8) + u(r["seq"], 8)
    return b"\x52\x01" + head + ids


def prefixed_reporter(reporter):
    """SPEC.md 6.2: u16(len(reporter)) || reporter, at most 2^16 - 1 bytes."""
    if len(reporter) > 0xFFFF:
        raise Fail("TooLong")
    return u(len(reporter), 2) + reporter


def report_id(key_id, mac, reporter):
    """SPEC.md 6.2: the id of a message report."""
    return hashlib.sha256(REPORT_ID_LABEL + u(key_id, 4) + mac + prefixed_reporter(reporter)).digest()


def range_report_id(key_id, mac, j, a, c, reporter):
    """SPEC.md 6.2: the id of an attachment report of chunks [a, a + c) of attachment j."""
    fields = u(key_id, 4) + mac + u(j, 2) + u(a, 8) + u(c, 8)
    return hashlib.sha256(RANGE_REPORT_ID_LABEL + fields + prefixed_reporter(reporter)).digest()


def conversation_report_id(entries, reporter):
    """SPEC.md 6.2: the id of a conversation report; entries are (kind, key id, SM) in the report's order."""
    body = b"".join(bytes([kind]) + u(key_id, 4) + mac for kind, key_id, mac in entries)
    return hashlib.sha256(CONVERSATION_REPORT_ID_LABEL + prefixed_reporter(reporter) + body).digest()


def decode_conversation_report(b):
    """SPEC.md 15.5: 0x11, u16-prefixed conversation, u16 count >= 1, entries in strictly increasing seq,
    each a kind byte (0x01 message, 0x02 stamp-only: no opening, header or message) and its fields."""
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
        kind = num(1)
        if kind not in (0x01, 0x02):
            raise Fail("Malformed")
        r = {"stamp_only": kind == 0x02, "key_id": num(4), "mac": take(32), "franking_tag": take(32)}
        if not r["stamp_only"]:
            r["opening"] = take(32)
        r["timestamp"], r["seq"] = num(8), num(8)
        for field in ("sender", "recipient", "message_id"):
            r[field] = take(num(2))
        if not r["stamp_only"]:
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
    """SPEC.md 15.6: public checks (steps 1 to 4 of section 6) entry by entry, the first failing entry
    deciding; then one combined cryptographic verdict (the stamp alone for a stamp-only entry)."""
    for r in entries:
        check_public(keys, max_age, max_skew, now, r)
    ok = True
    for r in entries:
        ok &= check_stamp(keys, r) if r["stamp_only"] else check_secret(keys, r)
    if not ok:
        raise Fail("Invalid")
    seqs = [r["seq"] for r in entries]
    missing = sum(b - a - 1 for a, b in zip(seqs, seqs[1:]))
    return {
        "conversation": conversation,
        "seqs": ",".join(str(x) for x in seqs),
        "senders": ",".join(r["sender"].hex() for r in entries),
        "missing": missing,
        "stamp_only": ",".join(str(r["seq"]) for r in entries if r["stamp_only"]),
    }


def check_public(keys, max_age, max_skew, now, r):
    """Steps 1 to 4 of SPEC.md section 6, in order: future, age, key id, key interval."""
    ts = r["timestamp"]
    if ts > min(now + max_skew, U64_MAX):
        raise Fail("FromFuture")
    if max(now - ts, 0) > max_age:
        raise Fail("Expired")
    if r["key_id"] not in keys:
        raise Fail("UnknownKey")
    _, not_before, not_after = keys[r["key_id"]]
    if ts < max(not_before - max_skew, 0) or ts > min(not_after + max_skew, U64_MAX):
        raise Fail("OutsideKeyInterval")


def check_stamp(keys, r):
    """The stamp half of step 5 of SPEC.md section 6: all a stamp-only entry (15.5) is checked by."""
    ctx = (r["sender"], r["recipient"], r["timestamp"], r["message_id"], r["conversation"], r["seq"])
    return hmac.compare_digest(stamp_mac(keys[r["key_id"]][0], r["key_id"], r["franking_tag"], *ctx), r["mac"])


def check_secret(keys, r):
    """Step 5 of SPEC.md section 6, both checks computed, then combined."""
    ts = r["timestamp"]
    ctx = (r["sender"], r["recipient"], ts, r["message_id"], r["conversation"], r["seq"])
    sm = stamp_mac(keys[r["key_id"]][0], r["key_id"], r["franking_tag"], *ctx)
    return ver(r["header"], r["message"], r["opening"], r["franking_tag"]) & hmac.compare_digest(sm, r["mac"])


def verify(keys, max_age, max_skew, now, r):
    """SPEC.md section 6; `keys` maps key id to (32-byte key, not_before, not_after)."""
    check_public(keys, max_age, max_skew, now, r)
    if not check_secret(keys, r):
        raise Fail("Invalid")
    return r


# --- the vector file (SPEC.md section 10) -----------------------------------------

FIELDS = {  # kind: (inputs, outputs checked when expect is ok)
    "commitment": (["opening", "header", "message", "franking_tag"], []),
    "seal": (["suite", "key", "nonce", "header", "message"], ["ciphertext", "franking_tag", "integrity_tag", "opening"]),
    "open": (["suite", "key", "nonce", "header", "ciphertext", "franking_tag", "integrity_tag"], ["message", "opening"]),
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
        ["conversation", "seqs", "senders", "missing", "stamp_only"],
    ),
    "receipt": (
        ["encoding"],
        ["key_id", "mac", "franking_tag", "timestamp", "seq", "sender", "recipient", "message_id", "conversation"],
    ),
    "report-id": (["key_id", "mac", "reporter"], ["report_id"]),
    "range-report-id": (["key_id", "mac", "attachment", "first_chunk", "chunk_count", "reporter"], ["report_id"]),
    "conversation-report-id": (["entries", "reporter"], ["report_id"]),
    "key-record": (["encoding"], ["key_id", "not_before", "not_after", "secret"]),
}
DECIMAL = {"key_id", "timestamp", "max_age", "max_skew", "now", "seq", "missing", "attachment", "first_chunk", "chunk_count", "not_before", "not_after"}
TEXT = {"kind", "name", "expect", "keys", "suite", "seqs", "senders", "stamp_only"}
VERDICTS = {
    "ok",
    "Invalid",
    "Malformed",
    "UnsupportedVersion",
    "UnknownKey",
    "Expired",
    "FromFuture",
    "OutsideKeyInterval",
    "TooLong",
    "WrongEncoding",
    "InvalidInterval",
    "WeakKey",
}


def is_decimal(raw):
    """Section 10: ASCII digits only (leading zeros allowed), at most 2^64 - 1."""
    return raw != "" and all(c in "0123456789" for c in raw) and int(raw) <= U64_MAX


def is_hex(raw):
    """Section 10: lowercase hex digits only, an even number of them."""
    return len(raw) % 2 == 0 and all(c in "0123456789abcdef" for c in raw)


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
            if not is_decimal(raw):
                raise ValueError(f"{case['name']!r}: {name} is not a u64")
            values[name] = int(raw)
        else:
            if not is_hex(raw):
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
            c, ft, it, kf = seal(v["suite"], v["key"], v["nonce"], v["header"], v["message"])
            return "ok", {"ciphertext": c, "franking_tag": ft, "integrity_tag": it, "opening": kf}
        if kind == "open":
            m, kf = open_(*(v[f] for f in FIELDS["open"][0]))
            return "ok", {"message": m, "opening": kf}
        if kind == "stamp":
            names = ("key_id", "franking_tag", "sender", "recipient", "timestamp", "message_id", "conversation", "seq")
            if not hmac.compare_digest(stamp_mac(v["platform_key"], *(v[f] for f in names)), v["mac"]):
                raise Fail("Invalid")
            return "ok", {}
        if kind == "receipt":
            r = decode_receipt(v["encoding"])
            if encode_receipt(r) != v["encoding"]:
                raise Fail("re-encoding differs")
            return "ok", r
        if kind == "key-record":
            return "ok", decode_key_record(v["encoding"])
        if kind == "report-id":
            return "ok", {"report_id": report_id(v["key_id"], v["mac"], v["reporter"])}
        if kind == "range-report-id":
            fields = (v[f] for f in FIELDS["range-report-id"][0])
            return "ok", {"report_id": range_report_id(*fields)}
        if kind == "conversation-report-id":
            b = v["entries"]
            if len(b) % 37:
                raise ValueError(f"{v['name']!r}: entries is not a list of 37-byte (kind, stamp) entries")
            entries = [(b[i], int.from_bytes(b[i + 1 : i + 5], "big"), b[i + 5 : i + 37]) for i in range(0, len(b), 37)]
            if any(kind not in (0x01, 0x02) for kind, _, _ in entries):
                raise ValueError(f"{v['name']!r}: an entry kind other than 0x01 or 0x02")
            return "ok", {"report_id": conversation_report_id(entries, v["reporter"])}
        if kind in ("envelope", "stamp-encoding"):
            widths = [24, 32, 32] if kind == "envelope" else [4, 32]
            if len(v["encoding"]) != sum(widths):
                raise Fail("Malformed")
            return "ok", {}
        keys = parse_keys(v)
        if kind == "conversation-report":
            conversation, entries = decode_conversation_report(v["report"])
            out = verify_conversation(keys, v["max_age"], v["max_skew"], v["now"], conversation, entries)
            return "ok", out
        r = verify(keys, v["max_age"], v["max_skew"], v["now"], decode_report(v["report"]))
        return "ok", {f: r[f] for f in FIELDS["report"][1]}
    except Fail as e:
        return e.args[0], {}


def parse_keys(v):
    """The `keys` field (section 10): comma-separated `id=key/not_before/not_after`,
    loaded into a keyring, which closes the chain of intervals (SPEC.md 6.1). A fresh
    keyring's high-water mark is the latest start loaded, so it closes nothing the
    chain does not: only a key retired later would make it matter."""
    keys = {}
    for entry in v["keys"].split(","):
        key_id, _, rest = entry.partition("=")
        key, not_before, not_after = rest.split("/")
        numbers = (key_id, not_before, not_after)
        if len(key) != 64 or not is_hex(key) or not all(is_decimal(n) for n in numbers) \
                or int(not_before) > int(not_after):
            raise ValueError(f"{v['name']!r}: bad key entry {entry!r}")
        keys[int(key_id)] = (bytes.fromhex(key), int(not_before), int(not_after))
    starts = [nb for _, nb, _ in keys.values()]
    for key_id, (key, nb, na) in keys.items():
        later = [s for s in starts if s > nb]
        keys[key_id] = (key, nb, min([na] + later))
    return keys


def syntax_self_test():
    """Section 10's file syntax, as tests/vectors.rs applies it too."""
    text = "# head\nkind: report-id\n# inside a case\nname: a\nexpect: ok\nkey_id: 007\n" \
           "mac: ab\nreporter: cd\nreport_id: ef\n\n\nkind: report-id\nname:\nexpect: Invalid\n" \
           "key_id: 1\nmac: ab\nreporter:\n"
    cases = parse(text)
    assert len(cases) == 2 and field_values(cases[0])["key_id"] == 7, "comment inside a case"
    assert cases[1]["name"] == "" and field_values(cases[1])["reporter"] == b""
    assert is_decimal("18446744073709551615") and is_hex("") and is_hex("00ff")
    for bad in ["", "+7", "-0", " 7", "7 ", "1_0", "18446744073709551616", "\u0663"]:
        assert not is_decimal(bad), bad
    for bad in ["AB", "aB", "abc", "ab cd", "abcd  ", "+a", "0x00"]:
        assert not is_hex(bad), bad
    for bad in ["kind:report-id\n", "kind: report-id\n  \n"]:
        try:
            parse(bad)
        except ValueError:
            continue
        raise AssertionError(f"accepted {bad!r}")


def decode_key_record(b):
    """SPEC.md 6.1: kind 0x4b, version 0x01, u32 id, u64 not_before, u64 not_after, 32 secret bytes."""
    if not b or b[0] != 0x4B or len(b) < 2:
        raise Fail("Malformed")
    if b[1] != 0x01:
        raise Fail("UnsupportedVersion")
    if len(b) != 54:
        raise Fail("Malformed")
    not_before, not_after = int.from_bytes(b[6:14], "big"), int.from_bytes(b[14:22], "big")
    if not_before > not_after:
        raise Fail("InvalidInterval")
    if len(set(b[22:])) == 1:
        raise Fail("WeakKey")
    return {"key_id": int.from_bytes(b[2:6], "big"), "not_before": not_before, "not_after": not_after, "secret": b[22:]}


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "franking-v1.txt")
    self_test()
    syntax_self_test()
    print("self-tests: ChaCha20, HChaCha20, labelled keystream, AES-256, SHA-256 compression ok")
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


# --- media (SPEC.md section 14), vector file tests/vectors/media-v1.txt ---------------

CHUNK_LABEL = b"franking-v1-chnk"
NODE_LABEL = b"franking-v1-node"
MEDIA_MESSAGE_LABEL = b"franking-v1-mmsg"
MEDIA_REPORT_LABEL = b"franking-v1-mrpt"
MEDIA_NONCE_LABEL = b"frk-med1"
ATTACHMENT_KEY_LABEL = b"franking-v1-akey"
CHUNK_KEY_LABEL = b"franking-v1-ckey"
DESCRIPTOR_LEN = 8 + 32 + 16 + 32
S = 65536
MAX_ATTACHMENT_LEN = 2**48


def sha256(x):
    return hashlib.sha256(x).digest()


def n_chunks(length):
    return max(1, -(-length // S))


def chunk_len(length, i):
    n = n_chunks(length)
    return S if i < n - 1 else length - (n - 1) * S


def attachment_key(suite, k, n, j, w):
    """14.2: Ka_j = W_j XOR bytes(compress(IK, ATTACHMENT_KEY_LABEL || u16(j) || 0^46)), IK from KS(K, N)[0]."""
    ik = words(suite_keystream(suite, k, n, 64)[32:64])
    pad = to_bytes(compress(ik, ATTACHMENT_KEY_LABEL + u(j, 2) + bytes(46)))
    return bytes(x ^ y for x, y in zip(w, pad))


def chunk_key(ka, na):
    """14.2: Kc = bytes(compress(words(Ka), CHUNK_KEY_LABEL || Na || 0^32))."""
    return to_bytes(compress(words(ka), CHUNK_KEY_LABEL + na + bytes(32)))


def chunk_keystream(suite, ka, na, i, last, length):
    """14.2: KS(Kc, N_i) with N_i = MEDIA_NONCE_LABEL || u64(i) || u8(last) || 0^7, in Ka's suite."""
    return suite_keystream(suite, chunk_key(ka, na), MEDIA_NONCE_LABEL + u(i, 8) + bytes([last]) + bytes(7), 64 + length)


def leaf(r, i, last, a):
    return sha256(key_block(r) + CHUNK_LABEL + u(i, 8) + bytes([last]) + u(len(a), 4) + a)


def node(left, right):
    return sha256(NODE_LABEL + left + right)


def split(k):
    m = 1
    while m * 2 < k:
        m *= 2
    return m


def mth(leaves):
    if len(leaves) == 1:
        return leaves[0]
    m = split(len(leaves))
    return node(mth(leaves[:m]), mth(leaves[m:]))


def post_order_records(leaves):
    if len(leaves) == 1:
        return []
    m = split(len(leaves))
    return post_order_records(leaves[:m]) + post_order_records(leaves[m:]) + [mth(leaves[:m]) + mth(leaves[m:])]


def seal_attachment(suite, ka, na, a):
    n = n_chunks(len(a))
    c, leaves, openings = b"", [], b""
    for i in range(n):
        chunk = a[i * S : i * S + chunk_len(len(a), i)]
        last = int(i == n - 1)
        ks = chunk_keystream(suite, ka, na, i, last, len(chunk))
        c += bytes(x ^ y for x, y in zip(chunk, ks[64:]))
        leaves.append(leaf(ks[:32], i, last, chunk))
        openings += ks[:32]
    return c, mth(leaves), b"".join(post_order_records(leaves)), openings


def open_chunk(suite, ka, length, root, na, i, tree, c):
    """14.5: check the path from the root, then the chunk's commitment (records past the path are never read)."""
    n = n_chunks(length)
    if i >= n or len(c) != chunk_len(length, i):
        raise Fail("Malformed")
    lo, hi, base, h, ok = 0, n, 0, root, True
    while hi - lo > 1:
        m = split(hi - lo)
        idx = base + (hi - lo) - 2
        rec = tree[64 * idx : 64 * idx + 64]
        if len(rec) != 64:
            raise Fail("Malformed")
        ok &= hmac.compare_digest(node(rec[:32], rec[32:]), h)
        if i < lo + m:
            hi, h = lo + m, rec[:32]
        else:
            lo, base, h = lo + m, base + m - 1, rec[32:]
    last = int(i == n - 1)
    ks = chunk_keystream(suite, ka, na, i, last, len(c))
    a = bytes(x ^ y for x, y in zip(c, ks[64:]))
    ok &= hmac.compare_digest(leaf(ks[:32], i, last, a), h)
    if not ok:
        raise Fail("Invalid")
    return a


def decode_media_message(m):
    """14.4: a list of (length, root, nonce, wrapped key) and the body; the list is taken whole first."""
    if len(m) < 18 or m[:16] != MEDIA_MESSAGE_LABEL:
        raise Fail("Malformed")
    count = int.from_bytes(m[16:18], "big")
    end = 18 + DESCRIPTOR_LEN * count
    if len(m) < end:
        raise Fail("Malformed")
    descriptors = []
    for j in range(count):
        d = m[18 + DESCRIPTOR_LEN * j : 18 + DESCRIPTOR_LEN * (j + 1)]
        length = int.from_bytes(d[:8], "big")
        if length > MAX_ATTACHMENT_LEN:
            raise Fail("TooLong")
        descriptors.append((length, d[8:40], d[40:56], d[56:88]))
    return descriptors, m[end:]


def proof_count(lo, hi, a, b):
    if hi <= a or lo >= b:
        return 1
    if a <= lo and hi <= b:
        return 0
    m = lo + split(hi - lo)
    return proof_count(lo, m, a, b) + proof_count(m, hi, a, b)


def verify_media_report(keys, max_age, max_skew, now, b):
    """14.6: decode the head, verify the message report, recompute the root."""
    pos = 0

    def take(n):
        nonlocal pos
        if n > len(b) - pos:
            raise Fail("Malformed")
        pos += n
        return b[pos - n : pos]

    def num(width):
        return int.from_bytes(take(width), "big")

    if take(16) != MEDIA_REPORT_LABEL:
        raise Fail("Malformed")
    mr = decode_report(take(num(4)))
    j, a, c = num(2), num(8), num(8)
    if c == 0:
        raise Fail("Malformed")
    p = num(1)
    if p > 64:
        raise Fail("Malformed")
    proof = [take(32) for _ in range(p)]
    r = verify(keys, max_age, max_skew, now, mr)
    descriptors, _ = decode_media_message(r["message"])
    if j >= len(descriptors):
        raise Fail("Malformed")
    length, root = descriptors[j][:2]
    n = n_chunks(length)
    if a >= n or a + c > n or proof_count(0, n, a, a + c) != p:
        raise Fail("Malformed")
    chunks = {}
    for i in range(a, a + c):
        chunks[i] = (take(32), take(chunk_len(length, i)))
    if pos != len(b):
        raise Fail("Malformed")

    def sub(lo, hi):
        if hi <= a or lo >= a + c:
            return proof.pop(0)
        if hi - lo == 1:
            return leaf(chunks[lo][0], lo, int(lo == n - 1), chunks[lo][1])
        m = lo + split(hi - lo)
        return node(sub(lo, m), sub(m, hi))

    if not hmac.compare_digest(sub(0, n), root):
        raise Fail("Invalid")
    plain = b"".join(chunks[i][1] for i in range(a, a + c))
    return {"attachment": j, "first_chunk": a, "chunk_count": c, "byte_offset": a * S, "plaintext": plain}


MEDIA_FIELDS = {
    "media-key": (["suite", "key", "nonce", "index", "wrapped"], ["attachment_key"]),
    "media-seal": (["suite", "key", "attachment_nonce", "length", "pattern"], ["root", "tree", "ciphertext_sha256", "openings"]),
    "media-open": (["suite", "key", "length", "root", "attachment_nonce", "index", "tree", "chunk"], ["plaintext"]),
    "media-message": (["encoding"], ["count", "descriptors", "body"]),
    "media-report": (
        ["keys", "max_age", "max_skew", "now", "report"],
        ["attachment", "first_chunk", "chunk_count", "byte_offset", "plaintext"],
    ),
}
MEDIA_DECIMAL = DECIMAL | {"length", "pattern", "index", "count", "attachment", "first_chunk", "chunk_count", "byte_offset"}


def media_field_values(case):
    kind, expect = case.get("kind"), case.get("expect")
    if kind not in MEDIA_FIELDS or expect not in VERDICTS or "name" not in case:
        raise ValueError(f"bad kind, expect or name in {case.get('name')!r}")
    inputs, outputs = MEDIA_FIELDS[kind]
    wanted = {"kind", "name", "expect", *inputs, *(outputs if expect == "ok" else [])}
    if set(case) != wanted:
        raise ValueError(f"{case['name']!r}: fields {sorted(set(case) ^ wanted)} missing or unknown")
    values = {}
    for name, raw in case.items():
        if name in TEXT:
            values[name] = raw
        elif name in MEDIA_DECIMAL:
            if not is_decimal(raw):
                raise ValueError(f"{case['name']!r}: {name} is not a u64")
            values[name] = int(raw)
        else:
            if not is_hex(raw):
                raise ValueError(f"{case['name']!r}: {name} is not lowercase hex")
            values[name] = bytes.fromhex(raw)
    return values


def media_run(v):
    kind = v["kind"]
    try:
        if kind == "media-key":
            return "ok", {"attachment_key": attachment_key(v["suite"], v["key"], v["nonce"], v["index"], v["wrapped"])}
        if kind == "media-seal":
            a = bytes((v["pattern"] + i) % 256 for i in range(v["length"]))
            c, root, tree, openings = seal_attachment(v["suite"], v["key"], v["attachment_nonce"], a)
            return "ok", {"root": root, "tree": tree, "ciphertext_sha256": sha256(c), "openings": openings}
        if kind == "media-open":
            a = open_chunk(v["suite"], v["key"], v["length"], v["root"], v["attachment_nonce"], v["index"], v["tree"], v["chunk"])
            return "ok", {"plaintext": a}
        if kind == "media-message":
            descriptors, body = decode_media_message(v["encoding"])
            flat = b"".join(u(length, 8) + root + na + w for length, root, na, w in descriptors)
            return "ok", {"count": len(descriptors), "descriptors": flat, "body": body}
        keys = parse_keys(v)
        return "ok", verify_media_report(keys, v["max_age"], v["max_skew"], v["now"], v["report"])
    except Fail as e:
        return e.args[0], {}


def media_main():
    path = os.path.join(os.path.dirname(__file__), "media-v1.txt")
    with open(path, encoding="utf-8") as f:
        cases = parse(f.read())
    passed = failed = 0
    counts = {}
    for case in cases:
        v = media_field_values(case)
        counts[v["kind"]] = counts.get(v["kind"], 0) + 1
        verdict, outputs = media_run(v)
        wrong = [] if verdict == v["expect"] else [f"verdict {verdict}"]
        if verdict == "ok" and not wrong:
            wrong = [name for name, value in outputs.items() if value != v[name]]
        if wrong:
            failed += 1
            print(f"FAIL {v['kind']}: {v['name']}: expected {v['expect']}, got {', '.join(wrong)}")
        else:
            passed += 1
    missing = [kind for kind in MEDIA_FIELDS if kind not in counts]
    if missing:
        print(f"no cases of kind {', '.join(missing)}")
        failed += len(missing)
    print(", ".join(f"{kind} {n}" for kind, n in counts.items()))
    print(f"media vectors: {passed} passed, {failed} failed")
    return 1 if failed else 0


# --- report submission (SPEC.md section 16), vector file tests/vectors/submission-v1.txt ---

SUBMISSION_LABEL = b"franking-v1-subm"
MAX_NOTE_LEN = 4096
REASON_NAMES = [
    "unspecified",
    "child sexual exploitation",
    "grooming",
    "harassment",
    "threats or violence",
    "spam or fraud",
    "other",
]
ENTRY_KINDS = {1: "message", 2: "conversation", 3: "attachment"}


class EntryFail(Fail):
    """An error that names entry `entry` (and, for NotAddressed, message `message`)."""

    def __init__(self, name, entry, message=None):
        super().__init__(name)
        self.entry, self.message = entry, message


def reason_name(code):
    return REASON_NAMES[code] if code < len(REASON_NAMES) else "unknown"


def media_head_report(b):
    """14.6: the message report at the head of an attachment report, decoded (after the label check)."""
    if len(b) < 20 or b[:16] != MEDIA_REPORT_LABEL:
        raise Fail("Malformed")
    n = int.from_bytes(b[16:20], "big")
    if n > len(b) - 20:
        raise Fail("Malformed")
    return decode_report(b[20 : 20 + n])


def decode_submission(b):
    """16.1: label, version, reason, reporter, note, count, then framed entries, each decoded by its kind."""
    pos = 0

    def take(n):
        nonlocal pos
        if n > len(b) - pos:
            raise Fail("Malformed")
        pos += n
        return b[pos - n : pos]

    def num(width):
        return int.from_bytes(take(width), "big")

    if take(16) != SUBMISSION_LABEL:
        raise Fail("Malformed")
    if take(1)[0] != 0x01:
        raise Fail("UnsupportedVersion")
    reason = num(2)
    reporter = take(num(2))
    note = take(num(2))
    if len(note) > MAX_NOTE_LEN:
        raise Fail("TooLong")
    try:
        note.decode("utf-8", errors="strict")
    except UnicodeDecodeError:
        raise Fail("Malformed")
    count = num(2)
    if count == 0:
        raise Fail("Malformed")
    entries = []
    for i in range(count):
        try:
            kind = take(1)[0]
            body = take(num(4))
            if kind not in ENTRY_KINDS:
                raise Fail("Malformed")
            if kind == 1:
                decode_report(body)
            elif kind == 2:
                decode_conversation_report(body)
            else:
                media_head_report(body)
        except Fail as e:
            raise EntryFail(e.args[0], i)
        entries.append((kind, body))
    if pos != len(b):
        raise Fail("Malformed")
    return {"reason": reason, "reporter": reporter, "note": note, "entries": entries}


def verify_submission(keys, max_age, max_skew, now, reporter, members, sub):
    """16.3: the reporter field, then each entry in order: its own verification, then its addressees."""
    if not reporter or sub["reporter"] != reporter:
        raise Fail("ReporterMismatch")
    senders, addressees = [], []
    for i, (kind, body) in enumerate(sub["entries"]):
        try:
            if kind == 1:
                messages = [verify(keys, max_age, max_skew, now, decode_report(body))]
            elif kind == 2:
                conversation, entries = decode_conversation_report(body)
                verify_conversation(keys, max_age, max_skew, now, conversation, entries)
                messages = entries
            else:
                verify_media_report(keys, max_age, max_skew, now, body)
                messages = [media_head_report(body)]
        except Fail as e:
            raise EntryFail(e.args[0], i)
        for k, r in enumerate(messages):
            # Every entry, stamp-only ones too, reached the reporter directly,
            # was sent by it, or went to a room it then belonged to.
            if r["recipient"] == reporter:
                how = "direct"
            elif r["sender"] == reporter:
                how = "sent"
            elif any(room == r["recipient"] and account == reporter and first <= r["seq"] <= last
                     for room, account, first, last in members):
                how = "room"
            else:
                raise EntryFail("NotAddressed", i, k)
            if not r.get("stamp_only"):
                addressees.append(how)
                senders.append(r["sender"].hex())
    return {
        "reason": sub["reason"],
        "reason_name": reason_name(sub["reason"]),
        "note": sub["note"],
        "claimed_reporter": sub["reporter"],
        "entry_kinds": ",".join(ENTRY_KINDS[kind] for kind, _ in sub["entries"]),
        "senders": ",".join(senders),
        "addressees": ",".join(addressees),
    }


def parse_members(text):
    """The `members` field (16.5): comma-separated `room/account/first/last`, ids in hex."""
    records = []
    for record in text.split(",") if text else []:
        room, account, first, last = record.split("/")
        records.append((bytes.fromhex(room), bytes.fromhex(account), int(first), int(last)))
    return records


SUBMISSION_FIELDS = {
    "reason-code": (["code"], ["reason_name"]),
    "submission": (
        ["keys", "max_age", "max_skew", "now", "reporter", "members", "submission"],
        ["reason", "reason_name", "note", "claimed_reporter", "entry_kinds", "senders", "addressees"],
    ),
}
SUBMISSION_DECIMAL = DECIMAL | {"code", "reason", "entry", "message"}
SUBMISSION_TEXT = TEXT | {"reason_name", "members", "entry_kinds", "senders", "addressees"}
SUBMISSION_VERDICTS = VERDICTS | {"ReporterMismatch", "NotAddressed"}


def submission_run(case):
    """(verdict, outputs, extra) for one case; extra holds `entry` and `message` of an error."""
    kind = case["kind"]
    try:
        if kind == "reason-code":
            return "ok", {"reason_name": reason_name(case["code"])}, {}
        sub = decode_submission(case["submission"])
        keys = parse_keys(case)
        members = parse_members(case["members"])
        out = verify_submission(keys, case["max_age"], case["max_skew"], case["now"], case["reporter"], members, sub)
        return "ok", out, {}
    except EntryFail as e:
        extra = {"entry": e.entry}
        if e.message is not None:
            extra["message"] = e.message
        return e.args[0], {}, extra
    except Fail as e:
        return e.args[0], {}, {}


def submission_main():
    path = os.path.join(os.path.dirname(__file__), "submission-v1.txt")
    with open(path, encoding="utf-8") as f:
        cases = parse(f.read())
    passed = failed = 0
    counts = {}
    for raw in cases:
        kind, expect = raw.get("kind"), raw.get("expect")
        if kind not in SUBMISSION_FIELDS or expect not in SUBMISSION_VERDICTS or "name" not in raw:
            raise ValueError(f"bad kind, expect or name in {raw.get('name')!r}")
        inputs, outputs = SUBMISSION_FIELDS[kind]
        allowed = {"kind", "name", "expect", *inputs, *(outputs if expect == "ok" else ["entry", "message"])}
        if not {"kind", "name", "expect", *inputs} <= set(raw) <= allowed:
            raise ValueError(f"{raw['name']!r}: fields {sorted(set(raw) ^ allowed)} missing or unknown")
        case = {}
        for name, value in raw.items():
            if name in SUBMISSION_TEXT:
                case[name] = value
            elif name in SUBMISSION_DECIMAL:
                if not value.isdigit() or int(value) > U64_MAX:
                    raise ValueError(f"{raw['name']!r}: {name} is not a u64")
                case[name] = int(value)
            else:
                if value != value.lower() or len(value) % 2:
                    raise ValueError(f"{raw['name']!r}: {name} is not lowercase hex")
                case[name] = bytes.fromhex(value)
        counts[kind] = counts.get(kind, 0) + 1
        verdict, out, extra = submission_run(case)
        wrong = [] if verdict == expect else [f"verdict {verdict}"]
        if not wrong and verdict == "ok":
            wrong = [name for name, value in out.items() if value != case[name]]
        elif not wrong:
            # An error names an entry (and a message) exactly when the case lists one.
            listed = {name: case[name] for name in ("entry", "message") if name in case}
            if listed != extra:
                wrong = [f"names {extra}, case lists {listed}"]
        if wrong:
            failed += 1
            print(f"FAIL {kind}: {raw['name']}: expected {expect}, got {', '.join(wrong)}")
        else:
            passed += 1
    missing = [kind for kind in SUBMISSION_FIELDS if kind not in counts]
    if missing:
        print(f"no cases of kind {', '.join(missing)}")
        failed += len(missing)
    print(", ".join(f"{kind} {n}" for kind, n in counts.items()))
    print(f"submission vectors: {passed} passed, {failed} failed")
    return 1 if failed else 0


# --- the MIMI profile (SPEC.md section 17), vector file tests/vectors/mimi-v1.txt ---
# Signatures come from Python's `cryptography` package (Ed25519, ECDSA P-256 with
# RFC 6979 nonces); it is imported only here, so the sections above stay standard
# library only.

MLS_LABEL = b"FrankingIntegrityTBS"
P256_ORDER = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
SUITE_SCHEME = {1: "ed25519", 2: "p256", 3: "ed25519"}


def mls_varint(n):
    """17.2: RFC 9420's variable-length integer, shortest form."""
    if n < 1 << 6:
        return bytes([n])
    if n < 1 << 14:
        return (n | 0x4000).to_bytes(2, "big")
    if n < 1 << 30:
        return (n | 0x80000000).to_bytes(4, "big")
    raise Fail("TooLong")


def mls_vector(x):
    return mls_varint(len(x)) + x


class MlsReader:
    """17.2 and 17.9: reads that fail with Malformed; varints shortest only."""

    def __init__(self, b):
        self.b, self.pos = b, 0

    def take(self, n):
        if n > len(self.b) - self.pos:
            raise Fail("Malformed")
        self.pos += n
        return self.b[self.pos - n : self.pos]

    def num(self, width):
        return int.from_bytes(self.take(width), "big")

    def varint(self):
        first = self.take(1)[0]
        prefix = first >> 6
        if prefix == 3:
            raise Fail("Malformed")
        size = 1 << prefix
        value = first & 0x3F
        for byte in self.take(size - 1):
            value = (value << 8) | byte
        if len(mls_varint(value)) != size:
            raise Fail("Malformed")
        return value

    def vector(self):
        return self.take(self.varint())

    def done(self):
        return self.pos == len(self.b)


def mimi_hmac(key, data):
    return hmac.new(key, data, hashlib.sha256).digest()


def mimi_context(sender, room, ts):
    """17.4: V(sender_uri) || V(room_uri) || u64(accepted_timestamp)."""
    return mls_vector(sender) + mls_vector(room) + ts.to_bytes(8, "big")


def mimi_tbs(server_frank, suite, context):
    """17.6: FrankingIntegrityTBS = server_frank || u16(suite) || context."""
    return server_frank + suite.to_bytes(2, "big") + context


def sign_content(label, content):
    """RFC 9420 5.1.2: V("MLS 1.0 " + label) || V(content)."""
    return mls_vector(b"MLS 1.0 " + label) + mls_vector(content)


def mimi_public_key(suite, key):
    from cryptography.hazmat.primitives.asymmetric import ec, ed25519

    if SUITE_SCHEME.get(suite) == "ed25519":
        return ed25519.Ed25519PublicKey.from_public_bytes(key)
    if len(key) != 65 or key[0] != 4:
        raise ValueError("P-256 keys are uncompressed here")
    return ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), key)


def mimi_key_loads(suite, key):
    """17.6: an Ed25519 key is canonical, in the prime-order subgroup, not the identity."""
    if SUITE_SCHEME.get(suite) != "ed25519":
        return True
    point = len(key) == 32 and ed_decode(key)
    return bool(point) and not ed_is_identity(point) and ed_is_identity(ed_mul(ED_L, point))


def mimi_verify(suite, key, label, content, signature):
    """VerifyWithLabel; ECDSA signatures must be strict DER (they re-encode to themselves)."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature, encode_dss_signature

    if suite not in SUITE_SCHEME:
        return False
    public = mimi_public_key(suite, key)
    message = sign_content(label, content)
    try:
        if SUITE_SCHEME[suite] == "ed25519":
            public.verify(signature, message)
        else:
            r, s_ = decode_dss_signature(signature)
            if encode_dss_signature(r, s_) != signature or not (0 < r < P256_ORDER and 0 < s_ < P256_ORDER):
                return False
            public.verify(signature, message, ec.ECDSA(hashes.SHA256()))
        return True
    except (InvalidSignature, ValueError):
        return False


def mimi_sign(suite, secret, label, content):
    """SignWithLabel with the key's 32 secret bytes; returns (signature, public key bytes)."""
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec, ed25519

    message = sign_content(label, content)
    if SUITE_SCHEME[suite] == "ed25519":
        private = ed25519.Ed25519PrivateKey.from_private_bytes(secret)
        public = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        return private.sign(message), public
    private = ec.derive_private_key(int.from_bytes(secret, "big"), ec.SECP256R1())
    public = private.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return private.sign(message, ec.ECDSA(hashes.SHA256(), deterministic_signing=True)), public


def decode_frank(r):
    """17.7: server_frank[32] || u16(suite) || V(signature)."""
    return {"server_frank": r.take(32), "suite": r.num(2), "signature": r.vector()}


def encode_frank(f):
    return f["server_frank"] + f["suite"].to_bytes(2, "big") + mls_vector(f["signature"])


def decode_abuse_report(b):
    """17.9, strictly: each list read whole inside its own bytes, UTF-8 note, nothing after."""
    r = MlsReader(b)
    report = {"reporting_user": r.vector(), "alleged_abuser_uri": r.vector(), "reason": r.num(1)}
    note = r.vector()
    try:
        note.decode("utf-8", errors="strict")
    except UnicodeDecodeError:
        raise Fail("Malformed")
    report["note"] = note
    messages = MlsReader(r.vector())
    report["messages"] = []
    while not messages.done():
        content = messages.vector()
        frank = decode_frank(messages)
        report["messages"].append({"content": content, "frank": frank, "ts": messages.num(8)})
    extensions = MlsReader(r.vector())
    while not extensions.done():
        extensions.num(2)
        extensions.vector()
    if not r.done():
        raise Fail("Malformed")
    return report


def mimi_receive(v):
    """17.8: decode the frank, then suite, tag and signature (Invalid), then the identities."""
    r = MlsReader(v["frank"])
    frank = decode_frank(r)
    if not r.done():
        raise Fail("Malformed")
    ok = frank["suite"] == v["suite"]
    ok &= hmac.compare_digest(mimi_hmac(v["salt"], v["application_data"]), v["franking_tag"])
    context = mimi_context(v["sender_uri"], v["room_uri"], v["timestamp"])
    tbs = mimi_tbs(frank["server_frank"], frank["suite"], context)
    ok &= mimi_verify(v["suite"], v["verifying_key"], MLS_LABEL, tbs, frank["signature"])
    if not ok:
        raise Fail("Invalid")
    if v["sender_uri"] != v["credential_uri"] or v["room_uri"] != v["room"]:
        raise Fail("ReceiptMismatch")


def mimi_split(raw):
    return [bytes.fromhex(x) for x in raw.split(",")] if raw else []


def mimi_report(v):
    """17.10: decode, then each message against every hub key and every verifying key of its suite."""
    report = decode_abuse_report(v["report"])
    hub_keys = mimi_split(v["hub_keys"])
    verifying = [(int(e.split("/")[0]), bytes.fromhex(e.split("/")[1])) for e in v["verifying_keys"].split(",") if e]
    salts, senders, rooms = mimi_split(v["salts"]), mimi_split(v["senders"]), mimi_split(v["rooms"])
    for i, m in enumerate(report["messages"]):
        tag = mimi_hmac(salts[i], m["content"])
        context = mimi_context(senders[i], rooms[i], m["ts"])
        match = False
        for key in hub_keys:
            match |= hmac.compare_digest(mimi_hmac(key, tag + context), m["frank"]["server_frank"])
        tbs = mimi_tbs(m["frank"]["server_frank"], m["frank"]["suite"], context)
        signed = any(
            mimi_verify(suite, key, MLS_LABEL, tbs, m["frank"]["signature"])
            for suite, key in verifying
            if suite == m["frank"]["suite"]
        )
        if not (match and signed):
            raise Fail("Invalid")
        if senders[i] != report["alleged_abuser_uri"]:
            raise Fail("ReceiptMismatch")
    return {
        "reporting_user": report["reporting_user"],
        "alleged_abuser_uri": report["alleged_abuser_uri"],
        "reason": report["reason"],
        "note": report["note"],
        "count": len(report["messages"]),
    }


MIMI_FIELDS = {
    "mimi-salt": (["salt_base_secret", "nonce"], ["salt"]),
    "mimi-tag": (["salt", "application_data", "component_id"], ["franking_tag", "frank_aad_item"]),
    "mimi-context": (["sender_uri", "room_uri", "timestamp"], ["context"]),
    "mimi-frank": (
        ["hub_key", "suite", "signing_key", "franking_tag", "sender_uri", "room_uri", "timestamp"],
        ["server_frank", "tbs", "sign_content", "signature", "verifying_key", "frank"],
    ),
    "mimi-receive": (
        ["suite", "verifying_key", "salt", "application_data", "franking_tag", "sender_uri", "room_uri",
         "timestamp", "frank", "credential_uri", "room"],
        [],
    ),
    "mimi-report": (
        ["hub_keys", "verifying_keys", "salts", "senders", "rooms", "report"],
        ["reporting_user", "alleged_abuser_uri", "reason", "note", "count"],
    ),
    "mimi-sign-with-label": (["suite", "verifying_key", "label", "content", "signature"], []),
}
MIMI_DECIMAL = {"suite", "timestamp", "component_id", "reason", "count"}
MIMI_TEXT = {"kind", "name", "expect", "label", "hub_keys", "verifying_keys", "salts", "senders", "rooms"}
MIMI_VERDICTS = {"ok", "Invalid", "Malformed", "TooLong", "ReceiptMismatch"}


def mimi_run(v):
    kind = v["kind"]
    try:
        if kind == "mimi-salt":
            return "ok", {"salt": mimi_hmac(v["salt_base_secret"], v["nonce"])[:16]}
        if kind == "mimi-tag":
            tag = mimi_hmac(v["salt"], v["application_data"])
            return "ok", {"franking_tag": tag, "frank_aad_item": v["component_id"].to_bytes(2, "big") + mls_vector(tag)}
        if kind == "mimi-context":
            return "ok", {"context": mimi_context(v["sender_uri"], v["room_uri"], v["timestamp"])}
        if kind == "mimi-frank":
            context = mimi_context(v["sender_uri"], v["room_uri"], v["timestamp"])
            server_frank = mimi_hmac(v["hub_key"], v["franking_tag"] + context)
            tbs = mimi_tbs(server_frank, v["suite"], context)
            signature, public = mimi_sign(v["suite"], v["signing_key"], MLS_LABEL, tbs)
            frank = encode_frank({"server_frank": server_frank, "suite": v["suite"], "signature": signature})
            return "ok", {
                "server_frank": server_frank,
                "tbs": tbs,
                "sign_content": sign_content(MLS_LABEL, tbs),
                "signature": signature,
                "verifying_key": public,
                "frank": frank,
            }
        if kind == "mimi-receive":
            mimi_receive(v)
            return "ok", {}
        if kind == "mimi-report":
            return "ok", mimi_report(v)
        if not mimi_key_loads(v["suite"], v["verifying_key"]):
            raise Fail("Malformed")
        ok = mimi_verify(v["suite"], v["verifying_key"], v["label"].encode(), v["content"], v["signature"])
        return ("ok" if ok else "Invalid"), {}
    except Fail as e:
        return e.args[0], {}


def mimi_self_test():
    """RFC 9420 2.1.2's varint examples, and the reader's refusals."""
    for n, hexed in [(37, "25"), (15293, "7bbd"), (494878333, "9d7f3e7d")]:
        assert mls_varint(n).hex() == hexed and MlsReader(bytes.fromhex(hexed)).varint() == n
    for bad in ["4025", "80000025", "c000000000000001"]:
        try:
            MlsReader(bytes.fromhex(bad)).varint()
            raise AssertionError(bad)
        except Fail:
            pass


def mimi_main():
    path = os.path.join(os.path.dirname(__file__), "mimi-v1.txt")
    try:
        import cryptography  # noqa: F401
    except ImportError:
        print("mimi vectors: Python's `cryptography` package is needed (pip install --user cryptography)")
        return 1
    mimi_self_test()
    with open(path, encoding="utf-8") as f:
        cases = parse(f.read())
    passed = failed = 0
    counts = {}
    for raw in cases:
        kind, expect = raw.get("kind"), raw.get("expect")
        if kind not in MIMI_FIELDS or expect not in MIMI_VERDICTS or "name" not in raw:
            raise ValueError(f"bad kind, expect or name in {raw.get('name')!r}")
        inputs, outputs = MIMI_FIELDS[kind]
        wanted = {"kind", "name", "expect", *inputs, *(outputs if expect == "ok" else [])}
        if set(raw) != wanted:
            raise ValueError(f"{raw['name']!r}: fields {sorted(set(raw) ^ wanted)} missing or unknown")
        v = {}
        for name, value in raw.items():
            if name in MIMI_TEXT:
                v[name] = value
            elif name in MIMI_DECIMAL:
                if not is_decimal(value):
                    raise ValueError(f"{raw['name']!r}: {name} is not a u64")
                v[name] = int(value)
            else:
                if not is_hex(value):
                    raise ValueError(f"{raw['name']!r}: {name} is not lowercase hex")
                v[name] = bytes.fromhex(value)
        counts[kind] = counts.get(kind, 0) + 1
        verdict, outputs = mimi_run(v)
        wrong = [] if verdict == expect else [f"verdict {verdict}"]
        if verdict == "ok" and not wrong:
            wrong = [name for name, value in outputs.items() if value != v[name]]
        if wrong:
            failed += 1
            print(f"FAIL {kind}: {raw['name']}: expected {expect}, got {', '.join(wrong)}")
        else:
            passed += 1
    missing = [kind for kind in MIMI_FIELDS if kind not in counts]
    if missing:
        print(f"no cases of kind {', '.join(missing)}")
        failed += len(missing)
    print(", ".join(f"{kind} {n}" for kind, n in counts.items()))
    print(f"mimi vectors: {passed} passed, {failed} failed")
    return 1 if failed else 0


# --- Signed receipts (SPEC.md section 18) ------------------------------------
#
# Ed25519 (RFC 8032) is written here from the curve's definition, in
# extended coordinates, so this file still needs only the standard library;
# if the `cryptography` package is installed, the self-test checks signing
# and verification against it.

ED_P = 2**255 - 19
ED_L = 2**252 + 27742317777372353535851937790883648493
ED_D = (-121665 * pow(121666, ED_P - 2, ED_P)) % ED_P
ED_SQRT_M1 = pow(2, (ED_P - 1) // 4, ED_P)
ED_IDENTITY = (0, 1, 1, 0)


def ed_add(a, b):
    """Unified addition on -x^2 + y^2 = 1 + d x^2 y^2 (complete: d is not a square)."""
    x1, y1, z1, t1 = a
    x2, y2, z2, t2 = b
    p = ED_P
    aa = (y1 - x1) * (y2 - x2) % p
    bb = (y1 + x1) * (y2 + x2) % p
    cc = 2 * t1 * t2 * ED_D % p
    dd = 2 * z1 * z2 % p
    e, f, g, h = bb - aa, dd - cc, dd + cc, bb + aa
    return (e * f % p, g * h % p, f * g % p, e * h % p)


def ed_mul(k, point):
    result = ED_IDENTITY
    while k:
        if k & 1:
            result = ed_add(result, point)
        point = ed_add(point, point)
        k >>= 1
    return result


def ed_encode(point):
    x, y, z, _ = point
    zi = pow(z, ED_P - 2, ED_P)
    x, y = x * zi % ED_P, y * zi % ED_P
    return (y | ((x & 1) << 255)).to_bytes(32, "little")


def ed_decode(b):
    """RFC 8032 5.1.3: None for y >= p, no square root, or x = 0 with the sign bit set."""
    n = int.from_bytes(b, "little")
    y, sign = n & (2**255 - 1), n >> 255
    if y >= ED_P:
        return None
    u2, v = (y * y - 1) % ED_P, (ED_D * y * y + 1) % ED_P
    x2 = u2 * pow(v, ED_P - 2, ED_P) % ED_P
    x = pow(x2, (ED_P + 3) // 8, ED_P)
    if x * x % ED_P != x2:
        x = x * ED_SQRT_M1 % ED_P
    if x * x % ED_P != x2:
        return None
    if x == 0 and sign:
        return None
    if x & 1 != sign:
        x = ED_P - x
    return (x, y, 1, x * y % ED_P)


ED_B = ed_decode((4 * pow(5, ED_P - 2, ED_P) % ED_P).to_bytes(32, "little"))


def ed_is_identity(point):
    x, y, z, _ = point
    return x % ED_P == 0 and (y - z) % ED_P == 0


def ed_is_small_order(point):
    return ed_is_identity(ed_mul(8, point))


def ed_secret(seed):
    h = hashlib.sha512(seed).digest()
    a = int.from_bytes(h[:32], "little")
    a = (a & ~7 & (2**254 - 1)) | 2**254
    return a, h[32:]


def ed_public(seed):
    return ed_encode(ed_mul(ed_secret(seed)[0], ED_B))


def ed_sign(seed, message):
    """RFC 8032 5.1.6: deterministic."""
    a, prefix = ed_secret(seed)
    public = ed_encode(ed_mul(a, ED_B))
    r = int.from_bytes(hashlib.sha512(prefix + message).digest(), "little") % ED_L
    big_r = ed_encode(ed_mul(r, ED_B))
    k = int.from_bytes(hashlib.sha512(big_r + public + message).digest(), "little") % ED_L
    return big_r + ((r + k * a) % ED_L).to_bytes(32, "little")


def ed_verify(public, message, signature):
    """SPEC.md 18.7 step 5: s < L, and [s]B - [k]A encodes to the signature's R bytes."""
    point = ed_decode(public)
    s = int.from_bytes(signature[32:], "little")
    if point is None or s >= ED_L:
        return False
    k = int.from_bytes(hashlib.sha512(signature[:32] + public + message).digest(), "little") % ED_L
    x, y, z, t = ed_mul(k, point)
    minus_ka = (-x % ED_P, y, z, -t % ED_P)
    return ed_encode(ed_add(ed_mul(s, ED_B), minus_ka)) == signature[:32]


def ed_self_test():
    # RFC 8032 7.1, test 1 (the empty message).
    seed = bytes.fromhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
    public = bytes.fromhex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
    sig = bytes.fromhex(
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
        "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
    )
    assert ed_public(seed) == public and ed_sign(seed, b"") == sig
    assert ed_verify(public, b"", sig) and not ed_verify(public, b"x", sig)
    try:
        from cryptography.hazmat.primitives.asymmetric import ed25519
    except ImportError:
        print("ed25519: RFC 8032 example ok (cryptography not installed: no cross-check)")
        return
    for i in range(8):
        seed = hashlib.sha256(bytes([i])).digest()
        message = bytes(range(i * 9))
        key = ed25519.Ed25519PrivateKey.from_private_bytes(seed)
        theirs = key.sign(message)
        assert ed_sign(seed, message) == theirs
        key.public_key().verify(theirs, message)
        assert ed_verify(ed_public(seed), message, theirs)
    print("ed25519: RFC 8032 example and 8 cross-checks against cryptography ok")


RECEIPT_LEAF_LABEL = b"franking-v1-rslf"
RECEIPT_NODE_LABEL = b"franking-v1-rnod"
RECEIPT_BATCH_LABEL = b"franking-v1-rsig"


def sr_leaf(salt, e):
    """Leaf(salt, E) of 18.2: the label, the 32-byte salt, the 5.7 encoding."""
    if len(salt) != 32:
        raise ValueError("a salt is 32 bytes")
    return sha256(RECEIPT_LEAF_LABEL + salt + e)


def sr_node(left, right):
    return sha256(RECEIPT_NODE_LABEL + left + right)


def sr_split(k):
    m = 1
    while m * 2 < k:
        m *= 2
    return m


def sr_mth(leaves):
    if len(leaves) == 1:
        return leaves[0]
    m = sr_split(len(leaves))
    return sr_node(sr_mth(leaves[:m]), sr_mth(leaves[m:]))


def sr_path(leaves, i):
    """Sibling hashes from leaf i up to the root, bottom first (18.2)."""
    if len(leaves) == 1:
        return []
    m = sr_split(len(leaves))
    if i < m:
        return sr_path(leaves[:m], i) + [sr_mth(leaves[m:])]
    return sr_path(leaves[m:], i - m) + [sr_mth(leaves[:m])]


def sr_depth(i, n):
    if n == 1:
        return 0
    m = sr_split(n)
    return 1 + (sr_depth(i, m) if i < m else sr_depth(i - m, n - m))


def sr_root_from_path(h, i, n, path):
    if n == 1:
        return h
    m = sr_split(n)
    if i < m:
        return sr_node(sr_root_from_path(h, i, m, path[:-1]), path[-1])
    return sr_node(path[-1], sr_root_from_path(h, i - m, n - m, path[:-1]))


def sr_tbs(sid, batch_id, batch_time, n, root):
    return RECEIPT_BATCH_LABEL + b"\x01" + u(sid, 4) + u(batch_id, 8) + u(batch_time, 8) + u(n, 4) + root


def sr_bundle(sid, batch_id, batch_time, n, i, sig, salt, path, e):
    head = b"\x53\x01\x01" + u(sid, 4) + u(batch_id, 8) + u(batch_time, 8) + u(n, 4) + u(i, 4)
    return head + sig + salt + bytes([len(path)]) + b"".join(path) + u(len(e), 4) + e


def sr_reader(b):
    pos = 0

    def take(n):
        nonlocal pos
        if n > len(b) - pos:
            raise Fail("Malformed")
        pos += n
        return b[pos - n : pos]

    def num(width):
        return int.from_bytes(take(width), "big")

    def done():
        if pos != len(b):
            raise Fail("Malformed")

    return take, num, done


def sr_decode_head(b, kind):
    """Kind, version and suite bytes, in the order of 18.4 and 18.6."""
    take, num, done = sr_reader(b)
    if b and b[0] != kind:
        # Step 1: the other encodings of the specification are named.
        if b[0] in (0x01, 0x11, 0x52, 0x4B, 0x53, 0x56) or b.startswith(
            (b"franking-v1-mrpt", b"franking-v1-subm")
        ):
            raise Fail("WrongEncoding")
        raise Fail("Malformed")
    if num(1) != kind:
        raise Fail("Malformed")
    if num(1) != 0x01:
        raise Fail("UnsupportedVersion")
    if num(1) != 0x01:
        raise Fail("Malformed")
    return take, num, done


def sr_decode_verifying_key(b):
    """SPEC.md 18.6: the 55-byte record."""
    take, num, done = sr_decode_head(b, 0x56)
    key = {"key_id": num(4), "not_before": num(8), "not_after": num(8), "public_key": take(32)}
    done()
    if key["not_before"] > key["not_after"]:
        raise Fail("InvalidInterval")
    point = ed_decode(key["public_key"])
    if point is None or ed_is_small_order(point):
        raise Fail("WeakKey")
    return key


def sr_decode_bundle(b):
    """SPEC.md 18.4, steps in order."""
    take, num, done = sr_decode_head(b, 0x53)
    r = {"key_id": num(4), "batch_id": num(8), "batch_time": num(8), "batch_size": num(4), "index": num(4)}
    r["signature"] = take(64)
    r["salt"] = take(32)
    p = num(1)
    if r["batch_size"] == 0 or r["index"] >= r["batch_size"]:
        raise Fail("Malformed")
    if p != sr_depth(r["index"], r["batch_size"]):
        raise Fail("Malformed")
    r["path"] = [take(32) for _ in range(p)]
    r["receipt"] = take(num(4))
    r["fields"] = decode_receipt(r["receipt"])
    done()
    return r


def sr_verify(keys, now, max_skew, ft, sender, recipient, conversation, b):
    """SPEC.md 18.7."""
    r = sr_decode_bundle(b)
    named = [k for k in keys if k["key_id"] == r["key_id"]]
    if not named:
        raise Fail("UnknownKey")
    if len(named) > 1:
        raise Fail("DuplicateKeyId")
    key = named[0]
    t = r["batch_time"] // 1000
    if t > min(now + max_skew, U64_MAX):
        raise Fail("FromFuture")
    if t < max(key["not_before"] - max_skew, 0) or t > min(key["not_after"] + max_skew, U64_MAX):
        raise Fail("OutsideKeyInterval")
    f = r["fields"]
    if f["franking_tag"] != ft:
        raise Fail("Invalid")
    for field, known in (("sender", sender), ("recipient", recipient), ("conversation", conversation)):
        if f[field] != known:
            raise Fail("ReceiptMismatch")
    root = sr_root_from_path(sr_leaf(r["salt"], r["receipt"]), r["index"], r["batch_size"], r["path"])
    tbs = sr_tbs(r["key_id"], r["batch_id"], r["batch_time"], r["batch_size"], root)
    if not ed_verify(key["public_key"], tbs, r["signature"]):
        raise Fail("Invalid")
    r["root"] = root
    return r


SR_FIELDS = {  # kind: (inputs, outputs checked when expect is ok)
    "receipt-leaf": (["salt", "receipt"], ["leaf"]),
    "receipt-batch": (
        ["signing_key", "key_id", "batch_id", "batch_time", "receipts", "salts"],
        ["root", "signature", "bundles"],
    ),
    "verifying-key": (["encoding"], ["key_id", "not_before", "not_after", "public_key"]),
    "signed-receipt": (
        ["keys", "now", "max_skew", "franking_tag", "sender", "recipient", "conversation", "bundle"],
        ["key_id", "batch_id", "batch_time", "batch_size", "index", "root", "receipt"],
    ),
}
SR_DECIMAL = {"key_id", "batch_id", "batch_time", "batch_size", "index", "not_before", "not_after", "now", "max_skew"}
SR_HEX_LISTS = {"keys", "receipts", "salts", "bundles"}
SR_VERDICTS = {"ok", "Malformed", "UnsupportedVersion", "InvalidInterval", "WeakKey", "UnknownKey",
               "DuplicateKeyId", "OutsideKeyInterval", "ReceiptMismatch", "Invalid", "WrongEncoding",
               "FromFuture"}


def sr_run(v):
    """The outputs of a case, or raises Fail with the verdict."""
    kind = v["kind"]
    if kind == "receipt-leaf":
        decode_receipt(v["receipt"])
        return {"leaf": sr_leaf(v["salt"], v["receipt"])}
    if kind == "receipt-batch":
        receipts = v["receipts"]
        for e in receipts:
            decode_receipt(e)
        salts = v["salts"]
        if len(salts) != len(receipts) or len(set(salts)) != len(salts):
            raise ValueError(f"{v['name']!r}: one distinct salt per receipt")
        leaves = [sr_leaf(s, e) for s, e in zip(salts, receipts)]
        n, root = len(leaves), sr_mth(leaves)
        tbs = sr_tbs(v["key_id"], v["batch_id"], v["batch_time"], n, root)
        sig = ed_sign(v["signing_key"], tbs)
        bundles = [sr_bundle(v["key_id"], v["batch_id"], v["batch_time"], n, i, sig, s, sr_path(leaves, i), e)
                   for i, (s, e) in enumerate(zip(salts, receipts))]
        return {"root": root, "signature": sig, "bundles": bundles}
    if kind == "verifying-key":
        key = sr_decode_verifying_key(v["encoding"])
        return key
    keys = [sr_decode_verifying_key(k) for k in v["keys"]]
    r = sr_verify(keys, v["now"], v["max_skew"], v["franking_tag"], v["sender"], v["recipient"], v["conversation"], v["bundle"])
    return {name: r[name] for name in SR_FIELDS[kind][1]}


def sr_typed(raw):
    case = {}
    for name, value in raw.items():
        if name in ("kind", "name", "expect"):
            case[name] = value
        elif name in SR_DECIMAL:
            if not is_decimal(value):
                raise ValueError(f"{raw['name']!r}: {name} is not a u64")
            case[name] = int(value)
        elif name in SR_HEX_LISTS:
            items = value.split(",") if value else []
            if not all(is_hex(item) for item in items):
                raise ValueError(f"{raw['name']!r}: {name} is not a list of lowercase hex")
            case[name] = [bytes.fromhex(item) for item in items]
        else:
            if not is_hex(value):
                raise ValueError(f"{raw['name']!r}: {name} is not lowercase hex")
            case[name] = bytes.fromhex(value)
    return case


def signed_receipts_main():
    ed_self_test()
    path = os.path.join(os.path.dirname(__file__), "signed-receipts-v1.txt")
    with open(path, encoding="utf-8") as f:
        cases = parse(f.read())
    passed = failed = 0
    counts = {}
    for raw in cases:
        kind, expect = raw.get("kind"), raw.get("expect")
        if kind not in SR_FIELDS or expect not in SR_VERDICTS or "name" not in raw:
            raise ValueError(f"bad kind, expect or name in {raw.get('name')!r}")
        inputs, outputs = SR_FIELDS[kind]
        allowed = {"kind", "name", "expect", *inputs, *(outputs if expect == "ok" else [])}
        if not {"kind", "name", "expect", *inputs} <= set(raw) == allowed:
            raise ValueError(f"{raw['name']!r}: fields {sorted(set(raw) ^ allowed)} missing or unknown")
        case = sr_typed(raw)
        counts[kind] = counts.get(kind, 0) + 1
        try:
            out, verdict = sr_run(case), "ok"
        except Fail as e:
            out, verdict = {}, e.args[0]
        wrong = [] if verdict == expect else [f"verdict {verdict}"]
        if not wrong and verdict == "ok":
            wrong = [name for name in outputs if out[name] != case[name]]
        if wrong:
            failed += 1
            print(f"FAIL {kind}: {raw['name']}: expected {expect}, got {', '.join(wrong)}")
        else:
            passed += 1
    missing = [kind for kind in SR_FIELDS if kind not in counts]
    if missing:
        print(f"no cases of kind {', '.join(missing)}")
        failed += len(missing)
    print(", ".join(f"{kind} {n}" for kind, n in counts.items()))
    print(f"signed receipt vectors: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    # Every file is checked; the exit status fails if any fails.
    sys.exit(
        max(
            main(),
            *(
                (media_main(), submission_main(), mimi_main(), signed_receipts_main())
                if len(sys.argv) == 1
                else ()
            ),
        )
    )
