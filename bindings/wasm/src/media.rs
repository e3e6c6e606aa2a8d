//! Media (SPEC.md 14): attachments sealed and opened a chunk at a time (the
//! npm package's `TransformStream`s drive these), attachment evidence, and
//! attachment reports written a chunk at a time.

use std::sync::Arc;

use franking_facade as facade;
use wasm_bindgen::prelude::*;

use crate::js::{self, JsResult, big, byte_list, bytes, object, ok, to_byte_list, to_u64};

/// The plaintext size of every chunk but the last (65536 bytes).
#[wasm_bindgen(js_name = mediaChunkSize)]
pub fn media_chunk_size() -> u32 {
    facade::media_chunk_size()
}

/// Encodes a message carrying attachment `descriptors` (88 bytes each) and a
/// text `body`: the plaintext to seal with `sealWithNonce`, under the nonce
/// the attachment keys were derived from.
#[wasm_bindgen(js_name = encodeMediaMessage)]
pub fn encode_media_message(
    #[wasm_bindgen(unchecked_param_type = "Bytes[]")] descriptors: JsValue,
    body: Vec<u8>,
) -> JsResult<Vec<u8>> {
    ok(facade::encode_media_message(
        to_byte_list("descriptors", &descriptors)?,
        body,
    ))
}

/// Decodes an opened message carrying attachments: `{body, descriptors}`.
#[wasm_bindgen(js_name = decodeMediaMessage, unchecked_return_type = "MediaMessage")]
pub fn decode_media_message(message: Vec<u8>) -> JsResult<JsValue> {
    let m = ok(facade::decode_media_message(message))?;
    Ok(object(&[
        ("body", bytes(&m.body)),
        ("descriptors", byte_list(&m.descriptors)),
    ]))
}

/// What the recipient keeps to open and report attachment `attachment` of
/// an opened message: 123 bytes. **Secret**: it opens the attachment.
#[wasm_bindgen(js_name = attachmentEvidence)]
pub fn attachment_evidence(
    message_key: Vec<u8>,
    nonce: Vec<u8>,
    message: Vec<u8>,
    attachment: u16,
    #[wasm_bindgen(unchecked_optional_param_type = "Suite")] suite: Option<JsValue>,
) -> JsResult<Vec<u8>> {
    let s = js::suite(&suite.unwrap_or(JsValue::UNDEFINED))?;
    ok(facade::attachment_evidence(
        s,
        message_key,
        nonce,
        message,
        attachment,
    ))
}

/// The 88-byte descriptor inside attachment evidence.
#[wasm_bindgen(js_name = attachmentEvidenceDescriptor)]
pub fn attachment_evidence_descriptor(evidence: Vec<u8>) -> JsResult<Vec<u8>> {
    ok(facade::attachment_evidence_descriptor(evidence))
}

/// Seals an attachment a chunk at a time: push each 65536-byte chunk (the
/// last shorter, flagged `last`), keep the ciphertext and tree records,
/// then take the descriptor to put in the message.
#[wasm_bindgen]
pub struct MediaSealer {
    inner: Arc<facade::MediaSealer>,
}

#[wasm_bindgen]
impl MediaSealer {
    /// Seals attachment `attachment` of the message to be sealed under
    /// `messageKey` and the 24-byte `nonce`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        message_key: Vec<u8>,
        nonce: Vec<u8>,
        attachment: u16,
        #[wasm_bindgen(unchecked_optional_param_type = "Suite")] suite: Option<JsValue>,
    ) -> JsResult<MediaSealer> {
        let s = js::suite(&suite.unwrap_or(JsValue::UNDEFINED))?;
        let inner = ok(facade::MediaSealer::new(s, message_key, nonce, attachment))?;
        Ok(Self { inner })
    }

    /// Seals the next chunk: `{ciphertext, treeRecords}` (append the tree
    /// records, 64 bytes each and often none, to the attachment's tree).
    #[wasm_bindgen(js_name = pushChunk, unchecked_return_type = "SealedChunk")]
    pub fn push_chunk(&self, chunk: Vec<u8>, last: bool) -> JsResult<JsValue> {
        let c = ok(self.inner.push_chunk(chunk, last))?;
        Ok(object(&[
            ("ciphertext", bytes(&c.ciphertext)),
            ("treeRecords", bytes(&c.tree_records)),
        ]))
    }

    /// Chunks sealed so far.
    #[wasm_bindgen(getter, js_name = chunksSealed)]
    pub fn chunks_sealed(&self) -> JsValue {
        big(self.inner.chunks_sealed())
    }

    /// The 88-byte descriptor, once the last chunk is sealed.
    pub fn descriptor(&self) -> JsResult<Vec<u8>> {
        ok(self.inner.descriptor())
    }
}

