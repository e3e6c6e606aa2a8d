//! A reported excerpt of a conversation: how it travels and how each of its
//! messages is verified.
//!
//! Today an excerpt is a sequence of single-message `franking::Report`s, each
//! verified on its own by `franking::verify`; the moderator then checks that
//! they form one unbroken stretch of one room ([`crate::moderator`]).
//! When the franking crate gains conversation reports, [`encode`] and
//! [`verify`] are the only code to change: the member and the moderator call
//! nothing else that knows the excerpt's format.
//!
//! Encoding: `u32(count)`, then for each message `u32(len) || report`, in
//! order, with nothing after the last.

use franking::{Keyring, Report, Stamp};

use crate::Error;
use crate::payload::Content;

/// One message of an excerpt whose report verified.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifiedMessage {
    /// The room (MLS group id) the hub stamped.
    pub room: Vec<u8>,
    /// The sender the hub stamped (from its authenticated session).
    pub sender: Vec<u8>,
    /// When the hub accepted the message.
    pub timestamp: u64,
    /// The room's sequence number the hub stamped.
    pub seq: u64,
    /// The committed header, as the sender wrote it.
    pub header: Vec<u8>,
    /// The committed content, parsed with the members' parser.
    pub content: Content,
    /// The hub's stamp, to deduplicate reports by.
    pub stamp: Stamp,
}

/// Encodes the reports of an excerpt, in conversation order.
pub fn encode(reports: &[&[u8]]) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(&len_u32(reports.len()).to_be_bytes());
    for report in reports {
        out.extend_from_slice(&len_u32(report.len()).to_be_bytes());
        out.extend_from_slice(report);
    }
    out
}

/// Decodes an excerpt and verifies the report of every message, in order.
/// Any report that does not verify fails the whole excerpt.
pub fn verify(keyring: &Keyring, now: u64, excerpt: &[u8]) -> Result<Vec<VerifiedMessage>, Error> {
    let mut rest = excerpt;
    let count = take_u32(&mut rest)?;
    let mut messages = Vec::new();
    for _ in 0..count {
        let len = usize::try_from(take_u32(&mut rest)?).map_err(|_| Error::Malformed("length"))?;
        if rest.len() < len {
            return Err(Error::Malformed("excerpt truncated"));
        }
        let (bytes, tail) = rest.split_at(len);
        rest = tail;
        let report = Report::decode(bytes)?;
        let verified = franking::verify(keyring, now, &report)?;
        let seq = <[u8; 8]>::try_from(verified.message_id())
            .map(u64::from_be_bytes)
            .map_err(|_| Error::Malformed("message id is not a sequence number"))?;
        messages.push(VerifiedMessage {
            room: verified.recipient().to_vec(),
            sender: verified.sender().to_vec(),
            timestamp: verified.timestamp(),
            seq,
            header: verified.header().to_vec(),
            content: Content::decode(verified.message())?,
            stamp: *verified.stamp(),
        });
    }
    if !rest.is_empty() {
        return Err(Error::Malformed("bytes after the excerpt"));
    }
    Ok(messages)
}

fn len_u32(len: usize) -> u32 {
    // A report here is far below 4 GiB, and so is an excerpt's count.
    u32::try_from(len).unwrap_or(u32::MAX)
}

fn take_u32(rest: &mut &[u8]) -> Result<u32, Error> {
    let Some((head, tail)) = rest.split_first_chunk::<4>() else {
        return Err(Error::Malformed("excerpt truncated"));
    };
    *rest = tail;
    Ok(u32::from_be_bytes(*head))
}
