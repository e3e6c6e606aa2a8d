//! One platform key: its id, its stamping interval and its secret, kept as
//! the 32 bytes and as its precomputed key state (HMAC's inner key state).

use core::fmt;

use rand_core::CryptoRng;
use subtle::{Choice, ConstantTimeEq};
use zeroize::{Zeroize, ZeroizeOnDrop};

use super::KeyInterval;
use crate::Error;
use crate::commitment::FrankingTag;
use crate::context::Context;
use crate::ct;
use crate::key_id::KeyId;
use crate::secret::secret_bytes;
use crate::sha256::{InnerKey, Sha256};
use crate::stamp::{Stamp, StampMac};
use crate::wire::mac_input;

secret_bytes!(
    /// The 32 secret bytes of a platform key, as
    /// [`PlatformKey::export_secret_bytes`] hands them out (to store in a
    /// KMS, say). Wipes itself on drop; `Debug` prints no byte.
    PlatformKeyBytes,
    32
);

/// 32 secret bytes that a platform key is built from, wiped whatever the
/// outcome: a `&mut [u8; 32]` (wiped in place), or a [`PlatformKeyBytes`]
/// by value (wiped when dropped) or by `&mut` (wiped in place). Taken by
/// [`PlatformKey::from_bytes`], [`Keyring::insert_from_bytes`](crate::Keyring::insert_from_bytes)
/// and [`Keyring::rotate_from_bytes`](crate::Keyring::rotate_from_bytes).
/// Sealed: implemented for these three only.
pub trait KeyBytes: sealed::Sealed {}

mod sealed {
    use super::PlatformKeyBytes;

    /// Where [`KeyBytes`](super::KeyBytes) keeps its one method, out of the
    /// public API.
    pub trait Sealed {
        /// The 32 bytes, to copy from and then wipe.
        fn secret_mut(&mut self) -> &mut [u8; 32];
    }

    impl Sealed for &mut [u8; 32] {
        fn secret_mut(&mut self) -> &mut [u8; 32] {
            self
        }
    }

    impl Sealed for PlatformKeyBytes {
        fn secret_mut(&mut self) -> &mut [u8; 32] {
            self.bytes_mut()
        }
    }

    impl Sealed for &mut PlatformKeyBytes {
        fn secret_mut(&mut self) -> &mut [u8; 32] {
            self.bytes_mut()
        }
    }
}

impl KeyBytes for &mut [u8; 32] {}
impl KeyBytes for PlatformKeyBytes {}
impl KeyBytes for &mut PlatformKeyBytes {}

/// A platform MAC key: its public id and stamping interval, and its secret,
/// with its key block's chaining value (HMAC's inner key state) computed once,
/// so that stamping and verifying cost no key setup per message.
///
/// Secret: not `Copy`, `Debug` redacted, wiped on drop and by
/// [`Zeroize::zeroize`] (which also empties its interval, so a wiped key
/// neither stamps nor verifies). Moving a `PlatformKey` (into
/// [`Keyring::insert`](crate::Keyring::insert), say) copies it and leaves the
/// old bytes where they were; the `Keyring` methods ending in `_from_bytes`
/// and [`Keyring::rotate_generate`](crate::Keyring::rotate_generate) build the
/// key in the keyring's own slot instead.
#[derive(Clone)]
pub struct PlatformKey {
    id: KeyId,
    interval: KeyInterval,
    inner: InnerKey,
    secret: PlatformKeyBytes,
}

/// Whether 32 bytes are a weak key (all bytes equal, all zero included),
/// without branching on them: the verdict alone becomes public.
pub(crate) fn is_weak(bytes: &[u8; 32]) -> bool {
    let [first, ..] = *bytes;
    let diff = bytes.iter().fold(0u8, |d, b| d | (b ^ first));
    ct::declassify(diff.ct_eq(&0))
}

impl PlatformKey {
    /// A key with no secret yet, to be filled in place by [`Self::fill`].
    pub(crate) fn unfilled(id: KeyId, interval: KeyInterval) -> Self {
        Self {
            id,
            interval,
            inner: InnerKey::zeroed(),
            secret: PlatformKeyBytes::zeroed(),
        }
    }

    /// Takes the secret from `bytes`, wiping them, and computes the key state in
    /// place. Fails with [`Error::WeakKey`] (and wipes this key) if all 32
    /// bytes are equal.
    pub(crate) fn fill(&mut self, bytes: &mut [u8; 32]) -> Result<(), Error> {
        self.secret.bytes_mut().copy_from_slice(bytes);
        // The caller's copy: wiped at its last use, accepted or not.
        bytes.zeroize();
        self.finish_fill()
    }

    /// Copies the secret from `bytes` (a key record's, which wipes itself)
    /// and computes the key state in place; as [`Self::fill`] otherwise.
    pub(crate) fn fill_copy(&mut self, bytes: &PlatformKeyBytes) -> Result<(), Error> {
        self.secret.bytes_mut().copy_from_slice(bytes.as_bytes());
        self.finish_fill()
    }

    fn finish_fill(&mut self) -> Result<(), Error> {
        if is_weak(self.secret.as_bytes()) {
            self.zeroize();
            return Err(Error::WeakKey { key_id: self.id });
        }
        self.inner.set(self.secret.as_bytes());
        Ok(())
    }

    /// Whether this key's secret is `bytes`, compared in constant time; only
    /// the verdict becomes public.
    pub(crate) fn has_secret(&self, bytes: &PlatformKeyBytes) -> bool {
        ct::declassify(self.secret.ct_eq(bytes))
    }

