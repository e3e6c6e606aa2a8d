//! Generates the submission test vectors `tests/vectors/submission-v1.txt`
//! (format: SPEC.md section 10, kinds of section 16.5) through the crate's
//! public API.
//!
//! Run with `cargo run --example gen_submission_vectors >
//! tests/vectors/submission-v1.txt`. Every report is built by the crate from
//! fixed byte patterns (`tests/submission_common`), so the output is
//! deterministic; each case states its expected verdict, and the generator
//! checks that the crate agrees before printing it.

#[path = "../tests/submission_common/mod.rs"]
mod common;

use common::{
    BOB_IN_ROOM, Evidence, MAX_AGE, MAX_SKEW, Member, NOW, REPORTER, hex, keyring, keys_field,
    submission,
};
use franking::submission::{ReasonCode, SubmissionEntry, SubmissionVerdict};
use franking::{Keyring, Submission, SubmissionError};

struct Case(Vec<(&'static str, String)>);

impl Case {
    fn new(kind: &str, name: &str, expect: &str) -> Self {
        Case(vec![
            ("kind", kind.into()),
            ("name", name.into()),
            ("expect", expect.into()),
        ])
    }
    fn f(mut self, name: &'static str, value: String) -> Self {
        self.0.push((name, value));
        self
    }
    fn print(&self) {
        println!();
        for (k, v) in &self.0 {
            println!("{k}: {v}");
        }
    }
}

/// The expected verdict: `ok`, or an error's name with the entry and the
/// message it names.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Expect(&'static str, Option<usize>, Option<usize>);

const OK: Expect = Expect("ok", None, None);

fn err(name: &'static str) -> Expect {
    Expect(name, None, None)
}

fn at(name: &'static str, entry: usize) -> Expect {
    Expect(name, Some(entry), None)
}

fn not_addressed(entry: usize, message: usize) -> Expect {
    Expect("NotAddressed", Some(entry), Some(message))
}

fn expect_of(e: &SubmissionError) -> Expect {
    let message = match e {
        SubmissionError::NotAddressed { message, .. } => Some(*message),
        _ => None,
    };
    Expect(e.name(), e.entry(), message)
}

struct Setting<'k> {
    keyring: &'k Keyring,
    keys: String,
    now: u64,
    reporter: &'static [u8],
    members: &'k [Member],
}

fn case(s: &Setting<'_>, name: &str, bytes: &[u8], expect: Expect) {
    let result = Submission::decode(bytes).and_then(|sub| {
        let membership = |room: &[u8], account: &[u8], m: &franking::Context<'_>| {
            Member::check(s.members, room, account, m)
        };
        let v =
            SubmissionVerdict::<'_, 8>::verify(s.keyring, s.now, &sub, s.reporter, &membership)?;
        let claims = v.claims();
        let kinds: Vec<&str> = v.entries().iter().map(|e| e.kind().name()).collect();
        let senders: Vec<String> = v.messages().map(|(_, m)| hex(m.sender())).collect();
        let addressees: Vec<&str> = v.messages().map(|(_, m)| v.addressee(&m).name()).collect();
        Ok(vec![
            ("reason", claims.reason().code().to_string()),
            (
                "reason_name",
                claims.reason().name().unwrap_or("unknown").to_string(),
            ),
            ("note", hex(claims.note().as_bytes())),
            ("claimed_reporter", hex(claims.reporter())),
            ("entry_kinds", kinds.join(",")),
            ("senders", senders.join(",")),
            ("addressees", addressees.join(",")),
        ])
    });
    let got = result.as_ref().map_or_else(expect_of, |_| OK);
    assert_eq!(got, expect, "submission: {name}");
    let mut c = Case::new("submission", name, expect.0)
        .f("keys", s.keys.clone())
        .f("max_age", MAX_AGE.to_string())
        .f("max_skew", MAX_SKEW.to_string())
        .f("now", s.now.to_string())
        .f("reporter", hex(s.reporter))
        .f("members", Member::field(s.members))
        .f("submission", hex(bytes));
    if let Some(entry) = expect.1 {
        c = c.f("entry", entry.to_string());
    }
    if let Some(message) = expect.2 {
        c = c.f("message", message.to_string());
    }
    for (field, value) in result.unwrap_or_default() {
        c = c.f(field, value);
    }
    c.print();
}

