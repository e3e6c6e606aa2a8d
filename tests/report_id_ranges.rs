//! Report ids of attachment reports (SPEC.md 6.2): a message report, its
//! whole-attachment report and each range of that attachment each get their
//! own id, so deduplicating by id drops only a repeated submission of one
//! report by one reporter, never another report of the same message.

mod media_common;

use std::collections::HashSet;

use franking::media::{CHUNK_SIZE, VerifiedRange, verify_media_report};
use franking::wire::{CONVERSATION_REPORT_ID_LABEL, RANGE_REPORT_ID_LABEL, REPORT_ID_LABEL};
use franking::{Error, KeyId, MAX_ID_LEN, Report, ReportId, Stamp, StampMac, verify};
use media_common::{ArrayBytes, TestRng, bytes, deliver, media_report, seal};
use proptest::prelude::*;
use sha2::{Digest, Sha256};

const LEN: usize = 2 * CHUNK_SIZE + 100; // 3 chunks

/// A delivered message with one 3-chunk attachment, and the media report of
/// any range of it, each call a fresh encoding.
struct Media {
    key: [u8; 32],
    plaintext: Vec<u8>,
    sealed: media_common::Sealed,
    delivered: media_common::Delivered,
}

impl Media {
    fn new(seed: u64) -> Self {
        let mut rng = TestRng(seed);
        let key = rng.array_bytes();
        let plaintext = bytes(&mut rng, LEN);
        let sealed = seal(key, &plaintext);
        let delivered = deliver(&mut rng, &[sealed.descriptor], b"look at this");
        Self {
            key,
            plaintext,
            sealed,
            delivered,
        }
    }

    fn range_report(&self, first: u64, count: u64) -> Vec<u8> {
        let (report, key, sealed) = (&self.delivered.message_report, self.key, &self.sealed);
        media_report(report, 0, key, sealed, &self.plaintext, first, count)
    }

    /// The id of the verified range report `bytes`, submitted by `reporter`.
    fn range_id(&self, bytes: &[u8], reporter: &[u8]) -> ReportId {
        let verified: VerifiedRange<'_> =
            verify_media_report(&self.delivered.keyring, media_common::NOW, bytes).unwrap();
        verified.report_id(reporter).unwrap()
    }

    fn message_id(&self, reporter: &[u8]) -> ReportId {
        let report = Report::decode(&self.delivered.message_report).unwrap();
        let verified = verify(&self.delivered.keyring, media_common::NOW, &report).unwrap();
        verified.report_id(reporter).unwrap()
    }

    fn stamp(&self) -> Stamp {
        Report::decode(&self.delivered.message_report)
            .unwrap()
            .stamp()
    }
}

/// SPEC.md 6.2's range id, written out with RustCrypto's SHA-256.
fn spec_range_id(stamp: &Stamp, j: u16, a: u64, c: u64, reporter: &[u8]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(b"franking-v1-rgid");
    h.update(stamp.key_id().get().to_be_bytes());
    h.update(stamp.mac().as_bytes());
    h.update(j.to_be_bytes());
    h.update(a.to_be_bytes());
    h.update(c.to_be_bytes());
    h.update(u16::try_from(reporter.len()).unwrap().to_be_bytes());
    h.update(reporter);
    h.finalize().into()
}

#[test]
fn a_message_its_whole_attachment_and_each_range_get_distinct_ids() {
    let media = Media::new(1);
    let ranges = [(0, 3), (0, 1), (1, 1), (2, 1), (0, 2), (1, 2)];
    let mut ids = vec![media.message_id(b"bob")];
    for (first, count) in ranges {
        ids.push(media.range_id(&media.range_report(first, count), b"bob"));
    }
    let distinct: HashSet<ReportId> = ids.iter().copied().collect();
    assert_eq!(distinct.len(), 1 + ranges.len(), "{ids:?}");
}

