//! The franking commitment: `FrankingTag = SHA-256(((opening || 0^32) XOR ipad)
//! || encode(header, message))`, the inner hash of
//! `HMAC-SHA256(opening, encode(header, message))`.
//!
//! This one equation is shared by both ways of franking (the committing AEAD
//! and layer mode), by the recipient's check and by the moderator's check.
//! Binding comes from SHA-256's collision resistance, the input being an
//! injective encoding of (opening, header, message); hiding from the opening
//! being uniformly random (layer mode) or pseudorandom (committing AEAD),
//! secret and used once, which makes the tag pseudorandom (SPEC.md 9.4).
//! HMAC's outer hash would add nothing to either: the encoding is
//! prefix-free and each opening keys one input.

use subtle::{Choice, ConstantTimeEq};

use crate::secret::{public_bytes, secret_bytes};
use crate::sha256::{self, Sha256};
use crate::wire::mac_input;

secret_bytes!(
    /// The 32-byte key that opens a [`FrankingTag`].
    ///
    /// Secret until the recipient reports the message: whoever holds it can
    /// check the franking tag against a guessed message. One opening per
    /// message; revealing it reveals nothing about any other message.
    Opening,
    32
);

public_bytes!(
    /// A 32-byte commitment to a header and message, sent beside the ciphertext
    /// and stamped by the platform. Reveals nothing about the message without
    /// the [`Opening`].
    FrankingTag,
    32
);

/// A franking commitment in progress: keyed by the opening, everything before
/// the message absorbed; the message is fed in chunks, so that sealing and
/// opening hash each chunk while it is in cache.
pub(crate) struct Commitment(Sha256);

impl Commitment {
    /// Absorbs the key block and the input up to the message.
    pub(crate) fn start(opening: &[u8; 32], header: &[u8], message_len: usize) -> Self {
        let mut hash = sha256::hmac_inner(opening);
        mac_input::absorb_commitment_prefix(&mut hash, header, message_len);
        Self(hash)
    }

    /// Absorbs the next bytes of the message.
    pub(crate) fn update(&mut self, chunk: &[u8]) {
        self.0.update(chunk);
    }

    /// The hash, for the committing AEAD to absorb the message in the same
    /// loop that encrypts or decrypts it.
    pub(crate) fn hash_mut(&mut self) -> &mut Sha256 {
        &mut self.0
    }

    /// The franking tag.
    pub(crate) fn finish(self) -> FrankingTag {
        FrankingTag::from_bytes(self.0.finish())
    }
}

/// The franking tag of (header, message) under `opening`. Lengths are the caller's to check.
pub(crate) fn compute(opening: &[u8; 32], header: &[u8], message: &[u8]) -> FrankingTag {
    let mut commitment = Commitment::start(opening, header, message.len());
    commitment.update(message);
    commitment.finish()
}

/// Whether `tag` commits to (header, message) under `opening`, in constant time.
pub(crate) fn check(
    opening: &[u8; 32],
    header: &[u8],
    message: &[u8],
    tag: &FrankingTag,
) -> Choice {
    compute(opening, header, message).ct_eq(tag)
}
