//! The platform's keyring: inline storage for up to `N` keys, one of them
//! current, and the report-age policy.

use rand_core::CryptoRng;
use zeroize::{Zeroize, ZeroizeOnDrop};

use super::{DEFAULT_CAPACITY, DEFAULT_MAX_SKEW_SECS, KeyBytes, KeyInterval, PlatformKey};
use crate::Error;
use crate::commitment::FrankingTag;
use crate::context::Context;
use crate::envelope::Envelope;
use crate::key_id::KeyId;
use crate::receipt::Receipt;
use crate::stamp::Stamp;

/// The platform's keys and the policy for how old a report may be.
///
/// A *stamping* keyring ([`Keyring::new`]) has one current key that stamps;
/// the others only verify. A *verify-only* keyring
/// ([`Keyring::verify_only`]), for a moderation service, has no current key,
/// cannot get one and never stamps.
///
/// Each key has a stamping interval ([`KeyInterval`]), and the intervals
/// form a chain (SPEC.md 6.1): whenever a key is added, every held key that
/// starts before it ends no later than its start, so a key loaded open
/// beside a newer one (an old KMS record, a backup) is closed where the
/// newer one begins. The keyring also remembers the latest start of any key
/// it ever held (one number, kept when that key is retired), and closes an
/// added key that starts before it there: an old or replayed key list cannot
/// reopen a retired key. Rotation ([`Keyring::rotate`]) closes the current key's
/// interval at the new key's first second `T`; `T` may lie in the future,
/// and the old key keeps stamping until `T`. A stamp dated outside its
/// key's interval (give or take the clock skew) fails verification with
/// [`Error::OutsideKeyInterval`].
/// [`Keyring::retire_older_than`] drops every key that can no longer verify
/// an unexpired report.
///
/// Holds up to `N` keys inline, with no allocation: the default of
/// [`DEFAULT_CAPACITY`] = 128 covers daily rotation with 90 days of
/// verifiable reports. Each key takes a slot of
/// `size_of::<Option<PlatformKey>>()` (128 bytes on 64-bit targets: id,
/// interval, the 32 secret bytes and the two HMAC key states) and a 16-byte
/// index entry, so the default keyring is 18,472 bytes (about 18 KiB):
/// build it where it will live (a `static`, a `Box`, a long-lived task's
/// state), because every move of the keyring copies every key it holds.
/// A smaller `N` suits embedded targets: `Keyring::<8>::new_with_capacity`.
/// With `alloc`, [`Keyring::new_boxed`] and [`Keyring::verify_only_boxed`]
/// put it on the heap.
///
/// ```
/// use franking::{Context, KeyId, KeyInterval, Keyring, PlatformKey};
/// # let mut rng = rand::rng();
/// # let (_, tag) = franking::commit_with_rng(&mut rng, b"", b"hello")?;
/// let now = 1_700_000_000;
/// let first = PlatformKey::generate(KeyId::new(1), KeyInterval::starting_at(now), &mut rng)?;
/// let mut keyring = Keyring::new(first, 30 * 86_400); // reports verify for 30 days
/// let context = Context::new(b"alice", b"bob", now, b"msg-1")?;
/// let stamp = keyring.stamp(&tag, &context)?;
/// assert_eq!(stamp.key_id(), KeyId::new(1));
/// // A day later: key 2 stamps, key 1 still verifies until its reports expire.
/// keyring.rotate_generate(KeyId::new(2), now + 86_400, &mut rng)?;
/// assert_eq!(keyring.current(), Some(KeyId::new(2)));
/// assert_eq!(keyring.retire_expired(now + 32 * 86_400), 1);
/// # Ok::<(), franking::Error>(())
/// ```
#[derive(Clone)]
pub struct Keyring<const N: usize = DEFAULT_CAPACITY> {
    /// The keys, in any slot; `None` is a free slot.
    slots: [Option<PlatformKey>; N],
    /// Every held key's entry, sorted by id, in `index[..len]`: lookup is a
    /// binary search over public ids.
    index: [Entry; N],
    len: usize,
    /// The slot of the current key (the last one rotated to); `None` for a
    /// verify-only keyring.
    current: Option<usize>,
    /// The greatest `not_before` of any key this keyring has ever held
    /// (SPEC.md 6.1, "The high-water mark"): kept when that key is retired,
    /// so a key added later that starts before it is closed there. One
    /// number, however many keys come and go.
    latest_start: u64,
    max_age_secs: u64,
    max_skew_secs: u64,
}

