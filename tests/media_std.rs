//! The `std` adapters and the parallel paths give exactly the bytes of the
//! no_std chunk API, and keep its guarantees: streams detect truncation and
//! extension; parallel open releases no failed chunk.
#![cfg(feature = "std")]

mod media_common;

use std::io::{Cursor, Read};

use franking::media::{
    AttachmentKey, AttachmentReader, CHUNK_SIZE, RangeVerifier, SeekTree, feed_media_report_chunks,
    open_in_place_parallel, read_media_report_head, seal_in_place_parallel, seal_stream,
    verify_media_report, verify_media_report_parallel,
};
use franking::wire::MediaReportHead;
use franking::{Error, ErrorKind};
use media_common::*;

const LENGTHS: [usize; 6] = [
    0,
    1,
    CHUNK_SIZE,
    CHUNK_SIZE + 1,
    5 * CHUNK_SIZE,
    9 * CHUNK_SIZE + 77,
];

#[test]
fn streams_and_parallel_match_the_chunk_api() {
    let mut rng = TestRng(31);
    for len in LENGTHS {
        let key = rng.array_bytes();
        let plaintext = bytes(&mut rng, len);
        let reference = seal(key, &plaintext);
        let (mut ct, mut tree) = (Vec::new(), Vec::new());
        let d = seal_stream(
            AttachmentKey::from_bytes(key),
            &mut nonce_rng(key),
            &plaintext[..],
            &mut ct,
            &mut tree,
        )
        .unwrap();
        assert_eq!(d, reference.descriptor);
        assert_eq!(ct, reference.ciphertext);
        assert_eq!(tree, reference.tree);
        for threads in [1, 2, 3, 8] {
            let mut data = plaintext.clone();
            let (d, tree) = seal_in_place_parallel(
                &AttachmentKey::from_bytes(key),
                &mut nonce_rng(key),
                &mut data,
                threads,
            )
            .unwrap();
            assert_eq!(d, reference.descriptor);
            assert_eq!(data, reference.ciphertext);
            assert_eq!(tree, reference.tree);
            open_in_place_parallel(
                &AttachmentKey::from_bytes(key),
                &d,
                &mut data,
                &tree,
                threads,
            )
            .unwrap();
            assert_eq!(data, plaintext);
        }
        let k = AttachmentKey::from_bytes(key);
        let mut reader = AttachmentReader::new(&k, d, &ct[..], SeekTree(Cursor::new(&tree)));
        let mut out = Vec::new();
        reader.read_to_end(&mut out).unwrap();
        assert_eq!(out, plaintext);
    }
}

fn read_all(key: [u8; 32], sealed: &Sealed, ct: &[u8]) -> std::io::Result<Vec<u8>> {
    let k = AttachmentKey::from_bytes(key);
    let mut reader = AttachmentReader::new(&k, sealed.descriptor, ct, &sealed.tree[..]);
    let mut out = Vec::new();
    reader.read_to_end(&mut out).map(|_| out)
}

fn crate_error(e: &std::io::Error) -> Error {
    Error::from_io(e).expect("the crate's error inside")
}

