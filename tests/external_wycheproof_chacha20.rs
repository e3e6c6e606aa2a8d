//! Wycheproof ChaCha20 counter boundaries
//! (`tests/vectors/external/wycheproof/chacha20_counter_test.json`, source and
//! licence in that folder's README.md) against the XChaCha20 suite's keystream.
//!
//! The suite's block `i` under `(K, N)` is ChaCha20 under `HChaCha20(K,
//! N[0..16])` with the state words `u32le(i) || "frk1" || N[16..24]` (SPEC.md
//! 2). The file's XChaCha20 group is libsodium's 64-bit-counter XChaCha20,
//! whose state words are `u64le(c) || N[16..24]`: the same function, with the
//! counter's high word where we have the label. So with the label swapped for
//! the vector's high counter word (a test-only hook), the suite computes the
//! vector's keystream wherever its blocks share one high word, as they do
//! in every case that does not carry into it.
//!
//! Cases that do not apply, and why:
//! - XChaCha20 with a carry into the high word (`tcId` 12 to 14) and the
//!   counter exhaustion cases (26 to 28): they need block `2^32` of a 32-bit
//!   block counter, which the suite never reaches (a message of at most
//!   `2^32 - 1` bytes needs at most `2^28 + 4` blocks, SPEC.md 7); the hook
//!   refuses them instead of wrapping, and the test checks that it does.
//! - The ChaCha20-IETF group (29 to 42): ChaCha20 keyed directly. The suite
//!   keys ChaCha20 only with an HChaCha20 subkey, so no input of ours is such
//!   a case.

mod external_common;

use external_common::hex;
use franking::__test_hooks::xchacha20_keystream;
use franking::{MessageKey, Nonce};
use serde_json::Value;

const FILE: &str = include_str!("vectors/external/wycheproof/chacha20_counter_test.json");

#[test]
fn the_suite_keystream_with_the_label_swapped_is_64_bit_counter_xchacha20() {
    let doc: Value = serde_json::from_str(FILE).unwrap();
    let (mut checked, mut refused, mut skipped) = (0, 0, 0);
    for group in doc["testGroups"].as_array().unwrap() {
        let xchacha = group["algorithm"] == "XChaCha20";
        for case in group["tests"].as_array().unwrap() {
            let id = case["tcId"].as_u64().unwrap();
            if !xchacha {
                skipped += 1;
                continue;
            }
            let key: [u8; 32] = hex(case["key"].as_str().unwrap()).try_into().unwrap();
            let nonce: [u8; 24] = hex(case["iv"].as_str().unwrap()).try_into().unwrap();
            let counter = hex(case["initialCounter"].as_str().unwrap());
            let low = u32::from_le_bytes(counter[..4].try_into().unwrap());
            let label: [u8; 4] = counter[4..8].try_into().unwrap();
            let msg = hex(case["msg"].as_str().unwrap());
            let mut blocks = vec![[0u8; 64]; msg.len().div_ceil(64)];
            let fits = xchacha20_keystream(&key, &nonce, label, low, &mut blocks);
            let needs_carry = u64::from(low) + blocks.len() as u64 > 1 << 32;
            assert_eq!(fits, !needs_carry, "tcId {id}");
            if needs_carry {
                assert!(matches!(id, 12..=14 | 26..=28), "tcId {id}");
                refused += 1;
                continue;
            }
            assert_eq!(case["result"], "valid", "tcId {id}");
            let ct: Vec<u8> = msg
                .iter()
                .zip(blocks.concat())
                .map(|(m, k)| m ^ k)
                .collect();
            assert_eq!(ct, hex(case["ct"].as_str().unwrap()), "tcId {id}");
            checked += 1;
        }
    }
    assert_eq!((checked, refused, skipped), (22, 6, 14));
}

/// The hook computes the suite's real keystream: with the label `"frk1"` its
/// block 0 holds the opening and its later blocks encrypt the message, as
/// `seal` does them. So the suite's block `i` is 64-bit-counter XChaCha20's
/// block `0x316b7266 * 2^32 + i` under the same key and nonce (SPEC.md 9.8).
#[test]
fn the_hook_reaches_the_keystream_seal_uses() {
    let key_bytes: [u8; 32] = core::array::from_fn(|i| (i * 13 + 1) as u8);
    let nonce_bytes: [u8; 24] = core::array::from_fn(|i| (i * 29 + 3) as u8);
    let mut blocks = [[0u8; 64]; 4];
    assert!(xchacha20_keystream(
        &key_bytes,
        &nonce_bytes,
        *b"frk1",
        0,
        &mut blocks
    ));
    assert_eq!(u32::from_le_bytes(*b"frk1"), 0x316b_7266);
    let key = MessageKey::from_bytes(key_bytes);
    let mut message = vec![0u8; 3 * 64];
    let envelope = key
        .seal_in_place_with_nonce(&Nonce::from_bytes(nonce_bytes), b"", &mut message)
        .unwrap();
    assert_eq!(message, blocks[1..].concat(), "message keystream");
    let mut ciphertext = message.clone();
    let opened = key.open_in_place(&envelope, b"", &mut ciphertext).unwrap();
    assert_eq!(opened.opening().as_bytes()[..], blocks[0][..32], "opening");
}
