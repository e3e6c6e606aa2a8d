//! Constant-time check, run as
//! `RUSTFLAGS="--cfg franking_valgrind" cargo build --release` then
//! `valgrind --error-exitcode=1 target/release/franking-ct-harness`.
//!
//! Every secret byte (message key, platform key, opening, plaintext) is marked
//! undefined for memcheck before it enters the library, and every public
//! output is marked defined when the library hands it back. Memcheck then
//! reports any conditional jump or memory index inside the library that depends
//! on a secret. The library itself declassifies only its accept/reject verdicts,
//! at the point its API returns them (`src/ct.rs`).

use core::ffi::c_void;
use crabgrind::memcheck::{MemState, mark_memory};
use franking::rand_core::{Infallible, TryCryptoRng, TryRng};
use franking::{
    Context, Envelope, Error, FrankingTag, KeyId, KeyInterval, Keyring, MessageKey, Nonce, Opening,
    PlatformKey, Report, Suite, verify, verify_commitment,
};

fn mark(ptr: *const c_void, len: usize, state: MemState) {
    if mark_memory(ptr, len, state).is_err() {
        eprintln!(
            "franking-ct-harness: not running under valgrind; run it with valgrind --error-exitcode=1"
        );
        std::process::exit(2);
    }
}

/// Marks a value's bytes as secret (undefined to memcheck).
fn secret<T: ?Sized>(value: &T) {
    mark(
        (value as *const T).cast(),
        size_of_val(value),
        MemState::Undefined,
    );
}

/// Marks a value's bytes as public (defined), as the protocol makes them.
fn public<T: ?Sized>(value: &T) {
    mark(
        (value as *const T).cast(),
        size_of_val(value),
        MemState::Defined,
    );
}

/// Hands out bytes that memcheck sees as secret: the opening of layer mode.
struct SecretRng(u8);

impl TryRng for SecretRng {
    type Error = Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        let mut b = [0u8; 4];
        self.try_fill_bytes(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }
    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        let mut b = [0u8; 8];
        self.try_fill_bytes(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        for byte in dst.iter_mut() {
            self.0 = self.0.wrapping_mul(31).wrapping_add(7);
            *byte = self.0;
        }
        secret(dst);
        Ok(())
    }
}
impl TryCryptoRng for SecretRng {}

fn check(step: &str, ok: bool) {
    println!("{step}: {}", if ok { "ok" } else { "UNEXPECTED" });
    assert!(ok, "{step}");
}

/// Proves the harness can fail: branches on a secret byte, which memcheck
/// must report (`valgrind --error-exitcode=1` then exits 1).
fn self_test() {
    let key_bytes = [0x42u8; 32];
    secret(&key_bytes);
    let key = MessageKey::from_bytes(key_bytes);
    let first = std::hint::black_box(key.as_bytes()[0]);
    if first == 0x42 {
        println!("self-test: branched on a secret byte");
    }
}

fn main() {
    if std::env::args().any(|a| a == "--self-test") {
        self_test();
        return;
    }
    const SIZES: [usize; 4] = [0, 64, 1000, 9000];
    let header = b"conversation 42";
    let nonce = Nonce::from_bytes([9u8; 24]);
    let now = 1_760_000_000;

    // Not all bytes equal: weak keys are refused (the weak-key check itself
    // runs on these undefined bytes and must not branch on them).
    let mut platform_bytes: [u8; 32] = std::array::from_fn(|i| 0x5a ^ i as u8);
    secret(&platform_bytes);
    let interval = KeyInterval::starting_at(now - 3_600);
    let keyring = Keyring::new(
        PlatformKey::from_bytes(KeyId::new(7), interval, &mut platform_bytes).unwrap(),
        86_400,
    );
    let context = Context::new(b"alice", b"bob", now, b"msg-1").unwrap();

    // Every size in both suites: XChaCha20, and AES-256 (on AES-NI where the
    // CPU has it, as under valgrind here; otherwise the bitsliced software AES).
    for (suite, size) in [Suite::XChaCha20, Suite::Aes256]
        .into_iter()
        .flat_map(|suite| SIZES.map(|size| (suite, size)))
    {
        let key_bytes = [0x42u8; 32];
        secret(&key_bytes);
        let key = MessageKey::with_suite(suite, key_bytes);

        // Sender: the key and the plaintext are secret.
        let mut buffer = vec![0x61u8; size];
        secret(buffer.as_slice());
        let envelope = key
            .seal_in_place_with_nonce(&nonce, header, &mut buffer)
            .unwrap();
        // Ciphertext and envelope are public once sent.
        public(buffer.as_slice());
        public(&envelope);
        let ciphertext = buffer.clone();

        // Platform: the platform key is secret; the stamp is public once sent.
        let stamp = keyring.stamp_envelope(&envelope, &context).unwrap();
        public(&stamp);

        // Recipient, rejection: a flipped integrity tag; the buffer is restored.
        let mut tags = envelope.to_bytes();
        tags[87] ^= 1;
        let forged = Envelope::decode(&tags).unwrap();
        let rejected = key.open_in_place(&forged, header, &mut buffer);
        check(
            &format!("open rejects a forged envelope ({suite:?}, {size} B)"),
            rejected.is_err(),
        );
        // The restored buffer is the public ciphertext again.
        public(buffer.as_slice());
        check(
            &format!("failed open restores the ciphertext ({suite:?}, {size} B)"),
            buffer == ciphertext,
        );

        // Recipient, acceptance.
        let opened = key.open_in_place(&envelope, header, &mut buffer).unwrap();
        // The opening is revealed to the moderator in the report: public from here on.
        public(opened.opening().as_bytes());
        public(opened.message());
        let report = opened.report(&context, &stamp);
        let mut wire = vec![0u8; report.encoded_len()];
        report.encode_into(&mut wire).unwrap();

        // Moderator: accept the genuine report, reject a tampered one.
        let decoded = Report::decode(&wire).unwrap();
        check(
            &format!("verify accepts the genuine report ({suite:?}, {size} B)"),
            verify(&keyring, now, &decoded).is_ok(),
        );
        // Flip a bit of the opening (after version, stamp and franking tag).
        wire[1 + 36 + 32] ^= 1;
        let tampered = Report::decode(&wire).unwrap();
        check(
            &format!("verify rejects a tampered report ({suite:?}, {size} B)"),
            verify(&keyring, now, &tampered) == Err(Error::Invalid),
        );

        // Layer mode: the opening and the message are secret to the recipient.
        let message = vec![0x62u8; size];
        secret(message.as_slice());
        let (opening, tag) =
            franking::commit_with_rng(&mut SecretRng(3), header, &message).unwrap();
        public(&tag);
        let opening_bytes = *opening.as_bytes();
        let accepted =
            verify_commitment(header, &message, Opening::from_bytes(opening_bytes), &tag);
        check(
            &format!("commitment verifies ({suite:?}, {size} B)"),
            accepted.is_ok(),
        );
        drop(accepted);
        let mut wrong = *tag.as_bytes();
        wrong[0] ^= 1;
        let rejected =
            verify_commitment(header, &message, opening, &FrankingTag::from_bytes(wrong));
        check(
            &format!("commitment rejects another tag ({suite:?}, {size} B)"),
            rejected.is_err(),
        );
    }
    media(&keyring, &context, now);
    println!("constant-time harness: all paths ran");
}

