//! Range reports (SPEC.md 14.6): the recipient builds a proof of position of
//! O(log n) hashes; the moderator recomputes the root from the proof and the
//! reported chunks, streamed in order, in constant memory.

use subtle::Choice;

use super::open::{Subtree, TreeSource};
use super::{AttachmentDescriptor, CHUNK_SIZE, STACK, ct_eq32, leaf, node, split};
use crate::Error;
use crate::ct;
use crate::moderator::{VerifiedReport, verify};
use crate::platform::Keyring;
use crate::wire::{MAX_PROOF_HASHES, MediaMessage, MediaReportHead};

/// The proof of position of a range of chunks: the hashes of the maximal
/// subtrees disjoint from the range, left to right. At most 64 hashes.
#[derive(Clone)]
pub struct RangeProof {
    first: u64,
    count: u64,
    hashes: [u8; MAX_PROOF_HASHES * 32],
    len: usize,
}

impl RangeProof {
    /// First chunk of the range.
    pub fn first_chunk(&self) -> u64 {
        self.first
    }

    /// Chunks in the range.
    pub fn chunk_count(&self) -> u64 {
        self.count
    }

    /// Number of proof hashes.
    pub fn hash_count(&self) -> usize {
        self.len
    }

    /// The proof hashes, 32 bytes each, as they go on the wire.
    pub fn hashes(&self) -> &[u8] {
        self.hashes.get(..self.len * 32).unwrap_or_default()
    }

    fn push(&mut self, hash: &[u8; 32]) -> Result<(), Error> {
        let slot = self
            .hashes
            .get_mut(self.len * 32..(self.len + 1) * 32)
            .ok_or(Error::Invalid)?;
        slot.copy_from_slice(hash);
        self.len += 1;
        Ok(())
    }
}

impl core::fmt::Debug for RangeProof {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("RangeProof")
            .field("first", &self.first)
            .field("count", &self.count)
            .field("hashes", &self.len)
            .finish()
    }
}

fn check_range(descriptor: &AttachmentDescriptor, first: u64, count: u64) -> Result<u64, Error> {
    let n = descriptor.chunk_count();
    match first.checked_add(count) {
        Some(end) if count >= 1 && end <= n => Ok(end),
        _ => Err(Error::Malformed {
            field: "chunk range",
            offset: 0,
        }),
    }
}

/// Builds the proof for chunks `[first, first + count)` from the outboard
/// tree, checking every record it reads against the descriptor's root
/// (reads O(log n) records). [`Error::Malformed`] for an empty range or one
/// beyond the attachment; [`Error::Invalid`] if the tree does not match.
pub fn range_proof<T: TreeSource + ?Sized>(
    descriptor: &AttachmentDescriptor,
    first: u64,
    count: u64,
    tree: &mut T,
) -> Result<RangeProof, Error> {
    let end = check_range(descriptor, first, count)?;
    let mut proof = RangeProof {
        first,
        count,
        hashes: [0u8; MAX_PROOF_HASHES * 32],
        len: 0,
    };
    let mut ok = Choice::from(1);
    collect(
        Subtree::root(descriptor),
        first,
        end,
        tree,
        &mut proof,
        &mut ok,
    )?;
    if ct::declassify(ok) {
        Ok(proof)
    } else {
        Err(Error::Invalid)
    }
}

fn collect<T: TreeSource + ?Sized>(
    at: Subtree,
    a: u64,
    b: u64,
    tree: &mut T,
    proof: &mut RangeProof,
    ok: &mut Choice,
) -> Result<(), Error> {
    if at.hi <= a || at.lo >= b {
        return proof.push(&at.hash);
    }
    if a <= at.lo && at.hi <= b {
        return Ok(());
    }
    let (left, right, matched) = at.children(tree)?;
    *ok &= matched;
    collect(left, a, b, tree, proof, ok)?;
    collect(right, a, b, tree, proof, ok)
}

/// Number of proof hashes a range `[a, b)` of `n` chunks needs.
pub(crate) fn proof_hash_count(lo: u64, hi: u64, a: u64, b: u64) -> u64 {
    if hi <= a || lo >= b {
        1
    } else if a <= lo && hi <= b {
        0
    } else {
        let m = lo + split(hi - lo);
        proof_hash_count(lo, m, a, b) + proof_hash_count(m, hi, a, b)
    }
}

