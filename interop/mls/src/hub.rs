//! The delivery service ("hub"): relays MLS messages and stamps franking tags.
//!
//! The hub cannot decrypt anything. From each relayed application message it
//! reads only the public framing of the `PrivateMessage`: the group id, the
//! content type and the `authenticated_data`, which is the franking tag. The
//! members' MLS clients check the same `authenticated_data` (MLS binds it into
//! the message's AEAD and signature), so there is exactly one copy of the tag.
//!
//! The stamp's context comes only from the hub's own view:
//! - sender: the identity of the authenticated session that submitted the
//!   bytes (the caller of [`Hub::relay`]), never a field of the message;
//! - recipient: the group id (the room);
//! - timestamp: the hub's clock;
//! - message id: empty (the hub keeps no per-message ids);
//! - conversation: the group id, with the room's next sequence number
//!   (`Context::in_conversation`), so that reports of several messages form
//!   one conversation report whose order and gaps the moderator can check.
//!
//! Per room the hub keeps its member list (to fan out) and the next sequence
//! number; per message it keeps nothing.

use std::collections::HashMap;

use franking::{Context, FrankingTag, Keyring, Stamp};
use openmls::prelude::{ContentType, MlsMessageBodyIn, MlsMessageIn, tls_codec::Deserialize};

use crate::Error;

/// A relayed message with the hub's stamp, as every member of the room gets it.
#[derive(Clone, Debug)]
pub struct Delivery {
    /// The MLS message, byte for byte as the sender submitted it.
    pub bytes: Vec<u8>,
    /// The authenticated sender, as the hub knows it.
    pub sender: Vec<u8>,
    /// The group id: the room.
    pub room: Vec<u8>,
    /// When the hub accepted the message, in seconds since the Unix epoch.
    pub timestamp: u64,
    /// The room's sequence number for this message.
    pub seq: u64,
    /// The hub's stamp on the franking tag and this context.
    pub stamp: Stamp,
}

impl Delivery {
    /// The context the hub stamped for this delivery.
    pub fn context(&self) -> Result<Context<'_>, Error> {
        Ok(Context::new(&self.sender, &self.room, self.timestamp, &[])?
            .in_conversation(&self.room, self.seq)?)
    }
}

struct Room {
    members: Vec<Vec<u8>>,
    next_seq: u64,
}

/// The hub: a keyring that stamps, a clock, and the rooms it serves.
pub struct Hub {
    keyring: Keyring,
    clock: Box<dyn FnMut() -> u64>,
    rooms: HashMap<Vec<u8>, Room>,
}

impl Hub {
    /// A hub stamping with `keyring`'s current key at the times `clock` returns
    /// (seconds since the Unix epoch).
    pub fn new(keyring: Keyring, clock: impl FnMut() -> u64 + 'static) -> Self {
        Self {
            keyring,
            clock: Box::new(clock),
            rooms: HashMap::new(),
        }
    }

    /// Registers a room (an MLS group) and the identities allowed to post in it.
    pub fn open_room(&mut self, group_id: &[u8], members: &[&[u8]]) {
        self.rooms.insert(
            group_id.to_vec(),
            Room {
                members: members.iter().map(|m| m.to_vec()).collect(),
                next_seq: 0,
            },
        );
    }

    /// The members a delivery in `room` goes to (the sender included: its copy
    /// is its receipt, with the stamp it needs to report its own messages in
    /// context).
    pub fn members(&self, room: &[u8]) -> Vec<Vec<u8>> {
        self.rooms
            .get(room)
            .map(|r| r.members.clone())
            .unwrap_or_default()
    }

    /// Relays an application message submitted by the authenticated session
    /// of `sender`: reads the franking tag from the message's
    /// `authenticated_data`, stamps it and returns the delivery for the room.
    pub fn relay(&mut self, sender: &[u8], bytes: &[u8]) -> Result<Delivery, Error> {
        let (room_id, tag) = read_public_framing(bytes)?;
        let room = self
            .rooms
            .get_mut(&room_id)
            .ok_or(Error::Refused("unknown room"))?;
        if !room.members.iter().any(|m| m == sender) {
            return Err(Error::Refused("sender is not a member of the room"));
        }
        let seq = room.next_seq;
        room.next_seq += 1;
        let timestamp = (self.clock)();
        let context =
            Context::new(sender, &room_id, timestamp, &[])?.in_conversation(&room_id, seq)?;
        let stamp = self.keyring.stamp(&tag, &context)?;
        Ok(Delivery {
            bytes: bytes.to_vec(),
            sender: sender.to_vec(),
            room: room_id,
            timestamp,
            seq,
            stamp,
        })
    }
}

/// What the hub can see of an MLS message: the group id and, for an
/// application `PrivateMessage`, the franking tag in its `authenticated_data`.
///
/// openmls parses the `PrivateMessage` framing without any key:
/// `MlsMessageIn` -> `MlsMessageBodyIn::PrivateMessage` -> `aad()`.
pub fn read_public_framing(bytes: &[u8]) -> Result<(Vec<u8>, FrankingTag), Error> {
    let message =
        MlsMessageIn::tls_deserialize_exact(bytes).map_err(|_| Error::Malformed("MLS message"))?;
    let MlsMessageBodyIn::PrivateMessage(private) = message.extract() else {
        return Err(Error::Refused("not a PrivateMessage"));
    };
    if private.content_type() != ContentType::Application {
        return Err(Error::Refused("not an application message"));
    }
    let tag = FrankingTag::try_from(private.aad())
        .map_err(|_| Error::Refused("authenticated_data is not a franking tag"))?;
    Ok((private.group_id().as_slice().to_vec(), tag))
}
