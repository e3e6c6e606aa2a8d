//! Separation of the AES-256 suite from AES-256-GCM and XAES-256-GCM under the
//! same key and nonce (SPEC.md 9.9): an app that also uses the message key
//! with AES-256-GCM (12-byte nonces) or XAES-256-GCM (24-byte nonces) must not
//! find any block of its keystream in what franking seals or reveals. Were the
//! derivation labelled 'X' as XAES-256-GCM's, the franked keystream from
//! block 4 would be XAES-256-GCM's from its counter 4; were the keystream
//! AES-CTR under the key itself, it would overlap AES-256-GCM's.
//!
//! ring's AES-256-GCM (an independent implementation) gives the GCM keystream:
//! the ciphertext of zeros. XAES-256-GCM is AES-256-GCM under the key that
//! the C2SP XAES-256-GCM specification derives, computed here with `aes`.

mod common;

use aes::Aes256Enc;
use aes::cipher::{BlockCipherEncrypt, KeyInit};
use common::TestRng;
use franking::{MessageKey, Nonce, Suite};
use ring::aead::{AES_256_GCM, Aad, LessSafeKey, UnboundKey};

/// AES-256-GCM's keystream (from counter 2) under `key` and a 12-byte nonce.
fn gcm_keystream(key: &[u8; 32], nonce: [u8; 12], len: usize) -> Vec<u8> {
    let aead = LessSafeKey::new(UnboundKey::new(&AES_256_GCM, key).unwrap());
    let mut zeros = vec![0u8; len];
    let _tag = aead
        .seal_in_place_separate_tag(
            ring::aead::Nonce::assume_unique_for_key(nonce),
            Aad::empty(),
            &mut zeros,
        )
        .unwrap();
    zeros
}

/// XAES-256-GCM's derived key (C2SP XAES-256-GCM: CMAC-based KDF, label 'X').
fn xaes_key(key: &[u8; 32], nonce: &[u8; 24]) -> [u8; 32] {
    let aes = Aes256Enc::new(key.into());
    let mut l = [0u8; 16].into();
    aes.encrypt_block(&mut l);
    let v = u128::from_be_bytes(l.into());
    let k1 = ((v << 1) ^ (0x87 * (v >> 127))).to_be_bytes();
    let mut out = [0u8; 32];
    for (i, half) in out.chunks_mut(16).enumerate() {
        let mut m = [0u8; 16];
        m[..4].copy_from_slice(&[0, i as u8 + 1, b'X', 0]);
        m[4..].copy_from_slice(&nonce[..12]);
        let mut block = core::array::from_fn(|j| m[j] ^ k1[j]).into();
        aes.encrypt_block(&mut block);
        half.copy_from_slice(&block);
    }
    out
}

fn blocks(bytes: &[u8]) -> Vec<&[u8]> {
    bytes.chunks_exact(16).collect()
}

#[test]
fn no_block_of_the_aes_suite_coincides_with_aes_gcm_or_xaes_gcm() {
    let mut rng = TestRng(0xae5);
    // The C2SP example's key and nonce, then random ones.
    let mut inputs = vec![([1u8; 32], *b"ABCDEFGHIJKLMNOPQRSTUVWX")];
    for _ in 0..4 {
        inputs.push((rng.array(), rng.array()));
    }
    for (key_bytes, nonce_bytes) in inputs {
        let len = 256;
        let message = rng.bytes(len);
        let key = MessageKey::with_suite(Suite::Aes256, key_bytes);
        let nonce = Nonce::from_bytes(nonce_bytes);
        let mut franked = message.clone();
        let envelope = key
            .seal_in_place_with_nonce(&nonce, b"", &mut franked)
            .unwrap();
        let ciphertext = franked.clone();
        let opened = key.open_in_place(&envelope, b"", &mut franked).unwrap();
        let opening = *opened.opening().as_bytes();
        // Everything of our keystream that a report and its ciphertext reveal.
        let ours: Vec<u8> = opening
            .iter()
            .copied()
            .chain(ciphertext.iter().zip(&message).map(|(c, m)| c ^ m))
            .collect();

        let head: [u8; 12] = nonce_bytes[..12].try_into().unwrap();
        let tail: [u8; 12] = nonce_bytes[12..].try_into().unwrap();
        let xaes = xaes_key(&key_bytes, &nonce_bytes);
        let theirs = [
            (
                "AES-256-GCM, nonce N[12..24]",
                gcm_keystream(&key_bytes, tail, 64 + len),
            ),
            (
                "AES-256-GCM, nonce N[0..12]",
                gcm_keystream(&key_bytes, head, 64 + len),
            ),
            ("XAES-256-GCM", gcm_keystream(&xaes, tail, 64 + len)),
        ];
        for (name, stream) in &theirs {
            for ours_block in blocks(&ours) {
                assert!(
                    !blocks(stream).contains(&ours_block),
                    "a keystream block coincides with {name}"
                );
            }
        }
    }
}
