//! Hostile input to the decoders: every truncation, trailing bytes, unknown
//! versions, and every length prefix off by one are rejected with the
//! specified error, and no input makes a decoder panic.

mod common;

use common::{ReportParts, SENDER_LEN_OFFSET, Scenario};
use franking::wire::{ENVELOPE_LEN, REPORT_FIXED_LEN, STAMP_LEN};
use franking::{Envelope, Error, ErrorKind, Report, Stamp};
use proptest::prelude::*;

fn decode_err(bytes: &[u8]) -> Option<ErrorKind> {
    Report::decode(bytes).err().map(|e| e.kind())
}

/// A valid report encoding whose fields are all non-empty and made of 0xaa,
/// so that any misaligned length read is a large number.
fn filled_parts() -> ReportParts {
    ReportParts {
        version: 1,
        key_id: 0xaaaa_aaaa,
        mac: [0xaa; 32],
        franking_tag: [0xaa; 32],
        opening: [0xaa; 32],
        timestamp: u64::MAX / 3,
        seq: u64::MAX / 5,
        sender: vec![0xaa; 5],
        recipient: vec![0xaa; 6],
        message_id: vec![0xaa; 7],
        conversation: vec![0xaa; 4],
        header: vec![0xaa; 8],
        message: vec![0xaa; 9],
    }
}

/// Valid encodings to mutate: a real report, one with empty fields, one filled.
fn samples() -> Vec<Vec<u8>> {
    let real = Scenario::new(800, b"header", b"message body").report_bytes();
    let mut empty = filled_parts();
    for field in [
        &mut empty.sender,
        &mut empty.recipient,
        &mut empty.message_id,
        &mut empty.conversation,
        &mut empty.header,
        &mut empty.message,
    ] {
        field.clear();
    }
    let empty = empty.encode();
    assert_eq!(empty.len(), REPORT_FIXED_LEN);
    let all = vec![real, empty, filled_parts().encode()];
    for bytes in &all {
        assert!(Report::decode(bytes).is_ok());
    }
    all
}

#[test]
fn report_truncated_at_every_length_is_malformed() {
    for bytes in samples() {
        for len in 0..bytes.len() {
            assert_eq!(
                decode_err(&bytes[..len]),
                Some(ErrorKind::Malformed),
                "length {len}"
            );
        }
    }
}

#[test]
fn empty_report_is_malformed() {
    assert_eq!(decode_err(&[]), Some(ErrorKind::Malformed));
}

#[test]
fn report_with_trailing_bytes_is_malformed() {
    for bytes in samples() {
        for extra in [&[0u8][..], &[1], &[0xff], &[0, 0], &[0; 64]] {
            let mut long = bytes.clone();
            long.extend_from_slice(extra);
            assert_eq!(
                decode_err(&long),
                Some(ErrorKind::Malformed),
                "extra {extra:?}"
            );
        }
    }
}

/// The error names what a caller needs to find the fault: the first byte
/// past the encoding, the version found, the field a truncation cut.
#[test]
fn decoding_errors_name_field_and_offset() {
    for bytes in samples() {
        let mut long = bytes.clone();
        long.push(0);
        assert_eq!(
            Report::decode(&long).err(),
            Some(Error::Malformed {
                field: "trailing bytes",
                offset: bytes.len()
            })
        );
        let mut other = bytes.clone();
        other[0] = 9;
        assert_eq!(
            Report::decode(&other).err(),
            Some(Error::UnsupportedVersion { version: 9 })
        );
        assert_eq!(
            Report::decode(&bytes[..40]).err(),
            Some(Error::Malformed {
                field: "franking tag",
                offset: 37
            })
        );
        // Cutting the last byte leaves the message's length prefix overrunning
        // the input: reported at the prefix.
        let message_len = Report::decode(&bytes).map(|r| r.message().len()).unwrap();
        assert_eq!(
            Report::decode(&bytes[..bytes.len() - 1]).err(),
            Some(Error::Malformed {
                field: "message",
                offset: bytes.len() - message_len - 4
            })
        );
    }
}

#[test]
fn report_with_any_other_version_is_unsupported() {
    for bytes in samples() {
        for version in 0..=255u8 {
            let mut other = bytes.clone();
            other[0] = version;
            let expected = match version {
                1 => None,
                // SPEC.md 5.6: the crate's other encodings are named.
                0x11 | 0x52 | 0x4b => Some(ErrorKind::WrongEncoding),
                _ => Some(ErrorKind::UnsupportedVersion),
            };
            assert_eq!(decode_err(&other), expected, "version {version}");
        }
    }
    // The version is judged first, even on a lone byte.
    for version in 0..=255u8 {
        let expected = match version {
            1 => ErrorKind::Malformed,
            0x11 | 0x52 | 0x4b => ErrorKind::WrongEncoding,
            _ => ErrorKind::UnsupportedVersion,
        };
        assert_eq!(
            decode_err(&[version]),
            Some(expected),
            "lone version {version}"
        );
    }
}

