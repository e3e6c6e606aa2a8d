//! The inputs of the commitment, the integrity tag and the stamp (SPEC.md
//! sections 4 and 5.1 to 5.3), and the split of keystream block 0.

use super::{COMMITMENT_LABEL, INTEGRITY_LABEL, STAMP_LABEL};
use crate::commitment::FrankingTag;
use crate::context::Context;
use crate::envelope::Nonce;
use crate::key_id::KeyId;
use crate::sha256::{BLOCK, Sha256};

/// Feeds the commitment input up to (not including) the message bytes:
/// `COMMITMENT_LABEL || u64(len header) || header || u64(len message)`.
/// The caller then feeds the message, possibly in chunks.
pub(crate) fn absorb_commitment_prefix(hash: &mut Sha256, header: &[u8], message_len: usize) {
    let mut head = [0u8; 24];
    head[..16].copy_from_slice(COMMITMENT_LABEL);
    head[16..].copy_from_slice(&(header.len() as u64).to_be_bytes());
    hash.update_array(&head);
    hash.update(header);
    hash.update_array(&(message_len as u64).to_be_bytes());
}

/// The split of the nonce: the HChaCha20 input (bytes 0..16) and the
/// ChaCha20 nonce `"frk1" || bytes 16..24`, where XChaCha20 has `0^4`.
pub(crate) fn split_nonce(nonce: &Nonce) -> ([u8; 16], [u8; 12]) {
    let mut hchacha_input = [0u8; 16];
    let mut chacha_nonce = [0u8; 12];
    hchacha_input.copy_from_slice(&nonce.as_bytes()[..16]);
    chacha_nonce[..4].copy_from_slice(b"frk1");
    chacha_nonce[4..].copy_from_slice(&nonce.as_bytes()[16..]);
    (hchacha_input, chacha_nonce)
}

/// The single SHA-256 block keyed by the integrity key:
/// `INTEGRITY_LABEL || franking tag || 16 zero bytes`.
pub(crate) fn integrity_block(tag: &FrankingTag) -> [u8; BLOCK] {
    let mut block = [0u8; BLOCK];
    block[..16].copy_from_slice(INTEGRITY_LABEL);
    block[16..48].copy_from_slice(tag.as_bytes());
    block
}

/// Splits the first ChaCha20 keystream block into the opening (bytes 0..32) and
/// the integrity key (bytes 32..64, read as eight big-endian 32-bit words),
/// writing both in place so no stray copy of either is left.
pub(crate) fn split_first_block(block: &[u8; 64], opening: &mut [u8; 32], words: &mut [u32; 8]) {
    opening.copy_from_slice(&block[..32]);
    let (chunks, _) = block[32..].as_chunks::<4>();
    for (word, bytes) in words.iter_mut().zip(chunks) {
        *word = u32::from_be_bytes(*bytes);
    }
}

/// Feeds the part of the stamp input common to every recipient, then zeros
/// to the next block boundary: `STAMP_LABEL || u32(key id) || franking tag ||
/// u64(timestamp) || u64(seq) || u16(len sender) || sender || u16(len message
/// id) || message id || u16(len conversation) || conversation || Align`
/// (SPEC.md 4.4). A batch absorbs this once for all its recipients.
pub(crate) fn absorb_stamp_common(
    mac: &mut Sha256,
    key_id: KeyId,
    tag: &FrankingTag,
    context: &Context<'_>,
) {
    // The fixed-size part is one contiguous update: 16 + 4 + 32 + 8 + 8 + 2 bytes.
    let mut head = [0u8; 70];
    head[..16].copy_from_slice(STAMP_LABEL);
    head[16..20].copy_from_slice(&key_id.get().to_be_bytes());
    head[20..52].copy_from_slice(tag.as_bytes());
    head[52..60].copy_from_slice(&context.timestamp().to_be_bytes());
    head[60..68].copy_from_slice(&context.seq().to_be_bytes());
    head[68..70].copy_from_slice(&id_len(context.sender()));
    mac.update_array(&head);
    mac.update(context.sender());
    mac.update_array(&id_len(context.message_id()));
    mac.update(context.message_id());
    mac.update_array(&id_len(context.conversation()));
    mac.update(context.conversation());
    mac.align();
}

/// Feeds the stamp input's last field, after [`absorb_stamp_common`]:
/// `u16(len recipient) || recipient`.
pub(crate) fn absorb_stamp_recipient(mac: &mut Sha256, recipient: &[u8]) {
    mac.update_array(&id_len(recipient));
    mac.update(recipient);
}

/// Ids are at most [`MAX_ID_LEN`](super::MAX_ID_LEN) bytes, enforced by
/// [`Context::new`], so the fallback never applies.
fn id_len(id: &[u8]) -> [u8; 2] {
    u16::try_from(id.len()).unwrap_or(u16::MAX).to_be_bytes()
}
