"""A 20 MB attachment sealed, opened and reported a chunk at a time through
the bindings, with the process's peak memory growth bounded far below 20 MB."""

import hashlib
import json
import os
import subprocess
import sys
import tempfile

import franking
from franking import Suite

NOW = 1_760_000_000
SIZE = 20_000_000
CHUNK = franking.media_chunk_size()
# Peak RSS may grow by the working set (a few chunks, the tree, the
# interpreter's allocator slack), never by the attachment.
BOUND = 4 * 1024 * 1024


def status_bytes(field):
    """A memory figure of this process from /proc/self/status, in bytes."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    raise AssertionError(f"no {field} in /proc/self/status")


def peak_rss():
    """Peak resident set of this process (VmHWM)."""
    return status_bytes("VmHWM")


def rss():
    """Resident set of this process now (VmRSS)."""
    return status_bytes("VmRSS")


def chunk_of(i, length):
    """Chunk i of the attachment: deterministic, different per chunk."""
    seed = hashlib.sha256(i.to_bytes(8, "big")).digest()
    return (seed * (length // 32 + 1))[:length]


def lengths():
    n = (SIZE + CHUNK - 1) // CHUNK
    return [min(CHUNK, SIZE - i * CHUNK) for i in range(n)]


def stream():
    """Runs the whole flow; returns the peak RSS growth over it, in bytes."""
    ring = franking.Keyring.generate(1, 0, 86_400)
    key = franking.generate_message_key()
    nonce = franking.generate_nonce()
    sizes = lengths()
    with tempfile.TemporaryDirectory() as tmp:
        ct_path = os.path.join(tmp, "video.bin")
        # Growth is measured from the resident set now, not from the peak
        # so far: the peak of the imports would hide a working set below it.
        before = rss()

        # Sender: seal to a file, a chunk at a time.
        sealer = franking.MediaSealer(Suite.AES256, key, nonce, 0)
        tree = bytearray()
        plain_hash = hashlib.sha256()
        with open(ct_path, "wb") as out:
            for i, n in enumerate(sizes):
                chunk = chunk_of(i, n)
                plain_hash.update(chunk)
                sealed = sealer.push_chunk(chunk, i + 1 == len(sizes))
                out.write(sealed.ciphertext)
                tree += sealed.tree_records
        descriptor = sealer.descriptor()
        body = franking.encode_media_message([descriptor], b"a video")
        message = franking.seal_with_nonce(Suite.AES256, key, nonce, b"", body)
        context = franking.DeliveryContext(sender=b"alice", recipient=b"bob", timestamp=NOW,
                                           message_id=b"v1", conversation=b"", seq=0)
        stamp = ring.stamp(message.franking_tag, context)

        # Recipient: open the message, keep the evidence, open the video from the file.
        opened = franking.open(Suite.AES256, key, message.envelope, b"", message.ciphertext)
        evidence = franking.attachment_evidence(Suite.AES256, key, nonce, opened.message, 0)
        message_report = franking.build_report(opened, context, stamp)
        opener = franking.MediaOpener(evidence, bytes(tree))
        opened_hash = hashlib.sha256()
        with open(ct_path, "rb") as f:
            while (n := opener.next_chunk_len()) is not None:
                opened_hash.update(opener.open_chunk(f.read(n)))
        opener.finish()
        assert opened_hash.digest() == plain_hash.digest()

        # Whole-attachment report, streamed to a file; the moderator verifies it.
        report_path = os.path.join(tmp, "report.bin")
        builder = franking.MediaReportBuilder.whole(evidence, message_report)
        with open(report_path, "wb") as out:
            out.write(builder.head())
            while (i := builder.next_chunk_index()) is not None:
                out.write(builder.push_chunk(chunk_of(i, sizes[i])))
        grown = peak_rss() - before

        with open(report_path, "rb") as f:
            verified = ring.verify_media_report(NOW, f.read())
        assert verified.is_whole and verified.attachment_len == SIZE
        assert hashlib.sha256(verified.plaintext).digest() == plain_hash.digest()

    return grown


def test_twenty_megabytes_stream_in_bounded_memory():
    # A fresh interpreter: the peak of earlier tests in this process would
    # hide any growth.
    run = subprocess.run([sys.executable, __file__], capture_output=True, text=True, check=True)
    grown = json.loads(run.stdout)["peak_rss_growth"]
    print(f"20 MB attachment streamed: peak RSS grew {grown / 2**20:.1f} MiB (bound {BOUND / 2**20:.0f} MiB)")
    assert grown < BOUND, f"peak RSS grew by {grown} bytes"


if __name__ == "__main__":
    print(json.dumps({"peak_rss_growth": stream()}))
