//! Rotation and loading (SPEC.md 6.1, 8): the chain of intervals closes a
//! key loaded open beside a newer one, a rotation can be scheduled ahead of
//! time, the three ways to rotate agree on the new key's interval, a rotation
//! cannot leave the old key open for ever, and errors come in the order the
//! table of 6.1 lists them.

mod common;

use common::{Scenario, TestRng, verify_encoded};
use franking::platform::PlatformKeyBytes;
use franking::{
    Context, Error, ErrorKind, FrankingTag, KeyId, KeyInterval, Keyring, PlatformKey, Stamp,
};

const DAY: u64 = 86_400;
/// When key 1 started stamping.
const T0: u64 = 1_700_000_000;
/// When key 2 replaced it.
const T1: u64 = T0 + 10 * DAY;
const MAX_AGE: u64 = 30 * DAY;

fn id(n: u32) -> KeyId {
    KeyId::new(n)
}

/// Key `n`'s secret bytes: distinct per key, never weak.
fn secret(n: u32) -> [u8; 32] {
    core::array::from_fn(|i| (n as u8).wrapping_mul(37).wrapping_add(i as u8))
}

fn key(n: u32, interval: KeyInterval) -> PlatformKey {
    PlatformKey::from_bytes(id(n), interval, &mut secret(n)).unwrap()
}

/// A report of an honest-looking message whose stamp `key` made at `timestamp`.
fn report_by(key: &PlatformKey, timestamp: u64) -> Vec<u8> {
    let mut s = Scenario::new(1501, b"h", b"a reported message");
    s.timestamp = timestamp;
    s.report_bytes_by(key)
}

fn outside(n: u32, timestamp: u64, interval: KeyInterval) -> Result<(), Error> {
    Err(Error::OutsideKeyInterval {
        key_id: id(n),
        timestamp,
        interval,
    })
}

fn interval_of(ring: &Keyring, n: u32) -> KeyInterval {
    ring.get(id(n)).unwrap().interval()
}

fn closed(not_before: u64, not_after: u64) -> KeyInterval {
    KeyInterval::new(not_before, not_after).unwrap()
}

/// Item 5: a moderation service loads key 1 from a record that was never
/// closed (an old KMS record, a backup) and key 2, which replaced it at T1.
/// Whatever the order, key 1 is closed at T1 on load, so whoever leaked key
/// 1 cannot mint a "fresh" report 20 days after the rotation; key 1's genuine
/// stamps still verify.
#[test]
fn a_key_loaded_open_beside_a_newer_one_is_closed_where_the_newer_begins() {
    let leaked = key(1, KeyInterval::starting_at(0));
    let fresh = T1 + 20 * DAY;
    let now = fresh + 60;
    for key1_first in [true, false] {
        let mut ring = Keyring::verify_only(MAX_AGE);
        let load1 = |ring: &mut Keyring| {
            ring.insert_from_bytes(id(1), KeyInterval::starting_at(T0), &mut secret(1))
        };
        let load2 = |ring: &mut Keyring| ring.insert(key(2, KeyInterval::starting_at(T1)));
        if key1_first {
            load1(&mut ring).unwrap();
            load2(&mut ring).unwrap();
        } else {
            load2(&mut ring).unwrap();
            load1(&mut ring).unwrap();
        }
        assert_eq!(interval_of(&ring, 1), closed(T0, T1), "{key1_first}");
        assert_eq!(interval_of(&ring, 2), KeyInterval::starting_at(T1));
        assert_eq!(
            verify_encoded(&ring, now, &report_by(&leaked, fresh)),
            outside(1, fresh, closed(T0, T1)),
            "the leaked key mints nothing after T1 (loaded first: {key1_first})"
        );
        let genuine = report_by(&leaked, T1 - 1);
        assert_eq!(verify_encoded(&ring, T1 + DAY, &genuine), Ok(()));
    }
}

