//! Key commitment against invisible salamanders and key multi-collisions
//! (DGRW18, LGR21): one ciphertext with one envelope opens under one message
//! key only. Even a sender who knows both keys and picks the ciphertext cannot
//! make a single (ciphertext, envelope) that two keys open, because the two
//! keys derive two openings and the franking tag binds (opening, content).

mod common;

use common::{TestRng, open, seal};
use franking::{Error, MessageKey, Nonce};
use proptest::prelude::*;

/// The envelope that makes `ciphertext` open under `key`: seal the message
/// that `key`'s keystream turns into exactly this ciphertext.
fn envelope_for(
    key: &MessageKey,
    nonce: &Nonce,
    header: &[u8],
    ciphertext: &[u8],
) -> franking::Envelope {
    let mut keystream = vec![0u8; ciphertext.len()];
    key.seal_in_place_with_nonce(nonce, b"", &mut keystream)
        .unwrap();
    let mut buf: Vec<u8> = keystream
        .iter()
        .zip(ciphertext)
        .map(|(k, c)| k ^ c)
        .collect();
    let envelope = key
        .seal_in_place_with_nonce(nonce, header, &mut buf)
        .unwrap();
    assert_eq!(buf, ciphertext);
    envelope
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// An honest (ciphertext, envelope) does not open under any other key.
    #[test]
    fn sealed_message_opens_under_its_key_only(
        k1 in any::<[u8; 32]>(), k2 in any::<[u8; 32]>(), seed in any::<u64>(),
        header in prop::collection::vec(any::<u8>(), 0..20),
        message in prop::collection::vec(any::<u8>(), 0..200),
    ) {
        prop_assume!(k1 != k2);
        let (k1, k2) = (MessageKey::from_bytes(k1), MessageKey::from_bytes(k2));
        let (ct, env) = seal(&k1, &mut TestRng(seed), &header, &message);
        prop_assert_eq!(open(&k1, &env, &header, &ct), Ok(message));
        prop_assert_eq!(open(&k2, &env, &header, &ct), Err(Error::Invalid));
    }

    /// A sender who controls both keys and the ciphertext gets two different
    /// envelopes for the two keys: there is no single envelope both accept.
    #[test]
    fn no_ciphertext_opens_under_two_keys_with_one_envelope(
        k1 in any::<[u8; 32]>(), k2 in any::<[u8; 32]>(), nonce in any::<[u8; 24]>(),
        header in prop::collection::vec(any::<u8>(), 0..20),
        ciphertext in prop::collection::vec(any::<u8>(), 0..200),
    ) {
        prop_assume!(k1 != k2);
        let (k1, k2) = (MessageKey::from_bytes(k1), MessageKey::from_bytes(k2));
        let nonce = Nonce::from_bytes(nonce);
        let e1 = envelope_for(&k1, &nonce, &header, &ciphertext);
        let e2 = envelope_for(&k2, &nonce, &header, &ciphertext);
        prop_assert!(open(&k1, &e1, &header, &ciphertext).is_ok());
        prop_assert!(open(&k2, &e2, &header, &ciphertext).is_ok());
        prop_assert_ne!(e1.franking_tag(), e2.franking_tag());
        prop_assert_eq!(open(&k2, &e1, &header, &ciphertext), Err(Error::Invalid));
        prop_assert_eq!(open(&k1, &e2, &header, &ciphertext), Err(Error::Invalid));
    }
}

#[test]
fn many_keys_one_ciphertext_at_most_one_opens() {
    // The shape of a key multi-collision attack: one ciphertext and envelope
    // tried under many candidate keys (here 0x41.., 0x42.., ... as in LGR21's
    // demonstration keys). Exactly the sealing key opens it.
    let mut rng = TestRng(1200);
    let keys: Vec<MessageKey> = (0x41u8..0x4b)
        .map(|b| MessageKey::from_bytes([b; 32]))
        .collect();
    let (ct, env) = seal(&keys[3], &mut rng, b"attachment", b"benign or abusive?");
    let opened: Vec<usize> = (0..keys.len())
        .filter(|&i| open(&keys[i], &env, b"attachment", &ct).is_ok())
        .collect();
    assert_eq!(opened, vec![3]);
}
