//! Arbitrary key, envelope, header and ciphertext to `open_in_place`.
//!
//! Properties: it never panics; it succeeds exactly when the reference model
//! says both tags match; on failure the error is `Invalid` and the buffer
//! holds the input ciphertext again; on success the plaintext seals back, under
//! the same key and nonce, to exactly the input envelope and ciphertext.
//!
//! Every input is checked in both suites (XChaCha20 and AES-256).
#![no_main]

use franking::{Envelope, Error, MessageKey, Suite};
use franking_fuzz::{OpenInput, reference};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for suite in [Suite::XChaCha20, Suite::Aes256] {
        check(suite, data);
    }
});

/// The properties above, in one suite.
fn check(suite: Suite, data: &[u8]) {
    let input = OpenInput::parse(data);
    let envelope = Envelope::decode(&input.envelope).expect("88 bytes always decode");
    assert_eq!(envelope.to_bytes(), input.envelope);

    // The reference: decrypt (XOR is its own inverse), recompute both tags.
    let plaintext = reference::seal(
        suite,
        &input.key,
        envelope.nonce().as_bytes(),
        input.header,
        input.buffer,
    )
    .ciphertext;
    let resealed = reference::seal(
        suite,
        &input.key,
        envelope.nonce().as_bytes(),
        input.header,
        &plaintext,
    );
    let should_open = &resealed.franking_tag == envelope.franking_tag().as_bytes()
        && &resealed.integrity_tag == envelope.integrity_tag().as_bytes();

    let key = MessageKey::with_suite(suite, input.key);
    let mut buffer = input.buffer.to_vec();
    match key.open_in_place(&envelope, input.header, &mut buffer) {
        Ok(opened) => {
            assert!(should_open, "opened a message whose tags do not match");
            assert_eq!(opened.message(), &plaintext[..]);
            assert_eq!(opened.header(), input.header);
            assert_eq!(opened.franking_tag(), envelope.franking_tag());
            assert_eq!(opened.opening().as_bytes(), &resealed.opening);
            let mut again = opened.message().to_vec();
            let sealed = key
                .seal_in_place_with_nonce(envelope.nonce(), input.header, &mut again)
                .expect("seal");
            assert_eq!(
                sealed, envelope,
                "plaintext does not seal back to the envelope"
            );
            assert_eq!(
                again, input.buffer,
                "plaintext does not seal back to the ciphertext"
            );
        }
        Err(e) => {
            assert!(!should_open, "failed to open a genuine message: {e:?}");
            assert_eq!(e, Error::Invalid);
            assert_eq!(buffer, input.buffer, "failed open left the buffer changed");
        }
    }
}
