//! Attachments stay reportable after the message key is gone (SPEC.md 15.7):
//! the recipient keeps the attachment evidence (123 bytes), the plaintext and
//! the outboard tree, and the report writer builds whole and range reports
//! from them alone, weeks later. Also: the writer's checks, the head reader
//! for streams, and the "MUST decode M" rule of SPEC.md 14.4.

mod media_common;

use franking::media::{
    AttachmentEvidence, AttachmentKey, AttachmentOpener, CHUNK_SIZE, MediaReportWriter,
    verify_media_report,
};
use franking::wire::{MEDIA_MESSAGE_LABEL, MediaMessage, MediaReportHead};
use franking::{
    Context, Error, KeyId, KeyInterval, Keyring, MessageKey, Nonce, PlatformKey, Report, verify,
};
use media_common::*;

const DAY: u64 = 86_400;
const SENT: u64 = 1_700_000_000;
/// A keyring that accepts reports for 31 days.
const MAX_AGE: u64 = 31 * DAY;

/// What the recipient stores per message with one attachment.
struct Stored {
    message_report: Vec<u8>,
    evidence: Vec<u8>,
    plaintext: Vec<u8>,
    tree: Vec<u8>,
}

/// The whole flow up to storage: the sender seals the attachment under a
/// derived key (or a random one, wrapped), sends and the platform stamps;
/// the recipient opens message and attachment, stores the evidence, and
/// every key and the blob are dropped.
fn receive_and_store(rng: &mut TestRng, keyring: &Keyring, wrapped: bool) -> Stored {
    let message_key = MessageKey::from_bytes(rng.array_bytes());
    let nonce = Nonce::from_bytes(rng.array_bytes24());
    let video = bytes(rng, 4 * CHUNK_SIZE + 1234);
    let key_bytes = if wrapped {
        rng.array_bytes()
    } else {
        *AttachmentKey::derive(&message_key, &nonce, 0).as_bytes()
    };
    let sealed = seal(key_bytes, &video);
    let mut descriptor = sealed.descriptor;
    if wrapped {
        let w = AttachmentKey::from_bytes(key_bytes)
            .wrap(&message_key, &nonce, 0)
            .unwrap();
        descriptor = descriptor.with_wrapped_key(w);
    }
    let mut message = vec![0u8; MediaMessage::encoded_len(1, 4)];
    MediaMessage::encode_into(&[descriptor], b"look", &mut message).unwrap();
    let envelope = message_key
        .seal_in_place_with_nonce(&nonce, b"", &mut message)
        .unwrap();
    let context = Context::new(b"alice", b"bob", SENT, b"m-1").unwrap();
    let stamp = keyring.stamp(envelope.franking_tag(), &context).unwrap();

    // Recipient.
    let opened = message_key
        .open_in_place(&envelope, b"", &mut message)
        .unwrap();
    let evidence =
        AttachmentEvidence::from_message(&message_key, envelope.nonce(), opened.message(), 0)
            .unwrap();
    let mut plaintext = sealed.ciphertext.clone();
    let mut opener = AttachmentOpener::new(evidence.key(), *evidence.descriptor());
    for chunk in plaintext.chunks_mut(CHUNK_SIZE) {
        opener.open_next(chunk, &mut &sealed.tree[..]).unwrap();
    }
    opener.finish().unwrap();
    assert_eq!(plaintext, video);
    let report = opened.report(&context, &stamp);
    let mut message_report = vec![0u8; report.encoded_len()];
    report.encode_into(&mut message_report).unwrap();
    let stored = Stored {
        message_report,
        evidence: evidence.to_bytes().to_vec(),
        plaintext,
        tree: sealed.tree,
    };
    // The ratchet deletes the message key; the blob expires.
    drop(message_key);
    drop(sealed.ciphertext);
    stored
}

/// The report the writer builds, through its allocation-free interface.
fn write(mut writer: MediaReportWriter<'_>, message_report: &[u8], plaintext: &[u8]) -> Vec<u8> {
    let mr = Report::decode(message_report).unwrap();
    let mut out = vec![0u8; writer.head_len(&mr)];
    assert_eq!(writer.write_head(&mr, &mut out).unwrap(), out.len());
    let mut record = vec![0u8; 32 + CHUNK_SIZE];
    while let Some((i, len)) = writer.next_chunk() {
        let start = i as usize * CHUNK_SIZE;
        let n = writer
            .write_chunk(&plaintext[start..start + len], &mut record)
            .unwrap();
        out.extend_from_slice(&record[..n]);
    }
    assert_eq!(out.len() as u64, writer.report_len(&mr));
    out
}

