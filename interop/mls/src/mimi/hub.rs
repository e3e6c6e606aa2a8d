//! The hub provider in the MIMI profile: owns the room, franks and signs
//! every application message it accepts, fans it out, and verifies abuse
//! reports.
//!
//! The hub decrypts nothing. From a submitted PrivateMessage it reads the
//! public framing (group id, content type) and the `authenticated_data`,
//! whose Safe AAD holds the `frank_aad` tag; it parses that Safe AAD with
//! `franking::mimi`'s strict reader, independently of the members' openmls.
//! The context it franks is its own: the sender URI the authenticated
//! submission asserted (`sendingUri`), the room's URI, its clock in
//! milliseconds, raised where needed so that each sender's timestamps in a
//! room strictly increase (SPEC.md 17.8 step 3: the members rely on it).

use std::collections::HashMap;

use franking::mimi::FrankingTag;
use openmls::prelude::{
    Ciphersuite, ContentType, MlsMessageBodyIn, MlsMessageIn, tls_codec::Deserialize,
};

use super::agent::{FRANK_AAD, FrankingAgent};
use super::frank::{self, HubSecrets, VerifiedMessage};
use super::wire::{Fanout, FanoutMessage, SubmitResponse};
use crate::Error;

struct Room {
    group_id: Vec<u8>,
    ciphersuite: Ciphersuite,
    participants: Vec<String>,
    /// The last `accepted_timestamp` given to each participant's messages
    /// in this room.
    last_timestamps: HashMap<String, u64>,
}

/// The hub: its franking secrets, a clock, and the rooms it hosts.
pub struct MimiHub {
    uri: String,
    secrets: HubSecrets,
    clock: Box<dyn FnMut() -> u64>,
    rooms: HashMap<String, Room>,
}

/// A verified abuse report: who it accuses, and each message the hub
/// franked, as the hub now knows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifiedReport {
    /// The reporting user, as the report names it (a claim).
    pub reporting_user: String,
    /// The alleged abuser: the sender of every reported message.
    pub alleged_abuser: String,
    /// The messages, in the report's order.
    pub messages: Vec<VerifiedMessage>,
}

impl MimiHub {
    /// A hub `uri` (e.g. `mimi://hub.example`) franking with `secrets` at
    /// the times `clock` returns (milliseconds since the UNIX epoch).
    pub fn new(uri: &str, secrets: HubSecrets, clock: impl FnMut() -> u64 + 'static) -> Self {
        Self {
            uri: uri.to_owned(),
            secrets,
            clock: Box::new(clock),
            rooms: HashMap::new(),
        }
    }

    /// The hub as franking agent of a room in `ciphersuite`: what the room's
    /// creator puts in the GroupContext.
    pub fn franking_agent(&self, ciphersuite: Ciphersuite) -> Result<FrankingAgent, Error> {
        Ok(FrankingAgent {
            signature_key: self.secrets.verifying_key(ciphersuite)?,
            hub_uri: self.uri.clone(),
        })
    }

    /// Registers the room `room_uri`, its MLS group and cipher suite, and
    /// its participants.
    pub fn open_room(
        &mut self,
        room_uri: &str,
        group_id: &[u8],
        ciphersuite: Ciphersuite,
        participants: &[&str],
    ) {
        self.rooms.insert(
            room_uri.to_owned(),
            Room {
                group_id: group_id.to_vec(),
                ciphersuite,
                participants: participants.iter().map(|p| (*p).to_owned()).collect(),
                last_timestamps: HashMap::new(),
            },
        );
    }

    /// The hub's franking secrets (to rotate the hub key).
    pub fn secrets_mut(&mut self) -> &mut HubSecrets {
        &mut self.secrets
    }

    /// `POST /submitMessage/{room_uri}` from the authenticated session of
    /// `sending_uri`: checks the message is an application PrivateMessage of
    /// the room's group with a `frank_aad` tag, franks it, and returns the
    /// response for the sender and the fanout for everyone else.
    pub fn submit(
        &mut self,
        room_uri: &str,
        sending_uri: &str,
        message: &[u8],
    ) -> Result<(SubmitResponse, Fanout), Error> {
        let (group_id, tag) = read_public_framing(message)?;
        let room = self
            .rooms
            .get_mut(room_uri)
            .ok_or(Error::Refused("unknown room"))?;
        if room.group_id != group_id {
            return Err(Error::Refused("message of another group"));
        }
        if !room.participants.iter().any(|p| p == sending_uri) {
            return Err(Error::Refused("sender is not a participant"));
        }
        // Strictly increasing per (sender, room), as SPEC.md 17.8 step 3
        // says a hub of this profile should keep them, whatever the clock
        // does (two messages in one millisecond, a clock set back): the
        // members check it.
        let clock = (self.clock)();
        let timestamp = match room.last_timestamps.get(sending_uri) {
            Some(&last) => clock.max(
                last.checked_add(1)
                    .ok_or(Error::Refused("the sender's timestamps are exhausted"))?,
            ),
            None => clock,
        };
        let frank = self
            .secrets
            .frank(room.ciphersuite, &tag, sending_uri, room_uri, timestamp)?;
        room.last_timestamps
            .insert(sending_uri.to_owned(), timestamp);
        let body = FanoutMessage {
            timestamp,
            message: message.to_vec(),
            frank: Some(frank.clone()),
        }
        .encode();
        Ok((
            SubmitResponse { timestamp, frank },
            Fanout {
                room_uri: room_uri.to_owned(),
                body,
            },
        ))
    }

    /// `POST /reportAbuse/{room_uri}`: verifies every reported message (its
    /// content, under each of the hub's keys, and the signature), that each
    /// was sent in this room, and by the alleged abuser.
    pub fn verify_report(&self, room_uri: &str, report: &[u8]) -> Result<VerifiedReport, Error> {
        let room = self
            .rooms
            .get(room_uri)
            .ok_or(Error::Refused("unknown room"))?;
        frank::verify_report(&self.secrets, room.ciphersuite, room_uri, report)
    }
}

/// What the hub can see of a submitted MLS message: the group id, and the
/// `frank_aad` tag from the Safe AAD at the start of the PrivateMessage's
/// `authenticated_data`.
pub fn read_public_framing(message: &[u8]) -> Result<(Vec<u8>, FrankingTag), Error> {
    let parsed = MlsMessageIn::tls_deserialize_exact(message)
        .map_err(|_| Error::Malformed("MLS message"))?;
    let MlsMessageBodyIn::PrivateMessage(private) = parsed.extract() else {
        return Err(Error::Refused("not a PrivateMessage"));
    };
    if private.content_type() != ContentType::Application {
        return Err(Error::Refused("not an application message"));
    }
    let (tag, _non_safe_aad) = FrankingTag::find_in_safe_aad(private.aad(), FRANK_AAD)
        .map_err(|_| Error::Refused("authenticated_data is not a Safe AAD"))?;
    let tag = tag.ok_or(Error::Refused("no frank_aad in the Safe AAD"))?;
    Ok((private.group_id().as_slice().to_vec(), tag))
}