    /// Builds a key from 32 secret bytes ([`KeyBytes`]: an array or a
    /// [`PlatformKeyBytes`]), which it wipes (accepted or not): no copy is
    /// left in the caller's array. The key itself is returned by
    /// value; see the type's documentation for keys that must not move.
    ///
    /// Fails with [`Error::WeakKey`] if all 32 bytes are equal (all zero
    /// included): such a key is a configuration error (an unset KMS secret,
    /// a zero-filled buffer), never a random draw.
    pub fn from_bytes(
        id: KeyId,
        interval: KeyInterval,
        mut bytes: impl KeyBytes,
    ) -> Result<Self, Error> {
        let mut key = Self::unfilled(id, interval);
        key.fill(bytes.secret_mut())?;
        Ok(key)
    }

    /// Draws a fresh key from a cryptographic RNG, filled in place. Fails with
    /// [`Error::WeakKey`] only if the RNG is broken (for one that returns
    /// constant bytes, say).
    ///
    /// ```
    /// use franking::{KeyId, KeyInterval, PlatformKey};
    /// let mut rng = rand::rng();
    /// let key = PlatformKey::generate(KeyId::new(7), KeyInterval::starting_at(1_700_000_000), &mut rng)?;
    /// // Store the secret in the KMS (or export every key with `Keyring::records`).
    /// let secret = key.export_secret_bytes();
    /// # drop(secret);
    /// assert_eq!(key.id(), KeyId::new(7));
    /// # Ok::<(), franking::Error>(())
    /// ```
    pub fn generate<R: CryptoRng + ?Sized>(
        id: KeyId,
        interval: KeyInterval,
        rng: &mut R,
    ) -> Result<Self, Error> {
        let mut key = Self::unfilled(id, interval);
        key.fill_from_rng(rng)?;
        Ok(key)
    }

    /// Draws the secret from `rng` straight into this key.
    pub(crate) fn fill_from_rng<R: CryptoRng + ?Sized>(
        &mut self,
        rng: &mut R,
    ) -> Result<(), Error> {
        rng.fill_bytes(self.secret.bytes_mut());
        if is_weak(self.secret.as_bytes()) {
            self.zeroize();
            return Err(Error::WeakKey { key_id: self.id });
        }
        self.inner.set(self.secret.as_bytes());
        Ok(())
    }

    /// This key's id.
    pub const fn id(&self) -> KeyId {
        self.id
    }

    /// The seconds during which this key stamps.
    pub const fn interval(&self) -> KeyInterval {
        self.interval
    }

    /// Opens the interval from its first second on: the interval of the key
    /// a rotation makes current (SPEC.md 6.1).
    pub(crate) fn reopen(&mut self) {
        self.interval = KeyInterval::starting_at(self.interval.not_before());
    }

    /// Closes the interval at `at` (rotation).
    pub(crate) fn close_at(&mut self, at: u64) -> Result<(), Error> {
        self.interval = self.interval.closed_at(at)?;
        Ok(())
    }

    /// **Exports the secret key bytes.** Only for handing the key to the
    /// service that must share it (a moderation service loading it from a
    /// KMS): a stamping key that leaves the platform lets anyone mint reports
    /// dated within its interval. The returned bytes wipe themselves on drop;
    /// do not copy them out of the wrapper.
    pub fn export_secret_bytes(&self) -> PlatformKeyBytes {
        self.secret.clone()
    }

    /// `SHA-256(KeyBlock(Kp) || StampCommon || Align)` in progress: the state
    /// every recipient of this (tag, context) shares (SPEC.md 4.4).
    pub(crate) fn stamp_common(&self, tag: &FrankingTag, context: &Context<'_>) -> Sha256 {
        let mut mac = self.inner.start();
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

    /// Stamps a franking tag with this key. Fails with
    /// [`Error::OutsideKeyInterval`] if the context's timestamp lies outside
    /// this key's interval (no skew: the platform's own clock chose the key),
    /// because the moderator would refuse the stamp.
    pub fn stamp(&self, tag: &FrankingTag, context: &Context<'_>) -> Result<Stamp, Error> {
        self.interval.check(self.id, context.timestamp(), 0)?;
        Ok(Stamp::new(self.id, self.stamp_mac(tag, context)))
    }

    /// Whether `stamp` is this key's stamp on (tag, context), in constant time.
    /// The interval is checked by the caller, on public data.
    pub(crate) fn check(&self, stamp: &Stamp, tag: &FrankingTag, context: &Context<'_>) -> Choice {
        self.stamp_mac(tag, context).ct_eq(stamp.mac())
    }
}

/// Wipes the secret and the key state, and empties the interval: a wiped key
/// neither stamps nor verifies. The id stays (it is public).
impl Zeroize for PlatformKey {
    fn zeroize(&mut self) {
        self.inner.zeroize();
        self.secret.zeroize();
        self.interval = KeyInterval::EMPTY;
    }
}

/// Both secret fields wipe themselves on drop.
impl ZeroizeOnDrop for PlatformKey {}

impl fmt::Debug for PlatformKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PlatformKey")
            .field("id", &self.id)
            .field("interval", &self.interval)
            .field("key", &"<redacted>")
            .finish()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// `zeroize` leaves no byte of the secret and no pad word, and the wiped
    /// key stamps nothing.
    #[test]
    fn zeroize_wipes_secret_and_pads() {
        let mut bytes: [u8; 32] = core::array::from_fn(|i| i as u8 + 1);
        let mut key =
            PlatformKey::from_bytes(KeyId::new(3), KeyInterval::starting_at(0), &mut bytes)
                .unwrap();
        assert_eq!(bytes, [0; 32], "the caller's array is wiped");
        assert!(key.inner.words().iter().any(|w| *w != 0));
        key.zeroize();
        assert_eq!(key.secret.as_bytes(), &[0; 32]);
        assert!(key.inner.words().iter().all(|w| *w == 0));
        assert_eq!(key.interval, KeyInterval::EMPTY);
    }
}
