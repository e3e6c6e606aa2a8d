//! The full flow of every role through the facade, as a foreign caller sees
//! it: owned bytes in, owned bytes and records out, one error type.

use franking_facade::*;

const NOW: u64 = 1_760_000_000;
const DAY: u64 = 86_400;

fn ctx(sender: &str, recipient: &str, id: &str) -> DeliveryContext {
    DeliveryContext {
        sender: sender.into(),
        recipient: recipient.into(),
        timestamp: NOW,
        message_id: id.into(),
        conversation: Vec::new(),
        seq: 0,
    }
}

fn in_room(mut c: DeliveryContext, room: &str, seq: u64) -> DeliveryContext {
    c.conversation = room.into();
    c.seq = seq;
    c
}

fn platform() -> std::sync::Arc<Keyring> {
    Keyring::generate(1, NOW - DAY, 30 * DAY).unwrap()
}

/// Seals, stamps, opens and reports `text`; returns the report.
fn report_of(
    ring: &Keyring,
    suite: Suite,
    text: &str,
    context: DeliveryContext,
) -> (Vec<u8>, OpenedMessage) {
    let key = generate_message_key();
    let sealed = seal(suite, key.clone(), b"hdr".to_vec(), text.into()).unwrap();
    let stamp = ring
        .stamp(sealed.franking_tag.clone(), context.clone())
        .unwrap();
    let opened = open(
        suite,
        key,
        sealed.envelope,
        b"hdr".to_vec(),
        sealed.ciphertext,
    )
    .unwrap();
    (
        build_report(opened.clone(), context, stamp).unwrap(),
        opened,
    )
}

#[test]
fn every_role_in_both_suites_and_tampering_is_invalid() {
    let ring = platform();
    for suite in [Suite::XChaCha20, Suite::Aes256] {
        let key = generate_message_key();
        let sealed = seal(suite, key.clone(), b"hdr".to_vec(), b"hello bob".to_vec()).unwrap();
        assert_eq!(sealed.envelope.len(), 88);
        assert_ne!(sealed.ciphertext, b"hello bob");
        let context = ctx("alice", "bob", "m1");
        let stamp = ring
            .stamp_envelope(sealed.envelope.clone(), context.clone())
            .unwrap();
        assert_eq!(
            stamp,
            ring.stamp(sealed.franking_tag.clone(), context.clone())
                .unwrap()
        );
        let opened = open(
            suite,
            key.clone(),
            sealed.envelope.clone(),
            b"hdr".to_vec(),
            sealed.ciphertext.clone(),
        )
        .unwrap();
        assert_eq!(opened.message, b"hello bob");
        let report = build_report(opened, context.clone(), stamp.clone()).unwrap();
        let verified = ring.verify(NOW + 60, report.clone()).unwrap();
        assert_eq!(verified.context, context);
        assert_eq!(verified.message, b"hello bob");
        assert_eq!(verified.header, b"hdr");
        assert_eq!(verified.key_id, 1);
        assert_eq!(verified.stamp, stamp);

        // A flipped ciphertext byte: nothing released.
        let mut bad = sealed.ciphertext.clone();
        bad[0] ^= 1;
        let err = open(
            suite,
            key.clone(),
            sealed.envelope.clone(),
            b"hdr".to_vec(),
            bad,
        );
        assert_eq!(err.unwrap_err().kind(), ErrorKind::Invalid);
        // The other suite's key schedule: Invalid.
        let other = match suite {
            Suite::XChaCha20 => Suite::Aes256,
            Suite::Aes256 => Suite::XChaCha20,
        };
        let err = open(
            other,
            key,
            sealed.envelope,
            b"hdr".to_vec(),
            sealed.ciphertext,
        );
        assert_eq!(err.unwrap_err().kind(), ErrorKind::Invalid);
        // An edited report, an expired one, one from the future.
        let mut forged = report.clone();
        let last = forged.len() - 1;
        forged[last] ^= 1;
        assert_eq!(
            ring.verify(NOW, forged).unwrap_err().kind(),
            ErrorKind::Invalid
        );
        let late = ring.verify(NOW + 31 * DAY, report.clone()).unwrap_err();
        assert_eq!(late.kind(), ErrorKind::Expired);
        assert!(late.message().contains("older"), "{late}");
        let early = ring.verify(NOW - 3_600, report).unwrap_err();
        assert_eq!(early.kind(), ErrorKind::FromFuture);
    }
}

