//! The platform's keyring: stamping, rotation, key records, and the
//! moderator's verification of every report kind.

use std::sync::Arc;

use franking_facade as facade;
use franking_facade::{KeyInfo, RoomMembership};
use js_sys::Array;
use wasm_bindgen::prelude::*;

use crate::js::{
    self, JsResult, bad_argument, big, byte_list, bytes_field, context, object, ok, opt_u64,
    to_byte_list, to_text_bytes, to_u64, u64_field,
};
use crate::verdicts;

fn key_info(k: &KeyInfo) -> JsValue {
    object(&[
        ("keyId", JsValue::from(k.key_id)),
        ("notBefore", big(k.not_before)),
        ("notAfter", big(k.not_after)),
        ("isOpen", JsValue::from(k.is_open)),
    ])
}

/// The id and interval of an encoded 54-byte key record, without its
/// secret: `{keyId, notBefore, notAfter, isOpen}`.
#[wasm_bindgen(js_name = keyRecordInfo, unchecked_return_type = "KeyInfo")]
pub fn key_record_info(record: Vec<u8>) -> JsResult<JsValue> {
    ok(facade::key_record_info(record)).map(|k| key_info(&k))
}

/// A platform keyring (SPEC.md 6): stamps at the platform, verifies at the
/// moderation service.
#[wasm_bindgen]
pub struct Keyring {
    inner: Arc<facade::Keyring>,
}

#[wasm_bindgen]
impl Keyring {
    /// A stamping keyring with a fresh key `keyId` (from Web Crypto)
    /// stamping from `notBefore`; reports older than `maxAgeSecs` expire.
    pub fn generate(
        key_id: u32,
        #[wasm_bindgen(unchecked_param_type = "number | bigint")] not_before: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number | bigint")] max_age_secs: JsValue,
    ) -> JsResult<Keyring> {
        let inner = ok(facade::Keyring::generate(
            key_id,
            to_u64("notBefore", &not_before)?,
            to_u64("maxAgeSecs", &max_age_secs)?,
        ))?;
        Ok(Self { inner })
    }

    /// A stamping keyring from encoded key records (a KMS or key store):
    /// the open-interval record is the current key.
    pub fn load(
        #[wasm_bindgen(unchecked_param_type = "Bytes[]")] records: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number | bigint")] max_age_secs: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "number | bigint")] max_skew_secs: Option<
            JsValue,
        >,
    ) -> JsResult<Keyring> {
        let inner = ok(facade::Keyring::load(
            to_byte_list("records", &records)?,
            to_u64("maxAgeSecs", &max_age_secs)?,
            opt_u64("maxSkewSecs", &max_skew_secs.unwrap_or(JsValue::UNDEFINED))?,
        ))?;
        Ok(Self { inner })
    }

    /// A verify-only keyring (the moderation service), filled by `sync` or
    /// `insertRecord`.
    #[wasm_bindgen(js_name = verifyOnly)]
    pub fn verify_only(
        #[wasm_bindgen(unchecked_param_type = "number | bigint")] max_age_secs: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "number | bigint")] max_skew_secs: Option<
            JsValue,
        >,
    ) -> JsResult<Keyring> {
        Ok(Self {
            inner: facade::Keyring::verify_only(
                to_u64("maxAgeSecs", &max_age_secs)?,
                opt_u64("maxSkewSecs", &max_skew_secs.unwrap_or(JsValue::UNDEFINED))?,
            ),
        })
    }

    /// The current (stamping) key id; `undefined` when verify-only.
    #[wasm_bindgen(getter)]
    pub fn current(&self) -> Option<u32> {
        self.inner.current()
    }

    /// Whether this keyring only verifies.
    #[wasm_bindgen(getter, js_name = isVerifyOnly)]
    pub fn is_verify_only(&self) -> bool {
        self.inner.is_verify_only()
    }

