//! The keyring's high-water mark and what sync reports (SPEC.md 6.1, "The
//! high-water mark", "Sync"). Properties: a key that starts before the
//! latest start the keyring ever held is closed there, even after the newer
//! key was retired, so an old or replayed key list cannot reopen a leaked
//! key; a key at or after the mark stays open; on a stamping keyring a
//! synced key that starts after the current key ends the current key's
//! stamping at its start, and a rotation at that start resumes it;
//! `SyncReport::closed` counts every kept key the sync shortened, by its
//! record or by the chain, once.

mod common;

use common::{Scenario, verify_encoded};
use franking::platform::{KeyRecord, PlatformKeyBytes, SyncReport};
use franking::{Error, ErrorKind, KeyId, KeyInterval, Keyring, PlatformKey};

const DAY: u64 = 86_400;
const T0: u64 = 1_700_000_000;
const T1: u64 = T0 + DAY;
const MAX_AGE: u64 = 30 * DAY;

fn id(n: u32) -> KeyId {
    KeyId::new(n)
}

fn secret(n: u32) -> [u8; 32] {
    core::array::from_fn(|i| (n as u8).wrapping_mul(59).wrapping_add(5 * i as u8))
}

fn record(n: u32, interval: KeyInterval) -> KeyRecord {
    KeyRecord::new(id(n), interval, PlatformKeyBytes::from_bytes(secret(n))).unwrap()
}

fn open(a: u64) -> KeyInterval {
    KeyInterval::starting_at(a)
}

fn closed(a: u64, b: u64) -> KeyInterval {
    KeyInterval::new(a, b).unwrap()
}

fn counts(added: usize, closed: usize, retired: usize) -> Result<SyncReport, Error> {
    Ok(SyncReport {
        added,
        closed,
        retired,
    })
}

/// A report the leaked key 1 forges, dated 20 days after its rotation out.
fn forged_by_key_1() -> (u64, Vec<u8>) {
    let leaked = PlatformKey::from_bytes(id(1), open(0), &mut secret(1)).unwrap();
    let mut s = Scenario::new(1801, b"h", b"m");
    s.timestamp = T1 + 20 * DAY;
    (s.timestamp + 60, s.report_bytes_by(&leaked))
}

/// A moderation keyring that held key 1 `[T0, T1]` and key 2 `[T1, open]`,
/// then synced a list without key 1 (the platform retired it, say because it
/// leaked).
fn after_key_1_retired() -> Keyring {
    let mut moderation = Keyring::verify_only(MAX_AGE);
    moderation
        .sync(&[record(1, closed(T0, T1)), record(2, open(T1))])
        .unwrap();
    assert_eq!(moderation.sync(&[record(2, open(T1))]), counts(0, 0, 1));
    moderation
}

/// The attack of the review: an old list `[key 1 open]` arrives (a backup
/// restored, a cached KMS response, a replay). Sync retires key 2 (it is
/// unlisted) and adds key 1; without the high-water mark key 1 would come
/// back open with no newer key left to close it, and the leaked key would
/// mint "fresh" reports. With it, key 1 is closed at T1, where it was.
#[test]
fn a_replayed_old_list_cannot_reopen_a_retired_key() {
    let mut moderation = after_key_1_retired();
    let (now, forged) = forged_by_key_1();
    let replayed = moderation.sync(&[record(1, open(T0))]);
    assert_eq!(replayed, counts(1, 0, 1));
    assert!(format!("{moderation:?}").contains(&format!("latest_start: {T1}")));
    assert_eq!(
        moderation.keys().collect::<Vec<_>>(),
        [(id(1), closed(T0, T1))]
    );
    assert_eq!(
        verify_encoded(&moderation, now, &forged).map_err(|e| e.kind()),
        Err(ErrorKind::OutsideKeyInterval)
    );
}

/// One way of adding key 1 to a keyring.
type AddKey = fn(&mut Keyring) -> Result<(), Error>;

/// The mark closes keys however they are added: `insert_record`, `insert`
/// and `insert_from_bytes` of key 1 open after key 2 was retired.
#[test]
fn every_way_of_adding_an_old_key_closes_it_at_the_mark() {
    let (now, forged) = forged_by_key_1();
    let adds: [AddKey; 3] = [
        |k| k.insert_record(&record(1, open(T0))),
        |k| k.insert(PlatformKey::from_bytes(id(1), open(T0), &mut secret(1)).unwrap()),
        |k| k.insert_from_bytes(id(1), open(T0), &mut secret(1)),
    ];
    for add in adds {
        let mut moderation = after_key_1_retired();
        moderation.retire(id(2)).unwrap();
        assert!(moderation.is_empty());
        add(&mut moderation).unwrap();
        assert_eq!(moderation.get(id(1)).unwrap().interval(), closed(T0, T1));
        assert_eq!(
            verify_encoded(&moderation, now, &forged).map_err(|e| e.kind()),
            Err(ErrorKind::OutsideKeyInterval)
        );
    }
}

