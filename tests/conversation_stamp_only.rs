//! Stamp-only entries (SPEC.md 15.5, 15.6, 15.7): a message that opens for
//! nobody still takes a sequence number; the recipient keeps its receipt and
//! shows it as "a message from its sender at its seq, content not shown", so
//! a sender cannot plant gaps that read as the reporter's cherry-picking. A
//! stamp-only entry is verified by its stamp alone: any change to it is
//! `Invalid`; it goes through the public checks like a message.

mod common;

use common::room::{Kept, Room, raw_encode};
use common::{MAX_AGE, NOW};
use franking::conversation::{Entry, VerifiedEntry};
use franking::{
    ConversationReport, Error, FrankingTag, KeyId, KeyInterval, Keyring, Opening, PlatformKey,
    Receipt, Stamp, verify_commitment, verify_conversation,
};

/// Room `room-1` of 5 messages where mallory's message 3 is junk: its
/// franking tag commits to nothing anyone holds, so it opens for nobody. The
/// platform stamps it like any message (it cannot tell).
fn room_with_junk() -> Room {
    let mut room = Room::new(b"room-1", 5);
    let junk = &mut room.messages[2];
    junk.sender = b"mallory".to_vec();
    junk.tag = FrankingTag::from_bytes([0xee; 32]);
    junk.message = b"what mallory claims to have said".to_vec();
    junk.stamp = room.keyring.stamp(&junk.tag, &junk.context()).unwrap();
    room
}

/// Message 3 kept as a receipt only, as the recipient keeps it.
fn kept_with_receipt(room: &Room) -> Vec<Kept> {
    let mut kept = room.pick(&[1, 2, 3, 4, 5]);
    kept[2].stamp_only = true;
    kept
}

fn verify_at(room: &Room, now: u64, bytes: &[u8]) -> Result<Vec<VerifiedEntry<'static>>, Error> {
    let bytes: &'static [u8] = Box::leak(bytes.to_vec().into_boxed_slice());
    let report = ConversationReport::decode(bytes)?;
    let verdict = verify_conversation(&room.keyring, now, &report)?;
    Ok(verdict.entries().collect())
}

#[test]
fn a_planted_unopenable_message_names_its_sender_instead_of_making_a_gap() {
    let room = room_with_junk();
    let junk = &room.messages[2];
    // The recipient cannot open it: no opening commits to the tag.
    assert_eq!(
        verify_commitment(
            &junk.header,
            &junk.message,
            Opening::from_bytes(junk.opening),
            &junk.tag
        )
        .err(),
        Some(Error::Invalid)
    );
    // Without its receipt the report has a gap at 3, which reads as withholding.
    let without = room.encode(&room.pick(&[1, 2, 4, 5])).unwrap();
    assert_eq!(room.verify(&without).unwrap().2, 1);
    // With the receipt: contiguous, and position 3 names mallory.
    let bytes = room.encode(&kept_with_receipt(&room)).unwrap();
    let report = ConversationReport::decode(&bytes).unwrap();
    let verdict = verify_conversation(&room.keyring, NOW, &report).unwrap();
    assert!(verdict.is_contiguous());
    assert_eq!(verdict.missing(), 0);
    assert_eq!(verdict.entries().len(), 5);
    assert_eq!(verdict.messages().count(), 4);
    let shown: Vec<(u64, &[u8])> = verdict
        .stamps_only()
        .map(|s| (s.seq(), s.sender()))
        .collect();
    assert_eq!(shown, [(3, &b"mallory"[..])]);
    let hidden = verdict.stamps_only().next().unwrap();
    assert_eq!(
        (hidden.recipient(), hidden.timestamp()),
        (&b"room-1"[..], junk.timestamp)
    );
    assert_eq!(hidden.context(), &junk.context());
    assert_eq!(
        (hidden.stamp(), hidden.franking_tag()),
        (&junk.stamp, &junk.tag)
    );
    let entries: Vec<_> = verdict.entries().collect();
    let entry = &entries[2];
    assert_eq!(entry.context(), &junk.context());
    assert_eq!(
        (entry.recipient(), entry.timestamp(), entry.message_id()),
        (&b"room-1"[..], junk.timestamp, &b"m-3"[..])
    );
    assert_eq!(
        (entry.conversation(), entry.key_id()),
        (&b"room-1"[..], KeyId::new(5))
    );
    assert!(!entries[1].is_stamp_only());
    assert_eq!(entries[1].stamp(), &room.messages[1].stamp);
    assert!(entry.is_stamp_only());
    assert!(entry.message().is_none());
    assert_eq!((entry.sender(), entry.seq()), (&b"mallory"[..], 3));
    assert_eq!(entry.stamp(), &junk.stamp);
    // The other entries show their content.
    assert_eq!(
        entries[3].message().map(|m| m.message()),
        Some(&b"message 4 from bob"[..])
    );
}

