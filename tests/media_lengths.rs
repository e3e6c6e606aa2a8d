//! The media length functions are exact while the encoding fits in memory
//! and saturate at `usize::MAX` beyond, with no overflow on any argument
//! (tests run with overflow checks, so an overflow panics here).

mod media_common;

use franking::Report;
use franking::media::{CHUNK_SIZE, range_proof};
use franking::wire::{DESCRIPTOR_LEN, MediaMessage, MediaReportHead};
use media_common::*;

/// `a + b * c`, or `usize::MAX` if it does not fit: the model.
fn model(a: u128, b: u128, c: u128) -> usize {
    usize::try_from(a + b * c).unwrap_or(usize::MAX)
}

#[test]
fn media_report_head_length_is_exact_then_saturates() {
    let mut rng = TestRng(81);
    let key = rng.array_bytes();
    let plaintext = bytes(&mut rng, 5 * CHUNK_SIZE + 1);
    let sealed = seal(key, &plaintext);
    let delivered = deliver(&mut rng, &[sealed.descriptor], b"x");
    let report = Report::decode(&delivered.message_report).unwrap();
    let fixed = 16 + 4 + 2 + 8 + 8 + 1 + report.encoded_len() as u128;
    // Exact: the length encode_into writes, for real proofs.
    for (first, count) in [(0, 6), (2, 1), (5, 1), (1, 3)] {
        let proof = range_proof(&sealed.descriptor, first, count, &mut &sealed.tree[..]).unwrap();
        let len = MediaReportHead::encoded_len(&report, proof.hash_count());
        assert_eq!(len, model(fixed, 32, proof.hash_count() as u128));
        let mut out = vec![0u8; len + 5];
        assert_eq!(
            MediaReportHead::encode_into(&report, 0, &proof, &mut out),
            Ok(len)
        );
        assert_eq!(
            MediaReportHead::encode_into(&report, 0, &proof, &mut out[..len - 1]),
            Err(franking::Error::BufferTooSmall { needed: len })
        );
    }
    // Around the largest hash count that fits, and far beyond it.
    let edge = (usize::MAX as u128 - fixed) / 32;
    for p in [
        edge - 1,
        edge,
        edge + 1,
        edge + 2,
        (usize::MAX / 32) as u128,
        (usize::MAX / 32 + 1) as u128,
        usize::MAX as u128,
    ] {
        let p = p as usize;
        assert_eq!(
            MediaReportHead::encoded_len(&report, p),
            model(fixed, 32, p as u128),
            "{p} hashes"
        );
    }
    assert_eq!(
        MediaReportHead::encoded_len(&report, usize::MAX / 32 + 1),
        usize::MAX
    );
}

#[test]
fn media_message_length_is_exact_then_saturates() {
    let fixed = 16 + 2;
    for (count, body) in [
        (0, 0),
        (1, 0),
        (3, 17),
        (0, usize::MAX - 18),
        (0, usize::MAX - 17),
        (1, usize::MAX - 58),
        (1, usize::MAX - 57),
        (usize::MAX / DESCRIPTOR_LEN, 0),
        (usize::MAX / DESCRIPTOR_LEN + 1, 0),
        (usize::MAX, usize::MAX),
    ] {
        let expected =
            usize::try_from(fixed as u128 + count as u128 * DESCRIPTOR_LEN as u128 + body as u128)
                .unwrap_or(usize::MAX);
        assert_eq!(
            MediaMessage::encoded_len(count, body),
            expected,
            "{count} descriptors, {body} bytes"
        );
    }
}