    /// Every key held, in ascending id order.
    #[wasm_bindgen(unchecked_return_type = "KeyInfo[]")]
    pub fn keys(&self) -> JsValue {
        self.inner
            .keys()
            .iter()
            .map(key_info)
            .collect::<Array>()
            .into()
    }

    /// Stamps a 32-byte franking tag for delivery in `context`: the 36-byte stamp.
    pub fn stamp(
        &self,
        franking_tag: Vec<u8>,
        #[wasm_bindgen(unchecked_param_type = "DeliveryContextInput")] delivery: JsValue,
    ) -> JsResult<Vec<u8>> {
        ok(self.inner.stamp(franking_tag, context(&delivery)?))
    }

    /// Stamps the franking tag of an 88-byte envelope.
    #[wasm_bindgen(js_name = stampEnvelope)]
    pub fn stamp_envelope(
        &self,
        envelope: Vec<u8>,
        #[wasm_bindgen(unchecked_param_type = "DeliveryContextInput")] delivery: JsValue,
    ) -> JsResult<Vec<u8>> {
        ok(self.inner.stamp_envelope(envelope, context(&delivery)?))
    }

    /// Stamps and returns the encoded receipt (stamp, tag and context in one
    /// piece, for the recipient).
    #[wasm_bindgen(js_name = stampReceipt)]
    pub fn stamp_receipt(
        &self,
        franking_tag: Vec<u8>,
        #[wasm_bindgen(unchecked_param_type = "DeliveryContextInput")] delivery: JsValue,
    ) -> JsResult<Vec<u8>> {
        ok(self.inner.stamp_receipt(franking_tag, context(&delivery)?))
    }

    /// Stamps one tag once per recipient of a group message: `context` with
    /// each of `recipients` in turn.
    #[wasm_bindgen(js_name = stampBatch, unchecked_return_type = "Uint8Array[]")]
    pub fn stamp_batch(
        &self,
        franking_tag: Vec<u8>,
        #[wasm_bindgen(unchecked_param_type = "DeliveryContextInput")] delivery: JsValue,
        #[wasm_bindgen(unchecked_param_type = "(Bytes | string)[]")] recipients: JsValue,
    ) -> JsResult<JsValue> {
        if !Array::is_array(&recipients) {
            return Err(bad_argument(String::from("recipients must be an array")));
        }
        let ids = Array::from(&recipients)
            .iter()
            .map(|r| to_text_bytes("recipient", &r))
            .collect::<JsResult<Vec<_>>>()?;
        let stamps = ok(self
            .inner
            .stamp_batch(franking_tag, context(&delivery)?, ids))?;
        Ok(byte_list(&stamps))
    }

    /// Rotates to a fresh key `keyId` stamping from `at`.
    #[wasm_bindgen(js_name = rotateGenerate)]
    pub fn rotate_generate(
        &self,
        key_id: u32,
        #[wasm_bindgen(unchecked_param_type = "number | bigint")] at: JsValue,
    ) -> JsResult<()> {
        ok(self.inner.rotate_generate(key_id, to_u64("at", &at)?))
    }

    /// Rotates to the key of an encoded record (generated by a KMS).
    #[wasm_bindgen(js_name = rotateToRecord)]
    pub fn rotate_to_record(&self, record: Vec<u8>) -> JsResult<()> {
        ok(self.inner.rotate_to_record(record))
    }

    /// Adds the key of an encoded record (not as the current key).
    #[wasm_bindgen(js_name = insertRecord)]
    pub fn insert_record(&self, record: Vec<u8>) -> JsResult<()> {
        ok(self.inner.insert_record(record))
    }

    /// Closes the interval of key `keyId` at `notAfter`.
    #[wasm_bindgen(js_name = closeInterval)]
    pub fn close_interval(
        &self,
        key_id: u32,
        #[wasm_bindgen(unchecked_param_type = "number | bigint")] not_after: JsValue,
    ) -> JsResult<()> {
        ok(self
            .inner
            .close_interval(key_id, to_u64("notAfter", &not_after)?))
    }

