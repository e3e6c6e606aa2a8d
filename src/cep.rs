//! The core of the committing AEAD shared by sealing and opening: GLR17's
//! Committing Encrypt-and-PRF (CEP) over a suite's keystream and SHA-256.
//!
//! The first 64 keystream bytes under (key, nonce) are split into the
//! opening (bytes 0..32) and the integrity key (bytes 32..64); the message is
//! encrypted with the keystream that follows, in the same cipher instance
//! (`crate::suite`).
//! The integrity tag is one SHA-256 compression of a fixed block holding the
//! franking tag, with the integrity key as chaining value: a PRF on a single
//! fixed-length block, which is all ciphertext integrity needs here.

use zeroize::{Zeroize, Zeroizing};

use crate::commitment::FrankingTag;
use crate::envelope::IntegrityTag;
use crate::sha256;
use crate::wire::{self, mac_input};

pub(crate) use crate::suite::Keystream;

/// Messages are hashed and encrypted in chunks of this size so that both
/// passes run while the chunk is still in L1 cache.
pub(crate) const CHUNK: usize = 8 * 1024;

/// The integrity key: eight SHA-256 chaining words. Secret, wiped on drop.
pub(crate) struct IntegrityKey(Zeroizing<[u32; 8]>);

impl IntegrityKey {
    /// An all-zero key to be filled in place.
    pub(crate) fn zeroed() -> Self {
        Self(Zeroizing::new([0u32; 8]))
    }

    /// The words, to fill in place.
    pub(crate) fn words_mut(&mut self) -> &mut [u32; 8] {
        &mut self.0
    }

    /// The words.
    #[cfg(test)]
    pub(crate) fn words(&self) -> &[u32; 8] {
        &self.0
    }

    /// `T = SHA-256-compress(integrity key, INTEGRITY_LABEL || tag || 0^16)`.
    pub(crate) fn tag(&self, franking_tag: &FrankingTag) -> IntegrityTag {
        let mut state = *self.0;
        sha256::compress(&mut state, &mac_input::integrity_block(franking_tag));
        let tag = IntegrityTag::from_bytes(sha256::words_to_bytes(&state));
        // The state was a copy of the key before compression: wipe it.
        state.as_mut_slice().zeroize();
        tag
    }

    /// `bytes(compress(integrity key, block))` for another domain-separated
    /// block: the same PRF as the tag (media attachment keys, SPEC.md 14.2).
    pub(crate) fn derive(&self, block: &[u8; sha256::BLOCK]) -> zeroize::Zeroizing<[u8; 32]> {
        let mut state = *self.0;
        sha256::compress(&mut state, block);
        let out = zeroize::Zeroizing::new(sha256::words_to_bytes(&state));
        state.as_mut_slice().zeroize();
        out
    }
}

/// The whole messages this crate accepts fit in each suite's 32-bit block
/// counter, after the pads: the keystream never wraps (ChaCha20: 64-byte
/// blocks from block 1; AES: 16-byte blocks from block 4).
const _: () = assert!(wire::MAX_MESSAGE_LEN / 64 + 1 < u32::MAX as usize);
const _: () = assert!(wire::MAX_MESSAGE_LEN / 16 + 5 < u32::MAX as usize);
