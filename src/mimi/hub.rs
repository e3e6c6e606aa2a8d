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

/// A reported message the hub verified: what it proves (SPEC.md 17.8,
/// 17.10). Only [`verify_abusive_message`] and [`verify_abuse_report`]
/// make one, so holding one means its checks passed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VerifiedMessage<'a> {
    context: ServerFrankingContext<'a>,
    franking_tag: FrankingTag,
    message_content: &'a [u8],
}

impl<'a> VerifiedMessage<'a> {
    /// The verified context: sender, room, acceptance time.
    pub fn context(&self) -> &ServerFrankingContext<'a> {
        &self.context
    }

    /// The verified sender's user URI: who posted the message.
    pub fn sender_uri(&self) -> &'a [u8] {
        self.context.sender_uri
    }

    /// The verified room's URI: where it was posted.
    pub fn room_uri(&self) -> &'a [u8] {
        self.context.room_uri
    }

    /// When the hub accepted it, in milliseconds since the UNIX epoch.
    pub fn accepted_timestamp(&self) -> u64 {
        self.context.accepted_timestamp
    }

    /// The message's franking tag.
    pub fn franking_tag(&self) -> &FrankingTag {
        &self.franking_tag
    }

    /// The message's content, exactly as franked.
    pub fn message_content(&self) -> &'a [u8] {
        self.message_content
    }
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

/// A verified abuse report (SPEC.md 17.10): every message genuine, and
/// every message's verified sender the report's `allegedAbuserUri`.
///
/// What it does not prove, and the hub checks itself: that each message's
/// [`room_uri`](VerifiedMessage::room_uri) is the room the report was
/// posted to, that the reporter was a member of that room at each
/// message's [`accepted_timestamp`](VerifiedMessage::accepted_timestamp)
/// (a MIMI frank binds no recipient: anyone holding a copy of the content
/// can report it), and the timestamps' age under its policy.
#[derive(Clone, Copy, Debug)]
pub struct VerifiedAbuseReport<'a, 's> {
    report: AbuseReport<'a>,
    messages: &'s [Option<VerifiedMessage<'a>>],
}

impl<'a, 's> VerifiedAbuseReport<'a, 's> {
    /// The verified sender of every message, which is the report's
    /// `allegedAbuserUri`; `None` for a report with no message, whose
    /// `allegedAbuserUri` nothing verified.
    pub fn abuser_uri(&self) -> Option<&'a [u8]> {
        self.messages().next().map(|m| m.sender_uri())
    }

    /// The verified messages, in the report's order.
    pub fn messages(&self) -> impl Iterator<Item = &'s VerifiedMessage<'a>> + 's {
        self.messages.iter().flatten()
    }

    /// How many messages the report holds.
    pub fn len(&self) -> usize {
        self.messages.len()
    }

    /// Whether the report holds no message (such a report proves nothing).
    pub fn is_empty(&self) -> bool {
        self.messages.is_empty()
    }

    /// The report as decoded: `reporting_user`, `reason_code` and `note`
    /// are the reporter's claims, not verified.
    pub fn report(&self) -> &AbuseReport<'a> {
        &self.report
    }
}

/// Verifies every message of a report, in order (SPEC.md 17.10), into
/// `slots`, one per message; the first failure decides, returned with the
/// message's index: [`verify_abusive_message`]'s errors, then
/// `ReceiptMismatch { field: "alleged abuser" }` if the message's verified
/// sender is not the report's `allegedAbuserUri`. `parse` is called once
/// per message. Fewer slots than messages is `(0, BufferTooSmall { needed
/// })`, `needed` the message count, before any check. On an error every
/// slot is `None`.
pub fn verify_abuse_report<'a, 's, P>(
    hub_keys: &[HubKey],
    verifying_keys: &[HubVerifyingKey],
    report: &AbuseReport<'a>,
    mut parse: P,
    slots: &'s mut [Option<VerifiedMessage<'a>>],
) -> Result<VerifiedAbuseReport<'a, 's>, (usize, Error)>
where
    P: FnMut(&'a [u8]) -> Result<ContentFields<'a>, Error>,
{
    let count = report.message_count();
    let Some(slots) = slots.get_mut(..count) else {
        return Err((0, Error::BufferTooSmall { needed: count }));
    };
    slots.fill(None);
    let verified = report
        .messages()
        .zip(slots.iter_mut())
        .enumerate()
        .try_for_each(|(index, (message, slot))| {
            let verified = verify_abusive_message(hub_keys, verifying_keys, &message, &mut parse)
                .map_err(|e| (index, e))?;
            if verified.sender_uri() != report.alleged_abuser_uri {
                return Err((
                    index,
                    Error::ReceiptMismatch {
                        field: "alleged abuser",
                    },
                ));
            }
            *slot = Some(verified);
            Ok(())
        });
    match verified {
        Ok(()) => Ok(VerifiedAbuseReport {
            report: *report,
            messages: slots,
        }),
        Err(e) => {
            slots.fill(None);
            Err(e)
        }
    }
}
