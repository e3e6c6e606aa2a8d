//! Errors explain themselves: every variant has its own non-empty message, and
//! the cryptographic failure says nothing about which check failed.

use franking::{Error, ErrorKind, KeyId, KeyInterval};

const ALL: [Error; 20] = [
    Error::Invalid,
    Error::Malformed {
        field: "header",
        offset: 123,
    },
    Error::UnsupportedVersion { version: 2 },
    Error::UnknownKey {
        key_id: KeyId::new(7),
    },
    Error::Expired { secs_too_old: 5 },
    Error::FromFuture { secs_too_early: 6 },
    Error::TooLong {
        field: "sender",
        max: 65_535,
    },
    Error::BufferTooSmall { needed: 124 },
    Error::KeyringFull { capacity: 8 },
    Error::DuplicateKeyId {
        key_id: KeyId::new(8),
    },
    Error::RetiringCurrentKey {
        key_id: KeyId::new(9),
    },
    Error::OutsideKeyInterval {
        key_id: KeyId::new(10),
        timestamp: 1_700_000_301,
        interval: KeyInterval::starting_at(1_700_000_000),
    },
    Error::WeakKey {
        key_id: KeyId::new(11),
    },
    Error::VerifyOnly,
    Error::InvalidInterval {
        not_before: 1_700_000_005,
        not_after: 1_700_000_004,
    },
    Error::ReceiptMismatch { field: "sender" },
    Error::WrongEncoding {
        expected: "report",
        found: "receipt",
    },
    Error::BatchFull { capacity: 256 },
    Error::EmptyBatch,
    Error::NotInBatch { index: 3 },
];

#[test]
fn every_error_has_a_distinct_nonempty_message() {
    let messages: Vec<String> = ALL.iter().map(|e| e.to_string()).collect();
    for (i, m) in messages.iter().enumerate() {
        assert!(!m.is_empty(), "{:?} has an empty message", ALL[i]);
        for (j, other) in messages.iter().enumerate() {
            if i != j {
                assert_ne!(m, other, "{:?} and {:?} read the same", ALL[i], ALL[j]);
            }
        }
    }
}

#[test]
fn invalid_names_no_check() {
    let m = Error::Invalid.to_string();
    for word in [
        "tag",
        "stamp",
        "opening",
        "key",
        "commitment",
        "mac",
        "integrity",
    ] {
        assert!(!m.contains(word), "Invalid's message names `{word}`: {m}");
    }
}

/// Public errors carry their public detail into the message a log shows.
#[test]
fn messages_carry_public_detail() {
    for (error, detail) in [
        (ALL[1], ["header", "123"].as_slice()),
        (ALL[2], &["2"]),
        (ALL[3], &["7"]),
        (ALL[4], &["5"]),
        (ALL[5], &["6"]),
        (ALL[6], &["sender", "65535"]),
        (ALL[7], &["124"]),
        (ALL[8], &["8"]),
        (ALL[9], &["8"]),
        (ALL[10], &["9"]),
        (ALL[11], &["10", "1700000301", "1700000000", "open"]),
        (ALL[12], &["11"]),
        (ALL[14], &["1700000005", "1700000004"]),
        (ALL[15], &["sender"]),
        (ALL[16], &["report", "receipt"]),
    ] {
        let message = error.to_string();
        for d in detail {
            assert!(message.contains(d), "{error:?}: {message} lacks {d}");
        }
    }
}

/// Every error has a distinct kind, and the kind's name is the variant's.
#[test]
fn kinds_are_distinct_and_named_after_variants() {
    let kinds: Vec<ErrorKind> = ALL.iter().map(Error::kind).collect();
    for (i, k) in kinds.iter().enumerate() {
        // The whole variant name: `InvalidInterval` must not pass as `Invalid`.
        let debug = format!("{:?}", ALL[i]);
        let rest = debug.strip_prefix(k.name()).unwrap_or("?");
        assert!(
            !rest.starts_with(char::is_alphanumeric),
            "{debug} is not named {}",
            k.name()
        );
        assert_eq!(kinds.iter().filter(|other| *other == k).count(), 1);
        let same_name = kinds.iter().filter(|other| other.name() == k.name());
        assert_eq!(same_name.count(), 1, "two kinds named {}", k.name());
    }
}

/// A closed interval's end is in the message too.
#[test]
fn outside_key_interval_names_a_closed_interval_end() {
    let error = Error::OutsideKeyInterval {
        key_id: KeyId::new(3),
        timestamp: 99,
        interval: KeyInterval::new(10, 42).unwrap(),
    };
    let message = error.to_string();
    for d in ["3", "99", "10", "42"] {
        assert!(message.contains(d), "{message} lacks {d}");
    }
    assert!(!message.contains("open"), "{message}");
}
