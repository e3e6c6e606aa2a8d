//! Shared set-up: a hub with a scripted clock, a moderator with the same
//! keyring, and a group of three.

#![allow(dead_code)]

use std::cell::Cell;
use std::rc::Rc;

use franking::{KeyId, KeyInterval, Keyring, PlatformKey, Report};
use franking_mls::Error;
use franking_mls::hub::Hub;
use franking_mls::member::Member;
use franking_mls::moderator::Moderator;
use franking_mls::payload::Content;
use franking_mls::room::{deliver, form_group};

pub const ROOM: &[u8] = b"room-7f3a";
pub const START: u64 = 1_760_000_000;
pub const ALICE: usize = 0;
pub const BOB: usize = 1;
pub const CAROL: usize = 2;

pub struct World {
    pub hub: Hub,
    pub moderator: Moderator,
    /// The platform keyring the hub stamps and the moderator verifies with.
    pub keyring: Keyring,
    pub members: Vec<Member>,
    /// The hub's clock: every message is accepted 60 s after the previous one.
    pub clock: Rc<Cell<u64>>,
}

pub fn world() -> Result<World, Error> {
    let keyring = Keyring::new(
        PlatformKey::generate(
            KeyId::new(1),
            KeyInterval::starting_at(START),
            &mut rand::rng(),
        )?,
        30 * 86_400,
    );
    let clock = Rc::new(Cell::new(START));
    let tick = Rc::clone(&clock);
    let mut hub = Hub::new(keyring.clone(), move || {
        tick.set(tick.get() + 60);
        tick.get()
    });
    let members = form_group(&mut hub, ROOM, &["alice", "bob", "carol"])?;
    Ok(World {
        hub,
        moderator: Moderator::new(keyring.clone()),
        keyring,
        members,
        clock,
    })
}

impl World {
    /// An honest message from `sender`, accepted by every member.
    pub fn say(&mut self, sender: usize, text: &str) -> Result<u64, Error> {
        let bytes = self.members[sender].send(&Content::text(text))?;
        let (delivery, outcomes) = deliver(&mut self.hub, &mut self.members, sender, &bytes)?;
        for outcome in outcomes {
            outcome?;
        }
        Ok(delivery.seq)
    }

    /// The evidence `member` kept for the message with sequence number `seq`.
    pub fn evidence(&self, member: usize, seq: u64) -> Vec<u8> {
        self.members[member]
            .conversation()
            .iter()
            .find(|r| r.seq == seq)
            .map(|r| r.evidence.clone())
            .unwrap_or_default()
    }

    /// How many messages `member` has accepted.
    pub fn accepted(&self, member: usize) -> usize {
        self.members[member].conversation().len()
    }
}

/// The fields of a report, owned, to be edited and encoded again (as a
/// dishonest reporter would).
#[derive(Clone)]
pub struct ReportFields {
    pub key_id: u32,
    pub stamp_mac: [u8; 32],
    pub franking_tag: [u8; 32],
    pub opening: [u8; 32],
    pub timestamp: u64,
    pub seq: u64,
    pub sender: Vec<u8>,
    pub recipient: Vec<u8>,
    pub message_id: Vec<u8>,
    pub conversation: Vec<u8>,
    pub header: Vec<u8>,
    pub message: Vec<u8>,
}

impl ReportFields {
    pub fn decode(bytes: &[u8]) -> Result<Self, Error> {
        let r = Report::decode(bytes)?;
        Ok(Self {
            key_id: r.stamp().key_id().get(),
            stamp_mac: *r.stamp().mac().as_bytes(),
            franking_tag: *r.franking_tag().as_bytes(),
            opening: *r.opening().as_bytes(),
            timestamp: r.context().timestamp(),
            seq: r.context().seq(),
            sender: r.context().sender().to_vec(),
            recipient: r.context().recipient().to_vec(),
            message_id: r.context().message_id().to_vec(),
            conversation: r.context().conversation().to_vec(),
            header: r.header().to_vec(),
            message: r.message().to_vec(),
        })
    }

    /// The report encoding of SPEC.md section 5.6, written here from the
    /// table so that a test can encode fields the library would not.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = vec![1u8];
        out.extend_from_slice(&self.key_id.to_be_bytes());
        out.extend_from_slice(&self.stamp_mac);
        out.extend_from_slice(&self.franking_tag);
        out.extend_from_slice(&self.opening);
        out.extend_from_slice(&self.timestamp.to_be_bytes());
        out.extend_from_slice(&self.seq.to_be_bytes());
        for id in [
            &self.sender,
            &self.recipient,
            &self.message_id,
            &self.conversation,
        ] {
            out.extend_from_slice(&u16::try_from(id.len()).unwrap_or(u16::MAX).to_be_bytes());
            out.extend_from_slice(id);
        }
        for field in [&self.header, &self.message] {
            out.extend_from_slice(&u32::try_from(field.len()).unwrap_or(u32::MAX).to_be_bytes());
            out.extend_from_slice(field);
        }
        out
    }
}

/// A conversation report (SPEC.md 15.5) of `entries` under `conversation`,
/// written here from the table without the checks the library's encoder
/// makes, so that a test can send what an honest reporter could not: no
/// entries, repeated or reordered ones, or entries of another conversation.
/// Each entry is the kind byte 0x01 and the 5.6 report without its version
/// byte and conversation.
pub fn conversation_report(conversation: &[u8], entries: &[ReportFields]) -> Vec<u8> {
    let mut out = vec![0x11u8];
    out.extend_from_slice(
        &u16::try_from(conversation.len())
            .unwrap_or(u16::MAX)
            .to_be_bytes(),
    );
    out.extend_from_slice(conversation);
    out.extend_from_slice(
        &u16::try_from(entries.len())
            .unwrap_or(u16::MAX)
            .to_be_bytes(),
    );
    for e in entries {
        // Kind 0x01: a message entry with its content (SPEC.md 15.5).
        out.push(0x01);
        out.extend_from_slice(&e.key_id.to_be_bytes());
        out.extend_from_slice(&e.stamp_mac);
        out.extend_from_slice(&e.franking_tag);
        out.extend_from_slice(&e.opening);
        out.extend_from_slice(&e.timestamp.to_be_bytes());
        out.extend_from_slice(&e.seq.to_be_bytes());
        for id in [&e.sender, &e.recipient, &e.message_id] {
            out.extend_from_slice(&u16::try_from(id.len()).unwrap_or(u16::MAX).to_be_bytes());
            out.extend_from_slice(id);
        }
        for field in [&e.header, &e.message] {
            out.extend_from_slice(&u32::try_from(field.len()).unwrap_or(u32::MAX).to_be_bytes());
            out.extend_from_slice(field);
        }
    }
    out
}
