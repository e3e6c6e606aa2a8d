//! Media (SPEC.md 14): attachments sealed and opened a chunk at a time, so
//! a phone never holds a whole video; the recipient's attachment evidence;
//! attachment reports, whole or a range, written a chunk at a time.

use std::sync::{Arc, Mutex, MutexGuard};

use franking::Report;
use franking::media::{
    AttachmentDescriptor, AttachmentEvidence, AttachmentKey, AttachmentNonce, AttachmentRoot,
    AttachmentSealer, CHUNK_SIZE, MediaReportWriter, WrappedAttachmentKey, open_chunk_at,
};
use franking::wire::MediaMessage as WireMediaMessage;

use zeroize::Zeroizing;

use crate::convert;
use crate::error::{FrankingError, Result};
use crate::records::Suite;
use crate::redact::Len;
use crate::rng::os_rng;

/// Locks `m`, recovering from a panic in another thread (the state is then
/// as the last completed call left it).
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// The plaintext size of every chunk but the last (65536 bytes).
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn media_chunk_size() -> u32 {
    CHUNK_SIZE as u32
}

/// One sealed chunk: its ciphertext, and the outboard tree records it
/// completed (append them, in order, to the attachment's tree).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct SealedChunk {
    /// The chunk's ciphertext, as long as its plaintext.
    pub ciphertext: Vec<u8>,
    /// Tree records to append (64 bytes each; often none).
    pub tree_records: Vec<u8>,
}

/// A message with attachments, decoded (SPEC.md 14.4). Its `Debug` prints
/// the body's length, not its bytes.
#[derive(Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct MediaMessage {
    /// The text body.
    pub body: Vec<u8>,
    /// Each attachment's 88-byte descriptor, in order.
    pub descriptors: Vec<Vec<u8>>,
}

impl std::fmt::Debug for MediaMessage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MediaMessage")
            .field("body", &Len(&self.body))
            .field("descriptors", &self.descriptors)
            .finish()
    }
}

fn descriptor(bytes: &[u8]) -> Result<AttachmentDescriptor> {
    Ok(AttachmentDescriptor::decode(bytes)?)
}

fn evidence(bytes: &[u8]) -> Result<AttachmentEvidence> {
    Ok(AttachmentEvidence::from_bytes(bytes)?)
}

/// Encodes a message carrying `descriptors` and `body`: the plaintext to seal
/// (with [`crate::seal_with_nonce`], under the nonce the attachment keys
/// were derived from).
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn encode_media_message(descriptors: Vec<Vec<u8>>, body: Vec<u8>) -> Result<Vec<u8>> {
    let descriptors = descriptors
        .iter()
        .map(|d| descriptor(d))
        .collect::<Result<Vec<_>>>()?;
    let mut out = vec![0u8; WireMediaMessage::encoded_len(descriptors.len(), body.len())];
    let n = WireMediaMessage::encode_into(&descriptors, &body, &mut out)?;
    out.truncate(n);
    Ok(out)
}

/// Decodes an opened message carrying attachments.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn decode_media_message(message: Vec<u8>) -> Result<MediaMessage> {
    let m = WireMediaMessage::decode(&message)?;
    Ok(MediaMessage {
        body: m.body().to_vec(),
        descriptors: (0..m.attachment_count())
            .filter_map(|i| m.descriptor(i))
            .map(|d| d.to_bytes().to_vec())
            .collect(),
    })
}

/// What the recipient keeps to open and report attachment `attachment` of
/// an opened message (SPEC.md 14.5): its key and descriptor, 123 bytes.
/// **Secret**: it opens the attachment.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn attachment_evidence(
    suite: Suite,
    message_key: Vec<u8>,
    nonce: Vec<u8>,
    message: Vec<u8>,
    attachment: u16,
) -> Result<Vec<u8>> {
    let message_key = Zeroizing::new(message_key);
    let key = convert::message_key(suite, &message_key)?;
    let nonce = convert::nonce(&nonce)?;
    let evidence = AttachmentEvidence::from_message(&key, &nonce, &message, attachment)?;
    Ok(evidence.to_bytes().to_vec())
}

