//! The recipient checks every field of a receipt it can know (SPEC.md 5.7):
//! the franking tag (`Invalid`: another message's receipt), then the sender,
//! the recipient and the conversation (`ReceiptMismatch` naming the field: a
//! genuine stamp on the same tag for another delivery, whose report would
//! verify and prove a delivery the recipient never saw). And a report
//! decoder handed one of the crate's other encodings says which it is.

mod common;

use common::{NOW, Scenario, encode};
use franking::wire::{KEY_RECORD_KIND, MEDIA_REPORT_LABEL};
use franking::{Context, Error, ExpectedDelivery, FrankingTag, Receipt, Report, verify};

/// The receipt a platform stamps on the scenario's tag for `context`.
fn receipt_for<'a>(s: &Scenario, context: &Context<'a>) -> Receipt<'a> {
    s.keyring
        .stamp_receipt(s.envelope.franking_tag(), context)
        .unwrap()
}

fn expected(s: &Scenario) -> ExpectedDelivery<'_> {
    ExpectedDelivery::new(&s.sender, &s.recipient).in_conversation(&s.conversation)
}

/// For each field the recipient knows, a receipt naming another value is
/// refused with that field named, although its stamp is genuine and the
/// report it gives would verify: the check is the only defence.
#[test]
fn a_receipt_for_another_delivery_is_refused_naming_the_field() {
    let s = Scenario::new(1601, b"h", b"the message");
    let mut buffer = s.ciphertext.clone();
    let opened = s
        .key
        .open_in_place(&s.envelope, &s.header, &mut buffer)
        .unwrap();
    let honest = s.context();
    let (sender, recipient, conversation) = (b"mallory".as_slice(), b"room:other", b"chat:9");
    let others = [
        (
            "sender",
            Context::new(sender, &s.recipient, s.timestamp, &s.message_id),
        ),
        (
            "recipient",
            Context::new(&s.sender, recipient, s.timestamp, &s.message_id),
        ),
        (
            "conversation",
            Context::new(&s.sender, &s.recipient, s.timestamp, &s.message_id),
        ),
    ];
    for (field, context) in others {
        let conv: &[u8] = if field == "conversation" {
            conversation
        } else {
            &s.conversation
        };
        let context = context.unwrap().in_conversation(conv, s.seq).unwrap();
        let receipt = receipt_for(&s, &context);
        assert_eq!(
            opened.report_with_receipt(&receipt, &expected(&s)).err(),
            Some(Error::ReceiptMismatch { field }),
            "{field}"
        );
        assert_eq!(
            receipt.check(s.envelope.franking_tag(), &expected(&s)),
            Err(Error::ReceiptMismatch { field })
        );
        // What the check prevents: this report verifies.
        let unchecked = Report::from_receipt(
            &receipt,
            opened.opening(),
            opened.header(),
            opened.message(),
        );
        assert!(
            verify(&s.keyring, NOW, &unchecked.unwrap()).is_ok(),
            "{field}"
        );
    }
    // The honest receipt passes, and so does a receipt whose timestamp,
    // message id or seq differ: those are the platform's word.
    let later = Context::new(&s.sender, &s.recipient, s.timestamp + 5, b"msg-other")
        .unwrap()
        .in_conversation(&s.conversation, s.seq + 1)
        .unwrap();
    for context in [honest, later] {
        let receipt = receipt_for(&s, &context);
        let report = opened.report_with_receipt(&receipt, &expected(&s)).unwrap();
        assert!(verify(&s.keyring, NOW, &report).is_ok());
    }
}

/// A receipt outside a conversation is checked against an empty one, and
/// one in a conversation against an expectation outside it is refused.
#[test]
fn the_conversation_is_checked_also_when_empty() {
    let s = Scenario::new(1602, b"h", b"m");
    let direct = Context::new(&s.sender, &s.recipient, s.timestamp, &s.message_id).unwrap();
    let receipt = receipt_for(&s, &direct);
    let outside = ExpectedDelivery::new(&s.sender, &s.recipient);
    assert_eq!(receipt.check(s.envelope.franking_tag(), &outside), Ok(()));
    assert_eq!(
        receipt.check(s.envelope.franking_tag(), &expected(&s)),
        Err(Error::ReceiptMismatch {
            field: "conversation"
        })
    );
    let in_conversation = receipt_for(&s, &s.context());
    assert_eq!(
        in_conversation.check(s.envelope.franking_tag(), &outside),
        Err(Error::ReceiptMismatch {
            field: "conversation"
        })
    );
}

/// The order of SPEC.md 5.7: the tag first, then sender, recipient,
/// conversation. A receipt wrong in several fields reports the earliest.
#[test]
fn mismatches_are_reported_in_the_specified_order() {
    let s = Scenario::new(1603, b"h", b"m");
    let all_wrong = Context::new(b"x", b"y", s.timestamp, &s.message_id)
        .unwrap()
        .in_conversation(b"z", 1)
        .unwrap();
    let receipt = receipt_for(&s, &all_wrong);
    let other_tag = FrankingTag::from_bytes([0x5a; 32]);
    let check = |expected: ExpectedDelivery<'_>, tag: &FrankingTag| receipt.check(tag, &expected);
    let mismatch = |field| Err(Error::ReceiptMismatch { field });
    assert_eq!(check(expected(&s), &other_tag), Err(Error::Invalid));
    let tag = s.envelope.franking_tag();
    assert_eq!(check(expected(&s), tag), mismatch("sender"));
    let sender_ok = ExpectedDelivery::new(b"x", &s.recipient).in_conversation(&s.conversation);
    assert_eq!(check(sender_ok, tag), mismatch("recipient"));
    let recipient_ok = ExpectedDelivery::new(b"x", b"y").in_conversation(&s.conversation);
    assert_eq!(check(recipient_ok, tag), mismatch("conversation"));
    let all_ok = ExpectedDelivery::new(b"x", b"y").in_conversation(b"z");
    assert_eq!(check(all_ok, tag), Ok(()));
    assert_eq!(
        (all_ok.sender(), all_ok.recipient(), all_ok.conversation()),
        (&b"x"[..], &b"y"[..], &b"z"[..])
    );
}

/// SPEC.md 5.6 step 1: the report decoder names each of the crate's other
/// encodings; any other first byte stays `UnsupportedVersion`.
#[test]
fn the_report_decoder_names_the_crates_other_encodings() {
    let s = Scenario::new(1604, b"h", b"m");
    let receipt = {
        let r = receipt_for(&s, &s.context());
        let mut out = vec![0u8; r.encoded_len()];
        r.encode_into(&mut out).expect("a stamped receipt encodes");
        out
    };
    let report = s.report_bytes();
    let conversation = {
        let mut c = report.clone();
        c[0] = franking::wire::CONVERSATION_REPORT_VERSION;
        c
    };
    let mut media = MEDIA_REPORT_LABEL.to_vec();
    media.extend_from_slice(&report);
    let key_record = [KEY_RECORD_KIND, 1, 0, 0];
    for (bytes, found) in [
        (&receipt[..], "receipt"),
        (&conversation[..], "conversation report"),
        (&media[..], "media report"),
        (&key_record[..], "key record"),
    ] {
        assert_eq!(
            Report::decode(bytes).err(),
            Some(Error::WrongEncoding {
                expected: "report",
                found
            })
        );
    }
    // A first byte 'f' without the whole label is just an unknown version.
    assert_eq!(
        Report::decode(b"franking-v1-mrp").err(),
        Some(Error::UnsupportedVersion { version: b'f' })
    );
    assert_eq!(Report::decode(&report).map(|r| encode(&r)), Ok(report));
}
