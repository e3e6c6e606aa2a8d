//! Separation of the AES-256 suite from AES-256-GCM and XAES-256-GCM under the
//! same key and nonce (SPEC.md 9.9): an app that also uses the message key
//! with AES-256-GCM (12-byte nonces) or XAES-256-GCM (24-byte nonces) must not
//! find any block of its keystream in what franking seals or reveals. Were the
//! derivation labelled 'X' as XAES-256-GCM's, the franked keystream from
//! block 4 would be XAES-256-GCM's from its counter 4; were the keystream
//! AES-CTR under the key itself, it would overlap AES-256-GCM's.
//!
//!
//! Comparing blocks is not enough: the derivation's inputs `00 i 'F' 00 ||
//! N[0..12]` are themselves 16-byte blocks that AES-256-GCM under the same key
//! encrypts, as counter block `u32(N[8..12])` of the nonce `00 i 'F' 00 ||
//! N[0..8]`. Only the mask `K1` keeps `Kx` out of GCM's outputs (SPEC.md 9.9);
//! without it two GCM encryptions hand out both halves of `Kx` (the tag of an
//! empty message when `N[8..12] = u32(1)`, a keystream block otherwise), and
//! with `Kx` every opening, integrity key and message of that nonce. The second
//! test runs that attack.
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

/// AES-256-GCM's tag for an empty message and empty associated data: GHASH
/// of nothing is zero, so the tag is `AES-256(key, nonce || u32(1))`.
fn gcm_empty_tag(key: &[u8; 32], nonce: [u8; 12]) -> [u8; 16] {
    let aead = LessSafeKey::new(UnboundKey::new(&AES_256_GCM, key).unwrap());
    let tag = aead
        .seal_in_place_separate_tag(
            ring::aead::Nonce::assume_unique_for_key(nonce),
            Aad::empty(),
            &mut [],
        )
        .unwrap();
    tag.as_ref().try_into().unwrap()
}

/// `AES-256(key, block)` for a block `prefix || u32(c)`, `c >= 1`, as
/// AES-256-GCM under `key` outputs it: the empty message's tag for `c = 1`,
/// keystream block `c - 2` (the ciphertext of zeros) from `c = 2` on.
fn gcm_block_output(key: &[u8; 32], block: [u8; 16]) -> [u8; 16] {
    let prefix: [u8; 12] = block[..12].try_into().unwrap();
    let c = u32::from_be_bytes(block[12..].try_into().unwrap());
    assert!(c >= 1, "GCM never outputs AES of counter 0");
    if c == 1 {
        return gcm_empty_tag(key, prefix);
    }
    let at = 16 * (c as usize - 2);
    gcm_keystream(key, prefix, at + 16)[at..]
        .try_into()
        .unwrap()
}

#[test]
fn kx_cannot_be_read_from_aes_gcm_under_the_same_key() {
    let mut rng = TestRng(0x6c3);
    for counter in [1u32, 2, 3, 7] {
        for _ in 0..3 {
            // A nonce whose N[8..12] is a small counter value, so that GCM
            // reaches the derivation's inputs within a few blocks.
            let key_bytes: [u8; 32] = rng.array();
            let mut nonce_bytes: [u8; 24] = rng.array();
            nonce_bytes[8..12].copy_from_slice(&counter.to_be_bytes());

            // The opening a report reveals: AES-256-CTR blocks 0 and 1 under Kx.
            let key = MessageKey::with_suite(Suite::Aes256, key_bytes);
            let nonce = Nonce::from_bytes(nonce_bytes);
            let mut message = rng.bytes(64);
            let envelope = key
                .seal_in_place_with_nonce(&nonce, b"", &mut message)
                .unwrap();
            let opened = key.open_in_place(&envelope, b"", &mut message).unwrap();
            let opening = *opened.opening().as_bytes();

            // What GCM under K outputs on the unmasked derivation blocks.
            let mut guess = [0u8; 32];
            for (i, half) in (1u8..).zip(guess.chunks_mut(16)) {
                let mut block = [0u8; 16];
                block[..4].copy_from_slice(&[0, i, b'F', 0]);
                block[4..].copy_from_slice(&nonce_bytes[..12]);
                half.copy_from_slice(&gcm_block_output(&key_bytes, block));
            }
            let aes = Aes256Enc::new(&guess.into());
            let mut pads = Vec::new();
            for i in 0u32..2 {
                let mut block = [0u8; 16];
                block[..12].copy_from_slice(&nonce_bytes[12..]);
                block[12..].copy_from_slice(&i.to_be_bytes());
                let mut block = block.into();
                aes.encrypt_block(&mut block);
                pads.extend_from_slice(&block);
            }
            assert_ne!(
                pads[..],
                opening[..],
                "two AES-256-GCM encryptions under K give Kx (N[8..12] = {counter})"
            );
        }
    }
}
