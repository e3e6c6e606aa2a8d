//! The moderator: verifies a reported excerpt of a conversation.

use franking::Keyring;

use crate::Error;
use crate::excerpt::{self, VerifiedMessage};
use crate::payload;

/// A verified excerpt: one room, consecutive messages in the hub's order.
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
    /// Each message's report must verify (commitment and stamp); all must be
    /// in one room with consecutive sequence numbers, so a reporter can choose
    /// where an excerpt starts and ends but cannot leave out, reorder or mix
    /// in messages; and each header must name the room and the sender that
    /// the hub stamped. The sender is the hub's (SPEC.md 9.7), the header
    /// only has to agree with it.
    ///
    /// The platform should also check that the reporter is a member of the
    /// room, and deduplicate by each message's stamp.
    pub fn verify_excerpt(&self, now: u64, excerpt: &[u8]) -> Result<VerifiedExcerpt, Error> {
        let messages = excerpt::verify(&self.keyring, now, excerpt)?;
        let first = messages
            .first()
            .ok_or(Error::ExcerptInvalid("empty excerpt"))?;
        let room = first.room.clone();
        let mut expected_seq = first.seq;
        for message in &messages {
            if message.room != room {
                return Err(Error::ExcerptInvalid("messages from different rooms"));
            }
            if message.seq != expected_seq {
                return Err(Error::ExcerptInvalid(
                    "sequence numbers are not consecutive",
                ));
            }
            expected_seq = expected_seq
                .checked_add(1)
                .ok_or(Error::ExcerptInvalid("sequence number overflow"))?;
            let (header_room, header_sender) = payload::parse_header(&message.header)?;
            if header_room != room.as_slice() || header_sender != message.sender.as_slice() {
                return Err(Error::ExcerptInvalid(
                    "header disagrees with the stamped context",
                ));
            }
        }
        Ok(VerifiedExcerpt { room, messages })
    }
}
