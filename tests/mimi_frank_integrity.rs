//! Properties of the frank on arrival (SPEC.md 17.6 to 17.8): a follower
//! that changes any bit of the frank, or the timestamp, is caught; the
//! signature is bound to the label, the suite and every byte of the
//! context; the receiver compares the content's URIs with the credential
//! and the room; and every cryptographic failure is the same `Invalid`.
#![cfg(feature = "mimi")]

mod mimi_common;

use franking::mimi::{
    CipherSuite, FRANKING_INTEGRITY_LABEL, Frank, FrankingTag, HubSigningKey, HubVerifyingKey,
    ReceivedMessage, ServerFrankingContext, verify_received,
};
use franking::{Error, ErrorKind};
use mimi_common::*;

fn receive(m: &Franked, frank: &[u8], key: &HubVerifyingKey) -> Result<(), ErrorKind> {
    let frank = Frank::decode(frank).map_err(|e| e.kind())?;
    let message = ReceivedMessage {
        frank,
        ..m.received()
    };
    verify_received(&message, &view(key))
        .map(|_| ())
        .map_err(|e| e.kind())
}

/// A change of any byte of the frank's encoding (one bit of each, the bit
/// moving from byte to byte) is refused, for each suite: `Invalid` where it
/// still decodes, `Malformed` where it does not.
#[test]
fn every_bit_of_the_frank_is_protected() {
    let hub = hub_key(1);
    for suite in SUITES {
        let signer = signing_key(suite, 2);
        let key = signer.verifying_key();
        let m = Franked::new(&hub, &signer, 3, SENDER, ROOM, TIMESTAMP);
        let bytes = m.frank_bytes();
        assert_eq!(receive(&m, &bytes, &key), Ok(()));
        for i in 0..bytes.len() {
            let mut b = bytes.clone();
            b[i] ^= 1 << (i % 8);
            let got = receive(&m, &b, &key);
            assert!(
                matches!(got, Err(ErrorKind::Invalid | ErrorKind::Malformed)),
                "suite {suite:?}, byte {i}: {got:?}"
            );
        }
    }
}

/// The timestamp, the URIs, the tag and the data are each bound.
#[test]
fn frank_binds_timestamp_uris_tag_and_data() {
    let hub = hub_key(1);
    for suite in SUITES {
        let signer = signing_key(suite, 2);
        let key = signer.verifying_key();
        let m = Franked::new(&hub, &signer, 3, SENDER, ROOM, TIMESTAMP);
        let check = |message: ReceivedMessage<'_>| {
            verify_received(&message, &view(&key))
                .map(|_| ())
                .map_err(|e| e.kind())
        };
        assert_eq!(check(m.received()), Ok(()));
        for ts in [TIMESTAMP - 1, TIMESTAMP + 1, TIMESTAMP / 1000, 0, u64::MAX] {
            let got = check(ReceivedMessage {
                accepted_timestamp: ts,
                ..m.received()
            });
            assert_eq!(got, Err(ErrorKind::Invalid), "timestamp {ts}");
        }
        // A sender URI one byte longer, or split differently with the room,
        // is another context (the length prefixes).
        let moved_sender = [SENDER, &ROOM[..1]].concat();
        let got = check(ReceivedMessage {
            sender_uri: &moved_sender,
            room_uri: &ROOM[1..],
            ..m.received()
        });
        assert_eq!(got, Err(ErrorKind::Invalid));
        let mut data = m.content.clone();
        data[60] ^= 4;
        assert_eq!(
            check(ReceivedMessage {
                application_data: &data,
                ..m.received()
            }),
            Err(ErrorKind::Invalid)
        );
        let other_tag = FrankingTag::from_bytes([9; 32]);
        assert_eq!(
            check(ReceivedMessage {
                franking_tag: &other_tag,
                ..m.received()
            }),
            Err(ErrorKind::Invalid)
        );
    }
}

/// The content and the hub may agree on a URI that is not the credential's
/// or the room's: the receiver says which.
#[test]
fn receiver_compares_sender_with_credential_and_room_with_room() {
    let hub = hub_key(1);
    let signer = signing_key(CipherSuite::X25519Aes128GcmEd25519, 2);
    let key = signer.verifying_key();
    let mallory = Franked::new(
        &hub,
        &signer,
        3,
        b"mimi://b.example/u/mallory",
        ROOM,
        TIMESTAMP,
    );
    assert_eq!(
        verify_received(&mallory.received(), &view(&key)),
        Err(Error::ReceiptMismatch { field: "sender" })
    );
    let elsewhere = Franked::new(
        &hub,
        &signer,
        3,
        SENDER,
        b"mimi://hub.example/r/x",
        TIMESTAMP,
    );
    assert_eq!(
        verify_received(&elsewhere.received(), &view(&key)),
        Err(Error::ReceiptMismatch { field: "room" })
    );
    // A bad frank is Invalid before any identity is looked at.
    let mut bytes = mallory.frank_bytes();
    bytes[0] ^= 1;
    let frank = Frank::decode(&bytes).unwrap();
    let message = ReceivedMessage {
        frank,
        ..mallory.received()
    };
    assert_eq!(verify_received(&message, &view(&key)), Err(Error::Invalid));
}

