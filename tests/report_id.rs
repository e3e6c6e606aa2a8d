//! Deduplication key (SPEC.md 6.2): a report id is the stamp together with
//! the reporter's identity. One stamp covers every member of a room, so two
//! members reporting one message get two ids; one member reporting it twice
//! gets one id.

mod common;

use std::collections::HashSet;

use common::{NOW, Scenario};
use franking::wire::REPORT_ID_LABEL;
use franking::{Error, KeyId, MAX_ID_LEN, Report, ReportId, Stamp, StampMac, verify};
use proptest::prelude::*;
use sha2::{Digest, Sha256};

/// The report id of the scenario's honest report, verified, as submitted by `reporter`.
fn id_of(s: &Scenario, reporter: &[u8]) -> ReportId {
    let bytes = s.report_bytes();
    let report = Report::decode(&bytes).unwrap();
    verify(&s.keyring, NOW, &report)
        .unwrap()
        .report_id(reporter)
        .unwrap()
}

/// SPEC.md 6.2, written out with RustCrypto's SHA-256.
fn spec_id(key_id: u32, mac: &[u8; 32], reporter: &[u8]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(b"franking-v1-rpid");
    h.update(key_id.to_be_bytes());
    h.update(mac);
    h.update(u16::try_from(reporter.len()).unwrap().to_be_bytes());
    h.update(reporter);
    h.finalize().into()
}

#[test]
fn two_reporters_of_one_room_stamp_get_distinct_ids() {
    let s = Scenario::new(1, b"room header", b"one message to a room");
    assert_ne!(id_of(&s, b"bob"), id_of(&s, b"carol"));
}

#[test]
fn same_reporter_twice_gets_the_same_id() {
    let s = Scenario::new(2, b"room header", b"reported twice");
    // Two submissions: two encodings, two decodings, two verifications.
    assert_eq!(id_of(&s, b"bob"), id_of(&s, b"bob"));
}

#[test]
fn two_messages_reported_by_one_reporter_get_distinct_ids() {
    let a = Scenario::new(3, b"h", b"first");
    let b = Scenario::new(4, b"h", b"second");
    assert_ne!(id_of(&a, b"bob"), id_of(&b, b"bob"));
}

#[test]
fn a_set_of_report_ids_deduplicates_submissions() {
    let s = Scenario::new(5, b"h", b"m");
    let submissions = [&b"bob"[..], b"carol", b"bob", b"bob", b"carol", b"dave"];
    let unique: HashSet<ReportId> = submissions.iter().map(|r| id_of(&s, r)).collect();
    assert_eq!(unique.len(), 3);
}

#[test]
fn report_id_is_the_specified_hash() {
    assert_eq!(REPORT_ID_LABEL, b"franking-v1-rpid");
    let s = Scenario::new(6, b"h", b"m");
    let stamp = s.stamp();
    let id = id_of(&s, b"reporter-7");
    assert_eq!(
        id.as_bytes(),
        &spec_id(stamp.key_id().get(), stamp.mac().as_bytes(), b"reporter-7")
    );
    assert_eq!(ReportId::for_message(&stamp, b"reporter-7"), Ok(id));
}

#[test]
fn display_is_64_lowercase_hex_digits_of_the_bytes() {
    let id = ReportId::from_bytes(core::array::from_fn(|i| (i * 9) as u8));
    let hex: String = id.as_bytes().iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(id.to_string(), hex);
    assert_eq!(hex.len(), 64);
}

#[test]
fn reporter_ids_are_limited_like_context_ids() {
    let stamp = Stamp::new(KeyId::new(1), StampMac::from_bytes([7; 32]));
    let long = vec![b'r'; MAX_ID_LEN + 1];
    assert_eq!(
        ReportId::for_message(&stamp, &long),
        Err(Error::TooLong {
            field: "reporter",
            max: MAX_ID_LEN
        })
    );
    let at_limit = &long[..MAX_ID_LEN];
    assert_eq!(
        ReportId::for_message(&stamp, at_limit).unwrap().as_bytes(),
        &spec_id(1, &[7; 32], at_limit)
    );
    assert!(ReportId::for_message(&stamp, b"").is_ok());
}

proptest! {
    /// Distinct (key id, MAC, reporter) triples give distinct ids, and every
    /// id is the specified hash.
    #[test]
    fn report_id_separates_stamps_and_reporters(
        key_id in any::<u32>(),
        mac in any::<[u8; 32]>(),
        reporter in proptest::collection::vec(any::<u8>(), 0..80),
        other_key_id in any::<u32>(),
        other_mac in any::<[u8; 32]>(),
        other_reporter in proptest::collection::vec(any::<u8>(), 0..80),
    ) {
        let id = |k: u32, m: [u8; 32], r: &[u8]| {
            ReportId::for_message(&Stamp::new(KeyId::new(k), StampMac::from_bytes(m)), r).unwrap()
        };
        let a = id(key_id, mac, &reporter);
        prop_assert_eq!(a.as_bytes(), &spec_id(key_id, &mac, &reporter));
        let same = (key_id, mac, &reporter) == (other_key_id, other_mac, &other_reporter);
        prop_assert_eq!(a == id(other_key_id, other_mac, &other_reporter), same);
        prop_assert_ne!(a, id(key_id ^ 1, mac, &reporter));
        let mut longer = reporter.clone();
        longer.push(0);
        prop_assert_ne!(a, id(key_id, mac, &longer));
    }
}
