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

mod secret;

pub mod encoding;

mod cep;
mod commitment;
mod ct;
mod error;
mod report;
mod sha256;
mod suite;

pub mod moderator;
pub mod platform;
pub mod recipient;
pub mod sender;

pub use commitment::{FrankingTag, Opening};
pub use encoding::{MAX_HEADER_LEN, MAX_ID_LEN, MAX_MESSAGE_LEN};
pub use error::Error;
pub use moderator::{VerifiedReport, verify};
pub use platform::{Context, KeyId, Keyring, PlatformKey, Stamp, StampMac};
pub use recipient::{OpenedMessage, verify_commitment};
pub use report::Report;
pub use sender::{Envelope, IntegrityTag, MessageKey, Nonce, commit_with_rng};
pub use suite::Suite;

/// Re-exported so callers can name the RNG traits this crate takes.
pub use rand_core;
