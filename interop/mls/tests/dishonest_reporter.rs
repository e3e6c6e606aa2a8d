//! A member who alters what it received cannot make a report verify: not by
//! editing the content, the context or the header, not by committing anew to
//! edited content, and not by cutting, reordering or mixing an excerpt: the
//! excerpt is the franking crate's conversation report, so reordered or
//! repeated messages do not decode, a message of another room does not
//! verify, and a left-out message shows as a gap.

mod common;

use common::{ALICE, BOB, CAROL, ROOM, ReportFields, START, World, conversation_report, world};
use franking::commit_with_rng;
use franking::conversation::Gap;
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
fn excerpt_with(w: &World, at: u64, report: Vec<u8>) -> Result<Vec<u8>, Error> {
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
    let excerpt = excerpt_with(&w, 2, fields.encode())?;
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

/// Bob's kept reports of the messages `seqs`, as editable fields.
fn kept(w: &World, seqs: &[u64]) -> Result<Vec<ReportFields>, Error> {
    seqs.iter()
        .map(|&s| ReportFields::decode(&w.evidence(BOB, s)))
        .collect()
}

/// Whether `result` is the crate's `Malformed`, naming `field`.
fn malformed<T>(field: &str, result: &Result<T, Error>) -> bool {
    matches!(result,
        Err(Error::Franking(franking::Error::Malformed { field: f, .. })) if *f == field)
}

#[test]
fn choosing_where_an_excerpt_starts_and_ends() -> Result<(), Error> {
    let w = conversation()?;
    let excerpt = conversation_report(ROOM, &kept(&w, &[1, 2])?);
    // The same bytes the member's own encoder writes.
    assert_eq!(excerpt, w.members[BOB].report(1..=2)?);
    assert!(w.moderator.verify_excerpt(NOW, &excerpt).is_ok());
    Ok(())
}

#[test]
fn leaving_out_a_message_shows_as_a_gap() -> Result<(), Error> {
    let w = conversation()?;
    let reports: Vec<Vec<u8>> = [0, 2, 3].iter().map(|&s| w.evidence(BOB, s)).collect();
    let excerpt = excerpt::encode(&reports.iter().map(Vec::as_slice).collect::<Vec<_>>())?;
    // Every message is genuine; the crate's verdict shows what is missing...
    let verified = excerpt::verify(&w.keyring, NOW, &excerpt)?;
    assert_eq!(
        verified.gaps,
        [Gap {
            after: 0,
            before: 2
        }]
    );
    // ...and the moderator does not accept an excerpt with a gap.
    assert_eq!(
        w.moderator.verify_excerpt(NOW, &excerpt),
        Err(Error::ExcerptInvalid("messages left out"))
    );
    Ok(())
}

#[test]
fn reordering_or_repeating_messages_is_malformed() -> Result<(), Error> {
    let w = conversation()?;
    for seqs in [&[0, 2, 1, 3][..], &[2, 2], &[3, 2], &[0, 1, 1, 2]] {
        // The member's encoder refuses to write it...
        let reports: Vec<Vec<u8>> = seqs.iter().map(|&s| w.evidence(BOB, s)).collect();
        let encoded = excerpt::encode(&reports.iter().map(Vec::as_slice).collect::<Vec<_>>());
        assert!(malformed("sequence number", &encoded), "{seqs:?}");
        // ...and written by hand, it does not decode.
        let excerpt = conversation_report(ROOM, &kept(&w, seqs)?);
        assert!(
            malformed(
                "sequence number",
                &w.moderator.verify_excerpt(NOW, &excerpt)
            ),
            "{seqs:?}"
        );
    }
    // Nor does an excerpt of no messages.
    assert!(malformed(
        "count",
        &w.moderator
            .verify_excerpt(NOW, &conversation_report(ROOM, &[]))
    ));
    assert!(malformed("count", &excerpt::encode(&[])));
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
    // Message 0 of this room, then message 1 of the other: increasing
    // numbers, each report genuine, but not one conversation.
    let other = others[1]
        .conversation()
        .iter()
        .find(|r| r.seq == 1)
        .map(|r| r.evidence.clone())
        .unwrap_or_default();
    // The encoder refuses reports of two conversations...
    let spliced = excerpt::encode(&[w.evidence(BOB, 0).as_slice(), other.as_slice()]);
    assert!(malformed("conversation", &spliced));
    // ...and under this room's id, the other room's stamp does not verify:
    // it binds the conversation the hub numbered the message in.
    let mut entries = kept(&w, &[0])?;
    entries.push(ReportFields::decode(&other)?);
    let spliced = conversation_report(ROOM, &entries);
    assert_eq!(
        w.moderator.verify_excerpt(NOW, &spliced),
        Err(Error::Franking(franking::Error::Invalid))
    );
    // Renumbering it to fit does not help either.
    let mut entries = kept(&w, &[0, 1])?;
    let mut renumbered = ReportFields::decode(&other)?;
    renumbered.seq = 2;
    entries.push(renumbered);
    assert_eq!(
        w.moderator
            .verify_excerpt(NOW, &conversation_report(ROOM, &entries)),
        Err(Error::Franking(franking::Error::Invalid))
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
    assert!(malformed(
        "trailing bytes",
        &w.moderator.verify_excerpt(NOW, &longer)
    ));
    // A single-message report is not an excerpt.
    assert_eq!(
        w.moderator.verify_excerpt(NOW, &w.evidence(BOB, 0)),
        Err(Error::Franking(franking::Error::UnsupportedVersion {
            version: 1
        }))
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