/// The recipient API: a receipt as the platform sent it (encoded, stored,
/// decoded) becomes a stamp-only entry with `Entry::stamp_only`, and the
/// crate's encoding agrees with an independent one.
#[test]
fn a_stored_receipt_becomes_a_stamp_only_entry() {
    let room = room_with_junk();
    let junk = &room.messages[2];
    let receipt = room
        .keyring
        .stamp_receipt(&junk.tag, &junk.context())
        .unwrap();
    let mut stored = vec![0u8; receipt.encoded_len()];
    receipt.encode_into(&mut stored).unwrap();
    let receipt = Receipt::decode(&stored).unwrap();
    let kept = kept_with_receipt(&room);
    let before: Vec<_> = kept[..2].iter().map(Kept::receipt).collect();
    let mut entries: Vec<Entry<'_>> = before.into_iter().map(Entry::stamp_only).collect();
    entries.push(Entry::stamp_only(receipt));
    let mut bytes = vec![0u8; ConversationReport::encoded_len(&entries).unwrap()];
    ConversationReport::encode_into(&entries, &mut bytes).unwrap();
    let mut kept = room.pick(&[1, 2, 3]);
    kept.iter_mut().for_each(|k| k.stamp_only = true);
    assert_eq!(bytes, raw_encode(b"room-1", &kept));
    let verdict = verify_conversation(
        &room.keyring,
        NOW,
        &ConversationReport::decode(&bytes).unwrap(),
    )
    .unwrap();
    assert_eq!(verdict.stamps_only().count(), 3);
    assert_eq!(verdict.messages().count(), 0);
    // The mixed report of the other test, through `encode_kept`, agrees with
    // the independent encoder and re-encodes to itself.
    let kept = kept_with_receipt(&room);
    let bytes = room.encode(&kept).unwrap();
    assert_eq!(bytes, raw_encode(b"room-1", &kept));
    let report = ConversationReport::decode(&bytes).unwrap();
    #[cfg(feature = "alloc")]
    assert_eq!(report.encode_to_vec().unwrap(), bytes);
    let hidden = report.entries().nth(2).unwrap();
    assert!(hidden.message().is_none());
    assert_eq!(hidden, Entry::stamp_only(kept[2].receipt()));
    assert_eq!(
        (hidden.stamp(), hidden.franking_tag(), *hidden.context()),
        (kept[2].stamp, kept[2].tag, kept[2].context())
    );
    let shown = report.entries().nth(1).unwrap();
    assert_eq!(
        (shown.stamp(), shown.franking_tag(), *shown.context()),
        (kept[1].stamp, kept[1].tag, kept[1].context())
    );
    assert_eq!(
        shown.message().map(|m| m.message()),
        Some(&kept[1].message[..])
    );
    assert_eq!(report.entries().size_hint(), (5, Some(5)));
}

/// A stamp-only entry is verified by its stamp: a changed stamp MAC, tag,
/// sender, recipient, message id, timestamp or seq is `Invalid`.
#[test]
fn a_mauled_stamp_only_entry_is_invalid() {
    let room = room_with_junk();
    let honest = raw_encode(b"room-1", &kept_with_receipt(&room));
    assert!(verify_at(&room, NOW, &honest).is_ok());
    type Maul = fn(&mut Kept);
    let mauls: [(&str, Maul); 7] = [
        ("stamp MAC", |k| {
            let mut mac = *k.stamp.mac().as_bytes();
            mac[31] ^= 1;
            k.stamp = Stamp::new(k.stamp.key_id(), franking::StampMac::from_bytes(mac));
        }),
        ("franking tag", |k| {
            k.tag = FrankingTag::from_bytes([0xef; 32])
        }),
        ("sender", |k| k.sender = b"alice".to_vec()),
        ("recipient", |k| k.recipient = b"room-2".to_vec()),
        ("message id", |k| k.message_id = b"m-9".to_vec()),
        ("timestamp", |k| k.timestamp += 1),
        ("seq", |k| k.seq = 3),
    ];
    for (field, maul) in mauls {
        let mut kept = kept_with_receipt(&room);
        if field == "seq" {
            // Move the stamp-only entry of 4 to position 3 instead.
            kept = room.pick(&[1, 2, 4, 5]);
            kept[2].stamp_only = true;
        }
        let target = 2;
        maul(&mut kept[target]);
        let bytes = raw_encode(b"room-1", &kept);
        assert_eq!(
            verify_at(&room, NOW, &bytes),
            Err(Error::Invalid),
            "{field}"
        );
    }
}

/// Stamp-only entries go through the public checks of section 6 like
/// messages: an unknown key id, an expired or future timestamp.
#[test]
fn a_stamp_only_entry_goes_through_the_public_checks() {
    let room = room_with_junk();
    let mut kept = kept_with_receipt(&room);
    kept[2].stamp = Stamp::new(KeyId::new(99), *kept[2].stamp.mac());
    let bytes = raw_encode(b"room-1", &kept);
    assert_eq!(
        verify_at(&room, NOW, &bytes),
        Err(Error::UnknownKey {
            key_id: KeyId::new(99)
        })
    );
    let only = raw_encode(b"room-1", &kept_with_receipt(&room)[2..3]);
    let ts = room.messages[2].timestamp;
    assert!(matches!(
        verify_at(&room, ts + MAX_AGE + 1, &only),
        Err(Error::Expired { .. })
    ));
    assert!(matches!(
        verify_at(&room, ts - 301, &only),
        Err(Error::FromFuture { .. })
    ));
}

