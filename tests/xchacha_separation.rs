//! Separation from XChaCha20-Poly1305 under the same key and nonce (SPEC.md
//! sections 4.2 and 8): an app that also uses the message key with
//! XChaCha20-Poly1305 must not find its ciphertext or its Poly1305 one-time
//! key in what franking seals or reveals. Were the keystream XChaCha20's, the
//! opening in every report would be XChaCha20-Poly1305's Poly1305 key (block
//! 0, bytes 0..32) and the ciphertexts would coincide.

mod common;

use chacha20::XChaCha20;
use chacha20::cipher::{KeyIvInit, StreamCipher};
use chacha20poly1305::{AeadInOut, KeyInit, XChaCha20Poly1305};
use common::{SIZES, TestRng};
use franking::{MessageKey, Nonce};

/// XChaCha20-Poly1305's Poly1305 key: bytes 0..32 of XChaCha20 block 0.
fn poly1305_key(key: &[u8; 32], nonce: &[u8; 24]) -> [u8; 32] {
    let mut block0 = [0u8; 64];
    XChaCha20::new(key.into(), nonce.into()).apply_keystream(&mut block0);
    block0[..32].try_into().unwrap()
}

#[test]
fn neither_ciphertext_nor_opening_coincides_with_xchacha20poly1305() {
    let mut rng = TestRng(0x5e9a);
    for &len in SIZES {
        if len < 8 {
            continue; // Too short for a coincidence to mean anything.
        }
        let key_bytes: [u8; 32] = rng.array();
        let nonce_bytes: [u8; 24] = rng.array();
        let header = rng.bytes(len % 40);
        let message = rng.bytes(len);

        let key = MessageKey::from_bytes(key_bytes);
        let nonce = Nonce::from_bytes(nonce_bytes);
        let mut franked = message.clone();
        let envelope = key
            .seal_in_place_with_nonce(&nonce, &header, &mut franked)
            .unwrap();
        let opened = key.open_in_place(&envelope, &header, &mut franked).unwrap();
        let opening = *opened.opening().as_bytes();
        let mut franked = message.clone();
        key.seal_in_place_with_nonce(&nonce, &header, &mut franked)
            .unwrap();

        let aead = XChaCha20Poly1305::new(&key_bytes.into());
        let mut aead_ct = message.clone();
        aead.encrypt_inout_detached(&nonce_bytes.into(), &header, aead_ct.as_mut_slice().into())
            .unwrap();
        let poly_key = poly1305_key(&key_bytes, &nonce_bytes);

        assert_ne!(franked, aead_ct, "ciphertexts coincide at {len} bytes");
        // Not even a shifted copy: the franked keystream is no window of XChaCha20's.
        for shift in [64, 128] {
            let mut xchacha = vec![0u8; shift + len];
            xchacha[shift..].copy_from_slice(&message);
            XChaCha20::new(&key_bytes.into(), &nonce_bytes.into()).apply_keystream(&mut xchacha);
            assert_ne!(franked, xchacha[shift..], "XChaCha20 from byte {shift}");
        }
        assert_ne!(opening, poly_key, "opening is the Poly1305 key");
        assert!(
            !franked.windows(32).any(|w| w == poly_key),
            "Poly1305 key inside the ciphertext"
        );
    }
}
