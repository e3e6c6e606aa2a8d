//! Streaming open detects every kind of chunk tampering: bit flips, truncation,
//! reordering, duplication, extension, chunks from another attachment or
//! message, and tampered tree records. Nothing is released: after a failed
//! chunk the caller's buffer holds the ciphertext again. Every test runs in
//! both suites.

mod media_common;

use franking::media::{AttachmentKey, AttachmentOpener, CHUNK_SIZE, open_chunk_at};
use franking::{Error, ErrorKind, Suite};
use media_common::*;

const LEN: usize = 6 * CHUNK_SIZE + 1000; // 7 chunks

fn chunk(c: &[u8], i: usize) -> &[u8] {
    &c[i * CHUNK_SIZE..((i + 1) * CHUNK_SIZE).min(c.len())]
}

/// An attachment key: its suite and bytes.
type Key = (Suite, [u8; 32]);

fn attachment_key(key: Key) -> AttachmentKey {
    AttachmentKey::with_suite(key.0, key.1)
}

/// Opens `chunks` in order; returns the index of the first failure and its error.
fn open_stream(key: Key, sealed: &Sealed, chunks: &[Vec<u8>]) -> Result<(), (usize, Error)> {
    let key = attachment_key(key);
    let mut opener = AttachmentOpener::new(&key, sealed.descriptor);
    for (i, c) in chunks.iter().enumerate() {
        let mut buf = c.clone();
        if let Err(e) = opener.open_next(&mut buf, &mut &sealed.tree[..]) {
            assert_eq!(&buf, c, "failed chunk {i} must hold its ciphertext again");
            return Err((i, e));
        }
    }
    opener.finish().map_err(|e| (chunks.len(), e))
}

fn setup(suite: Suite) -> (Key, Vec<u8>, Sealed, Vec<Vec<u8>>) {
    let mut rng = TestRng(5);
    let key = (suite, rng.array_bytes());
    let plaintext = bytes(&mut rng, LEN);
    let sealed = seal_in(suite, key.1, &plaintext);
    let chunks = (0..7)
        .map(|i| chunk(&sealed.ciphertext, i).to_vec())
        .collect();
    (key, plaintext, sealed, chunks)
}

#[test]
fn untampered_stream_opens() {
    for suite in SUITES {
        let (key, _, sealed, chunks) = setup(suite);
        open_stream(key, &sealed, &chunks).unwrap();
    }
}

#[test]
fn every_bit_flip_in_sampled_positions_is_rejected_without_release() {
    for suite in SUITES {
        let (key, _, sealed, chunks) = setup(suite);
        for i in 0..7 {
            let len = chunks[i].len();
            for pos in [0, 1, 63, 64, 8191, 8192, len - 1]
                .into_iter()
                .filter(|p| *p < len)
            {
                let mut t = chunks.clone();
                t[i][pos] ^= 0x01;
                assert_eq!(open_stream(key, &sealed, &t), Err((i, Error::Invalid)));
            }
        }
    }
}

#[test]
fn truncation_is_detected() {
    for suite in SUITES {
        let (key, _, sealed, chunks) = setup(suite);
        // Missing final chunks.
        for keep in 0..7 {
            let err = open_stream(key, &sealed, &chunks[..keep]).unwrap_err();
            assert_eq!(err.0, keep);
            assert_eq!(err.1.kind(), ErrorKind::Malformed);
        }
        // A shortened last chunk.
        let mut t = chunks.clone();
        t[6].pop();
        assert_eq!(
            open_stream(key, &sealed, &t).unwrap_err().1.kind(),
            ErrorKind::Malformed
        );
    }
}

#[test]
fn reordering_and_duplication_are_detected() {
    for suite in SUITES {
        let (key, _, sealed, chunks) = setup(suite);
        for (a, b) in [(0, 1), (2, 5), (1, 4), (3, 4)] {
            let mut t = chunks.clone();
            t.swap(a, b);
            assert_eq!(open_stream(key, &sealed, &t), Err((a, Error::Invalid)));
        }
        for (a, b) in [(0, 1), (3, 2), (5, 0)] {
            let mut t = chunks.clone();
            t[b] = t[a].clone();
            assert_eq!(open_stream(key, &sealed, &t), Err((b, Error::Invalid)));
        }
    }
}

#[test]
fn extension_is_detected() {
    for suite in SUITES {
        let (key, _, sealed, mut chunks) = setup(suite);
        let mut t = chunks.clone();
        t[6].push(0);
        assert_eq!(
            open_stream(key, &sealed, &t).unwrap_err(),
            (
                6,
                Error::Malformed {
                    field: "chunk length",
                    offset: 0
                }
            )
        );
        chunks.push(vec![0u8; 10]);
        assert_eq!(open_stream(key, &sealed, &chunks).unwrap_err().0, 7);
    }
}

