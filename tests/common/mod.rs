//! Shared test helpers: a deterministic RNG, an honest end-to-end scenario, and
//! an encoder for reports written from the wire format in SPEC.md, independent
//! of the crate's own encoder, so tests can build any report, valid or not.

// Each integration test binary uses a different subset of these helpers.
#![allow(dead_code)]

use franking::rand_core::{Infallible, TryCryptoRng, TryRng};
use franking::{
    Context, Envelope, Error, FrankingTag, KeyId, KeyInterval, Keyring, MessageKey, Opening,
    PlatformKey, Report, Suite, commit_with_rng, verify,
};

/// Every cipher suite, for properties that must hold for each.
pub const SUITES: [Suite; 2] = [Suite::XChaCha20, Suite::Aes256];

pub mod room;
mod split_mix;
/// The tests' deterministic RNG.
pub use split_mix::SplitMix as TestRng;

impl TestRng {
    /// `n` pseudorandom bytes.
    pub fn bytes(&mut self, n: usize) -> Vec<u8> {
        let mut out = vec![0u8; n];
        self.try_fill_bytes(&mut out).unwrap();
        out
    }

    /// A pseudorandom array.
    pub fn array<const N: usize>(&mut self) -> [u8; N] {
        let mut out = [0u8; N];
        self.try_fill_bytes(&mut out).unwrap();
        out
    }

    /// A pseudorandom index below `n` (`n > 0`); the slight bias is irrelevant here.
    pub fn below(&mut self, n: usize) -> usize {
        (self.try_next_u64().unwrap() % n as u64) as usize
    }
}

/// An "RNG" that hands out fixed bytes, so a test can choose the opening that
/// `commit_with_rng` draws. It is a test device, not a random generator.
pub struct ReplayRng {
    bytes: Vec<u8>,
    pos: usize,
}

impl ReplayRng {
    pub fn new(bytes: &[u8]) -> Self {
        assert!(!bytes.is_empty());
        Self {
            bytes: bytes.to_vec(),
            pos: 0,
        }
    }
}

impl TryRng for ReplayRng {
    type Error = Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        let mut b = [0u8; 4];
        self.try_fill_bytes(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }
    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        let mut b = [0u8; 8];
        self.try_fill_bytes(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        for byte in dst {
            *byte = self.bytes[self.pos % self.bytes.len()];
            self.pos += 1;
        }
        Ok(())
    }
}
impl TryCryptoRng for ReplayRng {}

/// The franking tag of (header, message) under a chosen opening, computed by
/// the crate's own layer-mode commitment.
pub fn commit_with_opening(opening: &[u8; 32], header: &[u8], message: &[u8]) -> FrankingTag {
    let (drawn, tag) = commit_with_rng(&mut ReplayRng::new(opening), header, message).unwrap();
    assert_eq!(drawn.as_bytes(), opening);
    tag
}

/// Seals a copy of `message`; returns the ciphertext and the envelope.
pub fn seal(
    key: &MessageKey,
    rng: &mut TestRng,
    header: &[u8],
    message: &[u8],
) -> (Vec<u8>, Envelope) {
    let mut buf = message.to_vec();
    let envelope = key.seal_in_place_with_rng(rng, header, &mut buf).unwrap();
    (buf, envelope)
}

/// Opens a copy of `ciphertext`; on success returns the plaintext.
pub fn open(
    key: &MessageKey,
    envelope: &Envelope,
    header: &[u8],
    ciphertext: &[u8],
) -> Result<Vec<u8>, Error> {
    let mut buf = ciphertext.to_vec();
    key.open_in_place(envelope, header, &mut buf)
        .map(|opened| opened.message().to_vec())
}

/// The crate's encoding of a report.
pub fn encode(report: &Report<'_>) -> Vec<u8> {
    let mut out = vec![0u8; report.encoded_len()];
    let len = report.encode_into(&mut out).unwrap();
    assert_eq!(len, out.len());
    out
}

