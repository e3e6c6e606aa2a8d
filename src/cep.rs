//! The core of the committing AEAD shared by sealing and opening: GLR17's
//! Committing Encrypt-and-PRF (CEP) over XChaCha20 and SHA-256.
//!
//! The first XChaCha20 keystream block under (key, nonce) is split into the
//! opening (bytes 0..32) and the integrity key (bytes 32..64); the message is
//! encrypted with the keystream that follows, in the same cipher instance.
//! The integrity tag is one SHA-256 compression of a fixed block holding the
//! franking tag, with the integrity key as chaining value: a PRF on a single
//! fixed-length block, which is all ciphertext integrity needs here.

use chacha20::XChaCha20;
use chacha20::cipher::{KeyIvInit, StreamCipher};
use sha2::block_api::compress256;
use zeroize::{Zeroize, Zeroizing};

use crate::Error;
use crate::commitment::{FrankingTag, Opening};
use crate::encoding;
use crate::sender::{IntegrityTag, MessageKey, Nonce};

/// Messages are hashed and encrypted in chunks of this size so that both
/// passes run while the chunk is still in L1 cache.
pub(crate) const CHUNK: usize = 8 * 1024;

/// The integrity key: eight SHA-256 chaining words. Secret, wiped on drop.
pub(crate) struct IntegrityKey(Zeroizing<[u32; 8]>);

impl IntegrityKey {
    /// `T = SHA-256-compress(integrity key, INTEGRITY_LABEL || tag || 0^16)`.
    pub(crate) fn tag(&self, franking_tag: &FrankingTag) -> IntegrityTag {
        let mut state = *self.0;
        compress256(&mut state, &[encoding::integrity_block(franking_tag)]);
        let tag = IntegrityTag::from_bytes(encoding::words_to_bytes(&state));
        // The state was a copy of the key before compression: wipe it.
        state.zeroize();
        tag
    }
}

/// A keystream positioned after the first block, with the pads it yielded.
pub(crate) struct Keystream {
    pub(crate) cipher: XChaCha20,
    pub(crate) opening: Opening,
    pub(crate) integrity_key: IntegrityKey,
}

impl Keystream {
    pub(crate) fn new(key: &MessageKey, nonce: &Nonce) -> Self {
        let mut cipher = XChaCha20::new(key.as_bytes().into(), nonce.as_bytes().into());
        let mut block = [0u8; 64];
        // A fresh cipher always has its first block available.
        cipher.apply_keystream(&mut block);
        let mut opening = Opening::zeroed();
        let mut integrity_key = IntegrityKey(Zeroizing::new([0u32; 8]));
        encoding::split_first_block(&block, opening.bytes_mut(), &mut integrity_key.0);
        // Pads derived from the key: wipe the scratch copy at its last use.
        block.zeroize();
        Self {
            cipher,
            opening,
            integrity_key,
        }
    }

    /// XORs the next keystream bytes into `chunk`.
    pub(crate) fn apply(&mut self, chunk: &mut [u8]) -> Result<(), Error> {
        self.cipher
            .try_apply_keystream(chunk)
            .map_err(|_| Error::TooLong)
    }
}