#[derive(Clone, Copy)]
struct Frame {
    lo: u64,
    hi: u64,
    /// 0: not entered; 1: left child pushed; 2: both children pushed.
    state: u8,
}

enum Step {
    Leaf(u64),
    Done,
}

/// A media report verified: the sender of [`report`](Self::report) sent,
/// in that message, attachment [`attachment`](Self::attachment) whose bytes
/// at [`byte_offset`](Self::byte_offset) are the reported chunks.
///
/// Its `Debug` prints positions and lengths only, never the reported bytes
/// or the chunk openings.
#[derive(Clone, Copy)]
pub struct VerifiedRange<'a> {
    report: VerifiedReport<'a>,
    attachment: u16,
    descriptor: AttachmentDescriptor,
    first: u64,
    count: u64,
    records: &'a [u8],
}

impl<'a> VerifiedRange<'a> {
    /// The verified report of the message that carried the attachment.
    pub fn report(&self) -> &VerifiedReport<'a> {
        &self.report
    }

    /// Index of the attachment in that message.
    pub fn attachment(&self) -> u16 {
        self.attachment
    }

    /// The attachment's descriptor, as the verified message states it.
    pub fn descriptor(&self) -> &AttachmentDescriptor {
        &self.descriptor
    }

    /// First reported chunk.
    pub fn first_chunk(&self) -> u64 {
        self.first
    }

    /// Number of reported chunks.
    pub fn chunk_count(&self) -> u64 {
        self.count
    }

    /// Offset of the reported bytes in the attachment.
    pub fn byte_offset(&self) -> u64 {
        self.first * CHUNK_SIZE as u64
    }

    /// Number of reported bytes.
    pub fn byte_len(&self) -> u64 {
        let end = (self.first + self.count) * CHUNK_SIZE as u64;
        end.min(self.descriptor.len()) - self.byte_offset()
    }

    /// Whether the whole attachment was reported.
    pub fn is_whole(&self) -> bool {
        self.first == 0 && self.count == self.descriptor.chunk_count()
    }

    /// Plaintext of the `k`-th reported chunk, when the report was verified
    /// in memory by [`verify_media_report`] or `verify_media_report_parallel`
    /// (`None` after [`RangeVerifier::finish`]: a streamed report's bytes go
    /// to the sink of `verify_media_report_stream`, feature `std`).
    pub fn chunk(&self, k: u64) -> Option<&'a [u8]> {
        if k >= self.count {
            return None;
        }
        let len = self.descriptor.chunk_len(self.first + k)?;
        let start = usize::try_from(k)
            .ok()?
            .checked_mul(32 + CHUNK_SIZE)?
            .checked_add(32)?;
        self.records.get(start..start.checked_add(len)?)
    }
}

/// Prints lengths only: reported content must not end up in logs.
impl core::fmt::Debug for VerifiedRange<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("VerifiedRange")
            .field("report", &self.report)
            .field("attachment", &self.attachment)
            .field("descriptor", &self.descriptor)
            .field("first_chunk", &self.first)
            .field("chunk_count", &self.count)
            .field("records_len", &self.records.len())
            .finish()
    }
}

/// Verifies a media report in constant memory, chunk by chunk.
///
/// [`new`](Self::new) verifies the message report and finds the descriptor;
/// feed each reported chunk in order to [`update`](Self::update); the
/// verdict comes from [`finish`](Self::finish). Do not act on reported
/// bytes before `finish` returns `Ok`.
pub struct RangeVerifier<'a> {
    report: VerifiedReport<'a>,
    attachment: u16,
    descriptor: AttachmentDescriptor,
    first: u64,
    count: u64,
    proof: &'a [u8],
    frames: [Frame; STACK],
    nframes: usize,
    values: [[u8; 32]; STACK],
    nvalues: usize,
    done_chunks: u64,
}

fn malformed(field: &'static str) -> Error {
    Error::Malformed { field, offset: 0 }
}

