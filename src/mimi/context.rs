//! `ServerFrankingContext` (SPEC.md 17.4): the sender's and room's URIs as
//! MLS vectors and the hub's acceptance time in milliseconds.

use super::codec::{Reader, Writer, feed_varint, sum, vector_len};
use crate::Error;

/// What the hub binds a frank to: who sent, in which room, when it
/// accepted. `V(sender_uri) || V(room_uri) || u64(accepted_timestamp)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ServerFrankingContext<'a> {
    /// The sender's user URI: the one it asserted to the hub, and wrote in
    /// its content.
    pub sender_uri: &'a [u8],
    /// The room's URI.
    pub room_uri: &'a [u8],
    /// When the hub accepted the message, in milliseconds since the UNIX
    /// epoch.
    pub accepted_timestamp: u64,
}

impl<'a> ServerFrankingContext<'a> {
    /// A context; nothing is checked until it is encoded.
    pub const fn new(sender_uri: &'a [u8], room_uri: &'a [u8], accepted_timestamp: u64) -> Self {
        Self {
            sender_uri,
            room_uri,
            accepted_timestamp,
        }
    }

    /// Exact bytes of the encoding; `TooLong` if a URI has `2^30` bytes or
    /// more.
    pub fn encoded_len(&self) -> Result<usize, Error> {
        Ok(sum(&[
            vector_len("sender_uri", self.sender_uri.len())?,
            vector_len("room_uri", self.room_uri.len())?,
            8,
        ]))
    }

    /// Writes the encoding into `out`, returning its length.
    pub fn encode_into(&self, out: &mut [u8]) -> Result<usize, Error> {
        let mut w = Writer::new(out, self.encoded_len()?)?;
        self.write(&mut w)?;
        Ok(w.finish())
    }

    pub(crate) fn write(&self, w: &mut Writer<'_>) -> Result<(), Error> {
        w.vector("sender_uri", self.sender_uri)?;
        w.vector("room_uri", self.room_uri)?;
        w.put(&self.accepted_timestamp.to_be_bytes())
    }

    /// Feeds the encoding to `sink` in pieces (for MACs and signatures,
    /// without a buffer). The caller has checked `encoded_len`.
    pub(crate) fn feed(&self, sink: &mut impl FnMut(&[u8])) {
        feed_varint(self.sender_uri.len(), sink);
        sink(self.sender_uri);
        feed_varint(self.room_uri.len(), sink);
        sink(self.room_uri);
        sink(&self.accepted_timestamp.to_be_bytes());
    }

    /// Decodes an encoding, strictly: minimal varints, nothing after it.
    pub fn decode(bytes: &'a [u8]) -> Result<Self, Error> {
        let mut r = Reader::new(bytes);
        let context = Self::read(&mut r)?;
        r.finish()?;
        Ok(context)
    }

    pub(crate) fn read(r: &mut Reader<'a>) -> Result<Self, Error> {
        Ok(Self {
            sender_uri: r.vector("sender_uri")?,
            room_uri: r.vector("room_uri")?,
            accepted_timestamp: r.u64("accepted_timestamp")?,
        })
    }
}
