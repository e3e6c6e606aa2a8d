//! The receiver's check of a frank on arrival (SPEC.md 17.8).

use subtle::Choice;

use super::context::ServerFrankingContext;
use super::frank::Frank;
use super::signature::HubVerifyingKey;
use super::tag::{FrankingTag, Salt};
use crate::Error;
use crate::ct::declassify;

/// What a receiver knows of a franked message after MLS decrypted and
/// authenticated it, and what it got from the hub.
#[derive(Clone, Copy, Debug)]
pub struct ReceivedMessage<'a> {
    /// The `franking_tag` of the `frank_aad` component in the
    /// PrivateMessage's authenticated data.
    pub franking_tag: &'a FrankingTag,
    /// The decrypted `application_data`, exactly.
    pub application_data: &'a [u8],
    /// The salt the content carries.
    pub salt: &'a Salt,
    /// The `sender_uri` the content asserts.
    pub sender_uri: &'a [u8],
    /// The `room_uri` the content asserts.
    pub room_uri: &'a [u8],
    /// The hub's `accepted_timestamp` (milliseconds), from the fanout.
    pub accepted_timestamp: u64,
    /// The hub's frank, from the fanout.
    pub frank: Frank<'a>,
}

/// What the receiver knows on its own.
#[derive(Clone, Copy, Debug)]
pub struct ReceiverView<'a> {
    /// The `franking_signature_key` of the group's `franking_agent`
    /// component, loaded for the group's cipher suite (the receiver has
    /// checked that the agent's credential is the hub's domain).
    pub franking_agent_key: &'a HubVerifyingKey,
    /// The user URI of the sender's MLS credential (the caller maps a
    /// client credential to its user).
    pub credential_user_uri: &'a [u8],
    /// The URI of the room the message arrived in.
    pub room_uri: &'a [u8],
}

/// Verifies a frank on arrival (SPEC.md 17.8). First the cryptography, all
/// of it computed whatever a part gives: the frank's suite is the group's,
/// the tag is the application data's under the salt, the signature verifies
/// over the context; any failure is `Invalid`. Then the identities: the
/// content's sender URI is the credential's (`ReceiptMismatch { field:
/// "sender" }`), its room URI the room's (`ReceiptMismatch { field: "room"
/// }`). On success, the context to store with the message.
pub fn verify_received<'a>(
    message: &ReceivedMessage<'a>,
    view: &ReceiverView<'_>,
) -> Result<ServerFrankingContext<'a>, Error> {
    let context = ServerFrankingContext::new(
        message.sender_uri,
        message.room_uri,
        message.accepted_timestamp,
    );
    let tag_ok = message
        .franking_tag
        .matches(message.salt, message.application_data);
    // verify_signature also checks the frank's suite against the key's,
    // which is the group's.
    let signature_ok = Choice::from(u8::from(
        message
            .frank
            .verify_signature(view.franking_agent_key, &context)
            .is_ok(),
    ));
    if !declassify(tag_ok & signature_ok) {
        return Err(Error::Invalid);
    }
    if message.sender_uri != view.credential_user_uri {
        return Err(Error::ReceiptMismatch { field: "sender" });
    }
    if message.room_uri != view.room_uri {
        return Err(Error::ReceiptMismatch { field: "room" });
    }
    Ok(context)
}
