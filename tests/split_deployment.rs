//! Split deployments (SPEC.md section 8, README): the relay that stamps and
//! the moderation service that verifies load the same key (32 bytes, id and
//! interval) from a KMS. The moderation service's keyring is verify-only: it
//! can never stamp or rotate.

mod common;

use common::{Scenario, TestRng, verify_encoded};
use franking::{Error, FrankingTag, KeyId, KeyInterval, Keyring, PlatformKey};

const T0: u64 = 1_700_000_000;
const DAY: u64 = 86_400;

/// What the KMS stores per key: id, interval, secret.
struct KmsRecord {
    id: KeyId,
    interval: KeyInterval,
    secret: franking::platform::PlatformKeyBytes,
}

#[test]
fn relay_and_moderation_service_share_keys_through_the_kms() {
    let mut rng = TestRng(1401);
    // The relay generates its keys in its keyring and exports each one once.
    let mut relay = Keyring::new(
        PlatformKey::generate(KeyId::new(1), KeyInterval::starting_at(T0), &mut rng).unwrap(),
        30 * DAY,
    );
    let mut s = Scenario::new(1402, b"h", b"reported on day 0");
    s.keyring = relay.clone();
    s.timestamp = T0 + 3_600;
    let day0 = s.report_bytes();
    relay
        .rotate_generate(KeyId::new(2), T0 + DAY, &mut rng)
        .unwrap();
    s.keyring = relay.clone();
    s.timestamp = T0 + DAY + 3_600;
    let day1 = s.report_bytes();
    let kms: Vec<KmsRecord> = relay
        .keys()
        .map(|(id, interval)| KmsRecord {
            id,
            interval,
            secret: relay.get(id).unwrap().export_secret_bytes(),
        })
        .collect();

    // The moderation service loads every record, wiping its copy of the bytes.
    let mut moderation = Keyring::verify_only(30 * DAY);
    for record in &kms {
        let mut bytes = *record.secret.as_bytes();
        moderation
            .insert_from_bytes(record.id, record.interval, &mut bytes)
            .unwrap();
        assert_eq!(bytes, [0; 32]);
    }
    assert_eq!(
        moderation.keys().collect::<Vec<_>>(),
        relay.keys().collect::<Vec<_>>()
    );
    let now = T0 + 2 * DAY;
    assert_eq!(verify_encoded(&moderation, now, &day0), Ok(()));
    assert_eq!(verify_encoded(&moderation, now, &day1), Ok(()));

    // It cannot stamp, and it cannot be made to.
    assert!(moderation.is_verify_only());
    assert_eq!(moderation.current(), None);
    let tag = FrankingTag::from_bytes([3; 32]);
    assert_eq!(moderation.stamp(&tag, &s.context()), Err(Error::VerifyOnly));
    assert_eq!(
        moderation.rotate_generate(KeyId::new(3), now, &mut rng),
        Err(Error::VerifyOnly)
    );
    let key3 = PlatformKey::generate(KeyId::new(3), KeyInterval::starting_at(now), &mut rng);
    assert_eq!(moderation.rotate(key3.unwrap()), Err(Error::VerifyOnly));
    let mut bytes = rng.array::<32>();
    assert_eq!(
        moderation.rotate_from_bytes(KeyId::new(3), now, &mut bytes),
        Err(Error::VerifyOnly)
    );
    assert_eq!(bytes, [0; 32], "refused bytes are wiped");
    assert!(!relay.is_verify_only());
}

