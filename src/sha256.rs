//! SHA-256 hashing from a given chaining value, and HMAC-SHA256 with
//! precomputed key states, both on SHA-256's compression function (FIPS 180-4,
//! RFC 2104).
//!
//! Why not the `sha2` and `hmac` hashers: the commitment starts from a first
//! block that holds the opening, and a stamp's HMAC starts from key states
//! computed once per platform key; both are chaining values, which those APIs
//! do not take. On the short inputs of messaging their generic buffering also
//! costs a large share of a compression. Here whole input blocks go from the
//! caller's slice to the compression function, and every working value is
//! wiped as one slice. The tests below check both against FIPS 180-4 and
//! against RustCrypto's `sha2` and `hmac` on arbitrary input and splits.

use sha2::block_api::compress256;
use zeroize::Zeroize;

/// The SHA-256 block size in bytes.
pub(crate) const BLOCK: usize = 64;

/// Serializes SHA-256 chaining words big-endian, as SHA-256 outputs them.
pub(crate) fn words_to_bytes(words: &[u32; 8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    let (chunks, _) = out.as_chunks_mut::<4>();
    for (bytes, word) in chunks.iter_mut().zip(words.iter()) {
        *bytes = word.to_be_bytes();
    }
    out
}

/// The last block of HMAC-SHA256: the 32-byte inner hash after the 64-byte
/// opad block, padded to a total of 96 bytes (768 bits).
#[cfg(any(test, feature = "mimi"))]
fn outer_hmac_block(inner_hash: [u8; 32]) -> [u8; BLOCK] {
    let mut block = [0u8; BLOCK];
    block[..32].copy_from_slice(&inner_hash);
    block[32] = 0x80;
    block[56..].copy_from_slice(&(((BLOCK + 32) * 8) as u64).to_be_bytes());
    block
}

/// SHA-256's initial hash value (FIPS 180-4, section 5.3.3).
pub(crate) const IV: [u32; 8] = [
    0x6a09_e667,
    0xbb67_ae85,
    0x3c6e_f372,
    0xa54f_f53a,
    0x510e_527f,
    0x9b05_688c,
    0x1f83_d9ab,
    0x5be0_cd19,
];

/// `compress(state, block)`: the compression function on one block.
pub(crate) fn compress(state: &mut [u32; 8], block: &[u8; BLOCK]) {
    compress256(state, core::slice::from_ref(block));
}

/// A SHA-256 computation in progress: the chaining value and the bytes of a
/// block not yet full. Its state may depend on secrets: wiped on drop (and
/// so is every clone).
#[derive(Clone)]
pub(crate) struct Sha256 {
    state: [u32; 8],
    pending: [u8; BLOCK],
    /// Bytes in `pending`; always less than a block.
    pending_len: usize,
    /// Bytes absorbed so far, including those behind `state`.
    absorbed: u64,
}

impl Sha256 {
    /// Continues a hash whose first `absorbed` bytes (a whole number of
    /// blocks) gave the chaining value `state`.
    pub(crate) fn resume(state: [u32; 8], absorbed: u64) -> Self {
        Self {
            state,
            pending: [0u8; BLOCK],
            pending_len: 0,
            absorbed,
        }
    }

    /// Absorbs `data`. Whole blocks go from `data` to the compression function
    /// without a copy.
    pub(crate) fn update(&mut self, mut data: &[u8]) {
        self.absorbed = self.absorbed.wrapping_add(data.len() as u64);
        if self.pending_len > 0 {
            let free = self.pending.get_mut(self.pending_len..).unwrap_or_default();
            let n = free.len().min(data.len());
            let (head, rest) = data.split_at(n);
            if let Some(dst) = free.get_mut(..n) {
                dst.copy_from_slice(head);
            }
            self.pending_len += n;
            data = rest;
            if self.pending_len < BLOCK {
                return;
            }
            compress(&mut self.state, &self.pending);
            self.pending_len = 0;
        }
        let (blocks, tail) = data.as_chunks::<BLOCK>();
        compress256(&mut self.state, blocks);
        if let Some(dst) = self.pending.get_mut(..tail.len()) {
            dst.copy_from_slice(tail);
        }
        self.pending_len = tail.len();
    }

    /// Absorbs a fixed-size field. When it fits in the pending block, as the
    /// short fields of an encoding usually do, the copy has a length known at
    /// compile time and needs no call to `memcpy`.
    #[inline]
    pub(crate) fn update_array<const N: usize>(&mut self, data: &[u8; N]) {
        let Some(dst) = self
            .pending
            .get_mut(self.pending_len..)
            .and_then(<[u8]>::first_chunk_mut::<N>)
        else {
            return self.update(data);
        };
        *dst = *data;
        self.absorbed = self.absorbed.wrapping_add(N as u64);
        self.pending_len += N;
        if self.pending_len == BLOCK {
            compress(&mut self.state, &self.pending);
            self.pending_len = 0;
        }
    }

    /// Bytes to absorb before the next block boundary: 0 at one.
    pub(crate) fn to_boundary(&self) -> usize {
        (BLOCK - self.pending_len) % BLOCK
    }

    /// Absorbs one whole block straight into the chaining value. At a block
    /// boundary, as [`to_boundary`](Self::to_boundary) tells; elsewhere it
    /// falls back to [`update`](Self::update).
    #[inline]
    pub(crate) fn compress_block(&mut self, block: &[u8; BLOCK]) {
        if self.pending_len != 0 {
            return self.update(block);
        }
        compress(&mut self.state, block);
        self.absorbed = self.absorbed.wrapping_add(BLOCK as u64);
    }

    /// Absorbs zero bytes up to the next block boundary (none if at one).
    pub(crate) fn align(&mut self) {
        if self.pending_len > 0 {
            let fill = BLOCK - self.pending_len;
            if let Some(rest) = self.pending.get_mut(self.pending_len..) {
                rest.fill(0);
            }
            self.absorbed = self.absorbed.wrapping_add(fill as u64);
            compress(&mut self.state, &self.pending);
            self.pending_len = 0;
        }
    }

    /// Pads (FIPS 180-4, section 5.1.1) and returns the hash.
    pub(crate) fn finish(mut self) -> [u8; 32] {
        let bits = self.absorbed.wrapping_mul(8).to_be_bytes();
        if let Some((marker, rest)) = self
            .pending
            .get_mut(self.pending_len..)
            .and_then(<[u8]>::split_first_mut)
        {
            *marker = 0x80;
            rest.fill(0);
        }
        // The length takes the last 8 bytes; if the data reach into them, the
        // length goes in one more block.
        if self.pending_len >= BLOCK - 8 {
            compress(&mut self.state, &self.pending);
            self.pending.fill(0);
        }
        if let Some((_, length)) = self.pending.split_last_chunk_mut::<8>() {
            *length = bits;
        }
        compress(&mut self.state, &self.pending);
        words_to_bytes(&self.state)
    }
}

/// Wipes the chaining value and the pending block, each as one slice.
impl Zeroize for Sha256 {
    fn zeroize(&mut self) {
        self.state.as_mut_slice().zeroize();
        self.pending.as_mut_slice().zeroize();
    }
}

impl Drop for Sha256 {
    fn drop(&mut self) {
        self.zeroize();
    }
}

const IPAD: u8 = 0x36;
#[cfg(any(test, feature = "mimi"))]
const OPAD: u8 = 0x5c;

/// The chaining value after an HMAC key block, `(key || 0^32) XOR pad` (HMAC
/// pads a 32-byte key with 32 zero bytes). Key-equivalent: the caller wipes it.
fn key_state(key: &[u8; 32], pad: u8) -> [u32; 8] {
    let mut state = IV;
    key_state_into(&mut state, key, pad);
    state
}

/// [`key_state`] written into `state`, so that no copy of it is left elsewhere.
fn key_state_into(state: &mut [u32; 8], key: &[u8; 32], pad: u8) {
    let mut block = [pad; BLOCK];
    for (b, k) in block.iter_mut().zip(key) {
        *b ^= k;
    }
    *state = IV;
    compress(state, &block);
    // The key block is a copy of the secret: wipe it at its last use.
    block.as_mut_slice().zeroize();
}

/// The inner hash of HMAC-SHA256 under `key`, with nothing absorbed yet: one
/// compression, for a key used once (the commitment's opening).
pub(crate) fn hmac_inner(key: &[u8; 32]) -> Sha256 {
    Sha256::resume(key_state(key, IPAD), BLOCK as u64)
}

/// A long-lived key for HMAC's inner hash alone (the platform stamp): the
/// chaining value after the key block XOR ipad, computed once. Key-equivalent,
/// so secret: wiped on drop.
#[derive(Clone)]
pub(crate) struct InnerKey {
    state: [u32; 8],
}

impl InnerKey {
    /// All-zero words, to be [`set`](Self::set) in place.
    pub(crate) const fn zeroed() -> Self {
        Self { state: [0; 8] }
    }

    /// Computes the key state for `key` in place (one compression, once per
    /// key), over the old one, so that no copy of it is left elsewhere.
    pub(crate) fn set(&mut self, key: &[u8; 32]) {
        key_state_into(&mut self.state, key, IPAD);
    }

    /// The key state, for tests that check wiping.
    #[cfg(test)]
    pub(crate) fn words(&self) -> [u32; 8] {
        self.state
    }

    /// A hash under this key, with nothing absorbed yet.
    pub(crate) fn start(&self) -> Sha256 {
        Sha256::resume(self.state, BLOCK as u64)
    }
}

impl Zeroize for InnerKey {
    fn zeroize(&mut self) {
        self.state.as_mut_slice().zeroize();
    }
}

impl Drop for InnerKey {
    fn drop(&mut self) {
        self.zeroize();
    }
}

/// An HMAC-SHA256 key schedule for a 32-byte key: the chaining values after
/// the key block XOR ipad (inner) and XOR opad (outer). Key-equivalent, so
/// secret: wiped on drop. The MIMI profile (feature `mimi`) uses full HMAC;
/// the tests check this module against RustCrypto's.
#[cfg(any(test, feature = "mimi"))]
pub(crate) struct HmacKey {
    inner: [u32; 8],
    outer: [u32; 8],
}

#[cfg(any(test, feature = "mimi"))]
impl HmacKey {
    /// Two compressions, one per key block.
    pub(crate) fn new(key: &[u8; 32]) -> Self {
        Self {
            inner: key_state(key, IPAD),
            outer: key_state(key, OPAD),
        }
    }

    /// The inner hash of a MAC under this key, with nothing absorbed yet.
    pub(crate) fn start(&self) -> Sha256 {
        Sha256::resume(self.inner, BLOCK as u64)
    }

    /// Completes a MAC begun by [`start`](Self::start) on this key: the
    /// outer hash of the inner one, which fits one block with its padding.
    pub(crate) fn finish(&self, inner: Sha256) -> [u8; 32] {
        let mut block = outer_hmac_block(inner.finish());
        let mut state = self.outer;
        compress(&mut state, &block);
        let tag = words_to_bytes(&state);
        state.as_mut_slice().zeroize();
        block.as_mut_slice().zeroize();
        tag
    }
}

/// Wipes both key states, each as one slice.
#[cfg(any(test, feature = "mimi"))]
impl Zeroize for HmacKey {
    fn zeroize(&mut self) {
        self.inner.as_mut_slice().zeroize();
        self.outer.as_mut_slice().zeroize();
    }
}

#[cfg(any(test, feature = "mimi"))]
impl Drop for HmacKey {
    fn drop(&mut self) {
        self.zeroize();
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::unwrap_used)]
mod tests {
    extern crate std;
    use std::vec::Vec;

    use hmac::{KeyInit, Mac};
    use proptest::prelude::*;
    use sha2::Digest;

    use super::*;

    fn reference_hmac(key: &[u8; 32], data: &[u8]) -> [u8; 32] {
        let mut mac = <hmac::Hmac<sha2::Sha256> as KeyInit>::new_from_slice(key).unwrap();
        mac.update(data);
        mac.finalize().into_bytes().into()
    }

    fn hmac_in_pieces(key: &[u8; 32], pieces: &[&[u8]]) -> [u8; 32] {
        let key = HmacKey::new(key);
        let mut inner = key.start();
        for piece in pieces {
            inner.update(piece);
        }
        key.finish(inner)
    }

    /// FIPS 180-4 examples (one block, two blocks) and the empty string.
    #[test]
    fn sha256_from_the_iv_matches_fips_180_4() {
        let cases: [(&[u8], &str); 3] = [
            (
                b"",
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            ),
            (
                b"abc",
                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            ),
            (
                b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
            ),
        ];
        for (message, hex) in cases {
            let mut hash = Sha256::resume(IV, 0);
            hash.update(message);
            let digest: Vec<u8> = hash.finish().to_vec();
            let expected: Vec<u8> = (0..32)
                .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap())
                .collect();
            assert_eq!(digest, expected);
        }
    }

    /// Every length across three block boundaries, both padding cases
    /// (length in the same block or in one more) included.
    #[test]
    fn hmac_matches_rustcrypto_at_every_length_to_200() {
        let key: [u8; 32] = core::array::from_fn(|i| i as u8 ^ 0xa5);
        let data: Vec<u8> = (0..200u32).map(|i| (i * 7 + 3) as u8).collect();
        for len in 0..=data.len() {
            assert_eq!(
                hmac_in_pieces(&key, &[&data[..len]]),
                reference_hmac(&key, &data[..len]),
                "length {len}"
            );
        }
    }

    /// The commitment's hash is HMAC's inner hash: the key block XOR ipad,
    /// then the input, hashed from the SHA-256 IV.
    #[test]
    fn hmac_inner_is_sha256_of_the_ipad_key_block_and_the_input() {
        let key: [u8; 32] = core::array::from_fn(|i| 0xf0 ^ i as u8);
        let mut block = [0x36u8; 64];
        for (b, k) in block.iter_mut().zip(&key) {
            *b ^= k;
        }
        for len in [0usize, 1, 55, 56, 64, 119, 120, 1000] {
            let data: Vec<u8> = (0..len).map(|i| i as u8).collect();
            let mut inner = hmac_inner(&key);
            inner.update(&data);
            let mut reference = sha2::Sha256::new();
            reference.update(block);
            reference.update(&data);
            assert_eq!(
                inner.finish(),
                <[u8; 32]>::from(reference.finalize()),
                "length {len}"
            );
        }
    }

    /// A fixed-size field that fills the pending block exactly, right before
    /// padding (an empty message after the prefix, say), at every offset and
    /// for every field size the encodings use.
    #[test]
    fn fixed_size_fields_that_fill_a_block_hash_correctly() {
        fn check<const N: usize>() {
            let field = [0xc3u8; N];
            for lead in 0..BLOCK {
                let data: Vec<u8> = (0..lead).map(|i| i as u8).collect();
                let mut hash = Sha256::resume(IV, 0);
                hash.update(&data);
                hash.update_array(&field);
                let mut reference = sha2::Sha256::new();
                reference.update(&data);
                reference.update(field);
                assert_eq!(
                    hash.finish(),
                    <[u8; 32]>::from(reference.finalize()),
                    "{lead} bytes, then {N}"
                );
            }
        }
        check::<2>();
        check::<8>();
        check::<24>();
        check::<62>();
    }

    /// The wipes that `Drop` runs clear every byte of the secret state.
    #[test]
    fn wiping_clears_hash_and_key_states() {
        let mut key = HmacKey::new(&[0x5a; 32]);
        let mut hash = key.start();
        hash.update(&[0xff; 100]);
        hash.zeroize();
        assert!(hash.state.iter().all(|w| *w == 0) && hash.pending.iter().all(|b| *b == 0));
        key.zeroize();
        assert!(key.inner.iter().chain(&key.outer).all(|w| *w == 0));
    }

    proptest! {
        /// Any key, any input, fed in any split: the same MAC as RustCrypto's.
        #[test]
        fn hmac_matches_rustcrypto_for_any_input_and_split(
            key in any::<[u8; 32]>(),
            data in proptest::collection::vec(any::<u8>(), 0..600),
            cuts in proptest::collection::vec(any::<usize>(), 0..6),
        ) {
            let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c % (data.len() + 1)).collect();
            cuts.sort_unstable();
            let mut pieces = Vec::new();
            let mut at = 0;
            for cut in cuts {
                pieces.push(&data[at..cut]);
                at = cut;
            }
            pieces.push(&data[at..]);
            prop_assert_eq!(hmac_in_pieces(&key, &pieces), reference_hmac(&key, &data));
        }
    }
}
