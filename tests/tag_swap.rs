//! Tag and stamp swapping: a franking tag, an integrity tag or a whole envelope
//! taken from another message does not open this ciphertext, and a platform
//! stamp moved from one message (or one context) to another does not verify.

mod common;

use common::{MAX_AGE, NOW, ReportParts, TestRng, encode, open, seal, verify_encoded};
use franking::{
    Context, Envelope, Error, KeyId, Keyring, MessageKey, PlatformKey, Report, commit_with_rng,
    verify_commitment,
};

const H: &[u8] = b"conversation";

#[test]
fn franking_tag_from_another_message_does_not_open() {
    let mut rng = TestRng(400);
    let key = MessageKey::generate(&mut rng);
    for (m1, m2) in [
        (&b"benign"[..], &b"abusive"[..]),
        (b"same length 1", b"same length 2"),
        (b"", b"x"),
        (b"identical", b"identical"),
    ] {
        let (c1, e1) = seal(&key, &mut rng, H, m1);
        let (_, e2) = seal(&key, &mut rng, H, m2);
        // Franking tag of message 2 with message 1's nonce and integrity tag.
        let swapped = Envelope::new(*e1.nonce(), *e2.franking_tag(), *e1.integrity_tag());
        assert_eq!(open(&key, &swapped, H, &c1), Err(Error::Invalid));
        // Both tags of message 2, nonce of message 1.
        let swapped = Envelope::new(*e1.nonce(), *e2.franking_tag(), *e2.integrity_tag());
        assert_eq!(open(&key, &swapped, H, &c1), Err(Error::Invalid));
        // Integrity tag alone swapped.
        let swapped = Envelope::new(*e1.nonce(), *e1.franking_tag(), *e2.integrity_tag());
        assert_eq!(open(&key, &swapped, H, &c1), Err(Error::Invalid));
    }
}

#[test]
fn whole_envelope_from_another_message_does_not_open() {
    let mut rng = TestRng(401);
    let key = MessageKey::generate(&mut rng);
    let other_key = MessageKey::generate(&mut rng);
    let (c1, e1) = seal(&key, &mut rng, H, b"first message!");
    let (c2, e2) = seal(&key, &mut rng, H, b"second message");
    let (c3, e3) = seal(&other_key, &mut rng, H, b"third message!");
    assert_eq!(open(&key, &e2, H, &c1), Err(Error::Invalid));
    assert_eq!(open(&key, &e1, H, &c2), Err(Error::Invalid));
    assert_eq!(open(&key, &e3, H, &c1), Err(Error::Invalid));
    assert_eq!(open(&other_key, &e1, H, &c3), Err(Error::Invalid));
    // The honest pairs still open.
    assert!(open(&key, &e1, H, &c1).is_ok());
    assert!(open(&key, &e2, H, &c2).is_ok());
    assert!(open(&other_key, &e3, H, &c3).is_ok());
}

#[test]
fn layer_mode_tag_from_another_message_does_not_verify() {
    let mut rng = TestRng(402);
    let (o1, t1) = commit_with_rng(&mut rng, H, b"one").unwrap();
    let (o2, t2) = commit_with_rng(&mut rng, H, b"two").unwrap();
    let same = |o: &franking::Opening| franking::Opening::from_bytes(*o.as_bytes());
    assert_eq!(
        verify_commitment(H, b"one", same(&o1), &t2).err(),
        Some(Error::Invalid)
    );
    assert_eq!(
        verify_commitment(H, b"two", same(&o2), &t1).err(),
        Some(Error::Invalid)
    );
    assert_eq!(
        verify_commitment(H, b"one", same(&o2), &t2).err(),
        Some(Error::Invalid)
    );
    assert_eq!(
        verify_commitment(H, b"one", same(&o2), &t1).err(),
        Some(Error::Invalid)
    );
    assert!(verify_commitment(H, b"one", o1, &t1).is_ok());
}

/// Two honest messages through the whole flow, and their stamps.
struct Two {
    keyring: Keyring,
    reports: [ReportParts; 2],
}

