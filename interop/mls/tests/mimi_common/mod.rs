//! Shared set-up for the MIMI flow: a hub with a scripted clock (ms), a room
//! of three users on three providers, in either cipher suite; and an
//! encoder of the report structures written from SPEC.md 17.7 and 17.9, so
//! that a test can build what an honest reporter's client would not.

#![allow(dead_code)]

use std::cell::Cell;
use std::rc::Rc;

use franking_mls::Ciphersuite;
use franking_mls::Error;
use franking_mls::mimi::frank::HubSecrets;
use franking_mls::mimi::hub::MimiHub;
use franking_mls::mimi::member::MimiMember;
use franking_mls::mimi::room::{Outcomes, deliver, form_room};
use franking_mls::mimi::wire::Fanout;

pub const HUB: &str = "mimi://hub.example";
pub const ROOM: &str = "mimi://hub.example/r/clubhouse";
pub const GROUP: &[u8] = b"mimi://hub.example/g/clubhouse";
pub const OTHER_ROOM: &str = "mimi://hub.example/r/annex";
pub const OTHER_GROUP: &[u8] = b"mimi://hub.example/g/annex";
pub const USERS: [&str; 3] = [
    "mimi://a.example/u/alice",
    "mimi://b.example/u/bob",
    "mimi://c.example/u/cathy",
];
pub const ALICE: usize = 0;
pub const BOB: usize = 1;
pub const CATHY: usize = 2;
/// The hub's clock starts here (ms since the UNIX epoch) and ticks 1.5 s
/// per message.
pub const START_MS: u64 = 1_760_000_000_000;
pub const TICK_MS: u64 = 1_500;

/// Suite 1 (Ed25519) and suite 2 (P-256): the hub signs with the scheme of
/// the room's suite.
pub const SUITES: [Ciphersuite; 2] = [
    Ciphersuite::MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519,
    Ciphersuite::MLS_128_DHKEMP256_AES128GCM_SHA256_P256,
];

pub struct World {
    pub suite: Ciphersuite,
    pub hub: MimiHub,
    pub members: Vec<MimiMember>,
    pub clock: Rc<Cell<u64>>,
}

pub fn world(suite: Ciphersuite) -> Result<World, Error> {
    let clock = Rc::new(Cell::new(START_MS));
    let tick = Rc::clone(&clock);
    let secrets = HubSecrets::generate(&mut rand::rng())?;
    let mut hub = MimiHub::new(HUB, secrets, move || {
        tick.set(tick.get() + TICK_MS);
        tick.get()
    });
    let members = form_room(&mut hub, suite, ROOM, GROUP, &USERS)?;
    Ok(World {
        suite,
        hub,
        members,
        clock,
    })
}

/// Runs `test` once per cipher suite, on a fresh world.
pub fn in_each_suite(test: impl Fn(&mut World) -> Result<(), Error>) -> Result<(), Error> {
    for suite in SUITES {
        let mut w = world(suite)?;
        test(&mut w).map_err(|e| Error::Mls(format!("{suite:?}: {e}")))?;
    }
    Ok(())
}

impl World {
    /// An honest message from `sender`, verified and kept by every member.
    /// Returns its accepted timestamp.
    pub fn say(&mut self, sender: usize, text: &str) -> Result<u64, Error> {
        let message = self.members[sender].send(text)?;
        let (response, _, outcomes) = deliver(
            &mut self.hub,
            &mut self.members,
            sender,
            ROOM,
            &message,
            |f| f,
        )?;
        for outcome in outcomes {
            outcome?;
        }
        Ok(response.timestamp)
    }

    /// Submits `message` as `sender`'s session; the other members get the
    /// fanout after `follower` has had it.
    pub fn deliver_via(
        &mut self,
        sender: usize,
        message: &[u8],
        follower: impl FnMut(Fanout) -> Fanout,
    ) -> Result<Outcomes, Error> {
        let (_, _, outcomes) = deliver(
            &mut self.hub,
            &mut self.members,
            sender,
            ROOM,
            message,
            follower,
        )?;
        Ok(outcomes)
    }

    /// How many messages each member has kept.
    pub fn kept_counts(&self) -> Vec<usize> {
        self.members.iter().map(|m| m.kept().len()).collect()
    }

