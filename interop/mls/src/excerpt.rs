//! A reported excerpt of a conversation: how it travels and how it is
//! verified.
//!
//! An excerpt is the franking crate's conversation report (SPEC.md 15.5):
//! one conversation id (the room), then the members' kept reports of its
//! messages in strictly increasing sequence number. [`verify`] hands it to
//! `franking::verify_conversation`, which checks every message and returns
//! them in the hub's order with the gaps between them.
//! The member and the moderator call nothing else that knows the format.

use franking::conversation::Gap;
use franking::{ConversationReport, Keyring, Report, Stamp, verify_conversation};

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

/// A verified conversation report: what the crate's verdict proves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifiedConversation {
    /// The conversation id every stamp binds: the room the hub numbered.
    pub conversation: Vec<u8>,
    /// The messages, in the hub's order.
    pub messages: Vec<VerifiedMessage>,
    /// Where messages of the room between the first and the last reported
    /// one are left out.
    pub gaps: Vec<Gap>,
}

/// Encodes the kept reports of an excerpt (single-message reports of one
/// room, in increasing sequence number) as one conversation report.
///
/// The crate refuses what it could not decode: no reports, reports of
/// different rooms, or sequence numbers out of order or repeated.
pub fn encode(reports: &[&[u8]]) -> Result<Vec<u8>, Error> {
    let reports = reports
        .iter()
        .map(|bytes| Report::decode(bytes))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(ConversationReport::to_vec(&reports)?)
}

/// Decodes an excerpt and verifies all its messages in one call. Reordered
/// or repeated messages fail at decoding, before any cryptography; any
/// message that does not verify fails the whole excerpt.
pub fn verify(keyring: &Keyring, now: u64, excerpt: &[u8]) -> Result<VerifiedConversation, Error> {
    let report = ConversationReport::decode(excerpt)?;
    let verdict = verify_conversation(keyring, now, &report)?;
    // The hub's excerpts carry messages only; a stamp-only entry (a message
    // shown by its receipt, SPEC.md 15.5) would be left out of this list,
    // and never counts as a gap.
    let messages = verdict
        .messages()
        .map(|m| {
            Ok(VerifiedMessage {
                room: m.recipient().to_vec(),
                sender: m.sender().to_vec(),
                timestamp: m.timestamp(),
                seq: m.seq(),
                header: m.header().to_vec(),
                content: Content::decode(m.message())?,
                stamp: *m.stamp(),
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    Ok(VerifiedConversation {
        conversation: verdict.conversation().to_vec(),
        messages,
        gaps: verdict.gaps().collect(),
    })
}
