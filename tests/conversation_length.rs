//! Length (SPEC.md 15.5): a verdict keeps the verified report's bytes, not
//! a copy of its entries, so a report of any length the encoding allows
//! verifies without heap and without a capacity, and the verdict reads back
//! exactly the entries that were verified.

mod common;

use common::NOW;
use common::room::Room;
use franking::conversation::{ConversationVerdict, VerifiedEntry};
use franking::{ConversationReport, Error, Report, verify};

/// Flips the last byte (the last entry's content or MAC) of an encoding.
fn forge(bytes: &[u8]) -> Vec<u8> {
    let mut forged = bytes.to_vec();
    let last = forged.len() - 1;
    forged[last] ^= 1;
    forged
}

#[test]
fn a_verdict_is_a_few_words_whatever_the_reports_length() {
    // The report's conversation id and entries (two slices) and its count.
    assert!(core::mem::size_of::<ConversationVerdict<'_>>() <= 5 * core::mem::size_of::<usize>());
}

/// Far past the 100 recent messages Messenger attaches, and past the 128
/// inline entries of earlier designs: no capacity, no `TooManyMessages`.
#[test]
fn a_thousand_messages_verify_and_read_back_in_order() {
    let room = Room::new(b"room-1", 1000);
    let bytes = room.encode(&room.messages).unwrap();
    let report = ConversationReport::decode(&bytes).unwrap();
    let verdict = franking::verify_conversation(&room.keyring, NOW, &report).unwrap();
    assert_eq!((verdict.len(), verdict.is_empty()), (1000, false));
    assert_eq!(verdict.entries().len(), 1000);
    assert!(verdict.entries().map(|e| e.seq()).eq(1..=1000));
    assert!(verdict.is_complete());
    // Integrity across the whole length: the last entry's byte decides.
    let forged = forge(&bytes);
    assert_eq!(
        franking::verify_conversation(
            &room.keyring,
            NOW,
            &ConversationReport::decode(&forged).unwrap()
        )
        .err(),
        Some(Error::Invalid)
    );
}

/// What the verdict hands back is, entry for entry, what verifying each
/// message alone gives: reading from the bytes shows nothing else.
#[test]
fn the_verdict_reads_back_what_single_verification_gives() {
    let room = Room::new(b"room-1", 12);
    let kept = room.pick(&[2, 3, 4, 7, 8, 11]);
    let bytes = room.encode(&kept).unwrap();
    let report = ConversationReport::decode(&bytes).unwrap();
    let verdict = ConversationVerdict::verify(&room.keyring, NOW, &report).unwrap();
    let singles: Vec<Vec<u8>> = report
        .entries()
        .map(|e| {
            let report = e.message().unwrap();
            let mut bytes = vec![0; report.encoded_len()];
            report.encode_into(&mut bytes).unwrap();
            bytes
        })
        .collect();
    let alone: Vec<VerifiedEntry<'_>> = singles
        .iter()
        .map(|b| {
            VerifiedEntry::Message(verify(&room.keyring, NOW, &Report::decode(b).unwrap()).unwrap())
        })
        .collect();
    let read: Vec<VerifiedEntry<'_>> = verdict.entries().collect();
    assert_eq!(read.len(), alone.len());
    // Against the bytes as sent (which share no code with verification)...
    for (r, sent) in read.iter().zip(report.entries()) {
        let sent = sent.message().unwrap();
        let r = r.message().unwrap();
        assert_eq!((r.header(), r.message()), (sent.header(), sent.message()));
        assert_eq!((r.context(), r.stamp()), (sent.context(), &sent.stamp()));
        assert_eq!(r.franking_tag(), &sent.franking_tag());
    }
    // ...and against verifying each alone.
    for (r, a) in read.iter().zip(&alone) {
        assert_eq!(r.context(), a.context());
        assert_eq!(r.stamp(), a.stamp());
        assert_eq!(
            r.message()
                .map(|m| (m.header(), m.message(), m.franking_tag())),
            a.message()
                .map(|m| (m.header(), m.message(), m.franking_tag()))
        );
    }
    let gaps: Vec<(u64, u64)> = verdict.gaps().map(|g| (g.after, g.before)).collect();
    assert_eq!(gaps, [(4, 7), (8, 11)]);
    assert_eq!(verdict.missing(), 4);
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
    let direct = ConversationVerdict::verify(&small, NOW, &report).unwrap();
    assert!(direct.entries().eq(verdict.entries()));
}
