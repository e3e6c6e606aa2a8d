//! The AES-256 suite (SPEC.md 4.5): AES-256-CTR under a per-nonce key.
//!
//! The per-nonce key `Kx` is derived from `K` and the first 12 nonce bytes as
//! in XAES-256-GCM (NIST SP 800-108 counter mode over CMAC), with the label
//! byte `'F'` where XAES-256-GCM has `'X'`:
//!
//! ```text
//! L  = AES-256(K, 0^16);  K1 = dbl(L)            -- CMAC's first subkey
//! Kx = AES-256(K, (00 01 'F' 00 || N[0..12]) XOR K1) || AES-256(K, (00 02 'F' 00 || N[0..12]) XOR K1)
//! ```
//!
//! The keystream is AES-256-CTR under `Kx` with the counter block
//! `N[12..24] || u32(i)`, `i` from 0: blocks 0 and 1 are the opening, blocks 2
//! and 3 the integrity key, the message starts at block 4.
//!
//! CTR mode is written here over the block cipher's backend rather than taken
//! from the `ctr` crate, for one reason: sealing and opening hash the message
//! and encrypt it in one loop, one SHA-256 block then the four AES blocks it
//! covers ([`Ctr::hash_and_apply`]). SHA-256 is a chain of dependent rounds
//! that leaves the AES units idle; interleaved this finely, the processor
//! runs the AES blocks in the chain's shadow, where in separate passes they
//! add about a third to the hash (`examples/ratios.rs`, `seal_aes` against
//! `sha256+aes256_ctr`).
use aes::Aes256Enc;
use aes::cipher::array::Array;
use aes::cipher::consts::U16;
use aes::cipher::typenum::Unsigned;
use aes::cipher::{
    BlockCipherEncBackend, BlockCipherEncClosure, BlockCipherEncrypt, BlockSizeUser, KeyInit,
    ParBlocks,
};
use zeroize::{Zeroize, Zeroizing};

use crate::envelope::Nonce;
use crate::sha256::{BLOCK, Sha256};

/// The label byte of the key derivation: `'F'` (XAES-256-GCM uses `'X'`).
pub(super) const LABEL: u8 = b'F';

/// The AES block size.
const AES_BLOCK: usize = 16;

/// Keystream bytes the keystream draws for a message's last partial block:
/// one AES block. (Whole blocks go through [`Ctr::apply`], which runs the
/// backend's parallel width itself.)
pub(super) const BATCH: usize = AES_BLOCK;

/// Doubling in GF(2^128) as CMAC defines it, without a secret-dependent
/// branch, written into `out` so that no copy of the result is left behind.
fn dbl(block: &[u8; 16], out: &mut [u8; 16]) {
    let v = u128::from_be_bytes(*block);
    let reduce = 0x87 & (v >> 127).wrapping_neg();
    *out = ((v << 1) ^ reduce).to_be_bytes();
}

/// The nonce's halves: the key derivation's input and the counter block's prefix.
fn halves(nonce: &Nonce) -> ([u8; 12], [u8; 12]) {
    let (head, tail) = nonce.as_bytes().split_at(12);
    let mut halves = ([0u8; 12], [0u8; 12]);
    halves.0.copy_from_slice(head);
    halves.1.copy_from_slice(tail);
    halves
}

/// What the suite computes once per key, as XAES-256-GCM implementations do:
/// the round keys of `K` and CMAC's subkey `K1 = dbl(AES-256(K, 0^16))`.
/// Both wipe themselves on drop.
#[derive(Clone)]
pub(crate) struct KeySchedule {
    cipher: Aes256Enc,
    k1: Zeroizing<[u8; 16]>,
}

impl KeySchedule {
    pub(crate) fn new(key: &[u8; 32]) -> Self {
        let mut schedule = Self {
            cipher: Aes256Enc::new(key.into()),
            k1: Zeroizing::new([0u8; 16]),
        };
        // L and K1 are as secret as the key: K1 is computed in place, and L
        // wiped at its last use.
        let mut l = Array::from([0u8; 16]);
        schedule.cipher.encrypt_block(&mut l);
        dbl(&l.0, &mut schedule.k1);
        l.as_mut_slice().zeroize();
        schedule
    }

