//! The conversation report, recipient (or sender) to moderator (SPEC.md 15.5):
//! `0x11 || u16-prefixed conversation id || u16(count) || count entries`, each
//! entry a 5.6 report without its version byte and conversation field, in
//! strictly increasing sequence number.

use super::{CONVERSATION_REPORT_VERSION, MAX_CONVERSATION_MESSAGES, Reader, Writer};
use crate::Error;
use crate::context::Context;
use crate::conversation::ConversationReport;
use crate::key_id::KeyId;
use crate::report::Report;

/// Length of an entry with empty ids, header and message.
pub(crate) const ENTRY_FIXED_LEN: usize = 4 + 32 + 32 + 32 + 8 + 8 + 3 * 2 + 2 * 4;
/// Offset of the sequence number inside an entry.
const SEQ_OFFSET: usize = 4 + 32 + 32 + 32 + 8;
/// Offset of the first entry after a conversation id of `len` bytes.
const fn entries_offset(len: usize) -> usize {
    1 + 2 + len + 2
}

/// Reads one entry, the conversation id taken from the report's header.
pub(crate) fn read_entry<'a>(
    r: &mut Reader<'a>,
    conversation: &'a [u8],
) -> Result<Report<'a>, Error> {
    let key_id = KeyId::new(r.u32("key id")?);
    let stamp_mac = r.array("stamp MAC")?;
    let franking_tag = r.array("franking tag")?;
    let opening = r.array("opening")?;
    let timestamp = r.u64("timestamp")?;
    let seq = r.u64("sequence number")?;
    let sender = r.bytes_u16("sender")?;
    let recipient = r.bytes_u16("recipient")?;
    let message_id = r.bytes_u16("message id")?;
    let header = r.bytes_u32("header")?;
    let message = r.bytes_u32("message")?;
    let context = Context::new(sender, recipient, timestamp, message_id)?
        .in_conversation(conversation, seq)?;
    Ok(Report::new(
        key_id,
        stamp_mac,
        franking_tag,
        opening,
        context,
        header,
        message,
    ))
}

/// Reads one entry of a report that [`ConversationReport::decode`] already
/// accepted, without building errors, so that iterating a decoded report
/// costs little. `None` only on input that decoding would have rejected.
pub(crate) fn next_entry<'a>(rest: &mut &'a [u8], conversation: &'a [u8]) -> Option<Report<'a>> {
    super::report::read_fast(rest, Some(conversation))
}

/// Length of one entry; `None` on overflow.
fn entry_len(report: &Report<'_>) -> Option<usize> {
    let c = report.context();
    [
        c.sender().len(),
        c.recipient().len(),
        c.message_id().len(),
        report.header().len(),
        report.message().len(),
    ]
    .iter()
    .try_fold(ENTRY_FIXED_LEN, |acc, len| acc.checked_add(*len))
}

impl<'a> ConversationReport<'a> {
    /// Parses a conversation report (SPEC.md 15.5), borrowing every field.
    ///
    /// Errors: [`Error::UnsupportedVersion`] for a first byte other than
    /// `0x11` (a single report's `0x01` included); [`Error::Malformed`],
    /// naming the field and its offset, for a truncated input, an overrunning
    /// length prefix, a count of 0, trailing bytes, or a sequence number not
    /// greater than the one before (`"sequence number"`: duplicates and
    /// reordering are rejected before any cryptography). Every accepted input
    /// re-encodes to itself.
    pub fn decode(bytes: &'a [u8]) -> Result<Self, Error> {
        let mut r = Reader::new(bytes);
        match r.u8("version")? {
            CONVERSATION_REPORT_VERSION => {}
            version => return Err(Error::UnsupportedVersion { version }),
        }
        let conversation = r.bytes_u16("conversation")?;
        let count_at = r.offset;
        let count = usize::from(u16::from_be_bytes(*r.array("count")?));
        if count == 0 {
            return Err(Error::Malformed {
                field: "count",
                offset: count_at,
            });
        }
        let entries = r.rest;
        let mut previous: Option<u64> = None;
        for _ in 0..count {
            let seq_at = r.offset + SEQ_OFFSET;
            let entry = read_entry(&mut r, conversation)?;
            let seq = entry.context().seq();
            if previous.is_some_and(|p| seq <= p) {
                return Err(Error::Malformed {
                    field: "sequence number",
                    offset: seq_at,
                });
            }
            previous = Some(seq);
        }
        r.finish()?;
        Ok(Self::new(conversation, count, entries))
    }

