//! The sender's role: seal a message (committing AEAD) or commit to it (layer mode).

use rand_core::CryptoRng;

use crate::Error;
use crate::cep::{CHUNK, Keystream};
use crate::commitment::{self, Commitment, FrankingTag, Opening};
use crate::envelope::{Envelope, Nonce};
use crate::secret::secret_bytes;
use crate::wire;

secret_bytes!(
    /// The 32-byte symmetric key shared by sender and recipient, e.g. a
    /// per-message key from the app's ratchet.
    ///
    /// **Nonce rule:** never seal two messages under the same key and nonce.
    /// [`MessageKey::seal_in_place_with_rng`] draws a fresh random 24-byte
    /// nonce for every message, which is safe for any practical number of
    /// messages per key.
    MessageKey,
    32
);

impl MessageKey {
    /// Seals `buffer` in place under a fresh random nonce and returns the envelope.
    ///
    /// `header` is authenticated and committed to but not encrypted. On return
    /// `buffer` holds the ciphertext, of the same length as the message.
    /// Fails with [`Error::TooLong`] if the header or message exceeds
    /// [`MAX_HEADER_LEN`](crate::MAX_HEADER_LEN) or
    /// [`MAX_MESSAGE_LEN`](crate::MAX_MESSAGE_LEN); `buffer` is then untouched.
    pub fn seal_in_place_with_rng<R: CryptoRng + ?Sized>(
        &self,
        rng: &mut R,
        header: &[u8],
        buffer: &mut [u8],
    ) -> Result<Envelope, Error> {
        self.seal_in_place_with_nonce(&Nonce::random(rng), header, buffer)
    }

    /// Seals `buffer` in place under a caller-chosen nonce.
    ///
    /// **The caller must never reuse a nonce under the same key**: two
    /// messages sealed under one (key, nonce) reveal their XOR, so reporting
    /// one reveals the other. Use this only with nonces unique by construction
    /// (a per-message key from a ratchet, or a counter with a direction bit
    /// when both parties seal under one key: two counters starting at 0 collide),
    /// or to reproduce test vectors; otherwise use
    /// [`seal_in_place_with_rng`](Self::seal_in_place_with_rng).
    pub fn seal_in_place_with_nonce(
        &self,
        nonce: &Nonce,
        header: &[u8],
        buffer: &mut [u8],
    ) -> Result<Envelope, Error> {
        wire::check_lengths(header, buffer.len())?;
        let mut keystream = Keystream::new(self, nonce);
        let mut commitment = Commitment::start(keystream.opening.as_bytes(), header, buffer.len());
        // Hash each plaintext chunk, then encrypt it while it is still in cache.
        for chunk in buffer.chunks_mut(CHUNK) {
            commitment.update(chunk);
            keystream.apply(chunk);
        }
        let franking_tag = commitment.finish();
        let integrity_tag = keystream.integrity_key.tag(&franking_tag);
        Ok(Envelope::new(*nonce, franking_tag, integrity_tag))
    }
}

/// Layer mode: commits to (header, message) under a fresh random opening.
///
/// For apps that keep their own end-to-end encryption (Signal, MLS, Olm):
/// carry the [`Opening`] *inside* the encrypted payload, send the
/// [`FrankingTag`] beside it for the platform to stamp, and bind the franking
/// tag into the transport AEAD's associated data so it cannot be swapped
/// between messages. The recipient checks it with
/// [`recipient::verify_commitment`](crate::recipient::verify_commitment).
///
/// `message` MUST cover everything the recipient will render: serialize every
/// field of the payload except the opening (text, caption, attachment pointer
/// with the attachment's hash, ...) and commit to those bytes. A field left
/// out is content that the recipient sees and no report contains (SPEC.md
/// section 4.3).
pub fn commit_with_rng<R: CryptoRng + ?Sized>(
    rng: &mut R,
    header: &[u8],
    message: &[u8],
) -> Result<(Opening, FrankingTag), Error> {
    wire::check_lengths(header, message.len())?;
    let opening = Opening::generate(rng);
    let tag = commitment::compute(opening.as_bytes(), header, message);
    Ok((opening, tag))
}
