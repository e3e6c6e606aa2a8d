//! The report: what a recipient sends the moderator, and its wire encoding.

use crate::Error;
use crate::commitment::{FrankingTag, Opening};
use crate::encoding;
use crate::platform::{Context, Stamp};

/// An abuse report as it travels: a message, its opening and franking tag, the
/// platform's delivery context and stamp. **Unverified**: pass it to
/// [`moderator::verify`](crate::moderator::verify) to learn whether it is genuine.
///
/// Built by [`OpenedMessage::report`](crate::recipient::OpenedMessage::report)
/// or parsed by [`Report::decode`], which borrows the ids, header and message
/// from the input instead of copying them.
#[derive(Clone, PartialEq, Eq)]
pub struct Report<'a> {
    stamp: Stamp,
    franking_tag: FrankingTag,
    opening: Opening,
    context: Context<'a>,
    header: &'a [u8],
    message: &'a [u8],
}

impl<'a> Report<'a> {
    pub(crate) fn new(
        stamp: Stamp,
        franking_tag: FrankingTag,
        opening: Opening,
        context: Context<'a>,
        header: &'a [u8],
        message: &'a [u8],
    ) -> Self {
        Self {
            stamp,
            franking_tag,
            opening,
            context,
            header,
            message,
        }
    }

    /// Parses a report encoding (SPEC.md, "Report encoding").
    ///
    /// Errors: [`Error::UnsupportedVersion`] for an unknown version byte,
    /// [`Error::Malformed`] for a truncated input, a length prefix that
    /// overruns the input, or trailing bytes. Every accepted input re-encodes
    /// to itself.
    pub fn decode(bytes: &'a [u8]) -> Result<Self, Error> {
        encoding::decode_report(bytes)
    }

    /// Length of the encoding in bytes (`usize::MAX` if it would not fit in
    /// memory, possible only on 32-bit targets; encoding then fails with
    /// [`Error::TooLong`]).
    pub fn encoded_len(&self) -> usize {
        encoding::report_len(self).unwrap_or(usize::MAX)
    }

    /// Writes the encoding into the front of `out` and returns its length.
    /// [`Error::BufferTooSmall`] if `out` is shorter than [`encoded_len`](Self::encoded_len).
    pub fn encode_into(&self, out: &mut [u8]) -> Result<usize, Error> {
        encoding::encode_report(self, out)
    }

    /// The encoding as a vector.
    #[cfg(feature = "alloc")]
    pub fn to_vec(&self) -> Result<alloc::vec::Vec<u8>, Error> {
        let len = encoding::report_len(self).ok_or(Error::TooLong)?;
        let mut out = alloc::vec![0u8; len];
        encoding::encode_report(self, &mut out)?;
        Ok(out)
    }

    /// The platform's stamp, as claimed.
    pub fn stamp(&self) -> &Stamp {
        &self.stamp
    }

    /// The franking tag, as claimed.
    pub fn franking_tag(&self) -> &FrankingTag {
        &self.franking_tag
    }

    /// The opening, as claimed.
    pub fn opening(&self) -> &Opening {
        &self.opening
    }

    /// The delivery context, as claimed.
    pub fn context(&self) -> &Context<'a> {
        &self.context
    }

    /// The header, as claimed.
    pub fn header(&self) -> &'a [u8] {
        self.header
    }

    /// The message, as claimed.
    pub fn message(&self) -> &'a [u8] {
        self.message
    }
}

/// Prints lengths only: reported content must not end up in logs.
impl core::fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Report")
            .field("stamp", &self.stamp)
            .field("franking_tag", &self.franking_tag)
            .field("context", &self.context)
            .field("header_len", &self.header.len())
            .field("message_len", &self.message.len())
            .finish_non_exhaustive()
    }
}
