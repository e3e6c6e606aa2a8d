//! Differential: the whole flow, sender to moderator, on fuzz-chosen key,
//! nonce, header, message and delivery context.
//!
//! Properties: seal, stamp, open, report, encode, decode and verify all
//! succeed and return the original message; the ciphertext, both envelope
//! tags, the opening, the stamp MAC and the report encoding equal the
//! reference model's byte for byte; layer mode (`commit_with_rng`,
//! `verify_commitment`) agrees with the sealed franking tag; and one flipped
//! bit anywhere in ciphertext, envelope or header makes `open_in_place` fail
//! with `Invalid` and leave the buffer as it was given.
//!
//! Every input is checked in both suites (XChaCha20 and AES-256).
#![no_main]

use std::sync::LazyLock;

use franking::{
    Context, Envelope, Error, ErrorKind, Keyring, MessageKey, Nonce, Report, Stamp, Suite,
    commit_with_rng, verify, verify_commitment,
};
use franking_fuzz::reference::{self, Ctx, Rep};
use franking_fuzz::{
    MAX_AGE, MAX_SKEW, PLATFORM_KEYS, ReplayRng, SealInput, keyring, platform_key,
    platform_key_any_time,
};
use libfuzzer_sys::fuzz_target;

static RING: LazyLock<Keyring> = LazyLock::new(keyring);

fuzz_target!(|data: &[u8]| {
    for suite in [Suite::XChaCha20, Suite::Aes256] {
        check(suite, data);
    }
});

