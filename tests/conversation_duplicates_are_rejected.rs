//! A message cannot appear twice in a conversation report (SPEC.md 15.5):
//! a repeated sequence number is `Malformed`, even when the two entries are
//! the same genuine message, and the encoder refuses it too.

mod common;

use common::room::{Room, raw_encode};
use franking::{ConversationReport, Error};

#[test]
fn a_repeated_message_is_malformed() {
    let room = Room::new(b"room-1", 4);
    for dup in 0..4 {
        let mut kept = room.pick(&[1, 2, 3, 4]);
        kept.insert(dup, kept[dup].clone());
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
        assert_eq!(room.encode(&kept).unwrap_err(), err);
    }
}

/// Two different messages claiming one position: the platform never issues
/// a sequence number twice (15.3), so at most one of them can be genuine; the
/// decoder rejects the pair before any cryptography.
#[test]
fn two_messages_with_one_sequence_number_are_malformed() {
    let room = Room::new(b"room-1", 3);
    let mut kept = room.pick(&[1, 2, 3]);
    kept[2].seq = 2;
    let err = ConversationReport::decode(&raw_encode(b"room-1", &kept)).unwrap_err();
    assert!(matches!(
        err,
        Error::Malformed {
            field: "sequence number",
            ..
        }
    ));
}
