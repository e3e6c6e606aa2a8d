//! Properties of the hub's report verification (SPEC.md 17.10): a frank
//! carries no key id, so the hub tries every key it holds; a report
//! verifies whichever position its key has among them, and not at all
//! without it; members, who know the tag, the context and the public key,
//! cannot frank; and every failure is the same `Invalid`, whichever check
//! or key it was, so the answer is no oracle.
#![cfg(feature = "mimi")]

mod mimi_common;

use franking::Error;
use franking::mimi::{
    AbuseReport, CipherSuite, Frank, HubKey, NewAbuseReport, ServerFrank, verify_abuse_report,
    verify_abusive_message,
};
use mimi_common::*;

/// The report verifies with its key at any position among up to five, with
/// retired keys before and after it.
#[test]
fn any_position_of_the_right_key_verifies() {
    for suite in SUITES {
        let signer = signing_key(suite, 2);
        let vks = [signer.verifying_key()];
        let m = Franked::new(&hub_key(40), &signer, 1, SENDER, ROOM, TIMESTAMP);
        for count in 1..=5u8 {
            for position in 0..count {
                let keys: Vec<HubKey> = (0..count)
                    .map(|i| hub_key(if i == position { 40 } else { 50 + i }))
                    .collect();
                let v = verify_abusive_message(&keys, &vks, &m.abusive(), parse).unwrap();
                assert_eq!(v.sender_uri(), SENDER);
                assert_eq!(v.room_uri(), ROOM);
                assert_eq!(v.accepted_timestamp(), TIMESTAMP);
                assert_eq!(v.franking_tag(), &m.tag);
            }
        }
    }
}

/// Without the right key, with no key, or with the key but no verifying key
/// of the frank's suite, the answer is `Invalid`.
#[test]
fn without_the_key_nothing_verifies() {
    let signer = signing_key(CipherSuite::X25519Aes128GcmEd25519, 2);
    let vks = [signer.verifying_key()];
    let m = Franked::new(&hub_key(40), &signer, 1, SENDER, ROOM, TIMESTAMP);
    let wrong: Vec<HubKey> = (0..4).map(|i| hub_key(60 + i)).collect();
    assert_eq!(
        verify_abusive_message(&wrong, &vks, &m.abusive(), parse),
        Err(Error::Invalid)
    );
    assert_eq!(
        verify_abusive_message(&[], &vks, &m.abusive(), parse),
        Err(Error::Invalid)
    );
    let p256 = [signing_key(CipherSuite::P256Aes128GcmP256, 2).verifying_key()];
    assert_eq!(
        verify_abusive_message(&[hub_key(40)], &p256, &m.abusive(), parse),
        Err(Error::Invalid)
    );
}

/// Members know the tag, the context and the hub's public key, and can
/// sign nothing as the hub; a member who makes up a server frank (here: the
/// HMAC under a key of its own, signed by a key it controls and the hub
/// does not hold) is refused. A message whose frank is genuine but whose
/// content the reporter changed is refused too.
#[test]
fn members_cannot_forge_a_reportable_frank() {
    let signer = signing_key(CipherSuite::X25519Aes128GcmEd25519, 2);
    let vks = [signer.verifying_key()];
    let member_made = Franked::new(
        &hub_key(99),
        &signing_key(CipherSuite::X25519Aes128GcmEd25519, 98),
        1,
        SENDER,
        ROOM,
        TIMESTAMP,
    );
    assert_eq!(
        verify_abusive_message(&[hub_key(40)], &vks, &member_made.abusive(), parse),
        Err(Error::Invalid)
    );
    let genuine = Franked::new(&hub_key(40), &signer, 1, SENDER, ROOM, TIMESTAMP);
    let mut content = genuine.content.clone();
    let last = content.len() - 1;
    content[last] ^= 1;
    let changed = franking::mimi::AbusiveMessage {
        message_content: &content,
        ..genuine.abusive()
    };
    assert_eq!(
        verify_abusive_message(&[hub_key(40)], &vks, &changed, parse),
        Err(Error::Invalid)
    );
}

