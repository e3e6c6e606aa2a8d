//! Cipher suites: where the keystream of the committing AEAD comes from.
//!
//! Both suites produce one keystream per (key, nonce), used alike
//! (SPEC.md 4.2): its bytes 0..32 are the opening, bytes 32..64 the integrity
//! key, and the message is encrypted with the keystream from byte 64 on. The
//! commitment, integrity tag, stamp, report and moderator do not depend on the
//! suite, so a report verifies the same whichever suite sealed the message.
//!
//! - [`Suite::XChaCha20`]: ChaCha20 under the HChaCha20 subkey with a labelled
//!   nonce (`xchacha20.rs`). The suite for CPUs without AES instructions.
//! - [`Suite::Aes256`]: AES-256-CTR under a per-nonce key derived like
//!   XAES-256-GCM's with its own label (`aes256.rs`). Faster where the CPU has
//!   AES instructions.

mod aes256;
mod xchacha20;

pub(crate) use aes256::KeySchedule;
pub(crate) use xchacha20::cipher_with_label as xchacha20_with_label;

use chacha20::ChaChaCore;
use chacha20::R20;
use chacha20::cipher::StreamCipherCore;
use chacha20::cipher::array::Array;
use chacha20::cipher::consts::U64;
use chacha20::variants::Ietf;
use zeroize::{Zeroize, Zeroizing};

use crate::cep::{CHUNK, IntegrityKey};
use crate::commitment::Opening;
use crate::envelope::Nonce;
use crate::sender::MessageKey;
use crate::sha256::Sha256;
use crate::wire::mac_input;

/// The cipher a [`MessageKey`] is used with. A key belongs to one suite: the
/// suite is chosen when the key is made and travels with it, not on the wire.
///
/// Both suites have the same security properties (committing, secure with
/// openings revealed, random 24-byte nonces) and the same envelope, and their
/// reports are indistinguishable to the moderator. Choose
/// [`Suite::Aes256`] where every device that opens the message has AES
/// instructions (x86-64 with AES-NI, ARMv8 with the crypto extension), and
/// [`Suite::XChaCha20`] otherwise: AES in software is bitsliced (constant
/// time) but several times slower than ChaCha20.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Suite {
    /// ChaCha20 under an HChaCha20 subkey (SPEC.md 2). The default.
    #[default]
    XChaCha20,
    /// AES-256-CTR under a per-nonce derived key (SPEC.md 4.5).
    Aes256,
}

impl Suite {
    /// The suite's one-byte id, for apps that want to put it on the wire
    /// (SPEC.md 4.5): `0x01` for XChaCha20, `0x02` for AES-256.
    pub const fn id(self) -> u8 {
        match self {
            Self::XChaCha20 => 1,
            Self::Aes256 => 2,
        }
    }

    /// The suite with this id; `None` for an unknown id.
    pub const fn from_id(id: u8) -> Option<Self> {
        match id {
            1 => Some(Self::XChaCha20),
            2 => Some(Self::Aes256),
            _ => None,
        }
    }
}

/// Keystream bytes are generated at most this many at a time: four ChaCha20
/// blocks (the SIMD backends compute four blocks in one pass) or eight AES
/// blocks twice over.
const MAX_BATCH: usize = 256;

// Chunks end on batch boundaries, so every chunk after the first draws whole
// batches from the cipher and leaves no keystream pending.
const _: () = assert!(CHUNK.is_multiple_of(MAX_BATCH) && CHUNK >= MAX_BATCH);

/// One batch of keystream. Wiped as a slice: one bulk write and a barrier,
/// where an array would be wiped byte by byte.
struct KeystreamBatch([u8; MAX_BATCH]);

impl Zeroize for KeystreamBatch {
    fn zeroize(&mut self) {
        self.0.as_mut_slice().zeroize();
    }
}

/// Keystream bytes generated but not used yet. Secret, wiped on drop.
struct Pending {
    bytes: Zeroizing<KeystreamBatch>,
    used: usize,
    len: usize,
}

impl Pending {
    /// XORs unused keystream into the front of `data`; returns how many bytes it covered.
    fn xor_into(&mut self, data: &mut [u8]) -> usize {
        let unused = self.bytes.0.get(self.used..self.len).unwrap_or_default();
        let n = unused.len().min(data.len());
        for (d, k) in data.iter_mut().zip(unused) {
            *d ^= *k;
        }
        self.used += n;
        n
    }
}

/// The positioned stream cipher of one suite. Both wipe their keys on drop.
/// The AES variant holds round keys for both AES backends (about 1 KiB); it
/// lives on the stack for one call, and boxing would need the heap.
#[allow(clippy::large_enum_variant)]
enum Cipher {
    XChaCha20(ChaChaCore<R20, Ietf>),
    Aes256(aes256::Ctr),
}

