//! Media encodings (SPEC.md 14.4 and 14.6): the descriptor, the media message
//! that carries descriptors inside the franked content, and the head of a
//! media (attachment range) report.

use super::{Reader, Writer};
use crate::Error;
use crate::media::{
    AttachmentDescriptor, AttachmentNonce, AttachmentRoot, RangeProof, WrappedAttachmentKey,
};
use crate::report::Report;

/// Domain label of a chunk commitment.
pub const CHUNK_LABEL: &[u8; 16] = b"franking-v1-chnk";
/// Domain label of a chunk-tree node.
pub const NODE_LABEL: &[u8; 16] = b"franking-v1-node";
/// First bytes of a media message (a franked message that carries attachments).
pub const MEDIA_MESSAGE_LABEL: &[u8; 16] = b"franking-v1-mmsg";
/// First bytes of a media report.
pub const MEDIA_REPORT_LABEL: &[u8; 16] = b"franking-v1-mrpt";
/// Domain label of an attachment key's pad, derived from a message's
/// integrity key (the derived key, or the pad a wrapped key is unwrapped with).
pub const ATTACHMENT_KEY_LABEL: &[u8; 16] = b"franking-v1-akey";
/// Domain label of a chunk key, derived from an attachment key and nonce.
pub const CHUNK_KEY_LABEL: &[u8; 16] = b"franking-v1-ckey";
/// Length of an encoded [`AttachmentDescriptor`]: `u64(len) || root || nonce
/// || wrapped key`.
pub const DESCRIPTOR_LEN: usize = 8 + 32 + 16 + 32;
/// Most proof hashes a range report may carry.
pub const MAX_PROOF_HASHES: usize = 64;

impl AttachmentDescriptor {
    /// `u64(len) || root || nonce || wrapped key`, 88 bytes (SPEC.md 14.4).
    pub fn to_bytes(&self) -> [u8; DESCRIPTOR_LEN] {
        let mut out = [0u8; DESCRIPTOR_LEN];
        out[..8].copy_from_slice(&self.len().to_be_bytes());
        out[8..40].copy_from_slice(self.root().as_bytes());
        out[40..56].copy_from_slice(self.nonce().as_bytes());
        out[56..].copy_from_slice(self.wrapped_key().as_bytes());
        out
    }

    /// Parses 88 bytes. [`Error::Malformed`] for another length,
    /// [`Error::TooLong`] for a length beyond the limit.
    pub fn decode(bytes: &[u8]) -> Result<Self, Error> {
        let mut r = Reader::new(bytes);
        let len = r.u64("attachment length")?;
        let root = AttachmentRoot::from_bytes(*r.array("attachment root")?);
        let nonce = AttachmentNonce::from_bytes(*r.array("attachment nonce")?);
        let wrapped = WrappedAttachmentKey::from_bytes(*r.array("wrapped attachment key")?);
        r.finish()?;
        Ok(Self::new(len, root, nonce)?.with_wrapped_key(wrapped))
    }
}

/// A media message (SPEC.md 14.4): `MEDIA_MESSAGE_LABEL || u16(count) ||
/// count descriptors || body`. Borrowed from the message bytes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct MediaMessage<'a> {
    descriptors: &'a [u8],
    body: &'a [u8],
}

impl<'a> MediaMessage<'a> {
    /// Whether `message` claims to be a media message (starts with the label).
    /// Such a message must then decode, or it is malformed.
    pub fn is_media_message(message: &[u8]) -> bool {
        message.starts_with(MEDIA_MESSAGE_LABEL)
    }

    /// Parses a media message. [`Error::Malformed`] for a missing label, a
    /// truncated descriptor list, [`Error::TooLong`] for a descriptor whose
    /// length exceeds the limit.
    pub fn decode(message: &'a [u8]) -> Result<Self, Error> {
        let mut r = Reader::new(message);
        if r.array::<16>("media message label")? != MEDIA_MESSAGE_LABEL {
            return Err(Error::Malformed {
                field: "media message label",
                offset: 0,
            });
        }
        let count = u16::from_be_bytes(*r.array("attachment count")?);
        let descriptors = r.take("descriptors", usize::from(count) * DESCRIPTOR_LEN)?;
        for d in descriptors.chunks_exact(DESCRIPTOR_LEN) {
            AttachmentDescriptor::decode(d)?;
        }
        let body = r.rest;
        Ok(Self { descriptors, body })
    }

