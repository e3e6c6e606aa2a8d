//! The moderator's verdicts as plain objects.

use franking_facade::{
    Addressee, ConversationVerdict, Gap, SubmissionEntryKind, SubmissionVerdict, VerifiedEntry,
    VerifiedRange, VerifiedReport,
};
use js_sys::Array;
use wasm_bindgen::JsValue;

use crate::js::{big, bytes, context_object, object};

/// `{context, header, message, keyId, stamp, frankingTag}`.
pub(crate) fn report(v: &VerifiedReport) -> JsValue {
    object(&[
        ("context", context_object(&v.context)),
        ("header", bytes(&v.header)),
        ("message", bytes(&v.message)),
        ("keyId", JsValue::from(v.key_id)),
        ("stamp", bytes(&v.stamp)),
        ("frankingTag", bytes(&v.franking_tag)),
    ])
}

/// `{stampOnly, context, keyId, stamp, header, message}`.
pub(crate) fn entry(e: &VerifiedEntry) -> JsValue {
    object(&[
        ("stampOnly", JsValue::from(e.stamp_only)),
        ("context", context_object(&e.context)),
        ("keyId", JsValue::from(e.key_id)),
        ("stamp", bytes(&e.stamp)),
        ("header", bytes(&e.header)),
        ("message", bytes(&e.message)),
    ])
}

/// `[{after, before, missing}]`.
pub(crate) fn gaps(gaps: &[Gap]) -> JsValue {
    gaps.iter()
        .map(|g| {
            object(&[
                ("after", big(g.after)),
                ("before", big(g.before)),
                ("missing", big(g.missing)),
            ])
        })
        .collect::<Array>()
        .into()
}

/// `{conversation, entries, gaps, missing, isContiguous, isComplete}`.
pub(crate) fn conversation(v: &ConversationVerdict) -> JsValue {
    let entries: Array = v.entries.iter().map(entry).collect();
    object(&[
        ("conversation", bytes(&v.conversation)),
        ("entries", entries.into()),
        ("gaps", gaps(&v.gaps)),
        ("missing", big(v.missing)),
        ("isContiguous", JsValue::from(v.is_contiguous)),
        ("isComplete", JsValue::from(v.is_complete)),
    ])
}

/// `{report, attachment, descriptor, attachmentLen, firstChunk, chunkCount,
/// byteOffset, isWhole, plaintext}`.
pub(crate) fn range(v: &VerifiedRange) -> JsValue {
    object(&[
        ("report", report(&v.report)),
        ("attachment", JsValue::from(v.attachment)),
        ("descriptor", bytes(&v.descriptor)),
        ("attachmentLen", big(v.attachment_len)),
        ("firstChunk", big(v.first_chunk)),
        ("chunkCount", big(v.chunk_count)),
        ("byteOffset", big(v.byte_offset)),
        ("isWhole", JsValue::from(v.is_whole)),
        ("plaintext", bytes(&v.plaintext)),
    ])
}

/// The JavaScript name of an entry kind.
pub(crate) fn entry_kind(k: SubmissionEntryKind) -> &'static str {
    match k {
        SubmissionEntryKind::Message => "message",
        SubmissionEntryKind::Conversation => "conversation",
        SubmissionEntryKind::Attachment => "attachment",
    }
}

fn addressee(a: Addressee) -> &'static str {
    match a {
        Addressee::Direct => "direct",
        Addressee::Sent => "sent",
        Addressee::Room => "room",
    }
}

/// `{reporter, entries, messages, reason, reasonName, note, claimedReporter}`;
/// each entry `{kind, verdict}`, each message `{entry, addressee, report}`.
pub(crate) fn submission(v: &SubmissionVerdict) -> JsValue {
    let entries: Array = v
        .entries
        .iter()
        .map(|e| {
            let verdict = match (&e.message, &e.conversation, &e.attachment) {
                (Some(m), _, _) => report(m),
                (_, Some(c), _) => conversation(c),
                (_, _, Some(r)) => range(r),
                _ => JsValue::NULL,
            };
            object(&[
                ("kind", JsValue::from_str(entry_kind(e.kind))),
                ("verdict", verdict),
            ])
        })
        .collect();
    let messages: Array = v
        .messages
        .iter()
        .map(|m| {
            object(&[
                ("entry", JsValue::from(m.entry)),
                ("addressee", JsValue::from_str(addressee(m.addressee))),
                ("report", report(&m.report)),
            ])
        })
        .collect();
    object(&[
        ("reporter", bytes(&v.reporter)),
        ("entries", entries.into()),
        ("messages", messages.into()),
        ("reason", JsValue::from(v.reason)),
        (
            "reasonName",
            v.reason_name
                .as_deref()
                .map_or(JsValue::NULL, JsValue::from_str),
        ),
        ("note", JsValue::from_str(&v.note)),
        ("claimedReporter", bytes(&v.claimed_reporter)),
    ])
}