/// The 88-byte descriptor inside attachment evidence.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn attachment_evidence_descriptor(evidence_bytes: Vec<u8>) -> Result<Vec<u8>> {
    let evidence_bytes = Zeroizing::new(evidence_bytes);
    Ok(evidence(&evidence_bytes)?.descriptor().to_bytes().to_vec())
}

/// Seals an attachment a chunk at a time: push each chunk (65536 bytes, the
/// last shorter), keep the ciphertext and tree records, then take the
/// descriptor to put in the message.
#[cfg_attr(feature = "uniffi", derive(uniffi::Object))]
pub struct MediaSealer {
    inner: Mutex<AttachmentSealer>,
}

impl std::fmt::Debug for MediaSealer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MediaSealer { .. }")
    }
}

#[cfg_attr(feature = "uniffi", uniffi::export)]
impl MediaSealer {
    /// Seals attachment `attachment` of the message that will be sealed
    /// under `message_key` and `nonce` (24 bytes, from
    /// [`crate::generate_nonce`]): the attachment key is derived from them
    /// (SPEC.md 14.1), so the recipient needs nothing more.
    #[cfg_attr(feature = "uniffi", uniffi::constructor)]
    pub fn new(
        suite: Suite,
        message_key: Vec<u8>,
        nonce: Vec<u8>,
        attachment: u16,
    ) -> Result<Arc<Self>> {
        let message_key = Zeroizing::new(message_key);
        let key = convert::message_key(suite, &message_key)?;
        let nonce = convert::nonce(&nonce)?;
        let attachment_key = AttachmentKey::derive(&key, &nonce, attachment);
        Ok(Arc::new(Self {
            inner: Mutex::new(AttachmentSealer::new(attachment_key, &mut os_rng())),
        }))
    }

    /// Seals the next chunk (`last` for the final one). The chunk's buffer
    /// becomes the ciphertext.
    pub fn push_chunk(&self, chunk: Vec<u8>, last: bool) -> Result<SealedChunk> {
        let mut ciphertext = chunk;
        let tree_records = lock(&self.inner)
            .seal_chunk(&mut ciphertext, last)?
            .to_vec();
        Ok(SealedChunk {
            ciphertext,
            tree_records,
        })
    }

    /// Chunks sealed so far.
    pub fn chunks_sealed(&self) -> u64 {
        lock(&self.inner).chunks_sealed()
    }

    /// The 88-byte descriptor, once the last chunk is sealed (`Malformed` before).
    pub fn descriptor(&self) -> Result<Vec<u8>> {
        Ok(lock(&self.inner).descriptor()?.to_bytes().to_vec())
    }
}

struct OpenerState {
    next: u64,
    failed: bool,
}

/// Opens an attachment a chunk at a time, each chunk checked against the
/// descriptor's root through the outboard tree before it is returned.
#[cfg_attr(feature = "uniffi", derive(uniffi::Object))]
pub struct MediaOpener {
    evidence: AttachmentEvidence,
    tree: Vec<u8>,
    state: Mutex<OpenerState>,
}

impl std::fmt::Debug for MediaOpener {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MediaOpener { .. }")
    }
}

#[cfg_attr(feature = "uniffi", uniffi::export)]
impl MediaOpener {
    /// Opens the attachment of `evidence` (from [`attachment_evidence`]) with
    /// its outboard `tree` (64 bytes per record; 2 KiB per 2 MiB of media).
    #[cfg_attr(feature = "uniffi", uniffi::constructor)]
    pub fn new(evidence_bytes: Vec<u8>, tree: Vec<u8>) -> Result<Arc<Self>> {
        let evidence_bytes = Zeroizing::new(evidence_bytes);
        Ok(Arc::new(Self {
            evidence: evidence(&evidence_bytes)?,
            tree,
            state: Mutex::new(OpenerState {
                next: 0,
                failed: false,
            }),
        }))
    }

    /// Length the next chunk's ciphertext must have; `None` once all are open.
    pub fn next_chunk_len(&self) -> Option<u32> {
        let state = lock(&self.state);
        self.evidence
            .descriptor()
            .chunk_len(state.next)
            .map(|n| n as u32)
    }

    /// Index of the next chunk.
    pub fn next_index(&self) -> u64 {
        lock(&self.state).next
    }