    /// `Kx`, the per-nonce key, derived from `nonce[0..12]` under a label
    /// byte: [`LABEL`] here, `'X'` in XAES-256-GCM.
    pub(crate) fn derive_key(&self, nonce_head: &[u8; 12], label: u8) -> [u8; 32] {
        let message = |i: u8| {
            let mut block = [0u8; 16];
            block[..4].copy_from_slice(&[0, i, label, 0]);
            block[4..].copy_from_slice(nonce_head);
            block
        };
        self.cmac_one_block_pair(&[message(1), message(2)])
    }

    /// AES-CMAC under `K` of two messages of one whole block each:
    /// `AES-256(K, m XOR K1)` for each (a whole last block takes the subkey
    /// `K1`, NIST SP 800-38B). The halves of `Kx` are these two outputs.
    pub(crate) fn cmac_one_block_pair(&self, messages: &[[u8; 16]; 2]) -> [u8; 32] {
        // Built in place: each block XOR K1 would give K1 away (the messages
        // are public), so there is one copy, wiped below once encrypted.
        let mut blocks = [Array::from([0u8; 16]); 2];
        for (block, message) in blocks.iter_mut().zip(messages) {
            for ((b, m), k) in block.iter_mut().zip(message).zip(self.k1.iter()) {
                *b = m ^ k;
            }
        }
        self.cipher.encrypt_blocks(&mut blocks);
        let mut out = [0u8; 32];
        out[..16].copy_from_slice(&blocks[0]);
        out[16..].copy_from_slice(&blocks[1]);
        // Wipe both key blocks at their last use.
        for block in &mut blocks {
            block.as_mut_slice().zeroize();
        }
        out
    }

    /// CMAC's subkey `K1 = dbl(AES-256(K, 0^16))`, for the test hooks.
    pub(crate) fn cmac_subkey(&self) -> [u8; 16] {
        *self.k1
    }
}

/// AES-256-CTR under `Kx`: keystream block `i` is `AES-256(Kx, prefix || u32(i))`.
/// The round keys wipe themselves on drop (`aes` with `zeroize`).
pub(super) struct Ctr {
    cipher: Aes256Enc,
    prefix: [u8; 12],
    /// The next block's counter. Whole messages never reach its end (`cep.rs`).
    counter: u32,
}

/// AES-256-CTR under `Kx` with counter block `nonce[12..24] || u32(0)`.
pub(super) fn cipher(key: &KeySchedule, nonce: &Nonce) -> Ctr {
    let (head, prefix) = halves(nonce);
    let mut kx = key.derive_key(&head, LABEL);
    let cipher = Aes256Enc::new((&kx).into());
    // Kx is as secret as the key: wipe it now that its schedule is built.
    kx.zeroize();
    Ctr {
        cipher,
        prefix,
        counter: 0,
    }
}

impl Ctr {
    /// XORs keystream into `data`, whose length is a multiple of 16 bytes.
    pub(super) fn apply(&mut self, data: &mut [u8]) {
        self.run(Pass::<APPLY> { data, hash: None });
    }

    /// Writes keystream over `out`, whose length is a multiple of 16 bytes:
    /// each counter block is encrypted where it lies in `out`, so the
    /// keystream (the pads among it) exists nowhere else.
    pub(super) fn write(&mut self, out: &mut [u8]) {
        let base = counter_base(&self.prefix);
        let blocks = Array::<u8, U16>::slice_as_chunks_mut(out).0;
        for block in blocks.iter_mut() {
            *block = counter_block(base, &mut self.counter);
        }
        self.cipher.encrypt_blocks(blocks);
    }

    /// Hashes the whole AES blocks at the front of `data` into `hash` and
    /// XORs keystream into them in one pass, each byte hashed as plaintext:
    /// before it is encrypted when sealing (`SEAL`), after it is decrypted
    /// when opening (`OPEN`); `hash` may be anywhere in a block. Returns how
    /// many bytes it took: the rest is the caller's to hash and apply apart.
    ///
    /// The loop runs a block at a time, which only AES instructions do at full
    /// speed: the bitsliced software AES computes several blocks per call, so
    /// without them it takes nothing and the passes stay apart.
    pub(super) fn hash_and_apply<const MODE: u8>(
        &mut self,
        hash: &mut Sha256,
        data: &mut [u8],
    ) -> usize {
        if !aes::hardware_accelerated() {
            return 0;
        }
        let whole = data.len() - data.len() % AES_BLOCK;
        let data = data.get_mut(..whole).unwrap_or_default();
        self.run(Pass::<MODE> {
            data,
            hash: Some(hash),
        });
        whole
    }

