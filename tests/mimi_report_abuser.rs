//! A verified MIMI report names the abuser its franks prove (SPEC.md
//! 17.10): every message's verified sender must be the report's
//! `allegedAbuserUri`, and the verdict hands the hub each message's verified
//! sender, room and time to check membership against. Without the check, a
//! reporter attaches Carol's genuinely franked message and names Bob.
#![cfg(feature = "mimi")]

mod mimi_common;

use franking::Error;
use franking::mimi::{
    AbuseReport, AbusiveMessage, CipherSuite, NewAbuseReport, verify_abuse_report,
};
use mimi_common::*;

const CAROL: &[u8] = b"mimi://c.example/u/carol";
const BOB: &[u8] = b"mimi://b.example/u/bob";

fn encode(abuser: &[u8], messages: &[AbusiveMessage<'_>]) -> Vec<u8> {
    let new = NewAbuseReport {
        reporting_user: b"mimi://b.example/u/mallory",
        alleged_abuser_uri: abuser,
        reason_code: 1,
        note: "",
        messages,
        extensions: &[],
    };
    let mut out = vec![0u8; new.encoded_len().unwrap()];
    new.encode_into(&mut out).unwrap();
    out
}

/// The reviewer's attack: Carol's genuine message, Bob named. Refused with
/// the message's index; naming Carol verifies, and the verdict says Carol.
#[test]
fn a_report_naming_someone_else_than_the_verified_sender_is_refused() {
    let signer = signing_key(CipherSuite::X25519Aes128GcmEd25519, 2);
    let vks = [signer.verifying_key()];
    let carols = Franked::new(&hub_key(1), &signer, 5, CAROL, ROOM, TIMESTAMP);
    let messages = [carols.abusive()];

    let forged = encode(BOB, &messages);
    let report = AbuseReport::decode(&forged).unwrap();
    let mut slots = [None; 1];
    assert_eq!(
        verify_abuse_report(&[hub_key(1)], &vks, &report, parse, &mut slots).unwrap_err(),
        (
            0,
            Error::ReceiptMismatch {
                field: "alleged abuser"
            }
        )
    );
    assert!(slots[0].is_none());

    let honest = encode(CAROL, &messages);
    let report = AbuseReport::decode(&honest).unwrap();
    let verdict = verify_abuse_report(&[hub_key(1)], &vks, &report, parse, &mut slots).unwrap();
    assert_eq!(verdict.abuser_uri(), Some(CAROL));
    let only = verdict.messages().next().unwrap();
    assert_eq!(
        (
            only.sender_uri(),
            only.room_uri(),
            only.accepted_timestamp()
        ),
        (CAROL, ROOM, TIMESTAMP)
    );
    assert_eq!(only.franking_tag(), &carols.tag);
    assert_eq!(only.message_content(), &carols.content[..]);
}

/// One message of another sender among the abuser's is enough to refuse
/// the report, with that message's index, wherever it stands.
#[test]
fn one_message_of_another_sender_anywhere_refuses_the_report() {
    let signer = signing_key(CipherSuite::P256Aes128GcmP256, 3);
    let vks = [signer.verifying_key()];
    for odd in 0..3 {
        let franked: Vec<Franked> = (0..3u8)
            .map(|i| {
                let sender = if usize::from(i) == odd { CAROL } else { BOB };
                Franked::new(
                    &hub_key(7),
                    &signer,
                    10 + i,
                    sender,
                    ROOM,
                    TIMESTAMP + u64::from(i),
                )
            })
            .collect();
        let messages: Vec<_> = franked.iter().map(Franked::abusive).collect();
        let bytes = encode(BOB, &messages);
        let report = AbuseReport::decode(&bytes).unwrap();
        let mut slots = [None; 3];
        assert_eq!(
            verify_abuse_report(&[hub_key(7)], &vks, &report, parse, &mut slots).unwrap_err(),
            (
                odd,
                Error::ReceiptMismatch {
                    field: "alleged abuser"
                }
            )
        );
        assert!(slots.iter().all(Option::is_none));
    }
}

/// Fewer slots than messages is a caller's mistake, told before any check;
/// a report without messages verifies to a verdict that names nobody.
#[test]
fn slots_are_counted_and_an_empty_report_names_nobody() {
    let signer = signing_key(CipherSuite::X25519Aes128GcmEd25519, 2);
    let vks = [signer.verifying_key()];
    let a = Franked::new(&hub_key(1), &signer, 5, BOB, ROOM, TIMESTAMP);
    let b = Franked::new(&hub_key(1), &signer, 6, BOB, ROOM, TIMESTAMP + 1);
    let bytes = encode(BOB, &[a.abusive(), b.abusive()]);
    let report = AbuseReport::decode(&bytes).unwrap();
    let mut one = [None; 1];
    assert_eq!(
        verify_abuse_report(&[hub_key(1)], &vks, &report, parse, &mut one).unwrap_err(),
        (0, Error::BufferTooSmall { needed: 2 })
    );
    let mut three = [None; 3];
    let verdict = verify_abuse_report(&[hub_key(1)], &vks, &report, parse, &mut three).unwrap();
    assert_eq!(verdict.len(), 2);
    assert_eq!(verdict.abuser_uri(), Some(BOB));

    let empty = encode(BOB, &[]);
    let report = AbuseReport::decode(&empty).unwrap();
    let verdict = verify_abuse_report(&[hub_key(1)], &vks, &report, parse, &mut []).unwrap();
    assert!(verdict.is_empty());
    assert_eq!(verdict.abuser_uri(), None);
}
