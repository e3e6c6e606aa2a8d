//! Capacity (SPEC.md 15.5): without `alloc` a verdict holds a fixed number of
//! messages (32 by default, at least 30), and a longer report fails with
//! `TooManyMessages` before any cryptography; with `alloc`, 1000 and more.

mod common;

use common::NOW;
use common::room::Room;
use franking::conversation::{ConversationVerdict, DEFAULT_CAPACITY};
use franking::{ConversationReport, Error};

#[test]
fn default_capacity_holds_thirty_two_and_refuses_thirty_three() {
    const { assert!(DEFAULT_CAPACITY >= 30) };
    let room = Room::new(b"room-1", 33);
    let bytes = room
        .encode(&room.pick(&(1..=32).collect::<Vec<_>>()))
        .unwrap();
    let report = ConversationReport::decode(&bytes).unwrap();
    assert_eq!(
        franking::verify_conversation(&room.keyring, NOW, &report).map(|v| v.messages().len()),
        Ok(32)
    );
    let bytes = room.encode(&room.messages).unwrap();
    let report = ConversationReport::decode(&bytes).unwrap();
    assert_eq!(
        franking::verify_conversation(&room.keyring, NOW, &report).err(),
        Some(Error::TooManyMessages {
            count: 33,
            capacity: 32
        })
    );
}

/// A verdict of capacity 30: the 31st message is refused, also when the
/// report is forged (the capacity check comes before any cryptography).
#[test]
fn capacity_thirty_refuses_the_thirty_first_message() {
    let room = Room::new(b"room-1", 31);
    let bytes = room.encode(&room.messages).unwrap();
    let report = ConversationReport::decode(&bytes).unwrap();
    let v = ConversationVerdict::<30>::verify(&room.keyring, NOW, &report);
    assert_eq!(
        v.err(),
        Some(Error::TooManyMessages {
            count: 31,
            capacity: 30
        })
    );
    let v = ConversationVerdict::<31>::verify(&room.keyring, NOW, &report).unwrap();
    assert_eq!(v.messages().len(), 31);
    // A forged report of 31: still TooManyMessages into 30, Invalid into 31.
    let mut forged = bytes.clone();
    let last = forged.len() - 1;
    forged[last] ^= 1;
    let forged = ConversationReport::decode(&forged).unwrap();
    assert_eq!(
        ConversationVerdict::<30>::verify(&room.keyring, NOW, &forged).err(),
        Some(Error::TooManyMessages {
            count: 31,
            capacity: 30
        })
    );
    assert_eq!(
        ConversationVerdict::<31>::verify(&room.keyring, NOW, &forged).err(),
        Some(Error::Invalid)
    );
}

#[cfg(feature = "alloc")]
#[test]
fn with_alloc_a_thousand_messages_verify() {
    let room = Room::new(b"room-1", 1000);
    let bytes = room.encode(&room.messages).unwrap();
    let report = ConversationReport::decode(&bytes).unwrap();
    assert_eq!(report.len(), 1000);
    let verdict =
        franking::conversation::verify_conversation_vec(&room.keyring, NOW, &report).unwrap();
    assert_eq!(verdict.messages().len(), 1000);
    assert!(verdict.is_contiguous());
    assert_eq!(verdict.messages()[999].seq(), 1000);
    assert_eq!(
        ConversationReport::to_vec(&report.messages().collect::<Vec<_>>()).unwrap(),
        bytes
    );
}

/// One verdict reused for several reports holds exactly the last one's
/// messages, and none after a report that fails.
#[test]
fn a_reused_verdict_holds_only_the_last_verified_report() {
    let room = Room::new(b"room-1", 40);
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
    assert_eq!(verdict.messages().len(), 3);
    assert_eq!(verdict.missing(), 4);
    assert_eq!(
        verdict.verify_into(&room.keyring, NOW, &forged),
        Err(Error::Invalid)
    );
    assert!(verdict.messages().is_empty());
    assert!(verdict.verify_into(&room.keyring, NOW, &long).is_err());
    assert!(verdict.messages().is_empty());
    assert_eq!(verdict.verify_into(&room.keyring, NOW, &short), Ok(()));
    assert_eq!(verdict.messages().len(), 3);
}
