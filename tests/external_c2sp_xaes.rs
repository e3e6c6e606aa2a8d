//! The XAES-256-GCM test vectors of the C2SP specification
//! (`tests/vectors/external/c2sp/XAES-256-GCM.txt`, source and licence in that
//! folder's README.md) against the AES-256 suite's key derivation (SPEC.md 4.5).
//!
//! Our `Kx` is XAES-256-GCM's derived key with the label byte `'F'` where it
//! has `'X'`. The test checks the intermediate values the specification
//! publishes (`L`, `K1`) on the path the suite computes them, the derived key
//! with their label swapped in through a test-only hook, the published
//! ciphertext under that key, and the specification's accumulated test over
//! 10,000 random keys and nonces; then that the hook computes the key `seal`
//! uses (label `'F'`).

mod external_common;

use aes::Aes256Enc;
use aes::cipher::{BlockCipherEncrypt, KeyInit};
use external_common::hex;
use franking::__test_hooks::{aes256_cmac_one_block_pair, aes256_cmac_subkey, aes256_derived_key};
use franking::{MessageKey, Nonce, Suite};
use ring::aead::{AES_256_GCM, Aad, LessSafeKey, UnboundKey};

const FILE: &str = include_str!("vectors/external/c2sp/XAES-256-GCM.txt");

/// A value as the specification writes it: quoted ASCII, or hex.
fn value(v: &str) -> Vec<u8> {
    match v.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
        Some(ascii) => ascii.as_bytes().to_vec(),
        None => hex(v),
    }
}

/// The vectors: one list of (name, value) per vector, each starting at `K`.
fn vectors() -> Vec<Vec<(String, Vec<u8>)>> {
    let mut out: Vec<Vec<(String, Vec<u8>)>> = Vec::new();
    for line in FILE.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (name, v) = line.split_once(": ").unwrap();
        if name == "K" {
            out.push(Vec::new());
        }
        out.last_mut().unwrap().push((name.to_string(), value(v)));
    }
    out
}

fn get<'a>(vector: &'a [(String, Vec<u8>)], name: &str) -> &'a [u8] {
    &vector.iter().find(|(n, _)| n == name).unwrap().1
}

#[test]
fn derivation_with_label_x_gives_the_published_intermediates_and_key() {
    let vectors = vectors();
    assert_eq!(vectors.len(), 2);
    for v in &vectors {
        let key: [u8; 32] = get(v, "K").try_into().unwrap();
        let nonce: [u8; 24] = get(v, "N").try_into().unwrap();
        let k1: [u8; 16] = get(v, "K1").try_into().unwrap();
        let l = get(v, "L");
        let (m1, m2): ([u8; 16], [u8; 16]) = (
            get(v, "M1").try_into().unwrap(),
            get(v, "M2").try_into().unwrap(),
        );
        let kx = get(v, "Kₓ");

        // K1 as the key schedule holds it; L = AES-256(K, 0^16), computed on
        // the derivation's path (input K1 XOR K1 = 0^16).
        assert_eq!(aes256_cmac_subkey(&key), k1);
        assert_eq!(
            aes256_cmac_one_block_pair(&key, &[k1, k1]),
            *[l, l].concat()
        );
        // The published CMAC inputs M1, M2 through the path give Kx; so does
        // our derivation with their label byte.
        assert_eq!(aes256_cmac_one_block_pair(&key, &[m1, m2])[..], *kx);
        assert_eq!(aes256_derived_key(&key, &nonce, b'X')[..], *kx);
        // Ours differs only in that byte: its inputs are theirs with 'F'.
        let ours = aes256_derived_key(&key, &nonce, b'F');
        assert_ne!(ours[..], *kx);
        let (mut f1, mut f2) = (m1, m2);
        f1[2] = b'F';
        f2[2] = b'F';
        assert_eq!(aes256_cmac_one_block_pair(&key, &[f1, f2]), ours);

        // The published ciphertext is AES-256-GCM under Kx (ring).
        let nx: [u8; 12] = get(v, "Nₓ").try_into().unwrap();
        assert_eq!(nx[..], nonce[12..]);
        let aead = LessSafeKey::new(UnboundKey::new(&AES_256_GCM, kx).unwrap());
        let mut data = get(v, "Plaintext").to_vec();
        aead.seal_in_place_append_tag(
            ring::aead::Nonce::assume_unique_for_key(nx),
            Aad::from(get(v, "AAD")),
            &mut data,
        )
        .unwrap();
        assert_eq!(data, get(v, "Ciphertext"));
    }
}