/// A held key's place: its id, its slot, and whether it stamps (it was made
/// current by [`Keyring::new`] or a rotation; inserted keys only verify).
/// The flag fits in the padding of `(KeyId, usize)`: no extra byte.
#[derive(Clone, Copy)]
struct Entry {
    id: KeyId,
    stamps: bool,
    slot: usize,
}

impl Entry {
    const FREE: Self = Self {
        id: KeyId::new(0),
        stamps: false,
        slot: 0,
    };
}

impl Keyring {
    /// A stamping keyring of the default capacity, stamping with `current`,
    /// accepting reports at most `max_age_secs` old and
    /// [`DEFAULT_MAX_SKEW_SECS`] in the future.
    pub fn new(current: PlatformKey, max_age_secs: u64) -> Self {
        Self::new_with_capacity(current, max_age_secs)
    }

    /// A verify-only keyring of the default capacity: add keys with
    /// [`insert`](Self::insert) or [`insert_from_bytes`](Self::insert_from_bytes),
    /// or keep it up to date with a key store's records with
    /// [`sync`](Self::sync).
    ///
    /// ```
    /// use franking::{KeyId, KeyInterval, Keyring, PlatformKey};
    /// # let mut rng = rand::rng();
    /// # let relay_key = PlatformKey::generate(KeyId::new(1), KeyInterval::starting_at(0), &mut rng)?;
    /// # let secret = relay_key.export_secret_bytes();
    /// let mut moderation = Keyring::verify_only(30 * 86_400);
    /// // The relay's key 1, as the key store hands it out:
    /// let interval = KeyInterval::starting_at(0);
    /// moderation.insert(PlatformKey::from_bytes(KeyId::new(1), interval, secret)?)?;
    /// assert_eq!(moderation.current(), None); // verifies, never stamps
    /// # Ok::<(), franking::Error>(())
    /// ```
    pub fn verify_only(max_age_secs: u64) -> Self {
        Self::verify_only_with_capacity(max_age_secs)
    }
}

/// On the heap (feature `alloc`), for a keyring that must not live on the
/// stack (the default one is about 18 KiB).
///
/// The keyring is built by value and moved into its box. Safe Rust cannot
/// promise to build it in place: `Box::new` takes its value by value, and
/// writing the fields into uninitialised heap memory needs `unsafe`
/// (`Box::new_uninit` then `assume_init`), which this crate forbids. With
/// optimisations the constructor is inlined and the compiler writes the
/// keyring straight into the allocation; without them a debug build has one
/// keyring-sized temporary on the stack, once.
#[cfg(feature = "alloc")]
impl Keyring {
    /// [`Keyring::new`] on the heap.
    pub fn new_boxed(current: PlatformKey, max_age_secs: u64) -> alloc::boxed::Box<Self> {
        Self::new_boxed_with_capacity(current, max_age_secs)
    }

    /// [`Keyring::verify_only`] on the heap.
    pub fn verify_only_boxed(max_age_secs: u64) -> alloc::boxed::Box<Self> {
        Self::verify_only_boxed_with_capacity(max_age_secs)
    }
}

#[cfg(feature = "alloc")]
impl<const N: usize> Keyring<N> {
    /// [`Keyring::new_boxed`] with room for `N` keys.
    #[inline(always)]
    pub fn new_boxed_with_capacity(
        current: PlatformKey,
        max_age_secs: u64,
    ) -> alloc::boxed::Box<Self> {
        alloc::boxed::Box::new(Self::new_with_capacity(current, max_age_secs))
    }

    /// [`Keyring::verify_only_boxed`] with room for `N` keys.
    #[inline(always)]
    pub fn verify_only_boxed_with_capacity(max_age_secs: u64) -> alloc::boxed::Box<Self> {
        alloc::boxed::Box::new(Self::empty(max_age_secs))
    }
}

impl<const N: usize> Keyring<N> {
    /// Refuses a keyring that could not hold its current key, at compile time.
    const HOLDS_A_KEY: () = assert!(N > 0, "a keyring needs room for at least one key");

    /// An empty verify-only keyring.
    fn empty(max_age_secs: u64) -> Self {
        Self {
            slots: [const { None }; N],
            index: [Entry::FREE; N],
            len: 0,
            current: None,
            latest_start: 0,
            max_age_secs,
            max_skew_secs: DEFAULT_MAX_SKEW_SECS,
        }
    }

