//! A key belongs to one suite: a message sealed in one suite does not open
//! with the same key bytes in the other, and the suite is not malleable by
//! anyone who does not hold the key (SPEC.md 4.5, 8).

mod common;

use common::{SIZES, TestRng, open, seal};
use franking::{Error, MessageKey, Suite};

#[test]
fn a_message_sealed_in_one_suite_does_not_open_in_the_other() {
    let mut rng = TestRng(0xc055);
    for (sealer, opener) in [
        (Suite::XChaCha20, Suite::Aes256),
        (Suite::Aes256, Suite::XChaCha20),
    ] {
        for &len in SIZES {
            let bytes: [u8; 32] = rng.array();
            let header = rng.bytes(len % 17);
            let message = rng.bytes(len);
            let (ct, envelope) = seal(
                &MessageKey::with_suite(sealer, bytes),
                &mut rng,
                &header,
                &message,
            );
            assert_eq!(
                open(
                    &MessageKey::with_suite(sealer, bytes),
                    &envelope,
                    &header,
                    &ct
                ),
                Ok(message),
            );
            assert_eq!(
                open(
                    &MessageKey::with_suite(opener, bytes),
                    &envelope,
                    &header,
                    &ct
                ),
                Err(Error::Invalid),
                "{sealer:?} sealed, {opener:?} opened, {len} bytes"
            );
        }
    }
}

#[test]
fn keys_of_different_suites_are_different_keys() {
    let bytes = [7u8; 32];
    let x = MessageKey::with_suite(Suite::XChaCha20, bytes);
    let a = MessageKey::with_suite(Suite::Aes256, bytes);
    assert_ne!(x, a);
    assert_eq!(x, MessageKey::from_bytes(bytes));
    assert_eq!(x.suite(), Suite::XChaCha20);
    assert_eq!(a.suite(), Suite::Aes256);
    assert_eq!(
        MessageKey::try_from(&bytes[..]).unwrap().suite(),
        Suite::XChaCha20
    );
    let mut rng = TestRng(1);
    assert_eq!(
        MessageKey::generate_with_suite(Suite::Aes256, &mut rng).suite(),
        Suite::Aes256
    );
    assert_eq!(MessageKey::generate(&mut rng).suite(), Suite::XChaCha20);
}
