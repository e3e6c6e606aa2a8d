//! Keyring capacity and retirement (SPEC.md sections 6 to 8): a platform that
//! rotates daily and keeps reports verifiable for 90 days fits the default
//! keyring, `retire_expired` / `retire_older_than` drop exactly the keys no
//! acceptable report can need, and an old report reads as `Expired`, not
//! `UnknownKey`, because the age check comes before the key lookup.

mod common;

use common::{Scenario, TestRng, verify_encoded};
use franking::platform::{DEFAULT_CAPACITY, DEFAULT_MAX_SKEW_SECS};
use franking::{Error, ErrorKind, KeyId, KeyInterval, Keyring, PlatformKey};

const DAY: u64 = 86_400;
const MAX_AGE: u64 = 90 * DAY;
const T0: u64 = 1_700_000_000;

/// A report stamped by `ring`'s current key at `timestamp`.
fn report_at(ring: &Keyring, timestamp: u64) -> Vec<u8> {
    let mut s = Scenario::new(1201, b"h", b"a reported message");
    s.keyring = ring.clone();
    s.timestamp = timestamp;
    s.report_bytes()
}

#[test]
fn daily_rotation_with_90_days_of_reports_fits() {
    let mut rng = TestRng(1202);
    let first = PlatformKey::generate(KeyId::new(0), KeyInterval::starting_at(T0), &mut rng);
    let mut ring = Keyring::new(first.unwrap(), MAX_AGE);
    assert_eq!(ring.capacity(), DEFAULT_CAPACITY);
    // One report per day, each stamped at noon by that day's key.
    let mut reports = vec![report_at(&ring, T0 + DAY / 2)];
    let mut most = 0;
    for day in 1..=400u32 {
        let now = T0 + u64::from(day) * DAY;
        ring.retire_expired(now);
        ring.rotate_generate(KeyId::new(day), now, &mut rng)
            .unwrap();
        most = most.max(ring.len());
        reports.push(report_at(&ring, now + DAY / 2));
    }
    // 90 days of keys plus the current one and the one at the cutoff's edge.
    assert!(most <= 92, "held {most} keys at once");
    let now = T0 + 400 * DAY + DAY / 2;
    for (day, report) in reports.iter().enumerate() {
        let age = now - (T0 + day as u64 * DAY + DAY / 2);
        let got = verify_encoded(&ring, now, report);
        if age <= MAX_AGE {
            assert_eq!(got, Ok(()), "day {day}, {age} s old");
        } else {
            // Long retired, yet the verdict says why: the report is too old.
            assert_eq!(
                got.map_err(|e| e.kind()),
                Err(ErrorKind::Expired),
                "day {day}"
            );
        }
    }
}

#[test]
fn the_default_keyring_holds_128_keys_then_is_full() {
    let mut rng = TestRng(1203);
    let first = PlatformKey::generate(KeyId::new(0), KeyInterval::starting_at(0), &mut rng);
    let mut ring = Keyring::new(first.unwrap(), MAX_AGE);
    for id in 1..128u32 {
        ring.rotate_generate(KeyId::new(id), u64::from(id), &mut rng)
            .unwrap();
    }
    assert_eq!(ring.len(), 128);
    let full = Err(Error::KeyringFull { capacity: 128 });
    assert_eq!(ring.rotate_generate(KeyId::new(500), 500, &mut rng), full);
    let mut bytes = rng.array::<32>();
    assert_eq!(
        ring.insert_from_bytes(KeyId::new(501), KeyInterval::starting_at(0), &mut bytes),
        full
    );
    assert_eq!(bytes, [0; 32], "refused bytes are wiped");
    // A refused rotation changed nothing.
    assert_eq!(ring.current(), Some(KeyId::new(127)));
    assert!(ring.get(KeyId::new(127)).unwrap().interval().is_open());
    // Retiring one frees one slot.
    ring.retire(KeyId::new(3)).unwrap();
    ring.rotate_generate(KeyId::new(500), 500, &mut rng)
        .unwrap();
    assert_eq!(ring.rotate_generate(KeyId::new(501), 501, &mut rng), full);
}

#[test]
fn smaller_capacities_are_a_type_parameter() {
    let mut rng = TestRng(1204);
    let first = PlatformKey::generate(KeyId::new(0), KeyInterval::starting_at(0), &mut rng);
    let mut ring = Keyring::<2>::new_with_capacity(first.unwrap(), 100);
    ring.rotate_generate(KeyId::new(1), 10, &mut rng).unwrap();
    assert_eq!(
        ring.rotate_generate(KeyId::new(2), 20, &mut rng),
        Err(Error::KeyringFull { capacity: 2 })
    );
    assert_eq!(ring.capacity(), 2);
    // Size grows with N and is documented: one slot per key, plus its index entry.
    let slot = size_of::<Option<PlatformKey>>();
    assert!(slot <= 144, "{slot} bytes per slot");
    assert!(size_of::<Keyring>() <= 128 * (slot + 16) + 64);
    assert!(size_of::<Keyring<8>>() < size_of::<Keyring>() / 10);
}