    /// [`Keyring::new`] with room for `N` keys.
    pub fn new_with_capacity(current: PlatformKey, max_age_secs: u64) -> Self {
        let () = Self::HOLDS_A_KEY;
        let mut ring = Self::empty(max_age_secs);
        let id = current.id();
        ring.latest_start = current.interval().not_before();
        if let Ok(slot) = ring.reserve(id) {
            if let Some(s) = ring.slots.get_mut(slot) {
                *s = Some(current);
            }
            ring.make_current(id, slot);
        }
        ring
    }

    /// [`Keyring::verify_only`] with room for `N` keys.
    pub fn verify_only_with_capacity(max_age_secs: u64) -> Self {
        Self::empty(max_age_secs)
    }

    /// Sets how far a report's timestamp may lie in the future, and how far a
    /// stamp's timestamp may lie outside its key's interval.
    pub fn with_max_skew(mut self, max_skew_secs: u64) -> Self {
        self.max_skew_secs = max_skew_secs;
        self
    }

    /// The id of the current key: the last one rotated to, which stamps from
    /// its first second on (before a scheduled rotation's time, the previous
    /// key still stamps: see [`stamping_key_at`](Self::stamping_key_at));
    /// `None` for a verify-only keyring.
    pub fn current(&self) -> Option<KeyId> {
        self.current_key().map(PlatformKey::id)
    }

    pub(crate) fn current_key(&self) -> Option<&PlatformKey> {
        self.slots.get(self.current?)?.as_ref()
    }

    /// Whether this keyring never stamps.
    pub const fn is_verify_only(&self) -> bool {
        self.current.is_none()
    }

    /// The maximum report age, in seconds.
    pub const fn max_age_secs(&self) -> u64 {
        self.max_age_secs
    }

    /// The allowed clock skew, in seconds.
    pub const fn max_skew_secs(&self) -> u64 {
        self.max_skew_secs
    }

    /// How many keys it can hold: `N`.
    pub const fn capacity(&self) -> usize {
        N
    }

    /// How many keys it holds.
    pub const fn len(&self) -> usize {
        self.len
    }

    /// Whether it holds no key.
    pub const fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn held(&self) -> &[Entry] {
        self.index.get(..self.len).unwrap_or_default()
    }

    fn position(&self, id: KeyId) -> Result<usize, usize> {
        self.held().binary_search_by_key(&id, |e| e.id)
    }

    fn slot_of(&self, id: KeyId) -> Option<usize> {
        let at = self.position(id).ok()?;
        self.held().get(at).map(|e| e.slot)
    }

    fn key_in(&self, slot: usize) -> Option<&PlatformKey> {
        self.slots.get(slot)?.as_ref()
    }

    /// The key with this id, if held. Key ids are public, so lookup may branch on them.
    pub fn get(&self, id: KeyId) -> Option<&PlatformKey> {
        self.slots.get(self.slot_of(id)?)?.as_ref()
    }

