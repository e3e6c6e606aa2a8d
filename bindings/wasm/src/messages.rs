//! The sender and the recipient: sealing, opening, layer mode, receipts,
//! message and conversation reports, report ids.

use franking_facade as facade;
use franking_facade::{ConversationEntry, OpenedMessage};
use js_sys::Array;
use wasm_bindgen::prelude::*;

use crate::js::{
    self, JsResult, bad_argument, bytes, context, context_object, expected, get, object, ok,
    to_bytes, to_text_bytes,
};

/// A fresh 32-byte message key from Web Crypto (either suite takes it).
#[wasm_bindgen(js_name = generateMessageKey)]
pub fn generate_message_key() -> Vec<u8> {
    facade::generate_message_key()
}

/// A fresh 24-byte nonce, for `sealWithNonce` (a message carrying
/// attachments derives their keys from its nonce).
#[wasm_bindgen(js_name = generateNonce)]
pub fn generate_nonce() -> Vec<u8> {
    facade::generate_nonce()
}

fn sealed(s: facade::SealedMessage) -> JsValue {
    object(&[
        ("envelope", bytes(&s.envelope)),
        ("frankingTag", bytes(&s.franking_tag)),
        ("ciphertext", bytes(&s.ciphertext)),
    ])
}

/// Seals `message` with `header` under the 32-byte `key` and a fresh nonce:
/// `{envelope, frankingTag, ciphertext}`. `suite` is `"xchacha20"`
/// (default) or `"aes256"`.
#[wasm_bindgen(unchecked_return_type = "SealedMessage")]
pub fn seal(
    key: Vec<u8>,
    header: Vec<u8>,
    message: Vec<u8>,
    #[wasm_bindgen(unchecked_optional_param_type = "Suite")] suite: Option<JsValue>,
) -> JsResult<JsValue> {
    let s = js::suite(&suite.unwrap_or(JsValue::UNDEFINED))?;
    ok(facade::seal(s, key, header, message)).map(sealed)
}

/// Seals with a caller-chosen 24-byte `nonce` (from `generateNonce`; never
/// twice under one key).
#[wasm_bindgen(js_name = sealWithNonce, unchecked_return_type = "SealedMessage")]
pub fn seal_with_nonce(
    key: Vec<u8>,
    nonce: Vec<u8>,
    header: Vec<u8>,
    message: Vec<u8>,
    #[wasm_bindgen(unchecked_optional_param_type = "Suite")] suite: Option<JsValue>,
) -> JsResult<JsValue> {
    let s = js::suite(&suite.unwrap_or(JsValue::UNDEFINED))?;
    ok(facade::seal_with_nonce(s, key, nonce, header, message)).map(sealed)
}

/// Layer mode: commits to `header` and `message` with a fresh opening, for
/// a protocol (MLS, Signal) that encrypts them itself: `{opening, frankingTag}`.
#[wasm_bindgen(unchecked_return_type = "Commitment")]
pub fn commit(header: Vec<u8>, message: Vec<u8>) -> JsResult<JsValue> {
    let c = ok(facade::commit(header, message))?;
    Ok(object(&[
        ("opening", bytes(&c.opening)),
        ("frankingTag", bytes(&c.franking_tag)),
    ]))
}

fn opened_object(o: &OpenedMessage) -> JsValue {
    object(&[
        ("header", bytes(&o.header)),
        ("message", bytes(&o.message)),
        ("opening", bytes(&o.opening)),
        ("frankingTag", bytes(&o.franking_tag)),
    ])
}

fn opened_of(v: &JsValue) -> JsResult<OpenedMessage> {
    Ok(OpenedMessage {
        header: to_text_bytes("header", &get(v, "header")?)?,
        message: to_text_bytes("message", &get(v, "message")?)?,
        opening: to_bytes("opening", &get(v, "opening")?)?,
        franking_tag: to_bytes("frankingTag", &get(v, "frankingTag")?)?,
    })
}

