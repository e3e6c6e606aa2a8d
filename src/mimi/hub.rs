//! The hub's verification of reported messages (SPEC.md 17.10): a frank
//! carries no key id, so every hub key is tried, each in constant time and
//! all of them always, and the result says nothing of which one matched.

use subtle::{Choice, ConstantTimeEq};

use super::context::ServerFrankingContext;
use super::frank::{HubKey, ServerFrank};
use super::report::{AbuseReport, AbusiveMessage};
use super::signature::HubVerifyingKey;
use super::tag::{FrankingTag, Salt};
use crate::Error;
use crate::ct::declassify;

/// What the hub's content parser finds in a reported `message_content`:
/// the salt and the URIs the sender wrote.
#[derive(Debug)]
pub struct ContentFields<'a> {
    /// The content's salt.
    pub salt: Salt,
    /// The content's `sender_uri`.
    pub sender_uri: &'a [u8],
    /// The content's `room_uri`.
    pub room_uri: &'a [u8],
}

/// A reported message the hub verified: what it proves (SPEC.md 17.8).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VerifiedMessage<'a> {
    /// The verified context: sender, room, acceptance time.
    pub context: ServerFrankingContext<'a>,
    /// The message's franking tag.
    pub franking_tag: FrankingTag,
    /// The message's content.
    pub message_content: &'a [u8],
}

/// Verifies one reported message (SPEC.md 17.10) against every key in
/// `hub_keys` (current and retired) and every key in `verifying_keys` of the
/// frank's suite. `parse` reads the salt and URIs from the content; its
/// error is returned as it is. Every cryptographic failure is `Invalid`,
/// which does not tell which check failed, nor which key was tried last.
pub fn verify_abusive_message<'a, P>(
    hub_keys: &[HubKey],
    verifying_keys: &[HubVerifyingKey],
    message: &AbusiveMessage<'a>,
    parse: P,
) -> Result<VerifiedMessage<'a>, Error>
where
    P: FnOnce(&'a [u8]) -> Result<ContentFields<'a>, Error>,
{
    let fields = parse(message.message_content)?;
    let tag = FrankingTag::compute(&fields.salt, message.message_content);
    let context = ServerFrankingContext::new(
        fields.sender_uri,
        fields.room_uri,
        message.accepted_timestamp,
    );
    if context.encoded_len().is_err() {
        return Err(Error::Invalid);
    }
    let frank_ok = any_key_matches(hub_keys, &tag, &context, &message.frank.server_frank);
    let mut signature_ok = Choice::from(0);
    for key in verifying_keys {
        if key.suite().to_u16() == message.frank.cipher_suite {
            signature_ok |= Choice::from(u8::from(
                message.frank.verify_signature(key, &context).is_ok(),
            ));
        }
    }
    if declassify(frank_ok & signature_ok) {
        Ok(VerifiedMessage {
            context,
            franking_tag: tag,
            message_content: message.message_content,
        })
    } else {
        Err(Error::Invalid)
    }
}

/// Whether any key franks `tag` in `context` as `server_frank`: every key
/// computed, each comparison constant time, OR-ed without a branch.
fn any_key_matches(
    hub_keys: &[HubKey],
    tag: &FrankingTag,
    context: &ServerFrankingContext<'_>,
    server_frank: &ServerFrank,
) -> Choice {
    let mut found = Choice::from(0);
    for key in hub_keys {
        found |= key.server_frank_unchecked(tag, context).ct_eq(server_frank);
    }
    found
}

/// Verifies every message of a report, in order; the first failure decides,
/// returned with the message's index. On success, how many messages were
/// verified. `parse` is called once per message.
pub fn verify_abuse_report<'a, P>(
    hub_keys: &[HubKey],
    verifying_keys: &[HubVerifyingKey],
    report: &AbuseReport<'a>,
    mut parse: P,
) -> Result<usize, (usize, Error)>
where
    P: FnMut(&'a [u8]) -> Result<ContentFields<'a>, Error>,
{
    let mut count = 0;
    for (index, message) in report.messages().enumerate() {
        verify_abusive_message(hub_keys, verifying_keys, &message, &mut parse)
            .map_err(|e| (index, e))?;
        count += 1;
    }
    Ok(count)
}
