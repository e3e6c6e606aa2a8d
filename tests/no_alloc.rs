//! Property: no operation of the crate touches the heap. Sealing, opening (also
//! when it fails), committing, checking a commitment, stamping, encoding and
//! decoding a report or a receipt, building a report from a receipt, verifying
//! and computing a report id make zero heap allocations, reallocations
//! or frees, for messages from empty to 1 MiB.
//!
//! A counting global allocator (`counting_alloc/`) wraps the system
//! allocator and counts per thread; buffers are allocated before counting
//! starts, and results are checked after it stops. Its self-check
//! `allocator_counts_heap_operations` runs with these tests.

mod counting_alloc;
use counting_alloc::heap_ops;

use franking::{
    Context, Envelope, Error, FrankingTag, KeyId, Keyring, MessageKey, Nonce, Opening, PlatformKey,
    Receipt, Report, Stamp, Suite, commit_with_rng, verify, verify_commitment,
};

#[track_caller]
fn assert_no_heap<R>(what: &str, len: usize, f: impl FnOnce() -> R) -> R {
    let (result, count) = heap_ops(f);
    assert_eq!(
        count, 0,
        "{what} on {len} bytes made {count} heap operation(s)"
    );
    result
}

/// Empty, tiny, around one keystream block, past one internal chunk (8 KiB), 1 MiB.
const SIZES: [usize; 7] = [0, 1, 63, 64, 1000, 8 * 1024 + 1, 1024 * 1024];
const HEADERS: [&[u8]; 2] = [b"", b"conversation 42, epoch 7"];

#[path = "common/split_mix.rs"]
mod split_mix;
use split_mix::SplitMix as TestRng;

fn message(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 31 + 7) as u8).collect()
}

#[test]
fn seal_and_open_do_not_allocate() {
    for suite in [Suite::XChaCha20, Suite::Aes256] {
        seal_and_open_do_not_allocate_in(suite);
    }
}

fn seal_and_open_do_not_allocate_in(suite: Suite) {
    let mut rng = TestRng(1);
    let key = MessageKey::generate_with_suite(suite, &mut rng);
    for header in HEADERS {
        for len in SIZES {
            let plaintext = message(len);
            let mut buffer = plaintext.clone();
            let nonce = Nonce::random(&mut rng);

            let envelope = assert_no_heap("seal_in_place_with_nonce", len, || {
                key.seal_in_place_with_nonce(&nonce, header, &mut buffer)
            })
            .unwrap();
            let ciphertext = buffer.clone();
            let mut scratch = plaintext.clone();
            assert_no_heap("seal_in_place_with_rng", len, || {
                key.seal_in_place_with_rng(&mut rng, header, &mut scratch)
            })
            .unwrap();

            let opened = assert_no_heap("open_in_place", len, || {
                key.open_in_place(&envelope, header, &mut buffer)
                    .map(|m| *m.franking_tag())
            });
            assert_eq!(opened, Ok(*envelope.franking_tag()));
            assert_eq!(buffer, plaintext, "open did not decrypt");

            // The failure path re-encrypts the buffer: still no heap.
            buffer.copy_from_slice(&ciphertext);
            let forged = Envelope::new(
                *envelope.nonce(),
                FrankingTag::from_bytes([0xa5; 32]),
                *envelope.integrity_tag(),
            );
            let result = assert_no_heap("failing open_in_place", len, || {
                key.open_in_place(&forged, header, &mut buffer).map(|_| ())
            });
            assert_eq!(result, Err(Error::Invalid));
            assert_eq!(buffer, ciphertext, "failed open left plaintext behind");

            let wire = assert_no_heap("Envelope::to_bytes", len, || envelope.to_bytes());
            let decoded = assert_no_heap("Envelope::decode", len, || Envelope::decode(&wire));
            assert_eq!(decoded, Ok(envelope));
        }
    }
}

#[test]
fn layer_mode_does_not_allocate() {
    let mut rng = TestRng(3);
    for header in HEADERS {
        for len in SIZES {
            let plaintext = message(len);
            let (opening, tag) = assert_no_heap("commit_with_rng", len, || {
                commit_with_rng(&mut rng, header, &plaintext)
            })
            .unwrap();
            let checked = assert_no_heap("verify_commitment", len, || {
                verify_commitment(header, &plaintext, opening, &tag).map(|m| *m.franking_tag())
            });
            assert_eq!(checked, Ok(tag));
        }
    }
}