impl<'a> RangeVerifier<'a> {
    /// Verifies the head's message report at time `now` (section 6 errors,
    /// unchanged), reads the attachment's descriptor from the verified
    /// message, and checks the range and the number of proof hashes
    /// ([`Error::Malformed`]).
    pub fn new<const N: usize>(
        keyring: &Keyring<N>,
        now: u64,
        head: &MediaReportHead<'a>,
    ) -> Result<Self, Error> {
        let report = verify(keyring, now, head.message_report())?;
        let message = MediaMessage::decode(report.message())?;
        let descriptor = message
            .descriptor(usize::from(head.attachment()))
            .ok_or(malformed("attachment index"))?;
        let end = check_range(&descriptor, head.first_chunk(), head.chunk_count())?;
        let needed = proof_hash_count(0, descriptor.chunk_count(), head.first_chunk(), end);
        if needed != (head.proof_hashes().len() / 32) as u64 {
            return Err(malformed("proof count"));
        }
        let mut frames = [Frame {
            lo: 0,
            hi: 0,
            state: 0,
        }; STACK];
        frames[0] = Frame {
            lo: 0,
            hi: descriptor.chunk_count(),
            state: 0,
        };
        Ok(Self {
            report,
            attachment: head.attachment(),
            descriptor,
            first: head.first_chunk(),
            count: head.chunk_count(),
            proof: head.proof_hashes(),
            frames,
            nframes: 1,
            values: [[0u8; 32]; STACK],
            nvalues: 0,
            done_chunks: 0,
        })
    }

    /// Length of the next chunk's plaintext, or `None` once all arrived.
    pub fn next_chunk_len(&self) -> Option<usize> {
        if self.done_chunks >= self.count {
            return None;
        }
        self.descriptor.chunk_len(self.first + self.done_chunks)
    }

    fn push_value(&mut self, hash: [u8; 32]) -> Result<(), Error> {
        *self.values.get_mut(self.nvalues).ok_or(Error::Invalid)? = hash;
        self.nvalues += 1;
        Ok(())
    }

    fn pop_value(&mut self) -> Result<[u8; 32], Error> {
        self.nvalues = self.nvalues.checked_sub(1).ok_or(Error::Invalid)?;
        self.values.get(self.nvalues).copied().ok_or(Error::Invalid)
    }

    fn push_frame(&mut self, lo: u64, hi: u64) -> Result<(), Error> {
        *self.frames.get_mut(self.nframes).ok_or(Error::Invalid)? = Frame { lo, hi, state: 0 };
        self.nframes += 1;
        Ok(())
    }

    /// Advances the recursion of SPEC.md 14.6 until it needs a reported leaf.
    fn run(&mut self) -> Result<Step, Error> {
        let (a, b) = (self.first, self.first + self.count);
        while let Some(top) = self.nframes.checked_sub(1) {
            let frame = *self.frames.get(top).ok_or(Error::Invalid)?;
            let (lo, hi) = (frame.lo, frame.hi);
            match frame.state {
                0 if hi <= a || lo >= b => {
                    let (hash, rest) = self
                        .proof
                        .split_first_chunk::<32>()
                        .ok_or(malformed("proof count"))?;
                    self.proof = rest;
                    self.push_value(*hash)?;
                    self.nframes = top;
                }
                0 if hi - lo == 1 => return Ok(Step::Leaf(lo)),
                0 => {
                    if let Some(f) = self.frames.get_mut(top) {
                        f.state = 1;
                    }
                    self.push_frame(lo, lo + split(hi - lo))?;
                }
                1 => {
                    if let Some(f) = self.frames.get_mut(top) {
                        f.state = 2;
                    }
                    self.push_frame(lo + split(hi - lo), hi)?;
                }
                _ => {
                    let right = self.pop_value()?;
                    let left = self.pop_value()?;
                    self.push_value(node(&left, &right))?;
                    self.nframes = top;
                }
            }
        }
        Ok(Step::Done)
    }

    /// Feeds the next reported chunk: its opening `r_i` and plaintext.
    /// [`Error::Malformed`] for a chunk of the wrong length or one too many.
    pub fn update(&mut self, opening: &[u8; 32], plaintext: &[u8]) -> Result<(), Error> {
        self.update_with(plaintext.len(), |index, last| {
            leaf(opening, index, last, plaintext)
        })
    }

