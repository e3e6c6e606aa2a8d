//! Properties of the verdict's two parts (SPEC.md 16.3, 16.4): the claims
//! (reason, note, reporter field) are carried apart from the verified
//! entries and never change them; the reason registry names codes 0 to 6
//! and shows every other code as unknown; nothing prints content.

mod submission_common;

use franking::submission::{Addressee, ReasonCode, SubmissionEntry, SubmissionVerdict};
use franking::{Submission, VerifiedReport};
use submission_common::{NOW, REPORTER, evidence, in_room, keyring, submission};

/// Two submissions of the same evidence with different claims verify to
/// the same verified messages; each verdict's claims are its own bytes'. A
/// note that quotes a message and names a sender stays a claim.
#[test]
fn claims_never_change_or_enter_what_is_verified() {
    let e = evidence();
    let entries = [
        SubmissionEntry::message(&e.direct),
        SubmissionEntry::conversation(&e.conversation),
        SubmissionEntry::attachment(&e.range),
    ];
    let quote = "u:carol wrote: you'll regret this";
    let a = submission(0, REPORTER, "", &entries);
    let b = submission(1, REPORTER, quote, &entries);
    let ring = keyring();
    let (sa, sb) = (
        Submission::decode(&a).unwrap(),
        Submission::decode(&b).unwrap(),
    );
    let va = SubmissionVerdict::<'_, 3>::verify(&ring, NOW, &sa, REPORTER, &in_room).unwrap();
    let vb = SubmissionVerdict::<'_, 3>::verify(&ring, NOW, &sb, REPORTER, &in_room).unwrap();
    let ma: Vec<VerifiedReport<'_>> = va.messages().map(|(_, m)| m).collect();
    let mb: Vec<VerifiedReport<'_>> = vb.messages().map(|(_, m)| m).collect();
    assert_eq!(ma, mb);
    assert_eq!(va.claims().reason(), ReasonCode::UNSPECIFIED);
    assert_eq!(vb.claims().reason(), ReasonCode::CHILD_SEXUAL_EXPLOITATION);
    assert_eq!((va.claims().note(), vb.claims().note()), ("", quote));
    assert_eq!(vb.claims().reporter(), REPORTER);
    assert_eq!(vb.reporter(), REPORTER);
    // The quoted sender is not a sender of any verified message.
    assert!(
        vb.messages()
            .all(|(_, m)| m.sender() != b"u:carol" || m.message() != b"you'll regret this")
    );
    // Direct, room and the reporter's own (sent) addressees, as
    // verification found them: the fourth message is the reporter's own.
    let how: Vec<Addressee> = vb.messages().map(|(_, m)| vb.addressee(&m)).collect();
    assert_eq!(
        how,
        [
            Addressee::Direct,
            Addressee::Room,
            Addressee::Room,
            Addressee::Sent,
            Addressee::Direct
        ]
    );
}

/// The registry of SPEC.md 16.2: codes 0 to 6 named, every other code
/// decodes and shows as unknown with its number; 0x8000 on is private use.
#[test]
fn reason_registry() {
    let named = [
        (ReasonCode::UNSPECIFIED, "unspecified"),
        (
            ReasonCode::CHILD_SEXUAL_EXPLOITATION,
            "child sexual exploitation",
        ),
        (ReasonCode::GROOMING, "grooming"),
        (ReasonCode::HARASSMENT, "harassment"),
        (ReasonCode::THREATS_OR_VIOLENCE, "threats or violence"),
        (ReasonCode::SPAM_OR_FRAUD, "spam or fraud"),
        (ReasonCode::OTHER, "other"),
    ];
    for (code, (reason, name)) in named.iter().enumerate() {
        assert_eq!(reason.code() as usize, code);
        assert_eq!(reason.name(), Some(*name));
        assert_eq!(reason.to_string(), *name);
        assert!(!reason.is_private_use());
    }
    for code in [7u16, 0x7fff, 0x8000, 0xffff] {
        let reason = ReasonCode::new(code);
        assert_eq!(reason.name(), None);
        assert_eq!(reason.to_string(), format!("unknown (code {code})"));
        assert_eq!(reason.is_private_use(), code >= 0x8000);
    }
    // Every code survives the wire unchanged.
    let e = evidence();
    for code in [0u16, 6, 7, 0x8000, 0xffff] {
        let bytes = submission(code, REPORTER, "", &[SubmissionEntry::message(&e.direct)]);
        assert_eq!(Submission::decode(&bytes).unwrap().reason().code(), code);
    }
}

/// Debug output of the submission, its claims, entries and verdict carries
/// no note, reporter id, sender or message content.
#[test]
fn debug_prints_no_content() {
    let e = evidence();
    let note = "SECRET-NOTE-TEXT";
    let bytes = submission(
        3,
        REPORTER,
        note,
        &[
            SubmissionEntry::message(&e.direct),
            SubmissionEntry::attachment(&e.whole),
        ],
    );
    let ring = keyring();
    let s = Submission::decode(&bytes).unwrap();
    let v = SubmissionVerdict::<'_, 2>::verify(&ring, NOW, &s, REPORTER, &in_room).unwrap();
    let printed = format!(
        "{s:?} {:?} {:?} {v:?} {:?}",
        s.claims(),
        s.entries().collect::<Vec<_>>(),
        v.entries()
    );
    for needle in [note, "u:bob", "regret", "look!"] {
        assert!(!printed.contains(needle), "{needle} printed: {printed}");
    }
}
