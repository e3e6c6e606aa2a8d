//! Key distribution (SPEC.md 6.1, "Key records" and "Sync"): the relay
//! exports its keys as records, a moderation service decodes them and syncs
//! its verify-only keyring. Properties: the record is the specified layout,
//! injective and canonical, and its decoder checks every length and field in
//! the specified order; sync adds, closes and retires as the list says, is
//! idempotent, closes a stale open record where the next key begins, and
//! changes nothing when it fails; a report under a key not yet synced is
//! `UnknownKey` and verifies after the sync.

mod common;

use common::{Scenario, TestRng, verify_encoded};
use franking::platform::{KeyRecord, PlatformKeyBytes, SyncReport};
use franking::wire::{KEY_RECORD_KIND, KEY_RECORD_VERSION};
use franking::zeroize::Zeroize;
use franking::{Error, ErrorKind, KeyId, KeyInterval, Keyring, PlatformKey};

const DAY: u64 = 86_400;
const T0: u64 = 1_700_000_000;
const MAX_AGE: u64 = 30 * DAY;

fn id(n: u32) -> KeyId {
    KeyId::new(n)
}

fn secret(n: u32) -> [u8; 32] {
    core::array::from_fn(|i| (n as u8).wrapping_mul(53).wrapping_add(3 * i as u8))
}

fn record(n: u32, interval: KeyInterval) -> KeyRecord {
    KeyRecord::new(id(n), interval, PlatformKeyBytes::from_bytes(secret(n))).unwrap()
}

fn closed(a: u64, b: u64) -> KeyInterval {
    KeyInterval::new(a, b).unwrap()
}

/// The relay: key 1 from T0, rotated daily to keys 2 and 3.
fn relay() -> Keyring {
    let first = PlatformKey::from_bytes(id(1), KeyInterval::starting_at(T0), &mut secret(1));
    let mut ring = Keyring::new(first.unwrap(), MAX_AGE);
    ring.rotate_from_bytes(id(2), T0 + DAY, &mut secret(2))
        .unwrap();
    ring.rotate_from_bytes(id(3), T0 + 2 * DAY, &mut secret(3))
        .unwrap();
    ring
}

/// The store: every record encoded, then decoded on the other side.
fn through_the_store(records: impl Iterator<Item = KeyRecord>) -> Vec<KeyRecord> {
    records
        .map(|r| KeyRecord::decode(r.to_bytes().as_bytes()).unwrap())
        .collect()
}

fn keys(ring: &Keyring) -> Vec<(KeyId, KeyInterval)> {
    ring.keys().collect()
}

/// The layout of SPEC.md 6.1, written here from the table.
#[test]
fn a_record_is_the_specified_layout_and_round_trips() {
    let r = record(0x0a0b0c0d, closed(T0, T0 + DAY));
    let mut expected = vec![0x4b, 0x01, 0x0a, 0x0b, 0x0c, 0x0d];
    expected.extend_from_slice(&T0.to_be_bytes());
    expected.extend_from_slice(&(T0 + DAY).to_be_bytes());
    expected.extend_from_slice(&secret(0x0a0b0c0d));
    assert_eq!(r.to_bytes().as_bytes(), &expected[..]);
    assert_eq!(KeyRecord::LEN, 54);
    assert_eq!((KEY_RECORD_KIND, KEY_RECORD_VERSION), (0x4b, 1));
    let back = KeyRecord::decode(&expected).unwrap();
    assert_eq!((back.id(), back.interval()), (r.id(), r.interval()));
    assert_eq!(back.secret(), r.secret());
    assert_eq!(back.to_bytes().as_bytes(), &expected[..]);
    let open = record(7, KeyInterval::starting_at(T0));
    assert_eq!(&open.to_bytes().as_bytes()[14..22], &[0xff; 8]);
}

