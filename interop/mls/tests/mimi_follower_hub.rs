//! A follower provider between the hub and a member that mauls what it
//! relays: the frank's bytes, the timestamp, the suite, the signature, a
//! frank taken from another message, no frank, another room. The members it
//! serves reject the message on arrival and keep nothing; members served
//! honestly keep it. A frank taken from a message the member never gets,
//! newer than the sender's last it kept, is the documented limit: it passes
//! receipt and fails the report. Suites 1 and 2.

mod mimi_common;

use franking_mls::Error;
use franking_mls::mimi::wire::{Fanout, FanoutMessage};
use mimi_common::{ALICE, BOB, CATHY, OTHER_ROOM, USERS, World, in_each_suite};

const INVALID: Error = Error::Franking(franking::Error::Invalid);

/// Alice sends; bob's provider applies `maul` to the fanout, cathy's
/// relays it unchanged. Bob must reject with `expected` and keep nothing
/// more; cathy keeps the message.
fn bobs_provider_mauls(
    w: &mut World,
    maul: impl Fn(&mut FanoutMessage, &mut Fanout),
    expected: Error,
) -> Result<(), Error> {
    let message = w.members[ALICE].send("meet me at the station")?;
    let (_, fanout) = w.hub.submit(mimi_common::ROOM, USERS[ALICE], &message)?;
    let mut mauled = fanout.clone();
    let mut body = FanoutMessage::decode(&fanout.body)?;
    maul(&mut body, &mut mauled);
    mauled.body = body.encode();
    assert_ne!(mauled, fanout, "the test must change something");
    let before = w.members[BOB].kept().len();
    assert_eq!(w.members[BOB].receive(&mauled).err(), Some(expected));
    assert_eq!(w.members[BOB].kept().len(), before, "bob keeps nothing");
    let kept = w.members[CATHY].receive(&fanout)?;
    assert_eq!(kept.content.text_body(), Some("meet me at the station"));
    Ok(())
}

/// Flips bit `bit` of byte `at` of the encoded frank.
fn flip_frank(body: &mut FanoutMessage, at: usize) {
    if let Some(frank) = body.frank.as_mut() {
        frank[at] ^= 0x01;
    }
}

#[test]
fn a_mauled_server_frank() -> Result<(), Error> {
    in_each_suite(|w| bobs_provider_mauls(w, |b, _| flip_frank(b, 7), INVALID))
}

#[test]
fn a_moved_timestamp() -> Result<(), Error> {
    in_each_suite(|w| {
        bobs_provider_mauls(w, |b, _| b.timestamp -= 60_000, INVALID)?;
        bobs_provider_mauls(w, |b, _| b.timestamp += 1, INVALID)
    })
}

#[test]
fn a_mauled_signature() -> Result<(), Error> {
    in_each_suite(|w| {
        // The signature's last byte (after 32 + 2 + its length prefix).
        bobs_provider_mauls(
            w,
            |b, _| {
                if let Some(frank) = b.frank.as_mut() {
                    let last = frank.len() - 1;
                    frank[last] ^= 0x80;
                }
            },
            INVALID,
        )
    })
}

#[test]
fn another_suite_named_in_the_frank() -> Result<(), Error> {
    in_each_suite(|w| {
        // Suite 1 <-> 3 (both Ed25519), 2 -> 3: the signature was not made
        // for the suite named, nor is it the group's.
        bobs_provider_mauls(w, |b, _| flip_frank(b, 33), INVALID)
    })
}

/// The frank and timestamp of alice's earlier message `evidence` (kept by
/// cathy), as a follower would reattach them.
fn frank_of(evidence: &[u8]) -> (Vec<u8>, u64) {
    let fields = mimi_common::MessageFields::decode(evidence);
    let mut frank = fields.server_frank.to_vec();
    frank.extend_from_slice(&fields.suite.to_be_bytes());
    frank.extend(mimi_common::vector(&fields.signature));
    (frank, fields.timestamp)
}

fn receipt_mismatch(field: &'static str) -> Error {
    Error::Franking(franking::Error::ReceiptMismatch { field })
}

#[test]
fn the_frank_of_a_message_the_member_saw() -> Result<(), Error> {
    in_each_suite(|w| {
        w.say(ALICE, "earlier")?;
        w.say(CATHY, "in between")?;
        let (frank, timestamp) = frank_of(&w.members[CATHY].kept()[0].evidence);
        // The signature verifies (same sender, room and timestamp): it does
        // not cover the tag. Bob holds that server frank already (step 3's
        // first check, before the timestamp's).
        bobs_provider_mauls(
            w,
            |b, _| {
                b.frank = Some(frank.clone());
                b.timestamp = timestamp;
            },
            receipt_mismatch("server frank"),
        )
    })
}

/// Alice sends a message that bob's provider withholds from him (cathy
/// gets it); returns its frank and timestamp, as cathy kept them.
fn withheld_from_bob(w: &mut World, text: &str) -> Result<(Vec<u8>, u64), Error> {
    let message = w.members[ALICE].send(text)?;
    let (response, fanout) = w.hub.submit(mimi_common::ROOM, USERS[ALICE], &message)?;
    w.members[ALICE].accept_response(&message, &response)?;
    let kept = w.members[CATHY].receive(&fanout)?;
    Ok(frank_of(&kept.evidence))
}

