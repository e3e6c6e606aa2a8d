//! Correctness: everything an honest party produces is accepted by the next
//! party, for every message size around the 64-byte keystream block and the
//! 8 KiB processing chunk, and every encoding decodes to what was encoded.

mod common;

use common::{MAX_AGE, NOW, ReportParts, SIZES, Scenario, TestRng, encode, open, seal};
use franking::wire::{ENVELOPE_LEN, STAMP_LEN};
use franking::{
    Context, Envelope, Error, ErrorKind, FrankingTag, IntegrityTag, KeyId, Keyring, MessageKey,
    Nonce, Opening, PlatformKey, Report, Stamp, StampMac, commit_with_rng, verify,
    verify_commitment,
};

#[test]
fn seal_then_open_returns_the_message_for_every_size() {
    let mut rng = TestRng(10);
    let key = MessageKey::generate(&mut rng);
    for &len in SIZES {
        let message = rng.bytes(len);
        let header = rng.bytes(len % 97);
        let (ciphertext, envelope) = seal(&key, &mut rng, &header, &message);
        assert_eq!(ciphertext.len(), len);
        if len >= 16 {
            assert_ne!(
                ciphertext, message,
                "len {len}: ciphertext equals plaintext"
            );
        }
        assert_eq!(
            open(&key, &envelope, &header, &ciphertext),
            Ok(message),
            "len {len}"
        );
    }
}

#[test]
fn seal_with_nonce_is_deterministic_and_opens() {
    let mut rng = TestRng(11);
    let key = MessageKey::generate(&mut rng);
    let nonce = Nonce::random(&mut rng);
    for &len in SIZES {
        let message = rng.bytes(len);
        let mut a = message.clone();
        let mut b = message.clone();
        let ea = key.seal_in_place_with_nonce(&nonce, b"h", &mut a).unwrap();
        let eb = key.seal_in_place_with_nonce(&nonce, b"h", &mut b).unwrap();
        assert_eq!((&a, ea), (&b, eb), "len {len}");
        assert_eq!(ea.nonce(), &nonce);
        assert_eq!(open(&key, &ea, b"h", &a), Ok(message), "len {len}");
    }
}

#[test]
fn sealed_message_report_verifies_for_every_size() {
    for &len in SIZES {
        let mut rng = TestRng(12 + len as u64);
        let message = rng.bytes(len);
        let header = rng.bytes(len % 41);
        let s = Scenario::new(len as u64, &header, &message);
        let bytes = s.report_bytes();
        let report = Report::decode(&bytes).unwrap();
        let verified = verify(&s.keyring, NOW, &report).unwrap();
        assert_eq!(verified.message(), &message[..], "len {len}");
        assert_eq!(verified.header(), &header[..], "len {len}");
        assert_eq!(verified.sender(), &s.sender[..]);
        assert_eq!(verified.recipient(), &s.recipient[..]);
        assert_eq!(verified.message_id(), &s.message_id[..]);
        assert_eq!(verified.timestamp(), s.timestamp);
        assert_eq!(verified.key_id(), KeyId::new(7));
        assert_eq!(verified.franking_tag(), s.envelope.franking_tag());
        assert_eq!(verified.context(), &s.context());
    }
}

#[test]
fn layer_mode_commit_then_verify_and_report_for_every_size() {
    let mut rng = TestRng(13);
    let keyring = Keyring::new(
        PlatformKey::generate(
            KeyId::new(3),
            franking::KeyInterval::starting_at(0),
            &mut rng,
        )
        .unwrap(),
        MAX_AGE,
    );
    let context = Context::new(b"s", b"r", NOW, b"id").unwrap();
    for &len in SIZES {
        let message = rng.bytes(len);
        let header = rng.bytes(len % 13);
        let (opening, tag) = commit_with_rng(&mut rng, &header, &message).unwrap();
        let opened = verify_commitment(&header, &message, opening.clone(), &tag).unwrap();
        assert_eq!(opened.message(), &message[..]);
        assert_eq!(opened.header(), &header[..]);
        assert_eq!(opened.opening(), &opening);
        assert_eq!(opened.franking_tag(), &tag);
        let stamp = keyring.stamp(&tag, &context).unwrap();
        let bytes = encode(&opened.report(&context, &stamp));
        let report = Report::decode(&bytes).unwrap();
        assert_eq!(
            verify(&keyring, NOW, &report).unwrap().message(),
            &message[..]
        );
    }
}

