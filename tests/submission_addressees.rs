//! Who a submission's evidence may concern (SPEC.md 16.3 step 3.2): every
//! position of every entry, stamp-only entries included, reached the
//! authenticated reporter directly, was sent by it, or went to a room it then
//! belonged to; and no account id is empty.

mod submission_common;

use franking::conversation::Entry;
use franking::submission::{Addressee, NoMembership, SubmissionEntry, SubmissionVerdict};
use franking::{ConversationReport, Receipt, Submission, SubmissionError};
use submission_common::{NOW, REPORTER, ROOM, in_room, keyring, submission};

fn verify(bytes: &[u8], reporter: &[u8]) -> Result<Vec<Addressee>, SubmissionError> {
    let ring = keyring();
    let s = Submission::decode(bytes)?;
    let v = SubmissionVerdict::<'_, 4>::verify(&ring, NOW, &s, reporter, &in_room)?;
    Ok(v.messages().map(|(_, m)| v.addressee(&m)).collect())
}

/// The reporter's own message of a pairwise fan-out names another member as
/// recipient; the reporter sent it, so it may show it (SPEC.md 15.2), and
/// nobody else may.
#[test]
fn the_reporters_own_fan_out_copy_is_addressed_as_sent_and_only_to_it() {
    let copy =
        submission_common::message_to(0xc0, REPORTER, b"u:carol", b"c:bob+carol", 5, b"see you");
    let entries = [SubmissionEntry::message(&copy)];
    let bytes = submission(3, REPORTER, "", &entries);
    assert_eq!(verify(&bytes, REPORTER), Ok(vec![Addressee::Sent]));
    let by_dave = submission(3, b"u:dave", "", &entries);
    assert_eq!(
        verify(&by_dave, b"u:dave"),
        Err(SubmissionError::NotAddressed {
            index: 0,
            message: 0
        })
    );
}

/// A stamp-only entry is a position like any other: a receipt of a copy
/// delivered to another member, slipped into a conversation report, is
/// `NotAddressed` even though it shows no content.
#[test]
fn a_stamp_only_entry_for_another_member_is_not_addressed() {
    let shown = submission_common::message_to(0xc1, b"u:alice", ROOM, ROOM, 41, b"hello");
    let foreign = submission_common::message_to(0xc2, b"u:carol", b"u:dave", ROOM, 42, b"psst");
    let (shown, foreign) = (
        franking::Report::decode(&shown).unwrap(),
        franking::Report::decode(&foreign).unwrap(),
    );
    let bytes = excerpt_with_hidden(shown, &foreign);
    assert_eq!(
        verify(&bytes, REPORTER),
        Err(SubmissionError::NotAddressed {
            index: 0,
            message: 1
        })
    );
    // The same excerpt with the receipt of a room delivery verifies.
    let room_copy = submission_common::message_to(0xc3, b"u:carol", ROOM, ROOM, 42, b"psst");
    let room_copy = franking::Report::decode(&room_copy).unwrap();
    let bytes = excerpt_with_hidden(shown, &room_copy);
    assert_eq!(verify(&bytes, REPORTER), Ok(vec![Addressee::Room]));
}

/// A submission of one conversation report: `shown`, then `hidden` as a
/// stamp-only entry built from its receipt.
fn excerpt_with_hidden(shown: franking::Report<'_>, hidden: &franking::Report<'_>) -> Vec<u8> {
    let receipt = Receipt::new(hidden.stamp(), hidden.franking_tag(), *hidden.context());
    let mixed = [Entry::Message(shown), Entry::stamp_only(receipt)];
    let mut conversation = vec![0u8; ConversationReport::encoded_len(&mixed).unwrap()];
    ConversationReport::encode_into(&mixed, &mut conversation).unwrap();
    submission(
        3,
        REPORTER,
        "",
        &[SubmissionEntry::conversation(&conversation)],
    )
}

/// An empty account id is refused before anything else: it would otherwise be
/// "directly" addressed by every context with an empty recipient.
#[test]
fn an_empty_reporter_is_refused() {
    let to_nobody = submission_common::message_to(0xc4, b"u:alice", b"", b"", 1, b"x");
    let bytes = submission(3, b"", "", &[SubmissionEntry::message(&to_nobody)]);
    let ring = keyring();
    let s = Submission::decode(&bytes).unwrap();
    assert_eq!(
        SubmissionVerdict::<'_, 4>::verify(&ring, NOW, &s, b"", &NoMembership).map(|_| ()),
        Err(SubmissionError::ReporterMismatch)
    );
}
