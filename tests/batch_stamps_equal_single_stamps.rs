//! Batch stamping (SPEC.md 4.4, 15.2): one call stamps a franking tag for many
//! members, and each stamp is byte for byte the single stamp of that member.

mod common;

use common::TestRng;
use franking::{Context, ErrorKind, FrankingTag, KeyId, Keyring, MAX_ID_LEN, PlatformKey, Stamp};
use proptest::prelude::*;

fn keyring(seed: u64) -> Keyring {
    let mut rng = TestRng(seed);
    Keyring::new(
        PlatformKey::generate(
            KeyId::new(3),
            franking::KeyInterval::starting_at(0),
            &mut rng,
        )
        .unwrap(),
        86_400,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Any ids (so every alignment of the common part), any members: the
    /// batch equals the single stamps, and entries past the members stay put.
    #[test]
    fn batch_stamp_equals_single_stamp_per_member(
        sender in prop::collection::vec(any::<u8>(), 0..80),
        message_id in prop::collection::vec(any::<u8>(), 0..80),
        conversation in prop::collection::vec(any::<u8>(), 0..80),
        room in prop::collection::vec(any::<u8>(), 0..10),
        members in prop::collection::vec(prop::collection::vec(any::<u8>(), 0..130), 0..12),
        tag in any::<[u8; 32]>(),
        timestamp in any::<u64>(),
        seq in any::<u64>(),
    ) {
        let ring = keyring(1);
        let tag = FrankingTag::from_bytes(tag);
        let ctx = Context::new(&sender, &room, timestamp, &message_id)
            .unwrap()
            .in_conversation(&conversation, seq)
            .unwrap();
        let members: Vec<&[u8]> = members.iter().map(Vec::as_slice).collect();
        let mut out = vec![Stamp::default(); members.len() + 2];
        ring.stamp_batch(&tag, &ctx, &members, &mut out).unwrap();
        for (member, stamp) in members.iter().zip(&out) {
            let single = ring.stamp(&tag, &ctx.with_recipient(member).unwrap()).unwrap();
            prop_assert_eq!(stamp, &single);
        }
        prop_assert!(out[members.len()..].iter().all(|s| *s == Stamp::default()));
    }
}

/// A 1000-member room, the size, including the sender's own receipt.
#[test]
fn thousand_member_room_with_the_senders_receipt() {
    let ring = keyring(2);
    let tag = FrankingTag::from_bytes([0x42; 32]);
    let ctx = Context::new(b"user-0000", b"room-7", 1_700_000_000, b"m-1")
        .unwrap()
        .in_conversation(b"room-7", 99)
        .unwrap();
    let ids: Vec<Vec<u8>> = (0..1000)
        .map(|i| format!("user-{i:04}").into_bytes())
        .collect();
    let members: Vec<&[u8]> = ids.iter().map(Vec::as_slice).collect();
    let mut out = vec![Stamp::default(); members.len()];
    ring.stamp_batch(&tag, &ctx, &members, &mut out).unwrap();
    for (member, stamp) in members.iter().zip(&out) {
        assert_eq!(
            *stamp,
            ring.stamp(&tag, &ctx.with_recipient(member).unwrap())
                .unwrap()
        );
    }
    // Member 0 is the sender: its receipt is a stamp with recipient = sender.
    let receipt = ring
        .stamp(&tag, &ctx.with_recipient(b"user-0000").unwrap())
        .unwrap();
    assert_eq!(out[0], receipt);
    // Distinct members, distinct stamps.
    let mut macs: Vec<_> = out.iter().map(|s| s.mac().to_bytes()).collect();
    macs.sort_unstable();
    macs.dedup();
    assert_eq!(macs.len(), 1000);
}

/// A short output slice or an over-long member id fails before anything is
/// written; an empty batch succeeds and writes nothing.
#[test]
fn batch_rejects_short_output_and_long_ids_without_writing() {
    let ring = keyring(3);
    let tag = FrankingTag::from_bytes([1; 32]);
    let ctx = Context::new(b"s", b"room", 1, b"m").unwrap();
    let long = vec![0u8; MAX_ID_LEN + 1];
    let mut out = vec![Stamp::default(); 2];
    let members: [&[u8]; 3] = [b"a", b"b", b"c"];
    assert_eq!(
        ring.stamp_batch(&tag, &ctx, &members, &mut out)
            .map_err(|e| e.kind()),
        Err(ErrorKind::BufferTooSmall)
    );
    let members: [&[u8]; 2] = [b"a", &long];
    assert_eq!(
        ring.stamp_batch(&tag, &ctx, &members, &mut out)
            .map_err(|e| e.kind()),
        Err(ErrorKind::TooLong)
    );
    assert!(out.iter().all(|s| *s == Stamp::default()));
    assert_eq!(ring.stamp_batch(&tag, &ctx, &[], &mut []), Ok(()));
}

/// The id limit is inclusive: a member id of exactly MAX_ID_LEN bytes is
/// stamped, and its stamp is the single stamp.
#[test]
fn member_ids_at_the_limit_are_stamped() {
    let ring = keyring(4);
    let tag = FrankingTag::from_bytes([2; 32]);
    let ctx = Context::new(b"s", b"room", 1, b"m").unwrap();
    let at_limit = vec![0x61u8; MAX_ID_LEN];
    let members: [&[u8]; 1] = [&at_limit];
    let mut out = [Stamp::default()];
    assert_eq!(ring.stamp_batch(&tag, &ctx, &members, &mut out), Ok(()));
    assert_eq!(
        out[0],
        ring.stamp(&tag, &ctx.with_recipient(&at_limit).unwrap())
            .unwrap()
    );
}