/// Opens an attachment a chunk at a time, each chunk checked against the
/// descriptor's root before its plaintext is returned.
#[wasm_bindgen]
pub struct MediaOpener {
    inner: Arc<facade::MediaOpener>,
}

#[wasm_bindgen]
impl MediaOpener {
    /// Opens the attachment of `evidence` (from `attachmentEvidence`) with
    /// its outboard `tree`.
    #[wasm_bindgen(constructor)]
    pub fn new(evidence: Vec<u8>, tree: Vec<u8>) -> JsResult<MediaOpener> {
        let inner = ok(facade::MediaOpener::new(evidence, tree))?;
        Ok(Self { inner })
    }

    /// Length the next chunk's ciphertext must have; `undefined` once all are open.
    #[wasm_bindgen(getter, js_name = nextChunkLen)]
    pub fn next_chunk_len(&self) -> Option<u32> {
        self.inner.next_chunk_len()
    }

    /// Index of the next chunk.
    #[wasm_bindgen(getter, js_name = nextIndex)]
    pub fn next_index(&self) -> JsValue {
        big(self.inner.next_index())
    }

    /// Opens the next chunk: its verified plaintext. After a failure every
    /// call throws `Invalid`.
    #[wasm_bindgen(js_name = openChunk)]
    pub fn open_chunk(&self, ciphertext: Vec<u8>) -> JsResult<Vec<u8>> {
        ok(self.inner.open_chunk(ciphertext))
    }

    /// Whether every chunk has been opened.
    #[wasm_bindgen(getter, js_name = isComplete)]
    pub fn is_complete(&self) -> bool {
        self.inner.is_complete()
    }

    /// Ends the attachment: throws `Malformed` if chunks are missing,
    /// `Invalid` after a failed chunk.
    pub fn finish(&self) -> JsResult<()> {
        ok(self.inner.finish())
    }
}

/// Writes an attachment report a chunk at a time: `head` first, then one
/// record per reported chunk from its plaintext.
#[wasm_bindgen]
pub struct MediaReportBuilder {
    inner: Arc<facade::MediaReportBuilder>,
}

#[wasm_bindgen]
impl MediaReportBuilder {
    /// A report of the whole attachment of `evidence`, with the encoded
    /// report of the message that carries it.
    pub fn whole(evidence: Vec<u8>, message_report: Vec<u8>) -> JsResult<MediaReportBuilder> {
        let inner = ok(facade::MediaReportBuilder::whole(evidence, message_report))?;
        Ok(Self { inner })
    }

    /// A report of `chunkCount` chunks from `firstChunk`, its proof read
    /// from the outboard `tree`.
    pub fn range(
        evidence: Vec<u8>,
        message_report: Vec<u8>,
        #[wasm_bindgen(unchecked_param_type = "number | bigint")] first_chunk: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number | bigint")] chunk_count: JsValue,
        tree: Vec<u8>,
    ) -> JsResult<MediaReportBuilder> {
        let inner = ok(facade::MediaReportBuilder::range(
            evidence,
            message_report,
            to_u64("firstChunk", &first_chunk)?,
            to_u64("chunkCount", &chunk_count)?,
            tree,
        ))?;
        Ok(Self { inner })
    }

