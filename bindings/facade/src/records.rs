//! The plain records every role passes around.

use franking::Context;

use crate::error::Result;

/// A cipher suite (SPEC.md 3): XChaCha20 (the default) or AES-256.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Suite {
    /// XChaCha20 keystream, HMAC-SHA-256 tags.
    #[default]
    XChaCha20,
    /// AES-256 keystream, HMAC-SHA-256 tags.
    Aes256,
}

impl From<Suite> for franking::Suite {
    fn from(s: Suite) -> Self {
        match s {
            Suite::XChaCha20 => franking::Suite::XChaCha20,
            Suite::Aes256 => franking::Suite::Aes256,
        }
    }
}

impl From<franking::Suite> for Suite {
    fn from(s: franking::Suite) -> Self {
        match s {
            franking::Suite::Aes256 => Suite::Aes256,
            _ => Suite::XChaCha20,
        }
    }
}

/// What the platform binds into a stamp (SPEC.md 5): who sent to whom, when,
/// under which message id, and, in a conversation (a non-empty
/// `conversation`), the message's sequence number in it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct DeliveryContext {
    /// The sender's account id.
    pub sender: Vec<u8>,
    /// The recipient's account id.
    pub recipient: Vec<u8>,
    /// Seconds since the Unix epoch, the platform's clock.
    pub timestamp: u64,
    /// The platform's message id.
    pub message_id: Vec<u8>,
    /// The conversation id; empty outside any conversation.
    pub conversation: Vec<u8>,
    /// The sequence number in the conversation; 0 outside any.
    pub seq: u64,
}

impl DeliveryContext {
    /// The crate's view of this context, with every length checked.
    pub(crate) fn view(&self) -> Result<Context<'_>> {
        let c = Context::new(
            &self.sender,
            &self.recipient,
            self.timestamp,
            &self.message_id,
        )?;
        if self.conversation.is_empty() && self.seq == 0 {
            Ok(c)
        } else {
            Ok(c.in_conversation(&self.conversation, self.seq)?)
        }
    }

    /// An owned copy of a crate context.
    pub(crate) fn of(c: &Context<'_>) -> Self {
        Self {
            sender: c.sender().to_vec(),
            recipient: c.recipient().to_vec(),
            timestamp: c.timestamp(),
            message_id: c.message_id().to_vec(),
            conversation: c.conversation().to_vec(),
            seq: c.seq(),
        }
    }
}

/// What a recipient expects of a receipt (SPEC.md 9): its own id as the
/// recipient, the sender it saw, and the conversation (empty: none).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ExpectedDelivery {
    /// The sender the recipient's client saw.
    pub sender: Vec<u8>,
    /// The recipient itself.
    pub recipient: Vec<u8>,
    /// The conversation the message arrived in; empty outside any.
    pub conversation: Vec<u8>,
}

impl ExpectedDelivery {
    pub(crate) fn view(&self) -> franking::ExpectedDelivery<'_> {
        let e = franking::ExpectedDelivery::new(&self.sender, &self.recipient);
        if self.conversation.is_empty() {
            e
        } else {
            e.in_conversation(&self.conversation)
        }
    }
}