#[test]
fn stamp_report_and_verify_do_not_allocate() {
    let mut rng = TestRng(4);
    let key = MessageKey::generate(&mut rng);
    let keyring = Keyring::new(
        PlatformKey::generate(
            KeyId::new(9),
            franking::KeyInterval::starting_at(0),
            &mut rng,
        )
        .unwrap(),
        86_400,
    );
    let sender = [0x11u8; 16];
    let recipient = [0x22u8; 16];
    let message_id = [0x33u8; 16];
    let timestamp = 1_700_000_000;
    for header in HEADERS {
        for len in SIZES {
            let plaintext = message(len);
            let mut buffer = plaintext.clone();
            let envelope = key
                .seal_in_place_with_rng(&mut rng, header, &mut buffer)
                .unwrap();
            let mut wire = vec![0u8; franking::wire::REPORT_FIXED_LEN + 48 + header.len() + len];

            let context = assert_no_heap("Context::new", len, || {
                Context::new(&sender, &recipient, timestamp, &message_id)
            })
            .unwrap();
            let stamp = assert_no_heap("Keyring::stamp", len, || {
                keyring.stamp(envelope.franking_tag(), &context)
            })
            .unwrap();
            let stamp_wire = assert_no_heap("Stamp::to_bytes", len, || stamp.to_bytes());
            assert_eq!(
                assert_no_heap("Stamp::decode", len, || Stamp::decode(&stamp_wire)),
                Ok(stamp)
            );

            let opened = key.open_in_place(&envelope, header, &mut buffer).unwrap();
            let report = assert_no_heap("OpenedMessage::report", len, || {
                opened.report(&context, &stamp)
            });
            let written =
                assert_no_heap("Report::encode_into", len, || report.encode_into(&mut wire));
            assert_eq!(written, Ok(wire.len()));

            let decoded = assert_no_heap("Report::decode", len, || Report::decode(&wire)).unwrap();
            assert_eq!(decoded, report);
            let verified = assert_no_heap("verify", len, || {
                verify(&keyring, timestamp + 60, &decoded).map(|v| (v.message().len(), v.key_id()))
            });
            assert_eq!(verified, Ok((len, KeyId::new(9))));

            // A rejected report is rejected without touching the heap as well:
            // flip a bit of the opening (version 1, stamp 36, franking tag 32).
            wire[1 + 36 + 32] ^= 1;
            let tampered = Report::decode(&wire).unwrap();
            let rejected = assert_no_heap("failing verify", len, || {
                verify(&keyring, timestamp + 60, &tampered).map(|_| ())
            });
            assert_eq!(rejected, Err(Error::Invalid));
        }
    }
}

/// Keyring management: every operation works in the keyring's inline storage.
#[test]
fn keyring_operations_do_not_allocate() {
    let mut rng = TestRng(5);
    let first = PlatformKey::generate(
        KeyId::new(0),
        franking::KeyInterval::starting_at(0),
        &mut rng,
    );
    let mut keyring = assert_no_heap("Keyring::new", 0, || Keyring::new(first.unwrap(), 86_400));
    for day in 1..=100u32 {
        let now = u64::from(day) * 86_400;
        let mut bytes: [u8; 32] = core::array::from_fn(|i| day as u8 ^ i as u8);
        assert_no_heap("Keyring::rotate_generate", 0, || {
            keyring.rotate_generate(KeyId::new(day), now, &mut rng)
        })
        .unwrap();
        assert_no_heap("Keyring::insert_from_bytes", 0, || {
            keyring.insert_from_bytes(
                KeyId::new(1_000 + day),
                franking::KeyInterval::new(now - 10, now).unwrap(),
                &mut bytes,
            )
        })
        .unwrap();
        assert_no_heap("Keyring::close_interval", 0, || {
            keyring.close_interval(KeyId::new(1_000 + day), now - 5)
        })
        .unwrap();
        assert_no_heap("Keyring::retire_expired", 0, || keyring.retire_expired(now));
    }
    assert_no_heap("Keyring::keys", 0, || keyring.keys().count());
    assert_no_heap("Keyring::retire", 0, || keyring.retire(KeyId::new(99))).unwrap();
    assert_no_heap("Keyring::zeroize", 0, || {
        franking::zeroize::Zeroize::zeroize(&mut keyring)
    });
    assert!(keyring.is_empty());
}