fn keyring(rng: &mut TestRng) -> Keyring {
    Keyring::new(
        PlatformKey::generate(KeyId::new(5), KeyInterval::starting_at(0), rng).unwrap(),
        MAX_AGE,
    )
}

#[test]
fn a_range_report_built_30_days_after_the_key_was_dropped_verifies() {
    for wrapped in [false, true] {
        let mut rng = TestRng(90 + u64::from(wrapped));
        let keyring = keyring(&mut rng);
        let stored = receive_and_store(&mut rng, &keyring, wrapped);

        // 30 days later, from storage only.
        let now = SENT + 30 * DAY;
        let evidence = AttachmentEvidence::from_bytes(&stored.evidence).unwrap();
        let mut tree = &stored.tree[..];
        let range = MediaReportWriter::range(&evidence, 2, 2, &mut tree).unwrap();
        let report = write(range, &stored.message_report, &stored.plaintext);
        let v = verify_media_report(&keyring, now, &report).unwrap();
        assert_eq!((v.first_chunk(), v.chunk_count()), (2, 2));
        assert_eq!(
            v.chunk(0).unwrap(),
            &stored.plaintext[2 * CHUNK_SIZE..3 * CHUNK_SIZE]
        );

        let whole = MediaReportWriter::whole(&evidence).unwrap();
        let report = write(whole, &stored.message_report, &stored.plaintext);
        let v = verify_media_report(&keyring, now, &report).unwrap();
        assert!(v.is_whole());

        // Bytes 100_000 .. 200_000 lie in chunks 1 to 3.
        let covering = MediaReportWriter::covering(&evidence, 100_000, 100_000, &mut tree).unwrap();
        assert_eq!((covering.first_chunk(), covering.chunk_count()), (1, 3));
        assert_eq!(covering.byte_offset(), CHUNK_SIZE as u64);
        assert_eq!(covering.byte_len(), 3 * CHUNK_SIZE as u64);
        let tail =
            MediaReportWriter::covering(&evidence, 4 * CHUNK_SIZE as u64, 1, &mut tree).unwrap();
        assert_eq!(
            (tail.byte_offset(), tail.byte_len()),
            (4 * CHUNK_SIZE as u64, 1234)
        );
        let report = write(covering, &stored.message_report, &stored.plaintext);
        let v = verify_media_report(&keyring, now, &report).unwrap();
        assert_eq!(v.byte_offset(), CHUNK_SIZE as u64);
        assert_eq!(v.byte_len(), 3 * CHUNK_SIZE as u64);

        // After max_age the evidence may go: the report is Expired.
        assert!(matches!(
            verify_media_report(&keyring, SENT + MAX_AGE + DAY, &report),
            Err(Error::Expired { .. })
        ));
    }
}

#[test]
fn the_writer_gives_the_bytes_of_section_14_6() {
    // Against the hand-assembled report of the media tests' helper.
    let mut rng = TestRng(92);
    let key_bytes = rng.array_bytes();
    let video = bytes(&mut rng, 3 * CHUNK_SIZE + 7);
    let sealed = seal(key_bytes, &video);
    let delivered = deliver(&mut rng, &[sealed.descriptor], b"x");
    let evidence =
        AttachmentEvidence::new(AttachmentKey::from_bytes(key_bytes), 0, sealed.descriptor);
    for (first, count) in [(0, 4), (0, 1), (1, 2), (3, 1)] {
        let writer =
            MediaReportWriter::range(&evidence, first, count, &mut &sealed.tree[..]).unwrap();
        assert_eq!(
            write(writer, &delivered.message_report, &video),
            media_report(
                &delivered.message_report,
                0,
                key_bytes,
                &sealed,
                &video,
                first,
                count
            ),
            "range {first}+{count}"
        );
    }
    #[cfg(feature = "alloc")]
    {
        let mr = Report::decode(&delivered.message_report).unwrap();
        let writer = MediaReportWriter::range(&evidence, 1, 2, &mut &sealed.tree[..]).unwrap();
        assert_eq!(
            writer.to_vec(&mr, &video).unwrap(),
            media_report(
                &delivered.message_report,
                0,
                key_bytes,
                &sealed,
                &video,
                1,
                2
            )
        );
        let writer = MediaReportWriter::whole(&evidence).unwrap();
        assert!(matches!(
            writer.to_vec(&mr, &video[1..]),
            Err(Error::Malformed { .. })
        ));
    }
}

