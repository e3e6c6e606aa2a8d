//! Unambiguous encodings: distinct (header, message) pairs are distinct
//! commitment inputs, distinct contexts are distinct stamp inputs (length
//! prefixes, key id and domain labels included), and the report encoding is a
//! bijection between reports and the bytes the decoder accepts.

mod common;

use common::{ReportParts, TestRng, commit_with_opening, encode};
use franking::wire::{
    COMMITMENT_LABEL, ENVELOPE_LEN, INTEGRITY_LABEL, REPORT_VERSION, STAMP_LABEL, STAMP_LEN,
};
use franking::{Context, Envelope, KeyId, MessageKey, Nonce, PlatformKey, Report, Stamp};
use proptest::prelude::*;

fn parts() -> impl Strategy<Value = ReportParts> {
    let id = || prop::collection::vec(any::<u8>(), 0..12);
    (
        (
            any::<u32>(),
            any::<[u8; 32]>(),
            any::<[u8; 32]>(),
            any::<[u8; 32]>(),
            any::<u64>(),
            any::<u64>(),
        ),
        (id(), id(), id(), id()),
        (
            prop::collection::vec(any::<u8>(), 0..24),
            prop::collection::vec(any::<u8>(), 0..64),
        ),
    )
        .prop_map(
            |(
                (key_id, mac, franking_tag, opening, timestamp, seq),
                (sender, recipient, message_id, conversation),
                (header, message),
            )| {
                ReportParts {
                    version: 1,
                    key_id,
                    mac,
                    franking_tag,
                    opening,
                    timestamp,
                    seq,
                    sender,
                    recipient,
                    message_id,
                    conversation,
                    header,
                    message,
                }
            },
        )
}

/// One change to a valid encoding, of the kinds a fuzzer would make.
fn mutate(bytes: &mut Vec<u8>, kind: u8, idx: usize, value: u8, wide: u32) {
    let at = idx % (bytes.len() + 1);
    match kind % 6 {
        0 if at < bytes.len() => bytes[at] ^= value | 1,
        1 => bytes.insert(at, value),
        2 if at < bytes.len() => {
            bytes.remove(at);
        }
        3 => bytes.truncate(at),
        4 => {
            // Overwrite two bytes, e.g. a length prefix.
            let v = (wide as u16).to_be_bytes();
            for (k, b) in v.iter().enumerate() {
                if let Some(slot) = bytes.get_mut(at + k) {
                    *slot = *b;
                }
            }
        }
        _ => bytes.extend_from_slice(&wide.to_be_bytes()),
    }
}

