//! Key validity windows (SPEC.md section 6, step 4): a stamp verifies only if
//! its timestamp lies in its key's stamping interval, widened by the clock
//! skew at both ends. A key rotated out, and then leaked, cannot mint stamps
//! dated after its rotation; the boundaries are exact to the second.

mod common;

use common::{Scenario, TestRng, verify_encoded};
use franking::{Context, Error, ErrorKind, FrankingTag, KeyId, KeyInterval, Keyring, PlatformKey};

const DAY: u64 = 86_400;
/// When key 1 started stamping.
const T0: u64 = 1_700_000_000;
/// When key 2 replaced it.
const T1: u64 = T0 + DAY;
const SKEW: u64 = 300;
const MAX_AGE: u64 = 30 * DAY;

/// Key 1's secret bytes, as the attacker who leaked it holds them.
const K1: [u8; 32] = [
    0x41, 0x7e, 0x03, 0x9c, 0x55, 0x10, 0xd2, 0x6b, 0x88, 0x21, 0xfa, 0x4c, 0x3d, 0x90, 0x07, 0xe1,
    0x62, 0xb8, 0x1f, 0x73, 0xa4, 0x5e, 0xc9, 0x30, 0x0d, 0x96, 0x2a, 0xf5, 0x48, 0xbb, 0x17, 0x6c,
];

fn key1(interval: KeyInterval) -> PlatformKey {
    PlatformKey::from_bytes(KeyId::new(1), interval, &mut K1.clone()).unwrap()
}

/// The platform's keyring: key 1 from T0, rotated to key 2 at T1.
fn rotated(skew: u64) -> Keyring {
    let mut rng = TestRng(901);
    let mut ring = Keyring::new(key1(KeyInterval::starting_at(T0)), MAX_AGE).with_max_skew(skew);
    ring.rotate_generate(KeyId::new(2), T1, &mut rng).unwrap();
    ring
}

/// An honest-looking report whose stamp `key` made at `timestamp`.
fn report_by(key: &PlatformKey, timestamp: u64) -> Vec<u8> {
    let mut s = Scenario::new(902, b"h", b"a reported message");
    s.timestamp = timestamp;
    s.report_bytes_by(key)
}

/// What the leaked key 1 can make: stamps at any time (the attacker builds a
/// key with an open interval from the same bytes).
fn forged_by_leaked_key1(timestamp: u64) -> Vec<u8> {
    report_by(&key1(KeyInterval::starting_at(0)), timestamp)
}

fn outside(key_id: u32, timestamp: u64, interval: KeyInterval) -> Result<(), Error> {
    Err(Error::OutsideKeyInterval {
        key_id: KeyId::new(key_id),
        timestamp,
        interval,
    })
}

#[test]
fn rotation_closes_the_old_key_at_the_rotation_time() {
    let ring = rotated(SKEW);
    let k1 = ring.get(KeyId::new(1)).unwrap().interval();
    let k2 = ring.get(KeyId::new(2)).unwrap().interval();
    assert_eq!(k1, KeyInterval::new(T0, T1).unwrap());
    assert!(!k1.is_open());
    assert_eq!(k2, KeyInterval::starting_at(T1));
    assert!(k2.is_open() && k2.not_after() == u64::MAX);
    assert_eq!(ring.current(), Some(KeyId::new(2)));
}

#[test]
fn a_leaked_old_key_cannot_mint_stamps_dated_after_its_rotation() {
    let ring = rotated(SKEW);
    let now = T1 + 10 * DAY;
    let k1 = KeyInterval::new(T0, T1).unwrap();
    // A fresh "report" of any message, stamped by the leaked key today.
    assert_eq!(
        verify_encoded(&ring, now, &forged_by_leaked_key1(now)),
        outside(1, now, k1)
    );
    // Dated one second past the skew allowance after the rotation.
    let ts = T1 + SKEW + 1;
    assert_eq!(
        verify_encoded(&ring, now, &forged_by_leaked_key1(ts)),
        outside(1, ts, k1)
    );
    // The old key's genuine stamps, made during its interval, still verify.
    assert_eq!(
        verify_encoded(&ring, now, &forged_by_leaked_key1(T1 - DAY / 2)),
        Ok(())
    );
}

