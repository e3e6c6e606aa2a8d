//! The identity of one report by one reporter: what deduplication keys on.
//!
//! A platform stamps a message to a room once, and every member receives the
//! same stamp; each member may report it. So the stamp alone identifies a
//! delivery, not a report: the key is what the report shows (the message, a
//! range of one of its attachments, or a run of a conversation) together with
//! the identity of the account that submitted it (SPEC.md section 6.2). The
//! hash inputs are in `wire::report_id`; the ids of the verified types are
//! below, each built from the type's public accessors.

use core::fmt;

use crate::Error;
use crate::conversation::ConversationVerdict;
use crate::media::VerifiedRange;
use crate::secret::public_bytes;

public_bytes!(
    /// What a moderator deduplicates reports by (SPEC.md 6.2): a hash of what
    /// the report shows and of the account that submitted it, under one label
    /// per kind of report, so that no two kinds share an id.
    ///
    /// | report | id | built from |
    /// |---|---|---|
    /// | message (5.6) | [`for_message`](Self::for_message) | [`VerifiedReport::report_id`](crate::VerifiedReport::report_id) |
    /// | attachment, whole or a range of chunks (14.6) | [`for_range`](Self::for_range) | [`VerifiedRange::report_id`](crate::media::VerifiedRange::report_id) |
    /// | conversation (15.5) | [`for_conversation`](Self::for_conversation) | [`ConversationVerdict::report_id`](crate::ConversationVerdict::report_id) |
    ///
    /// One rule: keep the ids of the reports acted on and set aside a verified
    /// report whose id is already kept. Two members of one room reporting the
    /// same message get two ids; one member submitting the same report twice
    /// gets the same id twice; a member's message report, its whole
    /// attachment, each range and a conversation excerpt get distinct ids.
    /// Build it with the id of the account that submitted the report, as the
    /// platform authenticated it (never an id taken from the report itself),
    /// and only from a verified report: an unverified stamp may be forged.
    ///
    /// `Display` prints 64 lowercase hex digits, a form fit for a database
    /// key; serde writes the same digits in human-readable formats and the 32
    /// bytes in binary ones.
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

impl VerifiedRange<'_> {
    /// What to deduplicate this attachment report by, as submitted by
    /// `reporter` (SPEC.md 6.2): [`ReportId::for_range`] of the message
    /// report's stamp, the attachment index and the reported chunks. Distinct
    /// from the message report's id and from every other range's; a whole
    /// attachment is the range of all its chunks. [`Error::TooLong`] if
    /// `reporter` is longer than [`MAX_ID_LEN`](crate::MAX_ID_LEN) bytes.
    pub fn report_id(&self, reporter: &[u8]) -> Result<ReportId, Error> {
        ReportId::for_range(
            self.report().stamp(),
            self.attachment(),
            self.first_chunk(),
            self.chunk_count(),
            reporter,
        )
    }
}

impl ConversationVerdict<'_> {
    /// What to deduplicate this conversation report by, as submitted by
    /// `reporter` (SPEC.md 6.2): [`ReportId::for_conversation`] of every
    /// entry's kind and stamp in order, stamp-only entries included. The
    /// same excerpt submitted twice has one id; any other excerpt has
    /// another. [`Error::TooLong`] if `reporter` is
    /// longer than [`MAX_ID_LEN`](crate::MAX_ID_LEN) bytes.
    pub fn report_id(&self, reporter: &[u8]) -> Result<ReportId, Error> {
        ReportId::for_conversation(self.entries().map(|e| (e.kind(), *e.stamp())), reporter)
    }
}
