//! Length extension (SPEC.md 4.1, 9.4). The franking tag is a SHA-256 hash
//! keyed by its first block (HMAC's inner hash, no outer hash), so anyone who
//! sees a tag can extend it: compute SHA-256 of the tagged input, its padding
//! and any suffix, without the opening. That must be useless: no extended
//! tag verifies for any content, in layer mode, in the committing AEAD or in
//! a report, because the commitment input is prefix-free and always rebuilt
//! from (header, message).
//!
//! Each test first checks that the extension is real (the extended tag is
//! the SHA-256 of the extended input under the true opening), so it cannot
//! pass by computing something else.

mod common;

use common::{MAX_AGE, NOW, ReportParts, TestRng, commit_with_opening, verify_encoded};
use franking::{
    Context, Envelope, Error, FrankingTag, KeyId, Keyring, MessageKey, Nonce, Opening, PlatformKey,
    verify_commitment,
};
use proptest::prelude::*;
use sha2::Digest;
use sha2::block_api::compress256;

/// SHA-256 padding for an input of `len` bytes.
fn padding(len: usize) -> Vec<u8> {
    let mut pad = vec![0x80];
    while (len + pad.len()) % 64 != 56 {
        pad.push(0);
    }
    pad.extend_from_slice(&((len as u64) * 8).to_be_bytes());
    pad
}

/// The commitment input as SPEC.md 4.1 writes it, after HMAC's inner key block.
fn keyed_input(opening: &[u8; 32], header: &[u8], message: &[u8]) -> Vec<u8> {
    let mut out: Vec<u8> = opening.iter().chain(&[0u8; 32]).map(|b| b ^ 0x36).collect();
    out.extend_from_slice(b"franking-v1-comm");
    out.extend_from_slice(&(header.len() as u64).to_be_bytes());
    out.extend_from_slice(header);
    out.extend_from_slice(&(message.len() as u64).to_be_bytes());
    out.extend_from_slice(message);
    out
}

/// The length-extension attack: from `tag` (the SHA-256 of `hashed_len`
/// bytes) alone, the SHA-256 of those bytes, their padding and `suffix`.
fn extend(tag: &FrankingTag, hashed_len: usize, suffix: &[u8]) -> FrankingTag {
    let mut state = [0u32; 8];
    for (word, bytes) in state.iter_mut().zip(tag.as_bytes().chunks(4)) {
        *word = u32::from_be_bytes(bytes.try_into().unwrap());
    }
    let prefix_len = hashed_len + padding(hashed_len).len();
    let mut tail = suffix.to_vec();
    tail.extend(padding(prefix_len + suffix.len()));
    let blocks: Vec<[u8; 64]> = tail.chunks(64).map(|b| b.try_into().unwrap()).collect();
    compress256(&mut state, &blocks);
    let mut out = [0u8; 32];
    for (bytes, word) in out.chunks_mut(4).zip(state) {
        bytes.copy_from_slice(&word.to_be_bytes());
    }
    FrankingTag::from_bytes(out)
}

/// An extended tag and the content an attacker would claim for it: the
/// original message followed by the glue padding and the suffix.
struct Extension {
    tag: FrankingTag,
    message: Vec<u8>,
}

fn extension(opening: &[u8; 32], header: &[u8], message: &[u8], suffix: &[u8]) -> Extension {
    let tag = commit_with_opening(opening, header, message);
    let input = keyed_input(opening, header, message);
    let extended = extend(&tag, input.len(), suffix);
    // The attack works on SHA-256: the extended tag is the hash of the
    // extended input under the true opening.
    let mut glued = input.clone();
    glued.extend(padding(input.len()));
    glued.extend_from_slice(suffix);
    assert_eq!(extended.as_bytes()[..], sha2::Sha256::digest(&glued)[..]);
    let mut claimed = message.to_vec();
    claimed.extend(padding(input.len()));
    claimed.extend_from_slice(suffix);
    Extension {
        tag: extended,
        message: claimed,
    }
}

