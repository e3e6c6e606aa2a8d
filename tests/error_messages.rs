//! Errors explain themselves: every variant has its own non-empty message, and
//! the cryptographic failure says nothing about which check failed.

use franking::Error;

const ALL: [Error; 11] = [
    Error::Invalid,
    Error::Malformed,
    Error::UnsupportedVersion,
    Error::UnknownKey,
    Error::Expired,
    Error::FromFuture,
    Error::TooLong,
    Error::BufferTooSmall,
    Error::KeyringFull,
    Error::DuplicateKeyId,
    Error::RetiringCurrentKey,
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
