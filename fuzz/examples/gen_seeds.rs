//! Writes the seed corpus of every fuzz target: a few valid inputs each,
//! built with the library's own API from fixed keys, so the fuzzer starts from
//! inputs that reach the success paths.
//!
//! Usage (from fuzz/): `cargo run --example gen_seeds [-- OUT_DIR]`
//! (OUT_DIR defaults to `seeds`). Deterministic: rerunning it must reproduce
//! the committed seeds; CI checks that.

use std::fs;
use std::path::{Path, PathBuf};

use franking::conversation::Entry;
use franking::submission::{ReasonCode, SubmissionEntry, SubmissionVerdictVec};
use franking::{
    Context, ConversationReport, MessageKey, Nonce, Receipt, Report, Submission, commit_with_rng,
    verify, verify_commitment, verify_conversation,
};
use franking_fuzz::{
    BitflipInput, MAX_AGE, MessageInput, NOW, OpenInput, PLATFORM_KEYS, ROTATED_AT, ReplayRng,
    SealInput, keyring, platform_key, platform_key_any_time,
};

/// One message with its delivery, chosen to cover the interesting shapes.
fn messages() -> Vec<(&'static str, MessageInput<'static>)> {
    static LONG: [u8; 8200] = [b'x'; 8200];
    static HEADER: [u8; 300] = [0xA5; 300];
    let base = |key: u8, pk: u8, ts: u64, age: u32| MessageInput {
        key: [key; 32],
        nonce: [key ^ 0xFF; 24],
        platform_key: pk,
        timestamp: ts,
        age,
        sender: b"alice",
        recipient: b"bob",
        message_id: b"msg-0001",
        header: b"chat:42",
        message: b"hello, abusive world",
    };
    vec![
        ("basic", base(1, 1, NOW - 60, 60)),
        (
            "empty",
            MessageInput {
                sender: b"",
                recipient: b"",
                message_id: b"",
                header: b"",
                message: b"",
                // Key 1's last second: its interval closed at the rotation.
                ..base(2, 0, ROTATED_AT, 0)
            },
        ),
        (
            "long-header",
            MessageInput {
                header: &HEADER,
                message: b"m",
                ..base(3, 2, NOW - MAX_AGE, MAX_AGE as u32)
            },
        ),
        // Longer than one 8 KiB chunk of the in-place loops.
        (
            "two-chunks",
            MessageInput {
                message: &LONG,
                ..base(4, 2, 0, 0)
            },
        ),
        (
            "max-timestamp",
            MessageInput {
                message: b"late",
                ..base(5, 1, u64::MAX, 7)
            },
        ),
    ]
}

/// The encoded report of `m`, sealed (or, in layer mode, committed with the
/// message key's bytes as the opening), stamped and checked to verify.
fn report_bytes(m: &MessageInput<'_>, layer_mode: bool) -> Vec<u8> {
    let mut buffer = m.message.to_vec();
    let opened = if layer_mode {
        let (opening, tag) = commit_with_rng(&mut ReplayRng(&m.key), m.header, m.message).unwrap();
        verify_commitment(m.header, m.message, opening, &tag).unwrap()
    } else {
        let key = MessageKey::from_bytes(m.key);
        let envelope = key
            .seal_in_place_with_nonce(&Nonce::from_bytes(m.nonce), m.header, &mut buffer)
            .unwrap();
        key.open_in_place(&envelope, m.header, &mut buffer).unwrap()
    };
    let context = Context::new(m.sender, m.recipient, m.timestamp, m.message_id).unwrap();
    let stamp = platform_key(m.platform_key)
        .stamp(opened.franking_tag(), &context)
        .expect("seed timestamps lie in their key's interval");
    let report = opened.report(&context, &stamp);
    let mut wire = vec![0u8; report.encoded_len()];
    report.encode_into(&mut wire).unwrap();
    verify(&keyring(), m.now(), &Report::decode(&wire).unwrap()).unwrap();
    wire
}

fn receipt_bytes(receipt: &Receipt<'_>) -> Vec<u8> {
    let mut out = vec![0u8; receipt.encoded_len()];
    receipt.encode_into(&mut out).unwrap();
    out
}