/// The chain closes every key at the next start, not only the newest pair,
/// never extends a closed interval, and leaves keys with one start alone.
#[test]
fn the_chain_closes_each_key_at_the_next_start_and_never_extends() {
    let mut ring = Keyring::verify_only(MAX_AGE);
    ring.insert(key(3, KeyInterval::starting_at(T0 + 2 * DAY)))
        .unwrap();
    ring.insert(key(1, KeyInterval::starting_at(T0))).unwrap();
    ring.insert(key(2, closed(T0 + DAY, T0 + DAY + 5))).unwrap();
    ring.insert(key(4, KeyInterval::starting_at(T0 + 2 * DAY)))
        .unwrap();
    assert_eq!(interval_of(&ring, 1), closed(T0, T0 + DAY));
    assert_eq!(interval_of(&ring, 2), closed(T0 + DAY, T0 + DAY + 5));
    // Keys 3 and 4 start at the same second: neither is "next" to the other.
    assert_eq!(
        interval_of(&ring, 3),
        KeyInterval::starting_at(T0 + 2 * DAY)
    );
    assert_eq!(
        interval_of(&ring, 4),
        KeyInterval::starting_at(T0 + 2 * DAY)
    );
}

/// A stamping keyring that loads a newer key than its current one closes its
/// current key there too: it stops stamping where the newer key begins.
#[test]
fn a_stamping_keyring_that_loads_a_newer_key_stops_stamping_there() {
    let mut ring = Keyring::new(key(1, KeyInterval::starting_at(T0)), MAX_AGE);
    ring.insert(key(2, KeyInterval::starting_at(T1))).unwrap();
    assert_eq!(interval_of(&ring, 1), closed(T0, T1));
    assert_eq!(ring.stamping_key_at(T1), Ok(id(1)));
    assert_eq!(
        ring.stamping_key_at(T1 + 1).map_err(|e| e.kind()),
        Err(ErrorKind::OutsideKeyInterval),
        "an inserted key verifies only"
    );
}

fn stamp_at(ring: &Keyring, timestamp: u64) -> Result<Stamp, Error> {
    let context = Context::new(b"alice", b"bob", timestamp, b"m-1").unwrap();
    ring.stamp(&FrankingTag::from_bytes([9; 32]), &context)
}

/// Item 6: a rotation scheduled for T1 leaves the current key stamping until
/// T1 (second T1 included: it belongs to both, and the newer key takes it),
/// and the new key stamps from T1 on; both kinds of stamp verify on the
/// moderation side, and batch stamping picks the same keys.
#[test]
fn a_scheduled_rotation_keeps_the_old_key_stamping_until_its_time() {
    let mut relay = Keyring::new(key(1, KeyInterval::starting_at(T0)), MAX_AGE);
    let now = T0 + DAY;
    relay.rotate(key(2, KeyInterval::starting_at(T1))).unwrap();
    assert_eq!(relay.current(), Some(id(2)));
    let mut moderation = Keyring::verify_only(MAX_AGE);
    moderation.insert(key(1, closed(T0, T1))).unwrap();
    moderation
        .insert(key(2, KeyInterval::starting_at(T1)))
        .unwrap();
    for (timestamp, stamper) in [(now, 1), (T1 - 1, 1), (T1, 2), (T1 + 1, 2)] {
        assert_eq!(relay.stamping_key_at(timestamp), Ok(id(stamper)));
        let stamp = stamp_at(&relay, timestamp).unwrap();
        assert_eq!(stamp.key_id(), id(stamper), "at {timestamp}");
        let mut s = Scenario::new(1502, b"h", b"m");
        s.timestamp = timestamp;
        let report = s.report_bytes_by(relay.get(id(stamper)).unwrap());
        assert_eq!(
            report,
            s.report_bytes_with_stamp(
                &relay
                    .stamp(s.envelope.franking_tag(), &s.context())
                    .unwrap()
            )
        );
        assert_eq!(verify_encoded(&moderation, timestamp + 60, &report), Ok(()));
        let mut batch = [Stamp::default(); 2];
        relay
            .stamp_batch(
                &FrankingTag::from_bytes([9; 32]),
                &Context::new(b"alice", b"", timestamp, b"m-1").unwrap(),
                &[b"bob", b"carol"],
                &mut batch,
            )
            .unwrap();
        assert_eq!(batch[0], stamp, "batch stamping picks the same key");
    }
    // Before the first key's start nothing stamps: the clock is wrong.
    assert_eq!(
        stamp_at(&relay, T0 - 1).map(|_| ()),
        outside(2, T0 - 1, KeyInterval::starting_at(T1))
    );
}

