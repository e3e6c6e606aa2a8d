//! Weak platform keys (SPEC.md section 8): 32 bytes that are all equal, all
//! zero included, are refused with `WeakKey` wherever a key enters the crate,
//! the caller's bytes are wiped either way, and a refused key changes nothing.

mod common;

use common::TestRng;
use franking::rand_core::{Infallible, TryCryptoRng, TryRng};
use franking::{Error, KeyId, KeyInterval, Keyring, PlatformKey};

/// An RNG that is broken: it returns the same byte forever.
struct Stuck(u8);

impl TryRng for Stuck {
    type Error = Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        Ok(u32::from_ne_bytes([self.0; 4]))
    }
    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        Ok(u64::from_ne_bytes([self.0; 8]))
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        dst.fill(self.0);
        Ok(())
    }
}
impl TryCryptoRng for Stuck {}

const ID: KeyId = KeyId::new(9);
const WEAK: Result<(), Error> = Err(Error::WeakKey { key_id: ID });

fn always() -> KeyInterval {
    KeyInterval::starting_at(0)
}

/// Every byte value repeated 32 times.
fn weak_keys() -> impl Iterator<Item = [u8; 32]> {
    (0..=255u8).map(|b| [b; 32])
}

#[test]
fn all_equal_bytes_are_refused_by_from_bytes_and_wiped() {
    for weak in weak_keys() {
        let mut bytes = weak;
        let key = PlatformKey::from_bytes(ID, always(), &mut bytes);
        assert_eq!(key.map(|_| ()), WEAK, "{:#04x}", weak[0]);
        assert_eq!(bytes, [0; 32], "refused bytes are wiped too");
    }
}

#[test]
fn one_differing_byte_is_enough() {
    for at in [0, 1, 16, 31] {
        let mut bytes = [0u8; 32];
        bytes[at] = 1;
        assert!(
            PlatformKey::from_bytes(ID, always(), &mut bytes).is_ok(),
            "at {at}"
        );
        assert_eq!(bytes, [0; 32], "accepted bytes are wiped");
        let mut bytes = [0xffu8; 32];
        bytes[at] = 0xfe;
        assert!(
            PlatformKey::from_bytes(ID, always(), &mut bytes).is_ok(),
            "at {at}"
        );
    }
}

#[test]
fn a_broken_rng_is_caught() {
    for byte in [0x00, 0x5a, 0xff] {
        let key = PlatformKey::generate(ID, always(), &mut Stuck(byte));
        assert_eq!(key.map(|_| ()), WEAK);
        let mut ring = Keyring::new(
            PlatformKey::generate(KeyId::new(1), always(), &mut TestRng(1)).unwrap(),
            100,
        );
        assert_eq!(ring.rotate_generate(ID, 5, &mut Stuck(byte)), WEAK);
        assert_eq!(ring.current(), Some(KeyId::new(1)));
        assert!(ring.get(ID).is_none());
        assert_eq!(ring.len(), 1);
    }
}

#[test]
fn keyring_methods_refuse_weak_keys_and_change_nothing() {
    let mut rng = TestRng(1101);
    let mut ring = Keyring::new(
        PlatformKey::generate(KeyId::new(1), always(), &mut rng).unwrap(),
        1_000,
    );
    let before: Vec<_> = ring.keys().collect();
    for weak in [[0u8; 32], [0x36; 32], [0x5c; 32], [0xff; 32]] {
        let mut bytes = weak;
        assert_eq!(ring.insert_from_bytes(ID, always(), &mut bytes), WEAK);
        assert_eq!(bytes, [0; 32]);
        let mut bytes = weak;
        assert_eq!(ring.rotate_from_bytes(ID, 10, &mut bytes), WEAK);
        assert_eq!(bytes, [0; 32]);
        assert_eq!(ring.keys().collect::<Vec<_>>(), before);
        assert_eq!(ring.current(), Some(KeyId::new(1)));
        assert!(ring.get(KeyId::new(1)).unwrap().interval().is_open());
    }
    // The id is still free: a good key takes it.
    let mut good = rng.array::<32>();
    ring.insert_from_bytes(ID, always(), &mut good).unwrap();
    assert_eq!(good, [0; 32]);
    assert!(ring.get(ID).is_some());
}

#[test]
fn weak_key_error_names_the_key() {
    let err = PlatformKey::from_bytes(KeyId::new(77), always(), &mut [0; 32]).unwrap_err();
    assert_eq!(
        err,
        Error::WeakKey {
            key_id: KeyId::new(77)
        }
    );
    assert!(err.to_string().contains("77"), "{err}");
}