/// Each edge of each interval, with the default skew and with none: the last
/// accepted second and the first refused one, on both sides.
#[test]
fn interval_edges_are_exact_with_and_without_skew() {
    for skew in [SKEW, 0] {
        let ring = rotated(skew);
        let now = T1 + DAY;
        let k1 = KeyInterval::new(T0, T1).unwrap();
        let k2 = KeyInterval::starting_at(T1);
        let key2 = ring.get(KeyId::new(2)).unwrap().clone();
        // Key 2 with an interval reaching back, as a stamper with a slow clock
        // would use it; the moderator's keyring still has key 2 from T1.
        let early2 = common::same_key_with_interval(&key2, KeyInterval::starting_at(0));
        let by1 = |ts| verify_encoded(&ring, now, &forged_by_leaked_key1(ts));
        let by2 = |ts| verify_encoded(&ring, now, &report_by(&early2, ts));
        // Key 1's end: T1 + skew is the last second accepted.
        assert_eq!(by1(T1 + skew - 1), Ok(()), "skew {skew}");
        assert_eq!(by1(T1 + skew), Ok(()), "skew {skew}");
        assert_eq!(
            by1(T1 + skew + 1),
            outside(1, T1 + skew + 1, k1),
            "skew {skew}"
        );
        // Key 1's start: T0 - skew is the first second accepted.
        let ring_at_start = |ts| verify_encoded(&ring, T0 + DAY, &forged_by_leaked_key1(ts));
        assert_eq!(ring_at_start(T0 - skew + 1), Ok(()), "skew {skew}");
        assert_eq!(ring_at_start(T0 - skew), Ok(()), "skew {skew}");
        assert_eq!(
            ring_at_start(T0 - skew - 1),
            outside(1, T0 - skew - 1, k1),
            "skew {skew}"
        );
        // Key 2's start: T1 - skew is the first second accepted.
        assert_eq!(by2(T1 - skew + 1), Ok(()), "skew {skew}");
        assert_eq!(by2(T1 - skew), Ok(()), "skew {skew}");
        assert_eq!(
            by2(T1 - skew - 1),
            outside(2, T1 - skew - 1, k2),
            "skew {skew}"
        );
        // Key 2 is open: no end, up to the future-skew limit.
        assert_eq!(by2(now + skew), Ok(()), "skew {skew}");
    }
}

#[test]
fn the_rotation_second_belongs_to_both_keys() {
    let ring = rotated(0);
    let now = T1 + 60;
    let key2 = ring.get(KeyId::new(2)).unwrap();
    assert_eq!(
        verify_encoded(&ring, now, &forged_by_leaked_key1(T1)),
        Ok(())
    );
    assert_eq!(verify_encoded(&ring, now, &report_by(key2, T1)), Ok(()));
}

#[test]
fn interval_checks_saturate_at_the_ends_of_time() {
    let mut rng = TestRng(903);
    // A key from second 0 with a skew reaching below it, and an open key at
    // u64::MAX: no overflow, no wrap.
    let key = PlatformKey::generate(KeyId::new(5), KeyInterval::starting_at(0), &mut rng).unwrap();
    let ring = Keyring::new(key.clone(), u64::MAX).with_max_skew(u64::MAX);
    assert_eq!(verify_encoded(&ring, 0, &report_by(&key, 0)), Ok(()));
    assert_eq!(verify_encoded(&ring, 0, &report_by(&key, u64::MAX)), Ok(()));
    let closed = KeyInterval::new(10, u64::MAX - 1).unwrap();
    let key = PlatformKey::generate(KeyId::new(6), KeyInterval::starting_at(0), &mut rng).unwrap();
    let mut ring = Keyring::verify_only(u64::MAX).with_max_skew(0);
    let bytes = key.export_secret_bytes();
    ring.insert_from_bytes(KeyId::new(6), closed, &mut bytes.as_bytes().clone())
        .unwrap();
    let at = |ts| verify_encoded(&ring, u64::MAX, &report_by(&key, ts));
    assert_eq!(at(u64::MAX), outside(6, u64::MAX, closed));
    assert_eq!(at(u64::MAX - 1), Ok(()));
    assert_eq!(at(10), Ok(()));
    assert_eq!(at(9), outside(6, 9, closed));
    assert_eq!(at(0), outside(6, 0, closed));
}

