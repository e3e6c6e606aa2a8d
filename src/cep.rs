//! The core of the committing AEAD shared by sealing and opening: GLR17's
//! Committing Encrypt-and-PRF (CEP) over XChaCha20 and SHA-256.
//!
//! The first XChaCha20 keystream block under (key, nonce) is split into the
//! opening (bytes 0..32) and the integrity key (bytes 32..64); the message is
//! encrypted with the keystream that follows, in the same cipher instance.
//! The integrity tag is one SHA-256 compression of a fixed block holding the
//! franking tag, with the integrity key as chaining value: a PRF on a single
//! fixed-length block, which is all ciphertext integrity needs here.

use chacha20::cipher::array::Array;
use chacha20::cipher::consts::U64;
use chacha20::cipher::{KeyIvInit, StreamCipherCore};
use chacha20::variants::Ietf;
use chacha20::{ChaChaCore, R20, hchacha};
use zeroize::{Zeroize, Zeroizing};

use crate::commitment::{FrankingTag, Opening};
use crate::envelope::{IntegrityTag, Nonce};
use crate::sender::MessageKey;
use crate::sha256;
use crate::wire::{self, mac_input};

/// Messages are hashed and encrypted in chunks of this size so that both
/// passes run while the chunk is still in L1 cache.
pub(crate) const CHUNK: usize = 8 * 1024;

/// The integrity key: eight SHA-256 chaining words. Secret, wiped on drop.
pub(crate) struct IntegrityKey(Zeroizing<[u32; 8]>);

impl IntegrityKey {
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

/// Keystream bytes are generated this many at a time (four ChaCha20 blocks):
/// the SIMD backends compute four blocks in one pass, and a request for one
/// block costs the same pass with three blocks thrown away.
const BATCH: usize = 256;

// Chunks end on batch boundaries, so every chunk after the first draws whole
// batches from the cipher and leaves no keystream pending.
const _: () = assert!(CHUNK.is_multiple_of(BATCH) && CHUNK >= BATCH);

/// One batch of keystream. Wiped as a slice: one bulk write and a barrier,
/// where an array would be wiped byte by byte.
struct KeystreamBatch([u8; BATCH]);

impl Zeroize for KeystreamBatch {
    fn zeroize(&mut self) {
        self.0.as_mut_slice().zeroize();
    }
}

/// Keystream bytes generated but not used yet. Secret, wiped on drop.
struct Pending {
    bytes: Zeroizing<KeystreamBatch>,
    used: usize,
}

impl Pending {
    /// XORs unused keystream into the front of `data`; returns how many bytes it covered.
    fn xor_into(&mut self, data: &mut [u8]) -> usize {
        let unused = self.bytes.0.get(self.used..).unwrap_or_default();
        let n = unused.len().min(data.len());
        for (d, k) in data.iter_mut().zip(unused) {
            *d ^= *k;
        }
        self.used += n;
        n
    }
}

/// The whole messages this crate accepts fit in ChaCha20's 32-bit block
/// counter, after block 0: the keystream never wraps.
const _: () = assert!(wire::MAX_MESSAGE_LEN / 64 + 1 < u32::MAX as usize);

/// XChaCha20 (draft-irtf-cfrg-xchacha): HChaCha20 derives a subkey from the key
/// and the first 16 nonce bytes; IETF ChaCha20 runs under the subkey with nonce
/// `0^4 || last 8 nonce bytes`, block counter from 0. Built from its parts so
/// that keystream is written in whole 4-block batches, with no buffer of the
/// generic stream-cipher wrapper to fill and wipe.
fn xchacha20(key: &MessageKey, nonce: &Nonce) -> ChaChaCore<R20, Ietf> {
    let (hchacha_input, chacha_nonce) = mac_input::split_nonce(nonce);
    let mut subkey = hchacha::<R20>(key.as_bytes().into(), &hchacha_input.into());
    let core = ChaChaCore::<R20, Ietf>::new(&subkey, &chacha_nonce.into());
    // The subkey is as secret as the key: wipe it at its last use.
    subkey.as_mut_slice().zeroize();
    core
}

/// A keystream positioned after the first block, with the pads it yielded.
pub(crate) struct Keystream {
    cipher: ChaChaCore<R20, Ietf>,
    pub(crate) opening: Opening,
    pub(crate) integrity_key: IntegrityKey,
    pending: Pending,
}

impl Keystream {
    pub(crate) fn new(key: &MessageKey, nonce: &Nonce) -> Self {
        let mut cipher = xchacha20(key, nonce);
        // Blocks 0..4 in one pass: block 0 gives the pads, blocks 1..4 are
        // kept for the first 192 message bytes.
        let mut pending = Pending {
            bytes: Zeroizing::new(KeystreamBatch([0u8; BATCH])),
            used: 64,
        };
        cipher.write_keystream_blocks(Array::slice_as_chunks_mut(&mut pending.bytes.0).0);
        let mut opening = Opening::zeroed();
        let mut integrity_key = IntegrityKey(Zeroizing::new([0u32; 8]));
        let (block, _) = pending
            .bytes
            .0
            .split_first_chunk::<64>()
            .unwrap_or((&[0u8; 64], &[]));
        mac_input::split_first_block(block, opening.bytes_mut(), &mut integrity_key.0);
        Self {
            cipher,
            opening,
            integrity_key,
            pending,
        }
    }