    /// The evidence `member` kept for its `index`-th kept message.
    pub fn evidence(&self, member: usize, index: usize) -> Vec<u8> {
        self.members[member].kept()[index].evidence.clone()
    }

    /// A second room on the same hub with the same three users (other MLS
    /// clients), and `text` said in it by `sender`: returns that room's
    /// members.
    pub fn other_room_with(&mut self, sender: usize, text: &str) -> Result<Vec<MimiMember>, Error> {
        let mut members = form_room(&mut self.hub, self.suite, OTHER_ROOM, OTHER_GROUP, &USERS)?;
        let message = members[sender].send(text)?;
        let (_, _, outcomes) = deliver(
            &mut self.hub,
            &mut members,
            sender,
            OTHER_ROOM,
            &message,
            |f| f,
        )?;
        for outcome in outcomes {
            outcome?;
        }
        Ok(members)
    }
}

/// MLS variable-length integer (RFC 9420 2.1.2), minimal.
pub fn varint(n: usize) -> Vec<u8> {
    match n {
        0..=0x3f => vec![n as u8],
        0x40..=0x3fff => (0x4000 | n as u16).to_be_bytes().to_vec(),
        _ => (0x8000_0000 | n as u32).to_be_bytes().to_vec(),
    }
}

/// `V(x)`: an MLS vector.
pub fn vector(x: &[u8]) -> Vec<u8> {
    let mut out = varint(x.len());
    out.extend_from_slice(x);
    out
}

fn take_varint(bytes: &mut &[u8]) -> usize {
    let first = bytes[0];
    let (len, n) = match first >> 6 {
        0 => (1, usize::from(first & 0x3f)),
        1 => (2, usize::from(u16::from_be_bytes([first & 0x3f, bytes[1]]))),
        _ => (
            4,
            u32::from_be_bytes([first & 0x3f, bytes[1], bytes[2], bytes[3]]) as usize,
        ),
    };
    *bytes = &bytes[len..];
    n
}

fn take_vector(bytes: &mut &[u8]) -> Vec<u8> {
    let n = take_varint(bytes);
    let (head, tail) = bytes.split_at(n);
    *bytes = tail;
    head.to_vec()
}

/// The fields of an `AbusiveMessage` (SPEC.md 17.9), owned, to be edited
/// and encoded again as a dishonest reporter would. Parses only what the
/// tests' own members wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MessageFields {
    pub content: Vec<u8>,
    pub server_frank: [u8; 32],
    pub suite: u16,
    pub signature: Vec<u8>,
    pub timestamp: u64,
}

impl MessageFields {
    pub fn decode(mut bytes: &[u8]) -> Self {
        let content = take_vector(&mut bytes);
        let server_frank = bytes[..32].try_into().unwrap_or([0; 32]);
        let suite = u16::from_be_bytes([bytes[32], bytes[33]]);
        bytes = &bytes[34..];
        let signature = take_vector(&mut bytes);
        let timestamp = u64::from_be_bytes(bytes[..8].try_into().unwrap_or([0; 8]));
        assert_eq!(bytes.len(), 8, "an AbusiveMessage ends with its timestamp");
        Self {
            content,
            server_frank,
            suite,
            signature,
            timestamp,
        }
    }

    /// `V(content) || server_frank || u16(suite) || V(signature) || u64(ts)`.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = vector(&self.content);
        out.extend_from_slice(&self.server_frank);
        out.extend_from_slice(&self.suite.to_be_bytes());
        out.extend(vector(&self.signature));
        out.extend_from_slice(&self.timestamp.to_be_bytes());
        out
    }
}

/// An `AbuseReport` (SPEC.md 17.9) of `messages`, reason 0, no extensions.
pub fn abuse_report(reporter: &str, abuser: &str, note: &str, messages: &[Vec<u8>]) -> Vec<u8> {
    let mut out = vector(reporter.as_bytes());
    out.extend(vector(abuser.as_bytes()));
    out.push(0);
    out.extend(vector(note.as_bytes()));
    out.extend(vector(&messages.concat()));
    out.extend(vector(&[]));
    out
}
