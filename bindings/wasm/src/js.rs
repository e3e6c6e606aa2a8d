//! Between JavaScript values and the facade's owned types: bytes, integers,
//! plain objects, and the one error class.

use franking_facade::{DeliveryContext, ExpectedDelivery, FrankingError, Suite};
use js_sys::{Array, BigInt, Object, Reflect, Uint8Array};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// Results of the exported functions: a thrown `FrankingError` on failure.
pub(crate) type JsResult<T> = Result<T, JsValue>;

/// A JavaScript `Error` named `FrankingError` whose `kind` is the facade's
/// error kind (`"Invalid"`, `"Malformed"`, ...), the same names as the
/// crate's `ErrorKind` and the test vectors.
pub(crate) fn error(e: FrankingError) -> JsValue {
    thrown(e.kind().name(), e.message())
}

/// A `FrankingError` of `kind` with `message`.
pub(crate) fn thrown(kind: &str, message: &str) -> JsValue {
    let err = js_sys::Error::new(message);
    err.set_name("FrankingError");
    // Setting a property on a fresh Error cannot fail.
    let _ = Reflect::set(&err, &JsValue::from_str("kind"), &JsValue::from_str(kind));
    err.into()
}

/// A caller's mistake in the shape of an argument (not bytes, not an
/// integer): a `FrankingError` of kind `BadArgument`.
pub(crate) fn bad_argument(message: String) -> JsValue {
    thrown("BadArgument", &message)
}

/// A facade result as a JavaScript one.
pub(crate) fn ok<T>(r: Result<T, FrankingError>) -> JsResult<T> {
    r.map_err(error)
}

/// `bytes` as a fresh `Uint8Array` (a copy out of wasm memory).
pub(crate) fn bytes(bytes: &[u8]) -> JsValue {
    Uint8Array::from(bytes).into()
}

/// An array of `Uint8Array`s.
pub(crate) fn byte_list(list: &[Vec<u8>]) -> JsValue {
    list.iter().map(|b| bytes(b)).collect::<Array>().into()
}

/// A `u64` as a `bigint` (exact: timestamps, sequence numbers, offsets).
pub(crate) fn big(n: u64) -> JsValue {
    BigInt::from(n).into()
}

/// A plain object of `fields`.
pub(crate) fn object(fields: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (name, value) in fields {
        // Defining a property on a fresh plain object cannot fail.
        let _ = Reflect::set(&o, &JsValue::from_str(name), value);
    }
    o.into()
}

/// Property `name` of `obj` (undefined if absent).
pub(crate) fn get(obj: &JsValue, name: &str) -> JsResult<JsValue> {
    if !obj.is_object() {
        return Err(bad_argument(format!("expected an object with `{name}`")));
    }
    Reflect::get(obj, &JsValue::from_str(name))
}

/// Bytes from a `Uint8Array` (a Node `Buffer` is one): keys, tags,
/// envelopes, stamps, encodings.
pub(crate) fn to_bytes(what: &str, v: &JsValue) -> JsResult<Vec<u8>> {
    match v.dyn_ref::<Uint8Array>() {
        Some(a) => Ok(a.to_vec()),
        None => Err(bad_argument(format!("{what} must be a Uint8Array"))),
    }
}

/// Bytes from a `Uint8Array`, or a string as its UTF-8 bytes: ids, headers
/// and messages, which are often text.
pub(crate) fn to_text_bytes(what: &str, v: &JsValue) -> JsResult<Vec<u8>> {
    if let Some(s) = v.as_string() {
        return Ok(s.into_bytes());
    }
    match v.dyn_ref::<Uint8Array>() {
        Some(a) => Ok(a.to_vec()),
        None => Err(bad_argument(format!(
            "{what} must be a Uint8Array or a string"
        ))),
    }
}

/// Bytes (or text) of property `name`; an absent property is empty when `optional`.
pub(crate) fn bytes_field(obj: &JsValue, name: &str, optional: bool) -> JsResult<Vec<u8>> {
    let v = get(obj, name)?;
    if optional && (v.is_undefined() || v.is_null()) {
        return Ok(Vec::new());
    }
    to_text_bytes(name, &v)
}

