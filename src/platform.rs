//! The platform's role: stamp franking tags with delivery context, and keep the
//! keyring that stamps and verifies.

use core::fmt;

use rand_core::CryptoRng;
use subtle::{Choice, ConstantTimeEq};
use zeroize::Zeroize;

use crate::Error;
use crate::commitment::FrankingTag;
use crate::context::Context;
use crate::key_id::KeyId;
use crate::sha256::{InnerKey, Sha256};
use crate::stamp::{Stamp, StampMac};
use crate::wire::mac_input;

/// Most keys a [`Keyring`] holds at once (current plus older ones still verifying).
pub const MAX_KEYS: usize = 8;

/// Default allowed clock skew for report timestamps from the future: 5 minutes.
pub const DEFAULT_MAX_SKEW_SECS: u64 = 300;

/// A platform MAC key with its key block's chaining value (HMAC's inner key
/// state) computed once, so that stamping and verifying cost no key setup per
/// message.
#[derive(Clone)]
pub struct PlatformKey {
    id: KeyId,
    key: InnerKey,
}

impl PlatformKey {
    /// Builds a key from 32 secret bytes. The caller's copy is theirs to zeroize.
    pub fn from_bytes(id: KeyId, mut bytes: [u8; 32]) -> Self {
        let key = InnerKey::new(&bytes);
        bytes.zeroize();
        Self { id, key }
    }

    /// Draws a fresh key from a cryptographic RNG.
    pub fn generate<R: CryptoRng + ?Sized>(id: KeyId, rng: &mut R) -> Self {
        let mut bytes = [0u8; 32];
        rng.fill_bytes(&mut bytes);
        let key = Self {
            id,
            key: InnerKey::new(&bytes),
        };
        bytes.zeroize();
        key
    }

    /// This key's id.
    pub const fn id(&self) -> KeyId {
        self.id
    }

    /// `SHA-256(KeyBlock(Kp) || StampCommon || Align)` in progress: the state
    /// every recipient of this (tag, context) shares (SPEC.md 4.4).
    pub(crate) fn stamp_common(&self, tag: &FrankingTag, context: &Context<'_>) -> Sha256 {
        let mut mac = self.key.start();
        mac_input::absorb_stamp_common(&mut mac, self.id, tag, context);
        mac
    }

    /// Completes a stamp begun by [`stamp_common`](Self::stamp_common) for one recipient.
    pub(crate) fn stamp_for(&self, mut common: Sha256, recipient: &[u8]) -> Stamp {
        mac_input::absorb_stamp_recipient(&mut common, recipient);
        Stamp::new(self.id, StampMac::from_bytes(common.finish()))
    }

    fn stamp_mac(&self, tag: &FrankingTag, context: &Context<'_>) -> StampMac {
        *self
            .stamp_for(self.stamp_common(tag, context), context.recipient())
            .mac()
    }

    /// Stamps a franking tag with this key.
    pub fn stamp(&self, tag: &FrankingTag, context: &Context<'_>) -> Stamp {
        Stamp::new(self.id, self.stamp_mac(tag, context))
    }

    /// Whether `stamp` is this key's stamp on (tag, context), in constant time.
    pub(crate) fn check(&self, stamp: &Stamp, tag: &FrankingTag, context: &Context<'_>) -> Choice {
        self.stamp_mac(tag, context).ct_eq(stamp.mac())
    }
}

impl fmt::Debug for PlatformKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PlatformKey")
            .field("id", &self.id)
            .field("key", &"<redacted>")
            .finish()
    }
}

/// The platform's keys: one current key that stamps, older keys that still
/// verify, and the policy for how old a report may be.
///
/// Rotate by [`Keyring::rotate`] (new stamps use the new key; old stamps keep
/// verifying) and drop an old key with [`Keyring::retire`] (its stamps then
/// fail with [`Error::UnknownKey`]). Holds at most [`MAX_KEYS`] keys, inline.
#[derive(Clone, Debug)]
pub struct Keyring {
    current: PlatformKey,
    previous: [Option<PlatformKey>; MAX_KEYS - 1],
    max_age_secs: u64,
    max_skew_secs: u64,
}

impl Keyring {
    /// A keyring stamping with `current`, accepting reports at most
    /// `max_age_secs` old and [`DEFAULT_MAX_SKEW_SECS`] in the future.
    pub fn new(current: PlatformKey, max_age_secs: u64) -> Self {
        Self {
            current,
            previous: [const { None }; MAX_KEYS - 1],
            max_age_secs,
            max_skew_secs: DEFAULT_MAX_SKEW_SECS,
        }
    }

