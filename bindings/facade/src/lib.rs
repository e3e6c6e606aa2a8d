//! The owned-bytes facade over `franking` that every foreign-language layer
//! wraps: the UniFFI layer (`bindings/uniffi`: Kotlin, Swift, Python) with the
//! `uniffi` feature, the wasm-bindgen layer (`bindings/wasm`) without it.
//!
//! Nothing here borrows: every argument and result is `Vec<u8>`, `String`, an
//! integer, a bool, a plain record, an enum, or an object used through `Arc`
//! (a `Mutex` inside where it changes: the keyring, the media sealer and
//! opener). Every operation is a call into `franking`; the facade converts,
//! checks lengths and sequences chunks, and adds no cryptography.
//!
//! Errors are one flat type, [`FrankingError`], with a variant per kind of
//! the crate's `ErrorKind` (and of a submission's refusals), plus
//! [`FrankingError::BadLength`] for an argument of the wrong length and
//! [`FrankingError::BadState`] for an object used out of order.
//!
//! Secrets stay out of logs and are wiped: a record holding an opening, a
//! plaintext or an encoding that carries them prints lengths only in
//! `Debug`; a key, an opening, attachment evidence or a key record received
//! as owned bytes is zeroed when the facade drops its copy (what it returns
//! belongs to the caller).
//!
//! Randomness comes from the operating system through `getrandom` (Web Crypto
//! on `wasm32-unknown-unknown` with the `wasm_js` feature).
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod convert;
mod error;
mod media;
mod moderator;
mod platform;
mod recipient;
mod records;
mod redact;
mod rng;
mod sender;
mod submission;

pub use error::{ErrorKind, FrankingError};
pub use media::{
    MediaMessage, MediaOpener, MediaReportBuilder, MediaSealer, SealedChunk, attachment_descriptor,
    attachment_evidence, attachment_evidence_descriptor, attachment_key, decode_media_message,
    encode_media_message, media_chunk_size, open_attachment_chunk,
};
pub use moderator::{
    ConversationVerdict, Gap, VerifiedConversation, VerifiedEntry, VerifiedRange, VerifiedReport,
};
pub use platform::{KeyInfo, Keyring, SyncReport, encode_key_record, key_record_info};
pub use recipient::{
    ConversationEntry, EnvelopeInfo, OpenedMessage, ReceiptInfo, StampInfo,
    build_conversation_report, build_report, build_report_from_receipt, check_receipt,
    decode_envelope, decode_receipt, decode_stamp, open, report_id_for_conversation,
    report_id_for_message, report_id_for_range, verify_commitment,
};
pub use records::{DeliveryContext, ExpectedDelivery, Suite};
pub use sender::{
    Commitment, SealedMessage, commit, generate_message_key, generate_nonce, seal, seal_with_nonce,
};
pub use submission::{
    Addressee, RoomMembership, SubmissionEntry, SubmissionEntryKind, SubmissionMessage,
    SubmissionVerdict, VerifiedSubmissionEntry, build_submission, reason_name,
};

#[cfg(feature = "uniffi")]
uniffi::setup_scaffolding!("franking");

/// Version of the `franking` crate this facade was built with.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn franking_version() -> String {
    String::from("1.0.0")
}