/// A signature verifies only under its label, its suite and its context:
/// an Ed25519 frank for suite 1 is not one for suite 3 under the same key,
/// and a `SignWithLabel` under another label is not a frank's.
#[test]
fn signature_is_bound_to_label_suite_and_context() {
    let seed = signing_key_bytes(CipherSuite::X25519Aes128GcmEd25519, 4);
    let s1 = HubSigningKey::from_bytes(CipherSuite::X25519Aes128GcmEd25519, &seed).unwrap();
    let s3 = HubSigningKey::from_bytes(CipherSuite::X25519ChaCha20Poly1305Ed25519, &seed).unwrap();
    let hub = hub_key(1);
    let m = Franked::new(&hub, &s1, 5, SENDER, ROOM, TIMESTAMP);
    let context = ServerFrankingContext::new(SENDER, ROOM, TIMESTAMP);
    let frank = m.frank.as_frank();
    assert_eq!(
        frank.verify_signature(&s1.verifying_key(), &context),
        Ok(())
    );
    let relabelled = Frank {
        cipher_suite: 3,
        ..frank
    };
    assert_eq!(
        relabelled.verify_signature(&s3.verifying_key(), &context),
        Err(Error::Invalid),
        "same key bytes, suite 3"
    );
    assert_eq!(
        frank.verify_signature(&s3.verifying_key(), &context),
        Err(Error::Invalid),
        "the frank names suite 1, the key is suite 3's"
    );
    // The frank's TBS signed under another label does not verify as a frank.
    let mut tbs = vec![0u8; 34 + context.encoded_len().unwrap()];
    franking::mimi::franking_integrity_tbs(&frank.server_frank, 1, &context, &mut tbs).unwrap();
    let other = s1.sign_with_label(b"SignWithLabel", &tbs).unwrap();
    let forged = Frank {
        signature: other.as_bytes(),
        ..frank
    };
    assert_eq!(
        forged.verify_signature(&s1.verifying_key(), &context),
        Err(Error::Invalid)
    );
    let ours = s1.sign_with_label(FRANKING_INTEGRITY_LABEL, &tbs).unwrap();
    assert_eq!(
        ours, m.frank.signature,
        "SignedFrank signs exactly the TBS of 17.6"
    );
}

/// Keys that cannot be franking keys are refused when loaded.
#[test]
fn malformed_and_small_order_keys_are_refused() {
    let ed = CipherSuite::X25519Aes128GcmEd25519;
    let p = CipherSuite::P256Aes128GcmP256;
    let malformed = |suite, bytes: &[u8]| {
        HubVerifyingKey::from_bytes(suite, bytes)
            .map(|_| ())
            .map_err(|e| e.kind())
    };
    // The identity point (small order), and a 31-byte key.
    let mut identity = [0u8; 32];
    identity[0] = 1;
    assert_eq!(malformed(ed, &identity), Err(ErrorKind::Malformed));
    assert_eq!(malformed(ed, &[9; 31]), Err(ErrorKind::Malformed));
    let good = signing_key(p, 1).verifying_key();
    let (bytes, len) = good.to_bytes();
    assert_eq!(malformed(p, &bytes[..len]), Ok(()));
    let mut compressed = bytes[..33].to_vec();
    compressed[0] = 2 + (bytes[64] & 1);
    assert_eq!(
        malformed(p, &compressed),
        Err(ErrorKind::Malformed),
        "compressed"
    );
    let mut off_curve = bytes[..len].to_vec();
    off_curve[64] ^= 1;
    assert_eq!(
        malformed(p, &off_curve),
        Err(ErrorKind::Malformed),
        "off the curve"
    );
    assert_eq!(
        HubSigningKey::from_bytes(p, &[0; 32])
            .map(|_| ())
            .map_err(|e| e.kind()),
        Err(ErrorKind::Malformed),
        "zero scalar"
    );
    assert_eq!(
        HubSigningKey::from_bytes(p, &[0xff; 32])
            .map(|_| ())
            .map_err(|e| e.kind()),
        Err(ErrorKind::Malformed),
        "scalar above the order"
    );
}

/// Secrets print redacted; equal keys compare equal, others not.
#[test]
fn secrets_are_redacted_and_compared() {
    let salt = salt(1);
    let hub = hub_key(1);
    let signer = signing_key(CipherSuite::P256Aes128GcmP256, 1);
    for (printed, secret) in [
        (format!("{salt:?}"), hex(salt.as_bytes())),
        (format!("{hub:?}"), hex(hub.as_bytes())),
        (
            format!("{signer:?}"),
            hex(&signing_key_bytes(CipherSuite::P256Aes128GcmP256, 1)),
        ),
    ] {
        assert!(printed.contains("redacted"), "{printed}");
        assert!(!printed.contains(&secret[..8]), "{printed}");
    }
    assert_eq!(hub, hub_key(1));
    assert_ne!(hub, hub_key(2));
    assert_eq!(signer, signing_key(CipherSuite::P256Aes128GcmP256, 1));
    assert_ne!(signer, signing_key(CipherSuite::P256Aes128GcmP256, 2));
}
