//! A member who alters what it received cannot make a report verify: not by
//! editing the content, the context or the header, not by committing anew to
//! edited content, and not by cutting, reordering or mixing an excerpt.

mod common;

use common::{ALICE, BOB, CAROL, ROOM, ReportFields, START, World, world};
use franking::commit_with_rng;
use franking_mls::Error;
use franking_mls::excerpt;
use franking_mls::payload::{Attachment, Content};
use franking_mls::room::{deliver, form_group};

const NOW: u64 = START + 3_600;

/// Alice, bob, alice (with an attachment), carol: messages 0 to 3.
fn conversation() -> Result<World, Error> {
    let mut w = world()?;
    w.say(ALICE, "are you coming tonight?")?;
    w.say(BOB, "who is asking")?;
    let content = Content {
        text: "you know what happens if you don't".into(),
        attachment: Some(Attachment {
            locator: "blob:91c2".into(),
            sha256: [0x5a; 32],
        }),
    };
    let bytes = w.members[ALICE].send(&content)?;
    for outcome in deliver(&mut w.hub, &mut w.members, ALICE, &bytes)?.1 {
        outcome?;
    }
    w.say(CAROL, "alice, stop")?;
    Ok(w)
}

/// Bob's excerpt of messages 0 to 3 with message `at`'s report replaced.
fn excerpt_with(w: &World, at: u64, report: Vec<u8>) -> Vec<u8> {
    let reports: Vec<Vec<u8>> = (0..4)
        .map(|seq| {
            if seq == at {
                report.clone()
            } else {
                w.evidence(BOB, seq)
            }
        })
        .collect();
    excerpt::encode(&reports.iter().map(Vec::as_slice).collect::<Vec<_>>())
}

/// Bob edits message 2 (alice's threat) with `edit` and reports 0 to 3.
fn verdict_after(edit: impl FnOnce(&mut ReportFields)) -> Result<Result<(), Error>, Error> {
    let w = conversation()?;
    // The honest excerpt verifies, so any failure below is the edit's.
    w.moderator
        .verify_excerpt(NOW, &w.members[BOB].report(0..=3)?)?;
    let mut fields = ReportFields::decode(&w.evidence(BOB, 2))?;
    edit(&mut fields);
    let excerpt = excerpt_with(&w, 2, fields.encode());
    Ok(w.moderator.verify_excerpt(NOW, &excerpt).map(|_| ()))
}

fn content_of(fields: &ReportFields) -> Content {
    Content::decode(&fields.message).unwrap_or_else(|_| Content::text(""))
}

const INVALID: Result<(), Error> = Err(Error::Franking(franking::Error::Invalid));

#[test]
fn editing_the_text() -> Result<(), Error> {
    let verdict = verdict_after(|f| {
        let mut content = content_of(f);
        content.text = "you know what happens if you DO".into();
        f.message = content.encode();
    })?;
    assert_eq!(verdict, INVALID);
    Ok(())
}

#[test]
fn editing_or_dropping_the_attachment() -> Result<(), Error> {
    let verdict = verdict_after(|f| {
        let mut content = content_of(f);
        if let Some(a) = content.attachment.as_mut() {
            a.sha256[0] ^= 1;
        }
        f.message = content.encode();
    })?;
    assert_eq!(verdict, INVALID);
    let verdict = verdict_after(|f| {
        let mut content = content_of(f);
        content.attachment = None;
        f.message = content.encode();
    })?;
    assert_eq!(verdict, INVALID);
    Ok(())
}

#[test]
fn blaming_another_sender() -> Result<(), Error> {
    // Carol is named as the sender, in the context and in the header.
    let verdict = verdict_after(|f| {
        f.sender = b"carol".to_vec();
        f.header = franking_mls::payload::header(ROOM, b"carol").unwrap_or_default();
    })?;
    assert_eq!(verdict, INVALID);
    // In the context alone: the stamp no longer matches.
    let verdict = verdict_after(|f| f.sender = b"carol".to_vec())?;
    assert_eq!(verdict, INVALID);
    Ok(())
}

