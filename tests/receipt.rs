//! The delivery receipt (SPEC.md 5.7): the platform sends the recipient the
//! exact stamp, franking tag and context it stamped, in a canonical encoding
//! that cannot be taken for a report; a report built from it verifies.
//!
//! Properties: the encoding is the specified layout (an encoder written here
//! from SPEC.md); it is injective and canonical (decode then encode gives the
//! input, encode then decode gives the receipt); every truncation, trailing
//! byte, length prefix off by one, other kind byte and other version byte is
//! rejected with the specified error; decoding borrows the ids from the
//! input; and the report the recipient builds from a receipt verifies, and is
//! rebuilt byte for byte from stored evidence.

mod common;

use common::{NOW, Scenario, encode};
use franking::wire::{RECEIPT_FIXED_LEN, RECEIPT_KIND, RECEIPT_VERSION};
use franking::{
    Context, Error, ErrorKind, ExpectedDelivery, FrankingTag, KeyId, Opening, Receipt, Report,
    Stamp, StampMac, verify,
};
use proptest::prelude::*;

/// A receipt's fields, owned, in wire order.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Parts {
    key_id: u32,
    mac: [u8; 32],
    tag: [u8; 32],
    timestamp: u64,
    seq: u64,
    sender: Vec<u8>,
    recipient: Vec<u8>,
    message_id: Vec<u8>,
    conversation: Vec<u8>,
}

impl Parts {
    /// SPEC.md 5.7: `0x52 || 0x01 || u32(id) || SM || FT || u64(ts) ||
    /// u64(seq) || u16-prefixed sender, recipient, message id, conversation`.
    fn encode(&self) -> Vec<u8> {
        let mut out = vec![0x52, 0x01];
        out.extend_from_slice(&self.key_id.to_be_bytes());
        out.extend_from_slice(&self.mac);
        out.extend_from_slice(&self.tag);
        out.extend_from_slice(&self.timestamp.to_be_bytes());
        out.extend_from_slice(&self.seq.to_be_bytes());
        for id in [
            &self.sender,
            &self.recipient,
            &self.message_id,
            &self.conversation,
        ] {
            out.extend_from_slice(&u16::try_from(id.len()).unwrap().to_be_bytes());
            out.extend_from_slice(id);
        }
        out
    }

    fn of(r: &Receipt<'_>) -> Self {
        Self {
            key_id: r.stamp().key_id().get(),
            mac: r.stamp().mac().to_bytes(),
            tag: r.franking_tag().to_bytes(),
            timestamp: r.context().timestamp(),
            seq: r.context().seq(),
            sender: r.context().sender().to_vec(),
            recipient: r.context().recipient().to_vec(),
            message_id: r.context().message_id().to_vec(),
            conversation: r.context().conversation().to_vec(),
        }
    }

    /// Offsets of the four u16 length prefixes.
    fn prefixes(&self) -> [usize; 4] {
        let first = 2 + 4 + 32 + 32 + 8 + 8;
        let second = first + 2 + self.sender.len();
        let third = second + 2 + self.recipient.len();
        [first, second, third, third + 2 + self.message_id.len()]
    }
}

/// Non-empty ids of 0xaa bytes, so that a misaligned length read is large.
fn filled() -> Parts {
    Parts {
        key_id: 0xaaaa_aaaa,
        mac: [0xaa; 32],
        tag: [0xaa; 32],
        timestamp: u64::MAX / 3,
        seq: u64::MAX / 5,
        sender: vec![0xaa; 5],
        recipient: vec![0xaa; 6],
        message_id: vec![0xaa; 7],
        conversation: vec![0xaa; 8],
    }
}

fn empty() -> Parts {
    Parts {
        sender: vec![],
        recipient: vec![],
        message_id: vec![],
        conversation: vec![],
        ..filled()
    }
}

/// The receipt the platform sends in the honest scenario, encoded.
fn honest_receipt(s: &Scenario) -> Vec<u8> {
    let context = s.context();
    let receipt = s
        .keyring
        .stamp_receipt(s.envelope.franking_tag(), &context)
        .unwrap();
    let mut out = vec![0u8; receipt.encoded_len()];
    assert_eq!(receipt.encode_into(&mut out), Ok(out.len()));
    out
}

/// Valid encodings to mutate: a real receipt, one with empty ids, one filled.
fn samples() -> Vec<Vec<u8>> {
    let real = honest_receipt(&Scenario::new(900, b"h", b"m"));
    let all = vec![real, empty().encode(), filled().encode()];
    assert_eq!(all[1].len(), RECEIPT_FIXED_LEN);
    for bytes in &all {
        assert!(Receipt::decode(bytes).is_ok());
    }
    all
}

