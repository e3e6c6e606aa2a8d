//! The delivery context a platform binds into a stamp.

use crate::Error;
use crate::wire::MAX_ID_LEN;

/// Delivery metadata the platform binds into a stamp: who sent, to whom (a user
/// or a room), when (seconds since the Unix epoch, as the platform accepted
/// it), and the platform's message id. Ids are opaque byte strings of at most
/// [`MAX_ID_LEN`] bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Context<'a> {
    sender: &'a [u8],
    recipient: &'a [u8],
    timestamp: u64,
    message_id: &'a [u8],
}

impl<'a> Context<'a> {
    /// Fails with [`Error::TooLong`] if an id exceeds [`MAX_ID_LEN`] bytes.
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
        for (field, id) in [
            ("sender", sender),
            ("recipient", recipient),
            ("message id", message_id),
        ] {
            if id.len() > MAX_ID_LEN {
                return Err(Error::TooLong {
                    field,
                    max: MAX_ID_LEN,
                });
            }
        }
        Ok(Self {
            sender,
            recipient,
            timestamp,
            message_id,
        })
    }

    /// A context from ids whose lengths the caller has already checked
    /// against [`MAX_ID_LEN`].
    #[cfg(feature = "alloc")]
    pub(crate) const fn from_checked(
        sender: &'a [u8],
        recipient: &'a [u8],
        timestamp: u64,
        message_id: &'a [u8],
    ) -> Self {
        Self {
            sender,
            recipient,
            timestamp,
            message_id,
        }
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
}
