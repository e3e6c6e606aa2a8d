//! Property: no media path touches the heap. Sealing chunks (with the tree
//! records), opening in order and at random (also when a chunk fails),
//! building a range proof, encoding and decoding descriptors, media messages
//! and report heads, verifying a range report (streamed and in memory), and
//! storing attachment evidence and writing a report from it make zero heap allocations, reallocations or frees.
//!
//! The counting allocator is `counting_alloc/`, shared with `no_alloc.rs`:
//! per thread, buffers allocated before counting starts, a self-check that
//! it counts.

use std::hint::black_box;

mod counting_alloc;
use counting_alloc::heap_ops;

mod media_common;

use franking::media::{
    AttachmentDescriptor, AttachmentEvidence, AttachmentKey, AttachmentOpener, AttachmentSealer,
    CHUNK_SIZE, MediaReportWriter, RangeVerifier, open_chunk_at, range_proof, verify_media_report,
};
use franking::wire::{MediaMessage, MediaReportHead};
use franking::{Error, Report};
use media_common::*;

#[track_caller]
fn assert_no_heap<R>(what: &str, f: impl FnOnce() -> R) -> R {
    let (result, count) = heap_ops(f);
    assert_eq!(count, 0, "{what} made {count} heap operation(s)");
    result
}

const LENGTHS: [usize; 5] = [0, 1, CHUNK_SIZE, CHUNK_SIZE + 1, 9 * CHUNK_SIZE + 3];

#[test]
fn sealing_allocates_nothing() {
    for len in LENGTHS {
        let mut buf = vec![0x5au8; len.max(1)];
        buf.truncate(len);
        let mut tree = vec![0u8; 64 * 16];
        let n = len.div_ceil(CHUNK_SIZE).max(1);
        let descriptor = assert_no_heap("seal", || {
            let mut sealer =
                AttachmentSealer::new(AttachmentKey::from_bytes([3; 32]), &mut TestRng(3));
            let mut at = 0;
            for i in 0..n {
                let end = ((i + 1) * CHUNK_SIZE).min(len);
                let records = sealer
                    .seal_chunk(&mut buf[i * CHUNK_SIZE..end], i + 1 == n)
                    .unwrap();
                tree[at..at + records.len()].copy_from_slice(records);
                at += records.len();
            }
            sealer.descriptor().unwrap()
        });
        black_box(descriptor);
    }
}

#[test]
fn opening_and_reporting_allocate_nothing() {
    let mut rng = TestRng(21);
    for len in LENGTHS {
        let key_bytes = rng.array_bytes();
        let plaintext = bytes(&mut rng, len);
        let sealed = seal(key_bytes, &plaintext);
        let key = AttachmentKey::from_bytes(key_bytes);
        let n = sealed.descriptor.chunk_count();
        let mut buf = sealed.ciphertext.clone();
        let tree = sealed.tree.clone();
        assert_no_heap("open in order", || {
            let mut opener = AttachmentOpener::new(&key, sealed.descriptor);
            let mut at = 0;
            while let Some(c) = opener.next_chunk_len() {
                opener
                    .open_next(&mut buf[at..at + c], &mut &tree[..])
                    .unwrap();
                at += c;
            }
            opener.finish().unwrap();
        });
        assert_eq!(buf, plaintext);
        let mut buf = sealed.ciphertext.clone();
        if !buf.is_empty() {
            buf[0] ^= 1;
        }
        let last = n - 1;
        let start = last as usize * CHUNK_SIZE;
        assert_no_heap("open at random, and a failing chunk", || {
            let r = open_chunk_at(
                &key,
                &sealed.descriptor,
                last,
                &mut buf[start..],
                &mut &tree[..],
            );
            black_box(r.is_ok());
            let r = open_chunk_at(
                &key,
                &sealed.descriptor,
                0,
                &mut buf[..len.min(CHUNK_SIZE)],
                &mut &tree[..],
            );
            assert_eq!(r.is_err(), len > 0);
            black_box(key.chunk_opening(&sealed.descriptor, 0).unwrap());
        });
        let first = n / 2;
        let proof = assert_no_heap("range proof", || {
            range_proof(&sealed.descriptor, first, n - first, &mut &tree[..]).unwrap()
        });
        black_box(proof);
    }
}

#[test]
fn encodings_and_verification_allocate_nothing() {
    let mut rng = TestRng(22);
    let key = rng.array_bytes();
    let plaintext = bytes(&mut rng, 9 * CHUNK_SIZE + 3);
    let sealed = seal(key, &plaintext);
    let delivered = deliver(&mut rng, &[sealed.descriptor], b"body");
    let report = media_report(&delivered.message_report, 0, key, &sealed, &plaintext, 2, 5);
    let mut message = vec![0u8; MediaMessage::encoded_len(1, 4)];
    let mut head_out = vec![0u8; 4096];
    let descriptors = [sealed.descriptor];
    assert_no_heap("encodings", || {
        let bytes = sealed.descriptor.to_bytes();
        assert_eq!(
            AttachmentDescriptor::decode(&bytes).unwrap(),
            sealed.descriptor
        );
        let len = MediaMessage::encode_into(&descriptors, b"body", &mut message).unwrap();
        let m = MediaMessage::decode(&message[..len]).unwrap();
        assert_eq!(m.descriptor(0), Some(sealed.descriptor));
        let (head, _) = MediaReportHead::decode_prefix(&report).unwrap();
        let mr = Report::decode(&delivered.message_report).unwrap();
        let proof = range_proof(&sealed.descriptor, 2, 5, &mut &sealed.tree[..]).unwrap();
        let n = MediaReportHead::encode_into(&mr, 0, &proof, &mut head_out).unwrap();
        assert_eq!(
            n,
            head.proof_hashes().len() + MediaReportHead::encoded_len(&mr, 0)
        );
    });
    assert_no_heap("verify in memory", || {
        verify_media_report(&delivered.keyring, NOW, &report).unwrap();
    });
    // The recipient's side: evidence stored and read back, the report written.
    let evidence = AttachmentEvidence::new(AttachmentKey::from_bytes(key), 0, sealed.descriptor);
    let mut written = vec![0u8; report.len()];
    assert_no_heap("evidence and report writer", || {
        let stored = evidence.to_bytes();
        let evidence = AttachmentEvidence::from_bytes(&stored[..]).unwrap();
        let mr = Report::decode(&delivered.message_report).unwrap();
        let mut writer = MediaReportWriter::range(&evidence, 2, 5, &mut &sealed.tree[..]).unwrap();
        let mut at = writer.write_head(&mr, &mut written).unwrap();
        while let Some((i, len)) = writer.next_chunk() {
            let start = i as usize * CHUNK_SIZE;
            at += writer
                .write_chunk(&plaintext[start..start + len], &mut written[at..])
                .unwrap();
        }
        assert_eq!(at, written.len());
    });
    assert_eq!(written, report);
    let mut bad = report.clone();
    let last = bad.len() - 1;
    bad[last] ^= 1;
    assert_no_heap("verify streamed, failing", || {
        let (head, mut at) = MediaReportHead::decode_prefix(&bad).unwrap();
        let mut v = RangeVerifier::new(&delivered.keyring, NOW, &head).unwrap();
        while let Some(len) = v.next_chunk_len() {
            v.update_record(&bad[at..at + 32 + len]).unwrap();
            at += 32 + len;
        }
        assert_eq!(v.finish().unwrap_err(), Error::Invalid);
    });
}
