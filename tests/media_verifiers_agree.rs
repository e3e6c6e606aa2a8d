//! The three media report verifiers (in memory, parallel, streamed) give the
//! same verdict for the same bytes: the same error (variant, field and
//! offset) for every truncation and mutation tried, and on success the same
//! range and the same verified bytes, which each hands over. They take a
//! keyring of any capacity.
#![cfg(feature = "std")]

mod media_common;

use std::io;

use franking::media::{
    CHUNK_SIZE, VerifiedRange, verify_media_report, verify_media_report_parallel,
    verify_media_report_stream,
};
use franking::wire::MediaReportHead;
use franking::{Error, KeyId, KeyInterval, Keyring, PlatformKey};
use media_common::*;

/// A verdict reduced to what must agree: the range and the reported bytes.
type Verdict = Result<(u64, u64, Vec<u8>), Error>;

fn in_memory_bytes(v: &VerifiedRange<'_>) -> Vec<u8> {
    (0..v.chunk_count())
        .flat_map(|k| v.chunk(k).expect("a verified chunk").to_vec())
        .collect()
}

fn in_memory<const N: usize>(keyring: &Keyring<N>, bytes: &[u8]) -> Verdict {
    verify_media_report(keyring, NOW, bytes)
        .map(|v| (v.first_chunk(), v.chunk_count(), in_memory_bytes(&v)))
}

fn parallel<const N: usize>(keyring: &Keyring<N>, bytes: &[u8], threads: usize) -> Verdict {
    verify_media_report_parallel(keyring, NOW, bytes, threads)
        .map(|v| (v.first_chunk(), v.chunk_count(), in_memory_bytes(&v)))
}

/// The streamed verdict, and the `io::ErrorKind` of its error.
fn streamed<const N: usize>(
    keyring: &Keyring<N>,
    bytes: &[u8],
) -> (Verdict, Option<io::ErrorKind>) {
    let mut head = Vec::new();
    match verify_media_report_stream(keyring, NOW, &mut &bytes[..], &mut head, Vec::new()) {
        Ok((v, sink)) => {
            assert_eq!(v.chunk(0), None, "streamed bytes go to the sink");
            assert_eq!(sink.len() as u64, v.byte_len());
            (Ok((v.first_chunk(), v.chunk_count(), sink)), None)
        }
        Err(e) => {
            let inner = Error::from_io(&e).expect("the crate's error inside");
            (Err(inner), Some(e.kind()))
        }
    }
}

/// Checks that all verifiers agree on `bytes`; returns the verdict.
fn agree<const N: usize>(keyring: &Keyring<N>, bytes: &[u8], what: &str) -> Verdict {
    let expected = in_memory(keyring, bytes);
    for threads in [1, 3] {
        assert_eq!(
            parallel(keyring, bytes, threads),
            expected,
            "parallel: {what}"
        );
    }
    let (streamed, kind) = streamed(keyring, bytes);
    assert_eq!(streamed, expected, "streamed: {what}");
    if let Some(kind) = kind {
        assert_ne!(kind, io::ErrorKind::Other, "{what}");
    }
    expected
}

struct Case {
    keyring: Keyring,
    plaintext: Vec<u8>,
    reports: Vec<(u64, u64, Vec<u8>)>,
}

fn case() -> Case {
    let mut rng = TestRng(71);
    let key = rng.array_bytes();
    let plaintext = bytes(&mut rng, 3 * CHUNK_SIZE + 50);
    let sealed = seal(key, &plaintext);
    let delivered = deliver(&mut rng, &[sealed.descriptor], b"body");
    let reports = [(3, 1), (2, 2), (0, 4)]
        .into_iter()
        .map(|(first, count)| {
            let r = media_report(
                &delivered.message_report,
                0,
                key,
                &sealed,
                &plaintext,
                first,
                count,
            );
            (first, count, r)
        })
        .collect();
    Case {
        keyring: delivered.keyring,
        plaintext,
        reports,
    }
}

#[test]
fn honest_reports_hand_over_the_same_verified_bytes() {
    let c = case();
    for (first, count, report) in &c.reports {
        let (f, n, bytes) = agree(&c.keyring, report, "honest").unwrap();
        assert_eq!((f, n), (*first, *count));
        let start = *first as usize * CHUNK_SIZE;
        assert!(bytes == c.plaintext[start..start + bytes.len()]);
        assert_eq!(
            start + bytes.len(),
            (start + *count as usize * CHUNK_SIZE).min(c.plaintext.len())
        );
    }
}

