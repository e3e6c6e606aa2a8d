//! The report ids' hash inputs (SPEC.md 6.2), one label per report kind.

use super::{CONVERSATION_REPORT_ID_LABEL, MAX_ID_LEN, RANGE_REPORT_ID_LABEL, REPORT_ID_LABEL};
use crate::Error;
use crate::conversation::EntryKind;
use crate::report_id::ReportId;
use crate::sha256::{IV, Sha256};
use crate::stamp::Stamp;

/// `u16(len(reporter))`, or [`Error::TooLong`] past [`MAX_ID_LEN`] bytes.
fn reporter_len(reporter: &[u8]) -> Result<[u8; 2], Error> {
    // MAX_ID_LEN is u16::MAX: the prefix holds every accepted length.
    u16::try_from(reporter.len())
        .map(u16::to_be_bytes)
        .map_err(|_| Error::TooLong {
            field: "reporter",
            max: MAX_ID_LEN,
        })
}

impl ReportId {
    /// The id of a message report (SPEC.md 5.6) with `stamp`, submitted by
    /// `reporter`: `SHA-256(REPORT_ID_LABEL || u32(key id) || stamp MAC ||
    /// u16(len reporter) || reporter)`.
    ///
    /// [`Error::TooLong`] if `reporter` is longer than [`MAX_ID_LEN`] bytes.
    /// Deduplicate only after verification: an unverified stamp may be forged.
    /// [`VerifiedReport::report_id`](crate::VerifiedReport::report_id) calls this.
    ///
    /// ```
    /// use franking::{KeyId, ReportId, Stamp, StampMac};
    ///
    /// let stamp = Stamp::new(KeyId::new(1), StampMac::from_bytes([7; 32]));
    /// let bob = ReportId::for_message(&stamp, b"bob")?;
    /// assert_eq!(bob, ReportId::for_message(&stamp, b"bob")?);
    /// assert_ne!(bob, ReportId::for_message(&stamp, b"carol")?);
    /// # Ok::<(), franking::Error>(())
    /// ```
    pub fn for_message(stamp: &Stamp, reporter: &[u8]) -> Result<Self, Error> {
        let len = reporter_len(reporter)?;
        let mut head = [0u8; 16 + 36 + 2];
        head[..16].copy_from_slice(REPORT_ID_LABEL);
        head[16..52].copy_from_slice(&stamp.to_bytes());
        head[52..].copy_from_slice(&len);
        let mut hash = Sha256::resume(IV, 0);
        hash.update_array(&head);
        hash.update(reporter);
        Ok(Self::from_bytes(hash.finish()))
    }

    /// The id of an attachment report (SPEC.md 14.6) of chunks
    /// `[first_chunk, first_chunk + chunk_count)` of attachment `attachment`
    /// of the message whose report carries `stamp`, submitted by `reporter`:
    /// `SHA-256(RANGE_REPORT_ID_LABEL || u32(key id) || stamp MAC ||
    /// u16(attachment) || u64(first_chunk) || u64(chunk_count) ||
    /// u16(len reporter) || reporter)`. A whole-attachment report is the range
    /// from chunk 0 over every chunk.
    ///
    /// Distinct from the message report's id and from every other range's.
    /// [`Error::TooLong`] if `reporter` is longer than [`MAX_ID_LEN`] bytes.
    /// [`VerifiedRange::report_id`](crate::media::VerifiedRange::report_id)
    /// calls this.
    ///
    /// ```
    /// use franking::{KeyId, ReportId, Stamp, StampMac};
    ///
    /// let stamp = Stamp::new(KeyId::new(1), StampMac::from_bytes([7; 32]));
    /// let chunks_0_to_3 = ReportId::for_range(&stamp, 0, 0, 4, b"bob")?;
    /// assert_ne!(chunks_0_to_3, ReportId::for_range(&stamp, 0, 4, 4, b"bob")?);
    /// assert_ne!(chunks_0_to_3, ReportId::for_message(&stamp, b"bob")?);
    /// # Ok::<(), franking::Error>(())
    /// ```
    pub fn for_range(
        stamp: &Stamp,
        attachment: u16,
        first_chunk: u64,
        chunk_count: u64,
        reporter: &[u8],
    ) -> Result<Self, Error> {
        let len = reporter_len(reporter)?;
        let mut head = [0u8; 16 + 36 + 2 + 8 + 8 + 2];
        head[..16].copy_from_slice(RANGE_REPORT_ID_LABEL);
        head[16..52].copy_from_slice(&stamp.to_bytes());
        head[52..54].copy_from_slice(&attachment.to_be_bytes());
        head[54..62].copy_from_slice(&first_chunk.to_be_bytes());
        head[62..70].copy_from_slice(&chunk_count.to_be_bytes());
        head[70..].copy_from_slice(&len);
        let mut hash = Sha256::resume(IV, 0);
        hash.update_array(&head);
        hash.update(reporter);
        Ok(Self::from_bytes(hash.finish()))
    }

    /// The id of a conversation report (SPEC.md 15.5) whose entries have
    /// these kinds and stamps, in the report's order, submitted by
    /// `reporter`: `SHA-256(CONVERSATION_REPORT_ID_LABEL || u16(len reporter)
    /// || reporter || for each entry: u8(kind) || u32(key id) || stamp MAC)`.
    ///
    /// Two excerpts differ in their ids unless they list the same entries,
    /// each shown or stamp-only alike, in the same order; a message reported
    /// alone keeps its [`for_message`](Self::for_message) id, which says
    /// whether it was already acted on. [`Error::TooLong`] if `reporter` is
    /// longer than [`MAX_ID_LEN`] bytes. Stamps by value or by reference.
    /// The conversation verdict's [`report_id`](crate::ConversationVerdict::report_id) calls this.
    ///
    /// ```
    /// use franking::conversation::EntryKind::{Message, StampOnly};
    /// use franking::{KeyId, ReportId, Stamp, StampMac};
    ///
    /// let one = Stamp::new(KeyId::new(1), StampMac::from_bytes([1; 32]));
    /// let two = Stamp::new(KeyId::new(1), StampMac::from_bytes([2; 32]));
    /// let excerpt = ReportId::for_conversation([(Message, &one), (Message, &two)], b"bob")?;
    /// assert_eq!(excerpt, ReportId::for_conversation([(Message, &one), (Message, &two)], b"bob")?);
    /// assert_ne!(excerpt, ReportId::for_conversation([(Message, &one)], b"bob")?);
    /// assert_ne!(excerpt, ReportId::for_conversation([(Message, &one), (StampOnly, &two)], b"bob")?);
    /// # Ok::<(), franking::Error>(())
    /// ```
    pub fn for_conversation<S: core::borrow::Borrow<Stamp>>(
        entries: impl IntoIterator<Item = (EntryKind, S)>,
        reporter: &[u8],
    ) -> Result<Self, Error> {
        let len = reporter_len(reporter)?;
        let mut head = [0u8; 16 + 2];
        head[..16].copy_from_slice(CONVERSATION_REPORT_ID_LABEL);
        head[16..].copy_from_slice(&len);
        let mut hash = Sha256::resume(IV, 0);
        hash.update_array(&head);
        hash.update(reporter);
        // The entries fill the rest of the input, 37 bytes each: its length,
        // which SHA-256's padding fixes, tells how many there are.
        for (kind, stamp) in entries {
            hash.update_array(&[kind.to_byte()]);
            hash.update(&stamp.borrow().to_bytes());
        }
        Ok(Self::from_bytes(hash.finish()))
    }
}