    /// Every held key's id and interval, in ascending id order.
    pub fn keys(&self) -> impl Iterator<Item = (KeyId, KeyInterval)> + '_ {
        self.held().iter().filter_map(|e| {
            let key = self.key_in(e.slot)?;
            Some((e.id, key.interval()))
        })
    }

    /// Claims a free slot for a key with id `id` and enters it in the index;
    /// the caller fills the slot. Fails, changing nothing, with
    /// [`Error::DuplicateKeyId`] or [`Error::KeyringFull`].
    fn reserve(&mut self, id: KeyId) -> Result<usize, Error> {
        let at = match self.position(id) {
            Ok(_) => return Err(Error::DuplicateKeyId { key_id: id }),
            Err(at) => at,
        };
        let full = Error::KeyringFull { capacity: N };
        let slot = self.slots.iter().position(Option::is_none).ok_or(full)?;
        if self.len >= N {
            return Err(full);
        }
        self.index.copy_within(at..self.len, at + 1);
        *self.index.get_mut(at).ok_or(full)? = Entry {
            id,
            stamps: false,
            slot,
        };
        self.len += 1;
        Ok(slot)
    }

    /// Wipes the key in `slot`, frees the slot and removes `id` from the index.
    fn release(&mut self, id: KeyId, slot: usize) {
        if let Some(s) = self.slots.get_mut(slot) {
            // Wiped in place: taking the key out would copy it first.
            if let Some(key) = s.as_mut() {
                key.zeroize();
            }
            *s = None;
        }
        if let Ok(at) = self.position(id) {
            self.index.copy_within(at + 1..self.len, at);
            self.len -= 1;
        }
    }

    /// Makes the key `id` in `slot` current, and marks it as one that stamps.
    fn make_current(&mut self, id: KeyId, slot: usize) {
        if let Ok(at) = self.position(id)
            && let Some(entry) = self.index.get_mut(at)
        {
            entry.stamps = true;
        }
        self.current = Some(slot);
    }

    /// Where the chain closes a key that starts at `start` (SPEC.md 6.1):
    /// the earliest start after it among the held keys and `extra` (keys
    /// about to be added), or else the high-water mark if that lies after
    /// it; `None` if nothing starts after it.
    pub(super) fn chain_end(&self, start: u64, extra: impl Iterator<Item = u64>) -> Option<u64> {
        let held = self
            .held()
            .iter()
            .filter_map(|e| self.key_in(e.slot))
            .map(|k| k.interval().not_before());
        // A key starting after `start` is held or listed, so `next` finds it;
        // the mark only matters once no such key is left.
        let next = held.chain(extra).filter(|&s| s > start).min();
        next.or((self.latest_start > start).then_some(self.latest_start))
    }

    /// Closes every held key's interval where the next key's begins (SPEC.md
    /// 6.1): `not_after := min(not_after, s)`, where `s` is the earliest
    /// `not_before` of a held key that starts strictly after it, or, if no
    /// held key does, the high-water mark when it lies after the key's start
    /// (the newer key was retired, but an old key must not reopen). Keys that
    /// start at the same second are not ordered and close nothing. Runs after
    /// every addition, and raises the high-water mark to the latest start
    /// held; `N` is small and keys are added rarely, so the square scan
    /// costs nothing worth an ordered structure. Returns how many intervals
    /// it shortened.
    pub(super) fn close_chain(&mut self) -> usize {
        let mut closed = 0;
        for at in 0..self.len {
            let Some((slot, interval)) = self
                .held()
                .get(at)
                .and_then(|e| Some((e.slot, self.key_in(e.slot)?.interval())))
            else {
                continue;
            };
            let end = self.chain_end(interval.not_before(), core::iter::empty());
            if let Some(end) = end.filter(|&end| end < interval.not_after())
                && let Some(Some(key)) = self.slots.get_mut(slot)
            {
                // `end > not_before`: closing cannot fail.
                if key.close_at(end).is_ok() {
                    closed += 1;
                }
            }
            self.latest_start = self.latest_start.max(interval.not_before());
        }
        closed
    }

    /// Adds a key that verifies but does not stamp, then closes the chain
    /// of intervals (SPEC.md 6.1): a held key that starts before it now ends
    /// no later than its start, and it ends no later than the start of a
    /// held key that starts after it. The key is moved in; its old location
    /// is not wiped (see [`insert_from_bytes`](Self::insert_from_bytes)).
    /// If no held key starts after it but the keyring once held one (since
    /// retired), it ends no later than the latest start it ever held.
    ///
    /// On a stamping keyring, a key that starts after the current key at `T`
    /// closes the current key at `T`: stamping stops after `T`
    /// ([`Error::OutsideKeyInterval`]) unless the keyring rotates to a key of
    /// its own at `T` or later (SPEC.md 6.1, "Stamping").
    ///
    /// Fails, changing nothing, with [`Error::DuplicateKeyId`] or
    /// [`Error::KeyringFull`].
    pub fn insert(&mut self, key: PlatformKey) -> Result<(), Error> {
        let slot = self.reserve(key.id())?;
        if let Some(s) = self.slots.get_mut(slot) {
            *s = Some(key);
        }
        self.close_chain();
        Ok(())
    }

    /// [`insert`](Self::insert) of a key built in its slot from 32 secret
    /// bytes: a `&mut [u8; 32]` or a [`PlatformKeyBytes`](super::PlatformKeyBytes) (as a KMS record
    /// or [`PlatformKey::export_secret_bytes`] hands them out), wiped
    /// whatever the outcome.
    ///
    /// Fails, changing nothing, with (checked in this order)
    /// [`Error::DuplicateKeyId`], [`Error::KeyringFull`] or
    /// [`Error::WeakKey`].
    pub fn insert_from_bytes(
        &mut self,
        id: KeyId,
        interval: KeyInterval,
        mut bytes: impl KeyBytes,
    ) -> Result<(), Error> {
        let bytes = bytes.secret_mut();
        self.fill_new_slot(id, interval, |key| key.fill(bytes))
            .inspect_err(|_| bytes.zeroize())?;
        self.close_chain();
        Ok(())
    }

    /// Reserves a slot for `id`, builds the key in it with `fill`, and undoes
    /// everything if `fill` fails.
    pub(super) fn fill_new_slot(
        &mut self,
        id: KeyId,
        interval: KeyInterval,
        fill: impl FnOnce(&mut PlatformKey) -> Result<(), Error>,
    ) -> Result<usize, Error> {
        let slot = self.reserve(id)?;
        let filled = match self.slots.get_mut(slot) {
            Some(s) => fill(s.insert(PlatformKey::unfilled(id, interval))),
            None => Err(Error::KeyringFull { capacity: N }),
        };
        match filled {
            Ok(()) => Ok(slot),
            Err(e) => {
                self.release(id, slot);
                Err(e)
            }
        }
    }

    /// Checks everything [`Self::rotate`] can refuse on, on public data,
    /// before any change: a stamping keyring, a rotation time `at` that
    /// closes the current key's interval (not before its start, and not
    /// `u64::MAX`, which would leave it open for ever), a new id, room.
    fn check_rotation(&self, id: KeyId, at: u64) -> Result<(), Error> {
        let current = self.current_key().ok_or(Error::VerifyOnly)?;
        current.interval().closed_at(at)?;
        if at == u64::MAX {
            return Err(Error::InvalidInterval {
                not_before: current.interval().not_before(),
                not_after: at,
            });
        }
        if self.slot_of(id).is_some() {
            return Err(Error::DuplicateKeyId { key_id: id });
        }
        if self.len >= N {
            return Err(Error::KeyringFull { capacity: N });
        }
        Ok(())
    }

    /// Closes the current key's interval at `at`, makes the key `id` in
    /// `slot` current, and closes the chain.
    fn switch_current(&mut self, id: KeyId, slot: usize, at: u64) -> Result<(), Error> {
        let current = self.current.ok_or(Error::VerifyOnly)?;
        if let Some(Some(old)) = self.slots.get_mut(current) {
            old.close_at(at)?;
        }
        self.make_current(id, slot);
        self.close_chain();
        Ok(())
    }

    /// Makes `key` the current key from its interval's first second `T` on,
    /// with interval `[T, u64::MAX]` (open) whatever end `key` had; the old
    /// current key's interval closes at `T`. `T` may lie in the future (a
    /// scheduled rotation): the old key keeps stamping until `T`, and keeps
    /// verifying stamps dated up to `T` (plus the skew).
    ///
    /// Fails, changing nothing, with (checked in this order)
    /// [`Error::VerifyOnly`], [`Error::InvalidInterval`] (if `T` is before
    /// the current key's first second, or is `u64::MAX`),
    /// [`Error::DuplicateKeyId`] or [`Error::KeyringFull`].
    pub fn rotate(&mut self, mut key: PlatformKey) -> Result<(), Error> {
        let at = key.interval().not_before();
        let id = key.id();
        self.check_rotation(id, at)?;
        key.reopen();
        let slot = self.reserve(id)?;
        if let Some(s) = self.slots.get_mut(slot) {
            *s = Some(key);
        }
        self.switch_current(id, slot, at)
    }

    /// [`rotate`](Self::rotate) to a key built in its slot from 32 secret
    /// bytes (as for [`insert_from_bytes`](Self::insert_from_bytes), wiped
    /// whatever the outcome), with interval `[at, u64::MAX]`. Also fails
    /// with [`Error::WeakKey`], checked last.
    pub fn rotate_from_bytes(
        &mut self,
        id: KeyId,
        at: u64,
        mut bytes: impl KeyBytes,
    ) -> Result<(), Error> {
        let bytes = bytes.secret_mut();
        let checked = self.check_rotation(id, at);
        if let Err(e) = checked {
            bytes.zeroize();
            return Err(e);
        }
        let interval = KeyInterval::starting_at(at);
        let slot = self
            .fill_new_slot(id, interval, |key| key.fill(bytes))
            .inspect_err(|_| bytes.zeroize())?;
        self.switch_current(id, slot, at)
    }

    /// [`rotate`](Self::rotate) to a fresh key drawn from `rng` straight into
    /// its slot, with interval `[at, u64::MAX]`. Export it with
    /// [`PlatformKey::export_secret_bytes`] or [`Keyring::records`] if
    /// another service must verify.
    ///
    /// ```
    /// # use franking::{KeyId, KeyInterval, Keyring, PlatformKey};
    /// # let mut rng = rand::rng();
    /// # let first = PlatformKey::generate(KeyId::new(1), KeyInterval::starting_at(0), &mut rng)?;
    /// # let mut keyring = Keyring::new(first, 30 * 86_400);
    /// let now = 1_700_000_000;
    /// // Scheduled: key 1 stamps until midnight, key 2 from then on.
    /// let midnight = now - now % 86_400 + 86_400;
    /// keyring.rotate_generate(KeyId::new(2), midnight, &mut rng)?;
    /// assert_eq!(keyring.stamping_key_at(now)?, KeyId::new(1));
    /// assert_eq!(keyring.stamping_key_at(midnight)?, KeyId::new(2));
    /// # Ok::<(), franking::Error>(())
    /// ```
    pub fn rotate_generate<R: CryptoRng + ?Sized>(
        &mut self,
        id: KeyId,
        at: u64,
        rng: &mut R,
    ) -> Result<(), Error> {
        self.check_rotation(id, at)?;
        let interval = KeyInterval::starting_at(at);
        let slot = self.fill_new_slot(id, interval, |key| key.fill_from_rng(rng))?;
        self.switch_current(id, slot, at)
    }
    /// Closes the interval of a held key at `not_after` (never extending it):
    /// how a verify-only keyring learns that the relay rotated the key out at
    /// that time, or how any keyring disowns stamps a leaked key may have made
    /// after it. Closing the current key of a stamping keyring makes it refuse
    /// to stamp after `not_after`; rotate to a new key.
    ///
    /// Fails, changing nothing, with [`Error::UnknownKey`] for an id not held
    /// and [`Error::InvalidInterval`] if `not_after` is before the key's
    /// `not_before`.
    pub fn close_interval(&mut self, id: KeyId, not_after: u64) -> Result<(), Error> {
        let slot = self.slot_of(id).ok_or(Error::UnknownKey { key_id: id })?;
        match self.slots.get_mut(slot) {
            Some(Some(key)) => key.close_at(not_after),
            _ => Err(Error::UnknownKey { key_id: id }),
        }
    }

    /// Removes a key and wipes it: stamps under it no longer verify.
    ///
    /// Fails with [`Error::RetiringCurrentKey`] for the current key (rotate
    /// away from it first) and with [`Error::UnknownKey`] for an id not held
    /// (never added, or retired already). Prefer
    /// [`retire_older_than`](Self::retire_older_than), which retires only
    /// keys whose reports have all expired.
    pub fn retire(&mut self, id: KeyId) -> Result<(), Error> {
        let slot = self.slot_of(id).ok_or(Error::UnknownKey { key_id: id })?;
        if Some(slot) == self.current {
            return Err(Error::RetiringCurrentKey { key_id: id });
        }
        self.release(id, slot);
        Ok(())
    }

    /// Retires, in one call, every key whose interval ended before `cutoff`
    /// (`not_after < cutoff`); never the current key or a key with an open
    /// interval. Returns how many it retired.
    ///
    /// To drop exactly the keys that can no longer verify any report this
    /// keyring accepts at time `now`, pass
    /// `now - max_age - max_skew` (saturating): see [`Self::retire_expired`].
    pub fn retire_older_than(&mut self, cutoff: u64) -> usize {
        let mut retired = 0;
        let mut at = 0;
        while let Some(&Entry { id, slot, .. }) = self.held().get(at) {
            let ended = self
                .key_in(slot)
                .is_some_and(|k| k.interval().not_after() < cutoff);
            if ended && Some(slot) != self.current {
                self.release(id, slot);
                retired += 1;
            } else {
                at += 1;
            }
        }
        retired
    }

    /// Retires every key that cannot verify any report accepted at `now`:
    /// [`retire_older_than`](Self::retire_older_than) with cutoff
    /// `now - max_age - max_skew` (saturating at 0). A report at most
    /// `max_age` old has a timestamp of at least `now - max_age`, and a key
    /// verifies timestamps up to its `not_after + max_skew`.
    ///
    /// ```
    /// # use franking::{KeyId, KeyInterval, Keyring, PlatformKey};
    /// # let mut rng = rand::rng();
    /// # let first = PlatformKey::generate(KeyId::new(1), KeyInterval::starting_at(0), &mut rng)?;
    /// let mut keyring = Keyring::new(first, 30 * 86_400);
    /// let rotated_at = 1_700_000_000;
    /// keyring.rotate_generate(KeyId::new(2), rotated_at, &mut rng)?;
    /// // Run daily: key 1 goes once no report it stamped can still verify.
    /// assert_eq!(keyring.retire_expired(rotated_at + 86_400), 0);
    /// assert_eq!(keyring.retire_expired(rotated_at + 31 * 86_400), 1);
    /// assert!(keyring.get(KeyId::new(1)).is_none());
    /// # Ok::<(), franking::Error>(())
    /// ```
    pub fn retire_expired(&mut self, now: u64) -> usize {
        let cutoff = now
            .saturating_sub(self.max_age_secs)
            .saturating_sub(self.max_skew_secs);
        self.retire_older_than(cutoff)
    }

    /// The key that stamps at `timestamp` (SPEC.md 6.1): among the keys this
    /// keyring made current (by [`new`](Keyring::new) or a rotation, and
    /// still held), the one with the latest start whose interval contains
    /// `timestamp`, with no skew. Before a scheduled rotation's time that is
    /// the previous key; from it on, the new one.
    ///
    /// Fails with [`Error::VerifyOnly`] on a verify-only keyring, and with
    /// [`Error::OutsideKeyInterval`], naming the current key, if no such key
    /// contains `timestamp`.
    pub fn stamping_key_at(&self, timestamp: u64) -> Result<KeyId, Error> {
        self.stamping_key(timestamp).map(PlatformKey::id)
    }

    pub(crate) fn stamping_key(&self, timestamp: u64) -> Result<&PlatformKey, Error> {
        let current = self.current_key().ok_or(Error::VerifyOnly)?;
        // The current key starts last of the stamping keys (rotation never
        // goes back in time), so it wins whenever it contains the timestamp.
        if current.interval().contains(timestamp) {
            return Ok(current);
        }
        // The newest stamping key containing it: the latest start, and of
        // keys that start at one second (a rotation at a key's own start
        // leaves it [T, T]) the one that ends last.
        let chosen = self
            .held()
            .iter()
            .filter(|e| e.stamps)
            .filter_map(|e| self.key_in(e.slot))
            .filter(|k| k.interval().contains(timestamp))
            .max_by_key(|k| (k.interval().not_before(), k.interval().not_after()));
        match chosen {
            Some(key) => Ok(key),
            None => {
                current.interval().check(current.id(), timestamp, 0)?;
                Ok(current)
            }
        }
    }

    /// Stamps a franking tag with the key that stamps at the context's
    /// timestamp ([`stamping_key_at`](Self::stamping_key_at)): the current
    /// key, or before a scheduled rotation's time the previous one.
    /// Stateless: nothing is stored.
    ///
    /// Fails with [`Error::VerifyOnly`] on a verify-only keyring, and with
    /// [`Error::OutsideKeyInterval`] if no stamping key's interval contains
    /// the timestamp (the platform's clock is behind the first key's start,
    /// or the current key was closed): the moderator would refuse such a
    /// stamp.
    ///
    /// Take `tag` from the very bytes the platform relays to the recipient
    /// (the [`Envelope`], or in layer mode the transport's
    /// authenticated data), never from a separate copy the sender supplies:
    /// otherwise a sender can have one tag stamped and another checked by the
    /// recipient, and the message cannot be reported.
    pub fn stamp(&self, tag: &FrankingTag, context: &Context<'_>) -> Result<Stamp, Error> {
        self.stamping_key(context.timestamp())?.stamp(tag, context)
    }

    /// Stamps the franking tag of an envelope the platform is about to relay
    /// unchanged, together with the ciphertext, to the recipient.
    ///
    /// ```
    /// use franking::{Context, Envelope};
    /// # use franking::{KeyId, KeyInterval, Keyring, MessageKey, PlatformKey};
    /// # let mut rng = rand::rng();
    /// # let key = MessageKey::generate(&mut rng);
    /// # let mut buffer = *b"hello";
    /// # let sealed = key.seal_in_place_with_rng(&mut rng, b"", &mut buffer)?.to_bytes();
    /// # let platform = PlatformKey::generate(KeyId::new(1), KeyInterval::starting_at(0), &mut rng)?;
    /// # let keyring = Keyring::new(platform, 30 * 86_400);
    /// // The sender uploaded an envelope (88 bytes) and the ciphertext.
    /// let envelope = Envelope::decode(&sealed)?;
    /// let context = Context::new(b"alice", b"bob", 1_700_000_000, b"msg-1")?;
    /// let stamp = keyring.stamp_envelope(&envelope, &context)?;
    /// // Relay envelope, ciphertext, context and the 36-byte stamp to bob.
    /// assert_eq!(stamp.to_bytes().len(), 36);
    /// # Ok::<(), franking::Error>(())
    /// ```
    pub fn stamp_envelope(
        &self,
        envelope: &Envelope,
        context: &Context<'_>,
    ) -> Result<Stamp, Error> {
        self.stamp(envelope.franking_tag(), context)
    }

    /// Stamps a franking tag with the current key and returns the
    /// [`Receipt`] to send the recipient beside the message: the stamp with
    /// the exact tag and context it covers (SPEC.md 5.7). Encode it with
    /// [`Receipt::encode_into`]; the recipient stores it unchanged and builds
    /// its report from it, so no context field can drift between stamping
    /// and reporting. Take `tag` and fails as [`stamp`](Self::stamp).
    ///
    /// ```
    /// use franking::Context;
    /// # use franking::{KeyId, KeyInterval, Keyring, MessageKey, PlatformKey};
    /// # let mut rng = rand::rng();
    /// # let key = MessageKey::generate(&mut rng);
    /// # let mut buffer = *b"hello";
    /// # let envelope = key.seal_in_place_with_rng(&mut rng, b"", &mut buffer)?;
    /// # let platform = PlatformKey::generate(KeyId::new(1), KeyInterval::starting_at(0), &mut rng)?;
    /// # let keyring = Keyring::new(platform, 30 * 86_400);
    /// let context = Context::new(b"alice", b"room:7", 1_700_000_000, b"msg-1")?
    ///     .in_conversation(b"room:7", 12)?;
    /// let receipt = keyring.stamp_receipt(envelope.franking_tag(), &context)?;
    /// let mut bytes = vec![0; receipt.encoded_len()];
    /// receipt.encode_into(&mut bytes)?; // send beside the envelope and ciphertext
    /// # Ok::<(), franking::Error>(())
    /// ```
    pub fn stamp_receipt<'a>(
        &self,
        tag: &FrankingTag,
        context: &Context<'a>,
    ) -> Result<Receipt<'a>, Error> {
        Ok(Receipt::new(self.stamp(tag, context)?, *tag, *context))
    }

    /// Checks a report's timestamp against `now` (seconds since the Unix
    /// epoch): steps 1 and 2 of SPEC.md section 6.
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

    /// The key that may have stamped at `timestamp`: steps 3 and 4 of SPEC.md
    /// section 6 ([`Error::UnknownKey`], [`Error::OutsideKeyInterval`]).
    pub(crate) fn key_for(&self, id: KeyId, timestamp: u64) -> Result<&PlatformKey, Error> {
        let key = self.get(id).ok_or(Error::UnknownKey { key_id: id })?;
        key.interval().check(id, timestamp, self.max_skew_secs)?;
        Ok(key)
    }
}

/// Public data only: the policy and each key's id and interval, never a
/// secret byte, and not the free slots.
impl<const N: usize> core::fmt::Debug for Keyring<N> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        struct Keys<'a, const N: usize>(&'a Keyring<N>);
        impl<const N: usize> core::fmt::Debug for Keys<'_, N> {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.debug_map().entries(self.0.keys()).finish()
            }
        }
        f.debug_struct("Keyring")
            .field("current", &self.current())
            .field("keys", &Keys(self))
            .field("capacity", &N)
            .field("max_age_secs", &self.max_age_secs)
            .field("max_skew_secs", &self.max_skew_secs)
            .field("latest_start", &self.latest_start)
            .finish()
    }
}

/// Wipes every key in place and frees every slot. A wiped stamping keyring
/// becomes an empty verify-only one: it verifies and stamps nothing.
impl<const N: usize> Zeroize for Keyring<N> {
    fn zeroize(&mut self) {
        for slot in &mut self.slots {
            if let Some(key) = slot.as_mut() {
                key.zeroize();
            }
            *slot = None;
        }
        self.len = 0;
        self.current = None;
    }
}

/// Every key wipes itself on drop.
impl<const N: usize> ZeroizeOnDrop for Keyring<N> {}