/// Decodes and verifies; the moderator's whole job on bytes off the wire.
pub fn verify_encoded(keyring: &Keyring, now: u64, bytes: &[u8]) -> Result<(), Error> {
    let report = Report::decode(bytes)?;
    verify(keyring, now, &report).map(|_| ())
}

/// The fields of a report, owned, in wire order (SPEC.md "Report encoding").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportParts {
    pub version: u8,
    pub key_id: u32,
    pub mac: [u8; 32],
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

/// Offset of the sender's u16 length prefix in a version-1 report encoding.
pub const SENDER_LEN_OFFSET: usize = 1 + 4 + 32 + 32 + 32 + 8 + 8;

impl ReportParts {
    pub fn of(report: &Report<'_>) -> Self {
        let c = report.context();
        Self {
            version: 1,
            key_id: report.stamp().key_id().get(),
            mac: report.stamp().mac().to_bytes(),
            franking_tag: report.franking_tag().to_bytes(),
            opening: *report.opening().as_bytes(),
            timestamp: c.timestamp(),
            seq: c.seq(),
            sender: c.sender().to_vec(),
            recipient: c.recipient().to_vec(),
            message_id: c.message_id().to_vec(),
            conversation: c.conversation().to_vec(),
            header: report.header().to_vec(),
            message: report.message().to_vec(),
        }
    }

    /// `version || u32 key id || mac || tag || opening || u64 timestamp ||
    /// u64 seq || u16-prefixed sender, recipient, message id, conversation ||
    /// u32-prefixed header and message`, big-endian.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = vec![self.version];
        out.extend_from_slice(&self.key_id.to_be_bytes());
        out.extend_from_slice(&self.mac);
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
            out.extend_from_slice(&u16::try_from(id.len()).unwrap().to_be_bytes());
            out.extend_from_slice(id);
        }
        for field in [&self.header, &self.message] {
            out.extend_from_slice(&u32::try_from(field.len()).unwrap().to_be_bytes());
            out.extend_from_slice(field);
        }
        out
    }

    /// Offsets of the six length prefixes, with their widths in bytes.
    pub fn length_prefixes(&self) -> [(usize, usize); 6] {
        let mut at = SENDER_LEN_OFFSET;
        let mut out = [(0, 0); 6];
        let fields: [(&Vec<u8>, usize); 6] = [
            (&self.sender, 2),
            (&self.recipient, 2),
            (&self.message_id, 2),
            (&self.conversation, 2),
            (&self.header, 4),
            (&self.message, 4),
        ];
        for (slot, (field, width)) in out.iter_mut().zip(fields) {
            *slot = (at, width);
            at += width + field.len();
        }
        out
    }
}

/// A key with `key`'s id and secret and another interval: what anyone holding
/// the exported bytes can build (a stamper with a wrong clock, an attacker
/// with a leaked key).
pub fn same_key_with_interval(key: &PlatformKey, interval: KeyInterval) -> PlatformKey {
    let mut bytes = *key.export_secret_bytes().as_bytes();
    PlatformKey::from_bytes(key.id(), interval, &mut bytes).unwrap()
}

/// The platform's clock when reports are verified in these tests.
pub const NOW: u64 = 1_700_000_000;
/// The keyring's maximum report age in these tests: 30 days.
pub const MAX_AGE: u64 = 30 * 86_400;

/// One honest message, end to end: sealed by the sender, stamped by the
/// platform, opened by the recipient. Everything a test needs to tamper with.
pub struct Scenario {
    pub rng: TestRng,
    pub key: MessageKey,
    pub header: Vec<u8>,
    pub message: Vec<u8>,
    pub ciphertext: Vec<u8>,
    pub envelope: Envelope,
    pub keyring: Keyring,
    pub sender: Vec<u8>,
    pub recipient: Vec<u8>,
    pub message_id: Vec<u8>,
    pub conversation: Vec<u8>,
    pub seq: u64,
    pub timestamp: u64,
}

