//! The honest flow: three members, franked messages, stamps from the hub's
//! own view, and a reported excerpt that the moderator verifies.

mod common;

use common::{ALICE, BOB, CAROL, ROOM, START, world};
use franking::Report;
use franking_mls::Error;
use franking_mls::hub::read_public_framing;
use franking_mls::payload::{self, Attachment, Content};
use franking_mls::room::deliver;

#[test]
fn every_member_accepts_and_renders_exactly_what_was_sent() -> Result<(), Error> {
    let mut w = world()?;
    let content = Content {
        text: "see attached".into(),
        attachment: Some(Attachment {
            locator: "blob:91c2".into(),
            sha256: [0x5a; 32],
        }),
    };
    let bytes = w.members[ALICE].send(&content)?;
    let (delivery, outcomes) = deliver(&mut w.hub, &mut w.members, ALICE, &bytes)?;
    assert_eq!(delivery.bytes, bytes, "the hub relays the bytes unchanged");
    for outcome in outcomes {
        let received = outcome?;
        assert_eq!(received.content, content);
        assert_eq!(received.sender, b"alice");
        assert_eq!(received.seq, 0);
    }
    Ok(())
}

#[test]
fn the_hub_reads_the_tag_from_authenticated_data_and_the_opening_stays_encrypted()
-> Result<(), Error> {
    let mut w = world()?;
    let content = Content::text("hello");
    let bytes = w.members[ALICE].send(&content)?;
    let (room, tag) = read_public_framing(&bytes)?;
    assert_eq!(room, ROOM);
    let (_, outcomes) = deliver(&mut w.hub, &mut w.members, ALICE, &bytes)?;
    for outcome in outcomes {
        let evidence = outcome?.evidence;
        let report = Report::decode(&evidence)?;
        // The tag every member checked is the one the hub read and stamped.
        assert_eq!(report.franking_tag(), tag);
        // The opening and the content are not in the relayed bytes.
        let opening = report.opening();
        assert!(!bytes.windows(32).any(|w| w == opening.as_bytes()));
        assert!(!bytes.windows(5).any(|w| w == b"hello"));
    }
    Ok(())
}

#[test]
fn the_stamp_context_comes_from_the_hub() -> Result<(), Error> {
    let mut w = world()?;
    for (i, sender) in [ALICE, BOB, CAROL, ALICE].into_iter().enumerate() {
        let seq = w.say(sender, "hi")?;
        assert_eq!(seq, i as u64, "one sequence number per room, in order");
    }
    for member in [ALICE, BOB, CAROL] {
        for (i, received) in w.members[member].conversation().iter().enumerate() {
            let report = Report::decode(&received.evidence)?;
            let context = report.context();
            // The room is the MLS group id.
            assert_eq!(context.recipient(), ROOM);
            // The sender is the session that submitted the bytes.
            let expected: &[u8] = [b"alice".as_slice(), b"bob", b"carol", b"alice"][i];
            assert_eq!(context.sender(), expected);
            // The time is the hub's clock, which ticks 60 s per message.
            assert_eq!(context.timestamp(), START + 60 * (i as u64 + 1));
            // The room numbers its messages: the stamp binds the room as the
            // conversation and the sequence number; the message id is unused.
            assert_eq!(context.conversation(), ROOM);
            assert_eq!(context.seq(), i as u64);
            assert!(context.message_id().is_empty());
            // The header is the group id and the MLS sender identity.
            assert_eq!(report.header(), payload::header(ROOM, expected)?);
        }
    }
    assert_eq!(w.clock.get(), START + 240);
    Ok(())
}

#[test]
fn a_reported_excerpt_verifies() -> Result<(), Error> {
    let mut w = world()?;
    w.say(ALICE, "are you coming tonight?")?;
    w.say(BOB, "who is asking")?;
    w.say(ALICE, "you know what happens if you don't")?;
    w.say(CAROL, "alice, stop")?;
    // Bob reports messages 1 to 3; his own message is in it, from his receipt.
    let excerpt = w.members[BOB].report(1..=3)?;
    // It travels as the franking crate's conversation report.
    let report = franking::ConversationReport::decode(&excerpt)?;
    assert_eq!((report.conversation(), report.len()), (ROOM, 3));
    let verified = w.moderator.verify_excerpt(START + 3_600, &excerpt)?;
    assert_eq!(verified.room, ROOM);
    let seen: Vec<(u64, &[u8], &str)> = verified
        .messages
        .iter()
        .map(|m| (m.seq, m.sender.as_slice(), m.content.text.as_str()))
        .collect();
    assert_eq!(
        seen,
        [
            (1, b"bob".as_slice(), "who is asking"),
            (2, b"alice", "you know what happens if you don't"),
            (3, b"carol", "alice, stop"),
        ]
    );
    // Every member holds the same evidence for a message: any of them can report it.
    let from_carol = w.members[CAROL].report(1..=3)?;
    assert_eq!(
        w.moderator.verify_excerpt(START + 3_600, &from_carol)?,
        verified
    );
    Ok(())
}

#[test]
fn an_expired_excerpt_fails() -> Result<(), Error> {
    let mut w = world()?;
    w.say(ALICE, "old news")?;
    let excerpt = w.members[BOB].report(0..=0)?;
    let verdict = w.moderator.verify_excerpt(START + 365 * 86_400, &excerpt);
    assert!(matches!(
        verdict,
        Err(Error::Franking(franking::Error::Expired { .. }))
    ));
    Ok(())
}
