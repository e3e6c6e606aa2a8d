//! The crate's one error type.

use core::fmt;

use crate::key_id::KeyId;
use crate::platform::KeyInterval;

/// Why an operation failed.
///
/// Every cryptographic mismatch (a wrong key, a tampered ciphertext, a forged
/// tag, stamp or report) is the single opaque [`Error::Invalid`], so that an
/// error never tells an attacker *which* check failed. The other variants
/// describe mistakes a caller can see and fix from public data alone, and
/// carry that public detail (a key id, how many seconds, which field at which
/// offset). [`Error::kind`] drops the detail, for matching and for metrics.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Error {
    /// A cryptographic check failed. Deliberately says nothing more.
    Invalid,
    /// An encoding is not well formed: wrong length, bad length prefix,
    /// truncated, or trailing bytes.
    Malformed {
        /// The field that could not be read (`"trailing bytes"` for bytes
        /// after the last field, `"length"` for a fixed-size value of the
        /// wrong length).
        field: &'static str,
        /// Offset in the input at which that field starts.
        offset: usize,
    },
    /// An encoding carries a version this implementation does not know.
    UnsupportedVersion {
        /// The version byte found.
        version: u8,
    },
    /// A report or stamp names a platform key id that the keyring does not hold
    /// (never added, or retired).
    UnknownKey {
        /// The key id named.
        key_id: KeyId,
    },
    /// A report's timestamp is older than the keyring's maximum age.
    Expired {
        /// How many seconds beyond the maximum age the timestamp lies.
        secs_too_old: u64,
    },
    /// A report's timestamp lies further in the future than the allowed clock skew.
    FromFuture {
        /// How many seconds beyond the allowed skew the timestamp lies.
        secs_too_early: u64,
    },
    /// An input is longer than the limit for its field (see the `MAX_*` constants).
    TooLong {
        /// The field that is too long.
        field: &'static str,
        /// Its limit, in bytes.
        max: usize,
    },
    /// The output buffer is too small for the encoding.
    BufferTooSmall {
        /// Bytes the encoding needs.
        needed: usize,
    },
    /// The keyring holds as many keys as it can.
    KeyringFull {
        /// How many keys it holds.
        capacity: usize,
    },
    /// The keyring already holds a key with this id.
    DuplicateKeyId {
        /// The id.
        key_id: KeyId,
    },
    /// The current stamping key cannot be retired; rotate to another key first.
    RetiringCurrentKey {
        /// The current key's id.
        key_id: KeyId,
    },
    /// A stamp's timestamp lies outside its key's stamping interval: when
    /// verifying, even with the allowed clock skew at both edges (the key was
    /// not stamping then, so the stamp is not the platform's); when stamping,
    /// with no skew (the platform's clock is behind the current key's start).
    OutsideKeyInterval {
        /// The key named by the stamp.
        key_id: KeyId,
        /// The stamp's timestamp.
        timestamp: u64,
        /// The key's interval.
        interval: KeyInterval,
    },
    /// A platform key whose 32 bytes are all equal (all zero included): an
    /// unset secret, a zeroed buffer or a broken RNG, never a random key.
    WeakKey {
        /// The id the key was to have.
        key_id: KeyId,
    },
    /// A verify-only keyring cannot stamp or rotate.
    VerifyOnly,
    /// A key interval would end before it begins: `not_before > not_after`
    /// (for a rotation, the rotation time is before the current key's
    /// start); or, with `not_after = u64::MAX`, a rotation at `u64::MAX`,
    /// which could not close the current key's interval.
    InvalidInterval {
        /// The interval's first second.
        not_before: u64,
        /// The interval's last second, before `not_before`.
        not_after: u64,
    },
    /// A receipt names another sender, recipient or conversation than the
    /// recipient knows the delivery had (SPEC.md 5.7): the platform stamped
    /// another delivery, and a report built from it would prove that one.
    ReceiptMismatch {
        /// The field that differs: `"sender"`, `"recipient"` or `"conversation"`.
        field: &'static str,
    },
    /// The input is another encoding of this crate than the one expected (a
    /// receipt uploaded as a report, say), told apart by its first bytes.
    WrongEncoding {
        /// What was expected (`"report"`).
        expected: &'static str,
        /// What the input is (`"receipt"`, `"conversation report"`, ...).
        found: &'static str,
    },
}

/// The kind of an [`Error`], without its detail.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum ErrorKind {
    /// [`Error::Invalid`].
    Invalid,
    /// [`Error::Malformed`].
    Malformed,
    /// [`Error::UnsupportedVersion`].
    UnsupportedVersion,
    /// [`Error::UnknownKey`].
    UnknownKey,
    /// [`Error::Expired`].
    Expired,
    /// [`Error::FromFuture`].
    FromFuture,
    /// [`Error::TooLong`].
    TooLong,
    /// [`Error::BufferTooSmall`].
    BufferTooSmall,
    /// [`Error::KeyringFull`].
    KeyringFull,
    /// [`Error::DuplicateKeyId`].
    DuplicateKeyId,
    /// [`Error::RetiringCurrentKey`].
    RetiringCurrentKey,
    /// [`Error::OutsideKeyInterval`].
    OutsideKeyInterval,
    /// [`Error::WeakKey`].
    WeakKey,
    /// [`Error::VerifyOnly`].
    VerifyOnly,
    /// [`Error::InvalidInterval`].
    InvalidInterval,
    /// [`Error::ReceiptMismatch`].
    ReceiptMismatch,
    /// [`Error::WrongEncoding`].
    WrongEncoding,
}