/// Two rotations scheduled ahead: each key stamps its own stretch.
#[test]
fn rotations_scheduled_one_after_another_stamp_in_turn() {
    let mut rng = TestRng(1503);
    let mut relay = Keyring::new(key(1, KeyInterval::starting_at(T0)), MAX_AGE);
    relay.rotate_generate(id(2), T1, &mut rng).unwrap();
    relay
        .rotate_from_bytes(id(3), T1 + DAY, &mut secret(3))
        .unwrap();
    // Second T1 belongs to keys 1 and 2: the newer one, 2, stamps it.
    for (timestamp, stamper) in [(T1 - 1, 1), (T1, 2), (T1 + 1, 2), (T1 + DAY, 3)] {
        assert_eq!(relay.stamping_key_at(timestamp), Ok(id(stamper)));
    }
    // Retiring a stamping key leaves its stretch without a stamper.
    relay.retire(id(1)).unwrap();
    assert_eq!(
        relay.stamping_key_at(T1 - 1).map_err(|e| e.kind()),
        Err(ErrorKind::OutsideKeyInterval)
    );
}

/// A rotation at the current key's own start leaves it `[T, T]`; of the two
/// keys that start at `T`, the one that ends later (the newer) stamps `T`,
/// whatever their ids (SPEC.md 6.1).
#[test]
fn of_keys_starting_at_one_second_the_newer_stamps_it() {
    let mut relay = Keyring::new(key(9, KeyInterval::starting_at(T1)), MAX_AGE);
    relay.rotate(key(8, KeyInterval::starting_at(T1))).unwrap();
    relay
        .rotate(key(10, KeyInterval::starting_at(T1 + 5)))
        .unwrap();
    assert_eq!(interval_of(&relay, 9), closed(T1, T1));
    assert_eq!(interval_of(&relay, 8), closed(T1, T1 + 5));
    assert_eq!(relay.stamping_key_at(T1), Ok(id(8)));
    assert_eq!(relay.stamping_key_at(T1 + 5), Ok(id(10)));
}

/// `stamp_envelope` stamps the envelope's tag exactly as `stamp` does.
#[test]
fn stamp_envelope_stamps_the_envelopes_tag() {
    let s = Scenario::new(1506, b"h", b"m");
    let by_envelope = s.keyring.stamp_envelope(&s.envelope, &s.context());
    assert_eq!(by_envelope, Ok(s.stamp()));
    assert_ne!(
        by_envelope.unwrap(),
        s.keyring
            .stamp(&FrankingTag::from_bytes([1; 32]), &s.context())
            .unwrap()
    );
}

/// `Debug` shows the public state (current key, ids and intervals, policy)
/// and no secret byte.
#[test]
fn keyring_debug_prints_public_state_only() {
    let mut ring = Keyring::new(key(1, KeyInterval::starting_at(T0)), MAX_AGE);
    ring.rotate(key(2, KeyInterval::starting_at(T1))).unwrap();
    let printed = format!("{ring:?}");
    for part in [
        "Keyring",
        "current: Some(KeyId(2))",
        &format!("KeyId(1): KeyInterval {{ not_before: {T0}, not_after: {T1} }}"),
        "capacity: 128",
        &format!("max_age_secs: {MAX_AGE}"),
        "max_skew_secs: 300",
    ] {
        assert!(printed.contains(part), "{part} missing from {printed}");
    }
    let secret = format!("{:?}", &secret(1)[..4]);
    assert!(!printed.contains(&secret[1..secret.len() - 1]), "{printed}");
}