    fn run<const MODE: u8>(&mut self, pass: Pass<'_, MODE>) {
        const { assert!(MODE == APPLY || MODE == SEAL || MODE == OPEN) };
        let Self {
            cipher,
            prefix,
            counter,
        } = self;
        cipher.encrypt_with_backend(Backend {
            pass,
            prefix,
            counter,
        });
    }
}

/// Keystream only.
const APPLY: u8 = 0;
/// Hash each block of plaintext, then encrypt it.
pub(super) const SEAL: u8 = 1;
/// Decrypt, then hash the plaintext.
pub(super) const OPEN: u8 = 2;

/// The bytes one call of [`Ctr::run`] works on.
struct Pass<'a, const MODE: u8> {
    data: &'a mut [u8],
    hash: Option<&'a mut Sha256>,
}

/// The pass, run by the AES backend that the CPU supports (AES-NI, ARMv8 AES
/// or the bitsliced software AES): inside the backend's call the round keys
/// stay in registers and every block encryption is inlined.
struct Backend<'a, const MODE: u8> {
    pass: Pass<'a, MODE>,
    prefix: &'a [u8; 12],
    counter: &'a mut u32,
}

impl<const MODE: u8> BlockSizeUser for Backend<'_, MODE> {
    type BlockSize = U16;
}

impl<const MODE: u8> BlockCipherEncClosure for Backend<'_, MODE> {
    #[inline(always)]
    fn call<B: BlockCipherEncBackend<BlockSize = U16>>(self, backend: &B) {
        let Self {
            pass: Pass { data, hash },
            prefix,
            counter,
        } = self;
        // The counter stays in a register for the pass and is stored once.
        let mut blocks = Blocks {
            backend,
            base: counter_base(prefix),
            counter: *counter,
            done: 0,
        };
        match hash {
            None => blocks.apply_par(data),
            Some(hash) => blocks.hash_and_apply::<MODE>(hash, data),
        }
        *counter = blocks.counter;
    }
}

impl<B: BlockCipherEncBackend<BlockSize = U16>> Blocks<'_, B> {
    /// The fused pass of [`Ctr::hash_and_apply`].
    #[inline(always)]
    fn hash_and_apply<const MODE: u8>(&mut self, hash: &mut Sha256, data: &mut [u8]) {
        let blocks = self;
        let len = data.len();
        // Bytes up to the hash's next block boundary, then whole SHA-256
        // blocks, each followed (sealing) or preceded (opening) by the AES
        // blocks it completes, then the rest.
        let mut hashed = hash.to_boundary().min(len);
        if MODE == OPEN {
            blocks.apply_through(data, hashed);
        }
        hash.update(data.get(..hashed).unwrap_or_default());
        loop {
            if MODE == SEAL {
                blocks.apply_until(data, hashed);
            }
            let end = hashed + BLOCK;
            if end > len {
                break;
            }
            if MODE == OPEN {
                // One SHA-256 block ahead: the next block's AES runs while
                // this one is hashed, not in front of it.
                blocks.apply_through(data, end.saturating_add(BLOCK).min(len));
            }
            if let Some(block) = data.get(hashed..).and_then(<[u8]>::first_chunk::<BLOCK>) {
                hash.compress_block(block);
            }
            hashed = end;
        }
        if MODE == OPEN {
            blocks.apply_until(data, len);
        }
        hash.update(data.get(hashed..).unwrap_or_default());
        blocks.apply_until(data, len);
    }
}

/// CTR mode on a backend: `done` bytes of the pass are encrypted.
///
/// Counter blocks are built and keystream XORed as `u128` values, which stay
/// in vector registers: a block assembled from separate stores would stall
/// its load, and a byte-wise XOR costs more than the AES rounds.
struct Blocks<'a, B> {
    backend: &'a B,
    /// `prefix || 0^4` as a big-endian integer.
    base: u128,
    counter: u32,
    done: usize,
}

