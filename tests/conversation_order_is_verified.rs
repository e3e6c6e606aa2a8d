//! The moderator learns the platform's order of the reported messages
//! (SPEC.md 15.5, 15.6): the verdict lists every message in order of
//! sequence number with its sender and time; entries out of order are
//! rejected before any cryptography; a changed sequence number is `Invalid`.

mod common;

use common::NOW;
use common::room::{Kept, Room, SENDERS, raw_encode};
use franking::{ConversationReport, Error, ErrorKind};

#[test]
fn verdict_lists_every_message_in_order_with_sender_time_and_seq() {
    let room = Room::new(b"room-1", 30);
    let kept = room.pick(&(1..=30).collect::<Vec<_>>());
    let bytes = room.encode(&kept).unwrap();
    let report = ConversationReport::decode(&bytes).unwrap();
    let verdict = franking::verify_conversation(&room.keyring, NOW, &report).unwrap();
    assert_eq!(verdict.conversation(), b"room-1");
    assert_eq!(verdict.entries().len(), 30);
    for (m, k) in verdict.entries().zip(&kept) {
        assert_eq!(m.seq(), k.seq);
        assert_eq!(m.sender(), &k.sender[..]);
        assert_eq!(m.sender(), SENDERS[(k.seq % 3) as usize]);
        assert_eq!(m.timestamp(), k.timestamp);
        assert_eq!(m.message().map(|r| r.message()), Some(&k.message[..]));
        assert_eq!(m.conversation(), b"room-1");
        assert_eq!(m.stamp(), &k.stamp);
    }
    assert!(verdict.is_contiguous());
    assert_eq!(verdict.missing(), 0);
}

/// Swapping two entries, or reversing them, is refused by the decoder (the
/// encoding is canonical), and by the encoder with the same error.
#[test]
fn entries_out_of_order_are_malformed() {
    let room = Room::new(b"room-1", 6);
    let mut kept = room.pick(&[1, 2, 3, 4, 5, 6]);
    kept.swap(2, 3);
    let bytes = raw_encode(b"room-1", &kept);
    let err = ConversationReport::decode(&bytes).unwrap_err();
    assert!(
        matches!(
            err,
            Error::Malformed {
                field: "sequence number",
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(
        room.encode(&kept).unwrap_err(),
        err,
        "encoder refuses what the decoder would"
    );
    kept.reverse();
    assert_eq!(
        ConversationReport::decode(&raw_encode(b"room-1", &kept))
            .map(|_| ())
            .map_err(|e| e.kind()),
        Err(ErrorKind::Malformed)
    );
}

/// Changing a sequence number (to reorder, or to sit elsewhere in the
/// excerpt) breaks that message's stamp: `Invalid`, whichever message.
#[test]
fn a_changed_sequence_number_is_invalid() {
    let room = Room::new(b"room-1", 5);
    for target in 0..5 {
        let mut kept = room.pick(&[1, 2, 3, 4, 5]);
        // Move message `target` to the far end (order stays increasing).
        let moved: Kept = {
            let mut m = kept.remove(target);
            m.seq = 100;
            m
        };
        kept.push(moved);
        let bytes = raw_encode(b"room-1", &kept);
        assert!(ConversationReport::decode(&bytes).is_ok());
        assert_eq!(room.verify(&bytes), Err(Error::Invalid), "message {target}");
    }
}

/// A message's timestamp cannot be changed either (it is in the stamp).
#[test]
fn a_changed_timestamp_is_invalid() {
    let room = Room::new(b"room-1", 3);
    let mut kept = room.pick(&[1, 2, 3]);
    kept[1].timestamp += 1;
    assert_eq!(
        room.verify(&raw_encode(b"room-1", &kept)),
        Err(Error::Invalid)
    );
}
