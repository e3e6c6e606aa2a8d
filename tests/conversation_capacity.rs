//! Capacity (SPEC.md 15.5): without `alloc` a verdict holds a fixed number of
//! entries (128 by default, at least the 100 messages Messenger attaches),
//! and a longer report fails with `TooManyMessages` before any cryptography;
//! with `alloc` the same verdict takes any count the encoding allows.

mod common;

use common::NOW;
use common::room::Room;
use franking::conversation::{ConversationVerdict, DEFAULT_CAPACITY};
use franking::{ConversationReport, Error};

#[test]
fn default_capacity_holds_at_least_a_hundred_messages() {
    const { assert!(DEFAULT_CAPACITY >= 100) };
    let room = Room::new(b"room-1", DEFAULT_CAPACITY as u64);
    let bytes = room.encode(&room.messages).unwrap();
    let report = ConversationReport::decode(&bytes).unwrap();
    let verdict = franking::verify_conversation(&room.keyring, NOW, &report).unwrap();
    assert_eq!(verdict.entries().len(), DEFAULT_CAPACITY);
    assert_eq!(verdict.messages().count(), DEFAULT_CAPACITY);
}

/// Without `alloc`, one entry over the capacity is refused before any
/// cryptography (a forged report too); with `alloc`, the same call verifies
/// it on the heap, and a forged one is `Invalid`.
#[test]
fn one_entry_over_the_capacity_is_refused_without_alloc_and_verified_with_it() {
    let room = Room::new(b"room-1", 31);
    let bytes = room.encode(&room.messages).unwrap();
    let report = ConversationReport::decode(&bytes).unwrap();
    let mut forged = bytes.clone();
    let last = forged.len() - 1;
    forged[last] ^= 1;
    let forged = ConversationReport::decode(&forged).unwrap();
    let v = ConversationVerdict::<31>::verify(&room.keyring, NOW, &report).unwrap();
    assert_eq!(v.entries().len(), 31);
    assert_eq!(
        ConversationVerdict::<31>::verify(&room.keyring, NOW, &forged).err(),
        Some(Error::Invalid)
    );
    let into_30 = ConversationVerdict::<30>::verify(&room.keyring, NOW, &report);
    let forged_into_30 = ConversationVerdict::<30>::verify(&room.keyring, NOW, &forged);
    if cfg!(feature = "alloc") {
        let v = into_30.unwrap();
        assert_eq!(v.entries().len(), 31);
        assert_eq!(v.entries()[30].seq(), 31);
        assert!(v.is_contiguous());
        assert_eq!(forged_into_30.err(), Some(Error::Invalid));
    } else {
        let refused = Some(Error::TooManyMessages {
            count: 31,
            capacity: 30,
        });
        assert_eq!(into_30.err(), refused);
        assert_eq!(forged_into_30.err(), refused);
    }
}

/// With `alloc`, `verify_conversation` (the fixed-capacity verdict) and
/// `verify_conversation_vec` take a report of 1000 entries alike.
#[cfg(feature = "alloc")]
#[test]
fn with_alloc_a_thousand_messages_verify() {
    let room = Room::new(b"room-1", 1000);
    let bytes = room.encode(&room.messages).unwrap();
    let report = ConversationReport::decode(&bytes).unwrap();
    assert_eq!(report.len(), 1000);
    let verdict =
        franking::conversation::verify_conversation_vec(&room.keyring, NOW, &report).unwrap();
    assert_eq!(verdict.entries().len(), 1000);
    assert!(verdict.is_contiguous());
    assert_eq!(verdict.entries()[999].seq(), 1000);
    let fixed = franking::verify_conversation(&room.keyring, NOW, &report).unwrap();
    assert_eq!(fixed.entries(), verdict.entries());
    assert_eq!(
        ConversationReport::to_vec(&report.entries().collect::<Vec<_>>()).unwrap(),
        bytes
    );
}

