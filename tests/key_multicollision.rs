//! Key commitment, shown against a non-committing baseline.
//!
//! The corpus in `vectors/key_multicollision_chacha20poly1305.txt` (Len,
//! Grubbs, Ristenpart, "Partitioning Oracle Attacks", USENIX Security 2021)
//! holds five ChaCha20-Poly1305 ciphertexts, each valid under ten keys. Plain
//! ChaCha20-Poly1305 accepts all fifty (key, ciphertext) pairs; a franked
//! message, even built from those very ciphertexts, opens under one key only.

use chacha20poly1305::aead::AeadInOut;
use chacha20poly1305::{ChaCha20Poly1305, KeyInit};
use franking::{Error, MessageKey, Nonce};

const CORPUS: &str = include_str!("vectors/key_multicollision_chacha20poly1305.txt");

struct Corpus {
    keys: Vec<[u8; 32]>,
    /// (nonce, ciphertext, tag)
    ciphertexts: Vec<([u8; 12], Vec<u8>, [u8; 16])>,
}

/// Lowercase hex, as in the other vector files (SPEC.md 10).
fn unhex(s: &str) -> Vec<u8> {
    assert!(s.len().is_multiple_of(2), "odd-length hex");
    assert!(
        s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')),
        "not lowercase hex: {s}"
    );
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex digit"))
        .collect()
}

fn corpus() -> Corpus {
    let mut keys = Vec::new();
    let mut ciphertexts = Vec::new();
    for line in CORPUS.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(list) = line.strip_prefix("keys: ") {
            keys = list
                .split(',')
                .map(|k| unhex(k).try_into().expect("32-byte key"))
                .collect();
            continue;
        }
        let fields: Vec<&str> = line.split(',').collect();
        assert_eq!(fields.len(), 3, "nonce,ciphertext,tag");
        ciphertexts.push((
            unhex(fields[0]).try_into().expect("12-byte nonce"),
            unhex(fields[1]),
            unhex(fields[2]).try_into().expect("16-byte tag"),
        ));
    }
    assert_eq!(keys.len(), 10, "the corpus has ten keys");
    assert_eq!(ciphertexts.len(), 5, "the corpus has five ciphertexts");
    Corpus { keys, ciphertexts }
}

#[test]
fn plain_chacha20poly1305_accepts_every_corpus_ciphertext_under_all_ten_keys() {
    let corpus = corpus();
    let mut accepted = 0;
    for (nonce, ciphertext, tag) in &corpus.ciphertexts {
        for key in &corpus.keys {
            let aead = ChaCha20Poly1305::new(key.into());
            let mut buffer = ciphertext.clone();
            let result = aead.decrypt_inout_detached(
                nonce.into(),
                b"",
                buffer.as_mut_slice().into(),
                tag.into(),
            );
            assert!(
                result.is_ok(),
                "the baseline is expected to accept every pair"
            );
            accepted += 1;
        }
    }
    assert_eq!(accepted, 50, "one ciphertext, ten keys, five times over");
}

/// The XChaCha20 nonce used for a corpus ciphertext: its 12-byte nonce, zero-padded.
fn franking_nonce(nonce: &[u8; 12]) -> Nonce {
    let mut bytes = [0u8; 24];
    bytes[..12].copy_from_slice(nonce);
    Nonce::from_bytes(bytes)
}

#[test]
fn key_commitment_no_franked_ciphertext_opens_under_two_corpus_keys() {
    let corpus = corpus();
    let mut checked = 0;
    for (nonce, ciphertext, _) in &corpus.ciphertexts {
        let nonce = franking_nonce(nonce);
        for (i, key_i) in corpus.keys.iter().enumerate() {
            let key_i = MessageKey::from_bytes(*key_i);
            // The plaintext that the corpus ciphertext decrypts to under key i
            // (XOR with the keystream), then the envelope that makes exactly
            // this ciphertext open under key i: the strongest envelope an
            // attacker holding all ten keys can build for it.
            let mut plaintext = ciphertext.clone();
            key_i
                .seal_in_place_with_nonce(&nonce, b"", &mut plaintext)
                .unwrap();
            let mut resealed = plaintext.clone();
            let envelope = key_i
                .seal_in_place_with_nonce(&nonce, b"", &mut resealed)
                .unwrap();
            assert_eq!(
                &resealed, ciphertext,
                "sealing is an XOR with the keystream"
            );

            for (j, key_j) in corpus.keys.iter().enumerate() {
                let key_j = MessageKey::from_bytes(*key_j);
                let mut buffer = ciphertext.clone();
                let result = key_j
                    .open_in_place(&envelope, b"", &mut buffer)
                    .map(|o| o.message().to_vec());
                if i == j {
                    assert_eq!(result, Ok(plaintext.clone()), "opens under its own key");
                } else {
                    assert_eq!(
                        result,
                        Err(Error::Invalid),
                        "key {j} must not open key {i}'s envelope"
                    );
                    assert_eq!(&buffer, ciphertext, "a failed open leaves the ciphertext");
                }
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 5 * 10 * 10);
}
