//! A genuine report with fuzz-chosen bits flipped is never accepted.
//!
//! The fuzz input chooses the message, header, delivery context, platform key
//! and whether the message was sealed or committed in layer mode. The genuine
//! report must verify; after flipping the chosen bits of its encoding (at
//! least one bit changes) it must fail to decode or fail to verify.
#![no_main]

use std::sync::LazyLock;

use franking::{
    Context, Keyring, MessageKey, Nonce, Report, commit_with_rng, verify, verify_commitment,
};
use franking_fuzz::{BitflipInput, ReplayRng, keyring, platform_key};
use libfuzzer_sys::fuzz_target;

static RING: LazyLock<Keyring> = LazyLock::new(keyring);

fuzz_target!(|data: &[u8]| {
    let BitflipInput {
        layer_mode,
        flips,
        msg: m,
    } = BitflipInput::parse(data);

    let mut buffer = m.message.to_vec();
    let opened = if layer_mode {
        let (opening, tag) =
            commit_with_rng(&mut ReplayRng(&m.key), m.header, m.message).expect("commit");
        verify_commitment(m.header, m.message, opening, &tag).expect("verify_commitment")
    } else {
        let key = MessageKey::from_bytes(m.key);
        let envelope = key
            .seal_in_place_with_nonce(&Nonce::from_bytes(m.nonce), m.header, &mut buffer)
            .expect("seal");
        key.open_in_place(&envelope, m.header, &mut buffer)
            .expect("open")
    };
    let context =
        Context::new(m.sender, m.recipient, m.timestamp, m.message_id).expect("ids fit u16");
    // Genuine stamps only: a timestamp outside the key's interval is refused
    // before any stamp is made (the interval check has its own targets).
    let Ok(stamp) = platform_key(m.platform_key).stamp(opened.franking_tag(), &context) else {
        return;
    };
    let report = opened.report(&context, &stamp);
    let mut wire = vec![0u8; report.encoded_len()];
    assert_eq!(report.encode_into(&mut wire), Ok(wire.len()));
    let now = m.now();
    verify(&RING, now, &report).expect("genuine report rejected");

    let bits = wire.len() * 8;
    let flip = |w: &mut [u8], f: u32| {
        let b = f as usize % bits;
        w[b / 8] ^= 1 << (b % 8);
    };
    let mut tampered = wire.clone();
    for &f in &flips {
        flip(&mut tampered, f);
    }
    if tampered == wire {
        // The chosen flips cancelled out: flip the first one alone.
        flip(&mut tampered, flips[0]);
    }
    if let Ok(forged) = Report::decode(&tampered) {
        let result = verify(&RING, now, &forged);
        assert!(
            result.is_err(),
            "tampered report accepted: flips {flips:?} of {bits} bits, verified {result:?}"
        );
    }
});