/// The moderation service closes an old key's interval when the KMS record
/// says it was rotated out; until then the key is open on its side, and a
/// stamp dated after the rotation still verifies there. The relay must
/// publish the closed interval (SPEC.md section 8).
#[test]
fn an_interval_not_yet_closed_on_the_moderation_side_still_accepts_late_stamps() {
    let mut rng = TestRng(1403);
    let key1 =
        PlatformKey::generate(KeyId::new(1), KeyInterval::starting_at(T0), &mut rng).unwrap();
    let mut stale = Keyring::verify_only(30 * DAY);
    stale.insert(key1.clone()).unwrap();
    let mut updated = Keyring::verify_only(30 * DAY);
    let closed = KeyInterval::new(T0, T0 + DAY).unwrap();
    let mut bytes = *key1.export_secret_bytes().as_bytes();
    updated
        .insert_from_bytes(KeyId::new(1), closed, &mut bytes)
        .unwrap();
    let mut s = Scenario::new(1404, b"h", b"m");
    s.timestamp = T0 + 2 * DAY;
    let late = s.report_bytes_by(&key1);
    let now = T0 + 3 * DAY;
    let refused = Err(Error::OutsideKeyInterval {
        key_id: KeyId::new(1),
        timestamp: T0 + 2 * DAY,
        interval: closed,
    });
    assert_eq!(verify_encoded(&stale, now, &late), Ok(()));
    assert_eq!(verify_encoded(&updated, now, &late), refused);
    // The stale service learns of the rotation and closes the key in place.
    stale.close_interval(KeyId::new(1), T0 + DAY).unwrap();
    assert_eq!(verify_encoded(&stale, now, &late), refused);
    assert_eq!(
        stale.keys().collect::<Vec<_>>(),
        updated.keys().collect::<Vec<_>>()
    );
}

#[test]
fn closing_an_interval_only_ever_shrinks_it() {
    let mut rng = TestRng(1405);
    let key = PlatformKey::generate(KeyId::new(1), KeyInterval::starting_at(T0), &mut rng);
    let mut ring = Keyring::verify_only(30 * DAY);
    ring.insert(key.unwrap()).unwrap();
    let interval = |ring: &Keyring| ring.get(KeyId::new(1)).unwrap().interval();
    ring.close_interval(KeyId::new(1), T0 + DAY).unwrap();
    assert_eq!(interval(&ring), KeyInterval::new(T0, T0 + DAY).unwrap());
    // A later end does not reopen it.
    ring.close_interval(KeyId::new(1), T0 + 2 * DAY).unwrap();
    assert_eq!(interval(&ring), KeyInterval::new(T0, T0 + DAY).unwrap());
    ring.close_interval(KeyId::new(1), T0).unwrap();
    assert_eq!(interval(&ring), KeyInterval::new(T0, T0).unwrap());
    assert_eq!(
        ring.close_interval(KeyId::new(1), T0 - 1),
        Err(Error::InvalidInterval {
            not_before: T0,
            not_after: T0 - 1
        })
    );
    assert_eq!(interval(&ring), KeyInterval::new(T0, T0).unwrap());
    assert_eq!(
        ring.close_interval(KeyId::new(2), T0),
        Err(Error::UnknownKey {
            key_id: KeyId::new(2)
        })
    );
}

/// A stamping keyring whose current key is closed (it leaked, say) refuses
/// to stamp after the close, and rotation does not reopen the old key.
#[test]
fn a_closed_current_key_stops_stamping_until_rotation() {
    let mut rng = TestRng(1406);
    let key = PlatformKey::generate(KeyId::new(1), KeyInterval::starting_at(T0), &mut rng);
    let mut ring = Keyring::new(key.unwrap(), 30 * DAY);
    let leak = T0 + DAY;
    ring.close_interval(KeyId::new(1), leak).unwrap();
    let tag = FrankingTag::from_bytes([3; 32]);
    let at = |ts| franking::Context::new(b"a", b"b", ts, b"m").unwrap();
    assert!(ring.stamp(&tag, &at(leak)).is_ok());
    assert_eq!(
        ring.stamp(&tag, &at(leak + 1)).map_err(|e| e.kind()),
        Err(franking::ErrorKind::OutsideKeyInterval)
    );
    ring.rotate_generate(KeyId::new(2), leak + 3_600, &mut rng)
        .unwrap();
    assert_eq!(
        ring.get(KeyId::new(1)).unwrap().interval(),
        KeyInterval::new(T0, leak).unwrap()
    );
    assert!(ring.stamp(&tag, &at(leak + 3_600)).is_ok());
}