#[test]
fn report_with_any_length_prefix_off_by_one_is_malformed() {
    let parts = filled_parts();
    let bytes = parts.encode();
    let prefixes = parts.length_prefixes();
    assert_eq!(prefixes[0].0, SENDER_LEN_OFFSET);
    for (at, width) in prefixes {
        let read = |b: &[u8]| {
            b[at..at + width]
                .iter()
                .fold(0u64, |acc, &x| acc << 8 | u64::from(x))
        };
        let value = read(&bytes);
        for new in [value + 1, value - 1] {
            let mut bad = bytes.clone();
            let be = new.to_be_bytes();
            bad[at..at + width].copy_from_slice(&be[8 - width..]);
            assert_eq!(read(&bad), new);
            assert_eq!(
                decode_err(&bad),
                Some(ErrorKind::Malformed),
                "prefix at {at} set to {new}"
            );
        }
    }
}

#[test]
fn report_with_off_by_one_prefixes_on_real_reports_is_malformed() {
    // The same on a real report (ids and content are not 0xaa-filled), for
    // each prefix whose field is non-empty so that minus one is meaningful.
    let s = Scenario::new(801, b"header", b"message body");
    let parts = s.report_parts();
    let bytes = parts.encode();
    for (at, width) in parts.length_prefixes() {
        for delta in [1i64, -1] {
            let mut bad = bytes.clone();
            let mut value = 0u64;
            for &b in &bad[at..at + width] {
                value = value << 8 | u64::from(b);
            }
            let new = value.wrapping_add_signed(delta).to_be_bytes();
            bad[at..at + width].copy_from_slice(&new[8 - width..]);
            assert_eq!(
                decode_err(&bad),
                Some(ErrorKind::Malformed),
                "prefix at {at}, delta {delta}"
            );
        }
    }
}

#[test]
fn report_with_huge_length_prefixes_is_malformed() {
    let parts = filled_parts();
    let bytes = parts.encode();
    for (at, width) in parts.length_prefixes() {
        for fill in [0xffu8, 0x80, 0x7f] {
            let mut bad = bytes.clone();
            bad[at..at + width].fill(fill);
            assert_eq!(
                decode_err(&bad),
                Some(ErrorKind::Malformed),
                "prefix at {at}, fill {fill:#x}"
            );
        }
    }
}

#[test]
fn envelope_of_any_other_length_is_malformed() {
    let bytes = [0x5au8; ENVELOPE_LEN + 8];
    for len in 0..bytes.len() {
        let r = Envelope::decode(&bytes[..len]);
        if len == ENVELOPE_LEN {
            assert!(r.is_ok());
        } else {
            assert_eq!(
                r.map_err(|e| e.kind()),
                Err(ErrorKind::Malformed),
                "length {len}"
            );
        }
    }
}

#[test]
fn stamp_of_any_other_length_is_malformed() {
    let bytes = [0x5au8; STAMP_LEN + 8];
    for len in 0..bytes.len() {
        let r = Stamp::decode(&bytes[..len]);
        if len == STAMP_LEN {
            assert!(r.is_ok());
        } else {
            assert_eq!(
                r.map_err(|e| e.kind()),
                Err(ErrorKind::Malformed),
                "length {len}"
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Decoders never panic, and fail only with the decoding errors.
    #[test]
    fn decoders_never_panic_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        if let Err(e) = Report::decode(&bytes) {
            prop_assert!(matches!(e, Error::Malformed { .. } | Error::UnsupportedVersion { .. } | Error::WrongEncoding { .. }), "{:?}", e);
        }
        let mut versioned = bytes.clone();
        versioned.insert(0, 1);
        if let Err(e) = Report::decode(&versioned) {
            prop_assert_eq!(e.kind(), ErrorKind::Malformed);
        }
        let _ = Envelope::decode(&bytes);
        let _ = Stamp::decode(&bytes);
    }
}

/// Decoding copies no variable-length field: header, message and ids are
/// slices of the input itself, right after their length prefixes, so decoding
/// costs the same for a 1 MiB message as for an empty one.
#[test]
fn decoding_borrows_every_variable_field_from_the_input() {
    let mut parts = filled_parts();
    parts.message = vec![0x5a; 1 << 20];
    let bytes = parts.encode();
    let report = Report::decode(&bytes).unwrap();
    let context = report.context();
    let fields = [
        context.sender(),
        context.recipient(),
        context.message_id(),
        context.conversation(),
        report.header(),
        report.message(),
    ];
    for ((offset, width), field) in parts.length_prefixes().into_iter().zip(fields) {
        assert_eq!(
            field.as_ptr(),
            bytes[offset + width..].as_ptr(),
            "field after offset {offset}"
        );
    }
}
