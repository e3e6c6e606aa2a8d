//! One flat error type for every foreign language.

use core::fmt;

use franking::SubmissionError;

/// Every kind of failure, one to one with the crate's `ErrorKind`, then the
/// refusals of a report submission, then the facade's own argument checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum ErrorKind {
    /// A cryptographic check failed (the one opaque error).
    Invalid,
    /// An encoding is malformed.
    Malformed,
    /// An encoding has an unsupported version.
    UnsupportedVersion,
    /// No key with the stamp's key id.
    UnknownKey,
    /// The report is older than the keyring's maximum age.
    Expired,
    /// The report's timestamp is beyond the allowed clock skew.
    FromFuture,
    /// A field exceeds its length limit.
    TooLong,
    /// An output buffer is too small.
    BufferTooSmall,
    /// The keyring is full.
    KeyringFull,
    /// A key id is already in the keyring.
    DuplicateKeyId,
    /// Retiring the keyring's current key.
    RetiringCurrentKey,
    /// A key interval ends before it starts.
    InvalidInterval,
    /// The timestamp is outside the stamping key's interval.
    OutsideKeyInterval,
    /// A verify-only keyring was asked to stamp.
    VerifyOnly,
    /// A platform key is weak (all zero).
    WeakKey,
    /// Bytes of one encoding given where another is expected.
    WrongEncoding,
    /// A receipt does not match the expected delivery.
    ReceiptMismatch,
    /// A submission's message was not addressed to its reporter.
    NotAddressed,
    /// A submission names another reporter than the authenticated one.
    ReporterMismatch,
    /// More entries than a submission verdict holds.
    TooManyEntries,
    /// An argument of the wrong length (a 32-byte key, a 24-byte nonce...).
    BadLength,
    /// An object used out of order (a chunk after the last, a finished opener).
    BadState,
}

impl ErrorKind {
    /// The kind's name, as the crate and the test vectors spell it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Invalid => "Invalid",
            Self::Malformed => "Malformed",
            Self::UnsupportedVersion => "UnsupportedVersion",
            Self::UnknownKey => "UnknownKey",
            Self::Expired => "Expired",
            Self::FromFuture => "FromFuture",
            Self::TooLong => "TooLong",
            Self::BufferTooSmall => "BufferTooSmall",
            Self::KeyringFull => "KeyringFull",
            Self::DuplicateKeyId => "DuplicateKeyId",
            Self::RetiringCurrentKey => "RetiringCurrentKey",
            Self::InvalidInterval => "InvalidInterval",
            Self::OutsideKeyInterval => "OutsideKeyInterval",
            Self::VerifyOnly => "VerifyOnly",
            Self::WeakKey => "WeakKey",
            Self::WrongEncoding => "WrongEncoding",
            Self::ReceiptMismatch => "ReceiptMismatch",
            Self::NotAddressed => "NotAddressed",
            Self::ReporterMismatch => "ReporterMismatch",
            Self::TooManyEntries => "TooManyEntries",
            Self::BadLength => "BadLength",
            Self::BadState => "BadState",
        }
    }

    /// Every kind, in declaration order.
    pub const ALL: [ErrorKind; 22] = [
        Self::Invalid,
        Self::Malformed,
        Self::UnsupportedVersion,
        Self::UnknownKey,
        Self::Expired,
        Self::FromFuture,
        Self::TooLong,
        Self::BufferTooSmall,
        Self::KeyringFull,
        Self::DuplicateKeyId,
        Self::RetiringCurrentKey,
        Self::InvalidInterval,
        Self::OutsideKeyInterval,
        Self::VerifyOnly,
        Self::WeakKey,
        Self::WrongEncoding,
        Self::ReceiptMismatch,
        Self::NotAddressed,
        Self::ReporterMismatch,
        Self::TooManyEntries,
        Self::BadLength,
        Self::BadState,
    ];
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The one error of the facade: a variant per [`ErrorKind`], each with the
/// crate's message. Flat for UniFFI: a foreign language sees one exception
/// class per kind (`FrankingError.Invalid` in Python,
/// `FrankingException.Invalid` in Kotlin) carrying the message.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Error), uniffi(flat_error))]
#[allow(missing_docs)] // each variant is the ErrorKind of the same name
pub enum FrankingError {
    Invalid { message: String },
    Malformed { message: String },
    UnsupportedVersion { message: String },
    UnknownKey { message: String },
    Expired { message: String },
    FromFuture { message: String },
    TooLong { message: String },
    BufferTooSmall { message: String },
    KeyringFull { message: String },
    DuplicateKeyId { message: String },
    RetiringCurrentKey { message: String },
    InvalidInterval { message: String },
    OutsideKeyInterval { message: String },
    VerifyOnly { message: String },
    WeakKey { message: String },
    WrongEncoding { message: String },
    ReceiptMismatch { message: String },
    NotAddressed { message: String },
    ReporterMismatch { message: String },
    TooManyEntries { message: String },
    BadLength { message: String },
    BadState { message: String },
}

