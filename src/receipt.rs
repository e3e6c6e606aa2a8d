//! The delivery receipt: what the platform sends the recipient beside the
//! message, so that the recipient keeps exactly what was stamped. Its
//! encoding is in `wire/receipt.rs`.

use crate::Error;
use crate::commitment::{FrankingTag, Opening};
use crate::context::Context;
use crate::report::Report;
use crate::stamp::Stamp;

/// The platform's stamp with the exact franking tag and delivery context it
/// covers (SPEC.md 5.7).
///
/// The recipient cannot check a stamp (only the platform holds the key), and
/// a report whose context differs from the stamped one by a single byte fails
/// with the opaque [`Error::Invalid`]. So the platform sends the context it
/// stamped, in this canonical encoding, instead of leaving the recipient to
/// rebuild it from other metadata; the recipient stores the receipt
/// unchanged (its bytes, or with the `alloc` feature an
/// [`OwnedReceipt`](crate::OwnedReceipt)) and
/// builds its report from it.
///
/// Made by the platform with
/// [`Keyring::stamp_receipt`](crate::Keyring::stamp_receipt); decoded by the
/// recipient with [`Receipt::decode`], which borrows the ids from the input.
/// **Unverified**: nothing but the moderator's keyring can tell a genuine
/// stamp from a forged one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Receipt<'a> {
    stamp: Stamp,
    franking_tag: FrankingTag,
    context: Context<'a>,
}

impl<'a> Receipt<'a> {
    /// Assembles a receipt from its parts.
    pub const fn new(stamp: Stamp, franking_tag: FrankingTag, context: Context<'a>) -> Self {
        Self {
            stamp,
            franking_tag,
            context,
        }
    }

    /// The platform's stamp.
    pub const fn stamp(&self) -> &Stamp {
        &self.stamp
    }

    /// The franking tag the platform stamped.
    pub const fn franking_tag(&self) -> &FrankingTag {
        &self.franking_tag
    }

    /// The delivery context the platform stamped.
    pub const fn context(&self) -> &Context<'a> {
        &self.context
    }
}

/// What a recipient knows about a delivery without the receipt: the
/// sender (from the envelope or the app's session), the recipient (its own
/// id, or the room the platform stamps for, SPEC.md 15.1) and the
/// conversation (empty outside one). The receipt must name the same, or
/// its report proves something other than what the recipient saw
/// (SPEC.md 5.7).
///
/// ```
/// use franking::ExpectedDelivery;
/// let direct = ExpectedDelivery::new(b"alice", b"bob");
/// let in_room = ExpectedDelivery::new(b"alice", b"room:7").in_conversation(b"room:7");
/// assert_ne!(direct, in_room);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ExpectedDelivery<'a> {
    sender: &'a [u8],
    recipient: &'a [u8],
    conversation: &'a [u8],
}

impl<'a> ExpectedDelivery<'a> {
    /// A message from `sender` to `recipient`, outside any conversation
    /// (the receipt's conversation must be empty).
    pub const fn new(sender: &'a [u8], recipient: &'a [u8]) -> Self {
        Self {
            sender,
            recipient,
            conversation: &[],
        }
    }

    /// The same, in `conversation` (SPEC.md 15.3).
    pub const fn in_conversation(self, conversation: &'a [u8]) -> Self {
        Self {
            conversation,
            ..self
        }
    }

    /// The expected sender.
    pub const fn sender(&self) -> &'a [u8] {
        self.sender
    }

    /// The expected recipient: the recipient's own id, or its room.
    pub const fn recipient(&self) -> &'a [u8] {
        self.recipient
    }

    /// The expected conversation; empty outside one.
    pub const fn conversation(&self) -> &'a [u8] {
        self.conversation
    }
}

impl Receipt<'_> {
    /// Checks, in this order, every field of the receipt the recipient can
    /// know (SPEC.md 5.7): the franking tag against the one it checked when
    /// opening ([`Error::Invalid`]: the receipt is another message's), then
    /// the sender, the recipient and the conversation against `expected`
    /// ([`Error::ReceiptMismatch`] naming the field: the platform stamped
    /// another delivery). The timestamp, message id and sequence number are
    /// the platform's word; the stamp only the moderator can check.
    pub fn check(
        &self,
        franking_tag: &FrankingTag,
        expected: &ExpectedDelivery<'_>,
    ) -> Result<(), Error> {
        if &self.franking_tag != franking_tag {
            return Err(Error::Invalid);
        }
        let c = &self.context;
        let fields = [
            ("sender", c.sender(), expected.sender),
            ("recipient", c.recipient(), expected.recipient),
            ("conversation", c.conversation(), expected.conversation),
        ];
        for (field, named, known) in fields {
            if named != known {
                return Err(Error::ReceiptMismatch { field });
            }
        }
        Ok(())
    }
}

impl<'a> Report<'a> {
    /// Rebuilds a report from stored evidence: the receipt as the platform
    /// sent it, and the opening, header and message the recipient obtained by
    /// opening the message (or checking a layer-mode commitment).
    ///
    /// Gives the report that
    /// [`OpenedMessage::report_with_receipt`](crate::OpenedMessage::report_with_receipt)
    /// gave when the message was opened, byte for byte. [`Error::TooLong`] if
    /// the header or message exceeds its limit.
    pub fn from_receipt(
        receipt: &'a Receipt<'a>,
        opening: &'a Opening,
        header: &'a [u8],
        message: &'a [u8],
    ) -> Result<Self, Error> {
        crate::wire::check_lengths(header, message.len())?;
        Ok(Report::new(
            receipt.stamp.key_id(),
            receipt.stamp.mac().as_bytes(),
            receipt.franking_tag.as_bytes(),
            opening.as_bytes(),
            receipt.context,
            header,
            message,
        ))
    }
}
