//! The XChaCha20 suite (SPEC.md 2): XChaCha20 with a labelled nonce.
//!
//! HChaCha20 derives a subkey from the key and the first 16 nonce bytes; IETF
//! ChaCha20 runs under the subkey with nonce `"frk1" || last 8 nonce bytes`
//! (XChaCha20 has `0^4` there, so this keystream is independent of XChaCha20
//! and XChaCha20-Poly1305 under the same key and nonce), block counter from 0.
//! Built from its parts so that keystream is written in whole 4-block batches,
//! with no buffer of the generic stream-cipher wrapper to fill and wipe.

use chacha20::cipher::KeyIvInit;
use chacha20::variants::Ietf;
use chacha20::{ChaChaCore, R20, hchacha};
use zeroize::Zeroize;

use crate::envelope::Nonce;
use crate::wire::mac_input;

/// Keystream bytes per pass: the SIMD backends compute four blocks in one
/// pass, and a request for one block costs the same pass with three thrown away.
pub(super) const BATCH: usize = 256;

/// ChaCha20 under `HChaCha20(key, nonce[0..16])` with nonce `"frk1" || nonce[16..24]`,
/// at block 0.
pub(super) fn cipher(key: &[u8; 32], nonce: &Nonce) -> ChaChaCore<R20, Ietf> {
    let (hchacha_input, chacha_nonce) = mac_input::split_nonce(nonce);
    core(key, &hchacha_input, &chacha_nonce)
}

/// [`cipher`] with `label` in place of `"frk1"`, for the test hooks: with the
/// label `u32le(h)` its block `i` is XChaCha20's block `h * 2^32 + i` (64-bit
/// counter), which external XChaCha20 vectors pin.
pub(crate) fn cipher_with_label(
    key: &[u8; 32],
    nonce: &Nonce,
    label: [u8; 4],
) -> ChaChaCore<R20, Ietf> {
    let (hchacha_input, mut chacha_nonce) = mac_input::split_nonce(nonce);
    if let Some(word) = chacha_nonce.first_chunk_mut::<4>() {
        *word = label;
    }
    core(key, &hchacha_input, &chacha_nonce)
}

/// ChaCha20 under `HChaCha20(key, hchacha_input)` with `chacha_nonce`, at block 0.
fn core(
    key: &[u8; 32],
    hchacha_input: &[u8; 16],
    chacha_nonce: &[u8; 12],
) -> ChaChaCore<R20, Ietf> {
    let mut subkey = hchacha::<R20>(key.into(), hchacha_input.into());
    let core = ChaChaCore::<R20, Ietf>::new(&subkey, chacha_nonce.into());
    // The subkey is as secret as the key: wipe it at its last use.
    subkey.as_mut_slice().zeroize();
    core
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::unwrap_used)]
mod tests {
    extern crate std;
    use std::vec;

    use chacha20::cipher::StreamCipher;
    use chacha20::{ChaCha20, XChaCha20};

    use super::super::tests::{cuts, pads_and_keystream};
    use super::*;
    use crate::sender::MessageKey;

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
        for pieces in cuts(total) {
            let got = pads_and_keystream(&key, &nonce, total, &pieces);
            assert_eq!(got, expected, "pieces {pieces:?}");
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
        let ours = pads_and_keystream(&key, &nonce, BATCH, &[BATCH]);
        for (i, block) in xchacha.chunks(64).enumerate() {
            for mine in ours.chunks(32) {
                assert!(!block.windows(32).any(|w| w == mine), "block {i}");
            }
        }
    }
}
