//! Every byte the crate puts into a MAC or onto the wire, in one place.
//!
//! SPEC.md section "Encodings" is the normative description of this module.
//! Each MAC input starts with a 16-byte domain label distinct per role and
//! version; every variable-length field carries a big-endian length prefix, so
//! no two distinct inputs encode to the same bytes. Decoders check every length
//! before use, reject unknown versions and trailing bytes, and borrow (never
//! copy) variable-length fields.

use crate::Error;
use crate::commitment::{FrankingTag, Opening};
use crate::platform::{Context, KeyId, Stamp, StampMac};
use crate::report::Report;
use crate::sender::{Envelope, IntegrityTag, Nonce};
use crate::sha256::Sha256;

/// Domain label of the franking commitment (sender, recipient and moderator).
pub const COMMITMENT_LABEL: &[u8; 16] = b"franking-v1-comm";
/// Domain label of the platform stamp (platform and moderator).
pub const STAMP_LABEL: &[u8; 16] = b"franking-v1-stmp";
/// Domain label of the integrity tag's input block (sender and recipient).
pub const INTEGRITY_LABEL: &[u8; 16] = b"franking-v1-intg";

/// Version byte that starts a report encoding.
pub const REPORT_VERSION: u8 = 1;

/// Longest header (associated data) accepted, in bytes.
pub const MAX_HEADER_LEN: usize = u32::MAX as usize;
/// Longest message accepted, in bytes.
pub const MAX_MESSAGE_LEN: usize = u32::MAX as usize;
/// Longest sender, recipient or message id accepted, in bytes.
pub const MAX_ID_LEN: usize = u16::MAX as usize;

/// Length of an encoded [`Envelope`]: nonce, franking tag, integrity tag.
pub const ENVELOPE_LEN: usize = Nonce::LEN + FrankingTag::LEN + IntegrityTag::LEN;
/// Length of an encoded [`Stamp`]: key id, MAC.
pub const STAMP_LEN: usize = 4 + StampMac::LEN;
/// Length of a report encoding with empty ids, header and message.
pub const REPORT_FIXED_LEN: usize =
    1 + STAMP_LEN + FrankingTag::LEN + Opening::LEN + 8 + 3 * 2 + 2 * 4;

/// Fails with [`Error::TooLong`] if a header or message exceeds its limit.
pub(crate) fn check_lengths(header: &[u8], message_len: usize) -> Result<(), Error> {
    if header.len() > MAX_HEADER_LEN || message_len > MAX_MESSAGE_LEN {
        return Err(Error::TooLong);
    }
    Ok(())
}

/// The SHA-256 block size in bytes.
pub(crate) const BLOCK: usize = 64;

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