impl Cipher {
    /// Keystream bytes per pass of the cipher's parallel backend.
    fn batch(&self) -> usize {
        match self {
            Self::XChaCha20(_) => xchacha20::BATCH,
            Self::Aes256(_) => aes256::BATCH,
        }
    }

    /// Writes keystream over `out`, whose length is a multiple of the block size.
    fn write(&mut self, out: &mut [u8]) {
        match self {
            Self::XChaCha20(c) => {
                c.write_keystream_blocks(Array::<u8, U64>::slice_as_chunks_mut(out).0);
            }
            Self::Aes256(c) => c.write(out),
        }
    }

    /// XORs keystream into `data`, whose length is a multiple of the block size.
    fn apply(&mut self, data: &mut [u8]) {
        match self {
            Self::XChaCha20(c) => {
                c.apply_keystream_blocks(Array::<u8, U64>::slice_as_chunks_mut(data).0);
            }
            Self::Aes256(c) => c.apply(data),
        }
    }
}

/// A keystream positioned after its first 64 bytes, with the pads they gave.
pub(crate) struct Keystream {
    cipher: Cipher,
    pub(crate) opening: Opening,
    pub(crate) integrity_key: IntegrityKey,
    pending: Pending,
}

impl Keystream {
    pub(crate) fn new(key: &MessageKey, nonce: &Nonce) -> Self {
        let mut cipher = match key.suite() {
            Suite::XChaCha20 => Cipher::XChaCha20(xchacha20::cipher(key.as_bytes(), nonce)),
            Suite::Aes256 => Cipher::Aes256(match key.aes_schedule() {
                Some(schedule) => aes256::cipher(schedule, nonce),
                None => aes256::cipher(&KeySchedule::new(key.as_bytes()), nonce),
            }),
        };
        // One pass: the first 64 bytes give the pads. ChaCha20 computes four
        // blocks at once, and the rest of its batch is kept for the first
        // message bytes; AES stops at the pads, so that the message starts on
        // a counter block and can be hashed and encrypted in one loop.
        let len = match cipher {
            Cipher::XChaCha20(_) => xchacha20::BATCH,
            Cipher::Aes256(_) => 64,
        };
        let mut pending = Pending {
            bytes: Zeroizing::new(KeystreamBatch([0u8; MAX_BATCH])),
            used: 64,
            len,
        };
        cipher.write(pending.bytes.0.get_mut(..len).unwrap_or_default());
        let mut opening = Opening::zeroed();
        let mut integrity_key = IntegrityKey::zeroed();
        let (block, _) = pending
            .bytes
            .0
            .split_first_chunk::<64>()
            .unwrap_or((&[0u8; 64], &[]));
        mac_input::split_first_block(block, opening.bytes_mut(), integrity_key.words_mut());
        Self {
            cipher,
            opening,
            integrity_key,
            pending,
        }
    }

    /// Sealing: hashes `chunk` (plaintext) into `hash`, then encrypts it.
    pub(crate) fn hash_then_apply(&mut self, hash: &mut Sha256, chunk: &mut [u8]) {
        self.hash_and_apply::<{ aes256::SEAL }>(hash, chunk);
    }

    /// Opening: decrypts `chunk`, then hashes the plaintext into `hash`.
    pub(crate) fn apply_then_hash(&mut self, chunk: &mut [u8], hash: &mut Sha256) {
        self.hash_and_apply::<{ aes256::OPEN }>(hash, chunk);
    }

    fn hash_and_apply<const MODE: u8>(&mut self, hash: &mut Sha256, chunk: &mut [u8]) {
        // From a counter block on (no keystream pending), AES may take the
        // front of the chunk in one loop (`aes256::Ctr::hash_and_apply`).
        let done = match &mut self.cipher {
            Cipher::Aes256(ctr) if self.pending.used == self.pending.len => {
                ctr.hash_and_apply::<MODE>(hash, chunk)
            }
            _ => 0,
        };
        self.hash_and_apply_apart::<MODE>(hash, chunk.get_mut(done..).unwrap_or_default());
    }

    /// Hashes and applies the keystream in two passes over `chunk`.
    fn hash_and_apply_apart<const MODE: u8>(&mut self, hash: &mut Sha256, chunk: &mut [u8]) {
        if MODE == aes256::SEAL {
            hash.update(chunk);
            self.apply(chunk);
        } else {
            self.apply(chunk);
            hash.update(chunk);
        }
    }