/// Media (SPEC.md section 14): the attachment key and plaintext are secret;
/// ciphertext, tree records and descriptor are public once stored or sent;
/// a report makes its chunks and their openings public.
fn media(keyring: &Keyring, context: &Context<'_>, now: u64) {
    use franking::media::{
        AttachmentKey, AttachmentOpener, AttachmentSealer, CHUNK_SIZE, open_chunk_at, range_proof,
        verify_media_report,
    };
    use franking::wire::{MediaMessage, MediaReportHead};

    let len = 2 * CHUNK_SIZE + 100;
    let message_key_bytes = [0x24u8; 32];
    secret(&message_key_bytes);
    let message_key = MessageKey::from_bytes(message_key_bytes);
    let nonce = Nonce::from_bytes([3u8; 24]);
    // Sender: a derived key (from the secret message key) seals secret content.
    let key = AttachmentKey::derive(&message_key, &nonce, 0);
    let mut data = vec![0x63u8; len];
    secret(data.as_slice());
    // A fixed (public) attachment nonce keeps the harness deterministic.
    let mut sealer = AttachmentSealer::with_nonce_for_test_vectors(
        AttachmentKey::from_bytes(*key.as_bytes()),
        franking::media::AttachmentNonce::from_bytes([7u8; 16]),
    );
    let mut tree = Vec::new();
    for (i, chunk) in data.chunks_mut(CHUNK_SIZE).enumerate() {
        let records = sealer.seal_chunk(chunk, i == 2).unwrap();
        public(records);
        tree.extend_from_slice(records);
    }
    public(data.as_slice());
    let descriptor = sealer.descriptor().unwrap();
    public(&descriptor);
    let ciphertext = data.clone();

    // Recipient: a tampered chunk is rejected and restored; then all open.
    let mut tampered = ciphertext.clone();
    tampered[5] ^= 1;
    let r = open_chunk_at(
        &key,
        &descriptor,
        0,
        &mut tampered[..CHUNK_SIZE],
        &mut &tree[..],
    );
    check(
        "media: open_chunk_at rejects a tampered chunk",
        r == Err(Error::Invalid),
    );
    public(tampered.as_slice());
    let mut opener = AttachmentOpener::new(&key, descriptor);
    for chunk in data.chunks_mut(CHUNK_SIZE) {
        check(
            "media: chunk opens",
            opener.open_next(chunk, &mut &tree[..]).is_ok(),
        );
    }
    check("media: attachment complete", opener.finish().is_ok());

    // Sender's message with the descriptor; recipient reports chunk 1.
    let mut message = vec![0u8; MediaMessage::encoded_len(1, 0)];
    MediaMessage::encode_into(&[descriptor], b"", &mut message).unwrap();
    let envelope = message_key
        .seal_in_place_with_nonce(&nonce, b"", &mut message)
        .unwrap();
    public(message.as_slice());
    public(&envelope);
    let stamp = keyring.stamp_envelope(&envelope, context).unwrap();
    public(&stamp);
    let opened = message_key
        .open_in_place(&envelope, b"", &mut message)
        .unwrap();
    public(opened.opening().as_bytes());
    public(opened.message());
    let report = opened.report(context, &stamp);
    let proof = range_proof(&descriptor, 1, 1, &mut &tree[..]).unwrap();
    let mut bytes = vec![0u8; MediaReportHead::encoded_len(&report, proof.hash_count())];
    MediaReportHead::encode_into(&report, 0, &proof, &mut bytes).unwrap();
    let opening = key.chunk_opening(&descriptor, 1).unwrap();
    public(opening.as_bytes());
    bytes.extend_from_slice(opening.as_bytes());
    public(&data[CHUNK_SIZE..2 * CHUNK_SIZE]);
    bytes.extend_from_slice(&data[CHUNK_SIZE..2 * CHUNK_SIZE]);
    check(
        "media: range report verifies",
        verify_media_report(keyring, now, &bytes).is_ok(),
    );
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    check(
        "media: tampered range report is rejected",
        matches!(
            verify_media_report(keyring, now, &bytes),
            Err(Error::Invalid)
        ),
    );
}
