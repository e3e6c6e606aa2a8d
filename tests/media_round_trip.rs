//! Media round trips: every attachment length class seals, opens in order and
//! at random, and every range of it (whole included) reports and verifies.

mod media_common;

use franking::media::{
    AttachmentKey, AttachmentOpener, CHUNK_SIZE, open_chunk_at, verify_media_report,
};
use franking::wire::MediaMessage;
use media_common::*;

const LENGTHS: [usize; 9] = [
    0,
    1,
    CHUNK_SIZE - 1,
    CHUNK_SIZE,
    CHUNK_SIZE + 1,
    2 * CHUNK_SIZE,
    3 * CHUNK_SIZE + 17,
    5 * CHUNK_SIZE,
    7 * CHUNK_SIZE + 1,
];

#[test]
fn seal_then_open_in_order_and_at_random_gives_the_plaintext() {
    let mut rng = TestRng(1);
    for len in LENGTHS {
        let key = rng.array_bytes();
        let plaintext = bytes(&mut rng, len);
        let sealed = seal(key, &plaintext);
        assert_eq!(sealed.ciphertext.len(), len);
        if len > 0 {
            assert_ne!(sealed.ciphertext, plaintext);
        }
        let key = AttachmentKey::from_bytes(key);
        let mut opener = AttachmentOpener::new(&key, sealed.descriptor);
        let mut out = sealed.ciphertext.clone();
        let mut at = 0;
        // The opener reports where it is: chunk by chunk, complete only
        // after the last.
        let mut index = 0;
        while let Some(n) = opener.next_chunk_len() {
            assert_eq!(opener.next_index(), index, "len {len}");
            assert!(!opener.is_complete(), "complete before chunk {index}");
            opener
                .open_next(&mut out[at..at + n], &mut &sealed.tree[..])
                .unwrap();
            at += n;
            index += 1;
        }
        assert_eq!(opener.next_index(), sealed.descriptor.chunk_count());
        assert!(opener.is_complete());
        opener.finish().unwrap();
        assert_eq!(out, plaintext, "len {len}");
        // Random access, in reverse.
        let n = sealed.descriptor.chunk_count();
        for i in (0..n).rev() {
            let start = i as usize * CHUNK_SIZE;
            let clen = sealed.descriptor.chunk_len(i).unwrap();
            let mut chunk = sealed.ciphertext[start..start + clen].to_vec();
            open_chunk_at(
                &key,
                &sealed.descriptor,
                i,
                &mut chunk,
                &mut &sealed.tree[..],
            )
            .unwrap();
            assert_eq!(chunk, plaintext[start..start + clen]);
        }
    }
}

#[test]
fn every_range_of_every_length_verifies() {
    let mut rng = TestRng(2);
    for len in LENGTHS {
        let key = rng.array_bytes();
        let plaintext = bytes(&mut rng, len);
        let sealed = seal(key, &plaintext);
        let other = seal(rng.array_bytes(), b"second attachment");
        let delivered = deliver(
            &mut rng,
            &[other.descriptor, sealed.descriptor],
            b"look at this",
        );
        let n = sealed.descriptor.chunk_count();
        for first in 0..n {
            for count in 1..=n - first {
                let report = media_report(
                    &delivered.message_report,
                    1,
                    key,
                    &sealed,
                    &plaintext,
                    first,
                    count,
                );
                let verified = verify_media_report(&delivered.keyring, NOW, &report).unwrap();
                assert_eq!(verified.attachment(), 1);
                assert_eq!(verified.first_chunk(), first);
                assert_eq!(verified.chunk_count(), count);
                assert_eq!(verified.is_whole(), first == 0 && count == n);
                let off = verified.byte_offset() as usize;
                let mut got = Vec::new();
                for k in 0..count {
                    got.extend_from_slice(verified.chunk(k).unwrap());
                }
                assert_eq!(got.len() as u64, verified.byte_len());
                assert_eq!(got, plaintext[off..off + got.len()]);
                assert_eq!(verified.report().sender(), b"alice");
                let body = MediaMessage::decode(verified.report().message()).unwrap();
                assert_eq!(body.body(), b"look at this");
            }
        }
    }
}

#[test]
fn proofs_are_logarithmic() {
    // 1000 chunks: a range in the middle needs at most 2 log2(n) hashes.
    let mut rng = TestRng(3);
    let len = 1000 * CHUNK_SIZE - 5;
    let plaintext = vec![7u8; len];
    let sealed = seal(rng.array_bytes(), &plaintext);
    let mut worst = 0;
    for (first, count) in [
        (0, 1),
        (1, 1),
        (499, 17),
        (511, 2),
        (999, 1),
        (0, 1000),
        (3, 990),
    ] {
        let proof =
            franking::media::range_proof(&sealed.descriptor, first, count, &mut &sealed.tree[..])
                .unwrap();
        worst = worst.max(proof.hash_count());
    }
    assert!(worst <= 20, "{worst}");
}
