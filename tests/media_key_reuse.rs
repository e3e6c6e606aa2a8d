//! Attachment key reuse is harmless (SPEC.md 14.2, 14.7): every seal draws
//! its own attachment nonce, which enters the chunk key, so two attachments
//! sealed under one attachment key share no keystream and a report of one
//! reveals nothing that opens the other.

mod media_common;

use franking::media::{
    AttachmentKey, AttachmentNonce, AttachmentSealer, CHUNK_SIZE, open_chunk_at,
    verify_media_report,
};
use media_common::*;

/// Seals `plaintext` under `key` with a nonce drawn from `rng`.
fn seal_with(key: &AttachmentKey, rng: &mut TestRng, plaintext: &[u8]) -> Sealed {
    let mut sealer = AttachmentSealer::new(key.clone(), rng);
    let mut ciphertext = plaintext.to_vec();
    let mut tree = Vec::new();
    let n = plaintext.len().div_ceil(CHUNK_SIZE).max(1);
    for (i, chunk) in ciphertext.chunks_mut(CHUNK_SIZE).enumerate() {
        tree.extend_from_slice(sealer.seal_chunk(chunk, i + 1 == n).unwrap());
    }
    Sealed {
        ciphertext,
        tree,
        descriptor: sealer.descriptor().unwrap(),
    }
}

fn xor(a: &[u8], b: &[u8]) -> Vec<u8> {
    a.iter().zip(b).map(|(x, y)| x ^ y).collect()
}

#[test]
fn two_attachments_under_one_key_share_no_keystream() {
    for suite in SUITES {
        let mut rng = TestRng(70);
        let key = AttachmentKey::with_suite(suite, rng.array_bytes());
        let len = 2 * CHUNK_SIZE + 33;
        let (p1, p2) = (bytes(&mut rng, len), bytes(&mut rng, len));
        let s1 = seal_with(&key, &mut rng, &p1);
        let s2 = seal_with(&key, &mut rng, &p2);
        assert_ne!(s1.descriptor.nonce(), s2.descriptor.nonce());
        // A shared keystream would make the ciphertexts XOR to the plaintexts' XOR.
        let (c, p) = (xor(&s1.ciphertext, &s2.ciphertext), xor(&p1, &p2));
        for (k, (cc, pp)) in c.chunks(CHUNK_SIZE).zip(p.chunks(CHUNK_SIZE)).enumerate() {
            assert_ne!(cc, pp, "{suite:?}: chunk {k} shares its keystream");
        }
        // No chunk opening repeats across the two attachments.
        for i in 0..3 {
            assert_ne!(
                key.chunk_opening(&s1.descriptor, i).unwrap(),
                key.chunk_opening(&s2.descriptor, i).unwrap(),
                "{suite:?}: opening {i}"
            );
        }
        // Each opens under its own descriptor only.
        let mut chunk = s2.ciphertext[..CHUNK_SIZE].to_vec();
        assert!(open_chunk_at(&key, &s1.descriptor, 0, &mut chunk, &mut &s1.tree[..]).is_err());
        open_chunk_at(&key, &s2.descriptor, 0, &mut chunk, &mut &s2.tree[..]).unwrap();
        assert_eq!(chunk, p2[..CHUNK_SIZE]);
    }
}

#[test]
fn a_report_of_one_attachment_does_not_decrypt_the_other() {
    let mut rng = TestRng(71);
    let key = AttachmentKey::from_bytes(rng.array_bytes());
    let len = CHUNK_SIZE + 10;
    let (p1, p2) = (bytes(&mut rng, len), bytes(&mut rng, len));
    let s1 = seal_with(&key, &mut rng, &p1);
    let s2 = seal_with(&key, &mut rng, &p2);
    let delivered = deliver(&mut rng, &[s1.descriptor], b"first");
    let report = media_report(
        &delivered.message_report,
        0,
        *key.as_bytes(),
        &s1,
        &p1,
        0,
        1,
    );
    let verified = verify_media_report(&delivered.keyring, NOW, &report).unwrap();
    // The moderator holds chunk 0 of the first attachment in the clear and
    // the second attachment's ciphertext: with a shared keystream, their XOR
    // with the first ciphertext would be the second plaintext.
    let recovered = xor(
        &xor(verified.chunk(0).unwrap(), &s1.ciphertext[..CHUNK_SIZE]),
        &s2.ciphertext[..CHUNK_SIZE],
    );
    assert_ne!(recovered, p2[..CHUNK_SIZE]);
}

#[test]
fn one_seal_under_a_fixed_nonce_is_deterministic_and_other_nonces_differ() {
    // The test-vector interface: the same key and nonce give the same bytes
    // (so reuse there would be a two-time pad); another nonce gives others.
    let key = [9u8; 32];
    let seal_fixed = |nonce: [u8; 16]| {
        let mut sealer = AttachmentSealer::with_nonce_for_test_vectors(
            AttachmentKey::from_bytes(key),
            AttachmentNonce::from_bytes(nonce),
        );
        let mut chunk = [0u8; 100];
        sealer.seal_chunk(&mut chunk, true).unwrap();
        (chunk, sealer.descriptor().unwrap())
    };
    let (a, da) = seal_fixed([1; 16]);
    let (b, _) = seal_fixed([1; 16]);
    let (c, dc) = seal_fixed([2; 16]);
    assert_eq!(a, b);
    assert_ne!(a, c);
    assert_ne!(da.root(), dc.root());
}
