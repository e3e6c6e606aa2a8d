//! Wycheproof HMAC-SHA256 (`tests/vectors/external/wycheproof/hmac_sha256_test.json`,
//! source and licence in that folder's README.md) against the crate's keyed
//! SHA-256, the primitive under the commitment and the stamp (SPEC.md 2, 4.1, 4.4).
//!
//! Neither output of the crate is an HMAC: both are HMAC's inner hash. So the
//! test finishes HMAC itself: the crate computes the inner hash, through the
//! same code as the commitment (a key used once) and as the stamp (a key state
//! computed once per key), then the outer hash over `((k || 0^32) XOR opad) ||
//! inner` with the crate's own SHA-256, and compares the result (truncated to
//! the group's tag size) with every vector's tag. Every case applies: HMAC pads
//! a 16-byte key with zeros exactly as `KeyBlock` pads a 32-byte one, and
//! reduces a key longer than a block to its SHA-256 hash first.

mod external_common;

use external_common::hex;
use franking::__test_hooks::{hmac_inner_hash, sha256, stamp_inner_hash};
use serde_json::Value;

const FILE: &str = include_str!("vectors/external/wycheproof/hmac_sha256_test.json");

/// HMAC's 32-byte key for our key block: shorter keys padded with zeros (as
/// HMAC pads to the block), keys longer than the 64-byte block hashed first.
fn key32(key: &[u8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    if key.len() > 64 {
        out = sha256(&[key]);
    } else {
        assert!(
            key.len() <= 32,
            "a key of 33 to 64 bytes has no 32-byte key block"
        );
        out[..key.len()].copy_from_slice(key);
    }
    out
}

/// HMAC-SHA256 finished from the crate's inner hash; `inner` computes the
/// inner hash of the message under the 32-byte key.
fn hmac(key: &[u8; 32], inner: [u8; 32]) -> [u8; 32] {
    let mut outer_block = [0x5cu8; 64];
    for (b, k) in outer_block.iter_mut().zip(key) {
        *b ^= k;
    }
    sha256(&[&outer_block, &inner])
}

#[test]
fn hmac_sha256_from_the_inner_hash_matches_every_wycheproof_case() {
    let doc: Value = serde_json::from_str(FILE).unwrap();
    assert_eq!(doc["algorithm"], "HMACSHA256");
    let (mut valid, mut invalid, mut truncated) = (0, 0, 0);
    for group in doc["testGroups"].as_array().unwrap() {
        let tag_len = group["tagSize"].as_u64().unwrap() as usize / 8;
        for case in group["tests"].as_array().unwrap() {
            let id = &case["tcId"];
            let key = key32(&hex(case["key"].as_str().unwrap()));
            let msg = hex(case["msg"].as_str().unwrap());
            let tag = hex(case["tag"].as_str().unwrap());
            assert_eq!(tag.len(), tag_len, "tcId {id}");
            // Whole, and split where the message crosses the pending block.
            let split = msg.len() / 3;
            let parts: [&[u8]; 2] = [&msg[..split], &msg[split..]];
            let commitment_path = hmac_inner_hash(&key, &[&msg]);
            assert_eq!(commitment_path, hmac_inner_hash(&key, &parts), "tcId {id}");
            assert_eq!(commitment_path, stamp_inner_hash(&key, &parts), "tcId {id}");
            let mac = hmac(&key, commitment_path);
            let matches = mac[..tag_len] == tag[..];
            match case["result"].as_str().unwrap() {
                "valid" => {
                    assert!(matches, "tcId {id}: tag differs");
                    valid += 1;
                    truncated += usize::from(tag_len < 32);
                }
                "invalid" => {
                    assert!(!matches, "tcId {id}: a modified tag matches");
                    invalid += 1;
                }
                other => panic!("tcId {id}: result {other}"),
            }
        }
    }
    // The whole file: 174 cases, of which 66 with the correct tag (33
    // truncated to 128 bits) and 108 with a modified one.
    assert_eq!((valid, invalid, truncated), (66, 108, 33));
}