/// The hook computes the key the suite seals under: the opening is
/// AES-256-CTR under `Kx` (label `'F'`) at counter blocks 0 and 1.
#[test]
fn the_hook_reaches_the_key_seal_uses() {
    for v in vectors() {
        let key_bytes: [u8; 32] = get(&v, "K").try_into().unwrap();
        let nonce_bytes: [u8; 24] = get(&v, "N").try_into().unwrap();
        let kx = aes256_derived_key(&key_bytes, &nonce_bytes, b'F');
        let aes = Aes256Enc::new(&kx.into());
        let mut pads = Vec::new();
        for i in 0u32..2 {
            let mut block = [0u8; 16];
            block[..12].copy_from_slice(&nonce_bytes[12..]);
            block[12..].copy_from_slice(&i.to_be_bytes());
            let mut block = block.into();
            aes.encrypt_block(&mut block);
            pads.extend_from_slice(&block);
        }
        let key = MessageKey::with_suite(Suite::Aes256, key_bytes);
        let mut message = *b"XAES-256-GCM";
        let envelope = key
            .seal_in_place_with_nonce(&Nonce::from_bytes(nonce_bytes), b"", &mut message)
            .unwrap();
        let opened = key.open_in_place(&envelope, b"", &mut message).unwrap();
        assert_eq!(opened.opening().as_bytes()[..], pads[..]);
    }
}

/// The specification's accumulated randomized test: 10,000 (key, nonce,
/// plaintext, AAD) read from one SHAKE-128 stream, each ciphertext absorbed by
/// a second SHAKE-128 whose first 32 bytes the specification publishes
/// (`XAES-256-GCM.txt`). The derived key is ours with label `'X'`; AES-256-GCM
/// under it is ring's. 10,000 random keys and nonces through the derivation.
#[test]
fn accumulated_randomized_tests_with_label_x() {
    use shake::Shake128;
    use shake::digest::{ExtendableOutput, Update, XofReader};

    let expected = FILE
        .lines()
        .find_map(|l| l.strip_prefix("Accumulated-10000: "))
        .map(hex)
        .unwrap();
    let mut rng = Shake128::default().finalize_xof();
    let mut first = [0u8; 16];
    rng.read(&mut first);
    assert_eq!(
        first[..],
        hex("7f9c2ba4e88f827d616045507605853e"),
        "the RNG's start"
    );
    let mut rng = Shake128::default().finalize_xof();
    let mut hash = Shake128::default();
    let mut read = |n: usize| {
        let mut out = vec![0u8; n];
        rng.read(&mut out);
        out
    };
    for _ in 0..10_000 {
        let key: [u8; 32] = read(32).try_into().unwrap();
        let nonce: [u8; 24] = read(24).try_into().unwrap();
        let len = read(1)[0] as usize;
        let mut data = read(len);
        let len = read(1)[0] as usize;
        let aad = read(len);
        let kx = aes256_derived_key(&key, &nonce, b'X');
        let aead = LessSafeKey::new(UnboundKey::new(&AES_256_GCM, &kx).unwrap());
        aead.seal_in_place_append_tag(
            ring::aead::Nonce::assume_unique_for_key(nonce[12..].try_into().unwrap()),
            Aad::from(&aad[..]),
            &mut data,
        )
        .unwrap();
        hash.update(&data);
    }
    let mut out = [0u8; 32];
    hash.finalize_xof().read(&mut out);
    assert_eq!(out[..], expected);
}