/// Every truncation and extension is `Malformed` (naming the field at its
/// offset), any other kind byte is `Malformed`, any other version
/// `UnsupportedVersion`, then the interval and the key are checked.
#[test]
fn the_record_decoder_checks_every_length_and_field_in_order() {
    let good = record(9, closed(T0, T0 + DAY)).to_bytes();
    let good = good.as_bytes();
    let fields = [
        (0, "kind"),
        (1, "version"),
        (2, "key id"),
        (6, "not before"),
        (14, "not after"),
        (22, "secret"),
    ];
    for len in 0..good.len() {
        let (offset, field) = *fields.iter().rev().find(|(at, _)| *at <= len).unwrap();
        assert_eq!(
            KeyRecord::decode(&good[..len]).err(),
            Some(Error::Malformed { field, offset }),
            "cut at {len}"
        );
    }
    let mut longer = good.to_vec();
    longer.push(0);
    assert_eq!(
        KeyRecord::decode(&longer).err(),
        Some(Error::Malformed {
            field: "trailing bytes",
            offset: 54
        })
    );
    for byte in 0..=255u8 {
        let mut other = good.to_vec();
        other[0] = byte;
        let kind = KeyRecord::decode(&other).err().map(|e| e.kind());
        assert_eq!(kind.is_none(), byte == 0x4b);
        other[0] = 0x4b;
        other[1] = byte;
        let got = KeyRecord::decode(&other[..2]).err();
        if byte == 1 {
            assert_eq!(got.map(|e| e.kind()), Some(ErrorKind::Malformed));
        } else {
            assert_eq!(got, Some(Error::UnsupportedVersion { version: byte }));
        }
    }
    let mut backwards = good.to_vec();
    backwards[6..14].copy_from_slice(&(T0 + DAY + 1).to_be_bytes());
    assert_eq!(
        KeyRecord::decode(&backwards).err(),
        Some(Error::InvalidInterval {
            not_before: T0 + DAY + 1,
            not_after: T0 + DAY
        })
    );
    let mut weak = good.to_vec();
    weak[22..].fill(0);
    assert_eq!(
        KeyRecord::decode(&weak).err(),
        Some(Error::WeakKey { key_id: id(9) })
    );
    // An interval error comes before a weak key.
    backwards[22..].fill(0);
    assert_eq!(
        KeyRecord::decode(&backwards).err().map(|e| e.kind()),
        Some(ErrorKind::InvalidInterval)
    );
    assert_eq!(
        KeyRecord::new(id(9), closed(0, 1), PlatformKeyBytes::from_bytes([0; 32])).err(),
        Some(Error::WeakKey { key_id: id(9) })
    );
}

/// Distinct records encode distinctly: any one-byte change decodes to a
/// different record or is refused.
#[test]
fn the_record_encoding_is_injective() {
    let good = record(9, closed(T0, T0 + DAY)).to_bytes();
    let mut rng = TestRng(1701);
    for at in 0..KeyRecord::LEN {
        let mut other = good.as_bytes().to_vec();
        other[at] ^= 1 << rng.below(8);
        if let Ok(r) = KeyRecord::decode(&other) {
            assert_ne!(r.to_bytes().as_bytes(), good.as_bytes());
            assert_eq!(r.to_bytes().as_bytes(), &other[..], "canonical");
        }
    }
}

/// Relay to store to moderation service: the synced keyring holds the
/// relay's keys with the relay's intervals, verifies what the relay stamps,
/// and a second sync changes nothing.
#[test]
fn sync_brings_a_verify_only_keyring_to_the_relays_keys_and_is_idempotent() {
    let relay = relay();
    let records = through_the_store(relay.records());
    let mut moderation = Keyring::verify_only(MAX_AGE);
    assert_eq!(
        moderation.sync(&records),
        Ok(SyncReport {
            added: 3,
            closed: 0,
            retired: 0
        })
    );
    assert_eq!(keys(&moderation), keys(&relay));
    assert!(moderation.is_verify_only());
    assert_eq!(moderation.sync(&records), Ok(SyncReport::default()));
    assert_eq!(keys(&moderation), keys(&relay));
    for (timestamp, n) in [(T0 + 5, 1), (T0 + DAY + 5, 2), (T0 + 2 * DAY + 5, 3)] {
        let mut s = Scenario::new(1702, b"h", b"m");
        s.timestamp = timestamp;
        let report = s.report_bytes_with_stamp(
            &relay
                .stamp(s.envelope.franking_tag(), &s.context())
                .unwrap(),
        );
        assert_eq!(
            franking::Report::decode(&report).unwrap().stamp().key_id(),
            id(n)
        );
        assert_eq!(verify_encoded(&moderation, timestamp + 60, &report), Ok(()));
    }
}