#[test]
fn sealed_and_layer_mode_commitments_are_the_same_function() {
    // The opening from a sealed message, used in layer mode, gives the same tag.
    let s = Scenario::new(14, b"hdr", b"the same commitment equation");
    let opening = s.opening();
    let opened = verify_commitment(&s.header, &s.message, opening, s.envelope.franking_tag());
    assert!(opened.is_ok());
}

#[test]
fn report_encode_then_decode_is_identity() {
    for &len in &[0usize, 1, 64, 8193] {
        let s = Scenario::new(15, b"header", &vec![0x5a; len]);
        let mut buf = s.ciphertext.clone();
        let opened = s
            .key
            .open_in_place(&s.envelope, &s.header, &mut buf)
            .unwrap();
        let context = s.context();
        let stamp = s.stamp();
        let report = opened.report(&context, &stamp);
        let bytes = encode(&report);
        assert_eq!(bytes.len(), report.encoded_len());
        let decoded = Report::decode(&bytes).unwrap();
        assert_eq!(decoded, report);
        assert_eq!(decoded.stamp(), s.stamp());
        assert_eq!(&decoded.franking_tag(), s.envelope.franking_tag());
        assert_eq!(&decoded.opening(), opened.opening());
        assert_eq!(decoded.context(), &context);
        assert_eq!(decoded.header(), &s.header[..]);
        assert_eq!(decoded.message(), &s.message[..]);
        assert_eq!(encode(&decoded), bytes);
    }
}

#[test]
fn report_encoding_matches_the_specified_layout() {
    let s = Scenario::new(16, b"a header", b"a message");
    let bytes = s.report_bytes();
    let parts = ReportParts::of(&Report::decode(&bytes).unwrap());
    assert_eq!(parts.encode(), bytes);
    assert_eq!(bytes[0], 1);
    assert_eq!(&bytes[1..5], &7u32.to_be_bytes());
    assert_eq!(&bytes[5..37], s.stamp().mac().as_bytes());
    assert_eq!(&bytes[37..69], s.envelope.franking_tag().as_bytes());
    assert_eq!(&bytes[101..109], &s.timestamp.to_be_bytes());
    assert_eq!(&bytes[109..117], &s.seq.to_be_bytes());
    assert_eq!(
        bytes.len(),
        franking::wire::REPORT_FIXED_LEN
            + s.sender.len()
            + s.recipient.len()
            + s.message_id.len()
            + s.conversation.len()
            + s.header.len()
            + s.message.len()
    );
}

#[test]
fn report_encode_into_a_short_buffer_fails_and_a_long_one_works() {
    let s = Scenario::new(17, b"h", b"m");
    let bytes = s.report_bytes();
    let report = Report::decode(&bytes).unwrap();
    let mut short = vec![0u8; bytes.len() - 1];
    assert_eq!(
        report.encode_into(&mut short).map_err(|e| e.kind()),
        Err(ErrorKind::BufferTooSmall)
    );
    assert_eq!(
        report.encode_into(&mut []).map_err(|e| e.kind()),
        Err(ErrorKind::BufferTooSmall)
    );
    let mut long = vec![0xeeu8; bytes.len() + 10];
    assert_eq!(report.encode_into(&mut long), Ok(bytes.len()));
    assert_eq!(&long[..bytes.len()], &bytes[..]);
    assert!(long[bytes.len()..].iter().all(|&b| b == 0xee));
}

