//! The receiver's check of a frank on arrival (SPEC.md 17.8).

use subtle::Choice;

use super::context::ServerFrankingContext;
use super::frank::{Frank, ServerFrank};
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
/// }`). On success, the context to store with the message, once
/// [`check_history`] (step 3) has also passed: these checks do not bind the
/// frank to this message's tag (SPEC.md 17.8).
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

/// What a receiver stored of the franks it accepted, as far as SPEC.md
/// 17.8's history checks (step 3) need it. The integrity signature does not
/// cover the franking tag, and the timestamp travels with the frank, so a
/// frank that passes [`verify_received`] may be another message's of the
/// same sender in the same room, moved by a follower; [`check_history`]
/// asks these two questions to refuse what the receiver's own store shows
/// to be such a move (not a move from a message the receiver never gets:
/// SPEC.md 17.8, 17.11 ambiguity 17).
///
/// The receiver already keeps each accepted message's `server_frank` (it is
/// part of the `AbusiveMessage` it may report), so an index on it and one
/// number per sender and room are all it adds. The trait borrows and
/// returns no heap data: a fixed-size table implements it as well as a
/// database. After [`check_history`] passes and the message is stored, the
/// caller records its `server_frank` and raises the last timestamp of its
/// sender and room to `accepted_timestamp` (never lowers it).
///
/// An implementation that cannot answer (its storage failed) should answer
/// so that the check refuses: `true` from [`holds_frank`], `Some(u64::MAX)`
/// from [`last_timestamp`].
///
/// [`holds_frank`]: FrankHistory::holds_frank
/// [`last_timestamp`]: FrankHistory::last_timestamp
pub trait FrankHistory {
    /// Whether `server_frank` is stored with a message this receiver already
    /// accepted (in any room).
    fn holds_frank(&self, server_frank: &ServerFrank) -> bool;
    /// The highest `accepted_timestamp` stored for a message of
    /// `sender_uri` in `room_uri`, or `None` if none is stored. The URIs
    /// are compared byte for byte.
    fn last_timestamp(&self, sender_uri: &[u8], room_uri: &[u8]) -> Option<u64>;
}

/// SPEC.md 17.8 step 3, the history checks: after [`verify_received`]
/// returned `context` for a message with `frank`, and before the message is
/// stored.
///
/// - A `server_frank` that `history` already holds is
///   `ReceiptMismatch { field: "server frank" }`: two messages carry one
///   frank, so one of them is a swap (which one, the receiver cannot tell;
///   the one already stored may be it).
/// - With `strictly_increasing` (the hub keeps `accepted_timestamp`
///   strictly increasing per sender and room, as SPEC.md 17.11 ambiguity
///   17 asks of a hub of this profile), an `accepted_timestamp` not above
///   the last one stored for the context's sender and room is
///   `ReceiptMismatch { field: "timestamp" }`. Without it (a hub that may
///   accept two messages of a sender in one millisecond), only the first
///   check applies.
///
/// Neither check is cryptographic: they read public data, in variable time.
/// The frank check comes first. Nothing here allocates or panics.
pub fn check_history<H: FrankHistory + ?Sized>(
    context: &ServerFrankingContext<'_>,
    frank: &Frank<'_>,
    history: &H,
    strictly_increasing: bool,
) -> Result<(), Error> {
    if history.holds_frank(&frank.server_frank) {
        return Err(Error::ReceiptMismatch {
            field: "server frank",
        });
    }
    if strictly_increasing
        && history
            .last_timestamp(context.sender_uri, context.room_uri)
            .is_some_and(|last| context.accepted_timestamp <= last)
    {
        return Err(Error::ReceiptMismatch { field: "timestamp" });
    }
    Ok(())
}
