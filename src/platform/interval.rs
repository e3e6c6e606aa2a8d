//! A platform key's stamping interval: the seconds during which it stamps.

use crate::Error;
use crate::key_id::KeyId;

/// The seconds, since the Unix epoch, during which a platform key stamps:
/// `not_before <= timestamp <= not_after`, both ends inclusive.
///
/// An interval ending at `u64::MAX` is *open*: the key is current, and
/// rotation closes it at the rotation time (see
/// [`Keyring::rotate`](crate::Keyring::rotate)). Rotation at time `T`
/// makes the old key's interval end at `T` and the new key's begin at `T`,
/// so second `T` belongs to both.
///
/// A moderator accepts a stamp only if its timestamp lies in its key's
/// interval widened by the keyring's clock skew at both ends (SPEC.md
/// section 6): a key that leaks after rotation cannot mint stamps dated
/// after it was rotated out. Intervals are public, like key ids.
///
/// ```
/// use franking::KeyInterval;
/// let current = KeyInterval::starting_at(1_700_000_000);
/// assert!(current.is_open());
/// let rotated_out = KeyInterval::new(1_700_000_000, 1_700_086_400)?;
/// assert!(rotated_out.contains(1_700_086_400)); // both ends inclusive
/// assert!(!rotated_out.contains(1_700_086_401));
/// assert!(KeyInterval::new(2, 1).is_err());
/// # Ok::<(), franking::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct KeyInterval {
    not_before: u64,
    not_after: u64,
}

impl KeyInterval {
    /// The interval of a key that was never used: contains no second at all.
    /// [`PlatformKey::zeroize`](crate::PlatformKey) leaves this behind, so a
    /// wiped key neither stamps nor verifies.
    pub(crate) const EMPTY: Self = Self {
        not_before: u64::MAX,
        not_after: 0,
    };

    /// An open interval from `not_before` on: the interval of a current key.
    pub const fn starting_at(not_before: u64) -> Self {
        Self {
            not_before,
            not_after: u64::MAX,
        }
    }

    /// The closed interval `[not_before, not_after]`; `not_after = u64::MAX`
    /// gives an open one. Fails with [`Error::InvalidInterval`] if
    /// `not_before > not_after`.
    pub const fn new(not_before: u64, not_after: u64) -> Result<Self, Error> {
        if not_before > not_after {
            return Err(Error::InvalidInterval {
                not_before,
                not_after,
            });
        }
        Ok(Self {
            not_before,
            not_after,
        })
    }

    /// The first second the key stamps.
    pub const fn not_before(&self) -> u64 {
        self.not_before
    }

    /// The last second the key stamps; `u64::MAX` while the interval is open.
    pub const fn not_after(&self) -> u64 {
        self.not_after
    }

    /// Whether the interval is open (the key has not been rotated out).
    pub const fn is_open(&self) -> bool {
        self.not_after == u64::MAX && self.not_before <= self.not_after
    }

    /// Whether `timestamp` lies in the interval, with no skew.
    pub const fn contains(&self, timestamp: u64) -> bool {
        self.not_before <= timestamp && timestamp <= self.not_after
    }

    /// Whether `timestamp` lies in the interval widened by `skew` seconds at
    /// both ends (saturating at 0 and `u64::MAX`). An empty interval contains
    /// nothing, whatever the skew.
    pub const fn contains_with_skew(&self, timestamp: u64, skew: u64) -> bool {
        self.not_before <= self.not_after
            && self.not_before.saturating_sub(skew) <= timestamp
            && timestamp <= self.not_after.saturating_add(skew)
    }

    /// This interval closed at `at`: `[not_before, min(at, not_after)]`, so
    /// closing never extends an interval. Fails with
    /// [`Error::InvalidInterval`] if `at` is before `not_before`.
    pub(crate) fn closed_at(self, at: u64) -> Result<Self, Error> {
        match Self::new(self.not_before, at.min(self.not_after)) {
            Ok(closed) => Ok(closed),
            Err(_) => Err(Error::InvalidInterval {
                not_before: self.not_before,
                not_after: at,
            }),
        }
    }

    /// `Ok` if `timestamp` lies in the interval widened by `skew`, else
    /// [`Error::OutsideKeyInterval`] naming the key.
    pub(crate) const fn check(
        &self,
        key_id: KeyId,
        timestamp: u64,
        skew: u64,
    ) -> Result<(), Error> {
        if self.contains_with_skew(timestamp, skew) {
            Ok(())
        } else {
            Err(Error::OutsideKeyInterval {
                key_id,
                timestamp,
                interval: *self,
            })
        }
    }
}
