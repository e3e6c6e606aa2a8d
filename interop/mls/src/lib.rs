//! Reference integration of `franking` in layer mode with MLS (openmls).
//!
//! Three roles, one module each, plus the two formats they share:
//!
//! - [`member`]: an MLS group member. Sends application messages whose
//!   `authenticated_data` is the franking tag and whose encrypted payload is
//!   the opening and the committed content; checks the commitment of every
//!   message it decrypts and keeps each accepted message as evidence.
//! - [`hub`]: the delivery service. Reads the franking tag from the relayed
//!   bytes without decrypting, stamps it with the sender from its own
//!   authenticated session, the group id as the room and the conversation,
//!   its own clock and a per-group sequence number, and fans the message out.
//! - [`moderator`]: verifies a reported conversation excerpt.
//! - [`payload`]: the franking header and message, and the MLS payload.
//! - [`room`]: forming a group and fanning a message out (demo and tests).
//! - [`excerpt`]: how an excerpt of several messages travels and is verified
//!   (the franking crate's conversation report).
//! - [`mimi`]: the second flow, in the MIMI profile: a franking tag in the
//!   Safe AAD, a hub that franks and signs, members that verify the frank on
//!   receipt, and abuse reports the hub verifies.
//!
//! See the crate's README.md for the choices and what each check prevents.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod excerpt;
pub mod hub;
pub mod member;
pub mod mimi;
pub mod moderator;
pub mod payload;
pub mod room;

use core::fmt;

pub use openmls::prelude::Ciphersuite;

/// The ciphersuite of every group here: the MLS mandatory-to-implement one.
pub const CIPHERSUITE: Ciphersuite = Ciphersuite::MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;

/// Why a step failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Error {
    /// openmls refused (its error, as text).
    Mls(String),
    /// A franking check failed.
    Franking(franking::Error),
    /// Bytes that do not parse.
    Malformed(&'static str),
    /// The hub does not relay this message.
    Refused(&'static str),
    /// A member rejects this message: it is not shown and not kept.
    Rejected(&'static str),
    /// The moderator does not accept this excerpt.
    ExcerptInvalid(&'static str),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Mls(e) => write!(f, "MLS: {e}"),
            Self::Franking(e) => write!(f, "franking: {e:?}"),
            Self::Malformed(what) => write!(f, "malformed: {what}"),
            Self::Refused(why) => write!(f, "hub refuses: {why}"),
            Self::Rejected(why) => write!(f, "rejected: {why}"),
            Self::ExcerptInvalid(why) => write!(f, "excerpt invalid: {why}"),
        }
    }
}

impl std::error::Error for Error {}

impl From<franking::Error> for Error {
    fn from(e: franking::Error) -> Self {
        Self::Franking(e)
    }
}

pub(crate) fn mls<E: fmt::Debug>(e: E) -> Error {
    Error::Mls(format!("{e:?}"))
}
