//! Sender binding (GLR17): nothing that opens is unreportable. Whenever
//! `open_in_place` (or layer-mode `verify_commitment`) succeeds, a report built
//! from the result with the platform's genuine stamp on the franking tag the
//! platform saw verifies, and shows exactly the plaintext the recipient read.

mod common;

use common::{MAX_AGE, NOW, encode};
use franking::{
    Context, Envelope, FrankingTag, IntegrityTag, KeyId, Keyring, MessageKey, Nonce, Opening,
    PlatformKey, Report, verify, verify_commitment,
};
use proptest::prelude::*;

fn keyring() -> Keyring {
    Keyring::new(
        PlatformKey::from_bytes(
            KeyId::new(5),
            franking::KeyInterval::starting_at(0),
            &mut core::array::from_fn(|i| 0x33 + i as u8),
        )
        .unwrap(),
        MAX_AGE,
    )
}

/// The property: if `ciphertext` opens under (key, envelope, header), the
/// report of it verifies and carries the opened plaintext. Returns whether it opened.
fn reportable_if_it_opens(
    key: &MessageKey,
    envelope: &Envelope,
    header: &[u8],
    ciphertext: &[u8],
) -> Result<bool, TestCaseError> {
    let keyring = keyring();
    let context = Context::new(b"sender", b"recipient", NOW - 1, b"id").unwrap();
    // The platform stamps the envelope it relays beside the ciphertext.
    let stamp = keyring.stamp_envelope(envelope, &context).unwrap();
    let mut buf = ciphertext.to_vec();
    let Ok(opened) = key.open_in_place(envelope, header, &mut buf) else {
        return Ok(false);
    };
    let plaintext = opened.message().to_vec();
    let bytes = encode(&opened.report(&context, &stamp));
    let report = Report::decode(&bytes).unwrap();
    let verified = verify(&keyring, NOW, &report);
    prop_assert!(
        verified.is_ok(),
        "opened but not reportable: {:?}",
        verified
    );
    let verified = verified.unwrap();
    prop_assert_eq!(verified.message(), &plaintext[..]);
    prop_assert_eq!(verified.header(), header);
    prop_assert_eq!(verified.franking_tag(), envelope.franking_tag());
    Ok(true)
}

/// The keystream that (key, nonce) XORs onto a message of `len` bytes.
fn keystream(key: &MessageKey, nonce: &Nonce, len: usize) -> Vec<u8> {
    let mut zeros = vec![0u8; len];
    key.seal_in_place_with_nonce(nonce, b"", &mut zeros)
        .unwrap();
    zeros
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// A sender (who holds the key) picks any ciphertext bytes and makes them
    /// open: they decrypt to some message, which is then reportable.
    #[test]
    fn sender_binding_any_ciphertext_that_opens_is_reportable(
        key in any::<[u8; 32]>(),
        nonce in any::<[u8; 24]>(),
        header in prop::collection::vec(any::<u8>(), 0..40),
        ciphertext in prop::collection::vec(any::<u8>(), 0..400),
    ) {
        let key = MessageKey::from_bytes(key);
        let nonce = Nonce::from_bytes(nonce);
        let message: Vec<u8> = keystream(&key, &nonce, ciphertext.len())
            .iter()
            .zip(&ciphertext)
            .map(|(k, c)| k ^ c)
            .collect();
        let mut buf = message;
        let envelope = key.seal_in_place_with_nonce(&nonce, &header, &mut buf).unwrap();
        prop_assert_eq!(&buf, &ciphertext);
        prop_assert!(reportable_if_it_opens(&key, &envelope, &header, &ciphertext)?);
    }

    /// Honest messages with one arbitrary change to ciphertext, tags, nonce or
    /// header (or none): whichever of them open are reportable.
    #[test]
    fn sender_binding_mutated_envelopes_that_open_are_reportable(
        key in any::<[u8; 32]>(),
        nonce in any::<[u8; 24]>(),
        header in prop::collection::vec(any::<u8>(), 0..40),
        message in prop::collection::vec(any::<u8>(), 0..400),
        kind in 0u8..6, idx in any::<usize>(), mask in 1u8..,
    ) {
        let key = MessageKey::from_bytes(key);
        let mut ct = message.clone();
        let env = key
            .seal_in_place_with_nonce(&Nonce::from_bytes(nonce), &header, &mut ct)
            .unwrap();
        let (mut n, mut f, mut i) = (
            env.nonce().to_bytes(),
            env.franking_tag().to_bytes(),
            env.integrity_tag().to_bytes(),
        );
        let mut header = header;
        match kind {
            0 => {}
            1 if !ct.is_empty() => { let at = idx % ct.len(); ct[at] ^= mask; }
            2 => n[idx % 24] ^= mask,
            3 => f[idx % 32] ^= mask,
            4 => i[idx % 32] ^= mask,
            _ => header.push(mask),
        }
        let env = Envelope::new(
            Nonce::from_bytes(n),
            FrankingTag::from_bytes(f),
            IntegrityTag::from_bytes(i),
        );
        let opened = reportable_if_it_opens(&key, &env, &header, &ct)?;
        // Integrity, for contrast: the honest message opens, no modified one does.
        prop_assert_eq!(opened, kind == 0);
    }

    /// Entirely arbitrary envelopes and ciphertexts: in practice none opens,
    /// and the property holds for any that would.
    #[test]
    fn sender_binding_arbitrary_envelopes_that_open_are_reportable(
        key in any::<[u8; 32]>(),
        envelope in any::<[u8; 88]>(),
        header in prop::collection::vec(any::<u8>(), 0..16),
        ciphertext in prop::collection::vec(any::<u8>(), 0..100),
    ) {
        let key = MessageKey::from_bytes(key);
        let envelope = Envelope::decode(&envelope).unwrap();
        reportable_if_it_opens(&key, &envelope, &header, &ciphertext)?;
    }

    /// Layer mode: whatever (header, message, opening, tag) the recipient's
    /// check accepts is reportable. The tag is either the genuine commitment or
    /// a mutated one.
    #[test]
    fn sender_binding_layer_mode_accepted_commitments_are_reportable(
        header in prop::collection::vec(any::<u8>(), 0..40),
        message in prop::collection::vec(any::<u8>(), 0..400),
        opening in any::<[u8; 32]>(),
        mutate in any::<bool>(), idx in 0usize..32, mask in 1u8..,
    ) {
        let mut tag = common::commit_with_opening(&opening, &header, &message).to_bytes();
        if mutate {
            tag[idx] ^= mask;
        }
        let tag = FrankingTag::from_bytes(tag);
        let keyring = keyring();
        let context = Context::new(b"s", b"r", NOW, b"i").unwrap();
        let stamp = keyring.stamp(&tag, &context).unwrap();
        match verify_commitment(&header, &message, Opening::from_bytes(opening), &tag) {
            Ok(opened) => {
                prop_assert!(!mutate, "a mutated tag was accepted");
                let bytes = encode(&opened.report(&context, &stamp));
                let report = Report::decode(&bytes).unwrap();
                let verified = verify(&keyring, NOW, &report);
                prop_assert!(verified.is_ok(), "accepted but not reportable: {:?}", verified);
                prop_assert_eq!(verified.unwrap().message(), &message[..]);
            }
            Err(_) => prop_assert!(mutate, "the genuine commitment was rejected"),
        }
    }
}