/// What the recipient in the honest scenario knows of the delivery.
fn expected(s: &Scenario) -> ExpectedDelivery<'_> {
    ExpectedDelivery::new(&s.sender, &s.recipient).in_conversation(&s.conversation)
}

fn kind(bytes: &[u8]) -> Option<ErrorKind> {
    Receipt::decode(bytes).err().map(|e| e.kind())
}

#[test]
fn receipt_is_the_specified_layout() {
    assert_eq!((RECEIPT_KIND, RECEIPT_VERSION), (0x52, 0x01));
    assert_eq!(RECEIPT_FIXED_LEN, 94);
    let s = Scenario::new(901, b"header", b"message");
    let bytes = honest_receipt(&s);
    let stamp = s.stamp();
    let expected = Parts {
        key_id: stamp.key_id().get(),
        mac: stamp.mac().to_bytes(),
        tag: s.envelope.franking_tag().to_bytes(),
        timestamp: s.timestamp,
        seq: s.context().seq(),
        sender: s.sender.clone(),
        recipient: s.recipient.clone(),
        message_id: s.message_id.clone(),
        conversation: s.context().conversation().to_vec(),
    };
    assert_eq!(bytes, expected.encode());
    assert_eq!(Parts::of(&Receipt::decode(&bytes).unwrap()), expected);
}

#[test]
fn receipt_carries_the_keyrings_stamp_on_the_envelope_tag() {
    let s = Scenario::new(902, b"h", b"m");
    let context = s.context();
    let receipt = s
        .keyring
        .stamp_receipt(s.envelope.franking_tag(), &context)
        .unwrap();
    assert_eq!(receipt.stamp(), &s.stamp());
    assert_eq!(receipt.franking_tag(), s.envelope.franking_tag());
    assert_eq!(receipt.context(), &context);
}

#[test]
fn equal_receipts_hash_alike_and_distinct_ones_are_kept_apart() {
    use std::collections::HashSet;
    let a = filled().encode();
    let b = empty().encode();
    let copy = a.clone();
    let set: HashSet<Receipt<'_>> = [&a, &b, &copy]
        .iter()
        .map(|bytes| Receipt::decode(bytes).unwrap())
        .collect();
    assert_eq!(set.len(), 2);
}

#[test]
fn receipt_truncated_at_every_length_is_malformed() {
    for bytes in samples() {
        for len in 0..bytes.len() {
            assert_eq!(
                kind(&bytes[..len]),
                Some(ErrorKind::Malformed),
                "length {len}"
            );
        }
    }
    assert_eq!(
        Receipt::decode(&[]),
        Err(Error::Malformed {
            field: "kind",
            offset: 0
        })
    );
}

#[test]
fn receipt_with_trailing_bytes_is_malformed() {
    for bytes in samples() {
        for extra in [&[0u8][..], &[1], &[0xff], &[0, 0], &[0; 64]] {
            let long = [&bytes[..], extra].concat();
            assert_eq!(
                Receipt::decode(&long),
                Err(Error::Malformed {
                    field: "trailing bytes",
                    offset: bytes.len()
                }),
                "extra {extra:?}"
            );
        }
    }
}

#[test]
fn receipt_with_any_length_prefix_off_by_one_is_malformed() {
    for parts in [
        filled(),
        Parts::of(&Receipt::decode(&samples()[0]).unwrap()),
    ] {
        let bytes = parts.encode();
        for at in parts.prefixes() {
            let value = u16::from_be_bytes([bytes[at], bytes[at + 1]]);
            for new in [value.wrapping_add(1), value.wrapping_sub(1), u16::MAX] {
                let mut bad = bytes.clone();
                bad[at..at + 2].copy_from_slice(&new.to_be_bytes());
                assert_eq!(
                    kind(&bad),
                    Some(ErrorKind::Malformed),
                    "prefix at {at} set to {new}"
                );
            }
        }
    }
}

#[test]
fn receipt_with_any_other_kind_byte_is_malformed() {
    for bytes in samples() {
        for first in 0..=255u8 {
            let mut other = bytes.clone();
            other[0] = first;
            let expected = if first == RECEIPT_KIND {
                Ok(())
            } else {
                Err(Error::Malformed {
                    field: "kind",
                    offset: 0,
                })
            };
            assert_eq!(Receipt::decode(&other).map(|_| ()), expected, "{first}");
        }
    }
}

#[test]
fn receipt_with_any_other_version_is_unsupported() {
    for bytes in samples() {
        for version in 0..=255u8 {
            let mut other = bytes.clone();
            other[1] = version;
            let expected = if version == RECEIPT_VERSION {
                Ok(())
            } else {
                Err(Error::UnsupportedVersion { version })
            };
            assert_eq!(Receipt::decode(&other).map(|_| ()), expected);
        }
        // The version is judged before the rest is read.
        assert_eq!(
            Receipt::decode(&[RECEIPT_KIND, 2]),
            Err(Error::UnsupportedVersion { version: 2 })
        );
    }
}