/// A layer-mode report whose stamp the key's bytes made outside its interval
/// (as a leaked key could): well-formed, refused at the interval check.
fn report_outside_interval(m: &MessageInput<'_>) -> Vec<u8> {
    let (opening, tag) = commit_with_rng(&mut ReplayRng(&m.key), m.header, m.message).unwrap();
    let opened = verify_commitment(m.header, m.message, opening, &tag).unwrap();
    let context = Context::new(m.sender, m.recipient, m.timestamp, m.message_id).unwrap();
    let key = platform_key(m.platform_key);
    assert!(key.stamp(opened.franking_tag(), &context).is_err());
    let stamp = platform_key_any_time(m.platform_key)
        .stamp(opened.franking_tag(), &context)
        .unwrap();
    let report = opened.report(&context, &stamp);
    let mut wire = vec![0u8; report.encoded_len()];
    report.encode_into(&mut wire).unwrap();
    let verdict = verify(&keyring(), m.now(), &Report::decode(&wire).unwrap());
    assert_eq!(
        verdict.map(|_| ()).map_err(|e| e.kind()),
        Err(franking::ErrorKind::OutsideKeyInterval)
    );
    wire
}

/// A conversation report of messages `seqs` in one room (those in `hidden`
/// as stamp-only entries), layer mode, stamped for the room by the current
/// key, checked to verify at `NOW`.
fn conversation_bytes(seqs: &[u64], hidden: &[u64]) -> Vec<u8> {
    let texts: Vec<Vec<u8>> = seqs
        .iter()
        .map(|s| format!("message {s}").into_bytes())
        .collect();
    let ids: Vec<Vec<u8>> = seqs.iter().map(|s| format!("m-{s}").into_bytes()).collect();
    let opened: Vec<_> = seqs
        .iter()
        .zip(&texts)
        .map(|(s, t)| {
            let seed = [*s as u8; 32];
            let (opening, tag) = commit_with_rng(&mut ReplayRng(&seed), b"room", t).unwrap();
            verify_commitment(b"room", t, opening, &tag).unwrap()
        })
        .collect();
    let contexts: Vec<Context<'_>> = seqs
        .iter()
        .zip(&ids)
        .map(|(s, id)| {
            let sender: &[u8] = if s % 2 == 0 { b"alice" } else { b"bob" };
            Context::new(sender, b"room", NOW - 600 + s, id)
                .unwrap()
                .in_conversation(b"room", *s)
                .unwrap()
        })
        .collect();
    let stamps: Vec<_> = opened
        .iter()
        .zip(&contexts)
        .map(|(o, c)| platform_key(1).stamp(o.franking_tag(), c).unwrap())
        .collect();
    // A message in `hidden` goes in as its receipt only (stamp-only entry).
    let entries: Vec<Entry<'_>> = opened
        .iter()
        .zip(&contexts)
        .zip(&stamps)
        .zip(seqs)
        .map(|(((o, c), s), seq)| {
            if hidden.contains(seq) {
                Entry::stamp_only(Receipt::new(*s, *o.franking_tag(), *c))
            } else {
                Entry::Message(o.report(c, s))
            }
        })
        .collect();
    let mut wire = vec![0u8; ConversationReport::encoded_len(&entries).unwrap()];
    ConversationReport::encode_into(&entries, &mut wire).unwrap();
    verify_conversation(&keyring(), NOW, &ConversationReport::decode(&wire).unwrap()).unwrap();
    wire
}