    /// Opens the next chunk: its plaintext, verified. After a failure every
    /// call fails with `Invalid`.
    pub fn open_chunk(&self, ciphertext: Vec<u8>) -> Result<Vec<u8>> {
        let mut state = lock(&self.state);
        if state.failed {
            return Err(FrankingError::new(
                crate::ErrorKind::Invalid,
                "an earlier chunk failed to open",
            ));
        }
        if state.next >= self.evidence.descriptor().chunk_count() {
            return Err(FrankingError::new(
                crate::ErrorKind::Malformed,
                "chunk after the last",
            ));
        }
        let mut chunk = ciphertext;
        let result = open_chunk_at(
            self.evidence.key(),
            self.evidence.descriptor(),
            state.next,
            &mut chunk,
            &mut self.tree.as_slice(),
        );
        match result {
            Ok(()) => {
                state.next += 1;
                Ok(chunk)
            }
            Err(e) => {
                state.failed = true;
                Err(e.into())
            }
        }
    }

    /// Whether every chunk has been opened.
    pub fn is_complete(&self) -> bool {
        let state = lock(&self.state);
        !state.failed && state.next == self.evidence.descriptor().chunk_count()
    }

    /// Ends the attachment: `Malformed` if chunks are missing, `Invalid`
    /// after a failed chunk.
    pub fn finish(&self) -> Result<()> {
        let state = lock(&self.state);
        if state.failed {
            return Err(FrankingError::new(
                crate::ErrorKind::Invalid,
                "a chunk failed to open",
            ));
        }
        if state.next != self.evidence.descriptor().chunk_count() {
            return Err(FrankingError::new(
                crate::ErrorKind::Malformed,
                "missing chunks",
            ));
        }
        Ok(())
    }
}

/// Writes an attachment report (SPEC.md 14.6) a chunk at a time: the head
/// first, then one record per reported chunk from its plaintext.
#[cfg_attr(feature = "uniffi", derive(uniffi::Object))]
pub struct MediaReportBuilder {
    evidence: AttachmentEvidence,
    head: Vec<u8>,
    first: u64,
    count: u64,
    next: Mutex<u64>,
}

impl std::fmt::Debug for MediaReportBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MediaReportBuilder { .. }")
    }
}

impl MediaReportBuilder {
    fn start(
        evidence: AttachmentEvidence,
        message_report: &[u8],
        writer: impl FnOnce(
            &AttachmentEvidence,
        ) -> core::result::Result<MediaReportWriter<'_>, franking::Error>,
    ) -> Result<Arc<Self>> {
        let report = Report::decode(message_report)?;
        let (head, first, count) = {
            let w = writer(&evidence)?;
            let mut head = vec![0u8; w.head_len(&report)];
            let n = w.write_head(&report, &mut head)?;
            head.truncate(n);
            (head, w.first_chunk(), w.chunk_count())
        };
        Ok(Arc::new(Self {
            evidence,
            head,
            first,
            count,
            next: Mutex::new(first),
        }))
    }
}

#[cfg_attr(feature = "uniffi", uniffi::export)]
impl MediaReportBuilder {
    /// A report of the whole attachment of `evidence_bytes`, with the
    /// encoded report of the message that carries it.
    #[cfg_attr(feature = "uniffi", uniffi::constructor)]
    pub fn whole(evidence_bytes: Vec<u8>, message_report: Vec<u8>) -> Result<Arc<Self>> {
        let evidence_bytes = Zeroizing::new(evidence_bytes);
        Self::start(evidence(&evidence_bytes)?, &message_report, |e| {
            MediaReportWriter::whole(e)
        })
    }

    /// A report of chunks `[first_chunk, first_chunk + chunk_count)`, its
    /// proof read from the outboard `tree`.
    #[cfg_attr(feature = "uniffi", uniffi::constructor)]
    pub fn range(
        evidence_bytes: Vec<u8>,
        message_report: Vec<u8>,
        first_chunk: u64,
        chunk_count: u64,
        tree: Vec<u8>,
    ) -> Result<Arc<Self>> {
        let evidence_bytes = Zeroizing::new(evidence_bytes);
        Self::start(evidence(&evidence_bytes)?, &message_report, |e| {
            MediaReportWriter::range(e, first_chunk, chunk_count, &mut tree.as_slice())
        })
    }