#[test]
fn layer_mode_commits_and_reports() {
    let ring = platform();
    let c = commit(b"mls".to_vec(), b"layered".to_vec()).unwrap();
    let context = ctx("alice", "bob", "m2");
    let stamp = ring.stamp(c.franking_tag.clone(), context.clone()).unwrap();
    let opened = verify_commitment(
        b"mls".to_vec(),
        b"layered".to_vec(),
        c.opening.clone(),
        c.franking_tag.clone(),
    )
    .unwrap();
    let report = build_report(opened, context, stamp).unwrap();
    assert_eq!(ring.verify(NOW, report).unwrap().message, b"layered");
    let wrong = verify_commitment(
        b"mls".to_vec(),
        b"edited!".to_vec(),
        c.opening,
        c.franking_tag,
    );
    assert_eq!(wrong.unwrap_err().kind(), ErrorKind::Invalid);
}

#[test]
fn receipts_are_checked_and_report() {
    let ring = platform();
    let key = generate_message_key();
    let sealed = seal(Suite::XChaCha20, key.clone(), vec![], b"hi".to_vec()).unwrap();
    let context = ctx("alice", "bob", "m3");
    let receipt = ring
        .stamp_receipt(sealed.franking_tag.clone(), context.clone())
        .unwrap();
    let info = decode_receipt(receipt.clone()).unwrap();
    assert_eq!(info.context, context);
    assert_eq!(info.franking_tag, sealed.franking_tag);
    let expected = ExpectedDelivery {
        sender: b"alice".to_vec(),
        recipient: b"bob".to_vec(),
        conversation: vec![],
    };
    check_receipt(
        receipt.clone(),
        sealed.franking_tag.clone(),
        expected.clone(),
    )
    .unwrap();
    let mallory = ExpectedDelivery {
        sender: b"mallory".to_vec(),
        ..expected.clone()
    };
    let err = check_receipt(receipt.clone(), sealed.franking_tag.clone(), mallory).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::ReceiptMismatch);
    let opened = open(
        Suite::XChaCha20,
        key,
        sealed.envelope,
        vec![],
        sealed.ciphertext,
    )
    .unwrap();
    let report = build_report_from_receipt(opened, receipt, expected).unwrap();
    assert_eq!(ring.verify(NOW, report).unwrap().context, context);
}

#[test]
fn batch_stamps_equal_single_stamps() {
    let ring = platform();
    let c = commit(vec![], b"to the room".to_vec()).unwrap();
    let context = in_room(ctx("alice", "room", "m4"), "room", 7);
    let members: Vec<Vec<u8>> = vec![b"bob".to_vec(), b"carol".to_vec(), b"dave".to_vec()];
    let stamps = ring
        .stamp_batch(c.franking_tag.clone(), context.clone(), members.clone())
        .unwrap();
    for (member, stamp) in members.iter().zip(&stamps) {
        let mut single = context.clone();
        single.recipient = member.clone();
        assert_eq!(stamp, &ring.stamp(c.franking_tag.clone(), single).unwrap());
    }
}