/// The last block of HMAC-SHA256: the 32-byte inner hash after the 64-byte
/// opad block, padded to a total of 96 bytes (768 bits).
pub(crate) fn outer_hmac_block(inner_hash: [u8; 32]) -> [u8; BLOCK] {
    let mut block = [0u8; BLOCK];
    block[..32].copy_from_slice(&inner_hash);
    block[32] = 0x80;
    block[56..].copy_from_slice(&(((BLOCK + 32) * 8) as u64).to_be_bytes());
    block
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

/// Serializes SHA-256 chaining words big-endian, as SHA-256 outputs them.
pub(crate) fn words_to_bytes(words: &[u32; 8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    let (chunks, _) = out.as_chunks_mut::<4>();
    for (bytes, word) in chunks.iter_mut().zip(words.iter()) {
        *bytes = word.to_be_bytes();
    }
    out
}

/// Feeds the stamp input: `STAMP_LABEL || u32(key id) || franking tag ||
/// u64(timestamp) || u16(len sender) || sender || u16(len recipient) ||
/// recipient || u16(len message id) || message id`.
pub(crate) fn absorb_stamp_input(
    mac: &mut Sha256,
    key_id: KeyId,
    tag: &FrankingTag,
    context: &Context<'_>,
) {
    // The fixed-size part is one contiguous update: 16 + 4 + 32 + 8 + 2 bytes.
    let mut head = [0u8; 62];
    head[..16].copy_from_slice(STAMP_LABEL);
    head[16..20].copy_from_slice(&key_id.get().to_be_bytes());
    head[20..52].copy_from_slice(tag.as_bytes());
    head[52..60].copy_from_slice(&context.timestamp().to_be_bytes());
    head[60..62].copy_from_slice(&id_len(context.sender()));
    mac.update_array(&head);
    mac.update(context.sender());
    mac.update_array(&id_len(context.recipient()));
    mac.update(context.recipient());
    mac.update_array(&id_len(context.message_id()));
    mac.update(context.message_id());
}

/// Ids are at most [`MAX_ID_LEN`] bytes, enforced by [`Context::new`], so the
/// fallback never applies.
fn id_len(id: &[u8]) -> [u8; 2] {
    u16::try_from(id.len()).unwrap_or(u16::MAX).to_be_bytes()
}

/// A cursor over bytes off the wire. Every read checks the remaining length.
struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], Error> {
        let (head, rest) = self.rest.split_at_checked(n).ok_or(Error::Malformed)?;
        self.rest = rest;
        Ok(head)
    }

    fn array<const N: usize>(&mut self) -> Result<&'a [u8; N], Error> {
        let (head, rest) = self.rest.split_first_chunk::<N>().ok_or(Error::Malformed)?;
        self.rest = rest;
        Ok(head)
    }

    fn u8(&mut self) -> Result<u8, Error> {
        let (first, rest) = self.rest.split_first().ok_or(Error::Malformed)?;
        self.rest = rest;
        Ok(*first)
    }

    fn u32(&mut self) -> Result<u32, Error> {
        Ok(u32::from_be_bytes(*self.array()?))
    }

    fn u64(&mut self) -> Result<u64, Error> {
        Ok(u64::from_be_bytes(*self.array()?))
    }

    fn bytes_u16(&mut self) -> Result<&'a [u8], Error> {
        let len = u16::from_be_bytes(*self.array()?);
        self.take(usize::from(len))
    }

    fn bytes_u32(&mut self) -> Result<&'a [u8], Error> {
        let len = usize::try_from(self.u32()?).map_err(|_| Error::Malformed)?;
        self.take(len)
    }

    fn finish(self) -> Result<(), Error> {
        if self.rest.is_empty() {
            Ok(())
        } else {
            Err(Error::Malformed)
        }
    }
}

/// A cursor over an output buffer whose size was checked up front.
struct Writer<'a> {
    rest: &'a mut [u8],
}

impl Writer<'_> {
    fn put(&mut self, bytes: &[u8]) -> Result<(), Error> {
        let rest = core::mem::take(&mut self.rest);
        let (head, rest) = rest
            .split_at_mut_checked(bytes.len())
            .ok_or(Error::BufferTooSmall)?;
        head.copy_from_slice(bytes);
        self.rest = rest;
        Ok(())
    }

    fn bytes_u16(&mut self, bytes: &[u8]) -> Result<(), Error> {
        let len = u16::try_from(bytes.len()).map_err(|_| Error::TooLong)?;
        self.put(&len.to_be_bytes())?;
        self.put(bytes)
    }

    fn bytes_u32(&mut self, bytes: &[u8]) -> Result<(), Error> {
        let len = u32::try_from(bytes.len()).map_err(|_| Error::TooLong)?;
        self.put(&len.to_be_bytes())?;
        self.put(bytes)
    }
}

/// `nonce (24) || franking tag (32) || integrity tag (32)`.
pub(crate) fn encode_envelope(envelope: &Envelope) -> [u8; ENVELOPE_LEN] {
    let mut out = [0u8; ENVELOPE_LEN];
    out[..24].copy_from_slice(envelope.nonce().as_bytes());
    out[24..56].copy_from_slice(envelope.franking_tag().as_bytes());
    out[56..].copy_from_slice(envelope.integrity_tag().as_bytes());
    out
}

pub(crate) fn decode_envelope(bytes: &[u8]) -> Result<Envelope, Error> {
    let mut r = Reader { rest: bytes };
    let nonce = Nonce::from_bytes(*r.array()?);
    let franking_tag = FrankingTag::from_bytes(*r.array()?);
    let integrity_tag = IntegrityTag::from_bytes(*r.array()?);
    r.finish()?;
    Ok(Envelope::new(nonce, franking_tag, integrity_tag))
}

