//! The identity of one report by one reporter: what deduplication keys on.
//!
//! A platform stamps a message to a room once, and every member receives the
//! same stamp; each member may report it. So the stamp alone identifies a
//! delivery, not a report: the key is the stamp together with the identity of
//! the account that submitted the report (SPEC.md section 6.1).

use core::fmt;

use crate::Error;
use crate::Stamp;
use crate::secret::public_bytes;
use crate::sha256::{IV, Sha256};

/// Domain label of the report id (moderator).
pub const REPORT_ID_LABEL: &[u8; 16] = b"franking-v1-rpid";

public_bytes!(
    /// What a moderator deduplicates reports by: `SHA-256(REPORT_ID_LABEL ||
    /// u32(key id) || stamp MAC || u16(len reporter) || reporter)`
    /// (SPEC.md 6.1).
    ///
    /// Two members of one room reporting the same message get two ids; one
    /// member reporting it twice gets the same id twice. Build it from a
    /// [`VerifiedReport`](crate::VerifiedReport) with
    /// [`VerifiedReport::report_id`](crate::VerifiedReport::report_id) and the
    /// id of the account that submitted the report, as the platform
    /// authenticated it (never an id taken from the report itself).
    ///
    /// `Display` prints 64 lowercase hex digits, a form fit for a database key.
    ReportId,
    32
);

impl ReportId {
    /// The report id of `stamp` reported by `reporter`.
    ///
    /// [`Error::TooLong`] if `reporter` is longer than
    /// [`MAX_ID_LEN`](crate::MAX_ID_LEN) bytes. Deduplicate only after verification: an
    /// unverified stamp may be forged.
    pub fn new(stamp: &Stamp, reporter: &[u8]) -> Result<Self, Error> {
        // MAX_ID_LEN is u16::MAX: the prefix holds every accepted length.
        let len = u16::try_from(reporter.len()).map_err(|_| Error::TooLong)?;
        let mut head = [0u8; 16 + 4 + 32 + 2];
        let (label, rest) = head.split_at_mut(16);
        label.copy_from_slice(REPORT_ID_LABEL);
        let (key_id, rest) = rest.split_at_mut(4);
        key_id.copy_from_slice(&stamp.key_id().get().to_be_bytes());
        let (mac, prefix) = rest.split_at_mut(32);
        mac.copy_from_slice(stamp.mac().as_bytes());
        prefix.copy_from_slice(&len.to_be_bytes());
        let mut hash = Sha256::resume(IV, 0);
        hash.update_array(&head);
        hash.update(reporter);
        Ok(Self::from_bytes(hash.finish()))
    }
}

/// 64 lowercase hex digits.
impl fmt::Display for ReportId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.as_bytes()
            .iter()
            .try_for_each(|b| write!(f, "{b:02x}"))
    }
}