/// Opens `ciphertext` with its 88-byte `envelope`: both tags are checked
/// before any plaintext is returned. `{header, message, opening,
/// frankingTag}`: keep it (the opening is secret until reported).
#[wasm_bindgen(unchecked_return_type = "OpenedMessage")]
pub fn open(
    key: Vec<u8>,
    envelope: Vec<u8>,
    header: Vec<u8>,
    ciphertext: Vec<u8>,
    #[wasm_bindgen(unchecked_optional_param_type = "Suite")] suite: Option<JsValue>,
) -> JsResult<JsValue> {
    let s = js::suite(&suite.unwrap_or(JsValue::UNDEFINED))?;
    ok(facade::open(s, key, envelope, header, ciphertext)).map(|o| opened_object(&o))
}

/// Layer mode: checks that `opening` opens `frankingTag` to `header` and
/// `message`; the opened message to report.
#[wasm_bindgen(js_name = verifyCommitment, unchecked_return_type = "OpenedMessage")]
pub fn verify_commitment(
    header: Vec<u8>,
    message: Vec<u8>,
    opening: Vec<u8>,
    franking_tag: Vec<u8>,
) -> JsResult<JsValue> {
    ok(facade::verify_commitment(
        header,
        message,
        opening,
        franking_tag,
    ))
    .map(|o| opened_object(&o))
}

/// The encoded report of `opened`, delivered in `context` with the 36-byte
/// `stamp`.
#[wasm_bindgen(js_name = buildReport)]
pub fn build_report(
    #[wasm_bindgen(unchecked_param_type = "OpenedMessage")] opened: JsValue,
    #[wasm_bindgen(unchecked_param_type = "DeliveryContextInput")] delivery: JsValue,
    stamp: Vec<u8>,
) -> JsResult<Vec<u8>> {
    ok(facade::build_report(
        opened_of(&opened)?,
        context(&delivery)?,
        stamp,
    ))
}

/// Checks `receipt` against the message's `frankingTag` and what the
/// recipient expects; throws `ReceiptMismatch` naming the first field that
/// differs.
#[wasm_bindgen(js_name = checkReceipt)]
pub fn check_receipt(
    receipt: Vec<u8>,
    franking_tag: Vec<u8>,
    #[wasm_bindgen(unchecked_param_type = "ExpectedDeliveryInput")] expect: JsValue,
) -> JsResult<()> {
    ok(facade::check_receipt(
        receipt,
        franking_tag,
        expected(&expect)?,
    ))
}

/// The report of `opened` from its `receipt`, after checking the receipt
/// as `checkReceipt` does.
#[wasm_bindgen(js_name = buildReportFromReceipt)]
pub fn build_report_from_receipt(
    #[wasm_bindgen(unchecked_param_type = "OpenedMessage")] opened: JsValue,
    receipt: Vec<u8>,
    #[wasm_bindgen(unchecked_param_type = "ExpectedDeliveryInput")] expect: JsValue,
) -> JsResult<Vec<u8>> {
    ok(facade::build_report_from_receipt(
        opened_of(&opened)?,
        receipt,
        expected(&expect)?,
    ))
}

/// Decodes a receipt: `{stamp, frankingTag, context}`.
#[wasm_bindgen(js_name = decodeReceipt, unchecked_return_type = "ReceiptInfo")]
pub fn decode_receipt(receipt: Vec<u8>) -> JsResult<JsValue> {
    let r = ok(facade::decode_receipt(receipt))?;
    Ok(object(&[
        ("stamp", bytes(&r.stamp)),
        ("frankingTag", bytes(&r.franking_tag)),
        ("context", context_object(&r.context)),
    ]))
}

