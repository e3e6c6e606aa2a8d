//! No record's `Debug` shows an opening, a key or a plaintext: a record
//! logged with `{:?}` (or `{:#?}`) must not leak what franking keeps secret.

use franking_facade::*;

const NOW: u64 = 1_760_000_000;
const DAY: u64 = 86_400;

/// A plaintext no other field can contain by chance.
const SECRET_TEXT: &[u8] = b"the secret plan: meet at the old mill at dawn";
const SECRET_HEADER: &[u8] = b"header nobody else sees";

/// Every rendering of `secret` a `Debug` could produce: the bytes as
/// decimal list (derived `Debug` of `Vec<u8>`, compact and pretty), as
/// hex, and as text.
fn leaks(debug: &str, secret: &[u8]) -> Option<&'static str> {
    let numbers: Vec<u16> = debug
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.parse().ok())
        .collect();
    let wanted: Vec<u16> = secret.iter().map(|&b| u16::from(b)).collect();
    if numbers
        .windows(wanted.len())
        .any(|w| w == wanted.as_slice())
    {
        return Some("as numbers");
    }
    let hex: String = secret.iter().map(|b| format!("{b:02x}")).collect();
    if debug.to_lowercase().contains(&hex) {
        return Some("as hex");
    }
    if let Ok(text) = std::str::from_utf8(secret)
        && (debug.contains(text) || debug.contains(&format!("{text:?}")))
    {
        return Some("as text");
    }
    None
}

/// Fails if `value`'s `Debug`, compact or pretty, shows any of `secrets`.
fn assert_redacted(what: &str, value: &impl std::fmt::Debug, secrets: &[(&str, &[u8])]) {
    for debug in [format!("{value:?}"), format!("{value:#?}")] {
        for (name, secret) in secrets {
            assert!(
                leaks(&debug, secret).is_none(),
                "{what} prints its {name} {}: {debug}",
                leaks(&debug, secret).unwrap_or_default()
            );
        }
    }
}

#[test]
fn the_leak_check_finds_a_derived_debug() {
    // The check itself: a derived `Debug` of the same bytes is caught in
    // every form a record could print them.
    let opening = vec![7u8, 200, 13, 99, 0, 255, 42, 17];
    assert_eq!(leaks(&format!("{opening:?}"), &opening), Some("as numbers"));
    assert_eq!(
        leaks(&format!("{opening:#?}"), &opening),
        Some("as numbers")
    );
    let hex: String = opening.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(leaks(&hex, &opening), Some("as hex"));
    assert_eq!(
        leaks(
            &format!("{:?}", String::from_utf8_lossy(SECRET_TEXT)),
            SECRET_TEXT
        ),
        Some("as text")
    );
    assert_eq!(leaks("Commitment { opening: <32 bytes> }", &opening), None);
}

#[test]
fn commitment_prints_no_opening() {
    let c = commit(SECRET_HEADER.to_vec(), SECRET_TEXT.to_vec()).unwrap();
    assert_eq!(c.opening.len(), 32);
    assert_redacted("Commitment", &c, &[("opening", &c.opening)]);
    let debug = format!("{c:?}");
    assert!(debug.contains("opening: <32 bytes>"), "{debug}");
}

#[test]
fn opened_message_reports_and_verdicts_print_no_secret() {
    let ring = Keyring::generate(1, NOW - DAY, 30 * DAY).unwrap();
    let key = generate_message_key();
    let sealed = seal(
        Suite::Aes256,
        key.clone(),
        SECRET_HEADER.to_vec(),
        SECRET_TEXT.to_vec(),
    )
    .unwrap();
    let context = DeliveryContext {
        sender: b"alice".to_vec(),
        recipient: b"bob".to_vec(),
        timestamp: NOW,
        message_id: b"m1".to_vec(),
        conversation: b"dm:alice:bob".to_vec(),
        seq: 1,
    };
    let stamp = ring
        .stamp(sealed.franking_tag.clone(), context.clone())
        .unwrap();
    let opened = open(
        Suite::Aes256,
        key.clone(),
        sealed.envelope.clone(),
        SECRET_HEADER.to_vec(),
        sealed.ciphertext.clone(),
    )
    .unwrap();
    let opening = opened.opening.clone();
    let secrets: [(&str, &[u8]); 4] = [
        ("opening", &opening),
        ("message", SECRET_TEXT),
        ("header", SECRET_HEADER),
        ("message key", &key),
    ];
    assert_redacted("OpenedMessage", &opened, &secrets);
    let layered = verify_commitment(
        SECRET_HEADER.to_vec(),
        SECRET_TEXT.to_vec(),
        opening.clone(),
        sealed.franking_tag.clone(),
    )
    .unwrap();
    assert_redacted("OpenedMessage (layer mode)", &layered, &secrets);

    let report = build_report(opened, context.clone(), stamp).unwrap();
    let verified = ring.verify(NOW + 60, report.clone()).unwrap();
    assert_eq!(verified.message, SECRET_TEXT);
    assert_redacted("VerifiedReport", &verified, &secrets);

    let entry = ConversationEntry::Message {
        report: report.clone(),
    };
    assert_redacted("ConversationEntry", &entry, &secrets);
    let conversation = build_conversation_report(vec![entry]).unwrap();
    let verdict = ring
        .verify_conversation(NOW + 60, conversation.clone())
        .unwrap();
    assert_eq!(verdict.entries[0].message, SECRET_TEXT);
    assert_redacted("ConversationVerdict", &verdict, &secrets);
    let held = ring
        .verify_conversation_object(NOW + 60, conversation)
        .unwrap();
    assert_redacted("VerifiedConversation", &held, &secrets);

    let submission_entry = SubmissionEntry {
        kind: SubmissionEntryKind::Message,
        report,
    };
    assert_redacted("SubmissionEntry", &submission_entry, &secrets);
    let note = "my note: the secret plan";
    let submission =
        build_submission(1, b"bob".to_vec(), note.into(), vec![submission_entry]).unwrap();
    let submitted = ring
        .verify_submission(NOW + 60, submission, b"bob".to_vec(), Vec::new())
        .unwrap();
    assert_eq!(submitted.messages[0].report.message, SECRET_TEXT);
    assert_redacted("SubmissionVerdict", &submitted, &secrets);
    assert_redacted(
        "SubmissionVerdict",
        &submitted,
        &[("note", note.as_bytes())],
    );
}

#[test]
fn media_message_prints_no_body() {
    let encoded = encode_media_message(Vec::new(), SECRET_TEXT.to_vec()).unwrap();
    let decoded = decode_media_message(encoded).unwrap();
    assert_eq!(decoded.body, SECRET_TEXT);
    assert_redacted("MediaMessage", &decoded, &[("body", SECRET_TEXT)]);
}