#[test]
fn stamping_refuses_timestamps_outside_the_current_key_interval() {
    let ring = rotated(SKEW);
    let tag = FrankingTag::from_bytes([7; 32]);
    let k2 = KeyInterval::starting_at(T1);
    let at = |ts| Context::new(b"a", b"b", ts, b"m").unwrap();
    // Before the rotation time the old key stamps (SPEC.md 6.1: the
    // stamping key for ts). Before the first key's start nothing does: no
    // stamp the moderator would refuse. No skew here: the platform's own
    // clock chose the key.
    assert_eq!(
        ring.stamp(&tag, &at(T1 - 1)).map(|s| s.key_id()),
        Ok(KeyId::new(1))
    );
    assert_eq!(
        ring.stamp(&tag, &at(T0 - 1)),
        Err(Error::OutsideKeyInterval {
            key_id: KeyId::new(2),
            timestamp: T0 - 1,
            interval: k2,
        })
    );
    assert_eq!(
        ring.stamp(&tag, &at(T1)).map(|s| s.key_id()),
        Ok(KeyId::new(2))
    );
    assert!(ring.stamp(&tag, &at(u64::MAX)).is_ok());
    // The old key, as the keyring holds it now, stamps nothing after T1.
    let old = ring.get(KeyId::new(1)).unwrap();
    assert_eq!(
        old.stamp(&tag, &at(T1 + 1)).map_err(|e| e.kind()),
        Err(ErrorKind::OutsideKeyInterval)
    );
    assert!(old.stamp(&tag, &at(T1)).is_ok());
    assert!(old.stamp(&tag, &at(T0)).is_ok());
    assert_eq!(
        old.stamp(&tag, &at(T0 - 1)).map_err(|e| e.kind()),
        Err(ErrorKind::OutsideKeyInterval)
    );
}

/// The public checks run first, in the order of SPEC.md section 6: future,
/// expired, unknown key, outside the key's interval; the cryptographic check
/// last.
#[test]
fn outside_interval_comes_after_age_and_key_and_before_invalid() {
    let ring = rotated(SKEW);
    let now = T1 + 10 * DAY;
    let ts = T1 + SKEW + 1;
    let k1 = KeyInterval::new(T0, T1).unwrap();
    // Outside the interval and tampered: the public verdict.
    let mut tampered =
        common::ReportParts::of(&franking::Report::decode(&forged_by_leaked_key1(ts)).unwrap());
    tampered.message.push(b'!');
    assert_eq!(
        verify_encoded(&ring, now, &tampered.encode()),
        outside(1, ts, k1)
    );
    // Outside the interval and expired: Expired.
    let late = T1 + DAY + MAX_AGE + 1;
    let old_and_outside = forged_by_leaked_key1(T1 + DAY);
    assert_eq!(
        verify_encoded(&ring, late, &old_and_outside).map_err(|e| e.kind()),
        Err(ErrorKind::Expired)
    );
    // Outside the interval and from the future: FromFuture.
    assert_eq!(
        verify_encoded(&ring, now, &forged_by_leaked_key1(now + SKEW + 1)).map_err(|e| e.kind()),
        Err(ErrorKind::FromFuture)
    );
    // A forged stamp inside the interval: Invalid, nothing more.
    let mut forged =
        common::ReportParts::of(&franking::Report::decode(&forged_by_leaked_key1(T1)).unwrap());
    forged.mac[0] ^= 1;
    assert_eq!(
        verify_encoded(&ring, now, &forged.encode()),
        Err(Error::Invalid)
    );
}

/// Ids must not be reused (SPEC.md section 8); if one is, the old key's
/// reports fail on the new key's interval, a public verdict, not as Invalid.
#[test]
fn a_reused_id_makes_old_reports_fail_outside_the_new_interval() {
    let mut rng = TestRng(904);
    let mut ring = rotated(SKEW);
    let genuine_old = forged_by_leaked_key1(T0 + 3_600);
    let now = T1 + 2 * DAY;
    assert_eq!(verify_encoded(&ring, now, &genuine_old), Ok(()));
    ring.retire(KeyId::new(1)).unwrap();
    let t2 = T1 + DAY;
    ring.rotate_generate(KeyId::new(1), t2, &mut rng).unwrap();
    assert_eq!(
        verify_encoded(&ring, now, &genuine_old),
        outside(1, T0 + 3_600, KeyInterval::starting_at(t2))
    );
}

#[test]
fn intervals_are_checked_when_built() {
    assert_eq!(
        KeyInterval::new(5, 4),
        Err(Error::InvalidInterval {
            not_before: 5,
            not_after: 4
        })
    );
    assert!(KeyInterval::new(5, 5).unwrap().contains(5));
    assert!(!KeyInterval::new(5, 5).unwrap().contains(4));
    assert!(!KeyInterval::new(5, 5).unwrap().contains(6));
    assert!(KeyInterval::new(5, u64::MAX).unwrap().is_open());
    // Rotating to a key that starts before the current one would leave the
    // current key an empty interval: refused, nothing changed.
    let mut ring = rotated(SKEW);
    let mut rng = TestRng(905);
    assert_eq!(
        ring.rotate_generate(KeyId::new(3), T1 - 1, &mut rng),
        Err(Error::InvalidInterval {
            not_before: T1,
            not_after: T1 - 1
        })
    );
    assert_eq!(ring.current(), Some(KeyId::new(2)));
    assert!(ring.get(KeyId::new(3)).is_none());
    assert!(ring.get(KeyId::new(2)).unwrap().interval().is_open());
}