#[test]
fn retire_older_than_retires_exactly_the_keys_that_ended_before_the_cutoff() {
    let mut rng = TestRng(1205);
    let first = PlatformKey::generate(KeyId::new(10), KeyInterval::starting_at(100), &mut rng);
    let mut ring = Keyring::new(first.unwrap(), MAX_AGE);
    // Keys 10..=14 end at 200, 300, 400, 500; 14 is current.
    for (id, at) in [(11, 200), (12, 300), (13, 400), (14, 500)] {
        ring.rotate_generate(KeyId::new(id), at, &mut rng).unwrap();
    }
    // A verifying key with an open interval is never retired by age. (It
    // starts with the current key: a key starting earlier would be closed
    // at the next start by the chain of SPEC.md 6.1.)
    let mut bytes = rng.array::<32>();
    ring.insert_from_bytes(KeyId::new(3), KeyInterval::starting_at(500), &mut bytes)
        .unwrap();
    assert_eq!(
        ring.retire_older_than(300),
        1,
        "only key 10 ended before 300"
    );
    assert!(ring.get(KeyId::new(10)).is_none());
    assert!(
        ring.get(KeyId::new(11)).is_some(),
        "key 11 ends at 300: kept"
    );
    assert_eq!(ring.retire_older_than(301), 1);
    assert_eq!(ring.retire_older_than(u64::MAX), 2, "keys 12 and 13");
    let left: Vec<u32> = ring.keys().map(|(id, _)| id.get()).collect();
    assert_eq!(left, [3, 14]);
    assert_eq!(ring.current(), Some(KeyId::new(14)));
    assert_eq!(ring.retire_older_than(u64::MAX), 0);
    // A key rotated to with a closed interval is current from 600 on, open
    // (SPEC.md 6.1), and never retired.
    let closed = KeyInterval::new(600, 700).unwrap();
    let key = PlatformKey::generate(KeyId::new(15), closed, &mut rng).unwrap();
    ring.rotate(key).unwrap();
    assert_eq!(
        ring.retire_older_than(u64::MAX),
        2,
        "keys 14 and 3, both closed at 600 by the rotation"
    );
    assert_eq!(ring.current(), Some(KeyId::new(15)));
    assert_eq!(
        ring.get(KeyId::new(15)).unwrap().interval(),
        KeyInterval::starting_at(600)
    );
}

#[test]
fn retire_expired_keeps_every_key_an_acceptable_report_can_need() {
    let mut rng = TestRng(1206);
    let max_age = 10 * DAY;
    let first = PlatformKey::generate(KeyId::new(1), KeyInterval::starting_at(T0), &mut rng);
    let mut ring = Keyring::new(first.unwrap(), max_age);
    let t1 = T0 + DAY;
    ring.rotate_generate(KeyId::new(2), t1, &mut rng).unwrap();
    let skew = DEFAULT_MAX_SKEW_SECS;
    // Key 1's last acceptable stamp is dated t1 + skew; a report of that age
    // is acceptable until t1 + skew + max_age, and not a second longer.
    let key1 = ring.get(KeyId::new(1)).unwrap().clone();
    let mut s = Scenario::new(1209, b"h", b"m");
    s.timestamp = t1 + skew;
    let last = s.report_bytes_by(&common::same_key_with_interval(
        &key1,
        KeyInterval::starting_at(0),
    ));
    let edge = t1 + skew + max_age;
    assert_eq!(ring.retire_expired(edge), 0);
    assert_eq!(verify_encoded(&ring, edge, &last), Ok(()));
    assert!(ring.get(KeyId::new(1)).is_some());
    assert_eq!(ring.retire_expired(edge + 1), 1);
    assert!(ring.get(KeyId::new(1)).is_none());
    // The report it could verify is expired by then anyway.
    assert_eq!(
        verify_encoded(&ring, edge + 1, &last).map_err(|e| e.kind()),
        Err(ErrorKind::Expired)
    );
}

#[test]
fn expired_comes_before_unknown_key() {
    let mut rng = TestRng(1207);
    let first = PlatformKey::generate(KeyId::new(1), KeyInterval::starting_at(0), &mut rng);
    let mut ring = Keyring::new(first.unwrap(), 1_000);
    let old = report_at(&ring, 5_000);
    ring.rotate_generate(KeyId::new(2), 5_500, &mut rng)
        .unwrap();
    ring.retire(KeyId::new(1)).unwrap();
    // Retired and one second too old: Expired, with the seconds.
    assert_eq!(
        verify_encoded(&ring, 6_001, &old),
        Err(Error::Expired { secs_too_old: 1 })
    );
    // Retired and not expired: UnknownKey, with the id.
    assert_eq!(
        verify_encoded(&ring, 6_000, &old),
        Err(Error::UnknownKey {
            key_id: KeyId::new(1)
        })
    );
}

#[test]
fn keys_lists_every_key_with_its_interval_in_id_order() {
    let mut rng = TestRng(1208);
    let first = PlatformKey::generate(KeyId::new(50), KeyInterval::starting_at(10), &mut rng);
    let mut ring = Keyring::new(first.unwrap(), 1_000);
    ring.rotate_generate(KeyId::new(7), 20, &mut rng).unwrap();
    let mut bytes = rng.array::<32>();
    let closed = KeyInterval::new(1, 5).unwrap();
    ring.insert_from_bytes(KeyId::new(u32::MAX), closed, &mut bytes)
        .unwrap();
    let listed: Vec<_> = ring.keys().collect();
    assert_eq!(
        listed,
        [
            (KeyId::new(7), KeyInterval::starting_at(20)),
            (KeyId::new(50), KeyInterval::new(10, 20).unwrap()),
            (KeyId::new(u32::MAX), closed),
        ]
    );
    assert_eq!(ring.len(), 3);
    assert!(!ring.is_empty());
}
