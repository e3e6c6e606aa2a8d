//! Wycheproof AES-CMAC, its 256-bit-key group
//! (`tests/vectors/external/wycheproof/aes_cmac_test.json`, source and licence
//! in that folder's README.md), against the AES-256 suite's key derivation.
//!
//! Each half of `Kx` is an AES-CMAC output under the message key `K` on a
//! one-block message (SPEC.md 4.5): `AES-256(K, B XOR K1)`, with CMAC's subkey
//! `K1 = dbl(AES-256(K, 0^16))` computed once per key. The crate has no other
//! CMAC, so the test reaches that path through two hooks: `K1` as the key
//! schedule holds it, and the one-block CMAC that derives `Kx`.
//!
//! - Messages of exactly one block (`tcId` 221 and the modified tags of the
//!   16-byte message) are the derivation's own case: the tag is one call.
//! - Every other message is checked too, by composing CMAC (NIST SP 800-38B)
//!   over the same path: since the path computes `AES-256(K, y XOR K1)`,
//!   feeding it `x XOR K1` gives the raw block cipher `AES-256(K, x)` for the
//!   CBC chain, and the last block goes through the path as the derivation
//!   sends it (a whole block) or padded and masked with `K2 = dbl(K1)`.

mod external_common;

use external_common::hex;
use franking::__test_hooks::{aes256_cmac_one_block_pair, aes256_cmac_subkey};
use serde_json::Value;

const FILE: &str = include_str!("vectors/external/wycheproof/aes_cmac_test.json");

fn xor(a: [u8; 16], b: [u8; 16]) -> [u8; 16] {
    core::array::from_fn(|i| a[i] ^ b[i])
}

/// The derivation's path: `AES-256(K, m XOR K1)`.
fn cmac_one_block(key: &[u8; 32], m: [u8; 16]) -> [u8; 16] {
    let pair = aes256_cmac_one_block_pair(key, &[m, m]);
    assert_eq!(pair[..16], pair[16..], "the two halves of one input differ");
    pair[..16].try_into().unwrap()
}

/// CMAC's doubling, written here from SP 800-38B for `K2` only.
fn dbl(x: [u8; 16]) -> [u8; 16] {
    let v = u128::from_be_bytes(x);
    ((v << 1) ^ if v >> 127 == 1 { 0x87 } else { 0 }).to_be_bytes()
}

/// AES-CMAC of any message, every block cipher call through the derivation's path.
fn cmac(key: &[u8; 32], msg: &[u8]) -> [u8; 16] {
    let k1 = aes256_cmac_subkey(key);
    let block_cipher = |x: [u8; 16]| cmac_one_block(key, xor(x, k1));
    let n = msg.len().div_ceil(16).max(1);
    let mut chain = [0u8; 16];
    for block in msg.chunks(16).take(n - 1) {
        chain = block_cipher(xor(chain, block.try_into().unwrap()));
    }
    let last = &msg[(n - 1) * 16..];
    if last.len() == 16 {
        // A whole last block: masked with K1, as the derivation does.
        cmac_one_block(key, xor(chain, last.try_into().unwrap()))
    } else {
        let mut padded = [0u8; 16];
        padded[..last.len()].copy_from_slice(last);
        padded[last.len()] = 0x80;
        block_cipher(xor(xor(chain, padded), dbl(k1)))
    }
}

#[test]
fn the_derivation_path_computes_aes256_cmac_on_every_wycheproof_case() {
    let doc: Value = serde_json::from_str(FILE).unwrap();
    assert_eq!(doc["algorithm"], "AES-CMAC");
    let (mut valid, mut invalid, mut one_block) = (0, 0, 0);
    for group in doc["testGroups"].as_array().unwrap() {
        assert_eq!(group["keySize"], 256, "only the AES-256 group is kept");
        assert_eq!(group["tagSize"], 128);
        for case in group["tests"].as_array().unwrap() {
            let id = &case["tcId"];
            let key: [u8; 32] = hex(case["key"].as_str().unwrap()).try_into().unwrap();
            let msg = hex(case["msg"].as_str().unwrap());
            let tag = hex(case["tag"].as_str().unwrap());
            let ours = if msg.len() == 16 {
                one_block += 1;
                cmac_one_block(&key, msg[..].try_into().unwrap())
            } else {
                cmac(&key, &msg)
            };
            let matches = ours[..] == tag[..];
            match case["result"].as_str().unwrap() {
                "valid" => {
                    assert!(matches, "tcId {id}: tag differs");
                    valid += 1;
                }
                "invalid" => {
                    assert!(!matches, "tcId {id}: a modified tag matches");
                    invalid += 1;
                }
                other => panic!("tcId {id}: result {other}"),
            }
        }
    }
    // tcId 205 to 306: 21 correct tags, 81 modified; 28 one-block messages.
    assert_eq!((valid, invalid, one_block), (21, 81, 28));
}

/// The derivation of `Kx` is the one-block CMAC of its two blocks
/// `00 i 'F' 00 || N[0..12]`: the same path, fed by the derivation.
#[test]
fn kx_halves_are_cmac_of_the_derivation_blocks() {
    let key = [0x5au8; 32];
    let nonce: [u8; 24] = core::array::from_fn(|i| i as u8 * 7);
    let block = |i: u8| {
        let mut b = [0u8; 16];
        b[..4].copy_from_slice(&[0, i, b'F', 0]);
        b[4..].copy_from_slice(&nonce[..12]);
        b
    };
    let kx = franking::__test_hooks::aes256_derived_key(&key, &nonce, b'F');
    assert_eq!(kx[..16], cmac(&key, &block(1)));
    assert_eq!(kx[16..], cmac(&key, &block(2)));
}