fn reason_cases() {
    for code in [0u16, 1, 2, 3, 4, 5, 6, 7, 0x7fff, 0x8000, 0xffff] {
        let reason = ReasonCode::new(code);
        let name = reason.name().unwrap_or("unknown");
        Case::new("reason-code", &format!("code {code}"), "ok")
            .f("code", code.to_string())
            .f("reason_name", name.to_string())
            .print();
    }
}

/// `bytes` with one byte changed at `at` (bit 0 flipped).
fn flip(bytes: &[u8], at: usize) -> Vec<u8> {
    let mut out = bytes.to_vec();
    out[at] ^= 1;
    out
}

fn submission_cases() {
    let e = Evidence::new();
    let ring = keyring();
    let members = [BOB_IN_ROOM];
    let s = Setting {
        keyring: &ring,
        keys: keys_field(),
        now: NOW,
        reporter: REPORTER,
        members: &members,
    };
    let msg = SubmissionEntry::message;
    let conv = SubmissionEntry::conversation;
    let att = SubmissionEntry::attachment;
    let note = "he keeps threatening me";

    // Accepted.
    let one = submission(3, REPORTER, note, &[msg(&e.direct)]);
    case(&s, "one message addressed to the reporter", &one, OK);
    let all = submission(
        4,
        REPORTER,
        "er sagt, er findet mich \u{2014} screenshots attached",
        &[
            msg(&e.direct),
            conv(&e.conversation),
            att(&e.whole),
            att(&e.range),
        ],
    );
    case(&s, "every kind of entry", &all, OK);
    let room = submission(
        3,
        REPORTER,
        "",
        &[conv(&e.conversation), msg(&e.room_message)],
    );
    case(&s, "room messages through membership", &room, OK);
    case(
        &s,
        "empty note, unspecified reason",
        &submission(0, REPORTER, "", &[msg(&e.direct)]),
        OK,
    );
    case(
        &s,
        "unassigned reason code 7 shows as unknown",
        &submission(7, REPORTER, "", &[msg(&e.direct)]),
        OK,
    );
    case(
        &s,
        "private-use reason code 0x8001",
        &submission(0x8001, REPORTER, "", &[msg(&e.direct)]),
        OK,
    );
    let long_note = "x".repeat(4096);
    case(
        &s,
        "note of 4096 bytes",
        &submission(6, REPORTER, &long_note, &[msg(&e.direct)]),
        OK,
    );
    case(
        &s,
        "one message twice (deduplication is the moderator's, 6.2)",
        &submission(5, REPORTER, "", &[msg(&e.direct), msg(&e.direct)]),
        OK,
    );

    // The reporter and the addressees.
    let mallory = submission(3, b"u:mallory", note, &[msg(&e.direct)]);
    case(
        &s,
        "reporter field names another account",
        &mallory,
        err("ReporterMismatch"),
    );
    let mallory_setting = Setting {
        reporter: b"u:mallory",
        keys: keys_field(),
        ..s
    };
    case(
        &mallory_setting,
        "another account submits the reporter's evidence",
        &mallory,
        not_addressed(0, 0),
    );
    case(
        &s,
        "message to another user",
        &submission(3, REPORTER, "", &[msg(&e.to_carol)]),
        not_addressed(0, 0),
    );
    case(
        &s,
        "message to another user in the second entry",
        &submission(3, REPORTER, "", &[msg(&e.direct), msg(&e.to_carol)]),
        not_addressed(1, 0),
    );
    let no_records = Setting {
        members: &[],
        keys: keys_field(),
        ..s
    };
    case(
        &no_records,
        "room conversation without membership records",
        &room,
        not_addressed(0, 0),
    );
    let late = [Member {
        first: 42,
        ..BOB_IN_ROOM
    }];
    case(
        &Setting {
            members: &late,
            keys: keys_field(),
            ..s
        },
        "reporter joined the room after the first message",
        &room,
        not_addressed(0, 0),
    );
    let left = [Member {
        last: 41,
        ..BOB_IN_ROOM
    }];
    case(
        &Setting {
            members: &left,
            keys: keys_field(),
            ..s
        },
        "reporter left the room before the second message",
        &room,
        not_addressed(0, 1),
    );
    let left_before_own = [Member {
        last: 43,
        ..BOB_IN_ROOM
    }];
    case(
        &Setting {
            members: &left_before_own,
            keys: keys_field(),
            ..s
        },
        "reporter left the room before its own third message: sent by the reporter",
        &room,
        OK,
    );
    let other_room = [Member {
        room: b"r:other",
        ..BOB_IN_ROOM
    }];
    case(
        &Setting {
            members: &other_room,
            keys: keys_field(),
            ..s
        },
        "membership of another room",
        &room,
        not_addressed(0, 0),
    );

    // Each entry's own verifier.
    let last = e.direct.len() - 1;
    let tampered_message = flip(&e.direct, last);
    case(
        &s,
        "tampered message in the second entry",
        &submission(
            3,
            REPORTER,
            "",
            &[msg(&e.room_message), msg(&tampered_message)],
        ),
        at("Invalid", 1),
    );
    let tampered = flip(&e.conversation, e.conversation.len() - 1);
    case(
        &s,
        "tampered conversation entry",
        &submission(3, REPORTER, "", &[conv(&tampered)]),
        at("Invalid", 0),
    );
    let tampered = flip(&e.range, e.range.len() - 1);
    case(
        &s,
        "tampered chunk of a range entry",
        &submission(3, REPORTER, "", &[msg(&e.direct), att(&tampered)]),
        at("Invalid", 1),
    );
    case(
        &s,
        "range entry missing its last byte",
        &submission(3, REPORTER, "", &[att(&e.range[..e.range.len() - 1])]),
        at("Malformed", 0),
    );
    case(
        &s,
        "first failing entry decides: not addressed before invalid",
        &submission(3, REPORTER, "", &[msg(&e.to_carol), msg(&tampered_message)]),
        not_addressed(0, 0),
    );
    case(
        &s,
        "first failing entry decides: invalid before not addressed",
        &submission(3, REPORTER, "", &[msg(&tampered_message), msg(&e.to_carol)]),
        at("Invalid", 0),
    );
    case(
        &Setting {
            now: NOW + MAX_AGE,
            keys: keys_field(),
            ..s
        },
        "expired entries",
        &all,
        at("Expired", 0),
    );
    case(
        &Setting {
            now: common::TS - 1_000,
            keys: keys_field(),
            ..s
        },
        "entries from the future",
        &one,
        at("FromFuture", 0),
    );
    let other_ring = Keyring::new(
        franking::PlatformKey::from_bytes(
            franking::KeyId::new(1),
            franking::KeyInterval::starting_at(0),
            &mut common::PLATFORM_KEY.clone(),
        )
        .unwrap(),
        MAX_AGE,
    )
    .with_max_skew(MAX_SKEW);
    let closed = Keyring::new(
        franking::PlatformKey::from_bytes(
            franking::KeyId::new(common::KEY_ID),
            franking::KeyInterval::new(0, common::TS - 1_000).unwrap(),
            &mut common::PLATFORM_KEY.clone(),
        )
        .unwrap(),
        MAX_AGE,
    )
    .with_max_skew(MAX_SKEW);
    case(
        &Setting {
            keyring: &closed,
            keys: format!(
                "{}={}/0/{}",
                common::KEY_ID,
                hex(&common::PLATFORM_KEY),
                common::TS - 1_000
            ),
            ..s
        },
        "key interval closed before the messages",
        &one,
        at("OutsideKeyInterval", 0),
    );
    case(
        &Setting {
            keyring: &other_ring,
            keys: format!("1={}/0/{}", hex(&common::PLATFORM_KEY), u64::MAX),
            ..s
        },
        "unknown platform key",
        &one,
        at("UnknownKey", 0),
    );

    // Decoding: the submission's own fields.
    let reporter_at = 16 + 1 + 2;
    let note_at = reporter_at + 2 + REPORTER.len();
    let count_at = note_at + 2 + note.len();
    let entries_at = count_at + 2;
    let mut t = one.clone();
    t[0] ^= 1;
    case(&s, "wrong label", &t, err("Malformed"));
    let mut t = one.clone();
    t[16] = 2;
    case(&s, "version 2", &t, err("UnsupportedVersion"));
    let mut t = one.clone();
    t[16] = 0;
    case(&s, "version 0", &t, err("UnsupportedVersion"));
    for (what, len) in [
        ("label", 15),
        ("version", 16),
        ("reason", 18),
        ("reporter length", reporter_at + 1),
        ("reporter", reporter_at + 3),
        ("note", note_at + 5),
        ("count", count_at + 1),
        ("entry kind", entries_at),
        ("entry length", entries_at + 3),
        ("entry bytes", entries_at + 5 + 10),
        ("last byte", one.len() - 1),
    ] {
        let expect = if len >= entries_at {
            at("Malformed", 0)
        } else {
            err("Malformed")
        };
        case(&s, &format!("truncated in the {what}"), &one[..len], expect);
    }
    case(&s, "empty input", &[], err("Malformed"));
    let mut t = one.clone();
    t.push(0);
    case(&s, "trailing byte", &t, err("Malformed"));
    let mut t = one.clone();
    t[count_at + 1] = 0;
    case(&s, "count 0", &t, err("Malformed"));
    let mut t = one.clone();
    t[count_at + 1] = 2;
    case(&s, "count beyond the entries", &t, at("Malformed", 1));
    let mut t = submission(3, REPORTER, note, &[msg(&e.direct), msg(&e.direct)]);
    t[count_at + 1] = 1;
    case(&s, "count short of the entries", &t, err("Malformed"));
    let mut t = one.clone();
    t[note_at + 2] = 0xff;
    case(&s, "note not UTF-8", &t, err("Malformed"));
    let over = submission(3, REPORTER, "", &[msg(&e.direct)]);
    let mut t = over[..note_at].to_vec();
    t.extend_from_slice(&4097u16.to_be_bytes());
    t.extend_from_slice(&[b'x'; 4097]);
    t.extend_from_slice(&over[note_at + 2..]);
    case(&s, "note of 4097 bytes", &t, err("TooLong"));

    // Decoding: entry frames and each entry's own decoder.
    for kind in [0u8, 4, 0xff] {
        let mut t = one.clone();
        t[entries_at] = kind;
        case(&s, &format!("entry kind {kind}"), &t, at("Malformed", 0));
    }
    let mut t = one.clone();
    t[entries_at] = 2;
    case(
        &s,
        "message report framed as a conversation",
        &t,
        at("UnsupportedVersion", 0),
    );
    let t = submission(3, REPORTER, "", &[msg(&e.direct), msg(&e.direct)]);
    let mut t2 = t.clone();
    let second = t.len() - 5 - e.direct.len();
    t2[second] = 3;
    case(
        &s,
        "message report framed as an attachment",
        &t2,
        at("Malformed", 1),
    );
    let mut t = submission(3, REPORTER, "", &[conv(&e.conversation)]);
    t[entries_at - note.len()] = 1;
    case(
        &s,
        "conversation report framed as a message",
        &t,
        at("WrongEncoding", 0),
    );
    let mut t = one.clone();
    let len_at = entries_at + 1;
    let len = u32::from_be_bytes(t[len_at..len_at + 4].try_into().unwrap());
    t[len_at..len_at + 4].copy_from_slice(&(len + 1).to_be_bytes());
    case(
        &s,
        "entry length one beyond the input",
        &t,
        at("Malformed", 0),
    );
    let mut t = one.clone();
    t[len_at..len_at + 4].copy_from_slice(&(len - 1).to_be_bytes());
    case(&s, "entry length one short", &t, at("Malformed", 0));
    let mut inner = e.direct.clone();
    inner.push(0);
    let mut t = one[..entries_at].to_vec();
    t.push(1);
    t.extend_from_slice(&(inner.len() as u32).to_be_bytes());
    t.extend_from_slice(&inner);
    case(
        &s,
        "entry with a trailing byte inside its frame",
        &t,
        at("Malformed", 0),
    );
}

fn main() {
    println!("# franking v1 report submission test vectors; format: SPEC.md sections 10 and 16.5.");
    println!("# Generated by `cargo run --example gen_submission_vectors`; do not edit by hand.");
    reason_cases();
    submission_cases();
}