/// One verdict reused for several reports holds exactly the last one's
/// messages, and none after a report that fails.
#[test]
fn a_reused_verdict_holds_only_the_last_verified_report() {
    let room = Room::new(b"room-1", 40);
    // Capacity 32 holds the short report; the long one does not fit (without
    // alloc) or spills to the heap (with it).
    let long = room.encode(&room.messages).unwrap();
    let short = room.encode(&room.pick(&[3, 4, 9])).unwrap();
    let mut forged = short.clone();
    let last = forged.len() - 1;
    forged[last] ^= 1;
    let (long, short, forged) = (
        ConversationReport::decode(&long).unwrap(),
        ConversationReport::decode(&short).unwrap(),
        ConversationReport::decode(&forged).unwrap(),
    );
    let mut verdict = ConversationVerdict::<32>::empty(b"");
    assert_eq!(verdict.verify_into(&room.keyring, NOW, &short), Ok(()));
    assert_eq!(verdict.entries().len(), 3);
    assert_eq!(verdict.missing(), 4);
    assert_eq!(
        verdict.verify_into(&room.keyring, NOW, &forged),
        Err(Error::Invalid)
    );
    assert!(verdict.entries().is_empty());
    let long_result = verdict.verify_into(&room.keyring, NOW, &long);
    assert_eq!(long_result.is_ok(), cfg!(feature = "alloc"));
    assert_eq!(
        verdict.entries().len(),
        if cfg!(feature = "alloc") { 40 } else { 0 }
    );
    // Straight after the long report: only the short one's entries.
    assert_eq!(verdict.verify_into(&room.keyring, NOW, &short), Ok(()));
    assert_eq!(verdict.entries().len(), 3);
    assert_eq!(verdict.missing(), 4);
    if verdict.verify_into(&room.keyring, NOW, &long).is_ok() {
        assert_eq!(
            verdict.verify_into(&room.keyring, NOW, &forged),
            Err(Error::Invalid)
        );
        assert!(verdict.entries().is_empty());
    }
    // A forged long report (spilled to the heap with alloc) leaves no entry.
    let mut forged_long = room.encode(&room.messages).unwrap();
    let last = forged_long.len() - 1;
    forged_long[last] ^= 1;
    let forged_long = ConversationReport::decode(&forged_long).unwrap();
    assert_eq!(verdict.verify_into(&room.keyring, NOW, &short), Ok(()));
    assert!(
        verdict
            .verify_into(&room.keyring, NOW, &forged_long)
            .is_err()
    );
    assert!(verdict.entries().is_empty());
    assert_eq!(verdict.missing(), 0);
}

/// The keyring's capacity is generic wherever a keyring is taken (SPEC.md
/// section 7): a verify-only keyring of 4 keys, loaded with the room's key,
/// verifies a conversation report through every entry point.
#[test]
fn a_keyring_of_any_capacity_verifies_a_conversation() {
    use franking::{KeyId, KeyInterval, Keyring};
    let room = Room::new(b"room-1", 3);
    let mut small: Keyring<4> = Keyring::verify_only_with_capacity(common::MAX_AGE);
    small
        .insert_from_bytes(
            KeyId::new(5),
            KeyInterval::starting_at(0),
            &mut core::array::from_fn(|i| 0x77 ^ i as u8),
        )
        .unwrap();
    let bytes = room.encode(&room.messages).unwrap();
    let report = ConversationReport::decode(&bytes).unwrap();
    let verdict = franking::verify_conversation(&small, NOW, &report).unwrap();
    assert_eq!(verdict.entries().len(), 3);
    let mut reused = ConversationVerdict::<8>::empty(b"");
    assert_eq!(reused.verify_into(&small, NOW, &report), Ok(()));
    #[cfg(feature = "alloc")]
    assert_eq!(
        franking::conversation::verify_conversation_vec(&small, NOW, &report)
            .unwrap()
            .entries(),
        verdict.entries()
    );
}