fn two_messages(
    m1: &[u8],
    m2: &[u8],
    ctx1: (&[u8], &[u8], u64, &[u8]),
    ctx2: (&[u8], &[u8], u64, &[u8]),
) -> Two {
    let mut rng = TestRng(403);
    let key = MessageKey::generate(&mut rng);
    let keyring = Keyring::new(
        PlatformKey::generate(
            KeyId::new(1),
            franking::KeyInterval::starting_at(0),
            &mut rng,
        )
        .unwrap(),
        MAX_AGE,
    );
    let mut reports = Vec::new();
    for (m, c) in [(m1, ctx1), (m2, ctx2)] {
        let (mut ct, env) = seal(&key, &mut rng, H, m);
        let context = Context::new(c.0, c.1, c.2, c.3).unwrap();
        let stamp = keyring.stamp(env.franking_tag(), &context).unwrap();
        let opened = key.open_in_place(&env, H, &mut ct).unwrap();
        let bytes = encode(&opened.report(&context, &stamp));
        reports.push(ReportParts::of(&Report::decode(&bytes).unwrap()));
    }
    let reports = [reports[0].clone(), reports[1].clone()];
    for r in &reports {
        assert_eq!(verify_encoded(&keyring, NOW, &r.encode()), Ok(()));
    }
    Two { keyring, reports }
}

#[test]
fn stamp_moved_to_another_message_in_the_same_context_is_invalid() {
    // The platform stamped two messages with identical context (e.g. a replay
    // of the same message id): the stamps still bind their franking tags.
    let ctx = (&b"alice"[..], &b"bob"[..], NOW - 10, &b"id-1"[..]);
    let t = two_messages(b"benign", b"abusive", ctx, ctx);
    let mut moved = t.reports[1].clone();
    moved.key_id = t.reports[0].key_id;
    moved.mac = t.reports[0].mac;
    assert_eq!(
        verify_encoded(&t.keyring, NOW, &moved.encode()),
        Err(Error::Invalid)
    );
}

#[test]
fn stamp_moved_to_another_message_and_its_context_is_invalid() {
    let t = two_messages(
        b"message one",
        b"message two",
        (b"alice", b"bob", NOW - 100, b"id-1"),
        (b"carol", b"dave", NOW - 50, b"id-2"),
    );
    // Message 2 (tag, opening, content, context) under message 1's stamp.
    let mut moved = t.reports[1].clone();
    moved.mac = t.reports[0].mac;
    assert_eq!(
        verify_encoded(&t.keyring, NOW, &moved.encode()),
        Err(Error::Invalid)
    );
    // Message 2's content, opening and tag under message 1's context and stamp.
    let mut moved = t.reports[0].clone();
    moved.franking_tag = t.reports[1].franking_tag;
    moved.opening = t.reports[1].opening;
    moved.message = t.reports[1].message.clone();
    assert_eq!(
        verify_encoded(&t.keyring, NOW, &moved.encode()),
        Err(Error::Invalid)
    );
    // Message 1 with message 2's context but its own stamp.
    let mut moved = t.reports[0].clone();
    moved.sender = t.reports[1].sender.clone();
    moved.recipient = t.reports[1].recipient.clone();
    moved.message_id = t.reports[1].message_id.clone();
    moved.timestamp = t.reports[1].timestamp;
    assert_eq!(
        verify_encoded(&t.keyring, NOW, &moved.encode()),
        Err(Error::Invalid)
    );
}

#[test]
fn stamp_for_one_context_does_not_verify_the_same_message_in_another() {
    // One message delivered twice (two recipients): each stamp binds its context.
    let mut rng = TestRng(404);
    let key = MessageKey::generate(&mut rng);
    let keyring = Keyring::new(
        PlatformKey::generate(
            KeyId::new(1),
            franking::KeyInterval::starting_at(0),
            &mut rng,
        )
        .unwrap(),
        MAX_AGE,
    );
    let (mut ct, env) = seal(&key, &mut rng, H, b"fan-out");
    let to_bob = Context::new(b"alice", b"bob", NOW - 5, b"m1").unwrap();
    let to_carol = Context::new(b"alice", b"carol", NOW - 5, b"m1").unwrap();
    let stamp_bob = keyring.stamp(env.franking_tag(), &to_bob).unwrap();
    let stamp_carol = keyring.stamp(env.franking_tag(), &to_carol).unwrap();
    assert_ne!(stamp_bob, stamp_carol);
    let opened = key.open_in_place(&env, H, &mut ct).unwrap();
    let honest = encode(&opened.report(&to_carol, &stamp_carol));
    assert_eq!(verify_encoded(&keyring, NOW, &honest), Ok(()));
    let moved = encode(&opened.report(&to_carol, &stamp_bob));
    assert_eq!(verify_encoded(&keyring, NOW, &moved), Err(Error::Invalid));
}
