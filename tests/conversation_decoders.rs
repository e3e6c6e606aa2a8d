//! The conversation report encoding (SPEC.md 15.5) is canonical and checked:
//! every truncation, trailing bytes, other version bytes (a single report's
//! included), a count of 0 and every count off by one are rejected with the
//! specified error; every accepted input re-encodes to itself; no input
//! makes the decoder or the verifier panic.

mod common;

use common::NOW;
use common::room::{Room, raw_encode};
use franking::conversation::Entry;
use franking::{ConversationReport, Error, ErrorKind, Report};
use proptest::prelude::*;

fn sample() -> Vec<u8> {
    let room = Room::new(b"room-1", 4);
    room.encode(&room.pick(&[1, 2, 4])).unwrap()
}

#[test]
fn every_truncation_and_trailing_bytes_are_malformed() {
    let bytes = sample();
    for len in 0..bytes.len() {
        assert_eq!(
            ConversationReport::decode(&bytes[..len])
                .map(|_| ())
                .map_err(|e| e.kind()),
            Err(ErrorKind::Malformed),
            "length {len}"
        );
    }
    let mut long = bytes.clone();
    long.push(0);
    assert_eq!(
        ConversationReport::decode(&long).err(),
        Some(Error::Malformed {
            field: "trailing bytes",
            offset: bytes.len()
        })
    );
}

#[test]
fn other_versions_are_unsupported_and_the_two_report_formats_are_disjoint() {
    let bytes = sample();
    for version in [0x00, 0x01, 0x10, 0x12, 0xff] {
        let mut other = bytes.clone();
        other[0] = version;
        assert_eq!(
            ConversationReport::decode(&other).err(),
            Some(Error::UnsupportedVersion { version })
        );
    }
    assert_eq!(
        Report::decode(&bytes).err(),
        Some(Error::WrongEncoding {
            expected: "report",
            found: "conversation report"
        })
    );
}

#[test]
fn a_count_of_zero_or_off_by_one_is_malformed() {
    let room = Room::new(b"room-1", 3);
    let zero = raw_encode(b"room-1", &[]);
    assert_eq!(
        ConversationReport::decode(&zero).err(),
        Some(Error::Malformed {
            field: "count",
            offset: 1 + 2 + 6
        })
    );
    let bytes = raw_encode(b"room-1", &room.pick(&[1, 2, 3]));
    for count in [2u16, 4] {
        let mut other = bytes.clone();
        other[9..11].copy_from_slice(&count.to_be_bytes());
        assert_eq!(
            ConversationReport::decode(&other)
                .map(|_| ())
                .map_err(|e| e.kind()),
            Err(ErrorKind::Malformed),
            "count {count}"
        );
    }
    assert!(room.encode(&[]).is_err());
}

/// The crate's encoder and the independent one agree; a decoded report's
/// messages re-encode to the same bytes.
#[test]
fn crate_and_independent_encodings_agree() {
    let room = Room::new(b"room-1", 7);
    let kept = room.pick(&[2, 3, 5, 7]);
    let bytes = room.encode(&kept).unwrap();
    assert_eq!(bytes, raw_encode(b"room-1", &kept));
    let report = ConversationReport::decode(&bytes).unwrap();
    assert_eq!((report.len(), report.is_empty()), (4, false));
    let messages: Vec<Entry<'_>> = report.entries().collect();
    let mut again = vec![0u8; bytes.len()];
    assert_eq!(
        ConversationReport::encode_into(&messages, &mut again),
        Ok(bytes.len())
    );
    assert_eq!(again, bytes);
    assert_eq!(
        ConversationReport::encode_into(&messages, &mut again[..10]).map_err(|e| e.kind()),
        Err(ErrorKind::BufferTooSmall)
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Any change to a valid encoding either fails to decode, or decodes to
    /// something that re-encodes to exactly the changed bytes; verification
    /// of whatever decodes never panics, and accepts only the original.
    #[test]
    fn mutated_encodings_are_rejected_or_canonical(
        at in any::<usize>(), value in any::<u8>(), kind in 0u8..4,
    ) {
        let room = Room::new(b"room-1", 4);
        let original = room.encode(&room.pick(&[1, 2, 4])).unwrap();
        let mut bytes = original.clone();
        let at = at % bytes.len();
        match kind {
            0 => bytes[at] ^= value | 1,
            1 => bytes.insert(at, value),
            2 => { bytes.remove(at); }
            _ => bytes.truncate(at),
        }
        if let Ok(report) = ConversationReport::decode(&bytes) {
            let messages: Vec<Entry<'_>> = report.entries().collect();
            let mut again = vec![0u8; bytes.len()];
            prop_assert_eq!(ConversationReport::encode_into(&messages, &mut again), Ok(bytes.len()));
            prop_assert_eq!(&again, &bytes);
            let verdict = franking::verify_conversation(&room.keyring, NOW, &report);
            prop_assert!(verdict.is_err() || bytes == original);
        }
    }
}

/// A repeated or decreasing `seq` is reported at the exact offset of the
/// offending entry's `seq` field, for both entry kinds (SPEC.md 15.5: 77
/// bytes into a stamp-only entry, 109 into a message), by the decoder and
/// the encoder alike.
#[test]
fn a_repeated_seq_is_reported_at_that_entrys_seq_field() {
    let room = Room::new(b"room-1", 4);
    let start = 1 + 2 + 6 + 2;
    for (hidden, seq_at) in [(true, 77), (false, 109)] {
        let mut kept = room.pick(&[1, 4, 4]);
        kept[1].stamp_only = !hidden;
        kept[2].stamp_only = hidden;
        let bytes = raw_encode(b"room-1", &kept);
        let offset = start + kept[0].entry().len() + kept[1].entry().len() + seq_at;
        let want = Error::Malformed {
            field: "sequence number",
            offset,
        };
        assert_eq!(ConversationReport::decode(&bytes).err(), Some(want));
        assert_eq!(room.encode(&kept).err(), Some(want));
    }
}

/// The count limit is exact: 65535 entries encode, 65536 are `TooLong`
/// (stamp-only entries with empty ids: 91 bytes each, no stamping needed).
#[test]
fn the_count_limit_is_exact() {
    use franking::conversation::Entry;
    use franking::{Context, FrankingTag, Receipt, Stamp};
    let contexts: Vec<Context<'_>> = (0..=u64::from(u16::MAX))
        .map(|seq| {
            Context::new(b"", b"", 0, b"")
                .unwrap()
                .in_conversation(b"c", seq)
                .unwrap()
        })
        .collect();
    let tag = FrankingTag::from_bytes([0; 32]);
    let entries: Vec<Entry<'_>> = contexts
        .iter()
        .map(|c| Entry::stamp_only(Receipt::new(Stamp::default(), tag, *c)))
        .collect();
    let max = usize::from(u16::MAX);
    assert_eq!(
        ConversationReport::encoded_len(&entries[..max]),
        Ok(1 + 2 + 1 + 2 + 91 * max)
    );
    assert_eq!(
        ConversationReport::encoded_len(&entries).err(),
        Some(Error::TooLong {
            field: "conversation report",
            max
        })
    );
    let mut out = vec![0u8; 16];
    assert_eq!(
        ConversationReport::encode_into(&entries, &mut out).err(),
        Some(Error::TooLong {
            field: "conversation report",
            max
        })
    );
}