    /// Length of the encoding of `messages`, after the checks
    /// [`encode_into`](Self::encode_into) makes.
    pub fn encoded_len(messages: &[Report<'_>]) -> Result<usize, Error> {
        let first = messages.first().ok_or(Error::Malformed {
            field: "count",
            offset: 0,
        })?;
        let conversation = first.context().conversation();
        if messages.len() > MAX_CONVERSATION_MESSAGES {
            return Err(Error::TooLong {
                field: "conversation report",
                max: MAX_CONVERSATION_MESSAGES,
            });
        }
        let too_long = Error::TooLong {
            field: "conversation report",
            max: usize::MAX,
        };
        let mut len = entries_offset(conversation.len());
        let mut previous: Option<u64> = None;
        for message in messages {
            let c = message.context();
            if c.conversation() != conversation {
                return Err(Error::Malformed {
                    field: "conversation",
                    offset: len,
                });
            }
            if previous.is_some_and(|p| c.seq() <= p) {
                return Err(Error::Malformed {
                    field: "sequence number",
                    offset: len.saturating_add(SEQ_OFFSET),
                });
            }
            previous = Some(c.seq());
            len = entry_len(message)
                .and_then(|e| len.checked_add(e))
                .ok_or(too_long)?;
        }
        Ok(len)
    }

    /// Encodes `messages` (reports of one conversation, in strictly increasing
    /// sequence number) into the front of `out`; returns the length.
    ///
    /// Refuses, with the error [`decode`](Self::decode) would give for its
    /// output, what it could not decode: no messages, messages of different
    /// conversations ([`Error::Malformed`] at the first entry of another one),
    /// or sequence numbers out of order or repeated. More than 65535 messages
    /// is [`Error::TooLong`]; a short `out` is [`Error::BufferTooSmall`].
    pub fn encode_into(messages: &[Report<'_>], out: &mut [u8]) -> Result<usize, Error> {
        let len = Self::encoded_len(messages)?;
        let out = out
            .get_mut(..len)
            .ok_or(Error::BufferTooSmall { needed: len })?;
        let conversation = messages
            .first()
            .map_or(&[][..], |m| m.context().conversation());
        let count = u16::try_from(messages.len()).map_err(|_| Error::TooLong {
            field: "conversation report",
            max: MAX_CONVERSATION_MESSAGES,
        })?;
        let mut w = Writer::new(out);
        w.put(&[CONVERSATION_REPORT_VERSION])?;
        w.bytes_u16("conversation", conversation)?;
        w.put(&count.to_be_bytes())?;
        for m in messages {
            m.write_body(&mut w, false)?;
        }
        Ok(len)
    }

    /// The encoding of `messages` as a vector; errors as for
    /// [`encode_into`](Self::encode_into).
    #[cfg(feature = "alloc")]
    pub fn to_vec(messages: &[Report<'_>]) -> Result<alloc::vec::Vec<u8>, Error> {
        let mut out = alloc::vec![0u8; Self::encoded_len(messages)?];
        Self::encode_into(messages, &mut out)?;
        Ok(out)
    }

    /// This report's own encoding.
    #[cfg(feature = "alloc")]
    pub fn encode_to_vec(&self) -> Result<alloc::vec::Vec<u8>, Error> {
        let messages: alloc::vec::Vec<Report<'a>> = self.messages().collect();
        Self::to_vec(&messages)
    }
}
