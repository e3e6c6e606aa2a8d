//! The honest MIMI flow, in suite 1 (Ed25519) and suite 2 (P-256): the tag
//! in the Safe AAD, the hub's signed frank on its own context, members that
//! verify it on arrival, and one abuse report of several messages that the
//! hub verifies across a hub-key rotation.

mod mimi_common;

use franking::mimi::{FrankingTag, Salt};
use franking_mls::Error;
use franking_mls::mimi::agent::FRANK_AAD;
use franking_mls::mimi::content::MimiContent;
use franking_mls::mimi::hub::read_public_framing;
use franking_mls::mimi::room::deliver;
use franking_mls::mimi::wire::FanoutMessage;
use mimi_common::{
    ALICE, BOB, CATHY, GROUP, MessageFields, ROOM, START_MS, TICK_MS, USERS, in_each_suite, vector,
};
use openmls::prelude::{MlsMessageBodyIn, MlsMessageIn, tls_codec::Deserialize};

#[test]
fn every_member_verifies_the_frank_and_shows_exactly_what_was_sent() -> Result<(), Error> {
    in_each_suite(|w| {
        let message = w.members[ALICE].send("are you coming tonight?")?;
        let (response, fanout, outcomes) =
            deliver(&mut w.hub, &mut w.members, ALICE, ROOM, &message, |f| f)?;
        assert_eq!(fanout.room_uri, ROOM);
        let body = FanoutMessage::decode(&fanout.body)?;
        assert_eq!(
            body.message, message,
            "the hub fans out the bytes unchanged"
        );
        assert_eq!(body.timestamp, START_MS + TICK_MS);
        assert_eq!(body.frank.as_ref(), Some(&response.frank));
        for (member, outcome) in outcomes.into_iter().enumerate() {
            let kept = outcome?;
            assert_eq!(kept.content.text_body(), Some("are you coming tonight?"));
            assert_eq!(kept.sender_uri, USERS[ALICE], "member {member}");
            assert_eq!(kept.content.room_uri, ROOM);
            assert_eq!(kept.timestamp, START_MS + TICK_MS);
        }
        // The room goes on: each member sends, each message verified by all.
        for sender in [BOB, CATHY, ALICE] {
            w.say(sender, "hi")?;
        }
        assert_eq!(w.kept_counts(), [4, 4, 4]);
        Ok(())
    })
}

#[test]
fn the_tag_travels_in_the_safe_aad_and_the_content_stays_encrypted() -> Result<(), Error> {
    in_each_suite(|w| {
        let message = w.members[BOB].send("who is asking")?;
        let (group_id, tag) = read_public_framing(&message)?;
        assert_eq!(group_id, GROUP);
        w.deliver_via(BOB, &message, |f| f)?;
        let kept = &w.members[CATHY].kept()[0];
        let application_data = kept.content.encode();
        // The tag is HMAC(salt, application_data) over the exact bytes shown.
        let salt = Salt::from_bytes(kept.content.salt);
        assert_eq!(FrankingTag::compute(&salt, &application_data), tag);
        // openmls wrote the Safe AAD; the franking crate's item is what it
        // holds: V(u16(frank_aad) || V(tag)), one item, nothing after.
        let item = tag.frank_aad_item(FRANK_AAD);
        let MlsMessageBodyIn::PrivateMessage(private) =
            MlsMessageIn::tls_deserialize_exact(message.as_slice())
                .map_err(|_| Error::Malformed("MLS message"))?
                .extract()
        else {
            return Err(Error::Malformed("not a PrivateMessage"));
        };
        assert_eq!(private.aad(), vector(&item));
        // Neither the content nor the salt is in the relayed bytes.
        assert!(!message.windows(13).any(|x| x == b"who is asking"));
        assert!(!message.windows(16).any(|x| x == kept.content.salt));
        Ok(())
    })
}

#[test]
fn the_frank_binds_the_hubs_context_and_the_rooms_agent_key() -> Result<(), Error> {
    in_each_suite(|w| {
        for (i, sender) in [ALICE, BOB, CATHY].into_iter().enumerate() {
            let ts = w.say(sender, "hello")?;
            assert_eq!(
                ts,
                START_MS + TICK_MS * (i as u64 + 1),
                "the hub's clock, in ms"
            );
        }
        // Every member reads the same franking agent from MLS: the hub's key
        // for this suite.
        let agent = w.hub.franking_agent(w.suite)?;
        for member in &w.members {
            assert_eq!(member.franking_agent()?, agent);
            for (i, kept) in member.kept().iter().enumerate() {
                let fields = MessageFields::decode(&kept.evidence);
                assert_eq!(fields.suite, w.suite as u16);
                assert_eq!(fields.timestamp, kept.timestamp);
                assert_eq!(MimiContent::decode(&fields.content)?, kept.content);
                assert_eq!(kept.sender_uri, USERS[i]);
            }
        }
        // Every member kept the same evidence for a message.
        assert_eq!(w.evidence(ALICE, 1), w.evidence(CATHY, 1));
        Ok(())
    })
}

