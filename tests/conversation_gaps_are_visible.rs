//! Cherry-picking shows (SPEC.md 15.6): a message left out between two
//! reported ones is a gap in the verdict, with the exact count of missing
//! messages; closing a gap (renumbering) or inventing one is `Invalid`.

mod common;

use common::NOW;
use common::room::{Room, raw_encode};
use franking::conversation::Gap;
use franking::{ConversationReport, Error};

#[test]
fn a_removed_message_is_a_gap() {
    let room = Room::new(b"room-1", 10);
    let kept = room.pick(&[1, 2, 3, 5, 6, 9, 10]);
    let bytes = room.encode(&kept).unwrap();
    let report = ConversationReport::decode(&bytes).unwrap();
    let verdict = franking::verify_conversation(&room.keyring, NOW, &report).unwrap();
    assert!(!verdict.is_contiguous());
    let gaps: Vec<Gap> = verdict.gaps().collect();
    assert_eq!(
        gaps,
        [
            Gap {
                after: 3,
                before: 5
            },
            Gap {
                after: 6,
                before: 9
            }
        ]
    );
    assert_eq!(gaps[1].missing(), 2);
    assert_eq!(verdict.missing(), 3);
}

/// Reporting only the abusive-looking replies, without what provoked them:
/// the verdict shows how much was left out.
#[test]
fn cherry_picking_is_visible_in_the_verdict() {
    let room = Room::new(b"room-1", 30);
    let picked = room.pick(&[4, 17, 29]);
    let (seqs, _, missing) = room.verify(&room.encode(&picked).unwrap()).unwrap();
    assert_eq!(seqs, [4, 17, 29]);
    assert_eq!(missing, 12 + 11);
    let full = room.pick(&(4..=29).collect::<Vec<_>>());
    assert_eq!(room.verify(&room.encode(&full).unwrap()).unwrap().2, 0);
}

/// Closing the gap by renumbering the messages after it: their stamps bind
/// the old numbers.
#[test]
fn closing_a_gap_by_renumbering_is_invalid() {
    let room = Room::new(b"room-1", 6);
    let mut kept = room.pick(&[1, 2, 3, 5, 6]);
    kept[3].seq = 4;
    kept[4].seq = 5;
    assert_eq!(
        room.verify(&raw_encode(b"room-1", &kept)),
        Err(Error::Invalid)
    );
    // Renumbering one message alone is enough to fail.
    let mut kept = room.pick(&[1, 2, 3, 5]);
    kept[3].seq = 4;
    assert_eq!(
        room.verify(&raw_encode(b"room-1", &kept)),
        Err(Error::Invalid)
    );
}

/// Forging a gap (to suggest the other side deleted something) by raising
/// a sequence number: `Invalid`.
#[test]
fn inventing_a_gap_is_invalid() {
    let room = Room::new(b"room-1", 4);
    let mut kept = room.pick(&[1, 2, 3, 4]);
    kept[3].seq = 9;
    assert_eq!(
        room.verify(&raw_encode(b"room-1", &kept)),
        Err(Error::Invalid)
    );
}

/// A verdict's `Debug` shows how many messages and how many are missing,
/// never their content.
#[test]
fn verdict_debug_shows_counts_not_content() {
    let room = Room::new(b"room-1", 5);
    let bytes = room.encode(&room.pick(&[1, 2, 5])).unwrap();
    let report = ConversationReport::decode(&bytes).unwrap();
    let verdict = franking::verify_conversation(&room.keyring, NOW, &report).unwrap();
    let shown = format!("{verdict:?}");
    assert!(
        shown.contains("entries: 3") && shown.contains("missing: 2"),
        "{shown}"
    );
    assert!(!shown.contains("message 1"), "{shown}");
    let shown = format!("{report:?}");
    assert!(shown.contains("entries: 3"), "{shown}");
    let shown = format!("{:?}", verdict.entries());
    assert_eq!(shown, "VerifiedEntries { left: 3 }");
}

/// `Gap`'s fields are public, so a hand-made gap may have `before` at most
/// `after + 1`: `missing` saturates at 0 instead of wrapping (or panicking
/// with overflow checks), and is exact at the extremes.
#[test]
fn gap_missing_never_underflows() {
    let gap = |after, before| Gap { after, before }.missing();
    assert_eq!(gap(5, 5), 0);
    assert_eq!(gap(5, 6), 0);
    assert_eq!(gap(6, 5), 0);
    assert_eq!(gap(u64::MAX, 0), 0);
    assert_eq!(gap(5, 7), 1);
    assert_eq!(gap(0, u64::MAX), u64::MAX - 1);
}
