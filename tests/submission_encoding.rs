//! Properties of the submission encoding (SPEC.md 16.1): injective and
//! canonical; every truncation, trailing byte and off-by-one entry length
//! refused; every entry decoded by its kind's decoder before it is accepted;
//! decoding and verifying into the fixed verdict touch no heap.

mod counting_alloc;
mod submission_common;

use counting_alloc::heap_ops;
use franking::submission::{NoMembership, ReasonCode, SubmissionEntry, SubmissionVerdict};
use franking::wire::{MAX_ID_LEN, MAX_NOTE_LEN, MAX_SUBMISSION_ENTRIES, SUBMISSION_LABEL};
use franking::{Error, Submission, SubmissionError};
use proptest::prelude::*;
use submission_common::{BOB_IN_ROOM, Member, NOW, REPORTER, evidence, keyring, submission};

fn encode(reason: u16, reporter: &[u8], note: &str, entries: &[SubmissionEntry<'_>]) -> Vec<u8> {
    submission(reason, reporter, note, entries)
}

/// Decoding returns exactly the fields encoded, and each entry borrowed
/// byte for byte.
#[test]
fn decode_returns_what_was_encoded() {
    let e = evidence();
    let entries = [
        SubmissionEntry::message(&e.direct),
        SubmissionEntry::conversation(&e.conversation),
        SubmissionEntry::attachment(&e.range),
    ];
    let bytes = encode(0x8001, REPORTER, "ça suffit", &entries);
    assert_eq!(&bytes[..16], SUBMISSION_LABEL);
    let s = Submission::decode(&bytes).unwrap();
    assert_eq!(s.reason(), ReasonCode::new(0x8001));
    assert_eq!(s.reporter(), REPORTER);
    assert_eq!(s.note(), "ça suffit");
    assert_eq!(s.len(), 3);
    let decoded: Vec<_> = s.entries().collect();
    assert_eq!(decoded, entries);
}

/// Every proper prefix of a valid submission is refused, and so is the
/// submission with any byte appended.
#[test]
fn every_truncation_and_trailing_byte_is_refused() {
    let e = evidence();
    let bytes = encode(
        3,
        REPORTER,
        "note",
        &[
            SubmissionEntry::message(&e.room_message),
            SubmissionEntry::attachment(&e.whole),
        ],
    );
    for len in 0..bytes.len() {
        assert!(
            Submission::decode(&bytes[..len]).is_err(),
            "prefix of {len} bytes accepted"
        );
    }
    for extra in [0u8, 1, 0xff] {
        let mut longer = bytes.clone();
        longer.push(extra);
        assert_eq!(
            Submission::decode(&longer).map(|_| ()),
            Err(SubmissionError::Encoding(Error::Malformed {
                field: "trailing bytes",
                offset: bytes.len()
            }))
        );
    }
}

/// An entry's length one off either way is refused, naming that entry; so
/// is a known kind byte over another kind's report. The decoder runs each
/// entry's own decoder, not only the frame.
#[test]
fn entry_frames_are_checked_and_entries_decoded() {
    let e = evidence();
    let entries = [
        SubmissionEntry::message(&e.direct),
        SubmissionEntry::message(&e.room_message),
    ];
    let bytes = encode(3, REPORTER, "", &entries);
    let second = bytes.len() - 5 - e.room_message.len();
    let first_len_at = second - e.direct.len() - 4;
    for delta in [-1i64, 1] {
        let mut t = bytes.clone();
        let len = e.direct.len() as i64 + delta;
        t[first_len_at..first_len_at + 4].copy_from_slice(&(len as u32).to_be_bytes());
        let err = Submission::decode(&t).map(|_| ()).unwrap_err();
        assert!(
            err.entry().is_some(),
            "length {delta:+} refused at an entry: {err:?}"
        );
        assert_eq!(err.name(), "Malformed");
    }
    for kind in 0..=255u8 {
        let mut t = bytes.clone();
        t[second] = kind;
        let r = Submission::decode(&t).map(|_| ());
        if kind == 1 {
            assert_eq!(r, Ok(()));
        } else {
            assert_eq!(r.unwrap_err().entry(), Some(1), "kind {kind}");
        }
    }
    // The encoder refuses what the decoder would refuse, with the same error.
    let mixed = [SubmissionEntry::conversation(&e.direct)];
    let mut out = vec![0u8; 4096];
    let refused = Submission::encode_into(ReasonCode::OTHER, REPORTER, "", &mixed, &mut out);
    assert_eq!(
        refused,
        Err(SubmissionError::Entry {
            index: 0,
            error: Error::UnsupportedVersion { version: 1 }
        })
    );
}

/// Note limits: 4096 bytes encode and decode; 4097 are `TooLong` both ways;
/// bytes that are not UTF-8 are `Malformed`.
#[test]
fn note_limit_and_utf8_are_enforced() {
    let e = evidence();
    let entry = [SubmissionEntry::message(&e.direct)];
    let at_limit = "é".repeat(MAX_NOTE_LEN / 2);
    let bytes = encode(6, REPORTER, &at_limit, &entry);
    assert_eq!(Submission::decode(&bytes).unwrap().note(), at_limit);
    let over = format!("{at_limit}x");
    let mut out = vec![0u8; 10_000];
    assert_eq!(
        Submission::encode_into(ReasonCode::OTHER, REPORTER, &over, &entry, &mut out),
        Err(SubmissionError::Encoding(Error::TooLong {
            field: "note",
            max: MAX_NOTE_LEN
        }))
    );
    let note_at = 16 + 1 + 2 + 2 + REPORTER.len();
    let mut t = bytes.clone();
    t[note_at + 2] = 0xff; // breaks the first "é"
    assert_eq!(
        Submission::decode(&t).map(|_| ()),
        Err(SubmissionError::Encoding(Error::Malformed {
            field: "note",
            offset: note_at
        }))
    );
}

/// The fixed-capacity verdict refuses more entries than it holds before
/// any cryptography, and the heap-free paths make no heap operation.
#[test]
fn fixed_verdict_capacity_and_no_heap() {
    let e = evidence();
    let entries = [
        SubmissionEntry::message(&e.direct),
        SubmissionEntry::conversation(&e.conversation),
        SubmissionEntry::attachment(&e.whole),
        SubmissionEntry::attachment(&e.range),
        SubmissionEntry::message(&e.room_message),
    ];
    let bytes = encode(4, REPORTER, "note", &entries);
    let ring = keyring();
    let records = [BOB_IN_ROOM];
    let membership = |room: &[u8], account: &[u8], m: &franking::Context<'_>| {
        Member::check(&records, room, account, m)
    };
    let mut verdict: SubmissionVerdict<'_, 5> = SubmissionVerdict::empty(REPORTER);
    let (result, ops) = heap_ops(|| {
        let s = Submission::decode(&bytes)?;
        verdict.verify_into(&ring, NOW, &s, REPORTER, &membership)
    });
    assert_eq!(result, Ok(()));
    assert_eq!(ops, 0, "decode and verify made {ops} heap operation(s)");
    assert_eq!(verdict.entries().len(), 5);
    assert_eq!(verdict.messages().count(), 7);

    let s = Submission::decode(&bytes).unwrap();
    let small = SubmissionVerdict::<'_, 4>::verify(&ring, NOW, &s, REPORTER, &membership);
    assert_eq!(
        small.map(|_| ()),
        Err(SubmissionError::TooManyEntries {
            count: 5,
            capacity: 4
        })
    );
    // Capacity is checked before anything else: even a reporter mismatch
    // (a public check) comes after it.
    let other = SubmissionVerdict::<'_, 4>::verify(&ring, NOW, &s, b"u:mallory", &NoMembership);
    assert_eq!(other.unwrap_err().name(), "TooManyEntries");
}