proptest! {
    /// Layer mode: the extended tag verifies for none of the contents an
    /// attacker can claim, with the true opening or the extended content's
    /// header moved into the message.
    #[test]
    fn extended_tags_open_to_no_content(
        opening in any::<[u8; 32]>(),
        header in proptest::collection::vec(any::<u8>(), 0..80),
        message in proptest::collection::vec(any::<u8>(), 0..200),
        suffix in proptest::collection::vec(any::<u8>(), 0..100),
    ) {
        let ext = extension(&opening, &header, &message, &suffix);
        let claims = [
            (header.clone(), ext.message.clone()),
            ([header.clone(), ext.message.clone()].concat(), Vec::new()),
            (Vec::new(), [header.clone(), ext.message.clone()].concat()),
        ];
        for (h, m) in &claims {
            let result = verify_commitment(h, m, Opening::from_bytes(opening), &ext.tag);
            prop_assert_eq!(result.err(), Some(Error::Invalid));
        }
    }
}

/// The committing AEAD: a sealed message whose tag is replaced by an
/// extension of it does not open, whatever the ciphertext is extended with;
/// the buffer keeps the ciphertext.
#[test]
fn extended_tags_do_not_open_sealed_messages() {
    let mut rng = TestRng(11);
    let key = MessageKey::from_bytes(rng.array());
    let nonce = Nonce::from_bytes(rng.array());
    let header = b"room 7".to_vec();
    let message = rng.bytes(100);
    let mut ciphertext = message.clone();
    let envelope = key
        .seal_in_place_with_nonce(&nonce, &header, &mut ciphertext)
        .unwrap();
    // The opening the recipient would learn: open a copy.
    let mut copy = ciphertext.clone();
    let opening = *key
        .open_in_place(&envelope, &header, &mut copy)
        .unwrap()
        .opening()
        .as_bytes();
    for suffix in [&b""[..], b"x", &[0u8; 64]] {
        let ext = extension(&opening, &header, &message, suffix);
        let forged = Envelope::new(*envelope.nonce(), ext.tag, *envelope.integrity_tag());
        for extra in [0, ext.message.len() - message.len()] {
            let mut buffer = ciphertext.clone();
            buffer.extend(rng.bytes(extra));
            let before = buffer.clone();
            let result = key.open_in_place(&forged, &header, &mut buffer);
            assert_eq!(result.err(), Some(Error::Invalid));
            assert_eq!(buffer, before);
        }
    }
}

/// Reports: even with the platform's genuine stamp on the extended tag (a
/// platform stamps whatever tag it relays), a report claiming the extended
/// content is rejected.
#[test]
fn extended_tags_make_no_valid_report() {
    let opening = [0x42u8; 32];
    let header = b"hdr".to_vec();
    let message = b"what was really sent".to_vec();
    let ext = extension(&opening, &header, &message, b" and more");
    let keyring = Keyring::new(
        PlatformKey::from_bytes(
            KeyId::new(1),
            franking::KeyInterval::starting_at(0),
            &mut core::array::from_fn(|i| 9 + i as u8),
        )
        .unwrap(),
        MAX_AGE,
    );
    let context = Context::new(b"alice", b"bob", NOW, b"m-1").unwrap();
    let stamp = keyring.stamp(&ext.tag, &context).unwrap();
    let opened = verify_commitment(&header, &message, Opening::from_bytes(opening), &ext.tag);
    assert_eq!(
        opened.err(),
        Some(Error::Invalid),
        "the extension is not the original either"
    );
    let report = ReportParts {
        version: 1,
        key_id: 1,
        mac: stamp.mac().to_bytes(),
        franking_tag: ext.tag.to_bytes(),
        opening,
        timestamp: NOW,
        seq: 0,
        sender: b"alice".to_vec(),
        recipient: b"bob".to_vec(),
        message_id: b"m-1".to_vec(),
        conversation: Vec::new(),
        header: header.clone(),
        message: ext.message.clone(),
    };
    assert_eq!(
        verify_encoded(&keyring, NOW, &report.encode()),
        Err(Error::Invalid)
    );
}
