//! Owned types (feature `alloc`): a report, a context and a receipt a
//! program can keep in a struct or a database row. Each owned value's view
//! equals the view it was made from, re-encodes to the same bytes, and
//! outlives those bytes; a report rebuilt from stored evidence (receipt,
//! opening, header, message) equals the original and verifies; the opening
//! stays a secret newtype and no content is printed.
#![cfg(feature = "alloc")]

mod common;

use common::{NOW, Scenario, encode};
use franking::{
    Context, Error, MAX_ID_LEN, Opening, OwnedContext, OwnedReceipt, OwnedReport, Receipt, Report,
    verify,
};

/// What a recipient's database row holds for one received message.
struct StoredMessage {
    receipt: Vec<u8>,
    opening: Opening,
    header: Vec<u8>,
    message: Vec<u8>,
}

/// The recipient receives, opens and stores a message; nothing borrowed
/// survives this function.
fn receive_and_store(s: &Scenario) -> (StoredMessage, Vec<u8>) {
    let receipt = s
        .keyring
        .stamp_receipt(s.envelope.franking_tag(), &s.context())
        .unwrap()
        .to_vec()
        .unwrap();
    let received = Receipt::decode(&receipt).unwrap();
    let mut buffer = s.ciphertext.clone();
    let opened = s
        .key
        .open_in_place(&s.envelope, &s.header, &mut buffer)
        .unwrap();
    let expected =
        franking::ExpectedDelivery::new(&s.sender, &s.recipient).in_conversation(&s.conversation);
    let report = encode(&opened.report_with_receipt(&received, &expected).unwrap());
    let stored = StoredMessage {
        receipt: receipt.clone(),
        opening: opened.opening().clone(),
        header: opened.header().to_vec(),
        message: opened.message().to_vec(),
    };
    (stored, report)
}

#[test]
fn report_rebuilt_from_stored_evidence_equals_the_original_and_verifies() {
    let s = Scenario::new(1000, b"chat:7", b"stored, reported a week later");
    let (row, original) = receive_and_store(&s);

    // Borrowed: from the row's fields in place.
    let receipt = Receipt::decode(&row.receipt).unwrap();
    let view = Report::from_receipt(&receipt, &row.opening, &row.header, &row.message).unwrap();
    assert_eq!(encode(&view), original);

    // Owned: from an owned receipt, taking the fields.
    let owned_receipt = OwnedReceipt::decode(&row.receipt).unwrap();
    let owned = OwnedReport::from_receipt(
        &owned_receipt.as_view(),
        row.opening.clone(),
        row.header.clone(),
        row.message.clone(),
    )
    .unwrap();
    assert_eq!(owned, OwnedReport::decode(&original).unwrap());
    assert_eq!(owned.as_view().to_vec().unwrap(), original);
    let verified = verify(&s.keyring, NOW, &owned.as_view()).unwrap();
    assert_eq!(verified.message(), &s.message[..]);
    assert_eq!(verified.context(), &s.context());
}

#[test]
fn owned_report_outlives_its_bytes_and_round_trips() {
    let s = Scenario::new(1001, b"h", b"m");
    let keep: OwnedReport = {
        let bytes = s.report_bytes();
        Report::decode(&bytes).unwrap().to_owned()
    };
    let bytes = s.report_bytes();
    let view = Report::decode(&bytes).unwrap();
    assert_eq!(keep.as_view(), view);
    assert_eq!(keep.as_view().to_owned(), keep);
    assert_eq!(OwnedReport::from(view), keep);
    assert_eq!(keep.stamp(), &view.stamp());
    assert_eq!(keep.franking_tag(), &view.franking_tag());
    assert_eq!(keep.opening(), &view.opening());
    assert_eq!(keep.context().as_view(), *view.context());
    assert_eq!(
        (keep.header(), keep.message()),
        (view.header(), view.message())
    );
    assert!(verify(&s.keyring, NOW, &keep.as_view()).is_ok());
    // The owned report encodes itself, to the bytes it was decoded from.
    assert_eq!(keep.to_vec(), Ok(bytes.clone()));
    assert_eq!(OwnedReport::decode(&keep.to_vec().unwrap()), Ok(keep));
}