    /// XORs the next keystream bytes into `chunk`.
    pub(crate) fn apply(&mut self, chunk: &mut [u8]) {
        let done = self.pending.xor_into(chunk);
        let rest = chunk.get_mut(done..).unwrap_or_default();
        // Whole batches straight from the cipher (four blocks per pass)...
        let (bulk, tail) = rest.as_chunks_mut::<BATCH>();
        let (blocks, _) = Array::<u8, U64>::slice_as_chunks_mut(bulk.as_flattened_mut());
        self.cipher.apply_keystream_blocks(blocks);
        // ...and the tail from one more batch, whose rest is kept for the next chunk.
        if !tail.is_empty() {
            self.pending.used = 0;
            self.cipher
                .write_keystream_blocks(Array::slice_as_chunks_mut(&mut self.pending.bytes.0).0);
            self.pending.xor_into(tail);
        }
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::unwrap_used)]
mod tests {
    extern crate std;
    use std::vec;

    use chacha20::XChaCha20;
    use chacha20::cipher::StreamCipher;

    use super::*;

    #[test]
    fn keystream_batch_wipes_every_byte() {
        let mut batch = KeystreamBatch([0xa5; BATCH]);
        batch.zeroize();
        assert!(batch.0.iter().all(|b| *b == 0));
    }

    /// The pads are XChaCha20 block 0 and the message keystream follows it,
    /// as RustCrypto's XChaCha20 computes them, whatever pieces the message
    /// comes in (across batch boundaries and the first pass's 192 bytes).
    #[test]
    fn keystream_is_xchacha20_block_0_then_the_rest() {
        let key = MessageKey::from_bytes(core::array::from_fn(|i| i as u8));
        let nonce = Nonce::from_bytes(core::array::from_fn(|i| 0x80 ^ i as u8));
        let total = 3 * BATCH + 77;
        let mut expected = vec![0u8; 64 + total];
        XChaCha20::new(key.as_bytes().into(), nonce.as_bytes().into())
            .apply_keystream(&mut expected);
        for pieces in [
            &[total][..],
            &[1, 191, 1, 255, 256, total - 704],
            &[192, 64, total - 256],
        ] {
            let mut keystream = Keystream::new(&key, &nonce);
            assert_eq!(keystream.opening.as_bytes()[..], expected[..32]);
            let integrity_key: [u8; 32] = sha256::words_to_bytes(&keystream.integrity_key.0);
            assert_eq!(integrity_key[..], expected[32..64]);
            let mut got = vec![0u8; total];
            let mut at = 0;
            for &len in pieces {
                keystream.apply(&mut got[at..at + len]);
                at += len;
            }
            assert_eq!(at, total);
            assert_eq!(got, expected[64..], "pieces {pieces:?}");
        }
    }
}
