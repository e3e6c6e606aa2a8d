//! Every message of a verified conversation report belongs to the one
//! conversation the report names (SPEC.md 15.6): each stamp binds the
//! conversation id, so a message moved in from another conversation fails.

mod common;

use common::room::{Room, raw_encode};
use franking::Error;

#[test]
fn a_message_from_another_conversation_is_invalid() {
    let room = Room::new(b"room-1", 6);
    let other = Room::new(b"room-2", 6);
    // Same keyring bytes, so the foreign stamp is genuine for room-2.
    let mut kept = room.pick(&[1, 2, 3, 5, 6]);
    let mut foreign = other.pick(&[4]);
    foreign[0].conversation = b"room-1".to_vec();
    kept.insert(3, foreign.remove(0));
    let bytes = raw_encode(b"room-1", &kept);
    assert_eq!(room.verify(&bytes), Err(Error::Invalid));
    // The same messages under room-2's id fail too (the others are room-1's).
    assert_eq!(
        room.verify(&raw_encode(b"room-2", &kept)),
        Err(Error::Invalid)
    );
}

/// The encoder refuses reports that mix conversations outright.
#[test]
fn the_encoder_refuses_messages_of_two_conversations() {
    let room = Room::new(b"room-1", 2);
    let other = Room::new(b"room-2", 4);
    let mut kept = room.pick(&[1, 2]);
    kept.extend(other.pick(&[3]));
    let err = room.encode(&kept).unwrap_err();
    assert!(
        matches!(
            err,
            Error::Malformed {
                field: "conversation",
                ..
            }
        ),
        "{err:?}"
    );
}

/// A genuine one-message report from another conversation verifies only
/// under its own conversation id.
#[test]
fn each_conversation_verifies_under_its_own_id_only() {
    let other = Room::new(b"room-2", 3);
    let kept = other.pick(&[1, 2, 3]);
    assert!(other.verify(&raw_encode(b"room-2", &kept)).is_ok());
    assert_eq!(
        other.verify(&raw_encode(b"room-1", &kept)),
        Err(Error::Invalid)
    );
}