/// `u32(key id) || mac (32)`.
pub(crate) fn encode_stamp(stamp: &Stamp) -> [u8; STAMP_LEN] {
    let mut out = [0u8; STAMP_LEN];
    out[..4].copy_from_slice(&stamp.key_id().get().to_be_bytes());
    out[4..].copy_from_slice(stamp.mac().as_bytes());
    out
}

pub(crate) fn decode_stamp(bytes: &[u8]) -> Result<Stamp, Error> {
    let mut r = Reader { rest: bytes };
    let stamp = read_stamp(&mut r)?;
    r.finish()?;
    Ok(stamp)
}

fn read_stamp(r: &mut Reader<'_>) -> Result<Stamp, Error> {
    let key_id = KeyId::new(r.u32()?);
    let mac = StampMac::from_bytes(*r.array()?);
    Ok(Stamp::new(key_id, mac))
}

/// Length of `report`'s encoding; `None` if it would overflow `usize`.
pub(crate) fn report_len(report: &Report<'_>) -> Option<usize> {
    let c = report.context();
    [
        c.sender().len(),
        c.recipient().len(),
        c.message_id().len(),
        report.header().len(),
        report.message().len(),
    ]
    .iter()
    .try_fold(REPORT_FIXED_LEN, |acc, len| acc.checked_add(*len))
}

/// Report, version 1: `0x01 || stamp (36) || franking tag (32) || opening (32)
/// || u64(timestamp) || u16-prefixed sender, recipient, message id ||
/// u32-prefixed header, message`.
pub(crate) fn encode_report(report: &Report<'_>, out: &mut [u8]) -> Result<usize, Error> {
    let len = report_len(report).ok_or(Error::TooLong)?;
    let out = out.get_mut(..len).ok_or(Error::BufferTooSmall)?;
    let c = report.context();
    let mut w = Writer { rest: out };
    w.put(&[REPORT_VERSION])?;
    w.put(&encode_stamp(&report.stamp()))?;
    w.put(report.franking_tag_bytes())?;
    w.put(report.opening_bytes())?;
    w.put(&c.timestamp().to_be_bytes())?;
    w.bytes_u16(c.sender())?;
    w.bytes_u16(c.recipient())?;
    w.bytes_u16(c.message_id())?;
    w.bytes_u32(report.header())?;
    w.bytes_u32(report.message())?;
    Ok(len)
}

pub(crate) fn decode_report(bytes: &[u8]) -> Result<Report<'_>, Error> {
    let mut r = Reader { rest: bytes };
    match r.u8()? {
        REPORT_VERSION => {}
        _ => return Err(Error::UnsupportedVersion),
    }
    let key_id = KeyId::new(r.u32()?);
    let stamp_mac = r.array()?;
    let franking_tag = r.array()?;
    let opening = r.array()?;
    let timestamp = r.u64()?;
    let sender = r.bytes_u16()?;
    let recipient = r.bytes_u16()?;
    let message_id = r.bytes_u16()?;
    let header = r.bytes_u32()?;
    let message = r.bytes_u32()?;
    r.finish()?;
    let context = Context::new(sender, recipient, timestamp, message_id)?;
    Ok(Report::new(
        key_id,
        stamp_mac,
        franking_tag,
        opening,
        context,
        header,
        message,
    ))
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    extern crate std;
    use super::*;
    use std::vec;

    /// The limits are inclusive. The 4 GiB header is zero-filled virtual
    /// memory that is never touched: only its length is read.
    #[test]
    fn length_limits_are_exact_for_header_and_message() {
        let header = vec![0u8; MAX_HEADER_LEN + 1];
        let at_limit = &header[..MAX_HEADER_LEN];
        assert_eq!(check_lengths(at_limit, MAX_MESSAGE_LEN), Ok(()));
        assert_eq!(check_lengths(&header, 0), Err(Error::TooLong));
        assert_eq!(check_lengths(&[], MAX_MESSAGE_LEN + 1), Err(Error::TooLong));
        assert_eq!(
            check_lengths(&header, MAX_MESSAGE_LEN + 1),
            Err(Error::TooLong)
        );
        assert_eq!(check_lengths(&[], 0), Ok(()));
    }
}