impl<B: BlockCipherEncBackend<BlockSize = U16>> Blocks<'_, B> {
    /// The next counter block.
    #[inline(always)]
    fn next(&mut self) -> Array<u8, U16> {
        counter_block(self.base, &mut self.counter)
    }

    /// XORs keystream into the blocks of `data` that end at or before `end`.
    /// The keystream block lives in a register and is overwritten by the next.
    #[inline(always)]
    fn apply_until(&mut self, data: &mut [u8], end: usize) {
        while self.done + AES_BLOCK <= end {
            let Some(out) = data
                .get_mut(self.done..)
                .and_then(<[u8]>::first_chunk_mut::<AES_BLOCK>)
            else {
                return;
            };
            let mut pad = self.next();
            self.backend.encrypt_block_inplace(&mut pad);
            xor16(out, &pad);
            self.done += AES_BLOCK;
        }
    }

    /// XORs keystream into the blocks of `data` that begin before `end`.
    #[inline(always)]
    fn apply_through(&mut self, data: &mut [u8], end: usize) {
        self.apply_until(data, end.next_multiple_of(AES_BLOCK));
    }

    /// XORs keystream into all of `data`, the backend's parallel width at a time.
    #[inline(always)]
    fn apply_par(&mut self, data: &mut [u8]) {
        let width = B::ParBlocksSize::USIZE * AES_BLOCK;
        let mut pads = ParBlocks::<B>::default();
        let mut chunks = data.chunks_exact_mut(width);
        for chunk in &mut chunks {
            for pad in pads.iter_mut() {
                *pad = self.next();
            }
            self.backend.encrypt_par_blocks_inplace(&mut pads);
            for (out, pad) in chunk.chunks_exact_mut(AES_BLOCK).zip(pads.iter()) {
                if let Some(out) = out.first_chunk_mut::<AES_BLOCK>() {
                    xor16(out, pad);
                }
            }
        }
        // The batch of pads is a buffer in memory: wipe it at its last use.
        for pad in pads.iter_mut() {
            pad.as_mut_slice().zeroize();
        }
        let rest = chunks.into_remainder();
        self.done = 0;
        self.apply_until(rest, rest.len());
    }
}

/// `prefix || 0^4` as a big-endian integer.
fn counter_base(prefix: &[u8; 12]) -> u128 {
    let mut block = [0u8; AES_BLOCK];
    block[..12].copy_from_slice(prefix);
    u128::from_be_bytes(block)
}

/// The counter block `prefix || u32(counter)`; advances the counter.
#[inline(always)]
fn counter_block(base: u128, counter: &mut u32) -> Array<u8, U16> {
    // `base` ends in 32 zero bits, so the sum is the concatenation (an OR
    // would be too, but so would an XOR: the sum leaves no equivalent mutant).
    let block = base + u128::from(*counter);
    *counter = counter.wrapping_add(1);
    Array::from(block.to_be_bytes())
}

/// `out ^= pad` on one 16-byte block, as one 128-bit XOR.
#[inline(always)]
fn xor16(out: &mut [u8; AES_BLOCK], pad: &Array<u8, U16>) {
    let pad: [u8; AES_BLOCK] = (*pad).into();
    *out = (u128::from_ne_bytes(*out) ^ u128::from_ne_bytes(pad)).to_ne_bytes();
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::unwrap_used)]
mod tests {
    extern crate std;
    use std::vec;

    use aes::Aes256;
    use ctr::cipher::{KeyIvInit, StreamCipher};

    use super::super::tests::{cuts, pads_and_keystream};
    use super::*;
    use crate::sender::MessageKey;
    use crate::suite::Suite;

    fn hex32(s: &str) -> [u8; 32] {
        core::array::from_fn(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap())
    }