impl Scenario {
    pub fn new(seed: u64, header: &[u8], message: &[u8]) -> Self {
        let mut rng = TestRng(seed);
        let key = MessageKey::generate(&mut rng);
        let (ciphertext, envelope) = seal(&key, &mut rng, header, message);
        let platform_key =
            PlatformKey::generate(KeyId::new(7), KeyInterval::starting_at(0), &mut rng);
        let keyring = Keyring::new(platform_key.unwrap(), MAX_AGE);
        Self {
            rng,
            key,
            header: header.to_vec(),
            message: message.to_vec(),
            ciphertext,
            envelope,
            keyring,
            sender: b"alice@example".to_vec(),
            recipient: b"room:bob+carol".to_vec(),
            message_id: b"msg-000042".to_vec(),
            conversation: b"room:bob+carol".to_vec(),
            seq: 42,
            timestamp: NOW - 3_600,
        }
    }

    pub fn context(&self) -> Context<'_> {
        Context::new(
            &self.sender,
            &self.recipient,
            self.timestamp,
            &self.message_id,
        )
        .unwrap()
        .in_conversation(&self.conversation, self.seq)
        .unwrap()
    }

    /// The platform's stamp on the franking tag it saw.
    pub fn stamp(&self) -> franking::Stamp {
        self.keyring
            .stamp(self.envelope.franking_tag(), &self.context())
            .unwrap()
    }

    /// The recipient opens the message and encodes a report of it.
    pub fn report_bytes(&self) -> Vec<u8> {
        self.report_bytes_with_stamp(&self.stamp())
    }

    /// A report of the message whose stamp `key` made (whatever the keyring).
    pub fn report_bytes_by(&self, key: &PlatformKey) -> Vec<u8> {
        let stamp = key
            .stamp(self.envelope.franking_tag(), &self.context())
            .unwrap();
        self.report_bytes_with_stamp(&stamp)
    }

    /// A report of the message carrying `stamp`.
    pub fn report_bytes_with_stamp(&self, stamp: &franking::Stamp) -> Vec<u8> {
        let mut buf = self.ciphertext.clone();
        let opened = self
            .key
            .open_in_place(&self.envelope, &self.header, &mut buf)
            .unwrap();
        assert_eq!(opened.message(), &self.message[..]);
        let context = self.context();
        encode(&opened.report(&context, stamp))
    }

    /// The honest report's fields.
    pub fn report_parts(&self) -> ReportParts {
        let bytes = self.report_bytes();
        ReportParts::of(&Report::decode(&bytes).unwrap())
    }

    /// The honest report's opening.
    pub fn opening(&self) -> Opening {
        Opening::from_bytes(self.report_parts().opening)
    }

    /// Verifies encoded report bytes against this scenario's keyring at [`NOW`].
    pub fn verify(&self, bytes: &[u8]) -> Result<(), Error> {
        verify_encoded(&self.keyring, NOW, bytes)
    }
}

/// Byte positions to tamper with in a buffer of length `len`: all of them when
/// short, otherwise both ends, every 8 KiB chunk boundary and a pseudorandom sample.
pub fn positions(len: usize, rng: &mut TestRng) -> Vec<usize> {
    if len <= 300 {
        return (0..len).collect();
    }
    let mut out = vec![0, 1, 31, 32, 63, 64, 65, len - 2, len - 1];
    let mut boundary = 8192;
    while boundary < len {
        out.extend(
            [boundary - 1, boundary, boundary + 1]
                .iter()
                .filter(|&&p| p < len),
        );
        boundary += 8192;
    }
    out.extend((0..8).map(|_| rng.below(len)));
    out.sort_unstable();
    out.dedup();
    out
}

/// Message lengths around the 64-byte keystream block and the 8 KiB chunk.
pub const SIZES: &[usize] = &[
    0, 1, 2, 31, 32, 33, 63, 64, 65, 127, 128, 129, 1000, 8191, 8192, 8193, 16383, 16384, 16385,
    20000,
];