    /// XORs the next keystream bytes into `chunk`.
    pub(crate) fn apply(&mut self, chunk: &mut [u8]) {
        let done = self.pending.xor_into(chunk);
        let rest = chunk.get_mut(done..).unwrap_or_default();
        // Whole batches straight from the cipher (one backend pass each)...
        let batch = self.cipher.batch();
        let (bulk, tail) = rest.split_at_mut(rest.len() - rest.len() % batch);
        self.cipher.apply(bulk);
        // ...and the tail from one more batch, whose rest is kept for the next chunk.
        if !tail.is_empty() {
            self.pending.used = 0;
            self.pending.len = batch;
            self.cipher
                .write(self.pending.bytes.0.get_mut(..batch).unwrap_or_default());
            self.pending.xor_into(tail);
        }
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::unwrap_used)]
mod tests {
    extern crate std;
    use std::format;
    use std::vec;
    use std::vec::Vec;

    use super::*;

    #[test]
    fn keystream_batch_wipes_every_byte() {
        let mut batch = KeystreamBatch([0xa5; MAX_BATCH]);
        batch.zeroize();
        assert!(batch.0.iter().all(|b| *b == 0));
    }

    #[test]
    fn suite_ids_round_trip() {
        for suite in [Suite::XChaCha20, Suite::Aes256] {
            assert_eq!(Suite::from_id(suite.id()), Some(suite));
        }
        assert_eq!(Suite::from_id(0), None);
        assert_eq!(Suite::from_id(3), None);
    }

    /// The pads and the message keystream of `key` under `nonce`, for `total`
    /// message bytes, applied in the given pieces.
    pub(super) fn pads_and_keystream(
        key: &MessageKey,
        nonce: &Nonce,
        total: usize,
        pieces: &[usize],
    ) -> Vec<u8> {
        let mut keystream = Keystream::new(key, nonce);
        let mut out = vec![0u8; 64 + total];
        out[..32].copy_from_slice(keystream.opening.as_bytes());
        out[32..64].copy_from_slice(&crate::sha256::words_to_bytes(
            keystream.integrity_key.words(),
        ));
        let mut at = 64;
        for &len in pieces {
            keystream.apply(&mut out[at..at + len]);
            at += len;
        }
        assert_eq!(at, 64 + total);
        out
    }

    /// Hashing and encrypting in one pass (sealing) or decrypting and hashing
    /// (opening) gives the bytes and the hash of the two passes apart, for
    /// both suites, every phase of the hash against the keystream's blocks,
    /// and any way the message is cut into pieces.
    #[test]
    fn one_pass_equals_two_passes() {
        use crate::sha256::Sha256;
        let total = 3 * CHUNK + 77;
        let message: Vec<u8> = (0..total).map(|i| (i * 7 + 3) as u8).collect();
        let nonce = Nonce::from_bytes(core::array::from_fn(|i| 0x40 ^ i as u8));
        for suite in [Suite::XChaCha20, Suite::Aes256] {
            let key = MessageKey::with_suite(
                suite,
                core::array::from_fn(|i| (i as u8).wrapping_mul(0x11)),
            );
            let ciphertext: Vec<u8> = message
                .iter()
                .zip(&pads_and_keystream(&key, &nonce, total, &[total])[64..])
                .map(|(m, k)| m ^ k)
                .collect();
            for phase in [0usize, 1, 15, 16, 17, 32, 48, 63] {
                let start = || {
                    let mut hash = Sha256::resume(crate::sha256::IV, 0);
                    hash.update(&vec![0xa5; phase]);
                    hash
                };
                let mut reference = start();
                reference.update(&message);
                let reference = reference.finish();
                let mut cuts_list = cuts(total).to_vec();
                cuts_list.push(vec![CHUNK, CHUNK, CHUNK, 77]);
                cuts_list.push(vec![16, 48, 1, 15, total - 80]);
                for pieces in cuts_list {
                    let (mut sealed, mut opened) = (message.clone(), ciphertext.clone());
                    let (mut seal_hash, mut open_hash) = (start(), start());
                    let (mut seal_ks, mut open_ks) =
                        (Keystream::new(&key, &nonce), Keystream::new(&key, &nonce));
                    let mut at = 0;
                    for &len in &pieces {
                        seal_ks.hash_then_apply(&mut seal_hash, &mut sealed[at..at + len]);
                        open_ks.apply_then_hash(&mut opened[at..at + len], &mut open_hash);
                        at += len;
                    }
                    let what = format!("{suite:?} phase {phase} pieces {pieces:?}");
                    assert!(sealed == ciphertext, "sealing: ciphertext, {what}");
                    assert!(opened == message, "opening: plaintext, {what}");
                    assert_eq!(seal_hash.finish(), reference, "sealing: hash, {what}");
                    assert_eq!(open_hash.finish(), reference, "opening: hash, {what}");
                }
            }
        }
    }

    /// Ways to cut `total` bytes: whole, and across batch boundaries and the
    /// first pass's remainder.
    pub(super) fn cuts(total: usize) -> [Vec<usize>; 3] {
        [
            vec![total],
            vec![1, 63, 1, 127, 256, 1, 255, total - 704],
            vec![64, 192, 64, total - 320],
        ]
    }
}
