//! Every byte the crate puts into a MAC or onto the wire.
//!
//! SPEC.md sections 3 to 5 are the normative description of this module.
//! Each MAC input starts with a 16-byte domain label distinct per role and
//! version; every variable-length field carries a big-endian length prefix, so
//! no two distinct inputs encode to the same bytes. Decoders check every length
//! before use, reject unknown versions and trailing bytes, borrow (never copy)
//! variable-length fields, and name the field and offset of what they reject.
//!
//! Every public `encoded_len` is exact whenever the encoding fits in memory
//! and never overflows: it saturates at `usize::MAX` (then `encode_into`
//! fails with [`Error::TooLong`] or [`Error::BufferTooSmall`]), except
//! `ConversationReport::encoded_len`, which returns a `Result` because it
//! also checks the messages.
//!
//! - `mac_input`: the commitment, integrity-tag and stamp inputs;
//! - `envelope`, `stamp`, `receipt`, `report`: the wire formats, as `to_bytes`/`decode`
//!   (or `encode_into`/`decode`) on the types they encode;
//! - `report_id`: the hash inputs of the deduplication keys, one per report kind;
//! - `submission`: the report submission (SPEC.md 16.1).

use crate::Error;
use crate::commitment::{FrankingTag, Opening};
use crate::envelope::{IntegrityTag, Nonce};
use crate::stamp::StampMac;

pub(crate) mod conversation;
mod envelope;
pub(crate) mod mac_input;
mod media;
mod receipt;
pub(crate) mod report;
mod report_id;
mod stamp;
pub(crate) mod submission;

/// Domain label of the franking commitment (sender, recipient and moderator).
pub const COMMITMENT_LABEL: &[u8; 16] = b"franking-v1-comm";
/// Domain label of the platform stamp (platform and moderator).
pub const STAMP_LABEL: &[u8; 16] = b"franking-v1-stmp";
/// Domain label of the integrity tag's input block (sender and recipient).
pub const INTEGRITY_LABEL: &[u8; 16] = b"franking-v1-intg";
/// Domain label of the id of a message report, what moderators deduplicate by
/// (SPEC.md 6.2).
pub const REPORT_ID_LABEL: &[u8; 16] = b"franking-v1-rpid";
/// Domain label of the id of an attachment report, whole or a range of
/// chunks (SPEC.md 6.2).
pub const RANGE_REPORT_ID_LABEL: &[u8; 16] = b"franking-v1-rgid";
/// Domain label of the id of a conversation report (SPEC.md 6.2).
pub const CONVERSATION_REPORT_ID_LABEL: &[u8; 16] = b"franking-v1-cvid";

pub use media::{
    ATTACHMENT_KEY_LABEL, CHUNK_KEY_LABEL, CHUNK_LABEL, DESCRIPTOR_LEN, MAX_PROOF_HASHES,
    MEDIA_MESSAGE_LABEL, MEDIA_REPORT_LABEL, MediaMessage, MediaReportHead, NODE_LABEL,
};
pub use submission::{
    ENTRY_FRAME_LEN, MAX_NOTE_LEN, MAX_SUBMISSION_ENTRIES, SUBMISSION_FIXED_LEN, SUBMISSION_LABEL,
    SUBMISSION_VERSION,
};

/// Version byte that starts a report encoding.
pub const REPORT_VERSION: u8 = 1;
/// Version byte that starts a conversation report encoding (SPEC.md 15.5).
pub const CONVERSATION_REPORT_VERSION: u8 = 0x11;
/// Most messages a conversation report encoding can hold (its `u16` count).
pub const MAX_CONVERSATION_MESSAGES: usize = u16::MAX as usize;

/// First byte of a receipt encoding: ASCII `R`. Never a report version byte,
/// so a receipt and a report cannot be mistaken for each other.
pub const RECEIPT_KIND: u8 = 0x52;
/// Second byte of a receipt encoding: its version.
pub const RECEIPT_VERSION: u8 = 1;

/// First byte of a key record encoding (SPEC.md 6.1): ASCII `K`.
pub const KEY_RECORD_KIND: u8 = 0x4b;
/// Second byte of a key record encoding: its version.
pub const KEY_RECORD_VERSION: u8 = 1;

