//! A stamp-only entry is a present position but not a shown message (SPEC.md
//! 15.6): a reporter who hides the content of a message in the run (here the
//! accused's reply) keeps the verdict contiguous, and only `is_complete`
//! tells. The hidden message names its honest sender, exactly as junk that
//! sender planted would: the moderator cannot tell the two apart.

mod common;

use common::NOW;
use common::room::{Kept, Room};
use franking::{ConversationReport, ConversationVerdict};

/// `(is_contiguous, is_complete)` of the verdict.
fn contiguous_and_complete(room: &Room, kept: &[Kept]) -> (bool, bool) {
    let bytes = room.encode(kept).unwrap();
    let report = ConversationReport::decode(&bytes).unwrap();
    let verdict = ConversationVerdict::verify(&room.keyring, NOW, &report).unwrap();
    (verdict.is_contiguous(), verdict.is_complete())
}

#[test]
fn hiding_the_accuseds_reply_keeps_the_run_contiguous_but_not_complete() {
    // Senders in turn: 1 bob, 2 carol, 3 alice, 4 bob, 5 carol, 6 alice.
    // Bob reports; alice's reply at 3 puts the abuse in context, and bob
    // shows it by its receipt only.
    let room = Room::new(b"room-1", 6);
    let mut kept = room.pick(&[1, 2, 3, 4, 5, 6]);
    kept[2].stamp_only = true;
    assert_eq!(contiguous_and_complete(&room, &kept), (true, false));

    let bytes = room.encode(&kept).unwrap();
    let report = ConversationReport::decode(&bytes).unwrap();
    let verdict = franking::verify_conversation(&room.keyring, NOW, &report).unwrap();
    assert_eq!((verdict.missing(), verdict.messages().count()), (0, 5));
    // The hidden reply names alice at 3, as junk alice planted would.
    let hidden: Vec<(u64, &[u8])> = verdict
        .stamps_only()
        .map(|s| (s.seq(), s.sender()))
        .collect();
    assert_eq!(hidden, [(3, &b"alice"[..])]);
}

#[test]
fn a_run_shown_in_full_is_complete() {
    let room = Room::new(b"room-1", 6);
    assert_eq!(
        contiguous_and_complete(&room, &room.pick(&[1, 2, 3, 4, 5, 6])),
        (true, true)
    );
    // A run that starts and ends anywhere is complete if nothing inside it
    // is withheld: the verdict says nothing about what lies outside.
    assert_eq!(
        contiguous_and_complete(&room, &room.pick(&[3, 4])),
        (true, true)
    );
    assert_eq!(
        contiguous_and_complete(&room, &room.pick(&[5])),
        (true, true)
    );
}

#[test]
fn a_run_with_a_gap_is_neither_contiguous_nor_complete() {
    let room = Room::new(b"room-1", 6);
    assert_eq!(
        contiguous_and_complete(&room, &room.pick(&[1, 2, 4, 5, 6])),
        (false, false)
    );
    // A gap and a stamp-only entry together: neither.
    let mut kept = room.pick(&[1, 2, 4, 5, 6]);
    kept[3].stamp_only = true;
    assert_eq!(contiguous_and_complete(&room, &kept), (false, false));
}

#[test]
fn every_stamp_only_position_makes_the_run_incomplete() {
    // First, last, or every entry stamp-only: contiguous, never complete.
    let room = Room::new(b"room-1", 6);
    for hide in [&[0usize][..], &[5], &[0, 1, 2, 3, 4, 5]] {
        let mut kept = room.pick(&[1, 2, 3, 4, 5, 6]);
        for &i in hide {
            kept[i].stamp_only = true;
        }
        assert_eq!(
            contiguous_and_complete(&room, &kept),
            (true, false),
            "{hide:?}"
        );
    }
}