/// If `bytes` decodes, it re-encodes to itself, and the crate's encoder agrees
/// with the independent one.
fn reencodes_to_itself(bytes: &[u8]) -> Result<(), TestCaseError> {
    if let Ok(report) = Report::decode(bytes) {
        prop_assert_eq!(report.encoded_len(), bytes.len());
        prop_assert_eq!(&encode(&report)[..], bytes);
        prop_assert_eq!(&ReportParts::of(&report).encode()[..], bytes);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Moving the header/message boundary (same concatenation) changes the tag.
    #[test]
    fn commitment_input_is_injective_across_header_message_splits(
        all in prop::collection::vec(any::<u8>(), 0..120),
        i in any::<usize>(), j in any::<usize>(),
        opening in any::<[u8; 32]>(),
    ) {
        let (i, j) = (i % (all.len() + 1), j % (all.len() + 1));
        prop_assume!(i != j);
        let a = commit_with_opening(&opening, &all[..i], &all[i..]);
        let b = commit_with_opening(&opening, &all[..j], &all[j..]);
        prop_assert_ne!(a, b);
    }

    /// A message that starts with what looks like a length field cannot be
    /// re-split into a longer header: without the header's length prefix,
    /// (h, u64(n) || R) and (h || u64(8 + n), R) would be the same input.
    #[test]
    fn commitment_input_is_injective_when_the_message_starts_with_a_length(
        header in prop::collection::vec(any::<u8>(), 0..40),
        rest in prop::collection::vec(any::<u8>(), 0..80),
        opening in any::<[u8; 32]>(),
    ) {
        let n = rest.len() as u64;
        let message = [&n.to_be_bytes()[..], &rest].concat();
        let longer_header = [&header[..], &(n + 8).to_be_bytes()].concat();
        let a = commit_with_opening(&opening, &header, &message);
        let b = commit_with_opening(&opening, &longer_header, &rest);
        prop_assert_ne!(a, b);
    }

    /// The same for context ids: an id that starts with what looks like a u16
    /// length cannot be folded into the id before it. Without that id's length
    /// prefix, (x, u16(n) || X) and (x || u16(2 + n), X) would be the same input.
    #[test]
    fn stamp_input_is_injective_when_an_id_starts_with_a_length(
        ids in any::<[[u8; 6]; 3]>(),
        rest in prop::collection::vec(any::<u8>(), 0..30),
        which in 0usize..2,
        timestamp in any::<u64>(),
    ) {
        let n = rest.len() as u16;
        let crafted = [&n.to_be_bytes()[..], &rest].concat();
        let mut a: Vec<Vec<u8>> = ids.iter().map(|id| id.to_vec()).collect();
        a[which + 1] = crafted;
        let mut b = a.clone();
        b[which].extend_from_slice(&(n + 2).to_be_bytes());
        b[which + 1] = rest;
        let key = PlatformKey::from_bytes(KeyId::new(1), franking::KeyInterval::starting_at(0), &mut core::array::from_fn(|i| 7 + i as u8)).unwrap();
        let tag = franking::FrankingTag::from_bytes([8; 32]);
        let stamp = |c: &Vec<Vec<u8>>| {
            key.stamp(&tag, &Context::new(&c[0], &c[1], timestamp, &c[2]).unwrap()).unwrap()
        };
        prop_assert_ne!(stamp(&a), stamp(&b));
    }

    /// The same holds for sealed messages under one key and nonce.
    #[test]
    fn sealed_franking_tag_is_injective_across_header_message_splits(
        all in prop::collection::vec(any::<u8>(), 1..120),
        i in any::<usize>(),
        key in any::<[u8; 32]>(), nonce in any::<[u8; 24]>(),
    ) {
        let i = i % all.len();
        let key = MessageKey::from_bytes(key);
        let nonce = Nonce::from_bytes(nonce);
        // Split i vs split i + 1: message lengths differ by one.
        let mut m1 = all[i..].to_vec();
        let mut m2 = all[i + 1..].to_vec();
        let e1 = key.seal_in_place_with_nonce(&nonce, &all[..i], &mut m1).unwrap();
        let e2 = key.seal_in_place_with_nonce(&nonce, &all[..=i], &mut m2).unwrap();
        prop_assert_ne!(e1.franking_tag(), e2.franking_tag());
        prop_assert_ne!(e1.integrity_tag(), e2.integrity_tag());
    }

    /// Contexts whose ids concatenate to the same bytes get different stamps.
    #[test]
    fn stamp_input_is_injective_across_id_splits(
        all in prop::collection::vec(any::<u8>(), 0..60),
        cuts in any::<[usize; 4]>(),
        timestamp in any::<u64>(),
        tag in any::<[u8; 32]>(),
    ) {
        let n = all.len() + 1;
        let mut a = [cuts[0] % n, cuts[1] % n];
        let mut b = [cuts[2] % n, cuts[3] % n];
        a.sort_unstable();
        b.sort_unstable();
        prop_assume!(a != b);
        let ctx = |[x, y]: [usize; 2]| Context::new(&all[..x], &all[x..y], timestamp, &all[y..]).unwrap();
        let key = PlatformKey::from_bytes(KeyId::new(1), franking::KeyInterval::starting_at(0), &mut core::array::from_fn(|i| 7 + i as u8)).unwrap();
        let tag = franking::FrankingTag::from_bytes(tag);
        prop_assert_ne!(key.stamp(&tag, &ctx(a)).unwrap(), key.stamp(&tag, &ctx(b)).unwrap());
    }

    /// Distinct contexts, or distinct tags, give distinct stamps.
    #[test]
    fn stamp_differs_for_distinct_contexts_and_tags(
        p in parts(), q in parts(),
    ) {
        let key = PlatformKey::from_bytes(KeyId::new(1), franking::KeyInterval::starting_at(0), &mut core::array::from_fn(|i| 9 + i as u8)).unwrap();
        let cp = Context::new(&p.sender, &p.recipient, p.timestamp, &p.message_id).unwrap()
            .in_conversation(&p.conversation, p.seq).unwrap();
        let cq = Context::new(&q.sender, &q.recipient, q.timestamp, &q.message_id).unwrap()
            .in_conversation(&q.conversation, q.seq).unwrap();
        let (tp, tq) = (
            franking::FrankingTag::from_bytes(p.franking_tag),
            franking::FrankingTag::from_bytes(q.franking_tag),
        );
        prop_assume!(cp != cq && tp != tq);
        prop_assert_ne!(key.stamp(&tp, &cp).unwrap(), key.stamp(&tq, &cq).unwrap());
        prop_assert_ne!(key.stamp(&tp, &cp).unwrap(), key.stamp(&tp, &cq).unwrap());
        prop_assert_ne!(key.stamp(&tp, &cp).unwrap(), key.stamp(&tq, &cp).unwrap());
    }

    /// decode(encode(x)) == x for every report x.
    #[test]
    fn report_decode_inverts_encode(p in parts()) {
        let bytes = p.encode();
        let report = Report::decode(&bytes).unwrap();
        prop_assert_eq!(ReportParts::of(&report), p);
        prop_assert_eq!(encode(&report), bytes);
    }

    /// encode(decode(b)) == b for every accepted b: arbitrary bytes.
    #[test]
    fn report_encode_inverts_decode_on_arbitrary_bytes(
        bytes in prop::collection::vec(any::<u8>(), 0..300),
        first_is_version in any::<bool>(),
    ) {
        let mut bytes = bytes;
        if first_is_version && !bytes.is_empty() {
            bytes[0] = REPORT_VERSION;
        }
        reencodes_to_itself(&bytes)?;
    }

    /// encode(decode(b)) == b for every accepted b: mutated valid encodings,
    /// which reach far deeper into the decoder.
    #[test]
    fn report_encode_inverts_decode_on_mutated_encodings(
        p in parts(),
        edits in prop::collection::vec((any::<u8>(), any::<usize>(), any::<u8>(), any::<u32>()), 1..4),
    ) {
        let mut bytes = p.encode();
        for (kind, idx, value, wide) in edits {
            mutate(&mut bytes, kind, idx, value, wide);
        }
        reencodes_to_itself(&bytes)?;
    }

    /// Envelopes and stamps: fixed-size encodings, bijective on their length.
    #[test]
    fn envelope_and_stamp_encodings_are_bijective(
        e in any::<[u8; ENVELOPE_LEN]>(),
        s in any::<[u8; STAMP_LEN]>(),
    ) {
        prop_assert_eq!(Envelope::decode(&e).unwrap().to_bytes(), e);
        prop_assert_eq!(Stamp::decode(&s).unwrap().to_bytes(), s);
    }
}

#[test]
fn stamp_binds_the_key_id() {
    // The same key bytes under two ids give different stamps: a stamp cannot be
    // relabelled to another id even if the platform reused key material.
    let ctx = Context::new(b"a", b"b", 1, b"c").unwrap();
    let tag = franking::FrankingTag::from_bytes([5; 32]);
    let k1 = PlatformKey::from_bytes(
        KeyId::new(1),
        franking::KeyInterval::starting_at(0),
        &mut core::array::from_fn(|i| 3 + i as u8),
    )
    .unwrap();
    let k2 = PlatformKey::from_bytes(
        KeyId::new(2),
        franking::KeyInterval::starting_at(0),
        &mut core::array::from_fn(|i| 3 + i as u8),
    )
    .unwrap();
    assert_ne!(
        k1.stamp(&tag, &ctx).unwrap().mac(),
        k2.stamp(&tag, &ctx).unwrap().mac()
    );
}

#[test]
fn domain_labels_are_distinct_and_as_specified() {
    assert_eq!(COMMITMENT_LABEL, b"franking-v1-comm");
    assert_eq!(STAMP_LABEL, b"franking-v1-stmp");
    assert_eq!(INTEGRITY_LABEL, b"franking-v1-intg");
    assert_eq!(REPORT_VERSION, 1);
}

#[test]
fn mutated_encodings_are_often_accepted_so_the_property_is_not_vacuous() {
    // The mutation-based property above only checks accepted inputs; make sure
    // a fair share of mutated encodings is accepted at all.
    let mut rng = TestRng(600);
    let base = ReportParts {
        version: 1,
        key_id: 1,
        mac: [1; 32],
        franking_tag: [2; 32],
        opening: [3; 32],
        timestamp: 4,
        seq: 5,
        sender: b"snd".to_vec(),
        recipient: b"rcp".to_vec(),
        message_id: b"mid".to_vec(),
        conversation: b"cnv".to_vec(),
        header: b"header".to_vec(),
        message: b"message".to_vec(),
    };
    let mut accepted = 0;
    for _ in 0..1000 {
        let mut bytes = base.encode();
        let kind = rng.below(6) as u8;
        mutate(
            &mut bytes,
            kind,
            rng.below(200),
            rng.below(256) as u8,
            rng.below(1 << 16) as u32,
        );
        if Report::decode(&bytes).is_ok() {
            accepted += 1;
        }
    }
    assert!(
        accepted > 100,
        "only {accepted} of 1000 mutated encodings decoded"
    );
}