    /// [`update`](Self::update) with the chunk's commitment computed by
    /// `commit(index, last)` (possibly ahead of time, on another thread).
    pub(crate) fn update_with(
        &mut self,
        plaintext_len: usize,
        commit: impl FnOnce(u64, bool) -> [u8; 32],
    ) -> Result<(), Error> {
        let expected_len = self.next_chunk_len().ok_or(malformed("extra chunk"))?;
        if plaintext_len != expected_len {
            return Err(malformed("chunk length"));
        }
        let index = match self.run()? {
            Step::Leaf(index) => index,
            Step::Done => return Err(malformed("extra chunk")),
        };
        let last = index + 1 == self.descriptor.chunk_count();
        self.push_value(commit(index, last))?;
        self.nframes = self.nframes.saturating_sub(1);
        self.done_chunks += 1;
        Ok(())
    }

    /// Whether chunk `index` is the attachment's last.
    #[cfg(feature = "std")]
    pub(crate) fn is_last(&self, index: u64) -> bool {
        index + 1 == self.descriptor.chunk_count()
    }

    /// Feeds a chunk record as it appears in the report: `r_i || A_i`.
    pub fn update_record(&mut self, record: &[u8]) -> Result<(), Error> {
        let (opening, plaintext) = record
            .split_first_chunk::<32>()
            .ok_or(malformed("chunk opening"))?;
        self.update(opening, plaintext)
    }

    /// The verdict: [`Error::Malformed`] if chunks are missing,
    /// [`Error::Invalid`] if the recomputed root differs from the descriptor's.
    pub fn finish(self) -> Result<VerifiedRange<'a>, Error> {
        self.finish_with(&[])
    }

    pub(crate) fn finish_with(mut self, records: &'a [u8]) -> Result<VerifiedRange<'a>, Error> {
        if self.done_chunks != self.count {
            return Err(malformed("missing chunks"));
        }
        match self.run()? {
            Step::Done => {}
            Step::Leaf(_) => return Err(malformed("missing chunks")),
        }
        let root = self.pop_value()?;
        let ok = ct_eq32(&root, self.descriptor.root().as_bytes())
            & Choice::from(u8::from(self.nvalues == 0));
        if !ct::declassify(ok) {
            return Err(Error::Invalid);
        }
        Ok(VerifiedRange {
            report: self.report,
            attachment: self.attachment,
            descriptor: self.descriptor,
            first: self.first,
            count: self.count,
            records,
        })
    }
}

impl core::fmt::Debug for RangeVerifier<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("RangeVerifier")
            .field("attachment", &self.attachment)
            .field("first", &self.first)
            .field("count", &self.count)
            .field("done_chunks", &self.done_chunks)
            .finish_non_exhaustive()
    }
}

/// The chunk records of a media report held in memory, cut by the lengths
/// the descriptor fixes. Both in-memory verifiers read the records through
/// it, so that they report the same error at the same offset.
pub(crate) struct Records<'a> {
    rest: &'a [u8],
    offset: usize,
    next: u64,
    end: u64,
    descriptor: AttachmentDescriptor,
}

impl<'a> Records<'a> {
    /// The records after a head of `head_len` bytes, for `verifier`'s range.
    pub(crate) fn new(verifier: &RangeVerifier<'_>, bytes: &'a [u8], head_len: usize) -> Self {
        Self {
            rest: bytes.get(head_len..).unwrap_or_default(),
            offset: head_len,
            next: verifier.first,
            end: verifier.first.saturating_add(verifier.count),
            descriptor: verifier.descriptor,
        }
    }

    /// The next record `(index, r_i || A_i)`: [`Error::Malformed`] `"chunk"`
    /// at the record's offset if the input ends inside it; `None` after the
    /// last reported chunk.
    pub(crate) fn next_record(&mut self) -> Option<Result<(u64, &'a [u8]), Error>> {
        if self.next >= self.end {
            return None;
        }
        let truncated = Error::Malformed {
            field: "chunk",
            offset: self.offset,
        };
        let Some(len) = self.descriptor.chunk_len(self.next) else {
            return Some(Err(truncated));
        };
        let Some((record, tail)) = self.rest.split_at_checked(32 + len) else {
            return Some(Err(truncated));
        };
        let index = self.next;
        self.rest = tail;
        self.offset = self.offset.saturating_add(record.len());
        self.next += 1;
        Some(Ok((index, record)))
    }