    /// Retires key `keyId` (never the current key).
    pub fn retire(&self, key_id: u32) -> JsResult<()> {
        ok(self.inner.retire(key_id))
    }

    /// Retires every key whose stamps have all expired at `now`; how many.
    #[wasm_bindgen(js_name = retireExpired)]
    pub fn retire_expired(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number | bigint")] now: JsValue,
    ) -> JsResult<u32> {
        Ok(self.inner.retire_expired(to_u64("now", &now)?))
    }

    /// Retires every non-current key whose interval ended before `before`.
    #[wasm_bindgen(js_name = retireOlderThan)]
    pub fn retire_older_than(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number | bigint")] before: JsValue,
    ) -> JsResult<u32> {
        Ok(self.inner.retire_older_than(to_u64("before", &before)?))
    }

    /// Every key as an encoded 54-byte record, for a KMS or key store.
    /// **Each record carries the key's secret.**
    #[wasm_bindgen(js_name = exportRecords, unchecked_return_type = "Uint8Array[]")]
    pub fn export_records(&self) -> JsValue {
        byte_list(&self.inner.export_records())
    }

    /// Brings this keyring up to date with a key store's whole list of
    /// records: `{added, closed, retired}`.
    #[wasm_bindgen(unchecked_return_type = "SyncReport")]
    pub fn sync(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Bytes[]")] records: JsValue,
    ) -> JsResult<JsValue> {
        let r = ok(self.inner.sync(to_byte_list("records", &records)?))?;
        Ok(object(&[
            ("added", JsValue::from(r.added)),
            ("closed", JsValue::from(r.closed)),
            ("retired", JsValue::from(r.retired)),
        ]))
    }

    /// Moderator: decodes and verifies a message report at `now`.
    #[wasm_bindgen(unchecked_return_type = "VerifiedReport")]
    pub fn verify(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number | bigint")] now: JsValue,
        report: Vec<u8>,
    ) -> JsResult<JsValue> {
        ok(self.inner.verify(to_u64("now", &now)?, report)).map(|v| verdicts::report(&v))
    }

    /// Moderator: decodes and verifies a conversation report at `now`.
    #[wasm_bindgen(js_name = verifyConversation, unchecked_return_type = "ConversationVerdict")]
    pub fn verify_conversation(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number | bigint")] now: JsValue,
        report: Vec<u8>,
    ) -> JsResult<JsValue> {
        ok(self.inner.verify_conversation(to_u64("now", &now)?, report))
            .map(|v| verdicts::conversation(&v))
    }

    /// Moderator: as `verifyConversation`, the verdict kept in the module
    /// and read an entry at a time (`entry(i)`, or iterate it): for a
    /// dashboard that shows a page of a long conversation, or only its
    /// gaps, no entry is copied out until it is read.
    #[wasm_bindgen(js_name = verifyConversationObject)]
    pub fn verify_conversation_object(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number | bigint")] now: JsValue,
        report: Vec<u8>,
    ) -> JsResult<VerifiedConversation> {
        ok(self
            .inner
            .verify_conversation_object(to_u64("now", &now)?, report))
        .map(|inner| VerifiedConversation { inner })
    }

    /// Moderator: decodes and verifies an attachment report (whole or a range).
    #[wasm_bindgen(js_name = verifyMediaReport, unchecked_return_type = "VerifiedRange")]
    pub fn verify_media_report(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number | bigint")] now: JsValue,
        report: Vec<u8>,
    ) -> JsResult<JsValue> {
        ok(self.inner.verify_media_report(to_u64("now", &now)?, report))
            .map(|v| verdicts::range(&v))
    }

