//! Report ids of conversation reports (SPEC.md 6.2): an id over the entries'
//! stamps in order, distinct from every other excerpt's and from the ids of
//! its messages reported alone.

mod common;

use std::collections::HashSet;

use common::room::Room;
use franking::conversation::EntryKind;
use franking::wire::CONVERSATION_REPORT_ID_LABEL;
use franking::{
    ConversationReport, Error, KeyId, MAX_ID_LEN, ReportId, Stamp, StampMac, verify_conversation,
};
use proptest::prelude::*;
use sha2::{Digest, Sha256};

/// Every stamp as a shown message's entry.
fn shown(stamps: &[Stamp]) -> Vec<(EntryKind, &Stamp)> {
    stamps.iter().map(|s| (EntryKind::Message, s)).collect()
}

/// SPEC.md 6.2's conversation id of shown messages, written out with
/// RustCrypto's SHA-256.
fn spec_conversation_id(stamps: &[Stamp], reporter: &[u8]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(b"franking-v1-cvid");
    h.update(u16::try_from(reporter.len()).unwrap().to_be_bytes());
    h.update(reporter);
    for stamp in stamps {
        h.update([0x01]);
        h.update(stamp.key_id().get().to_be_bytes());
        h.update(stamp.mac().as_bytes());
    }
    h.finalize().into()
}

/// The id of the excerpt `seqs` of `room`, from its verdict.
fn excerpt_id(room: &Room, seqs: &[u64], reporter: &[u8]) -> (ReportId, Vec<Stamp>) {
    let bytes = room.encode(&room.pick(seqs)).unwrap();
    let report = ConversationReport::decode(&bytes).unwrap();
    let verdict = verify_conversation(&room.keyring, common::NOW, &report).unwrap();
    let id = verdict.report_id(reporter).unwrap();
    let stamps = verdict.messages().map(|m| *m.stamp()).collect();
    (id, stamps)
}

#[test]
fn a_conversation_excerpt_gets_its_own_id() {
    let room = Room::new(b"room:ids", 6);
    let (excerpt, stamps) = excerpt_id(&room, &[2, 3, 5], b"bob");
    // Submitted again: the same id.
    assert_eq!(excerpt_id(&room, &[2, 3, 5], b"bob").0, excerpt);
    // Another reporter, a shorter or longer or shifted excerpt: other ids.
    let others = [
        excerpt_id(&room, &[2, 3, 5], b"carol").0,
        excerpt_id(&room, &[2, 3], b"bob").0,
        excerpt_id(&room, &[3, 5], b"bob").0,
        excerpt_id(&room, &[2, 3, 5, 6], b"bob").0,
        excerpt_id(&room, &[1, 2, 3, 5], b"bob").0,
    ];
    let mut all: HashSet<ReportId> = others.iter().copied().collect();
    all.insert(excerpt);
    // And each of its messages reported alone: other ids again.
    for stamp in &stamps {
        all.insert(ReportId::for_message(stamp, b"bob").unwrap());
    }
    assert_eq!(all.len(), 1 + others.len() + stamps.len());
    // A one-message excerpt is not that message's report either.
    let (single, single_stamps) = excerpt_id(&room, &[4], b"bob");
    assert_ne!(
        single,
        ReportId::for_message(&single_stamps[0], b"bob").unwrap()
    );
}

#[test]
fn conversation_ids_are_the_specified_hash_over_the_stamps_in_order() {
    assert_eq!(CONVERSATION_REPORT_ID_LABEL, b"franking-v1-cvid");
    let room = Room::new(b"room:spec", 4);
    let (id, stamps) = excerpt_id(&room, &[1, 2, 4], b"reporter-3");
    assert_eq!(id.as_bytes(), &spec_conversation_id(&stamps, b"reporter-3"));
    assert_eq!(
        ReportId::for_conversation(shown(&stamps), b"reporter-3"),
        Ok(id)
    );
    let reversed: Vec<Stamp> = stamps.iter().rev().copied().collect();
    assert_ne!(
        ReportId::for_conversation(shown(&reversed), b"reporter-3"),
        Ok(id)
    );
}

#[test]
fn reporter_ids_are_limited_for_conversations() {
    let stamp = Stamp::new(KeyId::new(1), StampMac::from_bytes([7; 32]));
    let long = vec![b'r'; MAX_ID_LEN + 1];
    let too_long = Err(Error::TooLong {
        field: "reporter",
        max: MAX_ID_LEN,
    });
    assert_eq!(
        ReportId::for_conversation([(EntryKind::Message, &stamp)], &long),
        too_long
    );
    let at_limit = &long[..MAX_ID_LEN];
    assert_eq!(
        ReportId::for_conversation([(EntryKind::Message, &stamp)], at_limit)
            .unwrap()
            .as_bytes(),
        &spec_conversation_id(&[stamp], at_limit)
    );
}

proptest! {
    /// A conversation id changes with any stamp, the order and the count.
    #[test]
    fn conversation_ids_separate_stamp_lists(
        macs in proptest::collection::vec(any::<[u8; 32]>(), 1..6),
        reporter in proptest::collection::vec(any::<u8>(), 0..40),
        flip in any::<usize>(),
    ) {
        let stamps: Vec<Stamp> = macs
            .iter()
            .enumerate()
            .map(|(i, m)| Stamp::new(KeyId::new(i as u32), StampMac::from_bytes(*m)))
            .collect();
        let id = ReportId::for_conversation(shown(&stamps), &reporter).unwrap();
        prop_assert_eq!(id.as_bytes(), &spec_conversation_id(&stamps, &reporter));
        let mut changed = macs.clone();
        changed[flip % macs.len()][flip % 32] ^= 1;
        let changed: Vec<Stamp> = changed
            .iter()
            .enumerate()
            .map(|(i, m)| Stamp::new(KeyId::new(i as u32), StampMac::from_bytes(*m)))
            .collect();
        prop_assert_ne!(ReportId::for_conversation(shown(&changed), &reporter).unwrap(), id);
        prop_assert_ne!(ReportId::for_conversation(shown(&stamps[1..]), &reporter).unwrap(), id);
    }
}

/// An excerpt that shows a message and one that shows only its stamp are
/// different reports (SPEC.md 6.2 covers each entry's kind byte): neither
/// hiding a message's content nor showing it can pass for the other.
#[test]
fn showing_a_message_or_only_its_stamp_gives_distinct_ids() {
    let room = Room::new(b"room:kinds", 3);
    let picked = room.pick(&[1, 2, 3]);
    let shown_bytes = room.encode(&picked).unwrap();
    let mut hidden = picked.clone();
    hidden[1].stamp_only = true;
    let mixed_bytes = room.encode(&hidden).unwrap();
    let id = |bytes: &[u8]| {
        let report = ConversationReport::decode(bytes).unwrap();
        let verdict = verify_conversation(&room.keyring, common::NOW, &report).unwrap();
        verdict.report_id(b"bob").unwrap()
    };
    let (all_shown, stamps) = (id(&shown_bytes), excerpt_id(&room, &[1, 2, 3], b"bob").1);
    let with_hidden = id(&mixed_bytes);
    assert_ne!(all_shown, with_hidden);
    let kinds = [EntryKind::Message, EntryKind::StampOnly, EntryKind::Message];
    let expected = ReportId::for_conversation(kinds.into_iter().zip(&stamps), b"bob").unwrap();
    assert_eq!(with_hidden, expected);
}