#[test]
fn receipts_and_reports_are_never_taken_for_each_other() {
    let s = Scenario::new(903, b"h", b"m");
    let report = s.report_bytes();
    assert_eq!(
        Receipt::decode(&report),
        Err(Error::Malformed {
            field: "kind",
            offset: 0
        })
    );
    // A receipt uploaded as a report says what it is (SPEC.md 5.6).
    for receipt in samples() {
        assert_eq!(
            Report::decode(&receipt).err(),
            Some(Error::WrongEncoding {
                expected: "report",
                found: "receipt",
            })
        );
    }
    assert_eq!(
        Report::decode(&[RECEIPT_KIND]).err().map(|e| e.to_string()),
        Some("expected a report, found a receipt".to_string())
    );
}

#[test]
fn decoding_borrows_every_id_from_the_input() {
    let bytes = filled().encode();
    let receipt = Receipt::decode(&bytes).unwrap();
    let c = receipt.context();
    let [s, r, m, v] = filled().prefixes();
    for (field, at) in [
        (c.sender(), s),
        (c.recipient(), r),
        (c.message_id(), m),
        (c.conversation(), v),
    ] {
        assert!(std::ptr::eq(field.as_ptr(), bytes[at + 2..].as_ptr()));
    }
}

#[test]
fn encode_into_needs_exactly_encoded_len_bytes() {
    let bytes = filled().encode();
    let receipt = Receipt::decode(&bytes).unwrap();
    let n = receipt.encoded_len();
    assert_eq!(n, bytes.len());
    let mut short = vec![0u8; n - 1];
    assert_eq!(
        receipt.encode_into(&mut short),
        Err(Error::BufferTooSmall { needed: n })
    );
    let mut larger = vec![0x5a; n + 3];
    assert_eq!(receipt.encode_into(&mut larger), Ok(n));
    assert_eq!(&larger[..n], &bytes[..]);
    assert_eq!(&larger[n..], &[0x5a; 3]);
}

/// The whole flow: the platform stamps and sends a receipt; the recipient
/// opens the message, builds its report from the decoded receipt, and the
/// moderator verifies it. Later, the report rebuilt from stored evidence is
/// the same report, byte for byte.
#[test]
fn report_built_from_a_receipt_verifies_and_is_rebuilt_from_stored_evidence() {
    let s = Scenario::new(904, b"chat:42", b"a message worth reporting");
    let receipt_bytes = honest_receipt(&s);

    let receipt = Receipt::decode(&receipt_bytes).unwrap();
    let mut buffer = s.ciphertext.clone();
    let opened = s
        .key
        .open_in_place(&s.envelope, &s.header, &mut buffer)
        .unwrap();
    let report = opened.report_with_receipt(&receipt, &expected(&s)).unwrap();
    let report_bytes = encode(&report);
    let verified = verify(&s.keyring, NOW, &Report::decode(&report_bytes).unwrap()).unwrap();
    assert_eq!(verified.context(), &s.context());
    assert_eq!(verified.message(), &s.message[..]);
    assert_eq!(report_bytes, s.report_bytes());

    // Stored: the receipt bytes as received, the opening, header and message.
    let opening = Opening::from_bytes(*opened.opening().as_bytes());
    let (header, message) = (opened.header().to_vec(), opened.message().to_vec());
    drop(opened);
    let stored = Receipt::decode(&receipt_bytes).unwrap();
    let rebuilt = Report::from_receipt(&stored, &opening, &header, &message).unwrap();
    assert_eq!(rebuilt, Report::decode(&report_bytes).unwrap());
    assert_eq!(encode(&rebuilt), report_bytes);
    assert!(verify(&s.keyring, NOW, &rebuilt).is_ok());
}

#[test]
fn report_from_receipt_checks_the_header_and_message_limits() {
    let bytes = filled().encode();
    let receipt = Receipt::decode(&bytes).unwrap();
    let opening = Opening::from_bytes([1; 32]);
    // Zero-filled virtual memory, never touched: only its length is read.
    let huge = vec![0u8; franking::MAX_MESSAGE_LEN + 1];
    let max = franking::MAX_MESSAGE_LEN;
    assert_eq!(
        Report::from_receipt(&receipt, &opening, b"h", &huge).err(),
        Some(Error::TooLong {
            field: "message",
            max
        })
    );
    assert_eq!(
        Report::from_receipt(&receipt, &opening, &huge, b"m").err(),
        Some(Error::TooLong {
            field: "header",
            max
        })
    );
    let report = Report::from_receipt(&receipt, &opening, b"h", b"m").unwrap();
    assert_eq!(report.stamp(), *receipt.stamp());
    assert_eq!(report.franking_tag(), *receipt.franking_tag());
    assert_eq!(report.context(), receipt.context());
    assert_eq!(report.opening(), opening);
}