#[test]
fn keyring_rotates_exports_loads_syncs_and_prunes() {
    let relay = platform();
    let (report, _) = report_of(&relay, Suite::Aes256, "old key", ctx("a", "b", "k1"));
    relay.rotate_generate(2, NOW + 10).unwrap();
    assert_eq!(relay.current(), Some(2));
    let keys = relay.keys();
    assert_eq!(keys.len(), 2);
    assert_eq!(
        (keys[0].key_id, keys[0].not_after, keys[0].is_open),
        (1, NOW + 10, false)
    );
    assert!(keys[1].is_open);
    let err = relay.retire(2).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::RetiringCurrentKey);
    assert_eq!(
        relay.rotate_generate(2, NOW + 20).unwrap_err().kind(),
        ErrorKind::DuplicateKeyId
    );

    // Export for a KMS; a second relay loads them and stamps with key 2.
    let records = relay.export_records();
    assert_eq!(records.len(), 2);
    assert_eq!(key_record_info(records[0].clone()).unwrap().key_id, 1);
    let loaded = Keyring::load(records.clone(), 30 * DAY, None).unwrap();
    assert_eq!(loaded.current(), Some(2));
    assert_eq!(
        loaded.verify(NOW, report.clone()).unwrap().message,
        b"old key"
    );

    // The moderation service: verify-only, synced from the records.
    let moderation = Keyring::verify_only(30 * DAY, Some(60));
    assert!(moderation.is_verify_only());
    assert_eq!(
        moderation.verify(NOW, report.clone()).unwrap_err().kind(),
        ErrorKind::UnknownKey
    );
    let synced = moderation.sync(records.clone()).unwrap();
    assert_eq!((synced.added, synced.closed, synced.retired), (2, 0, 0));
    assert_eq!(moderation.sync(records).unwrap(), SyncReport::default());
    assert_eq!(
        moderation.verify(NOW, report.clone()).unwrap().message,
        b"old key"
    );
    let err = moderation
        .stamp(vec![0; 32], ctx("a", "b", "x"))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::VerifyOnly);

    // Prune: key 1 retired once its stamps are all expired.
    assert_eq!(relay.retire_expired(NOW + 60 * DAY), 1);
    assert_eq!(relay.keys().len(), 1);
    let moderation_after = moderation.sync(relay.export_records()).unwrap();
    assert_eq!(moderation_after.retired, 1);
    assert_eq!(
        moderation.verify(NOW, report).unwrap_err().kind(),
        ErrorKind::UnknownKey
    );

    // A KMS-made record as the next key.
    let kms = Keyring::generate(3, NOW + 100, DAY)
        .unwrap()
        .export_records();
    relay.rotate_to_record(kms[0].clone()).unwrap();
    assert_eq!(relay.current(), Some(3));
    let load_err = Keyring::load(vec![vec![0; 10]], DAY, None).unwrap_err();
    assert_eq!(load_err.kind(), ErrorKind::Malformed);
}

#[test]
fn conversation_reports_show_order_and_gaps() {
    let ring = platform();
    let mut entries = Vec::new();
    let mut stamps = Vec::new();
    for seq in [1u64, 2, 5] {
        let context = in_room(ctx("alice", "bob", &format!("c{seq}")), "chat", seq);
        let (report, _) = report_of(&ring, Suite::XChaCha20, &format!("msg {seq}"), context);
        stamps.push((franking_facade_stamp_of(&ring, &report), false));
        entries.push(ConversationEntry::Message { report });
    }
    // Message 6 shown by its stamp only.
    let c = commit(vec![], b"unshown".to_vec()).unwrap();
    let context = in_room(ctx("bob", "alice", "c6"), "chat", 6);
    let receipt = ring.stamp_receipt(c.franking_tag, context).unwrap();
    stamps.push((decode_receipt(receipt.clone()).unwrap().stamp, true));
    entries.push(ConversationEntry::StampOnly { receipt });
    let report = build_conversation_report(entries).unwrap();
    let verdict = ring.verify_conversation(NOW, report.clone()).unwrap();
    assert_eq!(verdict.conversation, b"chat");
    assert_eq!(verdict.entries.len(), 4);
    assert_eq!(verdict.entries[2].message, b"msg 5");
    assert!(verdict.entries[3].stamp_only && verdict.entries[3].message.is_empty());
    assert_eq!(
        verdict.gaps,
        vec![Gap {
            after: 2,
            before: 5,
            missing: 2
        }]
    );
    assert_eq!(verdict.missing, 2);
    assert!(!verdict.is_contiguous && !verdict.is_complete);
    let id = report_id_for_conversation(
        stamps.iter().map(|s| s.0.clone()).collect(),
        stamps.iter().map(|s| s.1).collect(),
        b"alice".to_vec(),
    )
    .unwrap();
    assert_eq!(id.len(), 32);
    let mut forged = report;
    let at = forged.len() / 2;
    forged[at] ^= 1;
    assert!(ring.verify_conversation(NOW, forged).is_err());
}