#[test]
fn changing_the_time_or_the_message_id() -> Result<(), Error> {
    let verdict = verdict_after(|f| f.timestamp -= 60)?;
    assert_eq!(verdict, INVALID);
    let verdict = verdict_after(|f| f.message_id = 7u64.to_be_bytes().to_vec())?;
    assert_eq!(verdict, INVALID);
    Ok(())
}

#[test]
fn committing_anew_to_edited_content() -> Result<(), Error> {
    // A fresh opening and tag for the edited content, with alice's stamp:
    // the stamp covers the original tag, so it no longer matches.
    let verdict = verdict_after(|f| {
        let edited = Content::text("I will hurt you").encode();
        if let Ok((opening, tag)) = commit_with_rng(&mut rand::rng(), &f.header, &edited) {
            f.opening = *opening.as_bytes();
            f.franking_tag = *tag.as_bytes();
            f.message = edited;
        }
    })?;
    assert_eq!(verdict, INVALID);
    Ok(())
}

#[test]
fn cutting_reordering_or_repeating_messages() -> Result<(), Error> {
    let w = conversation()?;
    let pick = |seqs: &[u64]| {
        let reports: Vec<Vec<u8>> = seqs.iter().map(|&s| w.evidence(BOB, s)).collect();
        excerpt::encode(&reports.iter().map(Vec::as_slice).collect::<Vec<_>>())
    };
    // Where it starts and ends is the reporter's choice.
    assert!(w.moderator.verify_excerpt(NOW, &pick(&[1, 2])).is_ok());
    // What lies between is not.
    for seqs in [&[0, 2, 3][..], &[0, 2, 1, 3], &[2, 2], &[3, 2]] {
        assert_eq!(
            w.moderator.verify_excerpt(NOW, &pick(seqs)),
            Err(Error::ExcerptInvalid(
                "sequence numbers are not consecutive"
            )),
            "{seqs:?}"
        );
    }
    assert_eq!(
        w.moderator.verify_excerpt(NOW, &pick(&[])),
        Err(Error::ExcerptInvalid("empty excerpt"))
    );
    Ok(())
}

#[test]
fn splicing_in_a_message_from_another_room() -> Result<(), Error> {
    let mut w = conversation()?;
    // A second room on the same hub, with its own sequence numbers.
    let mut others = form_group(&mut w.hub, b"room-other", &["alice", "bob", "dave"])?;
    for text in ["first", "second"] {
        let bytes = others[0].send(&Content::text(text))?;
        for outcome in deliver(&mut w.hub, &mut others, 0, &bytes)?.1 {
            outcome?;
        }
    }
    // Message 0 of this room, then message 1 of the other: consecutive
    // numbers, each report genuine, but not one conversation.
    let other = others[1]
        .conversation()
        .iter()
        .find(|r| r.seq == 1)
        .map(|r| r.evidence.clone())
        .unwrap_or_default();
    let spliced = excerpt::encode(&[w.evidence(BOB, 0).as_slice(), other.as_slice()]);
    assert_eq!(
        w.moderator.verify_excerpt(NOW, &spliced),
        Err(Error::ExcerptInvalid("messages from different rooms"))
    );
    Ok(())
}

#[test]
fn a_malformed_excerpt() -> Result<(), Error> {
    let w = conversation()?;
    let excerpt = w.members[BOB].report(0..=1)?;
    for cut in [0, 3, 7, excerpt.len() - 1] {
        assert!(w.moderator.verify_excerpt(NOW, &excerpt[..cut]).is_err());
    }
    let mut longer = excerpt.clone();
    longer.push(0);
    assert_eq!(
        w.moderator.verify_excerpt(NOW, &longer),
        Err(Error::Malformed("bytes after the excerpt"))
    );
    Ok(())
}

#[test]
fn the_reporter_cannot_report_what_it_never_accepted() -> Result<(), Error> {
    let w = conversation()?;
    assert_eq!(
        w.members[BOB].report(2..=5).err(),
        Some(Error::Rejected("a message of the excerpt is missing"))
    );
    Ok(())
}
