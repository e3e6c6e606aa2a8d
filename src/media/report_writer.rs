//! Writing media reports (SPEC.md 14.6) from the recipient's stored
//! evidence: the message report, the [`AttachmentEvidence`], the plaintext
//! chunks and the outboard tree. Allocation-free: the head and each chunk
//! record are written into the caller's buffers, one at a time.

use super::open::TreeSource;
use super::{AttachmentEvidence, CHUNK_SIZE, RangeProof, range_proof};
use crate::Error;
use crate::report::Report;
use crate::wire::{MediaMessage, MediaReportHead};

/// Writes one media report, whole or of a range of chunks, from the stored
/// evidence: [`write_head`](Self::write_head) first, then
/// [`write_chunk`](Self::write_chunk) for each reported chunk in order (its
/// plaintext in, the record `r_i || A_i` out). Concatenated, the outputs are
/// the report. With `alloc`, [`to_vec`](Self::to_vec) does it all.
///
/// The writer does not check the plaintext against the root: a chunk that
/// differs from what the recipient opened gives a report the moderator
/// rejects with `Invalid`.
///
/// ```
/// # use franking::media::{AttachmentEvidence, AttachmentKey, AttachmentSealer, MediaReportWriter};
/// # let mut rng = rand::rng();
/// # let key = AttachmentKey::generate(&mut rng);
/// # let mut sealer = AttachmentSealer::new(key.clone(), &mut rng);
/// # sealer.seal_chunk(&mut [7; 10], true)?;
/// # let evidence = AttachmentEvidence::new(key, 0, sealer.descriptor()?);
/// // Chunks covering bytes 2..5 of the attachment; the tree is empty for one chunk.
/// let mut tree: &[u8] = &[];
/// let writer = MediaReportWriter::covering(&evidence, 2, 3, &mut tree)?;
/// assert_eq!((writer.first_chunk(), writer.chunk_count()), (0, 1));
/// # Ok::<(), franking::Error>(())
/// ```
#[derive(Debug)]
pub struct MediaReportWriter<'e> {
    evidence: &'e AttachmentEvidence,
    proof: RangeProof,
    next: u64,
}

impl<'e> MediaReportWriter<'e> {
    /// A report of chunks `[first, first + count)`, its proof read from the
    /// outboard tree (O(log n) records, each checked against the root).
    /// Errors of [`range_proof`]: [`Error::Malformed`] for an empty range or
    /// one beyond the attachment, [`Error::Invalid`] for a tree that does not
    /// match.
    pub fn range<T: TreeSource + ?Sized>(
        evidence: &'e AttachmentEvidence,
        first: u64,
        count: u64,
        tree: &mut T,
    ) -> Result<Self, Error> {
        let proof = range_proof(evidence.descriptor(), first, count, tree)?;
        Ok(Self {
            evidence,
            proof,
            next: first,
        })
    }

    /// A whole-attachment report: no proof hashes, no tree needed.
    pub fn whole(evidence: &'e AttachmentEvidence) -> Result<Self, Error> {
        let n = evidence.descriptor().chunk_count();
        // A range covering every leaf reads no record.
        let mut no_tree: &[u8] = &[];
        Self::range(evidence, 0, n, &mut no_tree)
    }

    /// A report of the chunks that cover bytes `[offset, offset + len)` of
    /// the attachment: chunks are reported whole, so the report holds up to
    /// a chunk more on each side. [`Error::Malformed`] for `len = 0` or bytes
    /// beyond the attachment; otherwise as [`range`](Self::range).
    pub fn covering<T: TreeSource + ?Sized>(
        evidence: &'e AttachmentEvidence,
        offset: u64,
        len: u64,
        tree: &mut T,
    ) -> Result<Self, Error> {
        let total = evidence.descriptor().len();
        let end = offset
            .checked_add(len)
            .filter(|&end| len > 0 && end <= total)
            .ok_or(Error::Malformed {
                field: "byte range",
                offset: 0,
            })?;
        let s = CHUNK_SIZE as u64;
        let first = offset / s;
        Self::range(evidence, first, end.div_ceil(s) - first, tree)
    }

    /// First reported chunk.
    pub fn first_chunk(&self) -> u64 {
        self.proof.first_chunk()
    }

    /// Number of reported chunks.
    pub fn chunk_count(&self) -> u64 {
        self.proof.chunk_count()
    }

    /// Offset in the attachment of the first reported byte.
    pub fn byte_offset(&self) -> u64 {
        self.first_chunk() * CHUNK_SIZE as u64
    }

