//! Report submissions (SPEC.md 16): the evidence, why, and who, in one piece.

use franking_facade as facade;
use franking_facade::{SubmissionEntry, SubmissionEntryKind};
use js_sys::Array;
use wasm_bindgen::prelude::*;

use crate::js::{JsResult, bad_argument, get, ok, to_bytes, to_text_bytes};

fn entry_kind(v: &JsValue) -> JsResult<SubmissionEntryKind> {
    match v.as_string().as_deref() {
        Some("message") => Ok(SubmissionEntryKind::Message),
        Some("conversation") => Ok(SubmissionEntryKind::Conversation),
        Some("attachment") => Ok(SubmissionEntryKind::Attachment),
        _ => Err(bad_argument(String::from(
            "kind must be \"message\", \"conversation\" or \"attachment\"",
        ))),
    }
}

/// Encodes a submission: `reason` code, the `reporter`'s account id, a
/// `note`, and the evidence, each `{kind, report}` with `kind` one of
/// `"message"`, `"conversation"`, `"attachment"`.
#[wasm_bindgen(js_name = buildSubmission)]
pub fn build_submission(
    reason: u16,
    #[wasm_bindgen(unchecked_param_type = "Bytes | string")] reporter: JsValue,
    note: String,
    #[wasm_bindgen(unchecked_param_type = "SubmissionEntryInput[]")] entries: JsValue,
) -> JsResult<Vec<u8>> {
    if !Array::is_array(&entries) {
        return Err(bad_argument(String::from("entries must be an array")));
    }
    let entries = Array::from(&entries)
        .iter()
        .map(|e| {
            Ok(SubmissionEntry {
                kind: entry_kind(&get(&e, "kind")?)?,
                report: to_bytes("report", &get(&e, "report")?)?,
            })
        })
        .collect::<JsResult<Vec<_>>>()?;
    ok(facade::build_submission(
        reason,
        to_text_bytes("reporter", &reporter)?,
        note,
        entries,
    ))
}

/// The registered name of reason code `code` (SPEC.md 16.2), if any.
#[wasm_bindgen(js_name = reasonName)]
pub fn reason_name(code: u16) -> Option<String> {
    facade::reason_name(code)
}
