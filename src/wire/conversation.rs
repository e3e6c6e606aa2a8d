//! The conversation report, recipient (or sender) to moderator (SPEC.md 15.5):
//! `0x11 || u16-prefixed conversation id || u16(count) || count entries`, in
//! strictly increasing sequence number. Each entry starts with its kind:
//! `0x01` then a 5.6 report without its version byte and conversation field
//! (a message), or `0x02` then the same without opening, header and message
//! (stamp-only).

use super::{CONVERSATION_REPORT_VERSION, MAX_CONVERSATION_MESSAGES, Reader, Writer};
use crate::Error;
use crate::commitment::FrankingTag;
use crate::context::Context;
use crate::conversation::{ConversationReport, Entry};
use crate::key_id::KeyId;
use crate::receipt::Receipt;
use crate::report::Report;
use crate::stamp::{Stamp, StampMac};

/// Kind byte of an entry that carries a message with its opening (15.5).
pub(crate) const ENTRY_MESSAGE: u8 = 0x01;
/// Kind byte of a stamp-only entry: stamp, franking tag and context (15.5).
pub(crate) const ENTRY_STAMP_ONLY: u8 = 0x02;

/// Length of a message entry with empty ids, header and message, its kind
/// byte included.
pub(crate) const MESSAGE_ENTRY_FIXED_LEN: usize = 1 + 4 + 32 + 32 + 32 + 8 + 8 + 3 * 2 + 2 * 4;
/// Length of a stamp-only entry with empty ids, its kind byte included.
pub(crate) const STAMP_ONLY_ENTRY_FIXED_LEN: usize = 1 + 4 + 32 + 32 + 8 + 8 + 3 * 2;
/// Offset of the sequence number inside a message entry.
const MESSAGE_SEQ_OFFSET: usize = 1 + 4 + 32 + 32 + 32 + 8;
/// Offset of the sequence number inside a stamp-only entry.
const STAMP_ONLY_SEQ_OFFSET: usize = 1 + 4 + 32 + 32 + 8;
/// Offset of the first entry after a conversation id of `len` bytes.
const fn entries_offset(len: usize) -> usize {
    1 + 2 + len + 2
}

/// Offset of the sequence number inside an entry of this kind.
fn seq_offset(entry: &Entry<'_>) -> usize {
    match entry {
        Entry::Message(_) => MESSAGE_SEQ_OFFSET,
        Entry::StampOnly(_) => STAMP_ONLY_SEQ_OFFSET,
    }
}

/// Reads one entry, the conversation id taken from the report's header.
pub(crate) fn read_entry<'a>(
    r: &mut Reader<'a>,
    conversation: &'a [u8],
) -> Result<Entry<'a>, Error> {
    let kind_at = r.offset;
    let kind = r.u8("entry kind")?;
    if kind != ENTRY_MESSAGE && kind != ENTRY_STAMP_ONLY {
        return Err(Error::Malformed {
            field: "entry kind",
            offset: kind_at,
        });
    }
    let key_id = KeyId::new(r.u32("key id")?);
    let stamp_mac = r.array("stamp MAC")?;
    let franking_tag = r.array("franking tag")?;
    let opening = match kind {
        ENTRY_MESSAGE => Some(r.array("opening")?),
        _ => None,
    };
    let timestamp = r.u64("timestamp")?;
    let seq = r.u64("sequence number")?;
    let sender = r.bytes_u16("sender")?;
    let recipient = r.bytes_u16("recipient")?;
    let message_id = r.bytes_u16("message id")?;
    let context = Context::new(sender, recipient, timestamp, message_id)?
        .in_conversation(conversation, seq)?;
    let Some(opening) = opening else {
        return Ok(Entry::StampOnly(receipt(
            key_id,
            stamp_mac,
            franking_tag,
            context,
        )));
    };
    let header = r.bytes_u32("header")?;
    let message = r.bytes_u32("message")?;
    Ok(Entry::Message(Report::new(
        key_id,
        stamp_mac,
        franking_tag,
        opening,
        context,
        header,
        message,
    )))
}