    /// Number of reported plaintext bytes.
    pub fn byte_len(&self) -> u64 {
        let end = (self.first_chunk() + self.chunk_count()) * CHUNK_SIZE as u64;
        end.min(self.evidence.descriptor().len()) - self.byte_offset()
    }

    /// Length of the head with `message_report`.
    pub fn head_len(&self, message_report: &Report<'_>) -> usize {
        MediaReportHead::encoded_len(message_report, self.proof.hash_count())
    }

    /// Length of the whole report with `message_report`: the head, then 32
    /// bytes of opening and the plaintext for each chunk.
    pub fn report_len(&self, message_report: &Report<'_>) -> u64 {
        (self.head_len(message_report) as u64)
            .saturating_add(32 * self.chunk_count())
            .saturating_add(self.byte_len())
    }

    /// Writes the head into `out`; returns its length. [`Error::Malformed`]
    /// if `message_report` is not the report of the message whose attachment
    /// the evidence describes (its message does not decode, or has another
    /// descriptor at that index); [`Error::BufferTooSmall`] if `out` is too short.
    pub fn write_head(&self, message_report: &Report<'_>, out: &mut [u8]) -> Result<usize, Error> {
        let attachment = self.evidence.attachment();
        let matches = MediaMessage::decode(message_report.message())
            .ok()
            .and_then(|m| m.descriptor(usize::from(attachment)))
            .is_some_and(|d| d == *self.evidence.descriptor());
        if !matches {
            return Err(Error::Malformed {
                field: "attachment evidence",
                offset: 0,
            });
        }
        MediaReportHead::encode_into(message_report, attachment, &self.proof, out)
    }

    /// Index and plaintext length of the next chunk to write, or `None` once
    /// every reported chunk is written.
    pub fn next_chunk(&self) -> Option<(u64, usize)> {
        if self.next >= self.first_chunk() + self.chunk_count() {
            return None;
        }
        let len = self.evidence.descriptor().chunk_len(self.next)?;
        Some((self.next, len))
    }

    /// Writes the next chunk's record `r_i || A_i` into `out` from its
    /// plaintext; returns its length (32 + the chunk's length).
    /// [`Error::Malformed`] for a chunk of the wrong length or one after the
    /// last, [`Error::BufferTooSmall`] if `out` is too short.
    pub fn write_chunk(&mut self, plaintext: &[u8], out: &mut [u8]) -> Result<usize, Error> {
        let (index, len) = self.next_chunk().ok_or(Error::Malformed {
            field: "extra chunk",
            offset: 0,
        })?;
        if plaintext.len() != len {
            return Err(Error::Malformed {
                field: "chunk length",
                offset: 0,
            });
        }
        let needed = 32 + len;
        let (opening, rest) = out
            .get_mut(..needed)
            .ok_or(Error::BufferTooSmall { needed })?
            .split_at_mut(32);
        opening.copy_from_slice(self.evidence.chunk_opening(index)?.as_bytes());
        rest.copy_from_slice(plaintext);
        self.next += 1;
        Ok(needed)
    }

    /// The whole report in a new vector, from `message_report` and the
    /// attachment's whole plaintext. [`Error::Malformed`] if `attachment` is
    /// not the attachment's length; errors of
    /// [`write_head`](Self::write_head).
    #[cfg(feature = "alloc")]
    pub fn to_vec(
        mut self,
        message_report: &Report<'_>,
        attachment: &[u8],
    ) -> Result<alloc::vec::Vec<u8>, Error> {
        if attachment.len() as u64 != self.evidence.descriptor().len() {
            return Err(Error::Malformed {
                field: "attachment length",
                offset: 0,
            });
        }
        let total =
            usize::try_from(self.report_len(message_report)).map_err(|_| Error::TooLong {
                field: "media report",
                max: usize::MAX,
            })?;
        let mut out = alloc::vec![0u8; total];
        let mut at = self.write_head(message_report, &mut out)?;
        while let Some((index, len)) = self.next_chunk() {
            let start = usize::try_from(index)
                .ok()
                .and_then(|i| i.checked_mul(CHUNK_SIZE))
                .unwrap_or(usize::MAX);
            let plaintext = start
                .checked_add(len)
                .and_then(|end| attachment.get(start..end))
                .ok_or(Error::Malformed {
                    field: "attachment length",
                    offset: 0,
                })?;
            let dst = out.get_mut(at..).unwrap_or_default();
            at += self.write_chunk(plaintext, dst)?;
        }
        Ok(out)
    }
}
