//! The identity of one report by one reporter: what deduplication keys on.
//!
//! A platform stamps a message to a room once, and every member receives the
//! same stamp; each member may report it. So the stamp alone identifies a
//! delivery, not a report: the key is the stamp together with the identity of
//! the account that submitted the report (SPEC.md section 6.2).

use core::fmt;

use crate::secret::public_bytes;

public_bytes!(
    /// What a moderator deduplicates reports by: `SHA-256(`[`REPORT_ID_LABEL`](crate::wire::REPORT_ID_LABEL)` ||
    /// u32(key id) || stamp MAC || u16(len reporter) || reporter)`
    /// (SPEC.md 6.2).
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

/// 64 lowercase hex digits.
impl fmt::Display for ReportId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.as_bytes()
            .iter()
            .try_for_each(|b| write!(f, "{b:02x}"))
    }
}
