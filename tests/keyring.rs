//! Keyring and report freshness: rotation keeps old stamps verifying, retired
//! keys are unknown, the age and skew windows are exact at their boundaries
//! and safe at the extremes of u64, and the keyring's limits hold.

mod common;

use common::{ReportParts, Scenario, TestRng, verify_encoded};
use franking::platform::DEFAULT_MAX_SKEW_SECS;
use franking::{Context, Error, ErrorKind, KeyId, KeyInterval, Keyring, PlatformKey};

/// A key that stamps from second 0 on.
fn key(id: u32, rng: &mut TestRng) -> PlatformKey {
    PlatformKey::generate(KeyId::new(id), KeyInterval::starting_at(0), rng).unwrap()
}

/// A key that stamps from second `from` on.
fn key_from(id: u32, from: u64, rng: &mut TestRng) -> PlatformKey {
    PlatformKey::generate(KeyId::new(id), KeyInterval::starting_at(from), rng).unwrap()
}

/// The verdict's kind, for checks where the detail is not the point.
fn kind(result: Result<(), Error>) -> Result<(), ErrorKind> {
    result.map_err(|e| e.kind())
}

/// An honest report stamped at `timestamp` by `keyring`'s current key.
fn report_at(keyring: &Keyring, timestamp: u64) -> Vec<u8> {
    let mut s = Scenario::new(700, b"h", b"a reported message");
    s.keyring = keyring.clone();
    s.timestamp = timestamp;
    s.report_bytes()
}

#[test]
fn rotation_keeps_old_stamps_verifying_and_new_stamps_use_the_new_key() {
    let mut rng = TestRng(701);
    let mut keyring = Keyring::new(key(1, &mut rng), 1_000);
    let old = report_at(&keyring, 500);
    keyring.rotate(key_from(2, 550, &mut rng)).unwrap();
    assert_eq!(keyring.current(), Some(KeyId::new(2)));
    assert!(keyring.get(KeyId::new(1)).is_some());
    let new = report_at(&keyring, 560);
    assert_eq!(
        ReportParts::of(&franking::Report::decode(&old).unwrap()).key_id,
        1
    );
    assert_eq!(
        ReportParts::of(&franking::Report::decode(&new).unwrap()).key_id,
        2
    );
    assert_eq!(verify_encoded(&keyring, 600, &old), Ok(()));
    assert_eq!(verify_encoded(&keyring, 600, &new), Ok(()));
    let verified_id = |bytes: &[u8]| {
        let r = franking::Report::decode(bytes).unwrap();
        franking::verify(&keyring, 600, &r).unwrap().key_id()
    };
    assert_eq!(verified_id(&old), KeyId::new(1));
    assert_eq!(verified_id(&new), KeyId::new(2));
    // A direct stamp by the keyring also uses the new key.
    let ctx = Context::new(b"a", b"b", 570, b"c").unwrap();
    let tag = franking::FrankingTag::from_bytes([1; 32]);
    assert_eq!(keyring.stamp(&tag, &ctx).unwrap().key_id(), KeyId::new(2));
    assert_eq!(
        keyring.stamp(&tag, &ctx),
        keyring.get(KeyId::new(2)).unwrap().stamp(&tag, &ctx)
    );
}

#[test]
fn inserted_key_verifies_but_does_not_stamp() {
    let mut rng = TestRng(702);
    let mut keyring = Keyring::new(key(1, &mut rng), 1_000);
    let k2 = key(2, &mut rng);
    let mut only2 = Keyring::new(k2.clone(), 1_000);
    keyring.insert(k2).unwrap();
    assert_eq!(keyring.current(), Some(KeyId::new(1)));
    let by1 = report_at(&keyring, 500);
    assert_eq!(
        ReportParts::of(&franking::Report::decode(&by1).unwrap()).key_id,
        1
    );
    let by2 = report_at(&only2, 500);
    assert_eq!(verify_encoded(&keyring, 600, &by2), Ok(()));
    only2.rotate(key_from(3, 550, &mut rng)).unwrap();
    assert_eq!(verify_encoded(&only2, 600, &by2), Ok(()));
}

