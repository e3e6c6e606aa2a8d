#!/usr/bin/env python3
"""Benchmark of the Python bindings, printing JSON lines like examples/ratios.rs.

    python bench/bench.py            # full run (about a minute)
    python bench/bench.py --quick    # short run

Measured interleaved in one process: each round times one batch of every
operation in turn (the first operation rotates), so that load from other
processes hits all alike; a figure is the median over rounds of the time
per call, ratios are between medians of the same run.

- `seal_aes` (the bindings' `seal` under the AES-256 suite) against
  `cte_python`: what a Python server assembles itself, commit-then-encrypt as
  deployed by Facebook: HMAC-SHA256 (standard library `hmac`) under a fresh
  random key over header and message, then AES-256-GCM (`cryptography`,
  key schedule made once) over message || that key. Target: at most 1.0x
  from 1 KiB; 64 B is reported.
- `call_overhead`: `seal_aes` at 64 B through the bindings minus the
  crate's native `seal` at 64 B (`cargo run --release --example
  native_bench`, run by this script unless `--native FILE` gives its output).
  Target: at most 2 us.
- `conversation_verify`: decoding and verifying a 30-message conversation
  report (256-byte messages) through the bindings (`verify_conversation_object`:
  the verdict stays on the Rust side, read an entry at a time), against the
  native `conversation_verify_native`. Target: at most 1.3x.
  `conversation_verify_record` is the same returning the whole verdict as a
  record (every field of 30 entries lifted into Python objects); reported.
"""

import argparse
import hashlib
import hmac
import json
import os
import pathlib
import statistics
import subprocess
import time

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

import franking

HERE = pathlib.Path(__file__).resolve().parent
NOW = 1_760_000_000
HEADER = b"conversation 42"


def per_call_ns(f, batch):
    t = time.perf_counter_ns()
    for _ in range(batch):
        f()
    return (time.perf_counter_ns() - t) / batch


def batch_for(f, target_ns=200_000):
    """Calls per batch so that a batch takes about `target_ns`."""
    f()
    one = max(per_call_ns(f, 5), 1)
    return max(1, int(target_ns / one))


def interleaved(ops, rounds):
    """Median ns per call of each op, and of each op's ratio to the op named
    by its `paired` entry round by round."""
    batches = {name: batch_for(f) for name, f in ops.items()}
    names = list(ops)
    times = {n: [] for n in names}
    for r in range(rounds):
        order = names[r % len(names):] + names[: r % len(names)]
        for n in order:
            times[n].append(per_call_ns(ops[n], batches[n]))
    return {n: statistics.median(t) for n, t in times.items()}, times


def line(**fields):
    print(json.dumps(fields), flush=True)


def native_figures(path):
    if path:
        text = pathlib.Path(path).read_text()
    else:
        text = subprocess.run(
            ["cargo", "run", "--quiet", "--release", "--example", "native_bench"],
            cwd=HERE.parent, check=True, capture_output=True, text=True,
        ).stdout
    return {d["op"]: d for d in map(json.loads, filter(None, text.splitlines()))}


def bench_seal(rounds):
    key = franking.generate_message_key()
    aes_key = os.urandom(32)
    aesgcm = AESGCM(aes_key)
    results = {}
    for size in (64, 1024, 16384, 1 << 20):
        message = os.urandom(size)

        def seal_aes(message=message):
            franking.seal(franking.Suite.AES256, key, HEADER, message)

        def cte_python(message=message):
            franking_key = os.urandom(32)
            tag = hmac.new(franking_key, HEADER + message, hashlib.sha256).digest()
            ciphertext = aesgcm.encrypt(os.urandom(12), message + franking_key, HEADER)
            return tag, ciphertext

        r = rounds if size < (1 << 20) else max(11, rounds // 4)
        medians, times = interleaved({"seal_aes": seal_aes, "cte_python": cte_python}, r)
        paired = statistics.median(a / b for a, b in zip(times["seal_aes"], times["cte_python"]))
        ratio = medians["seal_aes"] / medians["cte_python"]
        target = 1.0 if size >= 1024 else None
        line(op="seal_aes", size=size, ns=round(medians["seal_aes"], 1), ratio_to="cte_python",
             ratio=round(ratio, 4), paired_ratio=round(paired, 4),
             ratio_to_ns=round(medians["cte_python"], 1), target=target,
             **({"pass": ratio <= target} if target else {}))
        results[size] = medians["seal_aes"]
    return results


def conversation_report(ring):
    """30 messages of 256 bytes in one conversation, reported together."""
    entries = []
    for i in range(30):
        c = franking.commit(b"", bytes([i]) * 256)
        ctx = franking.DeliveryContext(sender=b"alice", recipient=b"bob", timestamp=NOW + i,
                                       message_id=f"msg-{i}".encode(), conversation=b"dm:alice:bob", seq=1 + i)
        stamp = ring.stamp(c.franking_tag, ctx)
        opened = franking.verify_commitment(b"", bytes([i]) * 256, c.opening, c.franking_tag)
        entries.append(franking.ConversationEntry.MESSAGE(report=franking.build_report(opened, ctx, stamp)))
    return franking.build_conversation_report(entries)


def bench_conversation(rounds):
    ring = franking.Keyring.generate(1, 0, 30 * 86_400)
    report = conversation_report(ring)
    verdict = ring.verify_conversation(NOW + 100, report)
    assert len(verdict.entries) == 30 and verdict.is_complete
    held = ring.verify_conversation_object(NOW + 100, report)
    assert held.entry_count() == 30 and held.verdict() == verdict
    medians, _ = interleaved({
        "conversation_verify": lambda: ring.verify_conversation_object(NOW + 100, report),
        "conversation_verify_record": lambda: ring.verify_conversation(NOW + 100, report),
    }, rounds)
    return medians, len(report)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--quick", action="store_true", help="fewer rounds")
    p.add_argument("--native", help="output of `cargo run --release --example native_bench`")
    args = p.parse_args()
    rounds = 21 if args.quick else 101
    native = native_figures(args.native)
    seal = bench_seal(rounds)
    seal_native = native["seal_aes_native"]["ns"]
    overhead = seal[64] - seal_native
    line(op="call_overhead", size=64, ns=round(overhead, 1), ratio_to="seal_aes_native",
         ratio=round(seal[64] / seal_native, 4), ratio_to_ns=seal_native, target_ns=2000,
         **{"pass": overhead <= 2000})
    medians, size = bench_conversation(rounds)
    conv_native = native["conversation_verify_native"]["ns"]
    for op in ("conversation_verify", "conversation_verify_record"):
        ratio = medians[op] / conv_native
        target = 1.3 if op == "conversation_verify" else None
        line(op=op, size=size, messages=30, ns=round(medians[op], 1),
             ratio_to="conversation_verify_native", ratio=round(ratio, 4), ratio_to_ns=conv_native,
             target=target, **({"pass": ratio <= target} if target else {}))


if __name__ == "__main__":
    main()