/// Every way to fail gives the same error value: a wrong server frank under
/// every key, a bad signature, another suite, another timestamp.
#[test]
fn every_failure_is_the_same_opaque_error() {
    let signer = signing_key(CipherSuite::P256Aes128GcmP256, 2);
    let vks = [signer.verifying_key()];
    let keys = [hub_key(41), hub_key(40)];
    let m = Franked::new(&hub_key(40), &signer, 1, SENDER, ROOM, TIMESTAMP);
    let good = m.abusive();
    let mut bad_sig = m.frank.signature.as_bytes().to_vec();
    bad_sig[8] ^= 1;
    let variants = [
        franking::mimi::AbusiveMessage {
            frank: Frank {
                server_frank: ServerFrank::from_bytes([0; 32]),
                ..good.frank
            },
            ..good
        },
        franking::mimi::AbusiveMessage {
            frank: Frank {
                signature: &bad_sig,
                ..good.frank
            },
            ..good
        },
        franking::mimi::AbusiveMessage {
            frank: Frank {
                cipher_suite: 1,
                ..good.frank
            },
            ..good
        },
        franking::mimi::AbusiveMessage {
            accepted_timestamp: TIMESTAMP + 1,
            ..good
        },
    ];
    for (i, v) in variants.iter().enumerate() {
        let e = verify_abusive_message(&keys, &vks, v, parse).unwrap_err();
        assert_eq!(e, Error::Invalid, "variant {i}");
        assert_eq!(e.to_string(), "cryptographic verification failed");
    }
    assert!(verify_abusive_message(&keys, &vks, &good, parse).is_ok());
}

/// A report of several messages, franked under a rotated key, two suites:
/// all verify, and the first bad one is named by index.
#[test]
fn report_verification_names_the_first_failing_message() {
    let s1 = signing_key(CipherSuite::X25519Aes128GcmEd25519, 2);
    let s2 = signing_key(CipherSuite::P256Aes128GcmP256, 2);
    let vks = [s1.verifying_key(), s2.verifying_key()];
    let m = [
        Franked::new(&hub_key(40), &s1, 1, SENDER, ROOM, TIMESTAMP),
        Franked::new(&hub_key(41), &s2, 2, SENDER, ROOM, TIMESTAMP + 5),
        Franked::new(&hub_key(42), &s1, 3, SENDER, ROOM, TIMESTAMP + 9),
    ];
    let messages: Vec<_> = m.iter().map(Franked::abusive).collect();
    let report = NewAbuseReport {
        reporting_user: b"",
        alleged_abuser_uri: SENDER,
        reason_code: 0,
        note: "",
        messages: &messages,
        extensions: &[],
    };
    let mut bytes = vec![0u8; report.encoded_len().unwrap()];
    report.encode_into(&mut bytes).unwrap();
    let decoded = AbuseReport::decode(&bytes).unwrap();
    let all = [hub_key(42), hub_key(41), hub_key(40)];
    let mut slots = [None; 3];
    let verified = verify_abuse_report(&all, &vks, &decoded, parse, &mut slots).unwrap();
    assert_eq!(verified.len(), 3);
    let stamps: Vec<u64> = verified
        .messages()
        .map(|v| v.accepted_timestamp())
        .collect();
    assert_eq!(stamps, [TIMESTAMP, TIMESTAMP + 5, TIMESTAMP + 9]);
    let missing_middle = [hub_key(42), hub_key(40)];
    let mut slots = [None; 3];
    assert_eq!(
        verify_abuse_report(&missing_middle, &vks, &decoded, parse, &mut slots).unwrap_err(),
        (1, Error::Invalid)
    );
    assert!(
        slots.iter().all(Option::is_none),
        "no slot holds a message of a failed report"
    );
}
