//! The MIMI profile's fuzz fixtures (SPEC.md 17): a hub with fixed keys,
//! a few genuine franked messages, and an independent reference parser of
//! every MIMI encoding (its own varint and vector reader, written from
//! SPEC.md 17.2 and 17.9, sharing no code with the library's).

use franking::Error;
use franking::mimi::{
    AbusiveMessage, CipherSuite, ContentFields, FrankingTag, HubKey, HubSigningKey,
    HubVerifyingKey, NewAbuseReport, Salt, ServerFrankingContext, SignedFrank,
};

/// The three suites, in MLS order.
pub const SUITES: [CipherSuite; 3] = [
    CipherSuite::X25519Aes128GcmEd25519,
    CipherSuite::P256Aes128GcmP256,
    CipherSuite::X25519ChaCha20Poly1305Ed25519,
];
pub const SENDER: &[u8] = b"mimi://b.example/u/alice";
pub const ROOM: &[u8] = b"mimi://hub.example/r/clubhouse";
pub const TIMESTAMP: u64 = 1_777_104_000_123;

fn bytes32(seed: u8) -> [u8; 32] {
    core::array::from_fn(|i| seed.wrapping_add(i as u8) & 0x7f)
}

/// The hub's keys: the current one (index 0) and a retired one.
pub fn hub_keys() -> [HubKey; 2] {
    [
        HubKey::from_bytes(&bytes32(0x31)),
        HubKey::from_bytes(&bytes32(0x32)),
    ]
}

pub fn signing_key(suite: CipherSuite) -> HubSigningKey {
    HubSigningKey::from_bytes(suite, &bytes32(0x40 + suite.to_u16() as u8)).unwrap()
}

pub fn verifying_keys() -> Vec<HubVerifyingKey> {
    SUITES
        .iter()
        .map(|s| signing_key(*s).verifying_key())
        .collect()
}

/// A content stand-in: the salt, then `u8(len) || uri` twice, then text.
pub fn content(seed: u8, text: &[u8]) -> Vec<u8> {
    let mut out: Vec<u8> = (0..16).map(|i| seed ^ i).collect();
    for part in [SENDER, ROOM, text] {
        out.push(part.len() as u8);
        out.extend_from_slice(part);
    }
    out
}

/// The hub's parser of [`content`].
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

/// A message franked by the hub with key `key` under `suite`.
pub struct Genuine {
    pub content: Vec<u8>,
    pub salt: Salt,
    pub tag: FrankingTag,
    pub frank: SignedFrank,
    pub timestamp: u64,
}

impl Genuine {
    pub fn new(seed: u8, key: usize, suite: CipherSuite) -> Self {
        let content = content(seed, b"you will regret this");
        let fields = parse(&content).unwrap();
        let salt = fields.salt;
        let tag = FrankingTag::compute(&salt, &content);
        let timestamp = TIMESTAMP + u64::from(seed);
        let context = ServerFrankingContext::new(SENDER, ROOM, timestamp);
        let frank =
            SignedFrank::new(&hub_keys()[key], &signing_key(suite), &tag, &context).unwrap();
        Self {
            content,
            salt,
            tag,
            frank,
            timestamp,
        }
    }

    pub fn abusive(&self) -> AbusiveMessage<'_> {
        AbusiveMessage {
            message_content: &self.content,
            frank: self.frank.as_frank(),
            accepted_timestamp: self.timestamp,
        }
    }
}

/// Three genuine messages: suites 1, 2, 3; the second under the retired key.
pub fn genuine() -> Vec<Genuine> {
    SUITES
        .iter()
        .enumerate()
        .map(|(i, s)| Genuine::new(i as u8, i % 2, *s))
        .collect()
}

/// An abuse report of `messages`, encoded by the library.
pub fn report(messages: &[AbusiveMessage<'_>]) -> Vec<u8> {
    let r = NewAbuseReport {
        reporting_user: b"mimi://c.example/u/cathy",
        alleged_abuser_uri: SENDER,
        reason_code: 0,
        note: "threats",
        messages,
        extensions: &[],
    };
    let mut out = vec![0u8; r.encoded_len().unwrap()];
    r.encode_into(&mut out).unwrap();
    out
}

// --- the reference parser -------------------------------------------------

/// A reader that answers `None` on any malformation (SPEC.md 17.2).
pub struct Cursor<'a> {
    pub rest: &'a [u8],
}

impl<'a> Cursor<'a> {
    pub fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if n > self.rest.len() {
            return None;
        }
        let (head, tail) = self.rest.split_at(n);
        self.rest = tail;
        Some(head)
    }

    pub fn int(&mut self, width: usize) -> Option<u64> {
        Some(
            self.take(width)?
                .iter()
                .fold(0u64, |a, b| (a << 8) | u64::from(*b)),
        )
    }

    /// Two bits of length class, then the value; the shortest form only.
    pub fn varint(&mut self) -> Option<usize> {
        let first = *self.rest.first()?;
        let width = match first >> 6 {
            0 => 1,
            1 => 2,
            2 => 4,
            _ => return None,
        };
        let raw = self.int(width)? as usize;
        let value = raw & ((1usize << (8 * width - 2)) - 1);
        let shortest = if value < 64 {
            1
        } else if value < 16384 {
            2
        } else {
            4
        };
        (shortest == width).then_some(value)
    }

    pub fn vector(&mut self) -> Option<&'a [u8]> {
        let n = self.varint()?;
        self.take(n)
    }
}

/// A frank's fields: server frank, suite, signature.
pub type RefFrank<'a> = (&'a [u8], u16, &'a [u8]);

pub fn ref_frank<'a>(c: &mut Cursor<'a>) -> Option<RefFrank<'a>> {
    Some((c.take(32)?, c.int(2)? as u16, c.vector()?))
}

/// An abusive message's fields: content, frank, timestamp.
pub type RefMessage<'a> = (&'a [u8], RefFrank<'a>, u64);

pub fn ref_message<'a>(c: &mut Cursor<'a>) -> Option<RefMessage<'a>> {
    Some((c.vector()?, ref_frank(c)?, c.int(8)?))
}

/// A whole report: reporter, abuser, reason, note, messages, extensions.
pub struct RefReport<'a> {
    pub reporting_user: &'a [u8],
    pub alleged_abuser_uri: &'a [u8],
    pub reason: u8,
    pub note: &'a [u8],
    pub messages: Vec<RefMessage<'a>>,
    pub extensions: Vec<(u16, &'a [u8])>,
}

pub fn ref_report(bytes: &[u8]) -> Option<RefReport<'_>> {
    let mut c = Cursor { rest: bytes };
    let reporting_user = c.vector()?;
    let alleged_abuser_uri = c.vector()?;
    let reason = c.int(1)? as u8;
    let note = c.vector()?;
    core::str::from_utf8(note).ok()?;
    let mut list = Cursor { rest: c.vector()? };
    let mut messages = Vec::new();
    while !list.rest.is_empty() {
        messages.push(ref_message(&mut list)?);
    }
    let mut list = Cursor { rest: c.vector()? };
    let mut extensions = Vec::new();
    while !list.rest.is_empty() {
        extensions.push((list.int(2)? as u16, list.vector()?));
    }
    c.rest.is_empty().then_some(RefReport {
        reporting_user,
        alleged_abuser_uri,
        reason,
        note,
        messages,
        extensions,
    })
}