/// SPEC 6.1: the new key's interval is `[T, 2^64 - 1]` whichever way it is
/// rotated to, even if the key was built with a closed interval.
#[test]
fn every_way_to_rotate_gives_the_new_key_an_open_interval() {
    let mut rng = TestRng(1504);
    let mut by_key = Keyring::new(key(1, KeyInterval::starting_at(100)), MAX_AGE);
    by_key.rotate(key(2, closed(200, 300))).unwrap();
    let mut by_bytes = Keyring::new(key(1, KeyInterval::starting_at(100)), MAX_AGE);
    by_bytes
        .rotate_from_bytes(id(2), 200, &mut secret(2))
        .unwrap();
    let mut by_rng = Keyring::new(key(1, KeyInterval::starting_at(100)), MAX_AGE);
    by_rng.rotate_generate(id(2), 200, &mut rng).unwrap();
    for ring in [&by_key, &by_bytes, &by_rng] {
        assert_eq!(interval_of(ring, 2), KeyInterval::starting_at(200));
        assert_eq!(interval_of(ring, 1), closed(100, 200));
        assert_eq!(ring.stamping_key_at(400), Ok(id(2)));
    }
}

/// SPEC 6.1: a rotation at `2^64 - 1` would leave the old key open for ever;
/// it is refused, by every way to rotate, changing nothing. One second
/// earlier is accepted and closes the old key.
#[test]
fn a_rotation_at_the_end_of_time_is_refused() {
    let mut rng = TestRng(1505);
    let mut ring = Keyring::new(key(1, KeyInterval::starting_at(T0)), MAX_AGE);
    let refused = Err(Error::InvalidInterval {
        not_before: T0,
        not_after: u64::MAX,
    });
    assert_eq!(
        ring.rotate(key(2, KeyInterval::starting_at(u64::MAX))),
        refused
    );
    let mut bytes = secret(2);
    assert_eq!(ring.rotate_from_bytes(id(2), u64::MAX, &mut bytes), refused);
    assert_eq!(bytes, [0; 32], "refused bytes are wiped");
    assert_eq!(ring.rotate_generate(id(2), u64::MAX, &mut rng), refused);
    assert_eq!(ring.len(), 1);
    assert_eq!(interval_of(&ring, 1), KeyInterval::starting_at(T0));
    ring.rotate_generate(id(2), u64::MAX - 1, &mut rng).unwrap();
    assert_eq!(interval_of(&ring, 1), closed(T0, u64::MAX - 1));
}

/// SPEC 6.1's table order: public checks first, `WeakKey` last. Each call
/// below fails two checks at once and must report the earlier one.
#[test]
fn errors_come_in_the_order_of_the_table() {
    let weak = || [7u8; 32];
    let mut ring = Keyring::<2>::new_with_capacity(key(1, KeyInterval::starting_at(T0)), MAX_AGE);
    // insert: DuplicateKeyId before WeakKey, KeyringFull before WeakKey.
    assert_eq!(
        ring.insert_from_bytes(id(1), KeyInterval::starting_at(T0), &mut weak())
            .map_err(|e| e.kind()),
        Err(ErrorKind::DuplicateKeyId)
    );
    ring.insert(key(2, closed(0, 1))).unwrap();
    assert_eq!(
        ring.insert_from_bytes(id(3), KeyInterval::starting_at(T0), &mut weak())
            .map_err(|e| e.kind()),
        Err(ErrorKind::KeyringFull)
    );
    // rotate: InvalidInterval, DuplicateKeyId, KeyringFull, each before WeakKey.
    let rotate = |ring: &mut Keyring<2>, n: u32, at: u64| {
        ring.rotate_from_bytes(id(n), at, &mut weak())
            .map_err(|e| e.kind())
    };
    assert_eq!(
        rotate(&mut ring, 3, T0 - 1),
        Err(ErrorKind::InvalidInterval)
    );
    assert_eq!(rotate(&mut ring, 2, T0 + 1), Err(ErrorKind::DuplicateKeyId));
    assert_eq!(rotate(&mut ring, 3, T0 + 1), Err(ErrorKind::KeyringFull));
    ring.retire(id(2)).unwrap();
    assert_eq!(rotate(&mut ring, 3, T0 + 1), Err(ErrorKind::WeakKey));
    // VerifyOnly before InvalidInterval and WeakKey.
    let mut verify_only = Keyring::<2>::verify_only_with_capacity(MAX_AGE);
    assert_eq!(
        verify_only
            .rotate_from_bytes(id(3), u64::MAX, &mut weak())
            .map_err(|e| e.kind()),
        Err(ErrorKind::VerifyOnly)
    );
    // And nothing changed on the way.
    assert_eq!(ring.len(), 1);
    assert_eq!(ring.current(), Some(id(1)));
}

