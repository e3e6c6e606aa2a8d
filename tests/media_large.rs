//! An attachment of more than 4 GiB streams through seal and open in constant
//! memory (one chunk buffer; the tree, 64 bytes per 64 KiB chunk, is held in
//! memory here for convenience), and a range past 2^32 bytes reports and
//! verifies. Ignored by default: run with
//! `cargo test --release --test media_large -- --ignored`.

mod media_common;

use franking::Report;
use franking::media::{
    AttachmentKey, AttachmentOpener, AttachmentSealer, CHUNK_SIZE, RangeVerifier, range_proof,
};
use franking::wire::MediaReportHead;
use media_common::*;

const LEN: u64 = (4 << 30) + 3 * CHUNK_SIZE as u64 + 12_345;

fn fill(i: u64, buf: &mut [u8]) {
    for (j, b) in buf.iter_mut().enumerate() {
        *b = (i as u8).wrapping_mul(31) ^ (j as u8);
    }
}

#[test]
#[ignore = "streams 4 GiB three times: 13 to 40 s in release mode on a shared 2-core machine"]
fn more_than_4_gib_streams_in_constant_memory() {
    let key = [0x42u8; 32];
    let n = LEN.div_ceil(CHUNK_SIZE as u64);
    let len_of = |i: u64| (LEN - i * CHUNK_SIZE as u64).min(CHUNK_SIZE as u64) as usize;
    let mut sealer = AttachmentSealer::new(AttachmentKey::from_bytes(key), &mut TestRng(3));
    let mut tree = Vec::with_capacity((n as usize - 1) * 64);
    let mut buf = vec![0u8; CHUNK_SIZE];
    for i in 0..n {
        let c = &mut buf[..len_of(i)];
        fill(i, c);
        tree.extend_from_slice(sealer.seal_chunk(c, i + 1 == n).unwrap());
    }
    let descriptor = sealer.descriptor().unwrap();
    assert_eq!(descriptor.len(), LEN);
    assert_eq!(tree.len() as u64, descriptor.tree_len());

    // Open: the ciphertext is regenerated chunk by chunk by a second sealer
    // (sealing is deterministic under one key and attachment nonce), then opened.
    let opener_key = AttachmentKey::from_bytes(key);
    let mut opener = AttachmentOpener::new(&opener_key, descriptor);
    let mut resealer = AttachmentSealer::with_nonce_for_test_vectors(
        AttachmentKey::from_bytes(key),
        *descriptor.nonce(),
    );
    let mut expected = vec![0u8; CHUNK_SIZE];
    for i in 0..n {
        let c = &mut buf[..len_of(i)];
        fill(i, c);
        resealer.seal_chunk(c, i + 1 == n).unwrap();
        opener.open_next(c, &mut &tree[..]).unwrap();
        let e = &mut expected[..len_of(i)];
        fill(i, e);
        assert!(c == e, "chunk {i}");
    }
    opener.finish().unwrap();

    // A range report of the last four chunks, all past 2^32 bytes.
    let mut rng = TestRng(4);
    let delivered = deliver(&mut rng, &[descriptor], b"");
    let first = n - 4;
    let proof = range_proof(&descriptor, first, 4, &mut &tree[..]).unwrap();
    let mr = Report::decode(&delivered.message_report).unwrap();
    let mut head = vec![0u8; MediaReportHead::encoded_len(&mr, proof.hash_count())];
    MediaReportHead::encode_into(&mr, 0, &proof, &mut head).unwrap();
    let (head, _) = MediaReportHead::decode_prefix(&head).unwrap();
    let mut verifier = RangeVerifier::new(&delivered.keyring, NOW, &head).unwrap();
    for i in first..n {
        let c = &mut buf[..len_of(i)];
        fill(i, c);
        let opening = opener_key.chunk_opening(&descriptor, i).unwrap();
        verifier.update(opening.as_bytes(), c).unwrap();
    }
    let verified = verifier.finish().unwrap();
    assert!(verified.byte_offset() >= 1 << 32);
    assert_eq!(verified.byte_offset() + verified.byte_len(), LEN);
}
