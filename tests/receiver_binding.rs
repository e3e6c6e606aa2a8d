//! Receiver binding (GLR17): a franking tag opens to one (header, message)
//! only. A malicious recipient holding the opening cannot make the recipient
//! check, or the moderator, accept a different (header', message') under the
//! same tag; and a message it opened cannot be reported as different content.

mod common;

use common::{MAX_AGE, NOW, ReportParts, TestRng, encode, verify_encoded};
use franking::{
    Context, Error, KeyId, Keyring, MessageKey, Nonce, Opening, PlatformKey, Report,
    commit_with_rng, verify_commitment,
};
use proptest::prelude::*;

/// Derives other content from (header, message) by one edit an attacker might
/// try; the result may equal the input, which callers skip.
fn edit(
    h: &[u8],
    m: &[u8],
    kind: u8,
    idx: usize,
    byte: u8,
    alt: &(Vec<u8>, Vec<u8>),
) -> (Vec<u8>, Vec<u8>) {
    let (mut h2, mut m2) = (h.to_vec(), m.to_vec());
    match kind % 9 {
        0 if !m2.is_empty() => {
            let i = idx % m2.len();
            m2[i] ^= byte | 1;
        }
        1 if !h2.is_empty() => {
            let i = idx % h2.len();
            h2[i] ^= byte | 1;
        }
        2 => m2.push(byte),
        3 => h2.push(byte),
        4 if !m2.is_empty() => m2.truncate(idx % m2.len()),
        5 => {
            // Same concatenation header || message, another split point.
            let all = [h, m].concat();
            let at = idx % (all.len() + 1);
            (h2, m2) = (all[..at].to_vec(), all[at..].to_vec());
        }
        6 => core::mem::swap(&mut h2, &mut m2),
        7 => m2.splice(0..0, core::iter::once(byte)).for_each(drop),
        _ => (h2, m2) = alt.clone(),
    }
    (h2, m2)
}

fn content() -> impl Strategy<Value = (Vec<u8>, Vec<u8>)> {
    (
        prop::collection::vec(any::<u8>(), 0..40),
        prop::collection::vec(any::<u8>(), 0..300),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(192))]

    /// Layer mode: the recipient's check rejects other content under the same
    /// opening and tag.
    #[test]
    fn receiver_binding_commitment_opens_to_one_content_only(
        (h, m) in content(),
        seed in any::<u64>(),
        kind in any::<u8>(), idx in any::<usize>(), byte in any::<u8>(),
        alt in content(),
    ) {
        let (h2, m2) = edit(&h, &m, kind, idx, byte, &alt);
        prop_assume!((&h2, &m2) != (&h, &m));
        let (opening, tag) = commit_with_rng(&mut TestRng(seed), &h, &m).unwrap();
        let same = Opening::from_bytes(*opening.as_bytes());
        prop_assert!(verify_commitment(&h, &m, same, &tag).is_ok());
        prop_assert_eq!(verify_commitment(&h2, &m2, opening, &tag).err(), Some(Error::Invalid));
    }

    /// A tag does not open to other content under any other opening tried either.
    #[test]
    fn receiver_binding_no_other_opening_opens_a_tag_to_other_content(
        (h, m) in content(),
        seed in any::<u64>(),
        other_opening in any::<[u8; 32]>(),
        kind in any::<u8>(), idx in any::<usize>(), byte in any::<u8>(),
        alt in content(),
    ) {
        let (h2, m2) = edit(&h, &m, kind, idx, byte, &alt);
        prop_assume!((&h2, &m2) != (&h, &m));
        let (_, tag) = commit_with_rng(&mut TestRng(seed), &h, &m).unwrap();
        let r = verify_commitment(&h2, &m2, Opening::from_bytes(other_opening), &tag);
        prop_assert_eq!(r.err(), Some(Error::Invalid));
    }

    /// The moderator rejects a report of a sealed message whose header or
    /// message the reporter replaced, keeping the genuine opening, franking
    /// tag, context and stamp.
    #[test]
    fn receiver_binding_opened_message_cannot_be_reported_as_other_content(
        (h, m) in content(),
        seed in any::<u64>(),
        kind in any::<u8>(), idx in any::<usize>(), byte in any::<u8>(),
        alt in content(),
    ) {
        let (h2, m2) = edit(&h, &m, kind, idx, byte, &alt);
        prop_assume!((&h2, &m2) != (&h, &m));
        let mut rng = TestRng(seed);
        let key = MessageKey::generate(&mut rng);
        let keyring = Keyring::new(PlatformKey::generate(KeyId::new(1), franking::KeyInterval::starting_at(0), &mut rng).unwrap(), MAX_AGE);
        let mut buf = m.clone();
        let env = key.seal_in_place_with_nonce(&Nonce::random(&mut rng), &h, &mut buf).unwrap();
        let context = Context::new(b"sender", b"recipient", NOW, b"id").unwrap();
        let stamp = keyring.stamp(env.franking_tag(), &context).unwrap();
        let opened = key.open_in_place(&env, &h, &mut buf).unwrap();
        let honest = encode(&opened.report(&context, &stamp));
        prop_assert_eq!(verify_encoded(&keyring, NOW, &honest), Ok(()));

        let mut parts = ReportParts::of(&Report::decode(&honest).unwrap());
        parts.header = h2;
        parts.message = m2;
        prop_assert_eq!(verify_encoded(&keyring, NOW, &parts.encode()), Err(Error::Invalid));
    }
}

#[test]
fn receiver_binding_edit_kinds_all_produce_other_content() {
    // Guards the generator above: every edit kind changes typical content, so
    // the properties are not vacuous through `prop_assume!`.
    let (h, m) = (b"head".to_vec(), b"message".to_vec());
    let alt = (b"x".to_vec(), b"y".to_vec());
    for kind in 0..9u8 {
        let (h2, m2) = edit(&h, &m, kind, 1, 0x10, &alt);
        assert_ne!((&h2, &m2), (&h, &m), "kind {kind}");
    }
}