#[test]
fn reader_rejects_truncation_extension_and_tampering() {
    let mut rng = TestRng(32);
    let key = rng.array_bytes();
    let plaintext = bytes(&mut rng, 3 * CHUNK_SIZE + 10);
    let s = seal(key, &plaintext);
    assert_eq!(read_all(key, &s, &s.ciphertext).unwrap(), plaintext);
    // Cut short: UnexpectedEof, naming the chunk the ciphertext ends in.
    for cut in [1, 10, 11, CHUNK_SIZE + 10, s.ciphertext.len()] {
        let short = &s.ciphertext[..s.ciphertext.len() - cut];
        let e = read_all(key, &s, short).unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::UnexpectedEof, "cut {cut}");
        let chunk = short.len() / CHUNK_SIZE;
        assert_eq!(
            crate_error(&e),
            Error::Malformed {
                field: "chunk",
                offset: chunk * CHUNK_SIZE
            },
            "cut {cut}"
        );
    }
    // One byte more: InvalidData, at the attachment's length.
    let mut longer = s.ciphertext.clone();
    longer.push(0);
    let e = read_all(key, &s, &longer).unwrap_err();
    assert_eq!(e.kind(), std::io::ErrorKind::InvalidData);
    assert_eq!(
        crate_error(&e),
        Error::Malformed {
            field: "trailing bytes",
            offset: s.ciphertext.len()
        }
    );
    // A flipped bit: InvalidData with the opaque error, and the reader stays failed.
    let mut flipped = s.ciphertext.clone();
    flipped[2 * CHUNK_SIZE + 5] ^= 1;
    let k = AttachmentKey::from_bytes(key);
    let mut reader = AttachmentReader::new(&k, s.descriptor, &flipped[..], &s.tree[..]);
    let mut out = Vec::new();
    let e = reader.read_to_end(&mut out).unwrap_err();
    assert_eq!(e.kind(), std::io::ErrorKind::InvalidData);
    assert_eq!(crate_error(&e).kind(), ErrorKind::Invalid);
    assert_eq!(out, plaintext[..2 * CHUNK_SIZE]);
    let e = reader.read(&mut [0u8; 16]).unwrap_err();
    assert_eq!(crate_error(&e), Error::Invalid);
}

/// Every way the parallel open can fail leaves `data` exactly as it was
/// given: the ciphertext, with no chunk opened, as the single-threaded paths.
#[test]
fn parallel_open_leaves_the_ciphertext_on_every_failure() {
    let mut rng = TestRng(33);
    let key = rng.array_bytes();
    let plaintext = bytes(&mut rng, 8 * CHUNK_SIZE + 3);
    let s = seal(key, &plaintext);
    let k = AttachmentKey::from_bytes(key);
    for threads in [1, 2, 3, 8, 0] {
        for bad in [0, 3, 8] {
            let mut data = s.ciphertext.clone();
            data[bad * CHUNK_SIZE + 2] ^= 1;
            let tampered = data.clone();
            assert_eq!(
                open_in_place_parallel(&k, &s.descriptor, &mut data, &s.tree, threads),
                Err(Error::Invalid),
                "threads {threads}, chunk {bad}"
            );
            assert!(data == tampered, "threads {threads}, chunk {bad}");
        }
        // A tree record tampered (some chunks' paths fail, others open) and
        // a tree cut short (an error of the tree source).
        let mut tree = s.tree.clone();
        tree[64 * 3 + 1] ^= 1;
        let mut data = s.ciphertext.clone();
        assert_eq!(
            open_in_place_parallel(&k, &s.descriptor, &mut data, &tree, threads),
            Err(Error::Invalid)
        );
        assert!(data == s.ciphertext, "threads {threads}");
        let mut data = s.ciphertext.clone();
        let e = open_in_place_parallel(&k, &s.descriptor, &mut data, &s.tree[..64 * 5], threads)
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Malformed);
        assert!(data == s.ciphertext, "threads {threads}");
    }
    let mut short = s.ciphertext[1..].to_vec();
    assert_eq!(
        open_in_place_parallel(&k, &s.descriptor, &mut short, &s.tree, 2)
            .unwrap_err()
            .kind(),
        ErrorKind::Malformed
    );
    assert_eq!(short, s.ciphertext[1..]);
}

#[test]
fn media_report_verifies_from_a_stream() {
    let mut rng = TestRng(34);
    let key = rng.array_bytes();
    let plaintext = bytes(&mut rng, 6 * CHUNK_SIZE + 9);
    let s = seal(key, &plaintext);
    let delivered = deliver(&mut rng, &[s.descriptor], b"");
    for (first, count) in [(0, 7), (2, 3), (6, 1)] {
        let report = media_report(
            &delivered.message_report,
            0,
            key,
            &s,
            &plaintext,
            first,
            count,
        );
        let mut input = &report[..];
        let head_bytes = read_media_report_head(&mut input).unwrap();
        let (head, used) = MediaReportHead::decode_prefix(&head_bytes).unwrap();
        assert_eq!(used, head_bytes.len());
        let mut verifier = RangeVerifier::new(&delivered.keyring, NOW, &head).unwrap();
        feed_media_report_chunks(&mut verifier, &mut input).unwrap();
        let v = verifier.finish().unwrap();
        assert_eq!(v.first_chunk(), first);
        // One more byte on the stream is rejected.
        let mut longer = report.clone();
        longer.push(1);
        let mut input = &longer[..];
        let head_bytes = read_media_report_head(&mut input).unwrap();
        let (head, _) = MediaReportHead::decode_prefix(&head_bytes).unwrap();
        let mut verifier = RangeVerifier::new(&delivered.keyring, NOW, &head).unwrap();
        assert!(feed_media_report_chunks(&mut verifier, &mut input).is_err());
    }
}