/// A non-negative integer from a `number` (exact, at most 2^53 - 1) or a `bigint`.
pub(crate) fn to_u64(what: &str, v: &JsValue) -> JsResult<u64> {
    if let Some(n) = v.as_f64() {
        if n >= 0.0 && n.fract() == 0.0 && n <= 9_007_199_254_740_991.0 {
            return Ok(n as u64);
        }
    } else if v.is_bigint() {
        let b: &BigInt = v.unchecked_ref();
        if let Ok(n) = u64::try_from(b.clone()) {
            return Ok(n);
        }
    }
    Err(bad_argument(format!(
        "{what} must be a non-negative integer (a number up to 2^53 - 1 or a bigint up to 2^64 - 1)"
    )))
}

/// An integer property; absent is `default` when given.
pub(crate) fn u64_field(obj: &JsValue, name: &str, default: Option<u64>) -> JsResult<u64> {
    let v = get(obj, name)?;
    match default {
        Some(d) if v.is_undefined() || v.is_null() => Ok(d),
        _ => to_u64(name, &v),
    }
}

/// An array of byte strings.
pub(crate) fn to_byte_list(what: &str, v: &JsValue) -> JsResult<Vec<Vec<u8>>> {
    if !Array::is_array(v) {
        return Err(bad_argument(format!("{what} must be an array")));
    }
    Array::from(v)
        .iter()
        .map(|item| to_bytes(what, &item))
        .collect()
}

/// `"xchacha20"` (the default when absent) or `"aes256"`.
pub(crate) fn suite(v: &JsValue) -> JsResult<Suite> {
    if v.is_undefined() || v.is_null() {
        return Ok(Suite::XChaCha20);
    }
    match v.as_string().as_deref() {
        Some("xchacha20") => Ok(Suite::XChaCha20),
        Some("aes256") => Ok(Suite::Aes256),
        _ => Err(bad_argument(String::from(
            "suite must be \"xchacha20\" or \"aes256\"",
        ))),
    }
}

/// A `DeliveryContext` from `{sender, recipient, timestamp, messageId,
/// conversation?, seq?}`.
pub(crate) fn context(v: &JsValue) -> JsResult<DeliveryContext> {
    Ok(DeliveryContext {
        sender: bytes_field(v, "sender", false)?,
        recipient: bytes_field(v, "recipient", false)?,
        timestamp: u64_field(v, "timestamp", None)?,
        message_id: bytes_field(v, "messageId", false)?,
        conversation: bytes_field(v, "conversation", true)?,
        seq: u64_field(v, "seq", Some(0))?,
    })
}

/// A delivery context as `{sender, recipient, timestamp, messageId,
/// conversation, seq}` (bytes as `Uint8Array`, integers as `bigint`).
pub(crate) fn context_object(c: &DeliveryContext) -> JsValue {
    object(&[
        ("sender", bytes(&c.sender)),
        ("recipient", bytes(&c.recipient)),
        ("timestamp", big(c.timestamp)),
        ("messageId", bytes(&c.message_id)),
        ("conversation", bytes(&c.conversation)),
        ("seq", big(c.seq)),
    ])
}

/// An `ExpectedDelivery` from `{sender, recipient, conversation?}`.
pub(crate) fn expected(v: &JsValue) -> JsResult<ExpectedDelivery> {
    Ok(ExpectedDelivery {
        sender: bytes_field(v, "sender", false)?,
        recipient: bytes_field(v, "recipient", false)?,
        conversation: bytes_field(v, "conversation", true)?,
    })
}

/// An optional `u64` argument (`undefined` or `null`: none).
pub(crate) fn opt_u64(what: &str, v: &JsValue) -> JsResult<Option<u64>> {
    if v.is_undefined() || v.is_null() {
        Ok(None)
    } else {
        to_u64(what, v).map(Some)
    }
}