    /// Number of attachments.
    pub fn attachment_count(&self) -> usize {
        self.descriptors.len() / DESCRIPTOR_LEN
    }

    /// Descriptor of attachment `index`, or `None`.
    pub fn descriptor(&self, index: usize) -> Option<AttachmentDescriptor> {
        let start = index.checked_mul(DESCRIPTOR_LEN)?;
        let bytes = self
            .descriptors
            .get(start..start.checked_add(DESCRIPTOR_LEN)?)?;
        AttachmentDescriptor::decode(bytes).ok()
    }

    /// The application's content after the descriptors.
    pub fn body(&self) -> &'a [u8] {
        self.body
    }

    /// Length of the encoding of `count` descriptors and a body of
    /// `body_len` bytes; `usize::MAX` if it would not fit in memory
    /// (saturating: [`encode_into`](Self::encode_into) then fails).
    pub fn encoded_len(count: usize, body_len: usize) -> usize {
        16usize
            .saturating_add(2)
            .saturating_add(count.saturating_mul(DESCRIPTOR_LEN))
            .saturating_add(body_len)
    }

    /// Writes a media message into `out`; returns its length.
    /// [`Error::TooLong`] for more than 65535 descriptors,
    /// [`Error::BufferTooSmall`] if `out` is too short.
    pub fn encode_into(
        descriptors: &[AttachmentDescriptor],
        body: &[u8],
        out: &mut [u8],
    ) -> Result<usize, Error> {
        let count = u16::try_from(descriptors.len()).map_err(|_| Error::TooLong {
            field: "attachment count",
            max: usize::from(u16::MAX),
        })?;
        let needed = Self::encoded_len(descriptors.len(), body.len());
        if out.len() < needed {
            return Err(Error::BufferTooSmall { needed });
        }
        let mut w = Writer::new(out);
        w.put(MEDIA_MESSAGE_LABEL)?;
        w.put(&count.to_be_bytes())?;
        for d in descriptors {
            w.put(&d.to_bytes())?;
        }
        w.put(body)?;
        Ok(w.written)
    }
}

impl core::fmt::Debug for MediaMessage<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("MediaMessage")
            .field("attachments", &self.attachment_count())
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// The head of a media report (SPEC.md 14.6): everything before the
/// reported chunks. Borrowed from the input; the chunks follow it and can be
/// streamed.
#[derive(Clone, Copy)]
pub struct MediaReportHead<'a> {
    message_report: Report<'a>,
    attachment: u16,
    first_chunk: u64,
    chunk_count: u64,
    proof: &'a [u8],
}

impl<'a> MediaReportHead<'a> {
    /// Parses the head at the start of `bytes`; returns it and its length
    /// (where the chunks start). [`Error::Malformed`] (field and offset) for
    /// a wrong label or a truncated or overlong field; errors of the message
    /// report's decoder, with offsets into `bytes`.
    pub fn decode_prefix(bytes: &'a [u8]) -> Result<(Self, usize), Error> {
        let mut r = Reader::new(bytes);
        if r.array::<16>("media report label")? != MEDIA_REPORT_LABEL {
            return Err(Error::Malformed {
                field: "media report label",
                offset: 0,
            });
        }
        let start = r.offset + 4;
        let mr = r.bytes_u32("message report")?;
        let message_report = Report::decode(mr).map_err(|e| match e {
            Error::Malformed { field, offset } => Error::Malformed {
                field,
                offset: offset.saturating_add(start),
            },
            other => other,
        })?;
        let attachment = u16::from_be_bytes(*r.array("attachment index")?);
        let first_chunk = r.u64("first chunk")?;
        let count_at = r.offset;
        let chunk_count = r.u64("chunk count")?;
        if chunk_count == 0 {
            return Err(Error::Malformed {
                field: "chunk count",
                offset: count_at,
            });
        }
        let proof_at = r.offset;
        let p = r.u8("proof count")?;
        if usize::from(p) > MAX_PROOF_HASHES {
            return Err(Error::Malformed {
                field: "proof count",
                offset: proof_at,
            });
        }
        let proof = r.take("proof hashes", usize::from(p) * 32)?;
        Ok((
            Self {
                message_report,
                attachment,
                first_chunk,
                chunk_count,
                proof,
            },
            r.offset,
        ))
    }

