//! Secrets and content stay out of logs: the `Debug` output of `MessageKey`,
//! `Opening`, `PlatformKey` and `Keyring` (and of the values that carry an
//! opening: `OpenedMessage`, `Report`) contains no rendering of the secret
//! bytes, in hex or decimal, whole or in part; and `OpenedMessage`, `Report`
//! and `VerifiedReport` print no header or message content.

mod common;

use common::{Scenario, TestRng};
use franking::{KeyId, Keyring, MessageKey, Opening, PlatformKey, Report, verify};

/// Renderings of every 4-byte window of `secret` that a `Debug` impl might
/// print, without whitespace: hex (lower, upper, `0x`-prefixed, with and
/// without separators) and decimal.
fn renderings(secret: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    for w in secret.windows(4) {
        let join =
            |f: &dyn Fn(&u8) -> String, sep: &str| w.iter().map(f).collect::<Vec<_>>().join(sep);
        let hex = join(&|b| format!("{b:02x}"), "");
        out.push(hex.to_uppercase());
        out.push(hex);
        out.push(join(&|b| format!("{b:x}"), ","));
        out.push(join(&|b| format!("{b:X}"), ","));
        out.push(join(&|b| format!("{b:#04x}"), ","));
        out.push(join(&|b| b.to_string(), ","));
    }
    out
}

/// The first rendering of `secret` found in `text`, ignoring whitespace (so
/// that multi-line pretty output is covered).
fn leak(text: &str, secret: &[u8]) -> Option<String> {
    let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    renderings(secret)
        .into_iter()
        .find(|r| text.contains(r.as_str()))
}

fn assert_no_leak(what: &str, text: &str, secret: &[u8]) {
    assert!(!text.is_empty(), "{what}: empty Debug output");
    if let Some(r) = leak(text, secret) {
        panic!("{what} leaks {r:?} in {text:?}");
    }
}

/// Both the compact and the pretty `Debug` forms.
fn debug_forms(value: &impl core::fmt::Debug) -> [String; 2] {
    [format!("{value:?}"), format!("{value:#?}")]
}

/// Distinctive secret bytes: no byte repeats and all are >= 100, so their
/// decimal renderings cannot come from small numbers such as key ids.
fn secret(rng: &mut TestRng) -> [u8; 32] {
    let mut b: [u8; 32] = core::array::from_fn(|i| 100 + i as u8 * 4);
    // Shuffle so the windows are not an arithmetic progression.
    for i in (1..32).rev() {
        b.swap(i, rng.below(i + 1));
    }
    b
}

#[test]
fn leak_detector_finds_raw_key_bytes() {
    // The detector itself must be able to fail.
    let s = secret(&mut TestRng(900));
    let leaky = [
        format!("{s:?}"),
        format!("{s:#?}"),
        format!("{s:x?}"),
        format!("{s:#x?}"),
        s.iter().map(|b| format!("{b:02x}")).collect(),
        s.iter().map(|b| format!("{b:02X}")).collect(),
        format!("{:?}", &s[10..14]),
    ];
    for text in leaky {
        assert!(leak(&text, &s).is_some(), "not caught: {text}");
    }
}

#[test]
fn message_key_debug_hides_the_key() {
    let s = secret(&mut TestRng(901));
    let key = MessageKey::from_bytes(s);
    for text in debug_forms(&key) {
        assert_no_leak("MessageKey", &text, &s);
    }
}

#[test]
fn opening_debug_hides_the_opening() {
    let s = secret(&mut TestRng(902));
    let opening = Opening::from_bytes(s);
    for text in debug_forms(&opening) {
        assert_no_leak("Opening", &text, &s);
    }
}