#[test]
fn chunks_from_another_attachment_or_message_are_rejected() {
    for suite in SUITES {
        let (key, plaintext, sealed, chunks) = setup(suite);
        let mut rng = TestRng(6);
        // Same plaintext under another key (another attachment or message).
        let other = seal_in(suite, rng.array_bytes(), &plaintext);
        for i in 0..7 {
            let mut t = chunks.clone();
            t[i] = chunk(&other.ciphertext, i).to_vec();
            assert_eq!(open_stream(key, &sealed, &t), Err((i, Error::Invalid)));
        }
        // The other attachment's tree with this one's chunks.
        let mixed = Sealed {
            ciphertext: sealed.ciphertext.clone(),
            tree: other.tree.clone(),
            descriptor: sealed.descriptor,
        };
        assert_eq!(open_stream(key, &mixed, &chunks), Err((0, Error::Invalid)));
        // The same key, another attachment: the root does not match.
        let same_key = seal_in(suite, key.1, &bytes(&mut rng, LEN));
        for i in 0..7 {
            let mut t = chunks.clone();
            t[i] = chunk(&same_key.ciphertext, i).to_vec();
            assert_eq!(open_stream(key, &sealed, &t), Err((i, Error::Invalid)));
        }
    }
}

#[test]
fn tampered_tree_records_are_rejected_in_order_and_at_random() {
    for suite in SUITES {
        let (key, _, sealed, chunks) = setup(suite);
        let k = attachment_key(key);
        for byte in (0..sealed.tree.len()).step_by(53) {
            let mut bad = Sealed {
                ciphertext: sealed.ciphertext.clone(),
                tree: sealed.tree.clone(),
                descriptor: sealed.descriptor,
            };
            bad.tree[byte] ^= 0x80;
            assert_eq!(
                open_stream(key, &bad, &chunks).unwrap_err().1,
                Error::Invalid
            );
            // Random access: at least one chunk's path reads that record.
            let mut failed = 0;
            for i in 0..7u64 {
                let mut buf = chunks[i as usize].clone();
                if open_chunk_at(&k, &sealed.descriptor, i, &mut buf, &mut &bad.tree[..]).is_err() {
                    assert_eq!(buf, chunks[i as usize]);
                    failed += 1;
                }
            }
            assert!(failed > 0);
        }
        // A truncated tree is a malformed input, not a release.
        let short = &sealed.tree[..sealed.tree.len() - 1];
        let mut buf = chunks[6].clone();
        let err = open_chunk_at(&k, &sealed.descriptor, 6, &mut buf, &mut &short[..]).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Malformed);
        assert_eq!(buf, chunks[6]);
    }
}

#[test]
fn random_access_rejects_a_chunk_at_another_index() {
    for suite in SUITES {
        let (key, _, sealed, chunks) = setup(suite);
        let k = attachment_key(key);
        for i in 0..6u64 {
            for j in 0..6u64 {
                let mut buf = chunks[j as usize].clone();
                let r = open_chunk_at(&k, &sealed.descriptor, i, &mut buf, &mut &sealed.tree[..]);
                assert_eq!(r.is_ok(), i == j);
            }
        }
        let mut buf = chunks[0].clone();
        for index in [u64::MAX, u64::MAX - 1, 1 << 32] {
            let r = open_chunk_at(
                &k,
                &sealed.descriptor,
                index,
                &mut buf,
                &mut &sealed.tree[..],
            );
            assert_eq!(r.unwrap_err().kind(), ErrorKind::Malformed);
        }
        assert_eq!(
            open_chunk_at(&k, &sealed.descriptor, 7, &mut buf, &mut &sealed.tree[..])
                .unwrap_err()
                .kind(),
            ErrorKind::Malformed
        );
    }
}

#[test]
fn the_opener_refuses_to_continue_after_a_failure() {
    for suite in SUITES {
        let (key, _, sealed, mut chunks) = setup(suite);
        let k = attachment_key(key);
        let mut opener = AttachmentOpener::new(&k, sealed.descriptor);
        chunks[0][0] ^= 1;
        assert_eq!(
            opener.open_next(&mut chunks[0].clone(), &mut &sealed.tree[..]),
            Err(Error::Invalid)
        );
        chunks[0][0] ^= 1;
        assert_eq!(
            opener.open_next(&mut chunks[0].clone(), &mut &sealed.tree[..]),
            Err(Error::Invalid)
        );
        assert!(!opener.is_complete());
        assert_eq!(opener.finish(), Err(Error::Invalid));
    }
}
