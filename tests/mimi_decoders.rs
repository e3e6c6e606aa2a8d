//! Properties of the MIMI encodings (SPEC.md 17.2, 17.4, 17.7, 17.9):
//! decoders are strict (every truncation, every trailing byte, every
//! non-minimal length refused, with `Malformed`), every accepted encoding
//! re-encodes to itself, encoders write exactly `encoded_len` bytes and
//! refuse a short buffer, and the context is injective.
#![cfg(feature = "mimi")]

mod mimi_common;

use franking::ErrorKind;
use franking::mimi::{
    AbuseReport, AbusiveMessage, CipherSuite, Extension, Frank, NewAbuseReport,
    ServerFrankingContext,
};
use mimi_common::*;
use proptest::prelude::*;

fn report_bytes(messages: &[AbusiveMessage<'_>], extensions: &[Extension<'_>]) -> Vec<u8> {
    let report = NewAbuseReport {
        reporting_user: b"mimi://c.example/u/cathy",
        alleged_abuser_uri: SENDER,
        reason_code: 0,
        note: "see these",
        messages,
        extensions,
    };
    let mut out = vec![0u8; report.encoded_len().unwrap()];
    assert_eq!(report.encode_into(&mut out).unwrap(), out.len());
    let short = out.len() - 1;
    assert_eq!(
        report
            .encode_into(&mut vec![0u8; short])
            .map_err(|e| e.kind()),
        Err(ErrorKind::BufferTooSmall)
    );
    out
}

fn reencode(report: &AbuseReport<'_>) -> Vec<u8> {
    let messages: Vec<_> = report.messages().collect();
    let extensions: Vec<_> = report.extensions().collect();
    let again = NewAbuseReport {
        reporting_user: report.reporting_user,
        alleged_abuser_uri: report.alleged_abuser_uri,
        reason_code: report.reason_code,
        note: report.note,
        messages: &messages,
        extensions: &extensions,
    };
    let mut out = vec![0u8; again.encoded_len().unwrap()];
    again.encode_into(&mut out).unwrap();
    out
}

fn sample() -> (Vec<Franked>, Vec<u8>) {
    let hub = hub_key(1);
    let franked: Vec<Franked> = SUITES
        .iter()
        .enumerate()
        .map(|(i, s)| Franked::new(&hub, &signing_key(*s, 2), i as u8, SENDER, ROOM, TIMESTAMP))
        .collect();
    let messages: Vec<_> = franked.iter().map(Franked::abusive).collect();
    let ext = [Extension {
        extension_type: 7,
        extension_data: b"x",
    }];
    let bytes = report_bytes(&messages, &ext);
    (franked, bytes)
}

/// Decoding returns what was encoded, and re-encodes to the same bytes.
#[test]
fn reports_round_trip_canonically() {
    let (franked, bytes) = sample();
    let report = AbuseReport::decode(&bytes).unwrap();
    assert_eq!(report.message_count(), 3);
    assert_eq!(report.extension_count(), 1);
    for (got, want) in report.messages().zip(&franked) {
        assert_eq!(got, want.abusive());
    }
    assert_eq!(reencode(&report), bytes);
    for m in &franked {
        let a = m.abusive();
        let mut out = vec![0u8; a.encoded_len().unwrap()];
        a.encode_into(&mut out).unwrap();
        assert_eq!(AbusiveMessage::decode(&out).unwrap(), a);
        let f = m.frank_bytes();
        assert_eq!(encode_frank(&Frank::decode(&f).unwrap()), f);
    }
}

/// Every proper prefix and every extension by one byte is `Malformed`.
#[test]
fn every_truncation_and_trailing_byte_is_refused() {
    let (franked, bytes) = sample();
    let kind = |b: &[u8]| AbuseReport::decode(b).map(|_| ()).map_err(|e| e.kind());
    for cut in 0..bytes.len() {
        assert_eq!(
            kind(&bytes[..cut]),
            Err(ErrorKind::Malformed),
            "cut at {cut}"
        );
    }
    let mut longer = bytes.clone();
    longer.push(0);
    assert_eq!(kind(&longer), Err(ErrorKind::Malformed));
    let f = franked[1].frank_bytes();
    for cut in 0..f.len() {
        assert!(Frank::decode(&f[..cut]).is_err(), "frank cut at {cut}");
    }
    let mut longer = f.clone();
    longer.push(0);
    assert!(Frank::decode(&longer).is_err());
    let context = ServerFrankingContext::new(SENDER, ROOM, TIMESTAMP);
    let mut c = vec![0u8; context.encoded_len().unwrap()];
    context.encode_into(&mut c).unwrap();
    for cut in 0..c.len() {
        assert!(
            ServerFrankingContext::decode(&c[..cut]).is_err(),
            "context cut at {cut}"
        );
    }
}

