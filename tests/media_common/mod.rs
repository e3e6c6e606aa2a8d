//! Shared helpers for the media tests: seal an attachment in memory, send it
//! in a franked media message, and build media reports.

#![allow(dead_code)]

use franking::media::{
    AttachmentDescriptor, AttachmentKey, AttachmentSealer, CHUNK_SIZE, range_proof,
};
use franking::wire::{MediaMessage, MediaReportHead};
use franking::{Context, KeyId, KeyInterval, Keyring, MessageKey, PlatformKey, Report, Suite};

#[path = "../common/split_mix.rs"]
mod split_mix;
use franking::rand_core::TryRng;
pub use split_mix::SplitMix as TestRng;

pub const NOW: u64 = 1_700_000_100;

pub fn bytes(rng: &mut TestRng, n: usize) -> Vec<u8> {
    let mut out = vec![0u8; n];
    rng.try_fill_bytes(&mut out).unwrap();
    out
}

/// A sealed attachment: ciphertext, outboard tree and descriptor.
pub struct Sealed {
    pub ciphertext: Vec<u8>,
    pub tree: Vec<u8>,
    pub descriptor: AttachmentDescriptor,
}

/// Both suites, for tests that run in each.
pub const SUITES: [Suite; 2] = [Suite::XChaCha20, Suite::Aes256];

/// The RNG the attachment nonce of [`seal_in`] is drawn from, seeded by the
/// key: sealing one plaintext twice under one key gives the same bytes, so
/// that other sealing paths can be compared with it.
pub fn nonce_rng(key_bytes: [u8; 32]) -> TestRng {
    TestRng(u64::from_le_bytes(key_bytes[..8].try_into().unwrap()))
}

/// Seals `plaintext` under an XChaCha20-suite attachment key.
pub fn seal(key_bytes: [u8; 32], plaintext: &[u8]) -> Sealed {
    seal_in(Suite::XChaCha20, key_bytes, plaintext)
}

/// Seals `plaintext` under an attachment key of `suite`.
pub fn seal_in(suite: Suite, key_bytes: [u8; 32], plaintext: &[u8]) -> Sealed {
    let mut sealer = AttachmentSealer::new(
        AttachmentKey::with_suite(suite, key_bytes),
        &mut nonce_rng(key_bytes),
    );
    let mut ciphertext = plaintext.to_vec();
    let mut tree = Vec::new();
    let n = plaintext.len().div_ceil(CHUNK_SIZE).max(1);
    for (i, chunk) in ciphertext.chunks_mut(CHUNK_SIZE).enumerate() {
        let records = sealer.seal_chunk(chunk, i + 1 == n).unwrap();
        tree.extend_from_slice(records);
    }
    if plaintext.is_empty() {
        tree.extend_from_slice(sealer.seal_chunk(&mut [], true).unwrap());
    }
    let descriptor = sealer.descriptor().unwrap();
    assert_eq!(tree.len() as u64, descriptor.tree_len());
    Sealed {
        ciphertext,
        tree,
        descriptor,
    }
}

/// A delivered media message and the evidence to report it.
pub struct Delivered {
    pub keyring: Keyring,
    pub message_report: Vec<u8>,
}

/// Sends a media message carrying `descriptors` and `body`, stamps it,
/// opens it and returns the recipient's message report.
pub fn deliver(rng: &mut TestRng, descriptors: &[AttachmentDescriptor], body: &[u8]) -> Delivered {
    let keyring = Keyring::new(
        PlatformKey::generate(KeyId::new(7), KeyInterval::starting_at(0), rng).unwrap(),
        86_400,
    );
    let message_report = deliver_with(rng, &keyring, descriptors, body, b"msg-1");
    Delivered {
        keyring,
        message_report,
    }
}

pub fn deliver_with(
    rng: &mut TestRng,
    keyring: &Keyring,
    descriptors: &[AttachmentDescriptor],
    body: &[u8],
    message_id: &[u8],
) -> Vec<u8> {
    let key = MessageKey::generate(rng);
    let mut message = vec![0u8; MediaMessage::encoded_len(descriptors.len(), body.len())];
    MediaMessage::encode_into(descriptors, body, &mut message).unwrap();
    let envelope = key.seal_in_place_with_rng(rng, b"", &mut message).unwrap();
    let context = Context::new(b"alice", b"bob", 1_700_000_000, message_id).unwrap();
    let stamp = keyring.stamp(envelope.franking_tag(), &context).unwrap();
    let opened = key.open_in_place(&envelope, b"", &mut message).unwrap();
    let report = opened.report(&context, &stamp);
    let mut wire = vec![0u8; report.encoded_len()];
    report.encode_into(&mut wire).unwrap();
    wire
}

/// A media report of chunks `[first, first + count)` of attachment `index`.
pub fn media_report(
    message_report: &[u8],
    index: u16,
    key_bytes: [u8; 32],
    sealed: &Sealed,
    plaintext: &[u8],
    first: u64,
    count: u64,
) -> Vec<u8> {
    let report = Report::decode(message_report).unwrap();
    let proof = range_proof(&sealed.descriptor, first, count, &mut &sealed.tree[..]).unwrap();
    let mut out = vec![0u8; MediaReportHead::encoded_len(&report, proof.hash_count())];
    MediaReportHead::encode_into(&report, index, &proof, &mut out).unwrap();
    let key = AttachmentKey::from_bytes(key_bytes);
    for i in first..first + count {
        out.extend_from_slice(key.chunk_opening(&sealed.descriptor, i).unwrap().as_bytes());
        let start = i as usize * CHUNK_SIZE;
        let len = sealed.descriptor.chunk_len(i).unwrap();
        out.extend_from_slice(&plaintext[start..start + len]);
    }
    out
}

pub trait ArrayBytes {
    fn array_bytes(&mut self) -> [u8; 32];
}

impl ArrayBytes for TestRng {
    fn array_bytes(&mut self) -> [u8; 32] {
        let mut out = [0u8; 32];
        self.try_fill_bytes(&mut out).unwrap();
        out
    }
}

pub trait ArrayBytes24 {
    fn array_bytes24(&mut self) -> [u8; 24];
}

impl ArrayBytes24 for TestRng {
    fn array_bytes24(&mut self) -> [u8; 24] {
        let mut out = [0u8; 24];
        self.try_fill_bytes(&mut out).unwrap();
        out
    }
}