/// Runbook: the relay schedules a rotation; a report under the new key that
/// reaches the moderation service before its sync is `UnknownKey`, and
/// verifies once the service has synced. The sync closes the old key (its
/// record now ends at T), and retires what the relay retired.
#[test]
fn a_report_before_the_sync_is_unknown_key_and_verifies_after_it() {
    let mut relay = relay();
    let mut moderation = Keyring::verify_only(MAX_AGE);
    moderation
        .sync(&through_the_store(relay.records()))
        .unwrap();
    let t = T0 + 3 * DAY;
    relay.rotate_from_bytes(id(4), t, &mut secret(4)).unwrap();
    relay.retire(id(1)).unwrap();
    let mut s = Scenario::new(1703, b"h", b"m");
    s.timestamp = t + 10;
    let report = s.report_bytes_with_stamp(
        &relay
            .stamp(s.envelope.franking_tag(), &s.context())
            .unwrap(),
    );
    assert_eq!(
        verify_encoded(&moderation, t + 60, &report),
        Err(Error::UnknownKey { key_id: id(4) })
    );
    let synced = moderation.sync(&through_the_store(relay.records()));
    assert_eq!(
        synced,
        Ok(SyncReport {
            added: 1,
            closed: 1,
            retired: 1
        })
    );
    assert_eq!(keys(&moderation), keys(&relay));
    assert_eq!(
        moderation.get(id(3)).unwrap().interval(),
        closed(T0 + 2 * DAY, t)
    );
    assert_eq!(verify_encoded(&moderation, t + 60, &report), Ok(()));
}

/// A store that still holds key 1's record open (the relay never wrote the
/// closed one) beside key 2's: the sync closes key 1 where key 2 begins, so
/// the leaked key 1 cannot mint a report dated 20 days after the rotation.
#[test]
fn a_stale_open_record_is_closed_by_the_next_key() {
    let leaked = PlatformKey::from_bytes(id(1), KeyInterval::starting_at(0), &mut secret(1));
    let t = T0 + DAY;
    let records = [
        record(2, KeyInterval::starting_at(t)),
        record(1, KeyInterval::starting_at(T0)),
    ];
    let mut moderation = Keyring::verify_only(MAX_AGE);
    moderation.sync(&records).unwrap();
    assert_eq!(moderation.get(id(1)).unwrap().interval(), closed(T0, t));
    let mut s = Scenario::new(1704, b"h", b"m");
    s.timestamp = t + 20 * DAY;
    let forged = s.report_bytes_by(&leaked.unwrap());
    assert_eq!(
        verify_encoded(&moderation, s.timestamp + 60, &forged).map_err(|e| e.kind()),
        Err(ErrorKind::OutsideKeyInterval)
    );
}

/// Sync refuses, changing nothing: an id listed twice, a listed id held with
/// another secret or another start (a reused id), more keys than fit, in
/// that order; and `insert_record` refuses a held id.
#[test]
fn sync_failures_change_nothing_and_come_in_order() {
    let mut ring = Keyring::<3>::verify_only_with_capacity(MAX_AGE);
    let base = [
        record(1, closed(T0, T0 + DAY)),
        record(2, KeyInterval::starting_at(T0 + DAY)),
    ];
    ring.sync(&base).unwrap();
    let before: Vec<_> = ring.keys().collect();
    let twice = [record(3, closed(0, 1)), record(3, closed(0, 1))];
    let reused_secret = [KeyRecord::new(
        id(1),
        closed(T0, T0 + DAY),
        PlatformKeyBytes::from_bytes(secret(9)),
    )
    .unwrap()];
    let reused_start = [record(1, closed(T0 + 1, T0 + DAY))];
    let too_many = [
        record(1, closed(T0, T0 + DAY)),
        record(2, KeyInterval::starting_at(T0 + DAY)),
        record(3, closed(0, 1)),
        record(4, closed(0, 1)),
    ];
    let full_and_twice = [
        record(5, closed(0, 1)),
        record(6, closed(0, 1)),
        record(7, closed(0, 1)),
        record(8, closed(0, 1)),
        record(5, closed(0, 1)),
    ];
    for (list, error) in [
        (&twice[..], Error::DuplicateKeyId { key_id: id(3) }),
        (&reused_secret[..], Error::DuplicateKeyId { key_id: id(1) }),
        (&reused_start[..], Error::DuplicateKeyId { key_id: id(1) }),
        (&too_many[..], Error::KeyringFull { capacity: 3 }),
        (&full_and_twice[..], Error::DuplicateKeyId { key_id: id(5) }),
    ] {
        assert_eq!(ring.sync(list), Err(error));
        assert_eq!(ring.keys().collect::<Vec<_>>(), before, "{error:?}");
    }
    // A list that retires to make room fits.
    let replaced = [
        record(2, KeyInterval::starting_at(T0 + DAY)),
        record(3, closed(0, 1)),
        record(4, closed(0, 1)),
    ];
    assert_eq!(
        ring.sync(&replaced),
        Ok(SyncReport {
            added: 2,
            closed: 0,
            retired: 1
        })
    );
    assert_eq!(
        ring.insert_record(&record(2, closed(0, 1))),
        Err(Error::DuplicateKeyId { key_id: id(2) })
    );
    ring.retire(id(4)).unwrap();
    ring.insert_record(&record(5, closed(0, 1))).unwrap();
    assert_eq!(
        ring.insert_record(&record(6, closed(0, 1))),
        Err(Error::KeyringFull { capacity: 3 })
    );
}