#[test]
fn the_same_range_report_twice_gets_the_same_id() {
    let media = Media::new(2);
    // Two submissions: two encodings, two verifications.
    let (once, again) = (media.range_report(1, 2), media.range_report(1, 2));
    assert_eq!(
        media.range_id(&once, b"bob"),
        media.range_id(&again, b"bob")
    );
    assert_ne!(
        media.range_id(&once, b"bob"),
        media.range_id(&once, b"carol"),
        "two reporters of one range are two reports"
    );
}

#[test]
fn a_whole_attachment_report_has_the_id_of_the_range_of_all_chunks() {
    let media = Media::new(3);
    let whole = media.range_report(0, 3);
    let verified =
        verify_media_report(&media.delivered.keyring, media_common::NOW, &whole).unwrap();
    assert!(verified.is_whole());
    let id = verified.report_id(b"bob").unwrap();
    assert_eq!(
        id,
        ReportId::for_range(&media.stamp(), 0, 0, 3, b"bob").unwrap()
    );
    assert_eq!(
        id.as_bytes(),
        &spec_range_id(&media.stamp(), 0, 0, 3, b"bob")
    );
}

#[test]
fn range_ids_are_the_specified_hash() {
    assert_eq!(RANGE_REPORT_ID_LABEL, b"franking-v1-rgid");
    let media = Media::new(4);
    let id = media.range_id(&media.range_report(2, 1), b"reporter-9");
    assert_eq!(
        id.as_bytes(),
        &spec_range_id(&media.stamp(), 0, 2, 1, b"reporter-9")
    );
}

#[test]
fn the_three_labels_differ() {
    let labels = [
        REPORT_ID_LABEL,
        RANGE_REPORT_ID_LABEL,
        CONVERSATION_REPORT_ID_LABEL,
    ];
    let distinct: HashSet<&[u8; 16]> = labels.into_iter().collect();
    assert_eq!(distinct.len(), 3);
}

#[test]
fn reporter_ids_are_limited_for_ranges() {
    let stamp = Stamp::new(KeyId::new(1), StampMac::from_bytes([7; 32]));
    let long = vec![b'r'; MAX_ID_LEN + 1];
    let too_long = Err(Error::TooLong {
        field: "reporter",
        max: MAX_ID_LEN,
    });
    assert_eq!(ReportId::for_range(&stamp, 0, 0, 1, &long), too_long);
    let at_limit = &long[..MAX_ID_LEN];
    assert_eq!(
        ReportId::for_range(&stamp, 0, 0, 1, at_limit)
            .unwrap()
            .as_bytes(),
        &spec_range_id(&stamp, 0, 0, 1, at_limit)
    );
}

proptest! {
    /// Distinct (attachment, first chunk, count, reporter) give distinct
    /// range ids, each the specified hash.
    #[test]
    fn range_ids_separate_every_field(
        mac in any::<[u8; 32]>(),
        a in (any::<u16>(), any::<u64>(), any::<u64>()),
        b in (any::<u16>(), any::<u64>(), any::<u64>()),
        reporter in proptest::collection::vec(any::<u8>(), 0..40),
        other_reporter in proptest::collection::vec(any::<u8>(), 0..40),
    ) {
        let stamp = Stamp::new(KeyId::new(3), StampMac::from_bytes(mac));
        let id = |(j, first, count): (u16, u64, u64), r: &[u8]| {
            ReportId::for_range(&stamp, j, first, count, r).unwrap()
        };
        let first = id(a, &reporter);
        prop_assert_eq!(first.as_bytes(), &spec_range_id(&stamp, a.0, a.1, a.2, &reporter));
        let same = (a, &reporter) == (b, &other_reporter);
        prop_assert_eq!(id(a, &reporter) == id(b, &other_reporter), same);
        prop_assert_ne!(id(a, &reporter), id((a.0, a.1 ^ 1, a.2), &reporter));
        prop_assert_ne!(id(a, &reporter), id((a.0, a.1, a.2 ^ 1), &reporter));
        prop_assert_ne!(id(a, &reporter), ReportId::for_message(&stamp, &reporter).unwrap());
    }
}