#[test]
fn platform_key_debug_hides_the_key_and_its_hmac_pads() {
    let s = secret(&mut TestRng(903));
    let key = PlatformKey::from_bytes(
        KeyId::new(3),
        franking::KeyInterval::starting_at(0),
        &mut s.clone(),
    )
    .unwrap();
    let ipad: Vec<u8> = s.iter().map(|b| b ^ 0x36).collect();
    let opad: Vec<u8> = s.iter().map(|b| b ^ 0x5c).collect();
    for text in debug_forms(&key) {
        assert_no_leak("PlatformKey", &text, &s);
        assert_no_leak("PlatformKey ipad", &text, &ipad);
        assert_no_leak("PlatformKey opad", &text, &opad);
    }
}

#[test]
fn keyring_debug_hides_every_key() {
    let mut rng = TestRng(904);
    let s1 = secret(&mut rng);
    let s2 = secret(&mut rng);
    let s3 = secret(&mut rng);
    let mut keyring = Keyring::new(
        PlatformKey::from_bytes(
            KeyId::new(1),
            franking::KeyInterval::starting_at(0),
            &mut s1.clone(),
        )
        .unwrap(),
        100,
    );
    keyring
        .insert(
            PlatformKey::from_bytes(
                KeyId::new(2),
                franking::KeyInterval::starting_at(0),
                &mut s2.clone(),
            )
            .unwrap(),
        )
        .unwrap();
    keyring
        .rotate(
            PlatformKey::from_bytes(
                KeyId::new(3),
                franking::KeyInterval::starting_at(0),
                &mut s3.clone(),
            )
            .unwrap(),
        )
        .unwrap();
    for text in debug_forms(&keyring) {
        for s in [&s1, &s2, &s3] {
            assert_no_leak("Keyring", &text, s);
        }
    }
}

#[test]
fn opened_message_and_report_debug_hide_the_opening() {
    let s = Scenario::new(905, b"h", b"m");
    let opening = *s.opening().as_bytes();
    let mut buf = s.ciphertext.clone();
    let opened = s
        .key
        .open_in_place(&s.envelope, &s.header, &mut buf)
        .unwrap();
    for text in debug_forms(&opened) {
        assert_no_leak("OpenedMessage", &text, &opening);
        assert_no_leak("OpenedMessage (message key)", &text, s.key.as_bytes());
    }
    let bytes = s.report_bytes();
    let report = Report::decode(&bytes).unwrap();
    for text in debug_forms(&report) {
        assert_no_leak("Report", &text, &opening);
    }
}

#[test]
fn opened_message_and_reports_debug_hide_header_and_message() {
    let mut rng = TestRng(906);
    let header = secret(&mut rng);
    let mut message = b"ATTACK AT DAWN, said the sender: ".to_vec();
    message.extend_from_slice(&secret(&mut rng));
    let s = Scenario::new(906, &header, &message);
    let check = |what: &str, text: &str| {
        assert_no_leak(what, text, &header);
        assert_no_leak(what, text, &message[33..]);
        assert!(
            !text.contains("ATTACK"),
            "{what} prints the message text: {text}"
        );
    };
    let mut buf = s.ciphertext.clone();
    let opened = s
        .key
        .open_in_place(&s.envelope, &s.header, &mut buf)
        .unwrap();
    for text in debug_forms(&opened) {
        check("OpenedMessage", &text);
    }
    let bytes = s.report_bytes();
    let report = Report::decode(&bytes).unwrap();
    for text in debug_forms(&report) {
        check("Report", &text);
    }
    let verified = verify(&s.keyring, common::NOW, &report).unwrap();
    assert_eq!(verified.message(), &message[..]);
    for text in debug_forms(&verified) {
        check("VerifiedReport", &text);
    }
}

/// A keyring prints its public state only: policy, ids and intervals.
#[test]
fn keyring_debug_lists_ids_and_intervals() {
    let mut rng = TestRng(905);
    let key = PlatformKey::generate(
        KeyId::new(5),
        franking::KeyInterval::starting_at(10),
        &mut rng,
    );
    let keyring = Keyring::new(key.unwrap(), 100);
    let text = format!("{keyring:?}");
    for part in [
        "current: Some(KeyId(5))",
        "not_before: 10",
        "capacity: 128",
        "max_age_secs: 100",
    ] {
        assert!(text.contains(part), "{text} lacks {part}");
    }
}