/// SPEC 15.5 decoding: a kind byte other than 0x01 and 0x02 is `Malformed`
/// at that byte; a message and a stamp-only entry at one seq are `Malformed`.
#[test]
fn unknown_entry_kinds_and_a_shown_and_hidden_message_are_malformed() {
    let room = room_with_junk();
    let kept = kept_with_receipt(&room);
    let bytes = raw_encode(b"room-1", &kept);
    let first_entry = 1 + 2 + 6 + 2;
    for kind in [0x00, 0x03, 0x11, 0xff] {
        let mut other = bytes.clone();
        other[first_entry] = kind;
        assert_eq!(
            ConversationReport::decode(&other).err(),
            Some(Error::Malformed {
                field: "entry kind",
                offset: first_entry
            }),
            "kind {kind:#04x}"
        );
    }
    // Message 4 shown, and again as stamp-only: one seq twice.
    let mut twice = room.pick(&[1, 4, 4]);
    twice[2].stamp_only = true;
    let err = ConversationReport::decode(&raw_encode(b"room-1", &twice)).unwrap_err();
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
    assert_eq!(room.encode(&twice).unwrap_err(), err);
}

/// Stamp-only entries count as entries.
#[test]
fn stamp_only_entries_count_as_entries() {
    let room = room_with_junk();
    let bytes = room.encode(&kept_with_receipt(&room)).unwrap();
    let report = ConversationReport::decode(&bytes).unwrap();
    assert_eq!(report.len(), 5);
    let verdict = franking::ConversationVerdict::verify(&room.keyring, NOW, &report).unwrap();
    assert_eq!((verdict.len(), verdict.stamps_only().count()), (5, 1));
}

/// SPEC 15.6 step 1: an entry stamped outside its key's interval (plus the
/// skew) is `OutsideKeyInterval`, although its stamp is genuine; for a
/// message and for a stamp-only entry alike.
#[test]
fn an_entry_outside_its_keys_interval_is_refused() {
    let room = room_with_junk();
    let base = NOW - 86_400;
    // The key stopped stamping before message 3 (timestamp base + 180).
    let not_after = base + 180 - 301;
    let closed = Keyring::new(
        PlatformKey::from_bytes(
            KeyId::new(5),
            KeyInterval::new(0, not_after).unwrap(),
            &mut core::array::from_fn(|i| 0x77 ^ i as u8),
        )
        .unwrap(),
        MAX_AGE,
    );
    let verify = |kept: &[Kept]| {
        let bytes = raw_encode(b"room-1", kept);
        let report = ConversationReport::decode(&bytes).unwrap();
        verify_conversation(&closed, NOW, &report).map(|v| v.entries().len())
    };
    assert_eq!(verify(&room.pick(&[1, 2])), Ok(2));
    let outside = |timestamp| {
        Err(Error::OutsideKeyInterval {
            key_id: KeyId::new(5),
            timestamp,
            interval: KeyInterval::new(0, not_after).unwrap(),
        })
    };
    // A message outside the interval, and a stamp-only entry outside it.
    assert_eq!(verify(&room.pick(&[1, 2, 4])), outside(base + 240));
    assert_eq!(verify(&kept_with_receipt(&room)), outside(base + 180));
}

/// SPEC 15.6 step 1, the order across entries: the first entry that fails a
/// public check decides, even when a later entry fails an earlier step; and
/// a cryptographic failure never precedes a public error.
#[test]
fn the_first_failing_entry_decides_and_invalid_comes_last() {
    let room = Room::new(b"room-1", 5);
    let last_ts = room.messages[4].timestamp;
    let now = last_ts - 301; // only message 5 is from the future
    let mut kept = room.pick(&[1, 2, 3, 4, 5]);
    kept[0].stamp = Stamp::new(KeyId::new(99), *kept[0].stamp.mac());
    let bytes = raw_encode(b"room-1", &kept);
    // Entry 1 fails step 3 (unknown key), entry 5 step 1 (future): entry 1 decides.
    assert_eq!(
        verify_at(&room, now, &bytes),
        Err(Error::UnknownKey {
            key_id: KeyId::new(99)
        })
    );
    // A forged first entry and a future last one: the public error wins.
    let mut kept = room.pick(&[1, 2, 3, 4, 5]);
    kept[0].message = b"forged".to_vec();
    let bytes = raw_encode(b"room-1", &kept);
    assert!(matches!(
        verify_at(&room, now, &bytes),
        Err(Error::FromFuture { .. })
    ));
    assert_eq!(verify_at(&room, NOW, &bytes), Err(Error::Invalid));
}
