//! The fixed attachment and media message of the media fuzz targets, and
//! their seeds.

use std::sync::LazyLock;

use franking::media::{
    AttachmentDescriptor, AttachmentKey, AttachmentNonce, AttachmentSealer, CHUNK_SIZE, range_proof,
};
use franking::wire::{MediaMessage, MediaReportHead};
use franking::{Context, MessageKey, Nonce, Report};

use crate::{NOW, platform_key};

/// The attachment key of the fixed attachment.
pub const KEY: [u8; 32] = [0x5a; 32];

/// The fixed attachment: three chunks, the last of 100 bytes.
pub struct Fixture {
    pub plaintext: Vec<u8>,
    pub ciphertext: Vec<u8>,
    pub tree: Vec<u8>,
    pub descriptor: AttachmentDescriptor,
    /// A genuine report (stamped by the fuzz keyring's current key) of a
    /// media message that carries the descriptor as attachment 0.
    pub message_report: Vec<u8>,
}

pub static FIXTURE: LazyLock<Fixture> = LazyLock::new(|| {
    let plaintext: Vec<u8> = (0..2 * CHUNK_SIZE + 100)
        .map(|i| (i * 13 + 1) as u8)
        .collect();
    let mut ciphertext = plaintext.clone();
    // A fixed attachment nonce: the fixture (and so the seeds) is the same
    // on every run.
    let mut sealer = AttachmentSealer::with_nonce_for_test_vectors(
        AttachmentKey::from_bytes(KEY),
        AttachmentNonce::from_bytes([0x5e; 16]),
    );
    let mut tree = Vec::new();
    for (i, chunk) in ciphertext.chunks_mut(CHUNK_SIZE).enumerate() {
        tree.extend_from_slice(sealer.seal_chunk(chunk, i == 2).expect("seal"));
    }
    let descriptor = sealer.descriptor().expect("descriptor");
    let mut message = vec![0u8; MediaMessage::encoded_len(1, 3)];
    MediaMessage::encode_into(&[descriptor], b"vid", &mut message).expect("encode");
    let key = MessageKey::from_bytes([0x42; 32]);
    let envelope = key
        .seal_in_place_with_nonce(&Nonce::from_bytes([0x24; 24]), b"", &mut message)
        .expect("seal");
    let context = Context::new(b"alice", b"bob", NOW - 60, b"m-1").expect("context");
    let stamp = platform_key(1)
        .stamp(envelope.franking_tag(), &context)
        .expect("stamp");
    let opened = key
        .open_in_place(&envelope, b"", &mut message)
        .expect("open");
    let report = opened.report(&context, &stamp);
    let mut message_report = vec![0u8; report.encoded_len()];
    report.encode_into(&mut message_report).expect("encode");
    Fixture {
        plaintext,
        ciphertext,
        tree,
        descriptor,
        message_report,
    }
});

/// A media report of chunks `[first, first + count)` of the fixed attachment.
pub fn media_report(first: u64, count: u64) -> Vec<u8> {
    let f = &*FIXTURE;
    let report = Report::decode(&f.message_report).expect("decode");
    let proof = range_proof(&f.descriptor, first, count, &mut &f.tree[..]).expect("proof");
    let mut out = vec![0u8; MediaReportHead::encoded_len(&report, proof.hash_count())];
    MediaReportHead::encode_into(&report, 0, &proof, &mut out).expect("head");
    let key = AttachmentKey::from_bytes(KEY);
    for i in first..first + count {
        out.extend_from_slice(
            key.chunk_opening(&f.descriptor, i)
                .expect("opening")
                .as_bytes(),
        );
        let start = i as usize * CHUNK_SIZE;
        let len = f.descriptor.chunk_len(i).expect("chunk");
        out.extend_from_slice(&f.plaintext[start..start + len]);
    }
    out
}

/// Input of `media_open_chunk`: `[index][u16 tree length][tree][chunk]`.
pub fn open_input(index: u8, tree: &[u8], chunk: &[u8]) -> Vec<u8> {
    let mut out = vec![index];
    out.extend_from_slice(&(tree.len() as u16).to_be_bytes());
    out.extend_from_slice(tree);
    out.extend_from_slice(chunk);
    out
}

/// Seeds: (target, file name, bytes).
pub fn seeds() -> Vec<(&'static str, &'static str, Vec<u8>)> {
    let f = &*FIXTURE;
    vec![
        (
            "media_open_chunk",
            "last.chunk",
            open_input(2, &f.tree, &f.ciphertext[2 * CHUNK_SIZE..]),
        ),
        (
            "media_open_chunk",
            "first.chunk",
            open_input(0, &f.tree, &f.ciphertext[..CHUNK_SIZE]),
        ),
        (
            "media_report_decode_verify",
            "last.mreport",
            media_report(2, 1),
        ),
        (
            "media_report_decode_verify",
            "middle.mreport",
            media_report(1, 1),
        ),
        (
            "media_report_decode_verify",
            "whole.mreport",
            media_report(0, 3),
        ),
    ]
}