impl Error {
    /// The kind of error, without its detail.
    pub const fn kind(&self) -> ErrorKind {
        match self {
            Error::Invalid => ErrorKind::Invalid,
            Error::Malformed { .. } => ErrorKind::Malformed,
            Error::UnsupportedVersion { .. } => ErrorKind::UnsupportedVersion,
            Error::UnknownKey { .. } => ErrorKind::UnknownKey,
            Error::Expired { .. } => ErrorKind::Expired,
            Error::FromFuture { .. } => ErrorKind::FromFuture,
            Error::TooLong { .. } => ErrorKind::TooLong,
            Error::BufferTooSmall { .. } => ErrorKind::BufferTooSmall,
            Error::KeyringFull { .. } => ErrorKind::KeyringFull,
            Error::DuplicateKeyId { .. } => ErrorKind::DuplicateKeyId,
            Error::RetiringCurrentKey { .. } => ErrorKind::RetiringCurrentKey,
            Error::OutsideKeyInterval { .. } => ErrorKind::OutsideKeyInterval,
            Error::WeakKey { .. } => ErrorKind::WeakKey,
            Error::VerifyOnly => ErrorKind::VerifyOnly,
            Error::InvalidInterval { .. } => ErrorKind::InvalidInterval,
            Error::ReceiptMismatch { .. } => ErrorKind::ReceiptMismatch,
            Error::WrongEncoding { .. } => ErrorKind::WrongEncoding,
        }
    }
}

impl ErrorKind {
    /// The variant's name, as test vectors spell it (`"Malformed"`).
    pub const fn name(self) -> &'static str {
        match self {
            ErrorKind::Invalid => "Invalid",
            ErrorKind::Malformed => "Malformed",
            ErrorKind::UnsupportedVersion => "UnsupportedVersion",
            ErrorKind::UnknownKey => "UnknownKey",
            ErrorKind::Expired => "Expired",
            ErrorKind::FromFuture => "FromFuture",
            ErrorKind::TooLong => "TooLong",
            ErrorKind::BufferTooSmall => "BufferTooSmall",
            ErrorKind::KeyringFull => "KeyringFull",
            ErrorKind::DuplicateKeyId => "DuplicateKeyId",
            ErrorKind::RetiringCurrentKey => "RetiringCurrentKey",
            ErrorKind::OutsideKeyInterval => "OutsideKeyInterval",
            ErrorKind::WeakKey => "WeakKey",
            ErrorKind::VerifyOnly => "VerifyOnly",
            ErrorKind::InvalidInterval => "InvalidInterval",
            ErrorKind::ReceiptMismatch => "ReceiptMismatch",
            ErrorKind::WrongEncoding => "WrongEncoding",
        }
    }
}

impl From<Error> for ErrorKind {
    fn from(error: Error) -> Self {
        error.kind()
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Error::Invalid => f.write_str("cryptographic verification failed"),
            Error::Malformed { field, offset } => {
                write!(f, "malformed encoding: {field} at offset {offset}")
            }
            Error::UnsupportedVersion { version } => {
                write!(f, "unsupported encoding version {version}")
            }
            Error::UnknownKey { key_id } => {
                write!(f, "unknown platform key id {}", key_id.get())
            }
            Error::Expired { secs_too_old } => write!(
                f,
                "report is {secs_too_old} s older than the keyring's maximum age"
            ),
            Error::FromFuture { secs_too_early } => write!(
                f,
                "report timestamp is {secs_too_early} s beyond the allowed clock skew"
            ),
            Error::TooLong { field, max } => {
                write!(f, "{field} exceeds its length limit of {max} bytes")
            }
            Error::BufferTooSmall { needed } => {
                write!(f, "output buffer too small: {needed} bytes needed")
            }
            Error::KeyringFull { capacity } => {
                write!(f, "keyring is full ({capacity} keys)")
            }
            Error::DuplicateKeyId { key_id } => {
                write!(f, "keyring already holds key id {}", key_id.get())
            }
            Error::RetiringCurrentKey { key_id } => write!(
                f,
                "cannot retire key id {}: it is the current stamping key",
                key_id.get()
            ),
            Error::OutsideKeyInterval {
                key_id,
                timestamp,
                interval,
            } => {
                write!(
                    f,
                    "timestamp {timestamp} lies outside the interval of key id {}: from {} ",
                    key_id.get(),
                    interval.not_before()
                )?;
                if interval.is_open() {
                    f.write_str("on (open)")
                } else {
                    write!(f, "to {}", interval.not_after())
                }
            }
            Error::WeakKey { key_id } => write!(
                f,
                "weak platform key for key id {}: all 32 bytes are equal",
                key_id.get()
            ),
            Error::VerifyOnly => f.write_str("a verify-only keyring cannot stamp or rotate"),
            Error::InvalidInterval {
                not_before,
                not_after: u64::MAX,
            } => write!(
                f,
                "a rotation at 2^64 - 1 cannot close the interval that begins at {not_before}"
            ),
            Error::InvalidInterval {
                not_before,
                not_after,
            } => write!(
                f,
                "key interval ends at {not_after}, before it begins at {not_before}"
            ),
            Error::ReceiptMismatch { field } => write!(
                f,
                "the receipt names another {field} than the recipient expects"
            ),
            Error::WrongEncoding { expected, found } => {
                write!(f, "expected a {expected}, found a {found}")
            }
        }
    }
}

impl core::error::Error for Error {}