/// `insert_from_bytes` and `rotate_from_bytes` take the KMS's
/// `PlatformKeyBytes`, by value or by reference, and wipe them.
#[test]
fn from_bytes_operations_take_platform_key_bytes() {
    let exported = key(2, KeyInterval::starting_at(T1)).export_secret_bytes();
    let mut ring = Keyring::verify_only(MAX_AGE);
    ring.insert_from_bytes(id(2), KeyInterval::starting_at(T1), exported)
        .unwrap();
    let mut by_ref = PlatformKeyBytes::from_bytes(secret(3));
    ring.insert_from_bytes(id(3), closed(0, 1), &mut by_ref)
        .unwrap();
    assert_eq!(by_ref.as_bytes(), &[0; 32], "wiped in place");
    let report = report_by(&key(2, KeyInterval::starting_at(T1)), T1 + 5);
    assert_eq!(verify_encoded(&ring, T1 + 60, &report), Ok(()));
    let mut weak = PlatformKeyBytes::from_bytes([0; 32]);
    assert_eq!(
        ring.insert_from_bytes(id(4), closed(0, 1), &mut weak),
        Err(Error::WeakKey { key_id: id(4) })
    );
    let mut relay = Keyring::new(key(1, KeyInterval::starting_at(T0)), MAX_AGE);
    let mut next = PlatformKeyBytes::from_bytes(secret(5));
    relay.rotate_from_bytes(id(5), T1, &mut next).unwrap();
    assert_eq!(next.as_bytes(), &[0; 32]);
    let built =
        PlatformKey::from_bytes(id(6), closed(0, 1), PlatformKeyBytes::from_bytes(secret(6)));
    assert!(built.is_ok());
}

/// The boxed constructors build the same keyring as the inline ones.
#[cfg(feature = "alloc")]
#[test]
fn boxed_keyrings_equal_inline_ones() {
    let boxed = Keyring::new_boxed(key(1, KeyInterval::starting_at(T0)), MAX_AGE);
    let inline = Keyring::new(key(1, KeyInterval::starting_at(T0)), MAX_AGE);
    assert_eq!(format!("{boxed:?}"), format!("{inline:?}"));
    assert_eq!(boxed.stamping_key_at(T0), Ok(id(1)));
    let verify_only = Keyring::verify_only_boxed(MAX_AGE);
    assert!(verify_only.is_verify_only() && verify_only.is_empty());
    assert_eq!(verify_only.max_age_secs(), MAX_AGE);
    let small = Keyring::<4>::verify_only_boxed_with_capacity(7);
    assert_eq!((small.capacity(), small.max_age_secs()), (4, 7));
    let small = Keyring::<4>::new_boxed_with_capacity(key(1, KeyInterval::starting_at(0)), 7);
    assert_eq!(small.current(), Some(id(1)));
}
