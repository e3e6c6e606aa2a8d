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

use aes::Aes256Enc;
use ctr::CtrCore;
use ctr::cipher::array::Array;
use ctr::cipher::{BlockCipherEncrypt, InnerIvInit, KeyInit};
use ctr::flavors::Ctr32BE;
use zeroize::Zeroize;

use crate::envelope::Nonce;

/// The label byte of the key derivation: `'F'` (XAES-256-GCM uses `'X'`).
pub(super) const LABEL: u8 = b'F';

/// Keystream bytes per pass: the AES-NI backend encrypts eight blocks at once.
pub(super) const BATCH: usize = 128;

/// AES-256-CTR with a 32-bit big-endian counter in the last four bytes.
pub(super) type Ctr = CtrCore<Aes256Enc, Ctr32BE>;

/// Doubling in GF(2^128) as CMAC defines it, without a secret-dependent branch.
fn dbl(block: [u8; 16]) -> [u8; 16] {
    let v = u128::from_be_bytes(block);
    let reduce = 0x87 & (v >> 127).wrapping_neg();
    ((v << 1) ^ reduce).to_be_bytes()
}

/// The nonce's halves: the key derivation's input and the counter block's prefix.
fn halves(nonce: &Nonce) -> ([u8; 12], [u8; 12]) {
    let (mut head, mut tail) = ([0u8; 12], [0u8; 12]);
    for (d, s) in head.iter_mut().chain(tail.iter_mut()).zip(nonce.as_bytes()) {
        *d = *s;
    }
    (head, tail)
}

/// `Kx`, the per-nonce key, derived from `key` and `nonce[0..12]` under a label
/// byte: [`LABEL`] here, `'X'` in XAES-256-GCM.
fn derive_key(key: &[u8; 32], nonce_head: &[u8; 12], label: u8) -> [u8; 32] {
    let outer = Aes256Enc::new(key.into());
    let mut l = Array::from([0u8; 16]);
    outer.encrypt_block(&mut l);
    let mut k1 = dbl(l.into());
    let mut blocks = [Array::from([0u8; 16]); 2];
    for (i, block) in (1u8..).zip(blocks.iter_mut()) {
        let input = [0, i, label, 0]
            .into_iter()
            .chain(nonce_head.iter().copied());
        for ((b, m), k) in block.iter_mut().zip(input).zip(&k1) {
            *b = m ^ k;
        }
    }
    outer.encrypt_blocks(&mut blocks);
    let mut kx = [0u8; 32];
    for (d, s) in kx.iter_mut().zip(blocks.iter().flatten()) {
        *d = *s;
    }
    // Wipe L, the CMAC subkey and both key blocks at their last use.
    l.as_mut_slice().zeroize();
    k1.zeroize();
    for block in &mut blocks {
        block.as_mut_slice().zeroize();
    }
    kx
}

/// AES-256-CTR under `Kx` with counter block `nonce[12..24] || u32(0)`.
pub(super) fn cipher(key: &[u8; 32], nonce: &Nonce) -> Ctr {
    let (head, tail) = halves(nonce);
    let mut kx = derive_key(key, &head, LABEL);
    let inner = Aes256Enc::new((&kx).into());
    // Kx is as secret as the key: wipe it now that its schedule is built.
    kx.zeroize();
    let mut iv = [0u8; 16];
    for (d, s) in iv.iter_mut().zip(&tail) {
        *d = *s;
    }
    Ctr::inner_iv_init(inner, &iv.into())
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
        assert_eq!(derive_key(&key, &head, b'X'), xaes);
        let ours = hex32("c4e8942a856ae4300bead7f6cd3eba035a08cb3cafcaa49d973df042f07d54e2");
        assert_eq!(derive_key(&key, &head, LABEL), ours);
    }

    #[test]
    fn dbl_is_cmac_doubling() {
        // RFC 4493 section 4: L = AES-128(K, 0) and K1 = dbl(L).
        let l = 0x7df76b0c_1ab899b3_3e42f047_b91b546f_u128.to_be_bytes();
        let k1 = 0xfbeed618_35713366_7c85e08f_7236a8de_u128.to_be_bytes();
        assert_eq!(dbl(l), k1);
        assert_eq!(dbl([0u8; 16]), [0u8; 16]);
        let mut top = [0u8; 16];
        top[0] = 0x80;
        let mut reduced = [0u8; 16];
        reduced[15] = 0x87;
        assert_eq!(dbl(top), reduced);
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
        let kx = derive_key(key.as_bytes(), &head, LABEL);
        let mut iv = [0u8; 16];
        iv[..12].copy_from_slice(&tail);
        let total = 5 * BATCH + 77;
        let mut expected = vec![0u8; 64 + total];
        ctr::Ctr32BE::<Aes256>::new(&kx.into(), &iv.into()).apply_keystream(&mut expected);
        for pieces in cuts(total) {
            let got = pads_and_keystream(&key, &nonce, total, &pieces);
            assert_eq!(got, expected, "pieces {pieces:?}");
        }
    }
}