/// The stamp of a verified report.
fn franking_facade_stamp_of(ring: &Keyring, report: &[u8]) -> Vec<u8> {
    ring.verify(NOW, report.to_vec()).unwrap().stamp
}

/// An attachment of `len` bytes sealed chunk by chunk; the message that
/// carries it sealed, stamped and opened; returns everything the recipient keeps.
struct Media {
    plaintext: Vec<u8>,
    ciphertext: Vec<Vec<u8>>,
    tree: Vec<u8>,
    evidence: Vec<u8>,
    message_report: Vec<u8>,
}

fn media(ring: &Keyring, suite: Suite, len: usize) -> Media {
    let key = generate_message_key();
    let nonce = generate_nonce();
    let plaintext: Vec<u8> = (0..len).map(|i| (i * 7 % 251) as u8).collect();
    let sealer = MediaSealer::new(suite, key.clone(), nonce.clone(), 0).unwrap();
    let size = media_chunk_size() as usize;
    let mut ciphertext = Vec::new();
    let mut tree = Vec::new();
    let chunks: Vec<&[u8]> = if len == 0 {
        vec![&[][..]]
    } else {
        plaintext.chunks(size).collect()
    };
    for (i, chunk) in chunks.iter().enumerate() {
        let sealed = sealer
            .push_chunk(chunk.to_vec(), i + 1 == chunks.len())
            .unwrap();
        tree.extend_from_slice(&sealed.tree_records);
        ciphertext.push(sealed.ciphertext);
    }
    let descriptor = sealer.descriptor().unwrap();
    let body = encode_media_message(vec![descriptor.clone()], b"look".to_vec()).unwrap();
    let sealed = seal_with_nonce(suite, key.clone(), nonce.clone(), vec![], body).unwrap();
    let context = ctx("alice", "bob", "media-1");
    let stamp = ring
        .stamp(sealed.franking_tag.clone(), context.clone())
        .unwrap();
    let opened = open(
        suite,
        key.clone(),
        sealed.envelope,
        vec![],
        sealed.ciphertext,
    )
    .unwrap();
    let decoded = decode_media_message(opened.message.clone()).unwrap();
    assert_eq!(decoded.body, b"look");
    assert_eq!(decoded.descriptors, vec![descriptor.clone()]);
    let evidence = attachment_evidence(suite, key, nonce, opened.message.clone(), 0).unwrap();
    assert_eq!(
        attachment_evidence_descriptor(evidence.clone()).unwrap(),
        descriptor
    );
    let message_report = build_report(opened, context, stamp).unwrap();
    Media {
        plaintext,
        ciphertext,
        tree,
        evidence,
        message_report,
    }
}

