//! What the hub sends: the `FanoutMessage` to the room's other members (via
//! their providers), and the `SubmitMessageResponse` to the sender.
//!
//! ```text
//! struct {
//!   uint64 timestamp;            /* accepted, ms since the UNIX epoch */
//!   MLSMessage message;          /* the PrivateMessage, unchanged */
//!   optional<Frank> frank;       /* 0x00, or 0x01 || Frank */
//! } FanoutMessage;               /* -06 "Fanout Messages", application case */
//! ```
//!
//! The `Frank` bytes are `franking::mimi`'s (SPEC.md 17.7); here they are
//! carried as they are and parsed by the member that verifies them.

use openmls::prelude::MlsMessageIn;
use openmls::prelude::tls_codec::DeserializeBytes;

use crate::Error;

/// A fanned-out application message, as a follower provider receives it
/// from the hub and passes it to its clients (`POST /notify/{roomId}`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fanout {
    /// The room the hub fanned the message out in (the `{roomId}` of the
    /// request path): the room URI.
    pub room_uri: String,
    /// The `FanoutMessage`, encoded.
    pub body: Vec<u8>,
}

/// The decoded `FanoutMessage` of an application message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FanoutMessage {
    /// The hub's accepted timestamp, in milliseconds.
    pub timestamp: u64,
    /// The MLS message, byte for byte as the sender submitted it.
    pub message: Vec<u8>,
    /// The encoded `Frank`, if the hub franked the message.
    pub frank: Option<Vec<u8>>,
}

impl FanoutMessage {
    /// `u64(timestamp) || MLSMessage || optional<Frank>`.
    pub fn encode(&self) -> Vec<u8> {
        let frank_len = self.frank.as_ref().map_or(0, Vec::len);
        let mut out = Vec::with_capacity(9 + self.message.len() + frank_len);
        out.extend_from_slice(&self.timestamp.to_be_bytes());
        out.extend_from_slice(&self.message);
        match &self.frank {
            None => out.push(0),
            Some(frank) => {
                out.push(1);
                out.extend_from_slice(frank);
            }
        }
        out
    }

    /// Splits a `FanoutMessage`: the MLS message is delimited by its own
    /// encoding; an absent frank leaves no byte after the presence byte, a
    /// present one is the rest (its own decoder checks it whole).
    pub fn decode(bytes: &[u8]) -> Result<Self, Error> {
        let (timestamp, rest) = bytes
            .split_first_chunk::<8>()
            .ok_or(Error::Malformed("fanout: timestamp"))?;
        let (_, after) = MlsMessageIn::tls_deserialize_bytes(rest)
            .map_err(|_| Error::Malformed("fanout: MLS message"))?;
        let message = rest[..rest.len() - after.len()].to_vec();
        let frank = match after.split_first() {
            Some((0, [])) => None,
            Some((1, frank)) if !frank.is_empty() => Some(frank.to_vec()),
            _ => return Err(Error::Malformed("fanout: frank presence")),
        };
        Ok(Self {
            timestamp: u64::from_be_bytes(*timestamp),
            message,
            frank,
        })
    }
}

/// The hub's answer to the sender (`SubmitMessageResponse`, status
/// `accepted`): the accepted timestamp and the frank, which the sender
/// verifies and keeps as it would a received message's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubmitResponse {
    /// The accepted timestamp, in milliseconds.
    pub timestamp: u64,
    /// The encoded `Frank`.
    pub frank: Vec<u8>,
}
