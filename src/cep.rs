//! The core of the committing AEAD shared by sealing and opening: GLR17's
//! Committing Encrypt-and-PRF (CEP) over XChaCha20 and SHA-256.
//!
//! The keystream is XChaCha20's with one change: the ChaCha20 nonce starts
//! with the label `"frk1"` where XChaCha20 has four zero bytes, so that it is
//! independent of XChaCha20 and XChaCha20-Poly1305 under the same key and nonce.
//! Its first block under (key, nonce) is split into the
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
use crate::encoding;
use crate::sender::{IntegrityTag, MessageKey, Nonce};
use crate::sha256;

/// Messages are hashed and encrypted in chunks of this size so that both
/// passes run while the chunk is still in L1 cache.
pub(crate) const CHUNK: usize = 8 * 1024;

/// The integrity key: eight SHA-256 chaining words. Secret, wiped on drop.
pub(crate) struct IntegrityKey(Zeroizing<[u32; 8]>);

impl IntegrityKey {
    /// `T = SHA-256-compress(integrity key, INTEGRITY_LABEL || tag || 0^16)`.
    pub(crate) fn tag(&self, franking_tag: &FrankingTag) -> IntegrityTag {
        let mut state = *self.0;
        sha256::compress(&mut state, &encoding::integrity_block(franking_tag));
        let tag = IntegrityTag::from_bytes(encoding::words_to_bytes(&state));
        // The state was a copy of the key before compression: wipe it.
        state.as_mut_slice().zeroize();
        tag
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
const _: () = assert!(encoding::MAX_MESSAGE_LEN / 64 + 1 < u32::MAX as usize);

/// XChaCha20 (draft-irtf-cfrg-xchacha) with a labelled nonce: HChaCha20 derives
/// a subkey from the key and the first 16 nonce bytes; IETF ChaCha20 runs under
/// the subkey with nonce `"frk1" || last 8 nonce bytes` (XChaCha20 has `0^4`
/// there), block counter from 0. Built from its parts so
/// that keystream is written in whole 4-block batches, with no buffer of the
/// generic stream-cipher wrapper to fill and wipe.
fn labelled_xchacha20(key: &MessageKey, nonce: &Nonce) -> ChaChaCore<R20, Ietf> {
    let (hchacha_input, chacha_nonce) = encoding::split_nonce(nonce);
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
        let mut cipher = labelled_xchacha20(key, nonce);
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
        encoding::split_first_block(block, opening.bytes_mut(), &mut integrity_key.0);
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

    use chacha20::cipher::StreamCipher;
    use chacha20::{ChaCha20, XChaCha20};

    use super::*;

    #[test]
    fn keystream_batch_wipes_every_byte() {
        let mut batch = KeystreamBatch([0xa5; BATCH]);
        batch.zeroize();
        assert!(batch.0.iter().all(|b| *b == 0));
    }

    fn test_key_and_nonce() -> (MessageKey, Nonce) {
        let key = MessageKey::from_bytes(core::array::from_fn(|i| i as u8));
        let nonce = Nonce::from_bytes(core::array::from_fn(|i| 0x80 ^ i as u8));
        (key, nonce)
    }

    /// The pads are block 0 of ChaCha20 under the HChaCha20 subkey with nonce
    /// `"frk1" || nonce[16..24]`, and the message keystream follows it, as
    /// RustCrypto's HChaCha20 and ChaCha20 compute them, whatever pieces the
    /// message comes in (across batch boundaries and the first pass's 192 bytes).
    #[test]
    fn keystream_is_labelled_chacha20_block_0_then_the_rest() {
        let (key, nonce) = test_key_and_nonce();
        let total = 3 * BATCH + 77;
        let mut expected = vec![0u8; 64 + total];
        let hchacha_input: [u8; 16] = nonce.as_bytes()[..16].try_into().unwrap();
        let subkey = hchacha::<R20>(key.as_bytes().into(), &hchacha_input.into());
        let mut chacha_nonce = [0u8; 12];
        chacha_nonce[..4].copy_from_slice(b"frk1");
        chacha_nonce[4..].copy_from_slice(&nonce.as_bytes()[16..]);
        ChaCha20::new(&subkey, &chacha_nonce.into()).apply_keystream(&mut expected);
        for pieces in [
            &[total][..],
            &[1, 191, 1, 255, 256, total - 704],
            &[192, 64, total - 256],
        ] {
            let mut keystream = Keystream::new(&key, &nonce);
            assert_eq!(keystream.opening.as_bytes()[..], expected[..32]);
            let integrity_key: [u8; 32] = encoding::words_to_bytes(&keystream.integrity_key.0);
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

    /// The keystream is not XChaCha20's: neither the pads nor the message
    /// keystream coincide with XChaCha20 under the same key and nonce.
    #[test]
    fn keystream_differs_from_xchacha20() {
        let (key, nonce) = test_key_and_nonce();
        let mut xchacha = vec![0u8; 64 + BATCH];
        XChaCha20::new(key.as_bytes().into(), nonce.as_bytes().into())
            .apply_keystream(&mut xchacha);
        let mut keystream = Keystream::new(&key, &nonce);
        let integrity_key: [u8; 32] = encoding::words_to_bytes(&keystream.integrity_key.0);
        let mut message = vec![0u8; 64 + BATCH];
        keystream.apply(&mut message);
        for (i, block) in xchacha.chunks(64).enumerate() {
            assert_ne!(keystream.opening.as_bytes()[..], block[..32], "block {i}");
            assert_ne!(integrity_key[..], block[32..], "block {i}");
            for ours in message.chunks(64) {
                assert_ne!(ours, block, "block {i}");
            }
        }
    }
}
