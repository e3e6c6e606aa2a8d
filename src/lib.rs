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

#[cfg(feature = "alloc")]
extern crate alloc;

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
mod report;
mod stamp;

// Every byte SPEC.md defines.
pub mod wire;

// The keystream of the committing AEAD.
mod cep;

// Groups: batch stamping; reports of a run of messages of one conversation.
pub mod conversation;
mod group;

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
pub use platform::{Keyring, PlatformKey};
pub use recipient::{OpenedMessage, verify_commitment};
pub use report::Report;
pub use sender::{MessageKey, commit_with_rng};
pub use stamp::{Stamp, StampMac};
pub use wire::{MAX_HEADER_LEN, MAX_ID_LEN, MAX_MESSAGE_LEN};

/// Re-exported so callers can name the RNG traits this crate takes.
pub use rand_core;
