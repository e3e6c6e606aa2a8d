//! A sender whose franking tag, content or session does not match what it
//! sent: the hub franks it (it cannot tell), every recipient rejects it on
//! arrival and keeps nothing, and the room goes on. Suites 1 and 2.

mod mimi_common;

use franking::mimi::{FrankingTag, Salt};
use franking_mls::Error;
use franking_mls::mimi::content::MimiContent;
use franking_mls::mimi::room::Outcomes;
use mimi_common::{ALICE, BOB, CATHY, OTHER_ROOM, ROOM, USERS, World, in_each_suite};

const INVALID: Error = Error::Franking(franking::Error::Invalid);

fn mismatch(field: &'static str) -> Error {
    Error::Franking(franking::Error::ReceiptMismatch { field })
}

/// Every member but the sender rejects with `expected`; nobody keeps
/// anything; the next honest message is verified by all.
fn everyone_rejects(w: &mut World, outcomes: Outcomes, sender: usize, expected: &Error) {
    let before = w.kept_counts();
    for (member, outcome) in outcomes.into_iter().enumerate() {
        if member == sender {
            continue;
        }
        assert_eq!(outcome.err().as_ref(), Some(expected), "member {member}");
    }
    assert_eq!(w.kept_counts(), before, "a rejected message is not kept");
    assert!(w.say(ALICE, "still here").is_ok(), "the room goes on");
}

/// Cathy sends `sent` with a tag over `tagged` under the salt of `sent`.
fn cathy_sends(w: &mut World, tagged: &[u8], sent: &MimiContent) -> Result<Outcomes, Error> {
    let tag = FrankingTag::compute(&Salt::from_bytes(sent.salt), tagged);
    let message = w.members[CATHY].send_raw(Some(&tag), &sent.encode())?;
    w.deliver_via(CATHY, &message, |f| f)
}

fn content(sender: &str, room: &str, text: &str) -> MimiContent {
    MimiContent::text([0x5a; 16], sender, room, text)
}

#[test]
fn a_tag_over_other_bytes_than_sent() -> Result<(), Error> {
    in_each_suite(|w| {
        let shown = content(USERS[CATHY], ROOM, "something abusive");
        let innocent = content(USERS[CATHY], ROOM, "have a nice day");
        let outcomes = cathy_sends(w, &innocent.encode(), &shown)?;
        everyone_rejects(w, outcomes, CATHY, &INVALID);
        Ok(())
    })
}

#[test]
fn a_tag_over_the_text_alone() -> Result<(), Error> {
    in_each_suite(|w| {
        // The right text, but not the application data the recipient decrypts.
        let shown = content(USERS[CATHY], ROOM, "hello");
        let outcomes = cathy_sends(w, b"hello", &shown)?;
        everyone_rejects(w, outcomes, CATHY, &INVALID);
        Ok(())
    })
}

#[test]
fn a_tag_under_another_salt() -> Result<(), Error> {
    in_each_suite(|w| {
        let shown = content(USERS[CATHY], ROOM, "hello");
        let tag = FrankingTag::compute(&Salt::from_bytes([0x33; 16]), &shown.encode());
        let message = w.members[CATHY].send_raw(Some(&tag), &shown.encode())?;
        let outcomes = w.deliver_via(CATHY, &message, |f| f)?;
        everyone_rejects(w, outcomes, CATHY, &INVALID);
        Ok(())
    })
}

#[test]
fn an_earlier_messages_tag() -> Result<(), Error> {
    in_each_suite(|w| {
        w.say(CATHY, "have a nice day")?;
        let old = w.members[BOB].kept()[0].content.clone();
        let old_tag = FrankingTag::compute(&Salt::from_bytes(old.salt), &old.encode());
        let shown = MimiContent::text(old.salt, USERS[CATHY], ROOM, "abuse");
        let message = w.members[CATHY].send_raw(Some(&old_tag), &shown.encode())?;
        let outcomes = w.deliver_via(CATHY, &message, |f| f)?;
        everyone_rejects(w, outcomes, CATHY, &INVALID);
        Ok(())
    })
}