#[test]
fn retired_key_stamps_are_unknown_key() {
    let mut rng = TestRng(703);
    let mut keyring = Keyring::new(key(1, &mut rng), 1_000);
    let old = report_at(&keyring, 500);
    keyring.rotate(key(2, &mut rng)).unwrap();
    assert_eq!(keyring.retire(KeyId::new(1)), Ok(()));
    assert!(keyring.get(KeyId::new(1)).is_none());
    let unknown = |id| {
        Err(Error::UnknownKey {
            key_id: KeyId::new(id),
        })
    };
    assert_eq!(verify_encoded(&keyring, 600, &old), unknown(1));
    // Retiring an id not held is the caller's mistake, and says so.
    assert_eq!(keyring.retire(KeyId::new(1)), unknown(1));
    assert_eq!(keyring.retire(KeyId::new(99)), unknown(99));
    // The current key's stamps are unaffected.
    assert_eq!(
        verify_encoded(&keyring, 600, &report_at(&keyring, 500)),
        Ok(())
    );
}

#[test]
fn retiring_the_current_key_is_refused() {
    let mut rng = TestRng(704);
    let mut keyring = Keyring::new(key(1, &mut rng), 1_000);
    assert_eq!(
        keyring.retire(KeyId::new(1)),
        Err(Error::RetiringCurrentKey {
            key_id: KeyId::new(1)
        })
    );
    keyring.rotate(key(2, &mut rng)).unwrap();
    assert_eq!(
        keyring.retire(KeyId::new(2)),
        Err(Error::RetiringCurrentKey {
            key_id: KeyId::new(2)
        })
    );
    assert_eq!(keyring.current(), Some(KeyId::new(2)));
    assert!(keyring.get(KeyId::new(2)).is_some());
}

#[test]
fn keyring_holds_its_capacity_then_is_full() {
    let mut rng = TestRng(705);
    let mut keyring = Keyring::<8>::new_with_capacity(key(0, &mut rng), 1_000);
    for id in 1..8u32 {
        keyring.insert(key(id, &mut rng)).unwrap();
    }
    let full = Err(Error::KeyringFull { capacity: 8 });
    assert_eq!(keyring.insert(key(100, &mut rng)), full);
    assert_eq!(keyring.rotate(key(101, &mut rng)), full);
    // A failed rotation leaves the keyring as it was.
    assert_eq!(keyring.current(), Some(KeyId::new(0)));
    assert!(keyring.get(KeyId::new(0)).unwrap().interval().is_open());
    assert!(keyring.get(KeyId::new(101)).is_none());
    for id in 0..8u32 {
        assert!(keyring.get(KeyId::new(id)).is_some(), "key {id} lost");
    }
    // Retiring frees a slot.
    assert_eq!(keyring.retire(KeyId::new(3)), Ok(()));
    keyring.rotate(key(101, &mut rng)).unwrap();
    assert_eq!(keyring.current(), Some(KeyId::new(101)));
    assert!(keyring.get(KeyId::new(0)).is_some());
    assert_eq!(keyring.insert(key(102, &mut rng)), full);
}

#[test]
fn duplicate_key_ids_are_refused() {
    let mut rng = TestRng(706);
    let mut keyring = Keyring::new(key(1, &mut rng), 1_000);
    keyring.insert(key(2, &mut rng)).unwrap();
    let duplicate = |id| {
        Err(Error::DuplicateKeyId {
            key_id: KeyId::new(id),
        })
    };
    assert_eq!(keyring.insert(key(1, &mut rng)), duplicate(1));
    assert_eq!(keyring.insert(key(2, &mut rng)), duplicate(2));
    assert_eq!(keyring.rotate(key(1, &mut rng)), duplicate(1));
    assert_eq!(keyring.rotate(key(2, &mut rng)), duplicate(2));
    let mut bytes = rng.array::<32>();
    assert_eq!(
        keyring.insert_from_bytes(KeyId::new(2), KeyInterval::starting_at(0), &mut bytes),
        duplicate(2)
    );
    assert_eq!(bytes, [0; 32], "refused bytes are wiped");
    assert_eq!(
        keyring.rotate_generate(KeyId::new(1), 5, &mut rng),
        duplicate(1)
    );
    assert_eq!(keyring.current(), Some(KeyId::new(1)));
    // The refused duplicates replaced nothing: reports by the originals verify.
    let r1 = report_at(&keyring, 10);
    assert_eq!(verify_encoded(&keyring, 10, &r1), Ok(()));
}

