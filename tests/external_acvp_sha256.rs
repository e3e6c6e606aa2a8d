//! NIST ACVP SHA2-256 (`tests/vectors/external/acvp/SHA2-256-1.0-subset.json`,
//! a subset of the ACVP-Server's `SHA2-256-1.0/internalProjection.json`;
//! source and licence in that folder's README.md) against the crate's
//! SHA-256: the streaming hasher that feeds whole blocks from the caller's
//! buffer to the compression function and pads at the end (SPEC.md 2), as
//! commitments over long messages use it.
//!
//! Kept: five AFT (algorithm functional test) cases, `tcId` 320 to 324
//! (328 to 708 bytes), each hashed whole and in pieces that cross block
//! boundaries; and the four LDT (large data test) cases, of which the 1 GiB
//! one (`tcId` 517, under 2 s: `Cargo.toml` optimises `sha2` in test builds)
//! runs by default, and the 2, 4 and 8 GiB ones (515, 516, 514) are
//! `#[ignore]`d for time (about 25 s together): `cargo test --test
//! external_acvp_sha256 -- --ignored` runs them. Only an LDT case reaches a
//! bit length above 2^32, where a 32-bit length field would go wrong.

mod external_common;

use external_common::hex;
use franking::__test_hooks::sha256;
use serde_json::Value;

const FILE: &str = include_str!("vectors/external/acvp/SHA2-256-1.0-subset.json");

fn group(test_type: &str) -> Vec<Value> {
    let doc: Value = serde_json::from_str(FILE).unwrap();
    assert_eq!(doc["algorithm"], "SHA2-256");
    doc["testGroups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["testType"] == test_type)
        .unwrap()["tests"]
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn aft_cases_hash_to_their_digest_whole_and_in_pieces() {
    let cases = group("AFT");
    assert_eq!(cases.len(), 5);
    for case in &cases {
        let id = &case["tcId"];
        let msg = hex(case["msg"].as_str().unwrap());
        assert_eq!(
            msg.len() as u64 * 8,
            case["len"].as_u64().unwrap(),
            "tcId {id}"
        );
        let md = hex(case["md"].as_str().unwrap());
        assert_eq!(sha256(&[&msg])[..], md, "tcId {id} whole");
        for piece in [1, 7, 63, 64, 65, 200] {
            let parts: Vec<&[u8]> = msg.chunks(piece).collect();
            assert_eq!(sha256(&parts)[..], md, "tcId {id} in {piece}-byte pieces");
        }
    }
}

/// An LDT case: `content` repeated to `fullLength` bits, fed 1 MiB at a time.
fn large_data_test(tc_id: u64) {
    let case = group("LDT")
        .into_iter()
        .find(|c| c["tcId"] == tc_id)
        .unwrap();
    let large = &case["largeMsg"];
    assert_eq!(large["expansionTechnique"], "repeating");
    let content = hex(large["content"].as_str().unwrap());
    assert_eq!(
        content.len() as u64 * 8,
        large["contentLength"].as_u64().unwrap()
    );
    let full_bytes = large["fullLength"].as_u64().unwrap() / 8;
    let piece = content.repeat((1 << 20) / content.len());
    assert_eq!(full_bytes % piece.len() as u64, 0);
    let parts = vec![&piece[..]; (full_bytes / piece.len() as u64) as usize];
    assert_eq!(
        sha256(&parts)[..],
        hex(case["md"].as_str().unwrap()),
        "tcId {tc_id}"
    );
}

#[test]
fn ldt_1_gib() {
    large_data_test(517);
}

#[test]
#[ignore = "2 GiB of hashing; run with --ignored"]
fn ldt_2_gib() {
    large_data_test(515);
}

#[test]
#[ignore = "4 GiB of hashing; run with --ignored"]
fn ldt_4_gib() {
    large_data_test(516);
}

#[test]
#[ignore = "8 GiB of hashing; run with --ignored"]
fn ldt_8_gib() {
    large_data_test(514);
}
