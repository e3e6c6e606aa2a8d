//! The delivery context a platform binds into a stamp.

use crate::Error;
use crate::wire::MAX_ID_LEN;

/// Delivery metadata the platform binds into a stamp: who sent, to whom (a user
/// or a room), when (seconds since the Unix epoch, as the platform accepted
/// it), and the platform's message id; and, for a message in a conversation,
/// the conversation's id and the message's sequence number in it (SPEC.md
/// 15.3). Ids are opaque byte strings of at most [`MAX_ID_LEN`] bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Context<'a> {
    sender: &'a [u8],
    recipient: &'a [u8],
    timestamp: u64,
    message_id: &'a [u8],
    conversation: &'a [u8],
    seq: u64,
}

/// Fails with [`Error::TooLong`] if `id` exceeds [`MAX_ID_LEN`] bytes.
fn check_id(field: &'static str, id: &[u8]) -> Result<(), Error> {
    if id.len() > MAX_ID_LEN {
        return Err(Error::TooLong {
            field,
            max: MAX_ID_LEN,
        });
    }
    Ok(())
}

impl<'a> Context<'a> {
    /// Empty ids, timestamp 0, outside any conversation.
    pub(crate) const EMPTY: Context<'static> = Context {
        sender: &[],
        recipient: &[],
        timestamp: 0,
        message_id: &[],
        conversation: &[],
        seq: 0,
    };

    /// Fails with [`Error::TooLong`] if an id exceeds [`MAX_ID_LEN`] bytes.
    /// The context is outside any conversation (empty conversation id,
    /// sequence number 0); see [`in_conversation`](Self::in_conversation).
    ///
    /// Every field must come from the platform itself: the sender from its
    /// authenticated session, the timestamp from its own clock. A timestamp
    /// taken from the client would let a sender backdate a message so that
    /// its report is already expired.
    pub fn new(
        sender: &'a [u8],
        recipient: &'a [u8],
        timestamp: u64,
        message_id: &'a [u8],
    ) -> Result<Self, Error> {
        check_id("sender", sender)?;
        check_id("recipient", recipient)?;
        check_id("message id", message_id)?;
        Ok(Self {
            sender,
            recipient,
            timestamp,
            message_id,
            conversation: &[],
            seq: 0,
        })
    }

    /// A context from ids whose lengths are already bounded to [`MAX_ID_LEN`]
    /// bytes (by a `u16` length prefix off the wire, or by a check).
    pub(crate) const fn from_wire(
        sender: &'a [u8],
        recipient: &'a [u8],
        timestamp: u64,
        message_id: &'a [u8],
        conversation: &'a [u8],
        seq: u64,
    ) -> Self {
        Self {
            sender,
            recipient,
            timestamp,
            message_id,
            conversation,
            seq,
        }
    }

    /// This context as message `seq` of `conversation` (SPEC.md 15.3). The
    /// platform keeps one counter per conversation, increments it for every
    /// message it accepts there, and passes the new value as `seq`.
    /// [`Error::TooLong`] if the conversation id exceeds [`MAX_ID_LEN`] bytes.
    pub fn in_conversation(self, conversation: &'a [u8], seq: u64) -> Result<Self, Error> {
        check_id("conversation", conversation)?;
        Ok(Self {
            conversation,
            seq,
            ..self
        })
    }

    /// This context addressed to `recipient` instead: what a batch stamps for
    /// each member, and the sender's receipt (recipient = the sender).
    /// [`Error::TooLong`] if the id exceeds [`MAX_ID_LEN`] bytes.
    pub fn with_recipient(self, recipient: &'a [u8]) -> Result<Self, Error> {
        check_id("recipient", recipient)?;
        Ok(Self { recipient, ..self })
    }

    /// The sender's id.
    pub const fn sender(&self) -> &'a [u8] {
        self.sender
    }

    /// The recipient's (or room's) id.
    pub const fn recipient(&self) -> &'a [u8] {
        self.recipient
    }

    /// When the platform accepted the message, in seconds since the Unix epoch.
    pub const fn timestamp(&self) -> u64 {
        self.timestamp
    }

    /// The platform's message id.
    pub const fn message_id(&self) -> &'a [u8] {
        self.message_id
    }

    /// The conversation id (empty outside a conversation).
    pub const fn conversation(&self) -> &'a [u8] {
        self.conversation
    }

    /// The message's sequence number in its conversation (0 outside one).
    pub const fn seq(&self) -> u64 {
        self.seq
    }
}