#[test]
fn owned_reports_differ_when_any_field_differs() {
    let s = Scenario::new(1002, b"h", b"m");
    let original = OwnedReport::decode(&s.report_bytes()).unwrap();
    let with = |f: &dyn Fn(&mut Vec<u8>)| {
        let mut bytes = s.report_bytes();
        f(&mut bytes);
        OwnedReport::decode(&bytes).unwrap()
    };
    let last = s.report_bytes().len() - 1;
    for at in [5, 37, 69, 101, last] {
        assert_ne!(with(&|b| b[at] ^= 1), original, "byte {at}");
    }
    assert_eq!(with(&|_| {}), original);
}

#[test]
fn owned_receipt_round_trips_and_outlives_its_bytes() {
    let s = Scenario::new(1003, b"h", b"m");
    let context = s.context();
    let receipt = s
        .keyring
        .stamp_receipt(s.envelope.franking_tag(), &context)
        .unwrap();
    let keep: OwnedReceipt = {
        let bytes = receipt.to_vec().unwrap();
        OwnedReceipt::decode(&bytes).unwrap()
    };
    assert_eq!(keep.as_view(), receipt);
    assert_eq!(keep.as_view().to_vec(), receipt.to_vec());
    // The owned receipt encodes itself, to the bytes it was decoded from.
    let mut encoded = vec![0u8; receipt.encoded_len()];
    receipt.encode_into(&mut encoded).unwrap();
    assert_eq!(keep.to_vec(), Ok(encoded.clone()));
    assert_eq!(
        OwnedReceipt::decode(&keep.to_vec().unwrap()),
        Ok(keep.clone())
    );
    assert_eq!(receipt.to_owned(), keep);
    assert_eq!(OwnedReceipt::from(receipt), keep);
    assert_eq!(keep.stamp(), &s.stamp());
    assert_eq!(keep.franking_tag(), s.envelope.franking_tag());
    assert_eq!(keep.context().as_view(), context);
    let rebuilt = OwnedReceipt::new(*keep.stamp(), *keep.franking_tag(), keep.context().clone());
    assert_eq!(rebuilt, keep);
}

#[test]
fn owned_context_checks_lengths_once_and_views_back() {
    let long = vec![b'x'; MAX_ID_LEN + 1];
    assert_eq!(
        OwnedContext::new(long.clone(), vec![], 0, vec![]),
        Err(Error::TooLong {
            field: "sender",
            max: MAX_ID_LEN
        })
    );
    assert_eq!(
        OwnedContext::new(vec![], vec![], 0, long.clone()).map_err(|e| e.kind()),
        Err(franking::ErrorKind::TooLong)
    );
    let at_limit = long[..MAX_ID_LEN].to_vec();
    let owned = OwnedContext::new(at_limit.clone(), b"room".to_vec(), 42, b"id".to_vec()).unwrap();
    let view = Context::new(&at_limit, b"room", 42, b"id").unwrap();
    assert_eq!(owned.as_view(), view);
    assert_eq!(view.to_owned(), owned);
    assert_eq!(OwnedContext::from(view), owned);
    assert_eq!(
        (
            owned.sender(),
            owned.recipient(),
            owned.timestamp(),
            owned.message_id()
        ),
        (&at_limit[..], &b"room"[..], 42, &b"id"[..])
    );
}

#[test]
fn owned_report_new_assembles_parts_and_checks_the_message_limit() {
    let s = Scenario::new(1004, b"h", b"m");
    let r = OwnedReport::decode(&s.report_bytes()).unwrap();
    let new = |message: Vec<u8>| {
        OwnedReport::new(
            *r.stamp(),
            *r.franking_tag(),
            r.opening().clone(),
            r.context().clone(),
            r.header().to_vec(),
            message,
        )
    };
    assert_eq!(new(r.message().to_vec()).unwrap(), r);
    // Zero-filled virtual memory, never touched: only its length is read.
    assert_eq!(
        new(vec![0u8; franking::MAX_MESSAGE_LEN + 1]).err(),
        Some(Error::TooLong {
            field: "message",
            max: franking::MAX_MESSAGE_LEN
        })
    );
}

#[test]
fn owned_report_debug_redacts_the_opening_and_prints_no_content() {
    let s = Scenario::new(1005, b"SECRET-HEADER", b"SECRET-MESSAGE");
    let r = OwnedReport::decode(&s.report_bytes()).unwrap();
    let printed = format!("{r:?} {:?}", r.opening());
    assert!(printed.contains("Opening(<redacted>)"), "{printed}");
    let opening_hex: String = r
        .opening()
        .as_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert!(!printed.contains(&opening_hex));
    assert!(!printed.contains("SECRET"), "{printed}");
    assert!(printed.contains("message_len: 14"), "{printed}");
}
