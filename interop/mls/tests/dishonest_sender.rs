//! A sender whose authenticated-data tag does not commit to its payload is
//! rejected by every member: nobody renders the message, so nobody needs to
//! report it, and no member's conversation changes.

mod common;

use common::{ALICE, BOB, CAROL, ROOM, World, world};
use franking::{FrankingTag, KeyId, Stamp, StampMac, commit_with_rng};
use franking_mls::Error;
use franking_mls::hub::Delivery;
use franking_mls::payload::{self, Attachment, Content};
use franking_mls::room::deliver;

/// Carol sends `payload_content` with a tag committing to `(header,
/// committed)` under an opening that is in the payload.
fn carol_sends(
    w: &mut World,
    header: &[u8],
    committed: &[u8],
    payload_content: &Content,
) -> Result<(), Error> {
    let (opening, tag) = commit_with_rng(&mut rand::rng(), header, committed)?;
    let payload = payload::encode_payload(&opening, &payload_content.encode());
    expect_everyone_rejects(w, &tag, &payload)
}

fn expect_everyone_rejects(w: &mut World, tag: &FrankingTag, payload: &[u8]) -> Result<(), Error> {
    let before: Vec<usize> = (0..3).map(|m| w.accepted(m)).collect();
    let bytes = w.members[CAROL].send_raw(tag.as_bytes(), payload)?;
    // The hub cannot tell: it stamps the tag and relays.
    let (_, outcomes) = deliver(&mut w.hub, &mut w.members, CAROL, &bytes)?;
    for (member, outcome) in outcomes.into_iter().enumerate() {
        let error = outcome.err();
        if member == CAROL {
            // Her own client never recorded the message as sent.
            assert!(
                error.is_some(),
                "carol's client accepted a receipt it never sent"
            );
        } else {
            // MLS decrypted and authenticated it; the franking check rejects it.
            assert_eq!(
                error,
                Some(Error::Rejected(
                    "franking tag does not commit to the payload"
                )),
                "member {member}"
            );
        }
    }
    let after: Vec<usize> = (0..3).map(|m| w.accepted(m)).collect();
    assert_eq!(before, after, "a rejected message is not kept");
    // The group still works: the next honest message is accepted by all.
    w.say(ALICE, "still here")?;
    Ok(())
}

#[test]
fn tag_committing_to_other_content() -> Result<(), Error> {
    let mut w = world()?;
    let header = payload::header(ROOM, b"carol")?;
    carol_sends(
        &mut w,
        &header,
        &Content::text("have a nice day").encode(),
        &Content::text("something abusive"),
    )
}

#[test]
fn tag_leaving_out_the_attachment() -> Result<(), Error> {
    let mut w = world()?;
    let header = payload::header(ROOM, b"carol")?;
    let shown = Content {
        text: "look".into(),
        attachment: Some(Attachment {
            locator: "blob:abusive".into(),
            sha256: [9; 32],
        }),
    };
    carol_sends(&mut w, &header, &Content::text("look").encode(), &shown)
}

#[test]
fn tag_committing_to_the_text_bytes_alone() -> Result<(), Error> {
    let mut w = world()?;
    let header = payload::header(ROOM, b"carol")?;
    // The right text, but not the encoded content the recipient parses.
    carol_sends(&mut w, &header, b"hello", &Content::text("hello"))
}

#[test]
fn header_naming_another_member() -> Result<(), Error> {
    let mut w = world()?;
    // Carol commits under a header that names alice; recipients compute the
    // header from the credential MLS authenticated, which is carol's.
    let content = Content::text("signed, alice");
    let header = payload::header(ROOM, b"alice")?;
    carol_sends(&mut w, &header, &content.encode(), &content)
}

#[test]
fn header_naming_another_room() -> Result<(), Error> {
    let mut w = world()?;
    let content = Content::text("hi");
    let header = payload::header(b"another room", b"carol")?;
    carol_sends(&mut w, &header, &content.encode(), &content)
}

#[test]
fn tag_of_an_earlier_message() -> Result<(), Error> {
    let mut w = world()?;
    w.say(CAROL, "have a nice day")?;
    let evidence = w.evidence(BOB, 0);
    let old = franking::Report::decode(&evidence)?;
    let old_tag = old.franking_tag();
    let payload = payload::encode_payload(&old.opening(), &Content::text("abuse").encode());
    expect_everyone_rejects(&mut w, &old_tag, &payload)
}

#[test]
fn authenticated_data_that_is_not_a_tag_is_not_relayed() -> Result<(), Error> {
    let mut w = world()?;
    let content = Content::text("no franking");
    let header = payload::header(ROOM, b"carol")?;
    let (opening, _) = commit_with_rng(&mut rand::rng(), &header, &content.encode())?;
    let payload = payload::encode_payload(&opening, &content.encode());
    let group_id = w.members[CAROL].group_id()?;
    for aad in [&[][..], &[7u8; 31][..], &[7u8; 33][..]] {
        let bytes = w.members[CAROL].send_raw(aad, &payload)?;
        let verdict = w.hub.relay(b"carol", &bytes);
        assert!(matches!(verdict, Err(Error::Refused(_))), "{aad:?}");
        // Had a hub relayed it anyway, members would reject it too.
        let delivery = Delivery {
            bytes,
            sender: b"carol".to_vec(),
            room: group_id.clone(),
            timestamp: common::START,
            seq: 99,
            stamp: Stamp::new(KeyId::new(1), StampMac::from_bytes([0; 32])),
        };
        for member in [ALICE, BOB] {
            assert_eq!(
                w.members[member].receive(&delivery).err(),
                Some(Error::Rejected("authenticated_data is not a franking tag"))
            );
        }
    }
    Ok(())
}

#[test]
fn another_session_submitting_a_members_message() -> Result<(), Error> {
    let mut w = world()?;
    // Carol's MLS message, submitted by bob's authenticated session: the
    // hub stamps bob as the sender, and no member accepts it.
    let bytes = w.members[CAROL].send(&Content::text("who sent this?"))?;
    let (delivery, outcomes) = deliver(&mut w.hub, &mut w.members, BOB, &bytes)?;
    assert_eq!(delivery.sender, b"bob");
    let errors: Vec<Option<Error>> = outcomes.into_iter().map(Result::err).collect();
    assert_eq!(
        errors[ALICE],
        Some(Error::Rejected("hub's sender differs from the MLS sender"))
    );
    assert_eq!(
        errors[BOB],
        Some(Error::Rejected(
            "receipt for a message this member did not send"
        ))
    );
    // Carol's client too sees a delivery in someone else's name.
    assert_eq!(
        errors[CAROL],
        Some(Error::Rejected("hub's sender differs from the MLS sender"))
    );
    Ok(())
}