fn receipt<'a>(
    key_id: KeyId,
    stamp_mac: &[u8; 32],
    franking_tag: &[u8; 32],
    context: Context<'a>,
) -> Receipt<'a> {
    Receipt::new(
        Stamp::new(key_id, StampMac::from_bytes(*stamp_mac)),
        FrankingTag::from_bytes(*franking_tag),
        context,
    )
}

/// Reads one entry of a report that [`ConversationReport::decode`] already
/// accepted, without building errors, so that iterating a decoded report
/// costs little. `None` only on input that decoding would have rejected.
pub(crate) fn next_entry<'a>(rest: &mut &'a [u8], conversation: &'a [u8]) -> Option<Entry<'a>> {
    let (&kind, tail) = rest.split_first()?;
    *rest = tail;
    match kind {
        ENTRY_MESSAGE => super::report::read_fast(rest, Some(conversation)).map(Entry::Message),
        ENTRY_STAMP_ONLY => read_stamp_only_fast(rest, conversation).map(Entry::StampOnly),
        _ => None,
    }
}

/// A stamp-only entry after its kind byte, as [`next_entry`] reads it.
fn read_stamp_only_fast<'a>(rest: &mut &'a [u8], conversation: &'a [u8]) -> Option<Receipt<'a>> {
    fn fixed<'a, const N: usize>(rest: &mut &'a [u8]) -> Option<&'a [u8; N]> {
        let (head, tail) = rest.split_first_chunk::<N>()?;
        *rest = tail;
        Some(head)
    }
    fn id<'a>(rest: &mut &'a [u8]) -> Option<&'a [u8]> {
        let len = u16::from_be_bytes(*fixed(rest)?);
        let (head, tail) = rest.split_at_checked(usize::from(len))?;
        *rest = tail;
        Some(head)
    }
    let key_id = KeyId::new(u32::from_be_bytes(*fixed(rest)?));
    let stamp_mac = fixed(rest)?;
    let franking_tag = fixed(rest)?;
    let timestamp = u64::from_be_bytes(*fixed(rest)?);
    let seq = u64::from_be_bytes(*fixed(rest)?);
    let sender = id(rest)?;
    let recipient = id(rest)?;
    let message_id = id(rest)?;
    let context = Context::from_wire(sender, recipient, timestamp, message_id, conversation, seq);
    Some(receipt(key_id, stamp_mac, franking_tag, context))
}

/// Length of one entry, its kind byte included; `None` on overflow.
fn entry_len(entry: &Entry<'_>) -> Option<usize> {
    let c = entry.context();
    let ids = [c.sender().len(), c.recipient().len(), c.message_id().len()];
    match entry {
        Entry::Message(report) => ids
            .iter()
            .chain(&[report.header().len(), report.message().len()])
            .try_fold(MESSAGE_ENTRY_FIXED_LEN, |acc, len| acc.checked_add(*len)),
        Entry::StampOnly(_) => ids
            .iter()
            .try_fold(STAMP_ONLY_ENTRY_FIXED_LEN, |acc, len| acc.checked_add(*len)),
    }
}

/// Writes one entry, its kind byte first.
fn write_entry(w: &mut Writer<'_>, entry: &Entry<'_>) -> Result<(), Error> {
    match entry {
        Entry::Message(report) => {
            w.put(&[ENTRY_MESSAGE])?;
            report.write_body(w, false)
        }
        Entry::StampOnly(receipt) => {
            let c = receipt.context();
            w.put(&[ENTRY_STAMP_ONLY])?;
            w.put(&receipt.stamp().to_bytes())?;
            w.put(receipt.franking_tag().as_bytes())?;
            w.put(&c.timestamp().to_be_bytes())?;
            w.put(&c.seq().to_be_bytes())?;
            w.bytes_u16("sender", c.sender())?;
            w.bytes_u16("recipient", c.recipient())?;
            w.bytes_u16("message id", c.message_id())
        }
    }
}

