//! The IETF MIMI franking profile (feature `mimi`; SPEC.md section 17).
//!
//! Byte-exact with draft-ietf-mimi-protocol-06's "Message Franking" and
//! "Report abuse" where its text allows, with every ambiguity and the
//! reading taken listed in SPEC.md 17.11. Nothing here shares a key, label
//! or encoding with the v1 constructions of the rest of the crate.
//!
//! - Client: [`FrankingTag::compute`] over the exact application data with
//!   the content's 16-byte [`Salt`] ([`SaltBaseSecret::derive_salt`] for the
//!   content draft's derivation); [`FrankingTag::frank_aad_item`] for the
//!   Safe AAD component.
//! - Hub: [`SignedFrank::new`] (the server frank under a [`HubKey`], signed
//!   with `SignWithLabel` under a [`HubSigningKey`]);
//!   [`verify_abusive_message`] and [`verify_abuse_report`] with several hub
//!   keys, in constant time per key, without an oracle.
//! - Receiver: [`verify_received`], then [`check_history`] against what it
//!   stored (the signature does not cover the tag: SPEC.md 17.8).
//! - Wire: [`ServerFrankingContext`], [`Frank`], [`AbusiveMessage`],
//!   [`AbuseReport`] ([`NewAbuseReport`] to encode), strict decoders that
//!   borrow, encoders into caller buffers with exact `encoded_len`.
//!
//! Signatures: Ed25519 (suites 1 and 3) from `ed25519-dalek`, ECDSA P-256
//! with SHA-256 (suite 2) from `p256`, deterministic (RFC 6979).

mod codec;
mod context;
mod frank;
mod hub;
mod receiver;
mod report;
mod signature;
mod tag;

pub use codec::MAX_VECTOR_LEN;
pub use context::ServerFrankingContext;
pub use frank::{
    FRANKING_INTEGRITY_LABEL, Frank, HubKey, ServerFrank, SignedFrank, franking_integrity_tbs,
};
pub use hub::{
    ContentFields, VerifiedAbuseReport, VerifiedMessage, verify_abuse_report,
    verify_abusive_message,
};
pub use receiver::{FrankHistory, ReceivedMessage, ReceiverView, check_history, verify_received};
pub use report::{AbuseReport, AbusiveMessage, Extension, NewAbuseReport};
pub use signature::{
    CipherSuite, HubSigningKey, HubVerifyingKey, MAX_SIGNATURE_LEN, MLS_LABEL_PREFIX, Signature,
    SignatureScheme,
};
pub use tag::{FRANK_AAD_ITEM_LEN, FrankingTag, Salt, SaltBaseSecret};
