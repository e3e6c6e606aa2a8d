//! The crate's one error type.

use core::fmt;

/// Why an operation failed.
///
/// Every cryptographic mismatch (a wrong key, a tampered ciphertext, a forged
/// tag, stamp or report) is the single opaque [`Error::Invalid`], so that an
/// error never tells an attacker *which* check failed. The other variants
/// describe mistakes a caller can see and fix from public data alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Error {
    /// A cryptographic check failed. Deliberately says nothing more.
    Invalid,
    /// An encoding is not well formed: wrong length, bad length prefix,
    /// truncated, or trailing bytes.
    Malformed,
    /// An encoding carries a version this implementation does not know.
    UnsupportedVersion,
    /// A report or stamp names a platform key id that the keyring does not hold
    /// (never added, or retired).
    UnknownKey,
    /// A report's timestamp is older than the keyring's maximum age.
    Expired,
    /// A report's timestamp lies further in the future than the allowed clock skew.
    FromFuture,
    /// An input is longer than the limit for its field (see the `MAX_*` constants).
    TooLong,
    /// The output buffer is too small for the encoding.
    BufferTooSmall,
    /// The keyring already holds [`crate::platform::MAX_KEYS`] keys.
    KeyringFull,
    /// The keyring already holds a key with this id.
    DuplicateKeyId,
    /// The current stamping key cannot be retired; rotate to another key first.
    RetiringCurrentKey,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Error::Invalid => "cryptographic verification failed",
            Error::Malformed => "malformed encoding",
            Error::UnsupportedVersion => "unsupported encoding version",
            Error::UnknownKey => "unknown platform key id",
            Error::Expired => "report is older than the keyring's maximum age",
            Error::FromFuture => "report timestamp is beyond the allowed clock skew",
            Error::TooLong => "input exceeds its length limit",
            Error::BufferTooSmall => "output buffer too small",
            Error::KeyringFull => "keyring is full",
            Error::DuplicateKeyId => "keyring already holds this key id",
            Error::RetiringCurrentKey => "cannot retire the current stamping key",
        })
    }
}

impl core::error::Error for Error {}