#[test]
fn receipt_path_does_not_allocate() {
    let mut rng = TestRng(5);
    let key = MessageKey::generate(&mut rng);
    let keyring = Keyring::new(
        PlatformKey::generate(
            KeyId::new(9),
            franking::KeyInterval::starting_at(0),
            &mut rng,
        )
        .unwrap(),
        86_400,
    );
    let timestamp = 1_700_000_000;
    for len in SIZES {
        let plaintext = message(len);
        let mut buffer = plaintext.clone();
        let envelope = key
            .seal_in_place_with_rng(&mut rng, b"h", &mut buffer)
            .unwrap();
        let context = Context::new(b"alice", b"room:1", timestamp, b"msg").unwrap();
        let mut receipt_wire = vec![0u8; franking::wire::RECEIPT_FIXED_LEN + 5 + 6 + 3];
        let receipt = assert_no_heap("Keyring::stamp_receipt", len, || {
            keyring.stamp_receipt(envelope.franking_tag(), &context)
        })
        .unwrap();
        let written = assert_no_heap("Receipt::encode_into", len, || {
            receipt.encode_into(&mut receipt_wire)
        });
        assert_eq!(written, Ok(receipt_wire.len()));
        let decoded =
            assert_no_heap("Receipt::decode", len, || Receipt::decode(&receipt_wire)).unwrap();
        assert_eq!(decoded, receipt);
        let opened = key.open_in_place(&envelope, b"h", &mut buffer).unwrap();
        let report = assert_no_heap("OpenedMessage::report_with_receipt", len, || {
            opened.report_with_receipt(
                &decoded,
                &franking::ExpectedDelivery::new(b"alice", b"room:1"),
            )
        })
        .unwrap();
        let rebuilt = assert_no_heap("Report::from_receipt", len, || {
            Report::from_receipt(
                &decoded,
                opened.opening(),
                opened.header(),
                opened.message(),
            )
        })
        .unwrap();
        assert_eq!(rebuilt, report);
        let id = assert_no_heap("verify and report_id", len, || {
            verify(&keyring, timestamp + 60, &rebuilt).and_then(|v| v.report_id(b"bob"))
        });
        assert!(id.is_ok());
    }
}

/// Groups: batch stamping into a caller's slice, and a conversation report
/// encoded, decoded and verified into the fixed-capacity verdict.
#[test]
fn batch_stamp_and_conversation_report_do_not_allocate() {
    use franking::{ConversationReport, verify_conversation};
    let mut rng = TestRng(5);
    let keyring = Keyring::new(
        PlatformKey::generate(
            KeyId::new(3),
            franking::KeyInterval::starting_at(0),
            &mut rng,
        )
        .unwrap(),
        86_400,
    );
    let timestamp = 1_700_000_000;
    let ids: Vec<[u8; 16]> = (0..1000u32)
        .map(|i| {
            let mut id = [0x44u8; 16];
            id[..4].copy_from_slice(&i.to_be_bytes());
            id
        })
        .collect();
    let members: Vec<&[u8]> = ids.iter().map(|m| &m[..]).collect();
    let mut stamps = vec![Stamp::default(); members.len()];
    let tag = FrankingTag::from_bytes([9; 32]);
    let context = Context::new(b"alice", b"room", timestamp, b"m-1")
        .unwrap()
        .in_conversation(b"room", 1)
        .unwrap();
    let written = assert_no_heap("Keyring::stamp_batch", 1000, || {
        keyring.stamp_batch(&tag, &context, &members, &mut stamps)
    });
    assert_eq!(written, Ok(()));

    // Thirty messages of a room, committed in layer mode and stamped for the room.
    let texts: Vec<Vec<u8>> = (0..30).map(|i| message(256 + i)).collect();
    let message_ids: Vec<Vec<u8>> = (0..30).map(|i| format!("m-{i}").into_bytes()).collect();
    let committed: Vec<_> = texts
        .iter()
        .map(|t| commit_with_rng(&mut rng, b"", t).unwrap())
        .collect();
    let contexts: Vec<Context<'_>> = (0..30)
        .map(|i| {
            Context::new(b"alice", b"room", timestamp + i, &message_ids[i as usize])
                .unwrap()
                .in_conversation(b"room", 100 + i)
                .unwrap()
        })
        .collect();
    let room_stamps: Vec<Stamp> = committed
        .iter()
        .zip(&contexts)
        .map(|((_, tag), ctx)| keyring.stamp(tag, ctx).unwrap())
        .collect();
    let opened: Vec<_> = committed
        .iter()
        .zip(&texts)
        .map(|((opening, tag), t)| {
            verify_commitment(b"", t, Opening::from_bytes(*opening.as_bytes()), tag).unwrap()
        })
        .collect();
    let reports: Vec<Report<'_>> = opened
        .iter()
        .zip(&contexts)
        .zip(&room_stamps)
        .map(|((o, c), s)| o.report(c, s))
        .collect();
    let len = ConversationReport::encoded_len(&reports).unwrap();
    let mut wire = vec![0u8; len];
    let written = assert_no_heap("ConversationReport::encode_into", len, || {
        ConversationReport::encode_into(&reports, &mut wire)
    });
    assert_eq!(written, Ok(len));
    let decoded = assert_no_heap("ConversationReport::decode", len, || {
        ConversationReport::decode(&wire)
    })
    .unwrap();
    let verdict = assert_no_heap("verify_conversation", len, || {
        verify_conversation(&keyring, timestamp + 60, &decoded)
            .map(|v| (v.entries().len(), v.is_contiguous(), v.missing()))
    });
    assert_eq!(verdict, Ok((30, true, 0)));
}
