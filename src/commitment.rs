//! The franking commitment: `FrankingTag = HMAC-SHA256(opening, encode(header, message))`.
//!
//! This one equation is shared by both ways of franking (the committing AEAD
//! and layer mode), by the recipient's check and by the moderator's check.
//! Binding comes from HMAC-SHA256 with a fixed 32-byte key being collision
//! resistant as a function of (key, input); hiding from the opening being
//! uniformly random (layer mode) or pseudorandom (committing AEAD).

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use subtle::{Choice, ConstantTimeEq};
use zeroize::Zeroize;

use crate::encoding;
use crate::secret::{public_bytes, secret_bytes};

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

/// HMAC-SHA256 keyed with a 32-byte key, without the fallible `new_from_slice`:
/// HMAC pads keys shorter than the block with zeros, so we do it here.
pub(crate) fn hmac_from_key(key: &[u8; 32]) -> Hmac<Sha256> {
    let mut block = [0u8; 64];
    block[..32].copy_from_slice(key);
    let mac = Hmac::<Sha256>::new(&block.into());
    // The padded key is a copy of the secret: wipe it at its last use.
    block.as_mut_slice().zeroize();
    mac
}

/// An HMAC keyed with `opening` that has absorbed everything before the message.
pub(crate) fn start(opening: &Opening, header: &[u8], message_len: usize) -> Hmac<Sha256> {
    let mut mac = hmac_from_key(opening.as_bytes());
    encoding::absorb_commitment_prefix(&mut mac, header, message_len);
    mac
}

/// Completes a commitment begun with [`start`].
pub(crate) fn finish(mac: Hmac<Sha256>) -> FrankingTag {
    FrankingTag::from_bytes(mac.finalize().into_bytes().into())
}

/// The franking tag of (header, message) under `opening`. Lengths are the caller's to check.
pub(crate) fn compute(opening: &Opening, header: &[u8], message: &[u8]) -> FrankingTag {
    let mut mac = start(opening, header, message.len());
    mac.update(message);
    finish(mac)
}

/// Whether `tag` commits to (header, message) under `opening`, in constant time.
pub(crate) fn check(opening: &Opening, header: &[u8], message: &[u8], tag: &FrankingTag) -> Choice {
    compute(opening, header, message).ct_eq(tag)
}