/// The case of issue 15: a one-chunk report cut one byte after its head.
#[test]
fn a_report_cut_inside_its_only_chunk_gives_one_error() {
    let c = case();
    let (_, _, report) = &c.reports[0];
    let (_, head_len) = MediaReportHead::decode_prefix(report).unwrap();
    for cut in [head_len, head_len + 1, head_len + 32, report.len() - 1] {
        let e = agree(&c.keyring, &report[..cut], "cut").unwrap_err();
        assert_eq!(
            e,
            Error::Malformed {
                field: "chunk",
                offset: head_len
            },
            "cut at {cut}"
        );
        assert_eq!(
            streamed(&c.keyring, &report[..cut]).1,
            Some(io::ErrorKind::UnexpectedEof)
        );
    }
}

#[test]
fn every_truncation_gives_the_same_error_everywhere() {
    let c = case();
    for (_, _, report) in &c.reports {
        let (_, head_len) = MediaReportHead::decode_prefix(report).unwrap();
        // Every cut inside the head, and around every record boundary.
        let mut cuts: Vec<usize> = (0..=head_len).collect();
        let mut at = head_len;
        while at < report.len() {
            let len = (report.len() - at).min(32 + CHUNK_SIZE);
            cuts.extend([at + 1, at + 31, at + 32, at + 33, at + len - 1]);
            at += len;
        }
        for cut in cuts {
            let e = agree(&c.keyring, &report[..cut], &format!("cut {cut}")).unwrap_err();
            assert!(matches!(e, Error::Malformed { .. }), "cut {cut}: {e:?}");
            assert_eq!(
                streamed(&c.keyring, &report[..cut]).1,
                Some(io::ErrorKind::UnexpectedEof),
                "cut {cut}"
            );
        }
    }
}

#[test]
fn every_mutation_gives_the_same_verdict_everywhere() {
    let c = case();
    let (_, _, report) = &c.reports[0];
    let (_, head_len) = MediaReportHead::decode_prefix(report).unwrap();
    let mut errors = std::collections::BTreeSet::new();
    // Each byte of the report, flipped in one bit (cycling through all eight).
    for at in 0..report.len() {
        let mut t = report.clone();
        t[at] ^= 1 << (at % 8);
        if let Err(e) = agree(&c.keyring, &t, &format!("flip {at}")) {
            errors.insert(format!("{:?}", e.kind()));
        }
    }
    // Each byte of the head set to 0 and to 0xff (lengths and counts).
    for at in 0..head_len {
        for value in [0, 0xff] {
            let mut t = report.clone();
            t[at] = value;
            let _ = agree(&c.keyring, &t, &format!("set {at}"));
        }
    }
    // Bytes after the last chunk, and a chunk record repeated.
    for extra in [&[0u8][..], &[0; 33], &report[head_len..]] {
        let mut t = report.clone();
        t.extend_from_slice(extra);
        let e = agree(&c.keyring, &t, "extended").unwrap_err();
        assert_eq!(
            e,
            Error::Malformed {
                field: "trailing bytes",
                offset: report.len()
            }
        );
        assert_eq!(streamed(&c.keyring, &t).1, Some(io::ErrorKind::InvalidData));
    }
    // The mutations reached every stage: decoding, the message report, the root.
    for kind in ["Malformed", "Invalid"] {
        assert!(errors.contains(kind), "{errors:?}");
    }
}

#[test]
fn the_verifiers_take_a_keyring_of_any_capacity() {
    let mut rng = TestRng(72);
    let secret = rng.array_bytes();
    let platform = |mut bytes: [u8; 32]| {
        PlatformKey::from_bytes(KeyId::new(7), KeyInterval::starting_at(0), &mut bytes).unwrap()
    };
    let stamping = Keyring::new(platform(secret), 86_400);
    let small: Keyring<2> = Keyring::new_with_capacity(platform(secret), 86_400);
    let key = rng.array_bytes();
    let plaintext = bytes(&mut rng, CHUNK_SIZE + 9);
    let sealed = seal(key, &plaintext);
    let message_report = deliver_with(&mut rng, &stamping, &[sealed.descriptor], b"", b"m");
    let report = media_report(&message_report, 0, key, &sealed, &plaintext, 0, 2);
    let (_, _, bytes) = agree(&small, &report, "small keyring").unwrap();
    assert!(bytes == plaintext);
    let mut t = report.clone();
    let last = t.len() - 1;
    t[last] ^= 1;
    assert_eq!(agree(&small, &t, "small keyring"), Err(Error::Invalid));
}