    /// With XAES-256-GCM's label the derivation is XAES-256-GCM's: this `Kx`
    /// encrypts the C2SP XAES-256-GCM example (key `01` x 32, nonce
    /// "ABCDEFGHIJKLMNOPQRSTUVWX", plaintext "XAES-256-GCM") to its published
    /// ciphertext `ce546ef63c9cc60765923609b33a9a1974e96e52daf2fcf7075e2271`
    /// (checked with an independent AES-GCM when this test was written). With
    /// our label the key differs.
    #[test]
    fn derivation_is_xaes_with_another_label() {
        let key = [1u8; 32];
        let nonce = Nonce::from_bytes(*b"ABCDEFGHIJKLMNOPQRSTUVWX");
        let (head, _) = halves(&nonce);
        let xaes = hex32("c8612c9ed53fe43e8e005b828a1631a0bbcb6ab2f46514ec4f439fcfd0fa969b");
        assert_eq!(KeySchedule::new(&key).derive_key(&head, b'X'), xaes);
        let ours = hex32("c4e8942a856ae4300bead7f6cd3eba035a08cb3cafcaa49d973df042f07d54e2");
        assert_eq!(KeySchedule::new(&key).derive_key(&head, LABEL), ours);
    }

    #[test]
    fn dbl_is_cmac_doubling() {
        // RFC 4493 section 4: L = AES-128(K, 0) and K1 = dbl(L).
        let l = 0x7df76b0c_1ab899b3_3e42f047_b91b546f_u128.to_be_bytes();
        let k1 = 0xfbeed618_35713366_7c85e08f_7236a8de_u128.to_be_bytes();
        let doubled = |block: [u8; 16]| {
            let mut out = [0u8; 16];
            dbl(&block, &mut out);
            out
        };
        assert_eq!(doubled(l), k1);
        assert_eq!(doubled([0u8; 16]), [0u8; 16]);
        let mut top = [0u8; 16];
        top[0] = 0x80;
        let mut reduced = [0u8; 16];
        reduced[15] = 0x87;
        assert_eq!(doubled(top), reduced);
    }

    /// Where the CPU has AES instructions, the fused pass takes every whole
    /// AES block of the data and leaves only the partial last block to the
    /// caller; without them it takes nothing. The bytes are the same either
    /// way (`one_pass_equals_two_passes`), so only the count shows whether
    /// the fused pass runs at all.
    #[test]
    fn the_fused_pass_takes_every_whole_block_where_aes_is_in_hardware() {
        let key = KeySchedule::new(&[7u8; 32]);
        let nonce = Nonce::from_bytes([9u8; 24]);
        for len in [0usize, 15, 16, 100, 3 * 64 + 17] {
            let expected = if aes::hardware_accelerated() {
                len - len % 16
            } else {
                0
            };
            let mut data = vec![0u8; len];
            let mut hash = Sha256::resume(crate::sha256::IV, 0);
            let took = cipher(&key, &nonce).hash_and_apply::<SEAL>(&mut hash, &mut data);
            assert_eq!(took, expected, "sealing, length {len}");
            let took = cipher(&key, &nonce).hash_and_apply::<OPEN>(&mut hash, &mut data);
            assert_eq!(took, expected, "opening, length {len}");
        }
    }

    /// The pads are AES-256-CTR blocks 0..4 under `Kx` with counter block
    /// `nonce[12..24] || u32(0)`, and the message keystream follows from block
    /// 4, as RustCrypto's CTR wrapper computes it, whatever pieces the message
    /// comes in.
    #[test]
    fn keystream_is_aes256_ctr_under_the_derived_key() {
        let key = MessageKey::with_suite(Suite::Aes256, core::array::from_fn(|i| i as u8));
        let nonce = Nonce::from_bytes(core::array::from_fn(|i| 0x80 ^ i as u8));
        let (head, tail) = halves(&nonce);
        let kx = KeySchedule::new(key.as_bytes()).derive_key(&head, LABEL);
        let mut iv = [0u8; 16];
        iv[..12].copy_from_slice(&tail);
        let total = 5 * 128 + 77;
        let mut expected = vec![0u8; 64 + total];
        ctr::Ctr32BE::<Aes256>::new(&kx.into(), &iv.into()).apply_keystream(&mut expected);
        for pieces in cuts(total) {
            let got = pads_and_keystream(&key, &nonce, total, &pieces);
            assert_eq!(got, expected, "pieces {pieces:?}");
        }
    }
}