/// The mark closes only keys that start before it: a key starting at the
/// mark (the same second is not ordered) or after it stays open, and a key
/// after it raises the mark. A key already closed before the mark keeps its
/// end (the mark never extends an interval).
#[test]
fn keys_at_or_after_the_mark_stay_open_and_raise_it() {
    let mut moderation = after_key_1_retired();
    moderation.retire(id(2)).unwrap();
    moderation.insert_record(&record(3, open(T1))).unwrap();
    assert_eq!(moderation.get(id(3)).unwrap().interval(), open(T1));
    moderation.retire(id(3)).unwrap();
    moderation
        .insert_record(&record(4, open(T1 + DAY)))
        .unwrap();
    assert_eq!(moderation.get(id(4)).unwrap().interval(), open(T1 + DAY));
    moderation.retire(id(4)).unwrap();
    moderation.insert_record(&record(5, open(T1))).unwrap();
    assert_eq!(
        moderation.get(id(5)).unwrap().interval(),
        closed(T1, T1 + DAY)
    );
    moderation
        .insert_record(&record(6, closed(T0, T0 + 10)))
        .unwrap();
    assert_eq!(
        moderation.get(id(6)).unwrap().interval(),
        closed(T0, T0 + 10)
    );
}

/// On a stamping keyring, a synced key that starts after the current key
/// closes the current key at its start (the chain): the current key stamps
/// until then and stamping is refused after it with `OutsideKeyInterval`
/// (a moderator holding both keys would refuse such stamps). The synced key
/// only verifies; a rotation to a new key at that start resumes stamping.
#[test]
fn a_synced_later_key_ends_the_current_keys_stamping_at_its_start() {
    let first = PlatformKey::from_bytes(id(1), open(T0), &mut secret(1)).unwrap();
    let mut relay = Keyring::new(first, MAX_AGE);
    let t = T0 + 3 * DAY;
    let synced = relay.sync(&[record(1, open(T0)), record(2, open(t))]);
    assert_eq!(synced, counts(1, 1, 0));
    assert_eq!(relay.current(), Some(id(1)));
    assert_eq!(relay.get(id(1)).unwrap().interval(), closed(T0, t));
    assert_eq!(relay.stamping_key_at(t), Ok(id(1)));
    assert_eq!(
        relay.stamping_key_at(t + 1),
        Err(Error::OutsideKeyInterval {
            key_id: id(1),
            timestamp: t + 1,
            interval: closed(T0, t),
        })
    );
    relay.rotate_from_bytes(id(3), t, &mut secret(3)).unwrap();
    assert_eq!(relay.stamping_key_at(t + 1), Ok(id(3)));
    assert_eq!(relay.get(id(3)).unwrap().interval(), open(t));
}

/// `closed` counts a kept key closed by the chain (a listed key starts after
/// it), by its record, or by both (once); added keys closed by the chain are
/// not counted; a second sync reports all zero.
#[test]
fn sync_counts_every_kept_key_it_shortened_once() {
    let mut moderation = Keyring::verify_only(MAX_AGE);
    assert_eq!(moderation.sync(&[record(1, open(T0))]), counts(1, 0, 0));
    let by_chain = [record(1, open(T0)), record(2, open(T1))];
    assert_eq!(moderation.sync(&by_chain), counts(1, 1, 0));
    assert_eq!(moderation.get(id(1)).unwrap().interval(), closed(T0, T1));
    assert_eq!(moderation.sync(&by_chain), counts(0, 0, 0));

    let mut moderation = Keyring::verify_only(MAX_AGE);
    moderation.sync(&[record(1, open(T0))]).unwrap();
    let by_both = [record(1, closed(T0, T1 + DAY)), record(2, open(T1))];
    assert_eq!(moderation.sync(&by_both), counts(1, 1, 0));
    assert_eq!(moderation.get(id(1)).unwrap().interval(), closed(T0, T1));

    let mut moderation = Keyring::verify_only(MAX_AGE);
    moderation.sync(&[record(2, open(T1))]).unwrap();
    let added_closed = [record(1, open(T0)), record(2, open(T1))];
    assert_eq!(moderation.sync(&added_closed), counts(1, 0, 0));
    assert_eq!(moderation.get(id(1)).unwrap().interval(), closed(T0, T1));
}