    /// Moderator: decodes and verifies a report submission from the
    /// authenticated `reporter`, with the room memberships the platform knows
    /// (`{room, account, firstSeq, lastSeq}`).
    #[wasm_bindgen(js_name = verifySubmission, unchecked_return_type = "SubmissionVerdict")]
    pub fn verify_submission(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number | bigint")] now: JsValue,
        submission: Vec<u8>,
        #[wasm_bindgen(unchecked_param_type = "Bytes | string")] reporter: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RoomMembershipInput[]")]
        memberships: Option<JsValue>,
    ) -> JsResult<JsValue> {
        let memberships = memberships.unwrap_or(JsValue::UNDEFINED);
        let memberships = if memberships.is_undefined() || memberships.is_null() {
            Vec::new()
        } else if Array::is_array(&memberships) {
            Array::from(&memberships)
                .iter()
                .map(|m| {
                    Ok(RoomMembership {
                        room: bytes_field(&m, "room", false)?,
                        account: bytes_field(&m, "account", false)?,
                        first_seq: u64_field(&m, "firstSeq", None)?,
                        last_seq: u64_field(&m, "lastSeq", None)?,
                    })
                })
                .collect::<JsResult<Vec<_>>>()?
        } else {
            return Err(bad_argument(String::from("memberships must be an array")));
        };
        ok(self.inner.verify_submission(
            js::to_u64("now", &now)?,
            submission,
            to_text_bytes("reporter", &reporter)?,
            memberships,
        ))
        .map(|v| verdicts::submission(&v))
    }
}

/// Encodes a 54-byte key record from a KMS's key: id, interval
/// (`notAfter = 2n ** 64n - 1n` for an open one) and the 32-byte secret.
#[wasm_bindgen(js_name = encodeKeyRecord)]
pub fn encode_key_record(
    key_id: u32,
    #[wasm_bindgen(unchecked_param_type = "number | bigint")] not_before: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number | bigint")] not_after: JsValue,
    secret: Vec<u8>,
) -> JsResult<Vec<u8>> {
    ok(facade::encode_key_record(
        key_id,
        to_u64("notBefore", &not_before)?,
        to_u64("notAfter", &not_after)?,
        secret,
    ))
}

/// A verified conversation report, held in the module: the same verdict as
/// `Keyring.verifyConversation` gives, read an entry at a time. Entries are
/// decoded again from the verified report's bytes when read (no
/// cryptography); iterating it yields every entry in sequence order.
#[wasm_bindgen]
pub struct VerifiedConversation {
    inner: Arc<facade::VerifiedConversation>,
}

#[wasm_bindgen]
impl VerifiedConversation {
    /// The whole verdict as one object, as `Keyring.verifyConversation` returns it.
    #[wasm_bindgen(unchecked_return_type = "ConversationVerdict")]
    pub fn verdict(&self) -> JsValue {
        verdicts::conversation(&self.inner.verdict())
    }

    /// The conversation id.
    #[wasm_bindgen(getter)]
    pub fn conversation(&self) -> Vec<u8> {
        self.inner.conversation()
    }

    /// How many entries the report holds.
    #[wasm_bindgen(getter, js_name = entryCount)]
    pub fn entry_count(&self) -> u32 {
        self.inner.entry_count()
    }

    /// Entry `index` (0-based, in sequence order); `undefined` past the last.
    #[wasm_bindgen(unchecked_return_type = "VerifiedEntry | undefined")]
    pub fn entry(&self, index: u32) -> JsValue {
        self.inner
            .entry(index)
            .map_or(JsValue::UNDEFINED, |e| verdicts::entry(&e))
    }

    /// The gaps between consecutive entries (`{after, before, missing}`).
    #[wasm_bindgen(getter, unchecked_return_type = "Gap[]")]
    pub fn gaps(&self) -> JsValue {
        verdicts::gaps(&self.inner.gaps())
    }

    /// Messages missing in all.
    #[wasm_bindgen(getter)]
    pub fn missing(&self) -> u64 {
        self.inner.missing()
    }

    /// No gap between entries.
    #[wasm_bindgen(getter, js_name = isContiguous)]
    pub fn is_contiguous(&self) -> bool {
        self.inner.is_contiguous()
    }

    /// Contiguous, and every entry shows its message.
    #[wasm_bindgen(getter, js_name = isComplete)]
    pub fn is_complete(&self) -> bool {
        self.inner.is_complete()
    }
}
