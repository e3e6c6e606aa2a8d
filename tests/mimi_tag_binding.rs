//! Properties of the client's side of the MIMI profile (SPEC.md 17.3): the
//! franking tag is full HMAC-SHA256 under the 16-byte salt over exactly the
//! application data (checked against RustCrypto's HMAC, an implementation
//! this crate does not share), so it binds every byte of both; the salt
//! derivation is the content draft's, truncated to 16 bytes; the `frank_aad`
//! item and the Safe AAD reader are exact and strict.
#![cfg(feature = "mimi")]

use franking::ErrorKind;
use franking::mimi::{FrankingTag, Salt, SaltBaseSecret};
use hmac::{KeyInit, Mac};
use proptest::prelude::*;

fn rustcrypto_hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
    let mut mac = <hmac::Hmac<sha2::Sha256> as KeyInit>::new_from_slice(key).unwrap();
    mac.update(data);
    mac.finalize().into_bytes().into()
}

proptest! {
    /// The tag is HMAC-SHA256 keyed with the 16 salt bytes, full (outer
    /// hash included), over the application data as given.
    #[test]
    fn tag_is_full_hmac_sha256_under_the_16_byte_salt(
        salt in any::<[u8; 16]>(),
        data in proptest::collection::vec(any::<u8>(), 0..300),
    ) {
        let tag = FrankingTag::compute(&Salt::from_bytes(salt), &data);
        prop_assert_eq!(tag.as_bytes(), &rustcrypto_hmac(&salt, &data));
    }

    /// `derive_salt` is the first 16 bytes of HMAC-SHA256(secret, nonce).
    #[test]
    fn derived_salt_is_the_truncated_hmac_of_the_nonce(
        secret in any::<[u8; 32]>(),
        nonce in proptest::collection::vec(any::<u8>(), 0..100),
    ) {
        let salt = SaltBaseSecret::from_bytes(secret).derive_salt(&nonce);
        prop_assert_eq!(&salt.as_bytes()[..], &rustcrypto_hmac(&secret, &nonce)[..16]);
    }
}

/// Changing any byte of the application data or of the salt changes the
/// tag, and `matches` says so; the tag of a prefix or an extension differs.
#[test]
fn tag_binds_every_byte_of_data_and_salt() {
    let salt = Salt::from_bytes([7; 16]);
    let data: Vec<u8> = (0..80u8).collect();
    let tag = FrankingTag::compute(&salt, &data);
    assert!(bool::from(tag.matches(&salt, &data)));
    for i in 0..data.len() {
        let mut other = data.clone();
        other[i] ^= 0x01;
        assert!(!bool::from(tag.matches(&salt, &other)), "data byte {i}");
    }
    for i in 0..16 {
        let mut s = [7u8; 16];
        s[i] ^= 0x80;
        assert!(
            !bool::from(tag.matches(&Salt::from_bytes(s), &data)),
            "salt byte {i}"
        );
    }
    assert!(!bool::from(tag.matches(&salt, &data[..79])));
    let mut longer = data.clone();
    longer.push(0);
    assert!(!bool::from(tag.matches(&salt, &longer)));
}

/// The item is `u16(component_id) || 0x20 || tag`, and reading a SafeAAD
/// finds it among other items and returns the bytes after the SafeAAD.
#[test]
fn frank_aad_item_is_exact_and_found_among_other_items() {
    let tag = FrankingTag::from_bytes([0xab; 32]);
    let item = tag.frank_aad_item(0x0102);
    assert_eq!(&item[..3], &[0x01, 0x02, 0x20]);
    assert_eq!(&item[3..], &[0xab; 32]);
    let mut items = vec![0x00, 0x01, 0x02, 0xee, 0xee];
    items.extend_from_slice(&item);
    items.extend_from_slice(&[0x7f, 0x00, 0x00]);
    let mut aad = vec![items.len() as u8];
    aad.extend_from_slice(&items);
    aad.extend_from_slice(b"non-safe");
    let (found, rest) = FrankingTag::find_in_safe_aad(&aad, 0x0102).unwrap();
    assert_eq!(found, Some(tag));
    assert_eq!(rest, b"non-safe");
    let (absent, _) = FrankingTag::find_in_safe_aad(&aad, 0x0103).unwrap();
    assert_eq!(absent, None);
}

/// Unsorted or repeated component ids, a `frank_aad` item of another
/// length, and every truncation are refused.
#[test]
fn safe_aad_reader_is_strict() {
    let kind = |aad: &[u8]| {
        FrankingTag::find_in_safe_aad(aad, 5)
            .map(|_| ())
            .map_err(|e| e.kind())
    };
    let with = |items: &[u8]| {
        let mut aad = vec![items.len() as u8];
        aad.extend_from_slice(items);
        aad
    };
    assert_eq!(
        kind(&with(&[0, 6, 0, 0, 5, 0])),
        Err(ErrorKind::Malformed),
        "unsorted"
    );
    assert_eq!(
        kind(&with(&[0, 6, 0, 0, 6, 0])),
        Err(ErrorKind::Malformed),
        "repeated"
    );
    let mut short = vec![0, 5, 31];
    short.extend_from_slice(&[0; 31]);
    assert_eq!(
        kind(&with(&short)),
        Err(ErrorKind::Malformed),
        "31-byte frank_aad"
    );
    let good = with(&FrankingTag::from_bytes([1; 32]).frank_aad_item(5));
    assert_eq!(kind(&good), Ok(()));
    for cut in 0..good.len() {
        assert_eq!(
            kind(&good[..cut]),
            Err(ErrorKind::Malformed),
            "cut at {cut}"
        );
    }
    assert_eq!(
        kind(&[0x40, 0x00]),
        Err(ErrorKind::Malformed),
        "non-minimal length"
    );
}