/// Longest header (associated data) accepted, in bytes.
pub const MAX_HEADER_LEN: usize = u32::MAX as usize;
/// Longest message accepted, in bytes.
pub const MAX_MESSAGE_LEN: usize = u32::MAX as usize;
/// Longest sender, recipient or message id accepted, in bytes.
pub const MAX_ID_LEN: usize = u16::MAX as usize;

/// Length of an encoded [`Envelope`](crate::Envelope): nonce, franking tag, integrity tag.
pub const ENVELOPE_LEN: usize = Nonce::LEN + FrankingTag::LEN + IntegrityTag::LEN;
/// Length of an encoded [`Stamp`](crate::Stamp): key id, MAC.
pub const STAMP_LEN: usize = 4 + StampMac::LEN;
/// Length of a report encoding with empty ids, header and message.
pub const REPORT_FIXED_LEN: usize =
    1 + STAMP_LEN + FrankingTag::LEN + Opening::LEN + 8 + 8 + 4 * 2 + 2 * 4;

/// Length of a receipt encoding with empty ids: kind, version, stamp,
/// franking tag, timestamp, sequence number and four u16 length prefixes.
pub const RECEIPT_FIXED_LEN: usize = 2 + STAMP_LEN + FrankingTag::LEN + 8 + 8 + 4 * 2;

/// Fails with [`Error::TooLong`] if a header or message exceeds its limit.
pub(crate) fn check_lengths(header: &[u8], message_len: usize) -> Result<(), Error> {
    if header.len() > MAX_HEADER_LEN {
        return Err(Error::TooLong {
            field: "header",
            max: MAX_HEADER_LEN,
        });
    }
    if message_len > MAX_MESSAGE_LEN {
        return Err(Error::TooLong {
            field: "message",
            max: MAX_MESSAGE_LEN,
        });
    }
    Ok(())
}

/// A cursor over bytes off the wire. Every read checks the remaining length
/// and names the field and its offset when the input ends too soon.
pub(crate) struct Reader<'a> {
    rest: &'a [u8],
    offset: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Self {
            rest: bytes,
            offset: 0,
        }
    }

    fn malformed(&self, field: &'static str) -> Error {
        Error::Malformed {
            field,
            offset: self.offset,
        }
    }

    pub(crate) fn take(&mut self, field: &'static str, n: usize) -> Result<&'a [u8], Error> {
        let (head, rest) = self
            .rest
            .split_at_checked(n)
            .ok_or_else(|| self.malformed(field))?;
        self.rest = rest;
        self.offset += n;
        Ok(head)
    }

    pub(crate) fn array<const N: usize>(
        &mut self,
        field: &'static str,
    ) -> Result<&'a [u8; N], Error> {
        let (head, rest) = self
            .rest
            .split_first_chunk::<N>()
            .ok_or_else(|| self.malformed(field))?;
        self.rest = rest;
        self.offset += N;
        Ok(head)
    }

    pub(crate) fn u8(&mut self, field: &'static str) -> Result<u8, Error> {
        let [byte] = *self.array::<1>(field)?;
        Ok(byte)
    }

    pub(crate) fn u32(&mut self, field: &'static str) -> Result<u32, Error> {
        Ok(u32::from_be_bytes(*self.array(field)?))
    }

    pub(crate) fn u64(&mut self, field: &'static str) -> Result<u64, Error> {
        Ok(u64::from_be_bytes(*self.array(field)?))
    }

    /// A u16 length prefix, then that many bytes. A prefix that overruns the
    /// input is reported at the prefix's offset.
    pub(crate) fn bytes_u16(&mut self, field: &'static str) -> Result<&'a [u8], Error> {
        let at = self.offset;
        let len = u16::from_be_bytes(*self.array(field)?);
        self.take(field, usize::from(len))
            .map_err(|_| Error::Malformed { field, offset: at })
    }

    /// A u32 length prefix, then that many bytes.
    pub(crate) fn bytes_u32(&mut self, field: &'static str) -> Result<&'a [u8], Error> {
        let at = self.offset;
        let len = self.u32(field)?;
        let len = usize::try_from(len).map_err(|_| Error::Malformed { field, offset: at })?;
        self.take(field, len)
            .map_err(|_| Error::Malformed { field, offset: at })
    }

    /// Succeeds only if every byte was read.
    pub(crate) fn finish(self) -> Result<(), Error> {
        if self.rest.is_empty() {
            Ok(())
        } else {
            Err(self.malformed("trailing bytes"))
        }
    }
}

/// A cursor over an output buffer whose size was checked up front.
pub(crate) struct Writer<'a> {
    rest: &'a mut [u8],
    written: usize,
}