#[test]
fn expiry_boundary_is_exact() {
    let mut rng = TestRng(707);
    let keyring = Keyring::new(key(1, &mut rng), 1_000);
    let now = 1_000_000;
    // now - ts == max_age: accepted; one second older: Expired.
    assert_eq!(
        verify_encoded(&keyring, now, &report_at(&keyring, now - 1_000)),
        Ok(())
    );
    assert_eq!(
        verify_encoded(&keyring, now, &report_at(&keyring, now - 1_001)),
        Err(Error::Expired { secs_too_old: 1 })
    );
    // The same report, as the clock advances.
    let r = report_at(&keyring, now);
    assert_eq!(verify_encoded(&keyring, now + 1_000, &r), Ok(()));
    assert_eq!(
        verify_encoded(&keyring, now + 1_001, &r),
        Err(Error::Expired { secs_too_old: 1 })
    );
}

#[test]
fn future_boundary_is_exact_with_default_and_custom_skew() {
    let mut rng = TestRng(708);
    let now = 1_000_000;
    let keyring = Keyring::new(key(1, &mut rng), 1_000);
    assert_eq!(keyring.max_skew_secs(), DEFAULT_MAX_SKEW_SECS);
    assert_eq!(DEFAULT_MAX_SKEW_SECS, 300);
    let at = |ts: u64| verify_encoded(&keyring, now, &report_at(&keyring, ts));
    assert_eq!(at(now + 300), Ok(()));
    assert_eq!(at(now + 301), Err(Error::FromFuture { secs_too_early: 1 }));
    // The detail is the distance past the skew, not a ratio of clocks.
    assert_eq!(
        at(now + 1_000),
        Err(Error::FromFuture {
            secs_too_early: 700
        })
    );

    let keyring = keyring.with_max_skew(5);
    let at = |ts: u64| verify_encoded(&keyring, now, &report_at(&keyring, ts));
    assert_eq!(at(now + 5), Ok(()));
    assert_eq!(kind(at(now + 6)), Err(ErrorKind::FromFuture));
    assert_eq!(at(now), Ok(()));

    let keyring = keyring.with_max_skew(0);
    let at = |ts: u64| verify_encoded(&keyring, now, &report_at(&keyring, ts));
    assert_eq!(at(now), Ok(()));
    assert_eq!(kind(at(now + 1)), Err(ErrorKind::FromFuture));
}

#[test]
fn zero_max_age_accepts_only_the_current_second_and_skew() {
    let mut rng = TestRng(709);
    let keyring = Keyring::new(key(1, &mut rng), 0).with_max_skew(0);
    let r = report_at(&keyring, 5_000);
    assert_eq!(verify_encoded(&keyring, 5_000, &r), Ok(()));
    assert_eq!(
        kind(verify_encoded(&keyring, 5_001, &r)),
        Err(ErrorKind::Expired)
    );
    assert_eq!(
        kind(verify_encoded(&keyring, 4_999, &r)),
        Err(ErrorKind::FromFuture)
    );
}

