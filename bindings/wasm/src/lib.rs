//! WebAssembly bindings of `franking`: wasm-bindgen over the owned-bytes
//! facade (`bindings/facade`) that the UniFFI bindings wrap too, so the
//! browser, Node, Kotlin, Swift and Python call the same code.
//!
//! This layer only converts: JavaScript values in (`Uint8Array`s, strings
//! for ids, `number` or `bigint` for integers, plain objects for records),
//! plain objects out (bytes as `Uint8Array`, 64-bit integers as `bigint`),
//! and every failure thrown as an `Error` named `FrankingError` whose `kind`
//! is the crate's error kind. Randomness comes from Web Crypto
//! (`crypto.getRandomValues`) through `getrandom`'s `wasm_js` backend.
//!
//! The npm package (`js/`) adds the module loading for Node, browsers and
//! bundlers, and WHATWG streams for media.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod js;
mod keyring;
mod media;
mod messages;
mod submission;
mod types;
mod verdicts;

use wasm_bindgen::prelude::*;

/// Version of the `franking` crate inside this module.
#[wasm_bindgen(js_name = frankingVersion)]
pub fn franking_version() -> String {
    franking_facade::franking_version()
}

/// Every error kind a `FrankingError` can carry, in the facade's order,
/// then `BadArgument` (an argument of the wrong JavaScript type).
#[wasm_bindgen(js_name = errorKinds, unchecked_return_type = "string[]")]
pub fn error_kinds() -> JsValue {
    franking_facade::ErrorKind::ALL
        .iter()
        .map(|k| JsValue::from_str(k.name()))
        .chain(core::iter::once(JsValue::from_str("BadArgument")))
        .collect::<js_sys::Array>()
        .into()
}
