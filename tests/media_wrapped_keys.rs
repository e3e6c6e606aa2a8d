//! Wrapped attachment keys (SPEC.md 14.2, 14.7): one blob shared by the
//! copies of a pairwise fan-out, its key wrapped per copy under a pad only
//! that copy's integrity key yields. A verified range report carries the
//! wrapped value and no key: the moderator cannot open any other chunk. A
//! sender that writes a wrong wrapped key makes every chunk fail.

mod media_common;

use franking::media::{
    AttachmentEvidence, AttachmentKey, AttachmentOpener, CHUNK_SIZE, MediaReportWriter,
    open_chunk_at, verify_media_report,
};
use franking::wire::MediaMessage;
use franking::{
    Context, Error, KeyId, KeyInterval, Keyring, MessageKey, Nonce, PlatformKey, Report, Suite,
};
use media_common::*;

struct Copy {
    message_key: MessageKey,
    nonce: Nonce,
    message: Vec<u8>,
    message_report: Vec<u8>,
}

/// Sends one copy of a message carrying `descriptor` to `recipient`.
fn send_copy(
    rng: &mut TestRng,
    keyring: &Keyring,
    suite: Suite,
    blob_key: &AttachmentKey,
    descriptor: franking::media::AttachmentDescriptor,
    recipient: &[u8],
) -> Copy {
    let message_key = MessageKey::with_suite(suite, rng.array_bytes());
    let nonce = Nonce::from_bytes(rng.array_bytes24());
    let wrapped = blob_key.wrap(&message_key, &nonce, 0).unwrap();
    let d = descriptor.with_wrapped_key(wrapped);
    let mut message = vec![0u8; MediaMessage::encoded_len(1, 5)];
    MediaMessage::encode_into(&[d], b"video", &mut message).unwrap();
    let envelope = message_key
        .seal_in_place_with_nonce(&nonce, b"", &mut message)
        .unwrap();
    let context = Context::new(b"alice", recipient, 1_700_000_000, b"m-1").unwrap();
    let stamp = keyring.stamp(envelope.franking_tag(), &context).unwrap();
    let opened = message_key
        .open_in_place(&envelope, b"", &mut message)
        .unwrap();
    let report = opened.report(&context, &stamp);
    let mut message_report = vec![0u8; report.encoded_len()];
    report.encode_into(&mut message_report).unwrap();
    Copy {
        message_key,
        nonce,
        message,
        message_report,
    }
}