/// Submissions (SPEC.md 16) of a direct message report, a room conversation
/// report and a range report, as `reporter` claims and the target's
/// membership rule (`bob` in `room`) accepts for `bob`.
fn submission_bytes(reporter: &[u8], entries: &[SubmissionEntry<'_>]) -> Vec<u8> {
    let mut out = vec![0u8; Submission::encoded_len(reporter, "abuse", entries).unwrap()];
    Submission::encode_into(ReasonCode::HARASSMENT, reporter, "abuse", entries, &mut out).unwrap();
    out
}

fn write(dir: &Path, target: &str, name: &str, bytes: &[u8]) {
    let d = dir.join(target);
    fs::create_dir_all(&d).unwrap();
    fs::write(d.join(name), bytes).unwrap();
}

fn main() {
    let out = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds"));
    let msgs = messages();
    for (name, seqs, hidden) in [
        ("three", &[1u64, 2, 3][..], &[][..]),
        ("gap", &[1, 4], &[]),
        ("one", &[9], &[]),
        ("stamp-only", &[1, 2, 3], &[2]),
    ] {
        write(
            &out,
            "conversation_decode_verify",
            &format!("{name}.conversation"),
            &conversation_bytes(seqs, hidden),
        );
    }

    for (i, (name, m)) in msgs.iter().enumerate() {
        // Reports: sealed and layer mode, for the two report targets.
        let layer = i % 2 == 1;
        let report = report_bytes(m, layer);
        write(
            &out,
            "report_decode_verify",
            &format!("{name}.report"),
            &report,
        );
        if m.message.len() < 1024 {
            write(
                &out,
                "roundtrip_decoders",
                &format!("{name}.report"),
                &report,
            );
        }

        // Sealed messages for the opener.
        let key = MessageKey::from_bytes(m.key);
        let mut buffer = m.message.to_vec();
        let envelope = key
            .seal_in_place_with_nonce(&Nonce::from_bytes(m.nonce), m.header, &mut buffer)
            .unwrap();
        let open = OpenInput {
            key: m.key,
            envelope: envelope.to_bytes(),
            header: m.header,
            buffer: &buffer,
        };
        write(
            &out,
            "open_arbitrary",
            &format!("{name}.open"),
            &open.to_bytes(),
        );
        if i == 0 {
            write(
                &out,
                "roundtrip_decoders",
                "basic.envelope",
                &envelope.to_bytes(),
            );
            let context = Context::new(m.sender, m.recipient, m.timestamp, m.message_id).unwrap();
            let stamp = platform_key(m.platform_key)
                .stamp(envelope.franking_tag(), &context)
                .expect("seed timestamps lie in their key's interval");
            write(&out, "roundtrip_decoders", "basic.stamp", &stamp.to_bytes());
        }

        // Structured inputs for the differential and bit-flip targets.
        let seal = SealInput {
            flip: 0x0101_0101 * (i as u32 + 1),
            msg: *m,
        };
        write(
            &out,
            "seal_open_verify",
            &format!("{name}.seal"),
            &seal.to_bytes(),
        );
        let flips = (0..=i as u32).map(|k| 37 * k + 5).collect();
        let bitflip = BitflipInput {
            layer_mode: layer,
            flips,
            msg: *m,
        };
        write(
            &out,
            "report_bitflip",
            &format!("{name}.bitflip"),
            &bitflip.to_bytes(),
        );
    }

    // Receipts: one per message shape (decoding paths), and one whose report
    // with the target's fixed opening and message verifies (success path).
    for (name, m) in &msgs {
        let key = MessageKey::from_bytes(m.key);
        let mut buffer = m.message.to_vec();
        let envelope = key
            .seal_in_place_with_nonce(&Nonce::from_bytes(m.nonce), m.header, &mut buffer)
            .unwrap();
        let context = Context::new(m.sender, m.recipient, m.timestamp, m.message_id).unwrap();
        // Any time: the shapes include timestamps outside every key's interval.
        let stamp = platform_key_any_time(m.platform_key)
            .stamp(envelope.franking_tag(), &context)
            .unwrap();
        let receipt = Receipt::new(stamp, *envelope.franking_tag(), context);
        write(
            &out,
            "receipt_decode",
            &format!("{name}.receipt"),
            &receipt_bytes(&receipt),
        );
    }
    let (opening, tag) =
        commit_with_rng(&mut ReplayRng(&[0x5a; 32]), b"chat:42", b"hello").unwrap();
    let context = Context::new(b"alice", b"bob", NOW - 60, b"msg-0001").unwrap();
    let receipt = keyring().stamp_receipt(&tag, &context).unwrap();
    let report = Report::from_receipt(&receipt, &opening, b"chat:42", b"hello").unwrap();
    verify(&keyring(), NOW, &report).unwrap();
    write(
        &out,
        "receipt_decode",
        "verifies.receipt",
        &receipt_bytes(&receipt),
    );

    // A report under the retired key, one expired and one from the future:
    // well-formed, each rejected by a different check of the moderator.
    let (_, basic) = &msgs[0];
    let mut retired = report_bytes(basic, false);
    retired[1..5].copy_from_slice(&franking_fuzz::RETIRED_KEY.0.to_be_bytes());
    write(&out, "report_decode_verify", "retired-key.report", &retired);
    let old = MessageInput {
        timestamp: NOW - MAX_AGE - 1,
        age: 0,
        // Key u32::MAX: its interval is open from 0, so only the age refuses.
        platform_key: 2,
        ..*basic
    };
    let mut old_report = report_bytes(&old, false);
    // Re-stamped time is genuine; only the moderator's clock (NOW) makes it expired.
    write(&out, "report_decode_verify", "expired.report", &old_report);
    old_report[0] = 2;
    write(
        &out,
        "report_decode_verify",
        "version-2.report",
        &old_report,
    );
    // Key 1 after its rotation, past the skew: what a leaked old key mints.
    let leaked = MessageInput {
        platform_key: 0,
        timestamp: ROTATED_AT + franking_fuzz::MAX_SKEW + 1,
        age: 0,
        ..*basic
    };
    write(
        &out,
        "report_decode_verify",
        "outside-interval.report",
        &report_outside_interval(&leaked),
    );
    assert_eq!(PLATFORM_KEYS.len(), 3);
    for (target, name, bytes) in franking_fuzz::media::seeds() {
        write(&out, target, name, &bytes);
    }

    let (message, conversation) = (
        report_bytes(basic, false),
        conversation_bytes(&[1, 2, 3], &[]),
    );
    let range = franking_fuzz::media::media_report(2, 1);
    let all = [
        SubmissionEntry::message(&message),
        SubmissionEntry::conversation(&conversation),
        SubmissionEntry::attachment(&range),
    ];
    let member = |room: &[u8], account: &[u8], _: &franking::Context<'_>| {
        room == b"room" && account == b"bob"
    };
    let verified = submission_bytes(b"bob", &all);
    let decoded = Submission::decode(&verified).unwrap();
    SubmissionVerdictVec::verify(&keyring(), NOW, &decoded, b"bob", &member).unwrap();
    for (name, bytes) in [
        ("all-kinds", verified.clone()),
        ("one", submission_bytes(b"bob", &all[..1])),
        ("not-addressed", submission_bytes(b"carol", &all)),
    ] {
        write(
            &out,
            "submission_decode_verify",
            &format!("{name}.submission"),
            &bytes,
        );
    }
    mimi_seeds(&out);
    println!("seeds written to {}", out.display());
}

