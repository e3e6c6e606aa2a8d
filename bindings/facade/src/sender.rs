//! The sender: message keys, sealing (committing AEAD) and layer mode.

use franking::sender::KeyBytes;

use zeroize::Zeroizing;

use crate::convert;
use crate::error::Result;
use crate::records::Suite;
use crate::redact::Len;
use crate::rng::os_rng;

/// A sealed message: the 88-byte envelope (nonce, franking tag, integrity
/// tag; SPEC.md 4.4) and the ciphertext, as long as the message.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct SealedMessage {
    /// The encoded envelope.
    pub envelope: Vec<u8>,
    /// The franking tag (bytes 24..56 of the envelope), what the platform stamps.
    pub franking_tag: Vec<u8>,
    /// The ciphertext.
    pub ciphertext: Vec<u8>,
}

/// A commitment of layer mode (SPEC.md 8): the opening, kept secret with the
/// message inside the outer encryption, and the franking tag the platform stamps.
/// Its `Debug` prints the opening's length only.
#[derive(Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Commitment {
    /// The 32-byte opening.
    pub opening: Vec<u8>,
    /// The 32-byte franking tag.
    pub franking_tag: Vec<u8>,
}

impl core::fmt::Debug for Commitment {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Commitment")
            .field("opening", &Len(&self.opening))
            .field("franking_tag", &self.franking_tag)
            .finish()
    }
}

/// A fresh 32-byte message key from the OS generator (either suite takes it).
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn generate_message_key() -> Vec<u8> {
    KeyBytes::generate(&mut os_rng()).as_bytes().to_vec()
}

/// A fresh 24-byte message nonce, for [`seal_with_nonce`] when the nonce must
/// be known before sealing (a message carrying attachments derives their keys
/// from it, SPEC.md 14.1).
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn generate_nonce() -> Vec<u8> {
    let mut nonce = vec![0u8; franking::Nonce::LEN];
    rand_core::Rng::fill_bytes(&mut os_rng(), &mut nonce);
    nonce
}

/// Seals `message` under `key` (32 bytes) with a fresh nonce. The message's
/// buffer becomes the ciphertext: no copy on the Rust side.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn seal(
    suite: Suite,
    key: Vec<u8>,
    header: Vec<u8>,
    message: Vec<u8>,
) -> Result<SealedMessage> {
    let key = Zeroizing::new(key);
    let key = convert::message_key(suite, &key)?;
    let mut ciphertext = message;
    let envelope = key.seal_in_place_with_rng(&mut os_rng(), &header, &mut ciphertext)?;
    Ok(SealedMessage {
        envelope: envelope.to_bytes().to_vec(),
        franking_tag: envelope.franking_tag().as_bytes().to_vec(),
        ciphertext,
    })
}

/// Seals `message` with a caller-chosen `nonce` (24 bytes) from
/// [`generate_nonce`]. A nonce MUST NOT be used twice under one key.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn seal_with_nonce(
    suite: Suite,
    key: Vec<u8>,
    nonce: Vec<u8>,
    header: Vec<u8>,
    message: Vec<u8>,
) -> Result<SealedMessage> {
    let key = Zeroizing::new(key);
    let key = convert::message_key(suite, &key)?;
    let nonce = convert::nonce(&nonce)?;
    let mut ciphertext = message;
    let envelope = key.seal_in_place_with_nonce(&nonce, &header, &mut ciphertext)?;
    Ok(SealedMessage {
        envelope: envelope.to_bytes().to_vec(),
        franking_tag: envelope.franking_tag().as_bytes().to_vec(),
        ciphertext,
    })
}

/// Layer mode: commits to `header` and `message` with a fresh opening, for a
/// protocol (MLS, Signal) that encrypts them itself.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn commit(header: Vec<u8>, message: Vec<u8>) -> Result<Commitment> {
    let (opening, tag) = franking::commit_with_rng(&mut os_rng(), &header, &message)?;
    Ok(Commitment {
        opening: opening.as_bytes().to_vec(),
        franking_tag: tag.as_bytes().to_vec(),
    })
}