#[test]
fn media_seals_opens_and_reports_chunk_at_a_time() {
    let ring = platform();
    let size = media_chunk_size() as usize;
    for suite in [Suite::XChaCha20, Suite::Aes256] {
        let m = media(&ring, suite, 3 * size + 5);
        let opener = MediaOpener::new(m.evidence.clone(), m.tree.clone()).unwrap();
        let mut opened = Vec::new();
        for chunk in &m.ciphertext {
            assert_eq!(opener.next_chunk_len(), Some(chunk.len() as u32));
            opened.extend(opener.open_chunk(chunk.clone()).unwrap());
        }
        assert_eq!(opener.next_chunk_len(), None);
        assert!(opener.is_complete());
        opener.finish().unwrap();
        assert_eq!(opened, m.plaintext);

        // A tampered chunk fails, and the opener stays failed.
        let opener = MediaOpener::new(m.evidence.clone(), m.tree.clone()).unwrap();
        let mut bad = m.ciphertext[0].clone();
        bad[3] ^= 1;
        assert_eq!(
            opener.open_chunk(bad).unwrap_err().kind(),
            ErrorKind::Invalid
        );
        assert_eq!(
            opener
                .open_chunk(m.ciphertext[0].clone())
                .unwrap_err()
                .kind(),
            ErrorKind::Invalid
        );
        let partial = MediaOpener::new(m.evidence.clone(), m.tree.clone()).unwrap();
        partial.open_chunk(m.ciphertext[0].clone()).unwrap();
        assert_eq!(partial.finish().unwrap_err().kind(), ErrorKind::Malformed);

        // Whole report, chunk at a time.
        let builder =
            MediaReportBuilder::whole(m.evidence.clone(), m.message_report.clone()).unwrap();
        let mut report = builder.head();
        for chunk in m.plaintext.chunks(size) {
            assert!(builder.next_chunk_index().is_some());
            report.extend(builder.push_chunk(chunk.to_vec()).unwrap());
        }
        assert_eq!(builder.next_chunk_index(), None);
        assert_eq!(
            builder.push_chunk(vec![1]).unwrap_err().kind(),
            ErrorKind::Malformed
        );
        let verified = ring.verify_media_report(NOW, report.clone()).unwrap();
        assert!(verified.is_whole);
        assert_eq!(verified.plaintext, m.plaintext);
        assert_eq!(
            decode_media_message(verified.report.message.clone())
                .unwrap()
                .body,
            b"look"
        );
        let mut forged = report;
        let last = forged.len() - 1;
        forged[last] ^= 1;
        assert_eq!(
            ring.verify_media_report(NOW, forged).unwrap_err().kind(),
            ErrorKind::Invalid
        );

        // A range: chunks 1..3, its proof from the tree.
        let builder = MediaReportBuilder::range(
            m.evidence.clone(),
            m.message_report.clone(),
            1,
            2,
            m.tree.clone(),
        )
        .unwrap();
        let mut report = builder.head();
        while let Some(i) = builder.next_chunk_index() {
            let i = i as usize;
            report.extend(
                builder
                    .push_chunk(m.plaintext[i * size..(i + 1) * size].to_vec())
                    .unwrap(),
            );
        }
        let verified = ring.verify_media_report(NOW, report).unwrap();
        assert!(!verified.is_whole);
        assert_eq!((verified.first_chunk, verified.chunk_count), (1, 2));
        assert_eq!(verified.plaintext, m.plaintext[size..3 * size]);
        let id = report_id_for_range(verified.report.stamp, 0, 1, 2, b"bob".to_vec()).unwrap();
        assert_eq!(id.len(), 32);

        // Covering bytes: the chunks around them.
        let builder = MediaReportBuilder::covering(
            m.evidence.clone(),
            m.message_report.clone(),
            3 * size as u64,
            5,
            m.tree.clone(),
        )
        .unwrap();
        assert_eq!((builder.first_chunk(), builder.chunk_count()), (3, 1));
    }
}

#[test]
fn media_of_zero_and_one_chunk() {
    let ring = platform();
    for len in [0usize, 1, 65_536] {
        let m = media(&ring, Suite::XChaCha20, len);
        let opener = MediaOpener::new(m.evidence.clone(), m.tree.clone()).unwrap();
        let mut opened = Vec::new();
        for chunk in &m.ciphertext {
            opened.extend(opener.open_chunk(chunk.clone()).unwrap());
        }
        opener.finish().unwrap();
        assert_eq!(opened, m.plaintext, "{len}");
    }
}

