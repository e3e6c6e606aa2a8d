//! Properties of submission verification (SPEC.md 16.3, 16.4): a change to
//! any byte of any entry is refused at that entry; evidence addressed to
//! someone else, or spliced out of another user's submission, is refused;
//! the addressee check uses the authenticated account, never the
//! submission's reporter field; the first failing entry decides.

mod submission_common;

use franking::submission::{
    Addressee, EntryKind, NoMembership, SubmissionEntry, SubmissionVerdict,
};
use franking::{Submission, SubmissionError};
use submission_common::{
    BOB_IN_ROOM, Member, NOW, REPORTER, ROOM, evidence, in_room, keyring, submission,
};

fn verify(bytes: &[u8], reporter: &[u8]) -> Result<Vec<EntryKind>, SubmissionError> {
    let ring = keyring();
    let s = Submission::decode(bytes)?;
    let v = SubmissionVerdict::<'_, 8>::verify(&ring, NOW, &s, reporter, &in_room)?;
    Ok(v.entries().iter().map(|e| e.kind()).collect())
}

/// Flipping any bit-0 of any byte inside any entry's report makes the
/// submission fail, and the error names that entry.
#[test]
fn tampering_with_any_byte_of_any_entry_is_refused_at_that_entry() {
    let e = evidence();
    let entries = [
        SubmissionEntry::message(&e.direct),
        SubmissionEntry::conversation(&e.conversation),
        SubmissionEntry::attachment(&e.whole),
        SubmissionEntry::attachment(&e.range),
    ];
    let reports: Vec<&[u8]> = entries.iter().map(|entry| entry.bytes()).collect();
    let bytes = submission(4, REPORTER, "note", &entries);
    assert_eq!(
        verify(&bytes, REPORTER),
        Ok(vec![
            EntryKind::Message,
            EntryKind::Conversation,
            EntryKind::Attachment,
            EntryKind::Attachment
        ])
    );
    let mut start = bytes.len() - reports.iter().map(|b| 5 + b.len()).sum::<usize>();
    for (index, report) in reports.iter().enumerate() {
        let body = start + 5;
        for at in body..body + report.len() {
            let mut t = bytes.clone();
            t[at] ^= 1;
            let err = verify(&t, REPORTER).unwrap_err();
            assert_eq!(
                err.entry(),
                Some(index),
                "byte {} of entry {index}: {err:?}",
                at - body
            );
        }
        start = body + report.len();
    }
}

/// Evidence addressed to another user is refused, also spliced into a
/// submission of otherwise genuine entries; a room message verifies only
/// through the membership records, at its `seq`.
#[test]
fn evidence_not_addressed_to_the_reporter_is_refused() {
    let e = evidence();
    let carol = submission(3, REPORTER, "", &[SubmissionEntry::message(&e.to_carol)]);
    assert_eq!(
        verify(&carol, REPORTER),
        Err(SubmissionError::NotAddressed {
            index: 0,
            message: 0
        })
    );
    // Spliced: a genuine entry from carol's submission moved into bob's.
    let carols = Submission::decode(&carol).unwrap();
    let moved = carols.entries().next().unwrap();
    let spliced = submission(
        3,
        REPORTER,
        "",
        &[SubmissionEntry::message(&e.direct), moved],
    );
    assert_eq!(
        verify(&spliced, REPORTER),
        Err(SubmissionError::NotAddressed {
            index: 1,
            message: 0
        })
    );
    // Room evidence: only with membership at every message's seq.
    let room = submission(
        3,
        REPORTER,
        "",
        &[SubmissionEntry::conversation(&e.conversation)],
    );
    let ring = keyring();
    let s = Submission::decode(&room).unwrap();
    let none = SubmissionVerdict::<'_, 1>::verify(&ring, NOW, &s, REPORTER, &NoMembership);
    assert_eq!(
        none.map(|_| ()),
        Err(SubmissionError::NotAddressed {
            index: 0,
            message: 0
        })
    );
    for (first, last, failing) in [(42, 1000, 0), (1, 41, 1), (41, 44, usize::MAX)] {
        let records = [Member {
            first,
            last,
            ..BOB_IN_ROOM
        }];
        let member =
            |r: &[u8], a: &[u8], m: &franking::Context<'_>| Member::check(&records, r, a, m);
        let got = SubmissionVerdict::<'_, 1>::verify(&ring, NOW, &s, REPORTER, &member);
        if failing == usize::MAX {
            let v = got.unwrap();
            // The third message is the reporter's own: sent, not through the room.
            let how: Vec<Addressee> = v.messages().map(|(_, m)| v.addressee(&m)).collect();
            assert_eq!(how, [Addressee::Room, Addressee::Room, Addressee::Sent]);
            assert!(v.messages().all(|(_, m)| m.recipient() == ROOM));
        } else {
            assert_eq!(
                got.map(|_| ()),
                Err(SubmissionError::NotAddressed {
                    index: 0,
                    message: failing
                }),
                "member for {first}..={last}"
            );
        }
    }
}

/// The addressee check uses the account the caller authenticated. A
/// submission naming another reporter is refused before any entry; another
/// account that submits the reporter's genuine evidence under its own name
/// gets `NotAddressed`, not a verdict.
#[test]
fn reporter_field_and_authenticated_account_must_agree() {
    let e = evidence();
    let entries = [SubmissionEntry::message(&e.direct)];
    let as_bob = submission(3, REPORTER, "", &entries);
    assert_eq!(
        verify(&as_bob, b"u:mallory"),
        Err(SubmissionError::ReporterMismatch)
    );
    let as_mallory = submission(3, b"u:mallory", "", &entries);
    assert_eq!(
        verify(&as_mallory, REPORTER),
        Err(SubmissionError::ReporterMismatch)
    );
    assert_eq!(
        verify(&as_mallory, b"u:mallory"),
        Err(SubmissionError::NotAddressed {
            index: 0,
            message: 0
        })
    );
    // The mismatch is found before any entry: even a tampered entry is not reached.
    let mut tampered = as_bob.clone();
    let last = tampered.len() - 1;
    tampered[last] ^= 1;
    assert_eq!(
        verify(&tampered, b"u:mallory"),
        Err(SubmissionError::ReporterMismatch)
    );
}

/// Entries are decided in order: the first failing entry decides, whatever
/// fails after it.
#[test]
fn the_first_failing_entry_decides() {
    let e = evidence();
    let mut bad = e.direct.clone();
    let last = bad.len() - 1;
    bad[last] ^= 1;
    let bytes = |a: &[u8], b: &[u8]| {
        submission(
            3,
            REPORTER,
            "",
            &[SubmissionEntry::message(a), SubmissionEntry::message(b)],
        )
    };
    let invalid_first = bytes(&bad, &e.to_carol);
    assert_eq!(
        verify(&invalid_first, REPORTER).unwrap_err(),
        SubmissionError::Entry {
            index: 0,
            error: franking::Error::Invalid
        }
    );
    let unaddressed_first = bytes(&e.to_carol, &bad);
    assert_eq!(
        verify(&unaddressed_first, REPORTER).unwrap_err(),
        SubmissionError::NotAddressed {
            index: 0,
            message: 0
        }
    );
    let good_then_bad = bytes(&e.direct, &bad);
    assert_eq!(
        verify(&good_then_bad, REPORTER).unwrap_err().entry(),
        Some(1)
    );
}