    /// Sets how far in the future a report's timestamp may lie.
    pub fn with_max_skew(mut self, max_skew_secs: u64) -> Self {
        self.max_skew_secs = max_skew_secs;
        self
    }

    /// The id of the key that stamps.
    pub const fn current(&self) -> KeyId {
        self.current.id
    }

    /// The maximum report age, in seconds.
    pub const fn max_age_secs(&self) -> u64 {
        self.max_age_secs
    }

    /// The allowed clock skew, in seconds.
    pub const fn max_skew_secs(&self) -> u64 {
        self.max_skew_secs
    }

    /// Index of a free slot for one more key, after checking `id` is not held yet.
    fn free_slot(&self, id: KeyId) -> Result<usize, Error> {
        if self.get(id).is_some() {
            return Err(Error::DuplicateKeyId { key_id: id });
        }
        self.previous
            .iter()
            .position(Option::is_none)
            .ok_or(Error::KeyringFull { capacity: MAX_KEYS })
    }

    /// Adds a key that verifies but does not stamp.
    pub fn insert(&mut self, key: PlatformKey) -> Result<(), Error> {
        let slot = self.free_slot(key.id)?;
        self.previous
            .get_mut(slot)
            .ok_or(Error::KeyringFull { capacity: MAX_KEYS })?
            .replace(key);
        Ok(())
    }

    /// Makes `key` the stamping key; the previous current key keeps verifying.
    pub fn rotate(&mut self, key: PlatformKey) -> Result<(), Error> {
        let slot = self.free_slot(key.id)?;
        let old = core::mem::replace(&mut self.current, key);
        self.previous
            .get_mut(slot)
            .ok_or(Error::KeyringFull { capacity: MAX_KEYS })?
            .replace(old);
        Ok(())
    }

    /// Removes an old key: stamps under it no longer verify. Returns whether it
    /// was held. The current key cannot be retired; rotate away from it first.
    ///
    /// Retire a key only once its last stamp is older than the maximum report
    /// age, or reports still within the age limit fail with [`Error::UnknownKey`].
    pub fn retire(&mut self, id: KeyId) -> Result<bool, Error> {
        if id == self.current.id {
            return Err(Error::RetiringCurrentKey { key_id: id });
        }
        match self
            .previous
            .iter_mut()
            .find(|k| k.as_ref().is_some_and(|k| k.id == id))
        {
            Some(slot) => {
                *slot = None;
                Ok(true)
            }
            None => Ok(false),
        }
    }

    /// The key with this id, if held. Key ids are public, so lookup may branch on them.
    pub fn get(&self, id: KeyId) -> Option<&PlatformKey> {
        if self.current.id == id {
            return Some(&self.current);
        }
        self.previous.iter().flatten().find(|k| k.id == id)
    }

    /// The key that stamps.
    pub(crate) fn current_key(&self) -> &PlatformKey {
        &self.current
    }

    /// Stamps a franking tag with the current key. Stateless: nothing is stored.
    ///
    /// Take `tag` from the very bytes the platform relays to the recipient
    /// (the [`Envelope`](crate::Envelope), or in layer mode the transport's
    /// authenticated data), never from a separate copy the sender supplies:
    /// otherwise a sender can have one tag stamped and another checked by the
    /// recipient, and the message cannot be reported.
    pub fn stamp(&self, tag: &FrankingTag, context: &Context<'_>) -> Stamp {
        self.current.stamp(tag, context)
    }

    /// Stamps the franking tag of an envelope the platform is about to relay
    /// unchanged, together with the ciphertext, to the recipient.
    pub fn stamp_envelope(&self, envelope: &crate::Envelope, context: &Context<'_>) -> Stamp {
        self.stamp(envelope.franking_tag(), context)
    }

    /// Checks a report's timestamp against `now` (seconds since the Unix epoch).
    pub(crate) fn check_time(&self, now: u64, timestamp: u64) -> Result<(), Error> {
        let latest = now.saturating_add(self.max_skew_secs);
        if timestamp > latest {
            return Err(Error::FromFuture {
                secs_too_early: timestamp - latest,
            });
        }
        let age = now.saturating_sub(timestamp);
        if age > self.max_age_secs {
            return Err(Error::Expired {
                secs_too_old: age - self.max_age_secs,
            });
        }
        Ok(())
    }
}
