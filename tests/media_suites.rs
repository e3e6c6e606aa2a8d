//! Media franking in both cipher suites: an attachment key carries its suite,
//! the chunks of an AES-256 attachment seal and open like XChaCha20 ones, a
//! key of one suite opens no chunk of the other, and a key derived from a
//! message key inherits that key's suite.

use franking::media::{AttachmentKey, AttachmentOpener, AttachmentSealer, CHUNK_SIZE};
use franking::{MessageKey, Nonce, Suite};

/// Seals `plaintext` under `key`; returns ciphertext, outboard tree, descriptor.
fn seal(
    key: AttachmentKey,
    plaintext: &[u8],
) -> (Vec<u8>, Vec<u8>, franking::media::AttachmentDescriptor) {
    let mut sealer = AttachmentSealer::new(key, &mut rand::rng());
    let (mut blob, mut tree) = (plaintext.to_vec(), Vec::new());
    let n = blob.len().div_ceil(CHUNK_SIZE).max(1);
    if blob.is_empty() {
        tree.extend_from_slice(sealer.seal_chunk(&mut [], true).unwrap());
    }
    for (i, chunk) in blob.chunks_mut(CHUNK_SIZE).enumerate() {
        tree.extend_from_slice(sealer.seal_chunk(chunk, i + 1 == n).unwrap());
    }
    (blob, tree, sealer.descriptor().unwrap())
}

fn open(
    key: &AttachmentKey,
    descriptor: franking::media::AttachmentDescriptor,
    blob: &[u8],
    tree: &[u8],
) -> Result<Vec<u8>, franking::Error> {
    let mut opener = AttachmentOpener::new(key, descriptor);
    let mut out = blob.to_vec();
    let mut at = 0;
    while let Some(n) = opener.next_chunk_len() {
        opener.open_next(&mut out[at..at + n], &mut &tree[..])?;
        at += n;
    }
    opener.finish()?;
    Ok(out)
}

#[test]
fn aes_attachments_round_trip_and_differ_from_xchacha20_ones() {
    let plaintext: Vec<u8> = (0..2 * CHUNK_SIZE + 300).map(|i| i as u8).collect();
    let bytes = [0x5au8 ^ 0x11; 32].map(|b| b.wrapping_add(3));
    let (aes_blob, aes_tree, aes_d) =
        seal(AttachmentKey::with_suite(Suite::Aes256, bytes), &plaintext);
    let (x_blob, _, x_d) = seal(AttachmentKey::from_bytes(bytes), &plaintext);
    assert_ne!(aes_blob, x_blob, "the suites' keystreams coincide");
    assert_ne!(
        aes_d.root(),
        x_d.root(),
        "the suites' chunk openings coincide"
    );
    let key = AttachmentKey::with_suite(Suite::Aes256, bytes);
    assert_eq!(key.suite(), Suite::Aes256);
    assert_eq!(open(&key, aes_d, &aes_blob, &aes_tree).unwrap(), plaintext);
    // The same bytes as an XChaCha20 key open nothing of the AES attachment.
    let wrong = AttachmentKey::from_bytes(bytes);
    assert_eq!(
        open(&wrong, aes_d, &aes_blob, &aes_tree).map_err(|e| e.kind()),
        Err(franking::ErrorKind::Invalid)
    );
}

#[test]
fn derived_attachment_keys_inherit_the_message_keys_suite() {
    let nonce = Nonce::from_bytes(core::array::from_fn(|i| i as u8));
    let bytes: [u8; 32] = core::array::from_fn(|i| 0x80 ^ i as u8);
    let aes = AttachmentKey::derive(&MessageKey::with_suite(Suite::Aes256, bytes), &nonce, 0);
    let xchacha = AttachmentKey::derive(&MessageKey::from_bytes(bytes), &nonce, 0);
    assert_eq!(aes.suite(), Suite::Aes256);
    assert_eq!(xchacha.suite(), Suite::XChaCha20);
    assert_ne!(aes.as_bytes(), xchacha.as_bytes());
}