impl<'a> ConversationReport<'a> {
    /// Parses a conversation report (SPEC.md 15.5), borrowing every field.
    ///
    /// Errors: [`Error::UnsupportedVersion`] for a first byte other than
    /// `0x11` (a single report's `0x01` included); [`Error::Malformed`],
    /// naming the field and its offset, for a truncated input, an overrunning
    /// length prefix, a count of 0, an entry kind other than `0x01` and
    /// `0x02` (`"entry kind"`), trailing bytes, or a sequence number not
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
            let entry_at = r.offset;
            let entry = read_entry(&mut r, conversation)?;
            let seq = entry.context().seq();
            if previous.is_some_and(|p| seq <= p) {
                return Err(Error::Malformed {
                    field: "sequence number",
                    offset: entry_at + seq_offset(&entry),
                });
            }
            previous = Some(seq);
        }
        r.finish()?;
        Ok(Self::new(conversation, count, entries))
    }

    /// Length of the encoding of `entries` (messages as [`Report`]s,
    /// stamp-only entries as [`Receipt`]s, or a mix as [`Entry`]s), after
    /// the checks [`encode_into`](Self::encode_into) makes.
    pub fn encoded_len<'e, E>(entries: &[E]) -> Result<usize, Error>
    where
        E: Copy + Into<Entry<'e>>,
    {
        let first: Entry<'e> = (*entries.first().ok_or(Error::Malformed {
            field: "count",
            offset: 0,
        })?)
        .into();
        let conversation = first.context().conversation();
        if entries.len() > MAX_CONVERSATION_MESSAGES {
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
        for entry in entries {
            let entry: Entry<'e> = (*entry).into();
            let c = entry.context();
            if c.conversation() != conversation {
                return Err(Error::Malformed {
                    field: "conversation",
                    offset: len,
                });
            }
            if previous.is_some_and(|p| c.seq() <= p) {
                return Err(Error::Malformed {
                    field: "sequence number",
                    offset: len.saturating_add(seq_offset(&entry)),
                });
            }
            previous = Some(c.seq());
            len = entry_len(&entry)
                .and_then(|e| len.checked_add(e))
                .ok_or(too_long)?;
        }
        Ok(len)
    }

    /// Encodes `entries` (of one conversation, in strictly increasing
    /// sequence number) into the front of `out`; returns the length. Pass
    /// [`Report`]s for messages only, or [`Entry`]s to mix in stamp-only
    /// entries ([`Entry::stamp_only`] from a stored receipt).
    ///
    /// Refuses, with the error [`decode`](Self::decode) would give for its
    /// output, what it could not decode: no entries, entries of different
    /// conversations ([`Error::Malformed`] at the first entry of another one),
    /// or sequence numbers out of order or repeated. More than 65535 entries
    /// is [`Error::TooLong`]; a short `out` is [`Error::BufferTooSmall`].
    pub fn encode_into<'e, E>(entries: &[E], out: &mut [u8]) -> Result<usize, Error>
    where
        E: Copy + Into<Entry<'e>>,
    {
        let len = Self::encoded_len(entries)?;
        let out = out
            .get_mut(..len)
            .ok_or(Error::BufferTooSmall { needed: len })?;
        let conversation = entries
            .first()
            .map_or(&[][..], |e| (*e).into().context().conversation());
        let count = u16::try_from(entries.len()).map_err(|_| Error::TooLong {
            field: "conversation report",
            max: MAX_CONVERSATION_MESSAGES,
        })?;
        let mut w = Writer::new(out);
        w.put(&[CONVERSATION_REPORT_VERSION])?;
        w.bytes_u16("conversation", conversation)?;
        w.put(&count.to_be_bytes())?;
        for entry in entries {
            write_entry(&mut w, &(*entry).into())?;
        }
        Ok(len)
    }

    /// The encoding of `entries` as a vector; errors as for
    /// [`encode_into`](Self::encode_into).
    #[cfg(feature = "alloc")]
    pub fn to_vec<'e, E>(entries: &[E]) -> Result<alloc::vec::Vec<u8>, Error>
    where
        E: Copy + Into<Entry<'e>>,
    {
        let mut out = alloc::vec![0u8; Self::encoded_len(entries)?];
        Self::encode_into(entries, &mut out)?;
        Ok(out)
    }

    /// This report's own encoding.
    #[cfg(feature = "alloc")]
    pub fn encode_to_vec(&self) -> Result<alloc::vec::Vec<u8>, Error> {
        let entries: alloc::vec::Vec<Entry<'a>> = self.entries().collect();
        Self::to_vec(&entries)
    }
}