impl<'a> Writer<'a> {
    pub(crate) fn new(out: &'a mut [u8]) -> Self {
        Self {
            rest: out,
            written: 0,
        }
    }

    pub(crate) fn put(&mut self, bytes: &[u8]) -> Result<(), Error> {
        let rest = core::mem::take(&mut self.rest);
        let needed = self.written.saturating_add(bytes.len());
        let (head, rest) = rest
            .split_at_mut_checked(bytes.len())
            .ok_or(Error::BufferTooSmall { needed })?;
        head.copy_from_slice(bytes);
        self.rest = rest;
        self.written = needed;
        Ok(())
    }

    pub(crate) fn bytes_u16(&mut self, field: &'static str, bytes: &[u8]) -> Result<(), Error> {
        let len = u16::try_from(bytes.len()).map_err(|_| Error::TooLong {
            field,
            max: MAX_ID_LEN,
        })?;
        self.put(&len.to_be_bytes())?;
        self.put(bytes)
    }

    pub(crate) fn bytes_u32(&mut self, field: &'static str, bytes: &[u8]) -> Result<(), Error> {
        let len = u32::try_from(bytes.len()).map_err(|_| Error::TooLong {
            field,
            max: MAX_MESSAGE_LEN,
        })?;
        self.put(&len.to_be_bytes())?;
        self.put(bytes)
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    extern crate std;
    use super::*;
    use crate::ErrorKind;
    use std::vec;

    /// The limits are inclusive. The 4 GiB header is zero-filled virtual
    /// memory that is never touched: only its length is read.
    #[test]
    fn length_limits_are_exact_for_header_and_message() {
        let header = vec![0u8; MAX_HEADER_LEN + 1];
        let at_limit = &header[..MAX_HEADER_LEN];
        let kind = |r: Result<(), Error>| r.map_err(|e| e.kind());
        assert_eq!(kind(check_lengths(at_limit, MAX_MESSAGE_LEN)), Ok(()));
        assert_eq!(
            check_lengths(&header, 0),
            Err(Error::TooLong {
                field: "header",
                max: MAX_HEADER_LEN
            })
        );
        assert_eq!(
            check_lengths(&[], MAX_MESSAGE_LEN + 1),
            Err(Error::TooLong {
                field: "message",
                max: MAX_MESSAGE_LEN
            })
        );
        assert_eq!(
            kind(check_lengths(&header, MAX_MESSAGE_LEN + 1)),
            Err(ErrorKind::TooLong)
        );
        assert_eq!(check_lengths(&[], 0), Ok(()));
    }

    /// Malformed errors name the field and the offset where it starts; an
    /// overrunning length prefix is reported at the prefix.
    #[test]
    fn reader_reports_field_and_offset() {
        let bytes = [0u8, 0, 1, 7, 0, 5, 9];
        let mut r = Reader::new(&bytes);
        assert_eq!(r.u8("a"), Ok(0));
        assert_eq!(
            r.bytes_u16("b").map(<[u8]>::len),
            Ok(1),
            "prefix 0x0001 then one byte"
        );
        assert_eq!(
            r.bytes_u16("c"),
            Err(Error::Malformed {
                field: "c",
                offset: 4
            })
        );
        let mut r = Reader::new(&bytes);
        assert_eq!(r.array::<3>("x").map(|a| a.len()), Ok(3));
        assert_eq!(
            r.finish(),
            Err(Error::Malformed {
                field: "trailing bytes",
                offset: 3
            })
        );
    }
}
