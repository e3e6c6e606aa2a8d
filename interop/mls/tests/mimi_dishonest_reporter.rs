//! A reporter who edits what it kept: altered content, a moved timestamp,
//! swapped franks, a message of another room, another sender blamed. The
//! hub verifies each reported message under its own keys and refuses.
//! Suites 1 and 2.

mod mimi_common;

use franking_mls::Error;
use franking_mls::mimi::content::MimiContent;
use mimi_common::{
    ALICE, BOB, CATHY, MessageFields, OTHER_ROOM, ROOM, USERS, World, abuse_report, in_each_suite,
};

const INVALID: Error = Error::Franking(franking::Error::Invalid);

/// Alice says three things; bob keeps them. Returns bob's evidence fields.
fn three_messages(w: &mut World) -> Result<Vec<MessageFields>, Error> {
    w.say(ALICE, "you know what happens if you don't")?;
    w.say(ALICE, "see you at eight")?;
    w.say(ALICE, "bring the money")?;
    Ok((0..3)
        .map(|i| MessageFields::decode(&w.evidence(BOB, i)))
        .collect())
}

fn report_of(fields: &[MessageFields]) -> Vec<u8> {
    let messages: Vec<Vec<u8>> = fields.iter().map(MessageFields::encode).collect();
    abuse_report(USERS[BOB], USERS[ALICE], "threats", &messages)
}

#[test]
fn the_tests_own_encoder_agrees_with_the_members() -> Result<(), Error> {
    // So that a refusal below is the edit's, not the encoder's.
    in_each_suite(|w| {
        let fields = three_messages(w)?;
        let report = report_of(&fields);
        assert_eq!(
            report,
            w.members[BOB].report(&[0, 1, 2], USERS[ALICE], "threats")?
        );
        assert_eq!(w.hub.verify_report(ROOM, &report)?.messages.len(), 3);
        Ok(())
    })
}

#[test]
fn edited_content() -> Result<(), Error> {
    in_each_suite(|w| {
        let mut fields = three_messages(w)?;
        let mut content = MimiContent::decode(&fields[1].content)?;
        content.body = b"see you at nine".to_vec();
        fields[1].content = content.encode();
        assert_eq!(
            w.hub.verify_report(ROOM, &report_of(&fields)).err(),
            Some(INVALID)
        );
        Ok(())
    })
}

#[test]
fn edited_content_with_a_new_salt() -> Result<(), Error> {
    in_each_suite(|w| {
        // A reporter can make a new tag for edited content, but not the
        // server frank over it.
        let mut fields = three_messages(w)?;
        let mut content = MimiContent::decode(&fields[0].content)?;
        content.body = b"I will hurt you".to_vec();
        content.salt = [0x11; 16];
        fields[0].content = content.encode();
        assert_eq!(
            w.hub.verify_report(ROOM, &report_of(&fields)).err(),
            Some(INVALID)
        );
        Ok(())
    })
}

#[test]
fn a_moved_timestamp() -> Result<(), Error> {
    in_each_suite(|w| {
        let mut fields = three_messages(w)?;
        fields[2].timestamp -= 3_600_000;
        assert_eq!(
            w.hub.verify_report(ROOM, &report_of(&fields)).err(),
            Some(INVALID)
        );
        Ok(())
    })
}

#[test]
fn swapped_franks() -> Result<(), Error> {
    in_each_suite(|w| {
        let mut fields = three_messages(w)?;
        let (a, b) = (fields[0].clone(), fields[1].clone());
        fields[0].server_frank = b.server_frank;
        fields[0].signature = b.signature.clone();
        fields[1].server_frank = a.server_frank;
        fields[1].signature = a.signature;
        assert_eq!(
            w.hub.verify_report(ROOM, &report_of(&fields)).err(),
            Some(INVALID)
        );
        // With the timestamps swapped too.
        fields[0].timestamp = b.timestamp;
        fields[1].timestamp = a.timestamp;
        assert_eq!(
            w.hub.verify_report(ROOM, &report_of(&fields)).err(),
            Some(INVALID)
        );
        Ok(())
    })
}

#[test]
fn another_senders_message_blamed_on_the_accused() -> Result<(), Error> {
    in_each_suite(|w| {
        let mut fields = three_messages(w)?;
        w.say(CATHY, "alice, stop")?;
        fields.push(MessageFields::decode(&w.evidence(BOB, 3)));
        // Cathy's message verifies, but it is not alice's.
        assert_eq!(
            w.hub.verify_report(ROOM, &report_of(&fields)).err(),
            Some(Error::Franking(franking::Error::ReceiptMismatch {
                field: "alleged abuser"
            }))
        );
        // Nor does rewriting its content's sender help.
        let mut content = MimiContent::decode(&fields[3].content)?;
        content.sender_uri = USERS[ALICE].to_owned();
        fields[3].content = content.encode();
        assert_eq!(
            w.hub.verify_report(ROOM, &report_of(&fields)).err(),
            Some(INVALID)
        );
        Ok(())
    })
}

#[test]
fn a_message_of_another_room() -> Result<(), Error> {
    in_each_suite(|w| {
        let mut fields = three_messages(w)?;
        let annex = w.other_room_with(ALICE, "this was in the annex")?;
        let foreign = MessageFields::decode(&annex[BOB].kept()[0].evidence);
        // As it is: a message of another room, refused by this room's
        // endpoint (it verifies in its own room).
        fields.push(foreign.clone());
        assert_eq!(
            w.hub.verify_report(ROOM, &report_of(&fields)).err(),
            Some(Error::ExcerptInvalid("a message of another room"))
        );
        let alone = abuse_report(USERS[BOB], USERS[ALICE], "", &[foreign.encode()]);
        assert_eq!(w.hub.verify_report(OTHER_ROOM, &alone)?.messages.len(), 1);
        // Its content moved to this room (same salt, new tag): not franked so.
        let mut content = MimiContent::decode(&foreign.content)?;
        content.room_uri = ROOM.to_owned();
        fields[3].content = content.encode();
        assert_eq!(
            w.hub.verify_report(ROOM, &report_of(&fields)).err(),
            Some(INVALID)
        );
        Ok(())
    })
}

#[test]
fn a_frank_claiming_another_suite() -> Result<(), Error> {
    in_each_suite(|w| {
        let mut fields = three_messages(w)?;
        fields[0].suite = if fields[0].suite == 1 { 2 } else { 1 };
        assert_eq!(
            w.hub.verify_report(ROOM, &report_of(&fields)).err(),
            Some(INVALID)
        );
        Ok(())
    })
}

#[test]
fn truncated_or_extended_reports_do_not_decode() -> Result<(), Error> {
    in_each_suite(|w| {
        let fields = three_messages(w)?;
        let report = report_of(&fields);
        for cut in [1, 9, report.len() / 2, report.len() - 1] {
            assert!(matches!(
                w.hub.verify_report(ROOM, &report[..cut]),
                Err(Error::Franking(franking::Error::Malformed { .. }))
            ));
        }
        let mut longer = report.clone();
        longer.push(0);
        assert!(matches!(
            w.hub.verify_report(ROOM, &longer),
            Err(Error::Franking(franking::Error::Malformed { .. }))
        ));
        Ok(())
    })
}

#[test]
fn a_report_without_messages() -> Result<(), Error> {
    in_each_suite(|w| {
        three_messages(w)?;
        let empty = abuse_report(USERS[BOB], USERS[ALICE], "nothing", &[]);
        assert_eq!(
            w.hub.verify_report(ROOM, &empty).err(),
            Some(Error::ExcerptInvalid("a report without messages"))
        );
        Ok(())
    })
}