#[test]
fn envelope_to_bytes_then_decode_is_identity() {
    let mut rng = TestRng(18);
    let envelope = Envelope::new(
        Nonce::from_bytes(rng.array()),
        FrankingTag::from_bytes(rng.array()),
        IntegrityTag::from_bytes(rng.array()),
    );
    let bytes = envelope.to_bytes();
    assert_eq!(bytes.len(), ENVELOPE_LEN);
    assert_eq!(&bytes[..24], envelope.nonce().as_bytes());
    assert_eq!(&bytes[24..56], envelope.franking_tag().as_bytes());
    assert_eq!(&bytes[56..], envelope.integrity_tag().as_bytes());
    assert_eq!(Envelope::decode(&bytes), Ok(envelope));
    // A sealed envelope survives the wire.
    let s = Scenario::new(19, b"h", b"over the wire");
    let wire = Envelope::decode(&s.envelope.to_bytes()).unwrap();
    assert_eq!(
        open(&s.key, &wire, &s.header, &s.ciphertext),
        Ok(s.message.clone())
    );
}

#[test]
fn stamp_to_bytes_then_decode_is_identity() {
    let s = Scenario::new(20, b"h", b"m");
    let stamp = s.stamp();
    let bytes = stamp.to_bytes();
    assert_eq!(bytes.len(), STAMP_LEN);
    assert_eq!(&bytes[..4], &7u32.to_be_bytes());
    assert_eq!(&bytes[4..], stamp.mac().as_bytes());
    assert_eq!(Stamp::decode(&bytes), Ok(stamp));
    let made = Stamp::new(KeyId::new(u32::MAX), StampMac::from_bytes([0xab; 32]));
    assert_eq!(Stamp::decode(&made.to_bytes()), Ok(made));
}

#[test]
fn fixed_size_newtypes_round_trip_through_slices() {
    let mut rng = TestRng(21);
    let n: [u8; 24] = rng.array();
    assert_eq!(Nonce::try_from(&n[..]).unwrap().to_bytes(), n);
    let t: [u8; 32] = rng.array();
    assert_eq!(FrankingTag::try_from(&t[..]).unwrap().to_bytes(), t);
    assert_eq!(IntegrityTag::try_from(&t[..]).unwrap().to_bytes(), t);
    assert_eq!(StampMac::try_from(&t[..]).unwrap().to_bytes(), t);
    assert_eq!(Opening::try_from(&t[..]).unwrap().as_bytes(), &t);
    assert_eq!(MessageKey::try_from(&t[..]).unwrap().as_bytes(), &t);
    assert_eq!(MessageKey::from_bytes(t).as_bytes(), &t);
    for bad in [0usize, 23, 25, 31, 33] {
        let v = vec![0u8; bad];
        assert_eq!(
            Nonce::try_from(&v[..]).map_err(|e| e.kind()),
            Err(ErrorKind::Malformed)
        );
        assert_eq!(
            FrankingTag::try_from(&v[..]).map_err(|e| e.kind()),
            Err(ErrorKind::Malformed)
        );
        assert_eq!(
            IntegrityTag::try_from(&v[..]).map_err(|e| e.kind()),
            Err(ErrorKind::Malformed)
        );
        assert_eq!(
            StampMac::try_from(&v[..]).map_err(|e| e.kind()),
            Err(ErrorKind::Malformed)
        );
        assert!(matches!(
            Opening::try_from(&v[..]),
            Err(Error::Malformed { .. })
        ));
        assert!(matches!(
            MessageKey::try_from(&v[..]),
            Err(Error::Malformed { .. })
        ));
    }
}

#[test]
fn stamp_envelope_stamps_the_envelopes_franking_tag() {
    let s = Scenario::new(22, b"h", b"m");
    let ctx = s.context();
    assert_eq!(s.keyring.stamp_envelope(&s.envelope, &ctx), Ok(s.stamp()));
    assert_eq!(
        s.keyring.stamp_envelope(&s.envelope, &ctx),
        s.keyring.stamp(s.envelope.franking_tag(), &ctx)
    );
}