    /// After the last record: [`Error::Malformed`] `"trailing bytes"` if
    /// anything follows it.
    pub(crate) fn finish(&self) -> Result<(), Error> {
        if self.rest.is_empty() {
            Ok(())
        } else {
            Err(Error::Malformed {
                field: "trailing bytes",
                offset: self.offset,
            })
        }
    }
}

/// Decodes and verifies a whole media report held in memory (SPEC.md 14.6).
/// Errors as [`RangeVerifier`], and [`Error::Malformed`] for a truncated
/// chunk (`"chunk"`, at the offset where its record starts) or bytes after
/// the last (`"trailing bytes"`, at their offset).
///
/// ```
/// use franking::media::{MediaReportWriter, verify_media_report};
/// # use franking::{Context, KeyId, KeyInterval, Keyring, MessageKey, Nonce, PlatformKey};
/// # use franking::media::{AttachmentEvidence, AttachmentKey, AttachmentSealer};
/// # use franking::wire::MediaMessage;
/// # let mut rng = rand::rng();
/// # let message_key = MessageKey::generate(&mut rng);
/// # let nonce = Nonce::random(&mut rng);
/// # let mut photo = *b"a photo";
/// # let mut sealer = AttachmentSealer::new(AttachmentKey::derive(&message_key, &nonce, 0), &mut rng);
/// # sealer.seal_chunk(&mut photo, true)?;
/// # let mut message = vec![0; MediaMessage::encoded_len(1, 4)];
/// # MediaMessage::encode_into(&[sealer.descriptor()?], b"look", &mut message)?;
/// # let envelope = message_key.seal_in_place_with_nonce(&nonce, b"", &mut message)?;
/// # let platform = PlatformKey::generate(KeyId::new(1), KeyInterval::starting_at(0), &mut rng)?;
/// # let keyring = Keyring::new(platform, 30 * 86_400);
/// # let context = Context::new(b"alice", b"bob", 1_700_000_000, b"msg-1")?;
/// # let stamp = keyring.stamp_envelope(&envelope, &context)?;
/// # let opened = message_key.open_in_place(&envelope, b"", &mut message)?;
/// # let message_report = opened.report(&context, &stamp);
/// # let evidence = AttachmentEvidence::from_message(&message_key, &nonce, opened.message(), 0)?;
/// # let photo = *b"a photo";
/// // Recipient: the whole attachment's report, from the kept evidence.
/// let mut writer = MediaReportWriter::whole(&evidence)?;
/// let mut bytes = vec![0; writer.head_len(&message_report)];
/// writer.write_head(&message_report, &mut bytes)?;
/// let mut record = [0; 32 + 7];
/// writer.write_chunk(&photo, &mut record)?; // once per chunk, in order
/// bytes.extend_from_slice(&record);
///
/// // Moderator: the message report, then every chunk against the root.
/// let verified = verify_media_report(&keyring, 1_700_003_600, &bytes)?;
/// assert_eq!(verified.report().sender(), b"alice");
/// assert_eq!(verified.chunk(0), Some(&b"a photo"[..]));
/// # Ok::<(), franking::Error>(())
/// ```
pub fn verify_media_report<'a, const N: usize>(
    keyring: &Keyring<N>,
    now: u64,
    bytes: &'a [u8],
) -> Result<VerifiedRange<'a>, Error> {
    let (head, head_len) = MediaReportHead::decode_prefix(bytes)?;
    let mut verifier = RangeVerifier::new(keyring, now, &head)?;
    let mut records = Records::new(&verifier, bytes, head_len);
    while let Some(record) = records.next_record() {
        verifier.update_record(record?.1)?;
    }
    records.finish()?;
    verifier.finish_with(bytes.get(head_len..).unwrap_or_default())
}