#[test]
fn receipt_of_another_message_is_refused_by_the_recipient() {
    let s = Scenario::new(905, b"h", b"the message");
    let other = Scenario::new(906, b"h", b"another message");
    let other_bytes = honest_receipt(&other);
    let other_receipt = Receipt::decode(&other_bytes).unwrap();
    let mut buffer = s.ciphertext.clone();
    let opened = s
        .key
        .open_in_place(&s.envelope, &s.header, &mut buffer)
        .unwrap();
    assert_eq!(
        opened
            .report_with_receipt(&other_receipt, &expected(&s))
            .err(),
        Some(Error::Invalid)
    );
}

/// The failure the receipt exists to prevent: a context rebuilt by the
/// recipient that differs from the stamped one in one byte fails with the
/// opaque `Invalid`.
#[test]
fn a_context_that_drifts_from_the_stamped_one_fails_opaquely() {
    let s = Scenario::new(907, b"h", b"m");
    let mut buffer = s.ciphertext.clone();
    let opened = s
        .key
        .open_in_place(&s.envelope, &s.header, &mut buffer)
        .unwrap();
    let stamp = s.stamp();
    let drifted = Context::new(&s.sender, &s.recipient, s.timestamp + 1, &s.message_id).unwrap();
    let report = opened.report(&drifted, &stamp);
    assert_eq!(verify(&s.keyring, NOW, &report).err(), Some(Error::Invalid));
}

fn parts_strategy() -> impl Strategy<Value = Parts> {
    let id = || proptest::collection::vec(any::<u8>(), 0..40);
    (
        any::<u32>(),
        any::<[u8; 32]>(),
        any::<[u8; 32]>(),
        any::<u64>(),
        any::<u64>(),
        id(),
        id(),
        id(),
        id(),
    )
        .prop_map(
            |(key_id, mac, tag, timestamp, seq, sender, recipient, message_id, conversation)| {
                Parts {
                    key_id,
                    mac,
                    tag,
                    timestamp,
                    seq,
                    sender,
                    recipient,
                    message_id,
                    conversation,
                }
            },
        )
}

/// The crate's encoding, through `encode_into` (`to_vec` needs `alloc`).
fn to_vec(receipt: &Receipt<'_>) -> Vec<u8> {
    let mut out = vec![0u8; receipt.encoded_len()];
    assert_eq!(receipt.encode_into(&mut out), Ok(out.len()));
    out
}

fn receipt_of(p: &Parts) -> Receipt<'_> {
    Receipt::new(
        Stamp::new(KeyId::new(p.key_id), StampMac::from_bytes(p.mac)),
        FrankingTag::from_bytes(p.tag),
        Context::new(&p.sender, &p.recipient, p.timestamp, &p.message_id)
            .unwrap()
            .in_conversation(&p.conversation, p.seq)
            .unwrap(),
    )
}

proptest! {
    /// encode(x) is the specified layout, decode(encode(x)) = x, and distinct
    /// receipts (including ids that differ only in where one ends) have
    /// distinct encodings.
    #[test]
    fn receipt_encoding_is_injective_and_canonical(a in parts_strategy(), b in parts_strategy()) {
        let bytes_a = to_vec(&receipt_of(&a));
        prop_assert_eq!(&bytes_a, &a.encode());
        prop_assert_eq!(Parts::of(&Receipt::decode(&bytes_a).unwrap()), a.clone());
        prop_assert_eq!(bytes_a == to_vec(&receipt_of(&b)), a == b);
        // Move one byte from the sender to the recipient: another encoding.
        if let Some((&last, rest)) = a.sender.split_last() {
            let moved = Parts {
                sender: rest.to_vec(),
                recipient: [&[last][..], &a.recipient].concat(),
                ..a.clone()
            };
            prop_assert_ne!(moved.encode(), bytes_a);
        }
    }

    /// Any bytes: either rejected, or decoded to a receipt that re-encodes to
    /// exactly those bytes.
    #[test]
    fn any_accepted_receipt_reencodes_to_its_input(
        bytes in proptest::collection::vec(any::<u8>(), 0..200),
        prefix in any::<bool>(),
    ) {
        let bytes = if prefix { [&[0x52, 0x01][..], &bytes].concat() } else { bytes };
        if let Ok(receipt) = Receipt::decode(&bytes) {
            prop_assert_eq!(to_vec(&receipt), bytes);
        }
    }
}
