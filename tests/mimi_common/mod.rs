//! What the MIMI profile's tests, vector generator and fuzz seeds share:
//! fixed keys and messages, a hub that franks them, and the receiver's and
//! hub's views (SPEC.md 17).
#![allow(dead_code)]

use franking::Error;
use franking::mimi::{
    AbusiveMessage, CipherSuite, ContentFields, Frank, FrankingTag, HubKey, HubSigningKey,
    HubVerifyingKey, ReceivedMessage, ReceiverView, Salt, ServerFrankingContext, SignedFrank,
};

pub const SUITES: [CipherSuite; 3] = [
    CipherSuite::X25519Aes128GcmEd25519,
    CipherSuite::P256Aes128GcmP256,
    CipherSuite::X25519ChaCha20Poly1305Ed25519,
];

pub const SENDER: &[u8] = b"mimi://b.example/u/alice";
pub const ROOM: &[u8] = b"mimi://hub.example/r/Rl33FWLCYWOwxHrYnpWDQg";
pub const TIMESTAMP: u64 = 1_777_104_000_123;

/// A fixed byte pattern of `len` bytes, distinct per `seed`.
pub fn pattern(seed: u8, len: usize) -> Vec<u8> {
    (0..len)
        .map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed))
        .collect()
}

pub fn array32(seed: u8) -> [u8; 32] {
    pattern(seed, 32).try_into().unwrap()
}

pub fn hub_key(seed: u8) -> HubKey {
    HubKey::from_bytes(&array32(seed))
}

/// The hub's signing key for `suite`; its 32 bytes are below P-256's order.
pub fn signing_key_bytes(suite: CipherSuite, seed: u8) -> [u8; 32] {
    let mut bytes = array32(seed.wrapping_add(suite.to_u16() as u8));
    bytes[0] &= 0x7f;
    bytes
}

pub fn signing_key(suite: CipherSuite, seed: u8) -> HubSigningKey {
    HubSigningKey::from_bytes(suite, &signing_key_bytes(suite, seed)).unwrap()
}

pub fn salt(seed: u8) -> Salt {
    Salt::from_bytes(pattern(seed, 16).try_into().unwrap())
}

/// A stand-in for a MIMI content's CBOR: the salt, then the URIs, then the
/// text (the crate reads none of it: the tag covers the bytes as they are).
pub fn content(salt: &Salt, sender: &[u8], room: &[u8], text: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(salt.as_bytes());
    for part in [sender, room, text] {
        out.push(part.len() as u8);
        out.extend_from_slice(part);
    }
    out
}

/// Reads back what `content` wrote, as a hub's content parser would.
pub fn parse(content: &[u8]) -> Result<ContentFields<'_>, Error> {
    let bad = Error::Malformed {
        field: "content",
        offset: 0,
    };
    let (salt, mut rest) = content.split_first_chunk::<16>().ok_or(bad)?;
    let mut next = || -> Result<&[u8], Error> {
        let (&len, tail) = rest.split_first().ok_or(bad)?;
        let (part, tail) = tail.split_at_checked(usize::from(len)).ok_or(bad)?;
        rest = tail;
        Ok(part)
    };
    let sender_uri = next()?;
    let room_uri = next()?;
    Ok(ContentFields {
        salt: Salt::from_bytes(*salt),
        sender_uri,
        room_uri,
    })
}

/// A message the hub franked: its content, tag, frank and time.
pub struct Franked {
    pub salt: Salt,
    pub content: Vec<u8>,
    pub tag: FrankingTag,
    pub frank: SignedFrank,
    pub sender: Vec<u8>,
    pub room: Vec<u8>,
    pub timestamp: u64,
}

impl Franked {
    pub fn new(
        hub: &HubKey,
        signer: &HubSigningKey,
        seed: u8,
        sender: &[u8],
        room: &[u8],
        timestamp: u64,
    ) -> Self {
        let salt = salt(seed);
        let content = content(&salt, sender, room, &pattern(seed ^ 0x5a, 40));
        let tag = FrankingTag::compute(&salt, &content);
        let context = ServerFrankingContext::new(sender, room, timestamp);
        let frank = SignedFrank::new(hub, signer, &tag, &context).unwrap();
        Self {
            salt,
            content,
            tag,
            frank,
            sender: sender.to_vec(),
            room: room.to_vec(),
            timestamp,
        }
    }

    pub fn received(&self) -> ReceivedMessage<'_> {
        ReceivedMessage {
            franking_tag: &self.tag,
            application_data: &self.content,
            salt: &self.salt,
            sender_uri: &self.sender,
            room_uri: &self.room,
            accepted_timestamp: self.timestamp,
            frank: self.frank.as_frank(),
        }
    }

    pub fn abusive(&self) -> AbusiveMessage<'_> {
        AbusiveMessage {
            message_content: &self.content,
            frank: self.frank.as_frank(),
            accepted_timestamp: self.timestamp,
        }
    }

    pub fn frank_bytes(&self) -> Vec<u8> {
        encode_frank(&self.frank.as_frank())
    }
}

pub fn encode_frank(frank: &Frank<'_>) -> Vec<u8> {
    let mut out = vec![0u8; frank.encoded_len().unwrap()];
    assert_eq!(frank.encode_into(&mut out).unwrap(), out.len());
    out
}

pub fn view<'a>(key: &'a HubVerifyingKey) -> ReceiverView<'a> {
    ReceiverView {
        franking_agent_key: key,
        credential_user_uri: SENDER,
        room_uri: ROOM,
    }
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn unhex(s: &str) -> Vec<u8> {
    assert!(s.len().is_multiple_of(2), "odd hex");
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}