#[test]
fn the_writer_refuses_evidence_of_another_message_and_bad_chunks() {
    let mut rng = TestRng(93);
    let key_bytes = rng.array_bytes();
    let video = bytes(&mut rng, CHUNK_SIZE + 9);
    let sealed = seal(key_bytes, &video);
    let other = seal(rng.array_bytes(), &video);
    let delivered = deliver(&mut rng, &[other.descriptor], b"x");
    let mr = Report::decode(&delivered.message_report).unwrap();
    let evidence =
        AttachmentEvidence::new(AttachmentKey::from_bytes(key_bytes), 0, sealed.descriptor);
    let mut writer = MediaReportWriter::whole(&evidence).unwrap();
    let mut head = vec![0u8; writer.head_len(&mr)];
    assert!(matches!(
        writer.write_head(&mr, &mut head),
        Err(Error::Malformed {
            field: "attachment evidence",
            ..
        })
    ));
    // Another index than the evidence's is refused too.
    let evidence_1 =
        AttachmentEvidence::new(AttachmentKey::from_bytes(key_bytes), 1, sealed.descriptor);
    let delivered = deliver(&mut rng, &[sealed.descriptor], b"x");
    let mr = Report::decode(&delivered.message_report).unwrap();
    assert!(
        MediaReportWriter::whole(&evidence_1)
            .unwrap()
            .write_head(&mr, &mut head)
            .is_err()
    );
    assert!(
        MediaReportWriter::whole(&evidence)
            .unwrap()
            .write_head(&mr, &mut head)
            .is_ok()
    );
    assert!(matches!(
        MediaReportWriter::whole(&evidence)
            .unwrap()
            .write_head(&mr, &mut head[..10]),
        Err(Error::BufferTooSmall { .. })
    ));

    let mut record = vec![0u8; 32 + CHUNK_SIZE];
    assert!(matches!(
        writer.write_chunk(&video[..10], &mut record),
        Err(Error::Malformed {
            field: "chunk length",
            ..
        })
    ));
    assert!(matches!(
        writer.write_chunk(&video[..CHUNK_SIZE], &mut record[..100]),
        Err(Error::BufferTooSmall { needed }) if needed == 32 + CHUNK_SIZE
    ));
    writer
        .write_chunk(&video[..CHUNK_SIZE], &mut record)
        .unwrap();
    writer
        .write_chunk(&video[CHUNK_SIZE..], &mut record)
        .unwrap();
    assert_eq!(writer.next_chunk(), None);
    assert!(matches!(
        writer.write_chunk(&video[CHUNK_SIZE..], &mut record),
        Err(Error::Malformed {
            field: "extra chunk",
            ..
        })
    ));
    let mut tree = &sealed.tree[..];
    for (offset, len) in [
        (0, 0),
        (0, video.len() as u64 + 1),
        (video.len() as u64, 1),
        (u64::MAX, 2),
    ] {
        assert!(
            matches!(
                MediaReportWriter::covering(&evidence, offset, len, &mut tree),
                Err(Error::Malformed {
                    field: "byte range",
                    ..
                })
            ),
            "{offset}+{len}"
        );
    }
    let last_byte =
        MediaReportWriter::covering(&evidence, video.len() as u64 - 1, 1, &mut tree).unwrap();
    assert_eq!((last_byte.first_chunk(), last_byte.chunk_count()), (1, 1));
}

#[test]
fn a_tree_not_kept_is_rebuilt_from_the_evidence_and_the_plaintext() {
    let mut rng = TestRng(97);
    let keyring = keyring(&mut rng);
    let stored = receive_and_store(&mut rng, &keyring, true);
    let evidence = AttachmentEvidence::from_bytes(&stored.evidence).unwrap();
    let rebuild = |plaintext: &[u8]| {
        let mut rebuilder = evidence.rebuild_tree();
        let mut tree = Vec::new();
        while let Some((i, len)) = rebuilder.next_chunk() {
            let start = i as usize * CHUNK_SIZE;
            tree.extend_from_slice(
                rebuilder
                    .push_chunk(&plaintext[start..start + len])
                    .unwrap(),
            );
        }
        (tree, rebuilder.finish())
    };
    let (tree, result) = rebuild(&stored.plaintext);
    result.unwrap();
    assert_eq!(tree, stored.tree);
    let mut other = stored.plaintext.clone();
    other[3 * CHUNK_SIZE + 5] ^= 1;
    assert_eq!(rebuild(&other).1, Err(Error::Invalid));
    let mut rebuilder = evidence.rebuild_tree();
    assert!(rebuilder.push_chunk(&stored.plaintext[..10]).is_err());
    rebuilder
        .push_chunk(&stored.plaintext[..CHUNK_SIZE])
        .unwrap();
    assert!(matches!(rebuilder.finish(), Err(Error::Malformed { .. })));
}

