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
        Some(Error::UnsupportedVersion { version: 0x11 })
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
