//! Arbitrary bytes as a report submission off the wire (SPEC.md 16).
//!
//! Properties: decoding and verification never panic; every accepted input
//! re-encodes to itself; the heap verdict equals a verdict assembled entry
//! by entry from the crate's own single, conversation and attachment
//! verifiers with the addressee rule of 16.3 (same error, same entry, same
//! message); the fixed-capacity verdict agrees wherever its capacity allows;
//! every message of a verdict was addressed to the reporter or to a room it
//! belonged to; an account other than the reporter field is always
//! `ReporterMismatch`.
#![no_main]

use std::sync::LazyLock;

use franking::media::verify_media_report;
use franking::submission::{EntryKind, SubmissionVerdict, SubmissionVerdictVec};
use franking::{ConversationReport, Error, Keyring, Report, Submission, SubmissionError, verify};
use franking_fuzz::{NOW, keyring};
use libfuzzer_sys::fuzz_target;

static RING: LazyLock<Keyring> = LazyLock::new(keyring);

/// The membership records of every target run: `bob` belongs to `room` at
/// every seq below 1000 (the seeds' room messages), nobody else anywhere.
fn member(room: &[u8], account: &[u8], message: &franking::Context<'_>) -> bool {
    room == b"room" && account == b"bob" && message.seq() < 1000
}

/// SPEC.md 16.3 step 3, entry by entry, from the crate's single-report verifiers.
fn expected(s: &Submission<'_>, reporter: &[u8]) -> Result<usize, SubmissionError> {
    if reporter.is_empty() {
        return Err(SubmissionError::ReporterMismatch);
    }
    let mut messages = 0;
    for (index, entry) in s.entries().enumerate() {
        let failed = |error: Error| SubmissionError::Entry { index, error };
        // Every position of the entry (sender, recipient, seq, shown), stamp-only
        // entries of a conversation report included.
        let positions: Vec<(Vec<u8>, Vec<u8>, u64, bool)> = match entry.kind() {
            EntryKind::Message => {
                let report = Report::decode(entry.bytes()).map_err(failed)?;
                let v = verify(&RING, NOW, &report).map_err(failed)?;
                vec![(v.sender().to_vec(), v.recipient().to_vec(), v.seq(), true)]
            }
            EntryKind::Conversation => {
                let report = ConversationReport::decode(entry.bytes()).map_err(failed)?;
                let v = franking::verify_conversation(&RING, NOW, &report).map_err(failed)?;
                v.entries()
                    .map(|e| {
                        let shown = matches!(e, franking::conversation::VerifiedEntry::Message(_));
                        (e.sender().to_vec(), e.recipient().to_vec(), e.seq(), shown)
                    })
                    .collect()
            }
            EntryKind::Attachment => {
                let v = verify_media_report(&RING, NOW, entry.bytes()).map_err(failed)?;
                let r = v.report();
                vec![(r.sender().to_vec(), r.recipient().to_vec(), r.seq(), true)]
            }
            _ => unreachable!("decoding accepts three kinds"),
        };
        for (message, (sender, recipient, seq, _)) in positions.iter().enumerate() {
            let in_room = recipient == b"room" && reporter == b"bob" && *seq < 1000;
            if recipient != reporter && sender != reporter && !in_room {
                return Err(SubmissionError::NotAddressed { index, message });
            }
        }
        messages += positions.iter().filter(|p| p.3).count();
    }
    Ok(messages)
}

fuzz_target!(|data: &[u8]| {
    let Ok(s) = Submission::decode(data) else {
        return;
    };
    let entries: Vec<_> = s.entries().collect();
    assert_eq!(entries.len(), s.len());
    let mut out = vec![0u8; data.len()];
    assert_eq!(
        Submission::encode_into(s.reason(), s.reporter(), s.note(), &entries, &mut out),
        Ok(data.len())
    );
    assert_eq!(
        out, data,
        "accepted submission does not re-encode to itself"
    );

    let reporter = s.reporter();
    let got = SubmissionVerdictVec::verify(&RING, NOW, &s, reporter, &member);
    let want = expected(&s, reporter);
    assert_eq!(
        got.as_ref().map(|v| v.messages().count()).map_err(|e| *e),
        want,
        "verdict differs from the entries' own verifiers"
    );
    if let Ok(v) = &got {
        for (_, m) in v.messages() {
            assert!(
                m.recipient() == reporter
                    || m.sender() == reporter
                    || member(m.recipient(), reporter, m.context())
            );
        }
        assert_eq!(v.claims().note(), s.note());
    }
    let fixed = SubmissionVerdict::<'_, 4>::verify(&RING, NOW, &s, reporter, &member);
    match fixed {
        Err(SubmissionError::TooManyEntries { .. }) => assert!(s.len() > 4),
        other => assert_eq!(other.map(|v| v.messages().count()), want),
    }

    let mut someone_else = reporter.to_vec();
    someone_else.push(0);
    assert_eq!(
        SubmissionVerdictVec::verify(&RING, NOW, &s, &someone_else, &member).map(|_| ()),
        Err(SubmissionError::ReporterMismatch)
    );
});