#[test]
fn timestamp_checks_do_not_overflow_at_u64_extremes() {
    let mut rng = TestRng(710);
    let k = key(1, &mut rng);
    let max = u64::MAX;

    // ts = 0, now = u64::MAX.
    let keyring = Keyring::new(k.clone(), 1_000);
    assert_eq!(
        kind(verify_encoded(&keyring, max, &report_at(&keyring, 0))),
        Err(ErrorKind::Expired)
    );
    let keyring = Keyring::new(k.clone(), max);
    assert_eq!(
        verify_encoded(&keyring, max, &report_at(&keyring, 0)),
        Ok(())
    );
    let keyring = Keyring::new(k.clone(), max - 1);
    assert_eq!(
        kind(verify_encoded(&keyring, max, &report_at(&keyring, 0))),
        Err(ErrorKind::Expired)
    );

    // ts = u64::MAX, now = 0.
    let keyring = Keyring::new(k.clone(), 1_000);
    assert_eq!(
        kind(verify_encoded(&keyring, 0, &report_at(&keyring, max))),
        Err(ErrorKind::FromFuture)
    );
    let keyring = Keyring::new(k.clone(), 1_000).with_max_skew(max);
    assert_eq!(
        verify_encoded(&keyring, 0, &report_at(&keyring, max)),
        Ok(())
    );
    let keyring = Keyring::new(k.clone(), 1_000).with_max_skew(max - 1);
    assert_eq!(
        kind(verify_encoded(&keyring, 0, &report_at(&keyring, max))),
        Err(ErrorKind::FromFuture)
    );

    // now + skew past u64::MAX: saturates, everything up to u64::MAX is not future.
    let keyring = Keyring::new(k.clone(), 1_000);
    assert_eq!(
        verify_encoded(&keyring, max - 10, &report_at(&keyring, max)),
        Ok(())
    );
    assert_eq!(
        verify_encoded(&keyring, max, &report_at(&keyring, max)),
        Ok(())
    );
    // now = 0, ts = 0 and the other corners.
    let keyring = Keyring::new(k.clone(), 0).with_max_skew(0);
    assert_eq!(verify_encoded(&keyring, 0, &report_at(&keyring, 0)), Ok(()));
    assert_eq!(
        verify_encoded(&keyring, max, &report_at(&keyring, max)),
        Ok(())
    );
    let keyring = Keyring::new(k, max).with_max_skew(max);
    for (now, ts) in [(0, 0), (0, max), (max, 0), (max, max)] {
        assert_eq!(
            verify_encoded(&keyring, now, &report_at(&keyring, ts)),
            Ok(())
        );
    }
}

#[test]
fn checks_run_in_the_specified_order() {
    // Future, then expiry (public data of the report alone), then the key id,
    // then the key's interval, then the cryptographic checks (SPEC.md 6).
    let mut rng = TestRng(711);
    let keyring = Keyring::new(key(1, &mut rng), 100).with_max_skew(10);
    let now = 10_000;
    let expired = report_at(&keyring, now - 101);
    let future = report_at(&keyring, now + 11);
    let mut unknown_and_expired = ReportParts::of(&franking::Report::decode(&expired).unwrap());
    unknown_and_expired.key_id = 2;
    assert_eq!(
        kind(verify_encoded(&keyring, now, &unknown_and_expired.encode())),
        Err(ErrorKind::Expired)
    );
    let mut unknown_and_forged = ReportParts::of(&franking::Report::decode(&future).unwrap());
    unknown_and_forged.key_id = 2;
    unknown_and_forged.timestamp = now;
    assert_eq!(
        verify_encoded(&keyring, now, &unknown_and_forged.encode()),
        Err(Error::UnknownKey {
            key_id: KeyId::new(2)
        })
    );
    let mut forged_and_expired = ReportParts::of(&franking::Report::decode(&expired).unwrap());
    forged_and_expired.mac[0] ^= 1;
    assert_eq!(
        kind(verify_encoded(&keyring, now, &forged_and_expired.encode())),
        Err(ErrorKind::Expired)
    );
    let mut forged_and_future = ReportParts::of(&franking::Report::decode(&future).unwrap());
    forged_and_future.message.push(0);
    assert_eq!(
        kind(verify_encoded(&keyring, now, &forged_and_future.encode())),
        Err(ErrorKind::FromFuture)
    );
}

#[test]
fn keyring_accessors_report_its_policy() {
    let mut rng = TestRng(712);
    let keyring = Keyring::new(key(4, &mut rng), 1_234).with_max_skew(56);
    assert_eq!(keyring.max_age_secs(), 1_234);
    assert_eq!(keyring.max_skew_secs(), 56);
    assert_eq!(keyring.current(), Some(KeyId::new(4)));
    assert!(!keyring.is_verify_only());
    assert_eq!(
        keyring.get(KeyId::new(4)).map(PlatformKey::id),
        Some(KeyId::new(4))
    );
    assert!(keyring.get(KeyId::new(5)).is_none());
}