#[test]
fn the_frank_of_a_withheld_message_older_than_one_the_member_saw() -> Result<(), Error> {
    in_each_suite(|w| {
        // Bob never gets the first message, so he does not hold its frank;
        // but he got a later one of alice's, and the hub's timestamps of a
        // sender in a room strictly increase: step 3's second check.
        let (frank, timestamp) = withheld_from_bob(w, "the one bob never sees")?;
        let seen = w.say(ALICE, "what bob saw")?;
        assert!(timestamp < seen);
        bobs_provider_mauls(
            w,
            |b, _| {
                b.frank = Some(frank.clone());
                b.timestamp = timestamp;
            },
            receipt_mismatch("timestamp"),
        )
    })
}

#[test]
fn a_withheld_messages_frank_passes_receipt_but_not_the_report() -> Result<(), Error> {
    // What -06 cannot catch on receipt: the frank of a message this member
    // never got, newer than any of the sender's it kept in the room. Bob's
    // provider withholds alice's first message and puts its frank and
    // timestamp on her second. Bob accepts (step 3 has nothing to compare
    // with); his evidence then fails at the hub. (FrankingIntegrityTBS
    // would need the franking tag: SPEC.md 17.11, ambiguity 17.)
    in_each_suite(|w| {
        let first = w.members[ALICE].send("the one bob never sees")?;
        let (_, withheld) = w.hub.submit(mimi_common::ROOM, USERS[ALICE], &first)?;
        w.members[CATHY].receive(&withheld)?;
        let (frank, timestamp) = frank_of(&w.members[CATHY].kept()[0].evidence);
        let second = w.members[ALICE].send("what bob is shown")?;
        let (_, fanout) = w.hub.submit(mimi_common::ROOM, USERS[ALICE], &second)?;
        // Bob's MLS state must skip the withheld message's generation: it
        // does (out-of-order tolerance), so only the frank is at stake.
        let mut body = FanoutMessage::decode(&fanout.body)?;
        body.frank = Some(frank);
        body.timestamp = timestamp;
        let mauled = Fanout {
            room_uri: fanout.room_uri.clone(),
            body: body.encode(),
        };
        let kept = w.members[BOB].receive(&mauled)?;
        assert_eq!(kept.content.text_body(), Some("what bob is shown"));
        let report = w.members[BOB].report(&[0], USERS[ALICE], "")?;
        assert_eq!(
            w.hub.verify_report(mimi_common::ROOM, &report).err(),
            Some(INVALID)
        );
        // Should the provider later deliver the withheld message, bob
        // refuses it: he holds its frank (he cannot tell which of the two
        // carried a moved one, only that they collide).
        assert_eq!(
            w.members[BOB].receive(&withheld).err(),
            Some(receipt_mismatch("server frank"))
        );
        assert_eq!(w.members[BOB].kept().len(), 1);
        // Cathy's honest copy of the second message reports fine.
        w.members[CATHY].receive(&fanout)?;
        let honest = w.members[CATHY].report(&[1], USERS[ALICE], "")?;
        assert_eq!(
            w.hub
                .verify_report(mimi_common::ROOM, &honest)?
                .messages
                .len(),
            1
        );
        Ok(())
    })
}

#[test]
fn a_stripped_frank() -> Result<(), Error> {
    in_each_suite(|w| {
        bobs_provider_mauls(
            w,
            |b, _| b.frank = None,
            Error::Rejected("message without a frank"),
        )
    })
}

#[test]
fn a_fanout_for_another_room() -> Result<(), Error> {
    in_each_suite(|w| {
        bobs_provider_mauls(
            w,
            |_, f| f.room_uri = OTHER_ROOM.to_owned(),
            Error::Rejected("fanout for another room"),
        )
    })
}

#[test]
fn an_honest_follower_changes_nothing() -> Result<(), Error> {
    in_each_suite(|w| {
        let message = w.members[BOB].send("hello from b.example")?;
        let outcomes = w.deliver_via(BOB, &message, |f| {
            let body = FanoutMessage::decode(&f.body).ok();
            assert_eq!(body.map(|b| b.encode()), Some(f.body.clone()));
            f
        })?;
        for outcome in outcomes {
            outcome?;
        }
        Ok(())
    })
}

#[test]
fn a_frank_for_another_room_than_the_fanouts() -> Result<(), Error> {
    // Not a follower but the hub: it franks cathy's message (whose content
    // names the annex) for the annex, and fans it out in the clubhouse.
    // Frank and content agree; the room does not.
    in_each_suite(|w| {
        use franking::mimi::{FrankingTag, Salt};
        use franking_mls::mimi::content::MimiContent;
        let shown = MimiContent::text([7; 16], USERS[CATHY], OTHER_ROOM, "hi");
        let tag = FrankingTag::compute(&Salt::from_bytes(shown.salt), &shown.encode());
        let message = w.members[CATHY].send_raw(Some(&tag), &shown.encode())?;
        let timestamp = mimi_common::START_MS + 5;
        let frank =
            w.hub
                .secrets_mut()
                .frank(w.suite, &tag, USERS[CATHY], OTHER_ROOM, timestamp)?;
        let fanout = Fanout {
            room_uri: mimi_common::ROOM.to_owned(),
            body: FanoutMessage {
                timestamp,
                message,
                frank: Some(frank),
            }
            .encode(),
        };
        for member in [ALICE, BOB] {
            assert_eq!(
                w.members[member].receive(&fanout).err(),
                Some(Error::Franking(franking::Error::ReceiptMismatch {
                    field: "room"
                })),
                "member {member}"
            );
        }
        assert_eq!(w.kept_counts(), [0, 0, 0]);
        Ok(())
    })
}