    /// A report of the chunks covering bytes `[offset, offset + len)`.
    pub fn covering(
        evidence: Vec<u8>,
        message_report: Vec<u8>,
        #[wasm_bindgen(unchecked_param_type = "number | bigint")] offset: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number | bigint")] len: JsValue,
        tree: Vec<u8>,
    ) -> JsResult<MediaReportBuilder> {
        let inner = ok(facade::MediaReportBuilder::covering(
            evidence,
            message_report,
            to_u64("offset", &offset)?,
            to_u64("len", &len)?,
            tree,
        ))?;
        Ok(Self { inner })
    }

    /// The report's head: write it first.
    pub fn head(&self) -> Vec<u8> {
        self.inner.head()
    }

    /// First reported chunk.
    #[wasm_bindgen(getter, js_name = firstChunk)]
    pub fn first_chunk(&self) -> JsValue {
        big(self.inner.first_chunk())
    }

    /// Reported chunks.
    #[wasm_bindgen(getter, js_name = chunkCount)]
    pub fn chunk_count(&self) -> JsValue {
        big(self.inner.chunk_count())
    }

    /// Index of the next chunk to push; `undefined` once all are written.
    #[wasm_bindgen(getter, js_name = nextChunkIndex, unchecked_return_type = "bigint | undefined")]
    pub fn next_chunk_index(&self) -> JsValue {
        self.inner
            .next_chunk_index()
            .map_or(JsValue::UNDEFINED, big)
    }

    /// The record of the next reported chunk from its plaintext.
    #[wasm_bindgen(js_name = pushChunk)]
    pub fn push_chunk(&self, plaintext: Vec<u8>) -> JsResult<Vec<u8>> {
        ok(self.inner.push_chunk(plaintext))
    }
}

/// The 32-byte key of attachment `attachment` of the message sealed under
/// `messageKey` and `nonce`: derived when `wrapped` is all zero, else
/// unwrapped from it. **Secret.**
#[wasm_bindgen(js_name = attachmentKey)]
pub fn attachment_key(
    message_key: Vec<u8>,
    nonce: Vec<u8>,
    attachment: u16,
    wrapped: Vec<u8>,
    #[wasm_bindgen(unchecked_optional_param_type = "Suite")] suite: Option<JsValue>,
) -> JsResult<Vec<u8>> {
    let s = js::suite(&suite.unwrap_or(JsValue::UNDEFINED))?;
    ok(facade::attachment_key(
        s,
        message_key,
        nonce,
        attachment,
        wrapped,
    ))
}

/// Encodes an 88-byte descriptor from the attachment's length, its 32-byte
/// root and 16-byte attachment nonce (no wrapped key).
#[wasm_bindgen(js_name = attachmentDescriptor)]
pub fn attachment_descriptor(
    #[wasm_bindgen(unchecked_param_type = "number | bigint")] length: JsValue,
    root: Vec<u8>,
    attachment_nonce: Vec<u8>,
) -> JsResult<Vec<u8>> {
    ok(facade::attachment_descriptor(
        to_u64("length", &length)?,
        root,
        attachment_nonce,
    ))
}

/// Opens chunk `index` alone (random access: a seek in a video) under the
/// 32-byte `attachmentKey`, checked through the outboard `tree`.
#[wasm_bindgen(js_name = openAttachmentChunk)]
pub fn open_attachment_chunk(
    attachment_key: Vec<u8>,
    descriptor: Vec<u8>,
    #[wasm_bindgen(unchecked_param_type = "number | bigint")] index: JsValue,
    ciphertext: Vec<u8>,
    tree: Vec<u8>,
    #[wasm_bindgen(unchecked_optional_param_type = "Suite")] suite: Option<JsValue>,
) -> JsResult<Vec<u8>> {
    let s = js::suite(&suite.unwrap_or(JsValue::UNDEFINED))?;
    ok(facade::open_attachment_chunk(
        s,
        attachment_key,
        descriptor,
        to_u64("index", &index)?,
        ciphertext,
        tree,
    ))
}