/// The MIMI profile's targets: genuine franks, messages, reports, contexts
/// and Safe AADs (SPEC.md 17).
fn mimi_seeds(out: &Path) {
    use franking::mimi::ServerFrankingContext;
    use franking_fuzz::mimi::{ROOM, SENDER, TIMESTAMP, genuine, report};

    let g = genuine();
    let messages: Vec<_> = g.iter().map(|m| m.abusive()).collect();
    write(
        out,
        "mimi_report_decode_verify",
        "three.report",
        &report(&messages),
    );
    write(
        out,
        "mimi_report_decode_verify",
        "one.report",
        &report(&messages[1..2]),
    );
    write(
        out,
        "mimi_report_decode_verify",
        "none.report",
        &report(&[]),
    );
    for (i, m) in messages.iter().enumerate() {
        let mut frank = vec![0u8; m.frank.encoded_len().unwrap()];
        m.frank.encode_into(&mut frank).unwrap();
        write(
            out,
            "mimi_frank_decode_verify",
            &format!("suite{}.frank", i + 1),
            &frank,
        );
        let mut message = vec![0u8; m.encoded_len().unwrap()];
        m.encode_into(&mut message).unwrap();
        write(
            out,
            "mimi_frank_decode_verify",
            &format!("suite{}.message", i + 1),
            &message,
        );
    }
    for (name, sender, room) in [("example", SENDER, ROOM), ("empty", &b""[..], &b""[..])] {
        let c = ServerFrankingContext::new(sender, room, TIMESTAMP);
        let mut bytes = vec![0u8; c.encoded_len().unwrap()];
        c.encode_into(&mut bytes).unwrap();
        write(
            out,
            "mimi_context_decode",
            &format!("{name}.context"),
            &bytes,
        );
    }
    let item = g[0].tag.frank_aad_item(5);
    let mut aad = vec![0u8, 5, (item.len() + 4) as u8, 0, 1, 1, 0xee];
    aad.extend_from_slice(&item);
    aad.extend_from_slice(b"tail");
    write(out, "mimi_safe_aad", "two-items.aad", &aad);
}