/// A conversation report of `entries` in conversation order, each
/// `{report}` (a message report) or `{receipt}` (stamp-only).
#[wasm_bindgen(js_name = buildConversationReport)]
pub fn build_conversation_report(
    #[wasm_bindgen(unchecked_param_type = "ConversationEntryInput[]")] entries: JsValue,
) -> JsResult<Vec<u8>> {
    if !Array::is_array(&entries) {
        return Err(bad_argument(String::from("entries must be an array")));
    }
    let entries = Array::from(&entries)
        .iter()
        .map(|e| {
            let report = get(&e, "report")?;
            if !report.is_undefined() {
                return Ok(ConversationEntry::Message {
                    report: to_bytes("report", &report)?,
                });
            }
            let receipt = get(&e, "receipt")?;
            if !receipt.is_undefined() {
                return Ok(ConversationEntry::StampOnly {
                    receipt: to_bytes("receipt", &receipt)?,
                });
            }
            Err(bad_argument(String::from(
                "each entry must be {report} or {receipt}",
            )))
        })
        .collect::<JsResult<Vec<_>>>()?;
    ok(facade::build_conversation_report(entries))
}

/// The report id (SPEC.md 11) of a message report with `stamp` by `reporter`.
#[wasm_bindgen(js_name = reportIdForMessage)]
pub fn report_id_for_message(
    stamp: Vec<u8>,
    #[wasm_bindgen(unchecked_param_type = "Bytes | string")] reporter: JsValue,
) -> JsResult<Vec<u8>> {
    ok(facade::report_id_for_message(
        stamp,
        to_text_bytes("reporter", &reporter)?,
    ))
}

/// The report id of a range report of `chunkCount` chunks from `firstChunk`
/// of attachment `attachment` of the message with `stamp`.
#[wasm_bindgen(js_name = reportIdForRange)]
pub fn report_id_for_range(
    stamp: Vec<u8>,
    attachment: u16,
    #[wasm_bindgen(unchecked_param_type = "number | bigint")] first_chunk: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number | bigint")] chunk_count: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Bytes | string")] reporter: JsValue,
) -> JsResult<Vec<u8>> {
    ok(facade::report_id_for_range(
        stamp,
        attachment,
        js::to_u64("firstChunk", &first_chunk)?,
        js::to_u64("chunkCount", &chunk_count)?,
        to_text_bytes("reporter", &reporter)?,
    ))
}

/// The report id of a conversation report whose entries are
/// `{stamp, stampOnly}` in order.
#[wasm_bindgen(js_name = reportIdForConversation)]
pub fn report_id_for_conversation(
    #[wasm_bindgen(unchecked_param_type = "{ stamp: Bytes; stampOnly: boolean }[]")]
    entries: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Bytes | string")] reporter: JsValue,
) -> JsResult<Vec<u8>> {
    if !Array::is_array(&entries) {
        return Err(bad_argument(String::from("entries must be an array")));
    }
    let mut stamps = Vec::new();
    let mut stamp_only = Vec::new();
    for e in Array::from(&entries).iter() {
        stamps.push(to_bytes("stamp", &get(&e, "stamp")?)?);
        stamp_only.push(get(&e, "stampOnly")?.is_truthy());
    }
    ok(facade::report_id_for_conversation(
        stamps,
        stamp_only,
        to_text_bytes("reporter", &reporter)?,
    ))
}

/// Decodes an 88-byte envelope: `{nonce, frankingTag, integrityTag}`.
#[wasm_bindgen(js_name = decodeEnvelope, unchecked_return_type = "EnvelopeInfo")]
pub fn decode_envelope(envelope: Vec<u8>) -> JsResult<JsValue> {
    let e = ok(facade::decode_envelope(envelope))?;
    Ok(object(&[
        ("nonce", bytes(&e.nonce)),
        ("frankingTag", bytes(&e.franking_tag)),
        ("integrityTag", bytes(&e.integrity_tag)),
    ]))
}

/// Decodes a 36-byte stamp: `{keyId, mac}`.
#[wasm_bindgen(js_name = decodeStamp, unchecked_return_type = "StampInfo")]
pub fn decode_stamp(stamp: Vec<u8>) -> JsResult<JsValue> {
    let s = ok(facade::decode_stamp(stamp))?;
    Ok(object(&[
        ("keyId", JsValue::from(s.key_id)),
        ("mac", bytes(&s.mac)),
    ]))
}
