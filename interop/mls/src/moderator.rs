//! The moderator: verifies a reported excerpt of a conversation.

use franking::Keyring;

use crate::Error;
use crate::excerpt::{self, VerifiedMessage};
use crate::payload;

/// A verified excerpt: one room, consecutive messages in the hub's order
/// (no gaps).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifiedExcerpt {
    /// The room (MLS group id).
    pub room: Vec<u8>,
    /// The messages, each verified, with consecutive sequence numbers.
    pub messages: Vec<VerifiedMessage>,
}

/// Holds the platform keyring (shared with the hub: stamps are MACs).
pub struct Moderator {
    keyring: Keyring,
}

impl Moderator {
    /// A moderator verifying stamps under `keyring`.
    pub fn new(keyring: Keyring) -> Self {
        Self { keyring }
    }

    /// Verifies an excerpt at time `now` (seconds since the Unix epoch).
    ///
    /// The crate verifies every message (commitment and stamp) and that all
    /// belong to one conversation in the hub's order; reordered or repeated
    /// messages do not even decode. Here: the excerpt must have no gaps, so
    /// a reporter can choose where an excerpt starts and ends but cannot
    /// leave out messages (a member receives every message of the room from
    /// its join on, so a gap is a message withheld); each message must be
    /// addressed to the room it is numbered in; and each header must name
    /// the room and the sender that the hub stamped. The sender is the hub's
    /// (SPEC.md 9.7), the header only has to agree with it.
    ///
    /// The platform should also check that the reporter is a member of the
    /// room, and deduplicate by each message's stamp.
    pub fn verify_excerpt(&self, now: u64, excerpt: &[u8]) -> Result<VerifiedExcerpt, Error> {
        let verified = excerpt::verify(&self.keyring, now, excerpt)?;
        if !verified.gaps.is_empty() {
            return Err(Error::ExcerptInvalid("messages left out"));
        }
        let room = verified.conversation;
        for message in &verified.messages {
            if message.room != room {
                return Err(Error::ExcerptInvalid("message addressed to another room"));
            }
            let (header_room, header_sender) = payload::parse_header(&message.header)?;
            if header_room != room.as_slice() || header_sender != message.sender.as_slice() {
                return Err(Error::ExcerptInvalid(
                    "header disagrees with the stamped context",
                ));
            }
        }
        Ok(VerifiedExcerpt {
            room,
            messages: verified.messages,
        })
    }
}