#[test]
fn verified_report_exposes_the_stamp_as_a_stable_deduplication_key() {
    // Reports are replayable by design; (key id, stamp MAC) identifies the delivery.
    let s = Scenario::new(23, b"h", b"reported twice");
    let bytes = s.report_bytes();
    let report = Report::decode(&bytes).unwrap();
    let first = *verify(&s.keyring, NOW, &report).unwrap().stamp();
    let again = Report::decode(&bytes).unwrap();
    let second = *verify(&s.keyring, NOW + 1, &again).unwrap().stamp();
    assert_eq!(first, s.stamp());
    assert_eq!(first, second);
    // Another delivery of the same content gets another key.
    let mut other = Scenario::new(23, b"h", b"reported twice");
    other.message_id = b"msg-000043".to_vec();
    let other_bytes = other.report_bytes();
    let other_report = Report::decode(&other_bytes).unwrap();
    assert_ne!(
        *verify(&other.keyring, NOW, &other_report).unwrap().stamp(),
        first
    );
}

#[cfg(feature = "alloc")]
#[test]
fn report_to_vec_is_the_same_encoding_as_encode_into() {
    let mut rng = TestRng(77);
    let key = franking::MessageKey::generate(&mut rng);
    let mut buffer = *b"to_vec round trip";
    let envelope = key
        .seal_in_place_with_rng(&mut rng, b"h", &mut buffer)
        .unwrap();
    let keyring = franking::Keyring::new(
        franking::PlatformKey::generate(
            franking::KeyId::new(3),
            franking::KeyInterval::starting_at(0),
            &mut rng,
        )
        .unwrap(),
        60,
    );
    let context = franking::Context::new(b"s", b"r", 5, b"m").unwrap();
    let stamp = keyring.stamp_envelope(&envelope, &context).unwrap();
    let opened = key.open_in_place(&envelope, b"h", &mut buffer).unwrap();
    let report = opened.report(&context, &stamp);
    let mut encoded = vec![0u8; report.encoded_len()];
    let len = report.encode_into(&mut encoded).unwrap();
    assert_eq!(len, encoded.len());
    assert_eq!(report.to_vec().unwrap(), encoded);
    assert_eq!(franking::Report::decode(&encoded).unwrap(), report);
}

/// Report equality looks at every field: two decodings of one encoding are
/// equal, and changing any single field (each 32-byte value in its last
/// byte, where a comparison that stopped early would miss it) makes them
/// differ.
#[test]
fn report_equality_compares_every_field() {
    let base = ReportParts {
        version: 1,
        key_id: 7,
        mac: [1; 32],
        franking_tag: [2; 32],
        opening: [3; 32],
        timestamp: NOW,
        seq: 9,
        sender: b"alice".to_vec(),
        recipient: b"bob".to_vec(),
        message_id: b"m-1".to_vec(),
        conversation: b"c".to_vec(),
        header: b"h".to_vec(),
        message: b"body".to_vec(),
    };
    let bytes = base.encode();
    assert_eq!(
        Report::decode(&bytes).unwrap(),
        Report::decode(&bytes.clone()).unwrap()
    );
    let edits: [fn(&mut ReportParts); 12] = [
        |p| p.key_id += 1,
        |p| p.mac[31] ^= 1,
        |p| p.franking_tag[31] ^= 1,
        |p| p.opening[31] ^= 1,
        |p| p.timestamp += 1,
        |p| p.seq += 1,
        |p| p.conversation.push(b'!'),
        |p| p.sender.push(b'!'),
        |p| p.recipient.push(b'!'),
        |p| p.message_id.push(b'!'),
        |p| p.header.push(b'!'),
        |p| p.message.push(b'!'),
    ];
    for (i, edit) in edits.iter().enumerate() {
        let mut other = base.clone();
        edit(&mut other);
        let other = other.encode();
        assert_ne!(
            Report::decode(&bytes).unwrap(),
            Report::decode(&other).unwrap(),
            "edit {i}"
        );
    }
}