#[test]
fn a_report_of_several_messages_verifies_across_a_hub_key_rotation() -> Result<(), Error> {
    in_each_suite(|w| {
        w.say(ALICE, "you know what happens if you don't")?;
        w.say(BOB, "alice, stop")?;
        w.say(ALICE, "last warning")?;
        w.hub.secrets_mut().rotate_hub_key(&mut rand::rng())?;
        w.say(ALICE, "I know where you live")?;
        // Bob reports alice's three messages, franked under two hub keys.
        let report = w.members[BOB].report(&[0, 2, 3], USERS[ALICE], "threats")?;
        let verified = w.hub.verify_report(ROOM, &report)?;
        assert_eq!(verified.reporting_user, USERS[BOB]);
        assert_eq!(verified.alleged_abuser, USERS[ALICE]);
        let seen: Vec<(&str, u64)> = verified
            .messages
            .iter()
            .map(|m| (m.content.text_body().unwrap_or(""), m.timestamp))
            .collect();
        assert_eq!(
            seen,
            [
                ("you know what happens if you don't", START_MS + TICK_MS),
                ("last warning", START_MS + 3 * TICK_MS),
                ("I know where you live", START_MS + 4 * TICK_MS),
            ]
        );
        // Cathy's copy reports the same.
        let from_cathy = w.members[CATHY].report(&[0, 2, 3], USERS[ALICE], "threats")?;
        assert_eq!(
            w.hub.verify_report(ROOM, &from_cathy)?.messages,
            verified.messages
        );
        // Once the old hub key is retired, the messages franked under it no
        // longer verify, and the newest one still does.
        w.hub.secrets_mut().retire_oldest_hub_key();
        assert_eq!(
            w.hub.verify_report(ROOM, &report).err(),
            Some(Error::Franking(franking::Error::Invalid))
        );
        let newest = w.members[BOB].report(&[3], USERS[ALICE], "threats")?;
        assert_eq!(w.hub.verify_report(ROOM, &newest)?.messages.len(), 1);
        Ok(())
    })
}

#[test]
fn a_franking_agent_that_is_not_the_rooms_hub_is_refused() -> Result<(), Error> {
    // A creator names another provider as the room's franking agent, with
    // the hub's own key: the frank verifies, the agent is not the hub.
    use franking_mls::mimi::member::MimiMember;
    let suite = mimi_common::SUITES[0];
    let mut w = mimi_common::world(suite)?;
    let mut agent = w.hub.franking_agent(suite)?;
    agent.hub_uri = "mimi://elsewhere.example".into();
    let mut alice = MimiMember::new(USERS[ALICE], suite)?;
    let mut bob = MimiMember::new(USERS[BOB], suite)?;
    alice.create_room(
        b"mimi://hub.example/g/lounge",
        "mimi://hub.example/r/lounge",
        &agent,
    )?;
    let welcome = alice.add_members(&[bob.key_package()?])?;
    bob.join(&welcome, "mimi://hub.example/r/lounge")?;
    w.hub.open_room(
        "mimi://hub.example/r/lounge",
        b"mimi://hub.example/g/lounge",
        suite,
        &[USERS[ALICE], USERS[BOB]],
    );
    let message = alice.send("hello")?;
    let (_, fanout) = w
        .hub
        .submit("mimi://hub.example/r/lounge", USERS[ALICE], &message)?;
    assert_eq!(
        bob.receive(&fanout).err(),
        Some(Error::Rejected("the franking agent is not the room's hub"))
    );
    Ok(())
}

#[test]
fn suite_3_franks_with_ed25519_too() -> Result<(), Error> {
    // MLS_128_DHKEMX25519_CHACHA20POLY1305_SHA256_Ed25519: the same scheme
    // as suite 1, its own signing key and suite number in the TBS.
    let suite = franking_mls::Ciphersuite::MLS_128_DHKEMX25519_CHACHA20POLY1305_SHA256_Ed25519;
    let mut w = mimi_common::world(suite)?;
    assert_ne!(
        w.hub.franking_agent(suite)?.signature_key,
        w.hub.franking_agent(mimi_common::SUITES[0])?.signature_key
    );
    w.say(ALICE, "over ChaCha20")?;
    w.say(ALICE, "still Ed25519")?;
    let fields = MessageFields::decode(&w.evidence(BOB, 0));
    assert_eq!(fields.suite, 3);
    let report = w.members[BOB].report(&[0, 1], USERS[ALICE], "")?;
    assert_eq!(w.hub.verify_report(ROOM, &report)?.messages.len(), 2);
    Ok(())
}

#[test]
fn the_hub_keeps_each_senders_timestamps_strictly_increasing() -> Result<(), Error> {
    // SPEC.md 17.8 step 3: the members refuse a timestamp not above the
    // sender's last in the room, so the hub must never give one, whatever
    // its clock does. Every message here is accepted by every member.
    use franking::mimi::FrankHistory;
    in_each_suite(|w| {
        let first = w.say(ALICE, "one")?;
        assert_eq!(first, START_MS + TICK_MS);
        // The clock stalls: alice's next message, in the same millisecond,
        // is accepted one millisecond later.
        w.clock.set(first - TICK_MS);
        assert_eq!(w.say(ALICE, "two")?, first + 1);
        // Another sender keeps the clock's time: the promise is per sender
        // (and room), and members check it so.
        w.clock.set(first - TICK_MS);
        assert_eq!(w.say(BOB, "me too")?, first);
        // The clock is set back a minute: still above alice's last.
        w.clock.set(first - 60_000);
        assert_eq!(w.say(ALICE, "three")?, first + 2);
        assert_eq!(w.kept_counts(), [4, 4, 4]);
        // What the members' history answers check_history.
        for member in &w.members {
            assert_eq!(
                member.last_timestamp(USERS[ALICE].as_bytes(), ROOM.as_bytes()),
                Some(first + 2)
            );
            assert_eq!(
                member.last_timestamp(USERS[BOB].as_bytes(), ROOM.as_bytes()),
                Some(first)
            );
            assert_eq!(
                member.last_timestamp(USERS[CATHY].as_bytes(), ROOM.as_bytes()),
                None
            );
            assert_eq!(
                member.last_timestamp(USERS[ALICE].as_bytes(), b"mimi://hub.example/r/annex"),
                None
            );
        }
        Ok(())
    })
}
