//! Test hooks: the internal primitives as the crate computes them, for the
//! external test suites in `tests/external_*.rs` (Wycheproof, NIST ACVP, the
//! C2SP XAES-256-GCM values), which pin them with vectors nobody here wrote.
//!
//! Not part of the API: hidden from the documentation, outside semver, and
//! free to change with the internals. Each hook is a thin entry into the
//! code path the crate itself uses; none adds cryptography. Some return
//! secrets (a CMAC subkey) as plain arrays: they exist for known-answer tests.

use chacha20::cipher::StreamCipherCore;
use chacha20::cipher::array::Array;

use crate::envelope::Nonce;
use crate::sha256::{self, InnerKey, Sha256};
use crate::suite::{KeySchedule, xchacha20_with_label};

/// SHA-256 of the concatenation of `parts`, each absorbed by the crate's
/// streaming hasher (whole blocks straight to the compression function, the
/// rest through its pending block), as commitments and stamps absorb input.
pub fn sha256(parts: &[&[u8]]) -> [u8; 32] {
    let mut hash = Sha256::resume(sha256::IV, 0);
    for part in parts {
        hash.update(part);
    }
    hash.finish()
}

/// HMAC-SHA256's inner hash `SHA-256(((key || 0^32) XOR ipad) || message)`
/// as the commitment computes it (a key used once), `message` the
/// concatenation of `parts`. SPEC.md 2 and 4.1.
pub fn hmac_inner_hash(key: &[u8; 32], parts: &[&[u8]]) -> [u8; 32] {
    let mut hash = sha256::hmac_inner(key);
    for part in parts {
        hash.update(part);
    }
    hash.finish()
}

/// The same inner hash as the stamp computes it: from a key state
/// precomputed once per key (SPEC.md 4.4).
pub fn stamp_inner_hash(key: &[u8; 32], parts: &[&[u8]]) -> [u8; 32] {
    let mut inner = InnerKey::zeroed();
    inner.set(key);
    let mut hash = inner.start();
    for part in parts {
        hash.update(part);
    }
    hash.finish()
}

/// The AES-256 suite's CMAC subkey `K1 = dbl(AES-256(K, 0^16))` (SPEC.md 4.5).
pub fn aes256_cmac_subkey(key: &[u8; 32]) -> [u8; 16] {
    KeySchedule::new(key).cmac_subkey()
}

/// AES-CMAC under `key` of two one-block messages, by the path that
/// derives `Kx` (SPEC.md 4.5): `AES-256(K, m XOR K1)` for each message.
pub fn aes256_cmac_one_block_pair(key: &[u8; 32], messages: &[[u8; 16]; 2]) -> [u8; 32] {
    KeySchedule::new(key).cmac_one_block_pair(messages)
}

/// The AES-256 suite's per-nonce key `Kx` with `label` in place of `'F'`
/// (`'X'` gives XAES-256-GCM's derived key).
pub fn aes256_derived_key(key: &[u8; 32], nonce: &[u8; 24], label: u8) -> [u8; 32] {
    let head = nonce.first_chunk::<12>().copied().unwrap_or_default();
    KeySchedule::new(key).derive_key(&head, label)
}

/// Keystream blocks `counter, counter + 1, ...` of the XChaCha20 suite under
/// `key` and `nonce`, with `label` in place of `"frk1"`, into `blocks`:
/// ChaCha20 under `HChaCha20(key, nonce[0..16])` with the 12-byte nonce
/// `label || nonce[16..24]` (SPEC.md 2). With `label = u32le(h)` this is
/// 64-bit-counter XChaCha20 from counter `h * 2^32 + counter`. Returns
/// `false` and writes nothing if the 32-bit block counter would wrap, which
/// no message the crate accepts reaches (SPEC.md 7).
pub fn xchacha20_keystream(
    key: &[u8; 32],
    nonce: &[u8; 24],
    label: [u8; 4],
    counter: u32,
    blocks: &mut [[u8; 64]],
) -> bool {
    let fits = u64::from(counter)
        .checked_add(blocks.len() as u64)
        .is_some_and(|end| end <= 1 << 32);
    if !fits {
        return false;
    }
    let mut core = xchacha20_with_label(key, &Nonce::from_bytes(*nonce), label);
    core.set_block_pos(counter);
    for block in blocks.iter_mut() {
        let mut out = Array::from([0u8; 64]);
        core.write_keystream_block(&mut out);
        *block = out.0;
    }
    true
}
