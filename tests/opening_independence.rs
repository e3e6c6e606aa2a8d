//! Per-message openings (a cheap sanity check, not a proof of hiding): two
//! messages under one key and different nonces get unrelated-looking
//! openings, one message's opening does not open the other's tag, and the same
//! message franked twice gets two different tags.

mod common;

use common::{Scenario, TestRng, open, seal};
use franking::{Error, MessageKey, Nonce, commit_with_rng, verify_commitment};

fn hamming(a: &[u8; 32], b: &[u8; 32]) -> u32 {
    a.iter().zip(b).map(|(x, y)| (x ^ y).count_ones()).sum()
}

/// The opening of a sealed message, as the recipient gets it.
fn opening_of(key: &MessageKey, nonce: &Nonce, header: &[u8], message: &[u8]) -> [u8; 32] {
    let mut buf = message.to_vec();
    let env = key
        .seal_in_place_with_nonce(nonce, header, &mut buf)
        .unwrap();
    *key.open_in_place(&env, header, &mut buf)
        .unwrap()
        .opening()
        .as_bytes()
}

#[test]
fn openings_of_two_messages_under_one_key_differ_and_look_unrelated() {
    let mut rng = TestRng(1100);
    let key = MessageKey::generate(&mut rng);
    let mut openings = Vec::new();
    for i in 0..16u8 {
        let nonce = Nonce::random(&mut rng);
        openings.push(opening_of(&key, &nonce, b"h", &[i; 10]));
    }
    // Adjacent nonces (a counter) too.
    for i in 0..16u8 {
        let mut n = [0u8; 24];
        n[23] = i;
        openings.push(opening_of(&key, &Nonce::from_bytes(n), b"h", b"same"));
    }
    for (i, a) in openings.iter().enumerate() {
        for b in &openings[i + 1..] {
            // Independent uniform 256-bit strings differ in 128 +- 8 bits.
            let d = hamming(a, b);
            assert!((64..=192).contains(&d), "openings {d} bits apart");
        }
    }
}

#[test]
fn opening_does_not_depend_on_the_message_or_header() {
    // The opening is keystream: it is fixed by (key, nonce) alone, so it
    // carries no information about the content it opens.
    let mut rng = TestRng(1101);
    let key = MessageKey::generate(&mut rng);
    let nonce = Nonce::random(&mut rng);
    let a = opening_of(&key, &nonce, b"h1", b"one message");
    let b = opening_of(&key, &nonce, b"h2", b"another, longer message");
    assert_eq!(a, b);
}

#[test]
fn opening_of_one_message_does_not_open_another() {
    let a = Scenario::new(1102, b"h", b"first message");
    let mut b = Scenario::new(1102, b"h", b"second message");
    // Same key (same seed), a different nonce for the second message.
    let (ct, env) = seal(&a.key, &mut b.rng, &b.header, &b.message);
    assert_ne!(env.nonce(), a.envelope.nonce());
    b.ciphertext = ct;
    b.envelope = env;
    let opening_a = a.opening();
    let r = verify_commitment(&b.header, &b.message, opening_a, b.envelope.franking_tag());
    assert_eq!(r.err(), Some(Error::Invalid));
    // ... while each opens its own.
    assert!(
        verify_commitment(
            &b.header,
            &b.message,
            b.opening(),
            b.envelope.franking_tag()
        )
        .is_ok()
    );
    assert_eq!(
        open(&a.key, &b.envelope, &b.header, &b.ciphertext),
        Ok(b.message.clone())
    );
}

#[test]
fn the_same_message_franked_twice_gets_different_tags() {
    // Hiding sanity: a low-entropy message ("yes") cannot be recognised by
    // recomputing its tag, because every franking draws a fresh opening.
    let mut rng = TestRng(1103);
    let key = MessageKey::generate(&mut rng);
    let (c1, e1) = seal(&key, &mut rng, b"", b"yes");
    let (c2, e2) = seal(&key, &mut rng, b"", b"yes");
    assert_ne!(e1.franking_tag(), e2.franking_tag());
    assert_ne!(c1, c2);
    let (o1, t1) = commit_with_rng(&mut rng, b"", b"yes").unwrap();
    let (o2, t2) = commit_with_rng(&mut rng, b"", b"yes").unwrap();
    assert_ne!(t1, t2);
    assert_ne!(o1, o2);
    assert_ne!(&t1, e1.franking_tag());
}