/// The report the writer builds, through its allocation-free interface.
fn write_report(
    mut writer: MediaReportWriter<'_>,
    message_report: &[u8],
    plaintext: &[u8],
) -> Vec<u8> {
    let mr = Report::decode(message_report).unwrap();
    let mut out = vec![0u8; writer.head_len(&mr)];
    writer.write_head(&mr, &mut out).unwrap();
    let mut record = vec![0u8; 32 + CHUNK_SIZE];
    while let Some((i, len)) = writer.next_chunk() {
        let start = i as usize * CHUNK_SIZE;
        let n = writer
            .write_chunk(&plaintext[start..start + len], &mut record)
            .unwrap();
        out.extend_from_slice(&record[..n]);
    }
    out
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Whether `key` opens any chunk of the sealed blob under `descriptor`.
fn opens_any(
    key: &AttachmentKey,
    sealed: &Sealed,
    descriptor: &franking::media::AttachmentDescriptor,
) -> bool {
    (0..descriptor.chunk_count()).any(|i| {
        let start = i as usize * CHUNK_SIZE;
        let len = descriptor.chunk_len(i).unwrap();
        let mut chunk = sealed.ciphertext[start..start + len].to_vec();
        open_chunk_at(key, descriptor, i, &mut chunk, &mut &sealed.tree[..]).is_ok()
    })
}

#[test]
fn fan_out_copies_open_one_blob_and_a_range_report_opens_nothing_else() {
    for suite in SUITES {
        let mut rng = TestRng(80);
        let keyring = Keyring::new(
            PlatformKey::generate(KeyId::new(3), KeyInterval::starting_at(0), &mut rng).unwrap(),
            86_400,
        );
        let video = bytes(&mut rng, 3 * CHUNK_SIZE + 5);
        let blob_key_bytes = rng.array_bytes();
        let blob_key = AttachmentKey::with_suite(suite, blob_key_bytes);
        let sealed = seal_in(suite, blob_key_bytes, &video);
        let bob = send_copy(
            &mut rng,
            &keyring,
            suite,
            &blob_key,
            sealed.descriptor,
            b"bob",
        );
        let carol = send_copy(
            &mut rng,
            &keyring,
            suite,
            &blob_key,
            sealed.descriptor,
            b"carol",
        );

        // Each recipient unwraps the one key with its own message key and nonce.
        let mut wrapped = Vec::new();
        for copy in [&bob, &carol] {
            let evidence =
                AttachmentEvidence::from_message(&copy.message_key, &copy.nonce, &copy.message, 0)
                    .unwrap();
            assert_eq!(evidence.key(), &blob_key, "{suite:?}");
            let mut opener = AttachmentOpener::new(evidence.key(), *evidence.descriptor());
            let mut out = sealed.ciphertext.clone();
            for chunk in out.chunks_mut(CHUNK_SIZE) {
                opener.open_next(chunk, &mut &sealed.tree[..]).unwrap();
            }
            assert_eq!(out, video);
            wrapped.push(*evidence.descriptor());
        }
        // The copies carry different wrapped values, neither of them the key.
        assert_ne!(wrapped[0].wrapped_key(), wrapped[1].wrapped_key());

        // Bob reports chunk 1; the moderator verifies it.
        let bob_evidence =
            AttachmentEvidence::from_message(&bob.message_key, &bob.nonce, &bob.message, 0)
                .unwrap();
        let mut tree = &sealed.tree[..];
        let writer = MediaReportWriter::range(&bob_evidence, 1, 1, &mut tree).unwrap();
        let report = write_report(writer, &bob.message_report, &video);
        let verified = verify_media_report(&keyring, NOW, &report).unwrap();
        assert_eq!(
            verified.chunk(0).unwrap(),
            &video[CHUNK_SIZE..2 * CHUNK_SIZE]
        );

        // The report holds neither the key nor another chunk's opening.
        assert!(
            !contains(&report, &blob_key_bytes),
            "{suite:?}: the key is in the report"
        );
        for i in [0u64, 2, 3] {
            let r = blob_key.chunk_opening(&sealed.descriptor, i).unwrap();
            assert!(!contains(&report, r.as_bytes()), "{suite:?}: opening {i}");
        }
        // Nothing the moderator holds opens another chunk: not the wrapped
        // value, not it with the message's opening, not the XOR of two copies'.
        let d = *verified.descriptor();
        let w = *d.wrapped_key().as_bytes();
        let kf = *Report::decode(&bob.message_report)
            .unwrap()
            .opening()
            .as_bytes();
        let w_carol = *wrapped[1].wrapped_key().as_bytes();
        let xor = |a: [u8; 32], b: [u8; 32]| -> [u8; 32] { core::array::from_fn(|i| a[i] ^ b[i]) };
        for guess in [w, kf, xor(w, kf), xor(w, w_carol)] {
            assert!(
                !opens_any(&AttachmentKey::with_suite(suite, guess), &sealed, &d),
                "{suite:?}: a value from the report opens a chunk"
            );
        }
        // Unwrapping needs the copy's own message key: another key gives garbage.
        let stranger = MessageKey::with_suite(suite, rng.array_bytes());
        let wrong = AttachmentKey::unwrap(&stranger, &bob.nonce, 0, d.wrapped_key());
        assert!(!opens_any(&wrong, &sealed, &d));
        let wrong_copy =
            AttachmentKey::unwrap(&carol.message_key, &carol.nonce, 0, d.wrapped_key());
        assert!(!opens_any(&wrong_copy, &sealed, &d));
    }
}

#[test]
fn a_wrong_wrapped_key_makes_every_chunk_fail_and_releases_nothing() {
    let mut rng = TestRng(81);
    let video = bytes(&mut rng, 2 * CHUNK_SIZE + 1);
    let key_bytes = rng.array_bytes();
    let blob_key = AttachmentKey::from_bytes(key_bytes);
    let sealed = seal(key_bytes, &video);
    let message_key = MessageKey::from_bytes(rng.array_bytes());
    let nonce = Nonce::from_bytes(rng.array_bytes24());
    let mut w = *blob_key.wrap(&message_key, &nonce, 0).unwrap().as_bytes();
    w[31] ^= 1; // a malicious sender flips one bit of the wrapped key
    let d = sealed
        .descriptor
        .with_wrapped_key(franking::media::WrappedAttachmentKey::from_bytes(w));
    let key = AttachmentKey::unwrap(&message_key, &nonce, 0, d.wrapped_key());
    assert_ne!(key, blob_key);
    for i in 0..d.chunk_count() {
        let start = i as usize * CHUNK_SIZE;
        let ciphertext = &sealed.ciphertext[start..start + d.chunk_len(i).unwrap()];
        let mut chunk = ciphertext.to_vec();
        let r = open_chunk_at(&key, &d, i, &mut chunk, &mut &sealed.tree[..]);
        assert_eq!(r, Err(Error::Invalid));
        assert_eq!(
            chunk, ciphertext,
            "chunk {i}: the buffer holds the ciphertext"
        );
    }
    // The right wrapped key opens them all.
    let good = AttachmentKey::unwrap(
        &message_key,
        &nonce,
        0,
        &blob_key.wrap(&message_key, &nonce, 0).unwrap(),
    );
    assert!(opens_any(&good, &sealed, &sealed.descriptor));
}

#[test]
fn a_zero_wrapped_key_is_the_derived_key_and_wrap_needs_the_message_suite() {
    let mut rng = TestRng(82);
    let message_key = MessageKey::from_bytes(rng.array_bytes());
    let nonce = Nonce::from_bytes(rng.array_bytes24());
    let derived = AttachmentKey::derive(&message_key, &nonce, 4);
    let zero = franking::media::WrappedAttachmentKey::from_bytes([0u8; 32]);
    assert_eq!(
        AttachmentKey::unwrap(&message_key, &nonce, 4, &zero),
        derived
    );
    // Wrapping the derived key gives zero; another index gives another pad.
    assert_eq!(derived.wrap(&message_key, &nonce, 4).unwrap(), zero);
    assert_ne!(derived.wrap(&message_key, &nonce, 5).unwrap(), zero);
    let aes = AttachmentKey::with_suite(Suite::Aes256, [1; 32]);
    assert!(matches!(
        aes.wrap(&message_key, &nonce, 0),
        Err(Error::Malformed { .. })
    ));
}