/// The encoder's limits are exact: a reporter of 65535 bytes and 65535
/// entries encode and decode, an entry of 2^32 - 1 bytes is framed; one
/// more of any is `TooLong`; no entries is
/// `Malformed` at the count's offset, as the decoder would say.
#[test]
fn encoder_limits_are_exact() {
    let e = evidence();
    let one = [SubmissionEntry::message(&e.direct)];
    let reporter = vec![b'u'; MAX_ID_LEN];
    let bytes = encode(3, &reporter, "", &one);
    assert_eq!(
        Submission::decode(&bytes).unwrap().reporter(),
        &reporter[..]
    );
    let mut longer = reporter.clone();
    longer.push(b'u');
    assert_eq!(
        Submission::encoded_len(&longer, "", &one),
        Err(SubmissionError::Encoding(Error::TooLong {
            field: "reporter",
            max: MAX_ID_LEN
        }))
    );
    assert_eq!(
        Submission::encoded_len(b"u:bob", "note", &[]),
        Err(SubmissionError::Encoding(Error::Malformed {
            field: "count",
            offset: 16 + 1 + 2 + 2 + 5 + 2 + 4
        }))
    );
    // An entry of 2^32 - 1 bytes is within the frame (its decoder refuses
    // these zeros), one byte more is not. The zeroed 4 GiB are virtual
    // memory that is never touched beyond the first byte.
    let huge = vec![0u8; u32::MAX as usize + 1];
    assert_eq!(
        Submission::encoded_len(REPORTER, "", &[SubmissionEntry::message(&huge[1..])]),
        Err(SubmissionError::Entry {
            index: 0,
            error: Error::UnsupportedVersion { version: 0 }
        })
    );
    assert_eq!(
        Submission::encoded_len(REPORTER, "", &[SubmissionEntry::message(&huge)]),
        Err(SubmissionError::Entry {
            index: 0,
            error: Error::TooLong {
                field: "entry",
                max: u32::MAX as usize
            }
        })
    );
    drop(huge);
    let many = vec![SubmissionEntry::message(&e.direct); MAX_SUBMISSION_ENTRIES];
    let bytes = encode(3, REPORTER, "", &many);
    assert_eq!(
        Submission::decode(&bytes).unwrap().len(),
        MAX_SUBMISSION_ENTRIES
    );
    let mut too_many = many;
    too_many.push(SubmissionEntry::message(&e.direct));
    assert_eq!(
        Submission::encoded_len(REPORTER, "", &too_many),
        Err(SubmissionError::Encoding(Error::TooLong {
            field: "submission entries",
            max: MAX_SUBMISSION_ENTRIES
        }))
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Distinct (reason, reporter, note) give distinct encodings, also when
    /// bytes move between reporter and note; each decodes to its own fields
    /// and re-encodes to itself.
    #[test]
    fn encoding_is_injective_and_canonical(
        reasons in any::<(u16, u16)>(),
        all in "[a-zé]{0,24}",
        i in any::<usize>(), j in any::<usize>(),
    ) {
        let e = evidence();
        let entry = [SubmissionEntry::message(&e.direct)];
        let cut = |k: usize| {
            let mut k = k % (all.len() + 1);
            while !all.is_char_boundary(k) { k -= 1; }
            k
        };
        let (i, j) = (cut(i), cut(j));
        let a = encode(reasons.0, &all.as_bytes()[..i], &all[i..], &entry);
        let b = encode(reasons.1, &all.as_bytes()[..j], &all[j..], &entry);
        prop_assert_eq!(a == b, i == j && reasons.0 == reasons.1);
        for (bytes, reason, k) in [(&a, reasons.0, i), (&b, reasons.1, j)] {
            let s = Submission::decode(bytes).unwrap();
            prop_assert_eq!(s.reason().code(), reason);
            prop_assert_eq!(s.reporter(), &all.as_bytes()[..k]);
            prop_assert_eq!(s.note(), &all[k..]);
            let entries: Vec<_> = s.entries().collect();
            let again = encode(reason, s.reporter(), s.note(), &entries);
            prop_assert_eq!(&again, bytes);
        }
    }

    /// Arbitrary bytes after the label and version never panic the decoder,
    /// and whatever it accepts re-encodes to itself.
    #[test]
    fn arbitrary_bytes_decode_canonically_or_not_at_all(
        tail in prop::collection::vec(any::<u8>(), 0..200),
    ) {
        let mut bytes = SUBMISSION_LABEL.to_vec();
        bytes.push(1);
        bytes.extend_from_slice(&tail);
        if let Ok(s) = Submission::decode(&bytes) {
            let entries: Vec<_> = s.entries().collect();
            let again = encode(s.reason().code(), s.reporter(), s.note(), &entries);
            prop_assert_eq!(again, bytes);
        }
    }
}
