//! Attachment keys derived from the message's integrity key (SPEC.md 14.2):
//! the whole committing-AEAD flow works with nothing but the message key and
//! nonce; derived keys are distinct per attachment and per message and are
//! none of the message's public or revealed values.

mod media_common;

use franking::media::{
    AttachmentKey, AttachmentOpener, AttachmentSealer, CHUNK_SIZE, verify_media_report,
};
use franking::wire::MediaMessage;
use franking::{Context, KeyId, KeyInterval, Keyring, MessageKey, Nonce, PlatformKey, Report};
use media_common::*;

#[test]
fn sender_and_recipient_derive_the_same_keys_and_the_flow_verifies() {
    let mut rng = TestRng(50);
    let message_key = MessageKey::from_bytes(rng.array_bytes());
    let nonce = Nonce::from_bytes(rng.array_bytes24());
    let video = bytes(&mut rng, 2 * CHUNK_SIZE + 77);

    // Sender: derive, seal the attachment, then the message under the same nonce.
    let mut blob = video.clone();
    let mut tree = Vec::new();
    let mut sealer =
        AttachmentSealer::new(AttachmentKey::derive(&message_key, &nonce, 0), &mut rng);
    for (i, chunk) in blob.chunks_mut(CHUNK_SIZE).enumerate() {
        tree.extend_from_slice(sealer.seal_chunk(chunk, i == 2).unwrap());
    }
    let descriptor = sealer.descriptor().unwrap();
    let mut message = vec![0u8; MediaMessage::encoded_len(1, 2)];
    MediaMessage::encode_into(&[descriptor], b"hi", &mut message).unwrap();
    let envelope = message_key
        .seal_in_place_with_nonce(&nonce, b"", &mut message)
        .unwrap();
    let keyring = Keyring::new(
        PlatformKey::generate(KeyId::new(1), KeyInterval::starting_at(0), &mut rng).unwrap(),
        86_400,
    );
    let context = Context::new(b"alice", b"bob", 1_700_000_000, b"m").unwrap();
    let stamp = keyring.stamp(envelope.franking_tag(), &context).unwrap();

    // Recipient: open the message, read the descriptor, derive the key from the envelope's nonce.
    let opened = message_key
        .open_in_place(&envelope, b"", &mut message)
        .unwrap();
    let d = MediaMessage::decode(opened.message())
        .unwrap()
        .descriptor(0)
        .unwrap();
    let key = AttachmentKey::derive(&message_key, envelope.nonce(), 0);
    let mut opener = AttachmentOpener::new(&key, d);
    let mut out = blob.clone();
    for chunk in out.chunks_mut(CHUNK_SIZE) {
        opener.open_next(chunk, &mut &tree[..]).unwrap();
    }
    assert_eq!(out, video);

    // A report of chunk 1 verifies.
    let report = opened.report(&context, &stamp);
    let mut wire = vec![0u8; report.encoded_len()];
    report.encode_into(&mut wire).unwrap();
    let sealed = Sealed {
        ciphertext: blob,
        tree,
        descriptor: d,
    };
    let media = media_report(&wire, 0, *key.as_bytes(), &sealed, &video, 1, 1);
    let v = verify_media_report(&keyring, NOW, &media).unwrap();
    assert_eq!(v.chunk(0).unwrap(), &video[CHUNK_SIZE..2 * CHUNK_SIZE]);
    // The report reveals the opening, which derives no attachment key.
    let decoded = Report::decode(&wire).unwrap();
    assert_ne!(decoded.opening().as_bytes(), key.as_bytes());
}

#[test]
fn derived_keys_are_distinct_and_not_public_values() {
    let mut rng = TestRng(51);
    let message_key = MessageKey::from_bytes(rng.array_bytes());
    let nonce = Nonce::from_bytes(rng.array_bytes24());
    let other_nonce = Nonce::from_bytes(rng.array_bytes24());
    let mut seen = Vec::new();
    for index in [0u16, 1, 2, 255, 256, u16::MAX] {
        for n in [&nonce, &other_nonce] {
            seen.push(*AttachmentKey::derive(&message_key, n, index).as_bytes());
        }
    }
    let other_key = MessageKey::from_bytes(rng.array_bytes());
    seen.push(*AttachmentKey::derive(&other_key, &nonce, 0).as_bytes());
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), seen.len());
    // Not the message's opening, franking tag or integrity tag.
    let mut empty = [];
    let envelope = message_key
        .seal_in_place_with_nonce(&nonce, b"", &mut empty)
        .unwrap();
    let opened = message_key
        .open_in_place(&envelope, b"", &mut empty)
        .unwrap();
    for k in &seen {
        assert_ne!(k, opened.opening().as_bytes());
        assert_ne!(k, envelope.franking_tag().as_bytes());
        assert_ne!(k, envelope.integrity_tag().as_bytes());
    }
}
