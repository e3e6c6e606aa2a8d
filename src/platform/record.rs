//! A platform key as a key store (KMS) holds it, and its versioned binary
//! encoding (SPEC.md 6.1, "Key records").

use zeroize::{Zeroize, ZeroizeOnDrop};

use super::key::is_weak;
use super::{KeyInterval, PlatformKey, PlatformKeyBytes};
use crate::Error;
use crate::key_id::KeyId;
use crate::secret::secret_bytes;
use crate::wire::{KEY_RECORD_KIND, KEY_RECORD_VERSION, Reader, Writer};

secret_bytes!(
    /// A [`KeyRecord`]'s encoding, 54 bytes (SPEC.md 6.1): it holds the
    /// key's secret, so it wipes itself on drop and `Debug` prints no byte.
    KeyRecordBytes,
    KeyRecord::LEN
);

/// A platform key as a key store holds it: its id, its stamping interval and
/// its 32 secret bytes (SPEC.md 6.1, "Key records").
///
/// The relay exports one per key with [`Keyring::records`](crate::Keyring::records)
/// (or [`KeyRecord::of`]) and writes [`to_bytes`](Self::to_bytes) to the
/// store; the moderation service reads them back with
/// [`decode`](Self::decode) and brings its verify-only keyring up to date
/// with [`Keyring::sync`](crate::Keyring::sync). Secret: not `Copy`,
/// `Debug` redacted, wiped on drop.
///
/// ```
/// use franking::platform::KeyRecord;
/// use franking::{KeyId, KeyInterval, Keyring, PlatformKey};
///
/// # fn main() -> Result<(), franking::Error> {
/// let mut rng = rand::rng();
/// let relay = Keyring::new(
///     PlatformKey::generate(KeyId::new(1), KeyInterval::starting_at(0), &mut rng)?,
///     30 * 86_400,
/// );
/// let stored: Vec<_> = relay.records().map(|r| r.to_bytes()).collect();
///
/// let mut moderation = Keyring::verify_only(30 * 86_400);
/// let records = stored
///     .iter()
///     .map(|bytes| KeyRecord::decode(bytes.as_bytes()))
///     .collect::<Result<Vec<_>, _>>()?;
/// moderation.sync(&records)?;
/// assert_eq!(moderation.keys().collect::<Vec<_>>(), relay.keys().collect::<Vec<_>>());
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct KeyRecord {
    id: KeyId,
    interval: KeyInterval,
    secret: PlatformKeyBytes,
}

impl KeyRecord {
    /// Length of the encoding: kind, version, id, interval, secret.
    pub const LEN: usize = 2 + 4 + 8 + 8 + 32;

    /// A record of key `id` with `interval` and `secret`. Fails with
    /// [`Error::WeakKey`] if the 32 bytes are all equal (an unset secret),
    /// so that a record always holds a key a keyring accepts.
    pub fn new(id: KeyId, interval: KeyInterval, secret: PlatformKeyBytes) -> Result<Self, Error> {
        if is_weak(secret.as_bytes()) {
            return Err(Error::WeakKey { key_id: id });
        }
        Ok(Self {
            id,
            interval,
            secret,
        })
    }

    /// The record of `key`: its id, its interval as it is now, and a copy of
    /// its secret (**which leaves the key's holder**: see
    /// [`PlatformKey::export_secret_bytes`]).
    pub fn of(key: &PlatformKey) -> Self {
        Self {
            id: key.id(),
            interval: key.interval(),
            secret: key.export_secret_bytes(),
        }
    }

    /// The key's id.
    pub const fn id(&self) -> KeyId {
        self.id
    }

    /// The key's stamping interval.
    pub const fn interval(&self) -> KeyInterval {
        self.interval
    }

    /// The key's 32 secret bytes.
    pub const fn secret(&self) -> &PlatformKeyBytes {
        &self.secret
    }

    /// The encoding (SPEC.md 6.1): `0x4b || 0x01 || u32(id) ||
    /// u64(not_before) || u64(not_after) || secret (32)`, 54 bytes, in a
    /// wrapper that wipes itself.
    pub fn to_bytes(&self) -> KeyRecordBytes {
        let mut out = KeyRecordBytes::zeroed();
        let mut w = Writer::new(out.bytes_mut());
        // The buffer has exactly the length of the encoding: no write fails.
        let _ = w.put(&[KEY_RECORD_KIND, KEY_RECORD_VERSION]);
        let _ = w.put(&self.id.get().to_be_bytes());
        let _ = w.put(&self.interval.not_before().to_be_bytes());
        let _ = w.put(&self.interval.not_after().to_be_bytes());
        let _ = w.put(self.secret.as_bytes());
        out
    }

    /// Parses a key record encoding (SPEC.md 6.1). The secret is copied out
    /// of `bytes`, which are the caller's to wipe.
    ///
    /// Errors, in this order: [`Error::Malformed`] for an input that does
    /// not start with the kind byte `0x4b`, lacks a version byte, is
    /// truncated (naming the field and its offset) or has trailing bytes;
    /// [`Error::UnsupportedVersion`] for a version byte other than `0x01`
    /// (judged before the length); [`Error::InvalidInterval`] if
    /// `not_before > not_after`; [`Error::WeakKey`] if the 32 secret bytes
    /// are all equal. Every accepted input re-encodes to itself.
    pub fn decode(bytes: &[u8]) -> Result<Self, Error> {
        let mut r = Reader::new(bytes);
        if r.u8("kind")? != KEY_RECORD_KIND {
            return Err(Error::Malformed {
                field: "kind",
                offset: 0,
            });
        }
        match r.u8("version")? {
            KEY_RECORD_VERSION => {}
            version => return Err(Error::UnsupportedVersion { version }),
        }
        let id = KeyId::new(r.u32("key id")?);
        let not_before = r.u64("not before")?;
        let not_after = r.u64("not after")?;
        let mut secret = PlatformKeyBytes::zeroed();
        secret.bytes_mut().copy_from_slice(r.array::<32>("secret")?);
        r.finish()?;
        let interval = KeyInterval::new(not_before, not_after)?;
        Self::new(id, interval, secret)
    }
}

/// Wipes the secret; the id and interval are public and stay.
impl Zeroize for KeyRecord {
    fn zeroize(&mut self) {
        self.secret.zeroize();
    }
}

/// The secret wipes itself on drop.
impl ZeroizeOnDrop for KeyRecord {}