#[test]
fn parallel_verification_matches_the_streaming_verifier() {
    let mut rng = TestRng(35);
    let key = rng.array_bytes();
    let plaintext = bytes(&mut rng, 40 * CHUNK_SIZE + 9);
    let s = seal(key, &plaintext);
    let delivered = deliver(&mut rng, &[s.descriptor], b"");
    for (first, count) in [(0, 41), (3, 35), (40, 1), (0, 1)] {
        let report = media_report(
            &delivered.message_report,
            0,
            key,
            &s,
            &plaintext,
            first,
            count,
        );
        let mut variants = vec![report.clone()];
        let mut t = report.clone();
        let last = t.len() - 1;
        t[last] ^= 1;
        variants.push(t);
        let mut t = report.clone();
        t.push(0);
        variants.push(t);
        variants.push(report[..report.len() - 1].to_vec());
        let mut t = report.clone();
        let mid = t.len() - 40;
        t[mid] ^= 0x10;
        variants.push(t);
        for bytes in &variants {
            let sequential = verify_media_report(&delivered.keyring, NOW, bytes);
            for threads in [0, 1, 2, 5] {
                let parallel =
                    verify_media_report_parallel(&delivered.keyring, NOW, bytes, threads);
                assert_eq!(
                    parallel
                        .as_ref()
                        .map(|v| (v.first_chunk(), v.chunk_count()))
                        .map_err(|e| e.kind()),
                    sequential
                        .as_ref()
                        .map(|v| (v.first_chunk(), v.chunk_count()))
                        .map_err(|e| e.kind()),
                );
            }
        }
        verify_media_report_parallel(&delivered.keyring, NOW, &report, 2).unwrap();
    }
}

#[test]
fn a_huge_claimed_length_allocates_nothing_before_the_bytes_arrive() {
    // A head claiming a 4 GiB message report, followed by nothing.
    let mut input = Vec::new();
    input.extend_from_slice(franking::wire::MEDIA_REPORT_LABEL);
    input.extend_from_slice(&u32::MAX.to_be_bytes());
    input.extend_from_slice(&[1u8; 100]);
    let e = read_media_report_head(&mut &input[..]).unwrap_err();
    assert_eq!(e.kind(), std::io::ErrorKind::UnexpectedEof);
    assert_eq!(
        crate_error(&e),
        Error::Malformed {
            field: "message report",
            offset: 16
        }
    );
}

#[test]
fn crate_errors_travel_in_io_errors_with_a_matching_kind() {
    use std::io::ErrorKind as Io;
    let cases = [
        (Error::Invalid, Io::InvalidData),
        (
            Error::Malformed {
                field: "chunk",
                offset: 7,
            },
            Io::InvalidData,
        ),
        (Error::UnsupportedVersion { version: 82 }, Io::InvalidData),
        (Error::Expired { secs_too_old: 1 }, Io::InvalidData),
        (
            Error::TooLong {
                field: "attachment",
                max: 1,
            },
            Io::FileTooLarge,
        ),
        (Error::BufferTooSmall { needed: 3 }, Io::InvalidInput),
        (Error::VerifyOnly, Io::InvalidInput),
    ];
    for (error, kind) in cases {
        let e = std::io::Error::from(error);
        assert_eq!(e.kind(), kind, "{error:?}");
        assert_eq!(Error::from_io(&e), Some(error));
    }
    assert_eq!(Error::from_io(&std::io::ErrorKind::WouldBlock.into()), None);
    assert_eq!(Error::from_io(&std::io::Error::other("elsewhere")), None);
}