    /// How many bytes the head starting `prefix` has at least, from what
    /// `prefix` shows: 20 until the message report's length is in, then up
    /// to the proof count, then the whole head. Read until the returned
    /// length is at most `prefix.len()`, then [`decode_prefix`](Self::decode_prefix):
    /// a stream is read without parsing the head at fixed offsets.
    /// [`Error::Malformed`] for a wrong label or a proof count over 64.
    pub fn bytes_needed(prefix: &[u8]) -> Result<usize, Error> {
        const FIXED: usize = 2 + 8 + 8 + 1;
        let Some(label) = prefix.get(..16) else {
            return Ok(20);
        };
        if label != MEDIA_REPORT_LABEL {
            return Err(Error::Malformed {
                field: "media report label",
                offset: 0,
            });
        }
        let Some(len) = prefix.get(16..20) else {
            return Ok(20);
        };
        let mut be = [0u8; 4];
        be.copy_from_slice(len);
        let mr_len = usize::try_from(u32::from_be_bytes(be)).unwrap_or(usize::MAX);
        let count_at = 20usize.saturating_add(mr_len).saturating_add(FIXED - 1);
        let Some(&p) = prefix.get(count_at) else {
            return Ok(count_at.saturating_add(1));
        };
        if usize::from(p) > MAX_PROOF_HASHES {
            return Err(Error::Malformed {
                field: "proof count",
                offset: count_at,
            });
        }
        Ok(count_at + 1 + 32 * usize::from(p))
    }

    /// Length of a head with this message report and `proof_hashes` hashes;
    /// `usize::MAX` if it would not fit in memory (saturating:
    /// [`encode_into`](Self::encode_into) then fails).
    pub fn encoded_len(message_report: &Report<'_>, proof_hashes: usize) -> usize {
        proof_hashes
            .checked_mul(32)
            .and_then(|proof| proof.checked_add(16 + 4 + 2 + 8 + 8 + 1))
            .and_then(|fixed| fixed.checked_add(message_report.encoded_len()))
            .unwrap_or(usize::MAX)
    }

    /// Writes a head into `out`; returns its length. The chunks follow, each
    /// as `r_i || A_i` ([`AttachmentKey::chunk_opening`] and the plaintext).
    ///
    /// [`AttachmentKey::chunk_opening`]: crate::media::AttachmentKey::chunk_opening
    pub fn encode_into(
        message_report: &Report<'_>,
        attachment: u16,
        proof: &RangeProof,
        out: &mut [u8],
    ) -> Result<usize, Error> {
        let needed = Self::encoded_len(message_report, proof.hash_count());
        if out.len() < needed {
            return Err(Error::BufferTooSmall { needed });
        }
        let mr_len = message_report.encoded_len();
        let mr_len32 = u32::try_from(mr_len).map_err(|_| Error::TooLong {
            field: "message report",
            max: u32::MAX as usize,
        })?;
        let mut w = Writer::new(out);
        w.put(MEDIA_REPORT_LABEL)?;
        w.put(&mr_len32.to_be_bytes())?;
        let at = w.written;
        let written = message_report.encode_into(w.rest.get_mut(..mr_len).unwrap_or_default())?;
        let rest = core::mem::take(&mut w.rest);
        w.rest = rest.get_mut(written..).unwrap_or_default();
        w.written = at + written;
        w.put(&attachment.to_be_bytes())?;
        w.put(&proof.first_chunk().to_be_bytes())?;
        w.put(&proof.chunk_count().to_be_bytes())?;
        w.put(&[u8::try_from(proof.hash_count()).unwrap_or(u8::MAX)])?;
        w.put(proof.hashes())?;
        Ok(w.written)
    }

    /// The report of the message that carried the attachment (not yet verified).
    pub fn message_report(&self) -> &Report<'a> {
        &self.message_report
    }

    /// Index of the attachment in the message.
    pub fn attachment(&self) -> u16 {
        self.attachment
    }

    /// First reported chunk.
    pub fn first_chunk(&self) -> u64 {
        self.first_chunk
    }

    /// Number of reported chunks (at least 1).
    pub fn chunk_count(&self) -> u64 {
        self.chunk_count
    }

    /// The proof hashes, 32 bytes each.
    pub fn proof_hashes(&self) -> &'a [u8] {
        self.proof
    }
}

impl core::fmt::Debug for MediaReportHead<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("MediaReportHead")
            .field("attachment", &self.attachment)
            .field("first_chunk", &self.first_chunk)
            .field("chunk_count", &self.chunk_count)
            .field("proof_hashes", &(self.proof.len() / 32))
            .finish_non_exhaustive()
    }
}