/// The properties above, in one suite.
fn check(suite: Suite, data: &[u8]) {
    let SealInput { flip, msg: m } = SealInput::parse(data);
    let want = reference::seal(suite, &m.key, &m.nonce, m.header, m.message);

    // Sender.
    let key = MessageKey::with_suite(suite, m.key);
    let mut buffer = m.message.to_vec();
    let envelope = key
        .seal_in_place_with_nonce(&Nonce::from_bytes(m.nonce), m.header, &mut buffer)
        .expect("seal");
    assert_eq!(
        buffer, want.ciphertext,
        "ciphertext differs from the specification"
    );
    assert_eq!(envelope.nonce().as_bytes(), &m.nonce);
    assert_eq!(
        envelope.franking_tag().as_bytes(),
        &want.franking_tag,
        "franking tag differs"
    );
    assert_eq!(
        envelope.integrity_tag().as_bytes(),
        &want.integrity_tag,
        "integrity tag differs"
    );
    let envelope_wire = envelope.to_bytes();
    assert_eq!(Envelope::decode(&envelope_wire), Ok(envelope));
    let ciphertext = buffer.clone();

    // Platform.
    // The conversation id and sequence number are derived from the input, so
    // that they vary without changing the input layout (and the seeds).
    let seq = m.timestamp.rotate_left(17);
    let context = Context::new(m.sender, m.recipient, m.timestamp, m.message_id)
        .and_then(|c| c.in_conversation(m.recipient, seq))
        .expect("ids fit u16");
    let ctx = Ctx {
        sender: m.sender,
        recipient: m.recipient,
        timestamp: m.timestamp,
        message_id: m.message_id,
        conversation: m.recipient,
        seq,
    };
    let pkey = platform_key(m.platform_key);
    let (key_id, key_bytes, not_before, not_after) =
        PLATFORM_KEYS[usize::from(m.platform_key) % PLATFORM_KEYS.len()];
    // A key stamps only within its interval; outside it, stamp with the same
    // bytes as whoever holds them could, and expect the moderator to refuse.
    let in_interval = (not_before..=not_after).contains(&m.timestamp);
    let stamp = match pkey.stamp(envelope.franking_tag(), &context) {
        Ok(stamp) => {
            assert!(in_interval, "stamped outside the key's interval");
            stamp
        }
        Err(e) => {
            assert!(!in_interval, "refused to stamp within the key's interval");
            assert_eq!(e.kind(), ErrorKind::OutsideKeyInterval);
            platform_key_any_time(m.platform_key)
                .stamp(envelope.franking_tag(), &context)
                .expect("an open interval from 0 covers every timestamp")
        }
    };
    let want_mac = reference::stamp_mac(&key_bytes, key_id, &want.franking_tag, &ctx);
    assert_eq!(stamp.key_id().get(), key_id);
    assert_eq!(
        stamp.mac().as_bytes(),
        &want_mac,
        "stamp MAC differs from the specification"
    );
    assert_eq!(Stamp::decode(&stamp.to_bytes()), Ok(stamp));
    // The keyring stamps with the key it made current whose interval holds
    // the timestamp (SPEC.md 6.1: a scheduled rotation's old key stamps until
    // the rotation time), which for this input may be another key.
    if RING.stamping_key_at(m.timestamp) == Ok(pkey.id()) {
        let by_key = pkey.stamp(envelope.franking_tag(), &context);
        assert!(by_key.is_ok(), "the stamping key holds the timestamp");
        assert_eq!(RING.stamp(envelope.franking_tag(), &context), by_key);
        assert_eq!(RING.stamp_envelope(&envelope, &context), by_key);
    } else if let Ok(id) = RING.stamping_key_at(m.timestamp) {
        let by_ring = RING
            .stamp(envelope.franking_tag(), &context)
            .expect("stamps");
        assert_eq!(by_ring.key_id(), id);
    } else {
        assert_eq!(
            RING.stamp(envelope.franking_tag(), &context)
                .map_err(|e| e.kind()),
            Err(ErrorKind::OutsideKeyInterval)
        );
    }

    // Layer mode commits to the same tag under the same opening.
    let (opening, tag) =
        commit_with_rng(&mut ReplayRng(&want.opening), m.header, m.message).expect("commit");
    assert_eq!(opening.as_bytes(), &want.opening);
    assert_eq!(
        &tag,
        envelope.franking_tag(),
        "layer-mode tag differs from the sealed one"
    );
    let layer = verify_commitment(m.header, m.message, opening, &tag).expect("verify_commitment");
    assert_eq!(layer.message(), m.message);

    // Recipient, then moderator.
    {
        let opened = key
            .open_in_place(&envelope, m.header, &mut buffer)
            .expect("open");
        assert_eq!(
            opened.message(),
            m.message,
            "open did not return the message"
        );
        assert_eq!(opened.header(), m.header);
        assert_eq!(opened.opening().as_bytes(), &want.opening);
        assert_eq!(opened.franking_tag(), envelope.franking_tag());

        let report = opened.report(&context, &stamp);
        let mut wire = vec![0u8; report.encoded_len()];
        assert_eq!(report.encode_into(&mut wire), Ok(wire.len()));
        let want_report = Rep {
            key_id,
            mac: want_mac,
            franking_tag: want.franking_tag,
            opening: want.opening,
            ctx,
            header: m.header,
            message: m.message,
        };
        assert_eq!(
            wire,
            want_report.encode(),
            "report encoding differs from the specification"
        );
        let decoded = Report::decode(&wire).expect("decode");
        assert_eq!(decoded, report);
        let want = want_report.verify(&PLATFORM_KEYS, m.now(), MAX_AGE, MAX_SKEW);
        let result = verify(&RING, m.now(), &decoded);
        assert_eq!(
            result.map(|_| ()).map_err(|e| e.kind()),
            want,
            "verify differs from the specification"
        );
        // Only the key's interval (with the skew) can refuse a genuine stamp
        // at a clock within the age window.
        assert!(want.is_ok() || want == Err(ErrorKind::OutsideKeyInterval));
        if let Ok(verified) = result {
            assert_eq!(verified.message(), m.message);
            assert_eq!(verified.header(), m.header);
            assert_eq!(verified.sender(), m.sender);
            assert_eq!(verified.recipient(), m.recipient);
            assert_eq!(verified.message_id(), m.message_id);
            assert_eq!(verified.timestamp(), m.timestamp);
            assert_eq!(verified.key_id(), stamp.key_id());
            assert_eq!(verified.stamp(), &stamp);
            assert_eq!(verified.franking_tag(), envelope.franking_tag());
        }
    }

    // One flipped bit in ciphertext || envelope || header.
    let mut ct = ciphertext.clone();
    let mut env = envelope_wire;
    let mut header = m.header.to_vec();
    let bits = (ct.len() + env.len() + header.len()) * 8;
    let bit = flip as usize % bits;
    let (mut byte, mask) = (bit / 8, 1u8 << (bit % 8));
    if byte < ct.len() {
        ct[byte] ^= mask;
    } else {
        byte -= ct.len();
        if byte < env.len() {
            env[byte] ^= mask;
        } else {
            header[byte - env.len()] ^= mask;
        }
    }
    let tampered_envelope = Envelope::decode(&env).expect("88 bytes");
    let given = ct.clone();
    let result = key
        .open_in_place(&tampered_envelope, &header, &mut ct)
        .map(|_| ());
    assert_eq!(
        result,
        Err(Error::Invalid),
        "open accepted a flipped bit {bit}"
    );
    assert_eq!(ct, given, "failed open left the buffer changed");
}