#[test]
fn submissions_verify_every_entry_kind() {
    let ring = platform();
    let (message, _) = report_of(
        &ring,
        Suite::XChaCha20,
        "threat",
        ctx("mallory", "bob", "s1"),
    );
    let room_msg = in_room(ctx("mallory", "room", "s2"), "room", 4);
    let (in_room_report, _) = report_of(&ring, Suite::XChaCha20, "in the room", room_msg);
    let conversation = build_conversation_report(vec![ConversationEntry::Message {
        report: in_room_report,
    }])
    .unwrap();
    let m = media(&ring, Suite::XChaCha20, 10);
    let builder = MediaReportBuilder::whole(m.evidence.clone(), m.message_report.clone()).unwrap();
    let mut attachment = builder.head();
    attachment.extend(builder.push_chunk(m.plaintext.clone()).unwrap());
    let entries = vec![
        SubmissionEntry {
            kind: SubmissionEntryKind::Message,
            report: message,
        },
        SubmissionEntry {
            kind: SubmissionEntryKind::Conversation,
            report: conversation,
        },
        SubmissionEntry {
            kind: SubmissionEntryKind::Attachment,
            report: attachment,
        },
    ];
    let submission = build_submission(3, b"bob".to_vec(), "please look".into(), entries).unwrap();
    let members = vec![RoomMembership {
        room: b"room".to_vec(),
        account: b"bob".to_vec(),
        first_seq: 1,
        last_seq: 10,
    }];
    let verdict = ring
        .verify_submission(NOW, submission.clone(), b"bob".to_vec(), members.clone())
        .unwrap();
    assert_eq!(verdict.reporter, b"bob");
    assert_eq!(verdict.claimed_reporter, b"bob");
    assert_eq!(verdict.note, "please look");
    assert_eq!(verdict.reason, 3);
    assert_eq!(verdict.reason_name, reason_name(3));
    let kinds: Vec<_> = verdict.entries.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        [
            SubmissionEntryKind::Message,
            SubmissionEntryKind::Conversation,
            SubmissionEntryKind::Attachment
        ]
    );
    assert_eq!(
        verdict.entries[0].message.as_ref().unwrap().message,
        b"threat"
    );
    assert_eq!(
        verdict.entries[1]
            .conversation
            .as_ref()
            .unwrap()
            .entries
            .len(),
        1
    );
    assert_eq!(
        verdict.entries[2].attachment.as_ref().unwrap().plaintext,
        m.plaintext
    );
    let addressees: Vec<_> = verdict
        .messages
        .iter()
        .map(|m| (m.entry, m.addressee))
        .collect();
    assert_eq!(
        addressees,
        [
            (0, Addressee::Direct),
            (1, Addressee::Room),
            (2, Addressee::Direct)
        ]
    );

    // Without the membership, the room message is not addressed to bob.
    let err = ring
        .verify_submission(NOW, submission.clone(), b"bob".to_vec(), vec![])
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotAddressed);
    assert!(err.message().starts_with("entry 1 message 0"), "{err}");
    let err = ring
        .verify_submission(NOW, submission, b"carol".to_vec(), members)
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::ReporterMismatch);
}

#[test]
fn arguments_of_the_wrong_length_are_bad_length() {
    let short = seal(Suite::XChaCha20, vec![0; 31], vec![], vec![]).unwrap_err();
    assert_eq!(short.kind(), ErrorKind::BadLength);
    assert_eq!(short.message(), "message key must be 32 bytes, got 31");
    let ring = platform();
    let err = ring.stamp(vec![0; 33], ctx("a", "b", "c")).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::BadLength);
    let err = seal_with_nonce(Suite::Aes256, vec![0; 32], vec![0; 23], vec![], vec![]).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::BadLength);
    let err = open(Suite::Aes256, vec![0; 32], vec![0; 87], vec![], vec![]).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Malformed);
    // Every kind has a distinct name and round-trips through new().
    for kind in ErrorKind::ALL {
        assert_eq!(FrankingError::new(kind, "m").kind(), kind);
    }
    let names: std::collections::BTreeSet<_> = ErrorKind::ALL.iter().map(|k| k.name()).collect();
    assert_eq!(names.len(), ErrorKind::ALL.len());
}