impl FrankingError {
    /// An error of `kind` with `message`.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        let message = message.into();
        match kind {
            ErrorKind::Invalid => Self::Invalid { message },
            ErrorKind::Malformed => Self::Malformed { message },
            ErrorKind::UnsupportedVersion => Self::UnsupportedVersion { message },
            ErrorKind::UnknownKey => Self::UnknownKey { message },
            ErrorKind::Expired => Self::Expired { message },
            ErrorKind::FromFuture => Self::FromFuture { message },
            ErrorKind::TooLong => Self::TooLong { message },
            ErrorKind::BufferTooSmall => Self::BufferTooSmall { message },
            ErrorKind::KeyringFull => Self::KeyringFull { message },
            ErrorKind::DuplicateKeyId => Self::DuplicateKeyId { message },
            ErrorKind::RetiringCurrentKey => Self::RetiringCurrentKey { message },
            ErrorKind::InvalidInterval => Self::InvalidInterval { message },
            ErrorKind::OutsideKeyInterval => Self::OutsideKeyInterval { message },
            ErrorKind::VerifyOnly => Self::VerifyOnly { message },
            ErrorKind::WeakKey => Self::WeakKey { message },
            ErrorKind::WrongEncoding => Self::WrongEncoding { message },
            ErrorKind::ReceiptMismatch => Self::ReceiptMismatch { message },
            ErrorKind::NotAddressed => Self::NotAddressed { message },
            ErrorKind::ReporterMismatch => Self::ReporterMismatch { message },
            ErrorKind::TooManyEntries => Self::TooManyEntries { message },
            ErrorKind::BadLength => Self::BadLength { message },
            ErrorKind::BadState => Self::BadState { message },
        }
    }

    /// A [`ErrorKind::BadLength`] for argument `what`, which must be `len` bytes.
    pub(crate) fn bad_length(what: &str, len: usize, got: usize) -> Self {
        Self::new(
            ErrorKind::BadLength,
            format!("{what} must be {len} bytes, got {got}"),
        )
    }

    /// A [`ErrorKind::BadState`] with `message`.
    pub(crate) fn bad_state(message: &str) -> Self {
        Self::new(ErrorKind::BadState, message)
    }

    /// The kind of this error.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::Invalid { .. } => ErrorKind::Invalid,
            Self::Malformed { .. } => ErrorKind::Malformed,
            Self::UnsupportedVersion { .. } => ErrorKind::UnsupportedVersion,
            Self::UnknownKey { .. } => ErrorKind::UnknownKey,
            Self::Expired { .. } => ErrorKind::Expired,
            Self::FromFuture { .. } => ErrorKind::FromFuture,
            Self::TooLong { .. } => ErrorKind::TooLong,
            Self::BufferTooSmall { .. } => ErrorKind::BufferTooSmall,
            Self::KeyringFull { .. } => ErrorKind::KeyringFull,
            Self::DuplicateKeyId { .. } => ErrorKind::DuplicateKeyId,
            Self::RetiringCurrentKey { .. } => ErrorKind::RetiringCurrentKey,
            Self::InvalidInterval { .. } => ErrorKind::InvalidInterval,
            Self::OutsideKeyInterval { .. } => ErrorKind::OutsideKeyInterval,
            Self::VerifyOnly { .. } => ErrorKind::VerifyOnly,
            Self::WeakKey { .. } => ErrorKind::WeakKey,
            Self::WrongEncoding { .. } => ErrorKind::WrongEncoding,
            Self::ReceiptMismatch { .. } => ErrorKind::ReceiptMismatch,
            Self::NotAddressed { .. } => ErrorKind::NotAddressed,
            Self::ReporterMismatch { .. } => ErrorKind::ReporterMismatch,
            Self::TooManyEntries { .. } => ErrorKind::TooManyEntries,
            Self::BadLength { .. } => ErrorKind::BadLength,
            Self::BadState { .. } => ErrorKind::BadState,
        }
    }

    /// The human-readable message.
    pub fn message(&self) -> &str {
        match self {
            Self::Invalid { message }
            | Self::Malformed { message }
            | Self::UnsupportedVersion { message }
            | Self::UnknownKey { message }
            | Self::Expired { message }
            | Self::FromFuture { message }
            | Self::TooLong { message }
            | Self::BufferTooSmall { message }
            | Self::KeyringFull { message }
            | Self::DuplicateKeyId { message }
            | Self::RetiringCurrentKey { message }
            | Self::InvalidInterval { message }
            | Self::OutsideKeyInterval { message }
            | Self::VerifyOnly { message }
            | Self::WeakKey { message }
            | Self::WrongEncoding { message }
            | Self::ReceiptMismatch { message }
            | Self::NotAddressed { message }
            | Self::ReporterMismatch { message }
            | Self::TooManyEntries { message }
            | Self::BadLength { message }
            | Self::BadState { message } => message,
        }
    }
}

