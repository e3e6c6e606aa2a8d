//! serde (features `serde` and `alloc`): every type a server stores or shows
//! round-trips through a human-readable format (JSON: bytes as lowercase hex)
//! and a binary one (postcard: raw bytes), and deserializing checks what the
//! constructors check.
#![cfg(all(feature = "serde", feature = "alloc"))]

mod common;

use common::{NOW, Scenario};
use franking::{
    FrankingTag, KeyId, OwnedContext, OwnedReceipt, OwnedReport, Receipt, Report, ReportId, Stamp,
    StampMac, verify,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::json;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// JSON and postcard round trips give back the value.
fn round_trips<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(value: &T) {
    let json = serde_json::to_string(value).unwrap();
    assert_eq!(&serde_json::from_str::<T>(&json).unwrap(), value, "{json}");
    let binary = postcard::to_allocvec(value).unwrap();
    assert_eq!(&postcard::from_bytes::<T>(&binary).unwrap(), value);
}

struct Stored {
    report: OwnedReport,
    receipt: OwnedReceipt,
    scenario: Scenario,
}

fn stored() -> Stored {
    let scenario = Scenario::new(1100, b"chat:9", b"content for the dashboard");
    let report = OwnedReport::decode(&scenario.report_bytes()).unwrap();
    let receipt = scenario
        .keyring
        .stamp_receipt(scenario.envelope.franking_tag(), &scenario.context())
        .unwrap()
        .to_owned();
    Stored {
        report,
        receipt,
        scenario,
    }
}

#[test]
fn every_stored_type_round_trips_through_json_and_postcard() {
    let s = stored();
    round_trips(&s.report);
    round_trips(&s.receipt);
    round_trips(s.report.context());
    round_trips(s.report.stamp());
    round_trips(s.report.franking_tag());
    round_trips(s.report.stamp().mac());
    round_trips(&s.report.stamp().key_id());
    round_trips(&ReportId::for_message(s.report.stamp(), b"reporter").unwrap());
    // Edge values: empty ids, extreme integers.
    round_trips(&OwnedContext::new(vec![], vec![], u64::MAX, vec![]).unwrap());
    round_trips(&KeyId::new(u32::MAX));
}

#[test]
fn a_report_restored_from_json_verifies() {
    let s = stored();
    let json = serde_json::to_string(&s.report).unwrap();
    let restored: OwnedReport = serde_json::from_str(&json).unwrap();
    assert!(verify(&s.scenario.keyring, NOW, &restored.as_view()).is_ok());
    let binary = postcard::to_allocvec(&s.report).unwrap();
    let restored: OwnedReport = postcard::from_bytes(&binary).unwrap();
    assert!(verify(&s.scenario.keyring, NOW, &restored.as_view()).is_ok());
}

#[test]
fn json_writes_bytes_as_lowercase_hex_and_integers_as_numbers() {
    let s = stored();
    let r = &s.report;
    let c = r.context();
    let stamp = json!({"key_id": r.stamp().key_id().get(), "mac": hex(r.stamp().mac().as_bytes())});
    let context = json!({
        "sender": hex(c.sender()),
        "recipient": hex(c.recipient()),
        "timestamp": c.timestamp(),
        "message_id": hex(c.message_id()),
        "conversation": hex(c.conversation()),
        "seq": c.seq(),
    });
    assert_eq!(
        serde_json::to_value(r).unwrap(),
        json!({
            "stamp": stamp,
            "franking_tag": hex(r.franking_tag().as_bytes()),
            "opening": hex(r.opening().as_bytes()),
            "context": context,
            "header": hex(r.header()),
            "message": hex(r.message()),
        })
    );
    assert_eq!(
        serde_json::to_value(&s.receipt).unwrap(),
        json!({"stamp": stamp, "franking_tag": hex(r.franking_tag().as_bytes()), "context": context})
    );
    // The borrowed views serialize to the same form as the owned values.
    let bytes = s.scenario.report_bytes();
    let view = Report::decode(&bytes).unwrap();
    let verified = verify(&s.scenario.keyring, NOW, &view).unwrap();
    assert_eq!(serde_json::to_value(view.context()).unwrap(), context);
    assert_eq!(
        serde_json::to_value(s.receipt.as_view()).unwrap(),
        serde_json::to_value(&s.receipt).unwrap()
    );
    assert_eq!(
        serde_json::to_value(verified).unwrap(),
        json!({
            "stamp": stamp,
            "franking_tag": hex(r.franking_tag().as_bytes()),
            "context": context,
            "header": hex(r.header()),
            "message": hex(r.message()),
        })
    );
    let id = ReportId::for_message(r.stamp(), b"bob").unwrap();
    assert_eq!(serde_json::to_value(id).unwrap(), json!(id.to_string()));
}

#[test]
fn postcard_writes_raw_bytes() {
    let mac = StampMac::from_bytes([0xab; 32]);
    let stamp = Stamp::new(KeyId::new(5), mac);
    // postcard: a varint for the u32 key id, then the byte string with a
    // varint length: 1 + 1 + 32 bytes, the MAC as is.
    let binary = postcard::to_allocvec(&stamp).unwrap();
    assert_eq!(binary, [&[5u8, 32][..], &[0xab; 32]].concat());
    assert_eq!(
        postcard::to_allocvec(&FrankingTag::from_bytes([7; 32])).unwrap(),
        [&[32u8][..], &[7; 32]].concat()
    );
}

#[test]
fn deserializing_checks_lengths_and_digits() {
    let bad_json = [
        r#""abcd""#,                         // 2 bytes, not 32
        &format!("\"{}\"", "0".repeat(63)),  // odd number of digits
        &format!("\"{}g\"", "0".repeat(63)), // not a hex digit
        &format!("\"{}\"", "0".repeat(66)),  // 33 bytes
    ];
    for text in bad_json {
        assert!(serde_json::from_str::<FrankingTag>(text).is_err(), "{text}");
    }
    let upper = format!("\"{}\"", "AB".repeat(32));
    assert_eq!(
        serde_json::from_str::<FrankingTag>(&upper).unwrap(),
        FrankingTag::from_bytes([0xab; 32])
    );
    // A context id over the limit is refused, as by OwnedContext::new.
    let long = hex(&vec![b'x'; franking::MAX_ID_LEN + 1]);
    let text = format!(
        r#"{{"sender":"{long}","recipient":"","timestamp":1,"message_id":"","conversation":"","seq":0}}"#
    );
    let err = serde_json::from_str::<OwnedContext>(&text).unwrap_err();
    assert!(err.to_string().contains("sender"), "{err}");
    // Missing, duplicate and unknown fields; the same with every field once is fine.
    let mac = "00".repeat(32);
    let good = format!(r#"{{"key_id":1,"mac":"{mac}"}}"#);
    assert!(serde_json::from_str::<Stamp>(&good).is_ok());
    for text in [
        r#"{"key_id":1}"#.to_string(),
        format!(r#"{{"key_id":1,"key_id":2,"mac":"{mac}"}}"#),
        format!(r#"{{"key_id":1,"mac":"{mac}","extra":0}}"#),
    ] {
        assert!(serde_json::from_str::<Stamp>(&text).is_err(), "{text}");
    }
    // Binary: a 31-byte MAC is refused.
    let short = [&[5u8, 31][..], &[0xab; 31]].concat();
    assert!(postcard::from_bytes::<Stamp>(&short).is_err());
}

#[test]
fn a_receipt_restored_from_postcard_builds_the_same_report() {
    let s = stored();
    let binary = postcard::to_allocvec(&s.receipt).unwrap();
    let receipt: OwnedReceipt = postcard::from_bytes(&binary).unwrap();
    let view: Receipt<'_> = receipt.as_view();
    let rebuilt = OwnedReport::from_receipt(
        &view,
        s.report.opening().clone(),
        s.report.header().to_vec(),
        s.report.message().to_vec(),
    )
    .unwrap();
    assert_eq!(rebuilt, s.report);
}

/// Formats that write a byte string as a sequence of integers, with or
/// without announcing its length: exactly 32 bytes make a tag; for a
/// variable-length id any number does.
#[test]
fn byte_strings_read_from_sequences_have_the_right_length() {
    use serde::Deserialize;
    use serde::de::value::{Error, SeqDeserializer};
    let tag = |n: usize| {
        FrankingTag::deserialize(SeqDeserializer::<_, Error>::new((0..n).map(|i| i as u8)))
    };
    assert_eq!(
        tag(32).unwrap(),
        FrankingTag::from_bytes(core::array::from_fn(|i| i as u8))
    );
    for n in [0, 1, 31, 33, 64] {
        assert!(tag(n).is_err(), "{n} bytes");
    }
    // A filter hides the length from the size hint.
    let unhinted = (0..40u8).filter(|b| b % 2 == 0);
    assert!(FrankingTag::deserialize(SeqDeserializer::<_, Error>::new(unhinted)).is_err());
    let unhinted = (0..64u8).filter(|b| b % 2 == 0);
    assert!(FrankingTag::deserialize(SeqDeserializer::<_, Error>::new(unhinted)).is_ok());
}

/// Formats that name struct fields by index or by bytes instead of strings:
/// each form finds the same field, and an index or name past the list is
/// refused.
#[test]
fn struct_fields_are_found_by_name_index_or_bytes() {
    use serde::Deserialize;
    use serde::de::value::MapDeserializer;
    use serde_json::Value;
    let mac = "ab".repeat(32);
    let want = Stamp::new(KeyId::new(5), StampMac::from_bytes([0xab; 32]));
    let by_index = |keys: [u64; 2]| {
        let entries = vec![(keys[0], json!(5)), (keys[1], Value::String(mac.clone()))];
        Stamp::deserialize(MapDeserializer::<_, serde_json::Error>::new(
            entries.into_iter(),
        ))
    };
    assert_eq!(by_index([0, 1]).unwrap(), want);
    assert!(by_index([0, 2]).is_err(), "index past the fields");
    assert!(by_index([0, 0]).is_err(), "index repeated");
    let by_bytes = |keys: [&'static [u8]; 2]| {
        let entries = vec![(keys[0], json!(5)), (keys[1], Value::String(mac.clone()))];
        Stamp::deserialize(MapDeserializer::<_, serde_json::Error>::new(
            entries.into_iter(),
        ))
    };
    assert_eq!(by_bytes([b"key_id", b"mac"]).unwrap(), want);
    assert!(by_bytes([b"key_id", b"mad"]).is_err(), "unknown name");
}

/// Whether `T` deserializes, decided at compile time by method resolution:
/// the by-value impl exists only for types that implement `Deserialize`, and
/// the one behind a reference catches every other type.
struct Probe<T>(std::marker::PhantomData<T>);

trait Deserializes {
    fn deserializes(&self) -> bool {
        true
    }
}

impl<T: serde::Deserialize<'static>> Deserializes for Probe<T> {}

trait DoesNotDeserialize {
    fn deserializes(&self) -> bool {
        false
    }
}

impl<T> DoesNotDeserialize for &Probe<T> {}

macro_rules! deserializes {
    ($ty:ty) => {
        (&Probe::<$ty>(std::marker::PhantomData)).deserializes()
    };
}

/// Only `verify` makes a verified type: none can be read back from storage,
/// where any row could pose as verified. What is stored (the owned, unverified
/// types) reads back.
#[test]
fn verified_types_serialize_but_never_deserialize() {
    assert!(!deserializes!(franking::VerifiedReport<'static>));
    assert!(!deserializes!(franking::media::VerifiedRange<'static>));
    assert!(!deserializes!(franking::ConversationVerdict<'static>));
    assert!(deserializes!(OwnedReport), "the probe is not blind");
    assert!(deserializes!(OwnedReceipt));
    assert!(deserializes!(ReportId));
}