/// Each length of the report re-encoded in a longer varint form (a valid
/// number, a non-minimal encoding) is refused, as is the reserved prefix.
#[test]
fn non_minimal_and_reserved_varints_are_refused() {
    let (_, bytes) = sample();
    // The reporter's length is the first byte (a one-byte varint, 24).
    assert_eq!(bytes[0], 24);
    for prefix in [&[0x40, 24][..], &[0x80, 0, 0, 24], &[0xc0, 24]] {
        let mut b = prefix.to_vec();
        b.extend_from_slice(&bytes[1..]);
        assert_eq!(
            AbuseReport::decode(&b).map(|_| ()).map_err(|e| e.kind()),
            Err(ErrorKind::Malformed),
            "{prefix:02x?}"
        );
    }
}

/// A list whose length cuts its last item, or leaves bytes that are not a
/// whole item, is refused; a note that is not UTF-8 is refused.
#[test]
fn lists_hold_whole_items_and_notes_are_utf8() {
    let hub = hub_key(1);
    let m = Franked::new(
        &hub,
        &signing_key(CipherSuite::X25519Aes128GcmEd25519, 2),
        1,
        SENDER,
        ROOM,
        5,
    );
    let one = report_bytes(&[m.abusive()], &[]);
    // reporter(1+24), abuser(1+24), reason(1), note(1+9): the list's
    // two-byte varint starts at 61.
    let at = 1 + 24 + 1 + 24 + 1 + 1 + 9;
    assert_eq!(one[at] >> 6, 1);
    let len = usize::from(u16::from_be_bytes([one[at], one[at + 1]]) & 0x3fff);
    for delta in [-1i32, 1] {
        let mut b = one.clone();
        let new = (len as i32 + delta) as u16 | 0x4000;
        b[at..at + 2].copy_from_slice(&new.to_be_bytes());
        assert!(AbuseReport::decode(&b).is_err(), "list length {delta:+}");
    }
    // A whole message, then one byte that starts another and is counted in
    // the list's length: refused, not read as a list of one.
    let mut partial = one.clone();
    partial.insert(at + 2 + len, 0x05);
    let longer = (len as u16 + 1) | 0x4000;
    partial[at..at + 2].copy_from_slice(&longer.to_be_bytes());
    assert!(
        AbuseReport::decode(&partial).is_err(),
        "a partial item after a whole one"
    );
    let mut bad = one.clone();
    bad[1 + 24 + 1 + 24 + 1 + 1] = 0xc3; // a lone UTF-8 lead byte
    assert_eq!(
        AbuseReport::decode(&bad).map(|_| ()),
        Err(franking::Error::Malformed {
            field: "note",
            offset: 51
        })
    );
}

proptest! {
    /// Distinct (sender, room, timestamp) encode to distinct contexts, also
    /// when the same bytes are split differently between the URIs.
    #[test]
    fn context_encoding_is_injective(
        joined in proptest::collection::vec(any::<u8>(), 0..100),
        cut_a in any::<prop::sample::Index>(),
        cut_b in any::<prop::sample::Index>(),
        ts in any::<u64>(),
    ) {
        let (a, b) = (cut_a.index(joined.len() + 1), cut_b.index(joined.len() + 1));
        let enc = |cut: usize| {
            let c = ServerFrankingContext::new(&joined[..cut], &joined[cut..], ts);
            let mut out = vec![0u8; c.encoded_len().unwrap()];
            c.encode_into(&mut out).unwrap();
            out
        };
        prop_assert_eq!(enc(a) == enc(b), a == b);
        let bytes = enc(a);
        let back = ServerFrankingContext::decode(&bytes).unwrap();
        prop_assert_eq!(back, ServerFrankingContext::new(&joined[..a], &joined[a..], ts));
    }

    /// Whatever bytes decode as a report re-encode to themselves.
    #[test]
    fn whatever_decodes_reencodes_to_itself(
        bytes in proptest::collection::vec(any::<u8>(), 0..200),
    ) {
        if let Ok(report) = AbuseReport::decode(&bytes) {
            prop_assert_eq!(reencode(&report), bytes);
        }
    }
}

/// URIs of four-byte varint length encode and decode; the encoder sizes
/// exactly.
#[test]
fn long_uris_use_the_four_byte_form() {
    let long = vec![b'a'; 20_000];
    let c = ServerFrankingContext::new(&long, ROOM, 1);
    let n = c.encoded_len().unwrap();
    assert_eq!(n, 4 + 20_000 + 1 + ROOM.len() + 8);
    let mut out = vec![0u8; n];
    assert_eq!(c.encode_into(&mut out).unwrap(), n);
    assert_eq!(out[0] >> 6, 2);
    assert_eq!(ServerFrankingContext::decode(&out).unwrap(), c);
}