#[test]
fn evidence_round_trips_and_refuses_bad_bytes() {
    let mut rng = TestRng(94);
    let sealed = seal(rng.array_bytes(), &bytes(&mut rng, 10));
    for suite in SUITES {
        let key = AttachmentKey::with_suite(suite, rng.array_bytes());
        let e = AttachmentEvidence::new(key.clone(), 513, sealed.descriptor);
        let stored = e.to_bytes();
        assert_eq!(stored.len(), AttachmentEvidence::ENCODED_LEN);
        assert_eq!(AttachmentEvidence::ENCODED_LEN, 123);
        let back = AttachmentEvidence::from_bytes(&stored[..]).unwrap();
        assert_eq!(back.key(), &key);
        assert_eq!(back.key().suite(), suite);
        assert_eq!(back.attachment(), 513);
        assert_eq!(back.descriptor(), &sealed.descriptor);
        assert!(format!("{e:?}").contains("redacted"));
        assert!(AttachmentEvidence::from_bytes(&stored[1..]).is_err());
        let mut bad = stored.to_vec();
        bad[0] = 0;
        assert!(AttachmentEvidence::from_bytes(&bad).is_err());
    }
}

#[test]
fn a_head_is_read_from_a_stream_by_bytes_needed() {
    let mut rng = TestRng(95);
    let key_bytes = rng.array_bytes();
    let video = bytes(&mut rng, 5 * CHUNK_SIZE);
    let sealed = seal(key_bytes, &video);
    let delivered = deliver(&mut rng, &[sealed.descriptor], b"x");
    for (first, count) in [(2, 1), (0, 5)] {
        let report = media_report(
            &delivered.message_report,
            0,
            key_bytes,
            &sealed,
            &video,
            first,
            count,
        );
        let (_, head_len) = MediaReportHead::decode_prefix(&report).unwrap();
        let mut have = 0;
        let mut steps = 0;
        loop {
            let needed = MediaReportHead::bytes_needed(&report[..have]).unwrap();
            if needed <= have {
                break;
            }
            have = needed;
            steps += 1;
        }
        assert_eq!(have, head_len);
        assert!(steps <= 3);
        let mut wrong = report.clone();
        wrong[3] ^= 1;
        assert!(MediaReportHead::bytes_needed(&wrong[..20]).is_err());
        let p = (head_len - 20 - delivered.message_report.len() - 19) / 32;
        let mut too_many = report[..head_len].to_vec();
        too_many[head_len - 32 * p - 1] = 65;
        assert!(MediaReportHead::bytes_needed(&too_many).is_err());
    }
}

#[test]
fn a_plain_report_of_a_message_that_does_not_decode_as_media_verifies() {
    // SPEC.md 14.4: section 6 does not parse M; the media decoder refuses it,
    // and so does every media path.
    let mut rng = TestRng(96);
    let mut message = MEDIA_MESSAGE_LABEL.to_vec();
    message.extend_from_slice(&[0, 2, 1, 2, 3]);
    let delivered = deliver_raw(&mut rng, &message);
    let report = Report::decode(&delivered.message_report).unwrap();
    let verified = verify(&delivered.keyring, NOW, &report).unwrap();
    assert!(matches!(
        MediaMessage::decode(verified.message()),
        Err(Error::Malformed { .. })
    ));
}

/// [`deliver`] for arbitrary message bytes.
fn deliver_raw(rng: &mut TestRng, message: &[u8]) -> Delivered {
    let keyring = Keyring::new(
        PlatformKey::generate(KeyId::new(7), KeyInterval::starting_at(0), rng).unwrap(),
        DAY,
    );
    let key = MessageKey::generate(rng);
    let mut message = message.to_vec();
    let envelope = key.seal_in_place_with_rng(rng, b"", &mut message).unwrap();
    let context = Context::new(b"alice", b"bob", 1_700_000_000, b"m").unwrap();
    let stamp = keyring.stamp(envelope.franking_tag(), &context).unwrap();
    let opened = key.open_in_place(&envelope, b"", &mut message).unwrap();
    let report = opened.report(&context, &stamp);
    let mut wire = vec![0u8; report.encoded_len()];
    report.encode_into(&mut wire).unwrap();
    Delivered {
        keyring,
        message_report: wire,
    }
}
