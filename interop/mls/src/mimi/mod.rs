//! The second flow: MIMI franking (draft-ietf-mimi-protocol-06, "Message
//! Franking" and "Report abuse") over openmls, with `franking::mimi`
//! (SPEC.md 17) computing and checking every franking byte.
//!
//! Roles, one module each, and the formats they share:
//!
//! - [`member`]: an MLS client in a room. Writes MIMI content with a salt
//!   from the MLS exporter, puts `HMAC(salt, application_data)` in the
//!   `frank_aad` Safe AAD item, and on every message it receives checks the
//!   hub's frank (signature under the room's franking agent key, tag, sender
//!   URI against the MLS credential, room) and, with `check_history`,
//!   against what it kept (a server frank kept before, a timestamp not above
//!   the sender's last in the room) before showing it; keeps each verified
//!   message as an `AbusiveMessage` and reports several in one
//!   `AbuseReport`.
//! - [`hub`]: the hub provider. Reads the tag from the Safe AAD without
//!   decrypting, franks and signs it with its own context (the submitting
//!   session's URI, the room, its clock in ms, strictly increasing per
//!   sender and room), answers the sender and fans the message out;
//!   verifies reports under all its hub keys.
//! - [`frank`]: the calls into `franking::mimi` and the hub's secrets.
//! - [`agent`]: the room's GroupContext components (`safe_aad`,
//!   `franking_agent`).
//! - [`content`]: the MIMI content message (CBOR) a member sends.
//! - [`wire`]: the `FanoutMessage` and the submit response.
//! - [`room`]: forming a room and carrying a message (demo and tests).
//!
//! See the crate's README.md ("The MIMI flow") for the choices.

pub mod agent;
pub mod content;
pub mod frank;
pub mod hub;
pub mod member;
pub mod room;
pub mod wire;
