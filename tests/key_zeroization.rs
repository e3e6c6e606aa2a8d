//! Platform keys and keyrings wipe themselves through the public API
//! (`Zeroize`, `ZeroizeOnDrop`): a wiped key holds no secret byte and neither
//! stamps nor verifies; a wiped keyring holds no key. (That the HMAC pads are
//! wiped too is checked by the unit test in `src/platform/key.rs`.)

mod common;

use common::{Scenario, TestRng, verify_encoded};
use franking::{Error, FrankingTag, KeyId, KeyInterval, Keyring, PlatformKey};
use zeroize::{Zeroize, ZeroizeOnDrop};

fn assert_zeroize_on_drop<T: Zeroize + ZeroizeOnDrop>() {}

#[test]
fn key_types_implement_zeroize_and_zeroize_on_drop() {
    assert_zeroize_on_drop::<PlatformKey>();
    assert_zeroize_on_drop::<Keyring>();
    assert_zeroize_on_drop::<Keyring<4>>();
    assert_zeroize_on_drop::<franking::platform::PlatformKeyBytes>();
}

#[test]
fn a_zeroized_key_holds_no_secret_and_neither_stamps_nor_verifies() {
    let mut rng = TestRng(1301);
    let mut key =
        PlatformKey::generate(KeyId::new(4), KeyInterval::starting_at(0), &mut rng).unwrap();
    assert_ne!(key.export_secret_bytes().as_bytes(), &[0; 32]);
    let s = Scenario::new(1302, b"h", b"m");
    let genuine = s.report_bytes_by(&key);
    let mut ring = Keyring::verify_only(common::MAX_AGE);
    ring.insert(key.clone()).unwrap();
    assert_eq!(verify_encoded(&ring, common::NOW, &genuine), Ok(()));

    key.zeroize();
    assert_eq!(key.export_secret_bytes().as_bytes(), &[0; 32]);
    assert_eq!(key.id(), KeyId::new(4), "the public id stays");
    let tag = FrankingTag::from_bytes([1; 32]);
    assert!(key.stamp(&tag, &s.context()).is_err());
    // A wiped key in a keyring verifies nothing, not even forgeries made with
    // the all-zero state it now holds.
    let mut ring = Keyring::verify_only(common::MAX_AGE);
    ring.insert(key).unwrap();
    assert_eq!(
        verify_encoded(&ring, common::NOW, &genuine).map_err(|e| e.kind()),
        Err(franking::ErrorKind::OutsideKeyInterval)
    );
    // Not even with a skew that would widen any interval to all of time.
    let ring = ring.with_max_skew(u64::MAX);
    assert_eq!(
        verify_encoded(&ring, common::NOW, &genuine).map_err(|e| e.kind()),
        Err(franking::ErrorKind::OutsideKeyInterval)
    );
}

#[test]
fn exported_bytes_wipe_themselves() {
    let mut rng = TestRng(1303);
    let key = PlatformKey::generate(KeyId::new(4), KeyInterval::starting_at(0), &mut rng).unwrap();
    let mut bytes = key.export_secret_bytes();
    assert_eq!(format!("{bytes:?}"), "PlatformKeyBytes(<redacted>)");
    bytes.zeroize();
    assert_eq!(bytes.as_bytes(), &[0; 32]);
}

#[test]
fn a_zeroized_keyring_holds_no_key() {
    let mut rng = TestRng(1304);
    let s = Scenario::new(1305, b"h", b"m");
    let mut ring = s.keyring.clone();
    ring.rotate_generate(KeyId::new(8), common::NOW, &mut rng)
        .unwrap();
    let report = s.report_bytes();
    assert_eq!(verify_encoded(&ring, common::NOW, &report), Ok(()));
    ring.zeroize();
    assert!(ring.is_empty());
    assert_eq!(ring.keys().count(), 0);
    assert!(ring.get(KeyId::new(7)).is_none() && ring.get(KeyId::new(8)).is_none());
    assert_eq!(ring.current(), None);
    assert_eq!(
        verify_encoded(&ring, common::NOW, &report),
        Err(Error::UnknownKey {
            key_id: KeyId::new(7)
        })
    );
    let tag = FrankingTag::from_bytes([1; 32]);
    assert_eq!(ring.stamp(&tag, &s.context()), Err(Error::VerifyOnly));
}

#[test]
fn retiring_wipes_the_key_and_frees_its_id() {
    let mut rng = TestRng(1306);
    let s = Scenario::new(1307, b"h", b"m");
    let mut ring = s.keyring.clone();
    let report = s.report_bytes();
    ring.rotate_generate(KeyId::new(8), 1, &mut rng).unwrap();
    ring.retire(KeyId::new(7)).unwrap();
    assert_eq!(
        ring.retire(KeyId::new(7)),
        Err(Error::UnknownKey {
            key_id: KeyId::new(7)
        })
    );
    assert_eq!(
        verify_encoded(&ring, common::NOW, &report),
        Err(Error::UnknownKey {
            key_id: KeyId::new(7)
        })
    );
}

/// A message key of either suite wipes its bytes, and an AES-256 key its
/// key schedule too: once zeroized it seals exactly as the all-zero key of
/// its suite, so nothing of the old key (bytes, round keys or CMAC subkey)
/// is left to seal with.
#[test]
fn a_zeroized_message_key_seals_as_the_zero_key() {
    use franking::{MessageKey, Nonce, Suite};
    let nonce = Nonce::from_bytes([7; 24]);
    for suite in [Suite::XChaCha20, Suite::Aes256] {
        let seal = |key: &MessageKey| {
            let mut buffer = *b"a message of some length, three blocks or so.....";
            let envelope = key
                .seal_in_place_with_nonce(&nonce, b"h", &mut buffer)
                .unwrap();
            (envelope, buffer)
        };
        let mut key = MessageKey::with_suite(suite, [0x5a; 32]);
        let before = seal(&key);
        key.zeroize();
        assert_eq!(key.as_bytes(), &[0; 32], "{suite:?}");
        assert_eq!(key.suite(), suite);
        let after = seal(&key);
        assert_ne!(after, before, "{suite:?}: the old key still seals");
        assert_eq!(
            after,
            seal(&MessageKey::with_suite(suite, [0; 32])),
            "{suite:?}"
        );
    }
}
