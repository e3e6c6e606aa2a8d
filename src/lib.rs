#![doc = include_str!("../README.md")]
#![no_std]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
#![cfg_attr(docsrs, feature(doc_cfg))]
// A few docs link to items that exist only with `alloc` (`OwnedReceipt`,
// `to_vec`, the boxed keyrings); without it they render as plain text.
// Every link is still checked by the all-features build (CI, docs.rs).
#![cfg_attr(not(feature = "alloc"), allow(rustdoc::broken_intra_doc_links))]

#[cfg(feature = "alloc")]
extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

// Primitives: no dependency on anything above them.
mod ct;
mod error;
mod key_id;
mod secret;
mod sha256;

// Nouns: the values the roles exchange.
mod commitment;
mod context;
mod envelope;
mod receipt;
mod report;
mod report_id;
mod stamp;

// Owned copies of the nouns, and their serde form.
#[cfg(feature = "alloc")]
mod owned;
#[cfg(feature = "serde")]
mod serde_impls;

// Every byte SPEC.md defines.
pub mod wire;

// The cipher suites' keystreams, and the committing AEAD's core over them.
mod cep;
mod suite;

// Media: attachments in chunks under a Merkle root (SPEC.md section 14).
pub mod media;

// Groups: batch stamping; reports of a run of messages of one conversation.
pub mod conversation;
mod group;

// Report submissions: the evidence, why and who, in one piece (SPEC.md 16).
pub mod submission;

// Signed receipts: a batch of receipts under one Ed25519 signature, verified
// by the recipient on arrival (SPEC.md 18; opt-in, feature `signed-receipts`).
#[cfg(feature = "signed-receipts")]
#[cfg_attr(docsrs, doc(cfg(feature = "signed-receipts")))]
pub mod signed_receipt;

// Entry points to internal primitives for the external test suites
// (tests/external_*.rs); not part of the API.
#[doc(hidden)]
#[path = "test_hooks.rs"]
pub mod __test_hooks;

// The IETF MIMI profile: its own tag, frank, signatures and reports
// (SPEC.md 17).
#[cfg(feature = "mimi")]
#[cfg_attr(docsrs, doc(cfg(feature = "mimi")))]
pub mod mimi;

// The four roles.
pub mod moderator;
pub mod platform;
pub mod recipient;
pub mod sender;

pub use commitment::{FrankingTag, Opening};
pub use context::Context;
pub use conversation::{ConversationReport, ConversationVerdict, verify_conversation};
pub use envelope::{Envelope, IntegrityTag, Nonce};
pub use error::{Error, ErrorKind};
pub use key_id::KeyId;
pub use moderator::{VerifiedReport, verify};
#[cfg(feature = "alloc")]
pub use owned::{OwnedContext, OwnedReceipt, OwnedReport};
pub use platform::{KeyInterval, Keyring, PlatformKey};
pub use receipt::{ExpectedDelivery, Receipt};
pub use recipient::{OpenedMessage, verify_commitment};
pub use report::Report;
pub use report_id::ReportId;
pub use sender::{MessageKey, commit_with_rng};
pub use stamp::{Stamp, StampMac};
pub use submission::{Submission, SubmissionError, SubmissionVerdict};
pub use suite::Suite;
pub use wire::{MAX_HEADER_LEN, MAX_ID_LEN, MAX_MESSAGE_LEN};

/// Re-exported so callers can name the RNG traits this crate takes.
pub use rand_core;
/// Re-exported so callers can name `Zeroize`, which platform keys and
/// keyrings implement.
pub use zeroize;