#[test]
fn content_naming_another_sender() -> Result<(), Error> {
    in_each_suite(|w| {
        // A correct tag, and the hub signs cathy (her session); but the
        // content claims alice wrote it. MLS authenticated cathy.
        let shown = content(USERS[ALICE], ROOM, "signed, alice");
        let outcomes = cathy_sends(w, &shown.encode(), &shown)?;
        // The hub's context names cathy and the content alice: the signature
        // over the content's sender fails before the identity check.
        everyone_rejects(w, outcomes, CATHY, &INVALID);
        Ok(())
    })
}

#[test]
fn content_naming_another_room() -> Result<(), Error> {
    in_each_suite(|w| {
        let shown = content(USERS[CATHY], OTHER_ROOM, "hi");
        let outcomes = cathy_sends(w, &shown.encode(), &shown)?;
        everyone_rejects(w, outcomes, CATHY, &INVALID);
        Ok(())
    })
}

#[test]
fn a_session_asserting_another_members_identity() -> Result<(), Error> {
    in_each_suite(|w| {
        // Cathy's honest message, submitted by bob's authenticated session:
        // the hub franks bob as the sender. The content and the MLS
        // credential say cathy; alice rejects.
        let message = w.members[CATHY].send("who sent this?")?;
        let (_, fanout) = w.hub.submit(ROOM, USERS[BOB], &message)?;
        for member in [ALICE, BOB] {
            assert_eq!(
                w.members[member].receive(&fanout).err(),
                Some(INVALID),
                "member {member}"
            );
        }
        assert_eq!(w.kept_counts(), [0, 0, 0]);
        Ok(())
    })
}

#[test]
fn a_credential_other_than_the_content_and_the_hub_say() -> Result<(), Error> {
    in_each_suite(|w| {
        // Cathy's session asserts alice to the hub, and her content says
        // alice: the frank verifies, but MLS authenticated cathy's
        // credential. The identity check is the one that catches it.
        let shown = content(USERS[ALICE], ROOM, "signed, alice");
        let tag = FrankingTag::compute(&Salt::from_bytes(shown.salt), &shown.encode());
        let message = w.members[CATHY].send_raw(Some(&tag), &shown.encode())?;
        let (_, fanout) = w.hub.submit(ROOM, USERS[ALICE], &message)?;
        for member in [ALICE, BOB] {
            assert_eq!(
                w.members[member].receive(&fanout).err(),
                Some(mismatch("sender")),
                "member {member}"
            );
        }
        assert_eq!(w.kept_counts(), [0, 0, 0]);
        Ok(())
    })
}

#[test]
fn no_frank_aad_is_not_franked_and_not_shown() -> Result<(), Error> {
    in_each_suite(|w| {
        let shown = content(USERS[CATHY], ROOM, "unfranked");
        let message = w.members[CATHY].send_raw(None, &shown.encode())?;
        assert_eq!(
            w.hub.submit(ROOM, USERS[CATHY], &message).err(),
            Some(Error::Refused("no frank_aad in the Safe AAD"))
        );
        Ok(())
    })
}

#[test]
fn the_hub_refuses_other_groups_and_non_participants() -> Result<(), Error> {
    in_each_suite(|w| {
        // A message of the annex's MLS group, submitted to this room.
        let mut annex = w.other_room_with(ALICE, "in the annex")?;
        let message = annex[BOB].send("posted to the wrong room")?;
        assert_eq!(
            w.hub.submit(ROOM, USERS[BOB], &message).err(),
            Some(Error::Refused("message of another group"))
        );
        // A session of someone who is not a participant.
        let message = w.members[BOB].send("hello")?;
        assert_eq!(
            w.hub
                .submit(ROOM, "mimi://d.example/u/mallory", &message)
                .err(),
            Some(Error::Refused("sender is not a participant"))
        );
        Ok(())
    })
}
