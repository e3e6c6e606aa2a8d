//! The sealed message's public companions: the nonce, the integrity tag and
//! the envelope that carries them beside the ciphertext.

use rand_core::CryptoRng;

use crate::commitment::FrankingTag;
use crate::secret::public_bytes;

public_bytes!(
    /// A 24-byte nonce (both suites). Public; must never repeat under one key.
    Nonce,
    24
);

public_bytes!(
    /// A 32-byte tag that keeps ciphertext integrity even after the opening is
    /// revealed. Checked by the recipient, never needed by the platform or moderator.
    IntegrityTag,
    32
);

impl Nonce {
    /// A fresh random nonce.
    pub fn random<R: CryptoRng + ?Sized>(rng: &mut R) -> Self {
        let mut bytes = [0u8; 24];
        rng.fill_bytes(&mut bytes);
        Self::from_bytes(bytes)
    }
}

/// What travels beside a sealed ciphertext: nonce, franking tag and integrity tag.
///
/// The platform stamps [`Envelope::franking_tag`]; the recipient needs all three
/// to open. Encoded as 88 bytes, see [`Envelope::to_bytes`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Envelope {
    nonce: Nonce,
    franking_tag: FrankingTag,
    integrity_tag: IntegrityTag,
}

impl Envelope {
    /// Assembles an envelope from its parts as received.
    pub const fn new(nonce: Nonce, franking_tag: FrankingTag, integrity_tag: IntegrityTag) -> Self {
        Self {
            nonce,
            franking_tag,
            integrity_tag,
        }
    }

    /// The nonce the message was sealed under.
    pub const fn nonce(&self) -> &Nonce {
        &self.nonce
    }

    /// The commitment to header and message, for the platform to stamp.
    pub const fn franking_tag(&self) -> &FrankingTag {
        &self.franking_tag
    }

    /// The ciphertext integrity tag.
    pub const fn integrity_tag(&self) -> &IntegrityTag {
        &self.integrity_tag
    }
}