impl fmt::Display for FrankingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

impl std::error::Error for FrankingError {}

/// The crate's kinds, mapped by name so a kind the crate adds later (its
/// enum is non-exhaustive) fails this match at compile time only here.
fn kind_of(e: &franking::Error) -> ErrorKind {
    use franking::ErrorKind as K;
    match e.kind() {
        K::Invalid => ErrorKind::Invalid,
        K::Malformed => ErrorKind::Malformed,
        K::UnsupportedVersion => ErrorKind::UnsupportedVersion,
        K::UnknownKey => ErrorKind::UnknownKey,
        K::Expired => ErrorKind::Expired,
        K::FromFuture => ErrorKind::FromFuture,
        K::TooLong => ErrorKind::TooLong,
        K::BufferTooSmall => ErrorKind::BufferTooSmall,
        K::KeyringFull => ErrorKind::KeyringFull,
        K::DuplicateKeyId => ErrorKind::DuplicateKeyId,
        K::RetiringCurrentKey => ErrorKind::RetiringCurrentKey,
        K::InvalidInterval => ErrorKind::InvalidInterval,
        K::OutsideKeyInterval => ErrorKind::OutsideKeyInterval,
        K::VerifyOnly => ErrorKind::VerifyOnly,
        K::WeakKey => ErrorKind::WeakKey,
        K::WrongEncoding => ErrorKind::WrongEncoding,
        K::ReceiptMismatch => ErrorKind::ReceiptMismatch,
        // A kind newer than this facade: the closest honest answer.
        _ => ErrorKind::Malformed,
    }
}

impl From<franking::Error> for FrankingError {
    fn from(e: franking::Error) -> Self {
        Self::new(kind_of(&e), e.to_string())
    }
}

impl From<SubmissionError> for FrankingError {
    /// A submission's refusal; an entry's error keeps its kind, and the
    /// message starts with `entry N` (and `message M`) so a caller can tell
    /// which part failed.
    fn from(e: SubmissionError) -> Self {
        match e {
            SubmissionError::Encoding(inner) => inner.into(),
            SubmissionError::Entry { index, error } => {
                Self::new(kind_of(&error), format!("entry {index}: {error}"))
            }
            SubmissionError::NotAddressed { index, message } => Self::new(
                ErrorKind::NotAddressed,
                format!(
                    "entry {index} message {message}: not addressed to the reporter, nor to a room it was in"
                ),
            ),
            SubmissionError::ReporterMismatch => Self::new(
                ErrorKind::ReporterMismatch,
                "the submission names another reporter than the authenticated one",
            ),
            SubmissionError::TooManyEntries { count, capacity } => Self::new(
                ErrorKind::TooManyEntries,
                format!("{count} entries, more than the {capacity} a verdict holds"),
            ),
            other => Self::new(ErrorKind::Malformed, other.name()),
        }
    }
}

/// Facade results.
pub(crate) type Result<T> = core::result::Result<T, FrankingError>;