    /// A report of the chunks covering bytes `[offset, offset + len)`.
    #[cfg_attr(feature = "uniffi", uniffi::constructor)]
    pub fn covering(
        evidence_bytes: Vec<u8>,
        message_report: Vec<u8>,
        offset: u64,
        len: u64,
        tree: Vec<u8>,
    ) -> Result<Arc<Self>> {
        let evidence_bytes = Zeroizing::new(evidence_bytes);
        Self::start(evidence(&evidence_bytes)?, &message_report, |e| {
            MediaReportWriter::covering(e, offset, len, &mut tree.as_slice())
        })
    }

    /// The report's head: write it first.
    pub fn head(&self) -> Vec<u8> {
        self.head.clone()
    }

    /// First reported chunk.
    pub fn first_chunk(&self) -> u64 {
        self.first
    }

    /// Reported chunks.
    pub fn chunk_count(&self) -> u64 {
        self.count
    }

    /// Index of the next chunk to push; `None` once all are written.
    pub fn next_chunk_index(&self) -> Option<u64> {
        let next = *lock(&self.next);
        (next < self.first + self.count).then_some(next)
    }

    /// The record of the next reported chunk from its `plaintext`: its
    /// 32-byte opening then the plaintext (what `MediaReportWriter` writes).
    pub fn push_chunk(&self, plaintext: Vec<u8>) -> Result<Vec<u8>> {
        let mut next = lock(&self.next);
        if *next >= self.first + self.count {
            return Err(FrankingError::new(
                crate::ErrorKind::Malformed,
                "extra chunk",
            ));
        }
        let len = self.evidence.descriptor().chunk_len(*next);
        if len != Some(plaintext.len()) {
            return Err(FrankingError::new(
                crate::ErrorKind::Malformed,
                "chunk length",
            ));
        }
        let mut record = Vec::with_capacity(32 + plaintext.len());
        record.extend_from_slice(self.evidence.chunk_opening(*next)?.as_bytes());
        record.extend_from_slice(&plaintext);
        *next += 1;
        Ok(record)
    }
}

/// The key of attachment `attachment` of the message sealed under
/// `message_key` and `nonce`: derived (SPEC.md 14.1) when `wrapped` is all
/// zero, else unwrapped from it. **Secret.**
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn attachment_key(
    suite: Suite,
    message_key: Vec<u8>,
    nonce: Vec<u8>,
    attachment: u16,
    wrapped: Vec<u8>,
) -> Result<Vec<u8>> {
    let message_key = Zeroizing::new(message_key);
    let key = convert::message_key(suite, &message_key)?;
    let nonce = convert::nonce(&nonce)?;
    let wrapped = WrappedAttachmentKey::from_bytes(convert::array("wrapped key", &wrapped)?);
    Ok(AttachmentKey::unwrap(&key, &nonce, attachment, &wrapped)
        .as_bytes()
        .to_vec())
}

/// Encodes a descriptor (SPEC.md 14.3) from the attachment's length, its
/// 32-byte root and 16-byte attachment nonce, with no wrapped key.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn attachment_descriptor(
    length: u64,
    root: Vec<u8>,
    attachment_nonce: Vec<u8>,
) -> Result<Vec<u8>> {
    let d = AttachmentDescriptor::new(
        length,
        AttachmentRoot::from_bytes(convert::array("root", &root)?),
        AttachmentNonce::from_bytes(convert::array("attachment nonce", &attachment_nonce)?),
    )?;
    Ok(d.to_bytes().to_vec())
}

/// Opens chunk `index` alone (random access: a seek in a video) under the
/// 32-byte `attachment_key` of `suite`, checked through the outboard `tree`.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn open_attachment_chunk(
    suite: Suite,
    attachment_key: Vec<u8>,
    descriptor_bytes: Vec<u8>,
    index: u64,
    ciphertext: Vec<u8>,
    tree: Vec<u8>,
) -> Result<Vec<u8>> {
    let attachment_key = Zeroizing::new(attachment_key);
    let key = zeroize::Zeroizing::new(convert::array::<32>("attachment key", &attachment_key)?);
    let key = AttachmentKey::with_suite(suite.into(), *key);
    let d = descriptor(&descriptor_bytes)?;
    let mut chunk = ciphertext;
    open_chunk_at(&key, &d, index, &mut chunk, &mut tree.as_slice())?;
    Ok(chunk)
}
