//! The report id's hash input (SPEC.md 6.2).

use super::{MAX_ID_LEN, REPORT_ID_LABEL};
use crate::Error;
use crate::report_id::ReportId;
use crate::sha256::{IV, Sha256};
use crate::stamp::Stamp;

impl ReportId {
    /// The report id of `stamp` reported by `reporter`:
    /// `SHA-256(REPORT_ID_LABEL || u32(key id) || stamp MAC ||
    /// u16(len reporter) || reporter)`.
    ///
    /// [`Error::TooLong`] if `reporter` is longer than [`MAX_ID_LEN`] bytes.
    /// Deduplicate only after verification: an unverified stamp may be forged.
    pub fn new(stamp: &Stamp, reporter: &[u8]) -> Result<Self, Error> {
        // MAX_ID_LEN is u16::MAX: the prefix holds every accepted length.
        let len = u16::try_from(reporter.len()).map_err(|_| Error::TooLong {
            field: "reporter",
            max: MAX_ID_LEN,
        })?;
        let mut head = [0u8; 16 + 4 + 32 + 2];
        head[..16].copy_from_slice(REPORT_ID_LABEL);
        head[16..20].copy_from_slice(&stamp.key_id().get().to_be_bytes());
        head[20..52].copy_from_slice(stamp.mac().as_bytes());
        head[52..].copy_from_slice(&len.to_be_bytes());
        let mut hash = Sha256::resume(IV, 0);
        hash.update_array(&head);
        hash.update(reporter);
        Ok(Self::from_bytes(hash.finish()))
    }
}