/// A record of a wiped key is weak, and loading it is refused with the
/// keyring unchanged.
#[test]
fn a_record_of_a_wiped_key_is_refused() {
    let mut key = PlatformKey::from_bytes(id(1), closed(0, 1), &mut secret(1)).unwrap();
    key.zeroize();
    let wiped = KeyRecord::of(&key);
    let mut ring = Keyring::verify_only(MAX_AGE);
    assert_eq!(
        ring.sync(core::slice::from_ref(&wiped)),
        Err(Error::WeakKey { key_id: id(1) })
    );
    assert_eq!(
        ring.insert_record(&wiped),
        Err(Error::WeakKey { key_id: id(1) })
    );
    assert!(ring.is_empty());
}

/// A stamping keyring syncs too, and never retires its current key.
#[test]
fn sync_never_retires_the_current_key() {
    let mut relay = relay();
    let report = relay.sync(&[record(1, closed(T0, T0 + DAY))]).unwrap();
    assert_eq!(report.retired, 1, "key 2 retired, key 3 current");
    assert_eq!(relay.current(), Some(id(3)));
    assert_eq!(
        relay.keys().map(|(id, _)| id.get()).collect::<Vec<_>>(),
        [1, 3]
    );
}

/// Records and their encodings are secrets: `Debug` prints no secret byte,
/// and `zeroize` wipes the secret.
#[test]
fn records_are_secret() {
    let mut r = record(1, closed(0, 1));
    let printed = format!("{r:?} {:?}", r.to_bytes());
    assert!(printed.contains("redacted"), "{printed}");
    let hex: String = secret(1).iter().map(|b| format!("{b:02x}")).collect();
    let decimal = format!("{:?}", &secret(1)[..4]);
    assert!(!printed.contains(&hex[..8]), "{printed}");
    assert!(
        !printed.contains(&decimal[1..decimal.len() - 1]),
        "{printed}"
    );
    r.zeroize();
    assert_eq!(r.secret().as_bytes(), &[0; 32]);
}

/// `KeyInterval` serializes as two integers and deserializes with the
/// constructor's check; unknown and duplicate fields are refused.
#[cfg(feature = "serde")]
#[test]
fn key_intervals_serialize_as_two_integers() {
    let interval = closed(T0, T0 + DAY);
    let json = serde_json::to_string(&interval).unwrap();
    assert_eq!(
        json,
        format!(r#"{{"not_before":{T0},"not_after":{}}}"#, T0 + DAY)
    );
    assert_eq!(
        serde_json::from_str::<KeyInterval>(&json).unwrap(),
        interval
    );
    let open = serde_json::to_string(&KeyInterval::starting_at(5)).unwrap();
    assert_eq!(open, r#"{"not_before":5,"not_after":18446744073709551615}"#);
    let binary = postcard::to_allocvec(&interval).unwrap();
    assert_eq!(
        postcard::from_bytes::<KeyInterval>(&binary).unwrap(),
        interval
    );
    assert_eq!(
        serde_json::from_str::<KeyInterval>("[1,2]").unwrap(),
        closed(1, 2)
    );
    for bad in [
        r#"{"not_before":2,"not_after":1}"#,
        r#"{"not_before":1}"#,
        r#"{"not_before":1,"not_after":2,"extra":3}"#,
        r#"{"not_before":1,"not_before":1,"not_after":2}"#,
        r#"{"not_before":-1,"not_after":2}"#,
        "[1]",
        "[1,2,3]",
    ] {
        assert!(serde_json::from_str::<KeyInterval>(bad).is_err(), "{bad}");
    }
}
