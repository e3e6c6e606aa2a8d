//! Report submissions (SPEC.md 16): the evidence, why, and who, in one piece.

use franking::submission::{
    Addressee as CrateAddressee, EntryKind, ReasonCode, SubmissionEntry as CrateEntry,
    SubmissionVerdictVec, VerifiedEntry as CrateVerified,
};

use crate::error::Result;
use crate::moderator::{ConversationVerdict, VerifiedRange, VerifiedReport};
use crate::redact::Len;

/// The kind of a submission entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum SubmissionEntryKind {
    /// A message report.
    Message,
    /// A conversation report.
    Conversation,
    /// An attachment report, whole or a range.
    Attachment,
}

impl SubmissionEntryKind {
    fn of(kind: EntryKind) -> Self {
        match kind {
            EntryKind::Conversation => Self::Conversation,
            EntryKind::Attachment => Self::Attachment,
            _ => Self::Message,
        }
    }
}

/// One piece of evidence in a submission: an encoded report of `kind`. Its
/// `Debug` prints the report's length (a report carries openings and
/// plaintext).
#[derive(Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct SubmissionEntry {
    /// What the bytes are.
    pub kind: SubmissionEntryKind,
    /// The encoded report.
    pub report: Vec<u8>,
}

impl std::fmt::Debug for SubmissionEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SubmissionEntry")
            .field("kind", &self.kind)
            .field("report", &Len(&self.report))
            .finish()
    }
}

/// How a verified message reached the reporter (SPEC.md 16.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Addressee {
    /// Its recipient is the reporter.
    Direct,
    /// The reporter sent it.
    Sent,
    /// Its recipient is a room the reporter was in.
    Room,
}

/// The platform's record that `account` was in `room` for the messages with
/// sequence numbers `first_seq..=last_seq`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct RoomMembership {
    /// The room (conversation) id, as a recipient id.
    pub room: Vec<u8>,
    /// The member's account id.
    pub account: Vec<u8>,
    /// First sequence number delivered while a member.
    pub first_seq: u64,
    /// Last sequence number delivered while a member.
    pub last_seq: u64,
}

impl RoomMembership {
    pub(crate) fn covers(&self, room: &[u8], account: &[u8], seq: u64) -> bool {
        self.room == room
            && self.account == account
            && (self.first_seq..=self.last_seq).contains(&seq)
    }
}

/// A verified entry of a submission: exactly one of the three is set, as `kind` says.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct VerifiedSubmissionEntry {
    /// The entry's kind.
    pub kind: SubmissionEntryKind,
    /// A message entry's verdict.
    pub message: Option<VerifiedReport>,
    /// A conversation entry's verdict.
    pub conversation: Option<ConversationVerdict>,
    /// An attachment entry's verdict.
    pub attachment: Option<VerifiedRange>,
}

/// A verified message of a submission, with the entry it came from and how
/// it reached the reporter.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct SubmissionMessage {
    /// Index of the entry holding it.
    pub entry: u32,
    /// How it reached the reporter.
    pub addressee: Addressee,
    /// The verified message.
    pub report: VerifiedReport,
}

/// A verified submission. The verified fields (`entries`, `messages`) stand
/// apart from the reporter's claims (`reason`, `note`, `claimed_reporter`),
/// which nothing verifies but their encoding.
#[derive(Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct SubmissionVerdict {
    /// The authenticated reporter the submission was verified for.
    pub reporter: Vec<u8>,
    /// Every entry's verdict, in order.
    pub entries: Vec<VerifiedSubmissionEntry>,
    /// Every verified message, in order, with its addressee.
    pub messages: Vec<SubmissionMessage>,
    /// Claim: the reason code (SPEC.md 16.2).
    pub reason: u16,
    /// Claim: the reason's registered name, if it has one.
    pub reason_name: Option<String>,
    /// Claim: the reporter's note.
    pub note: String,
    /// Claim: the reporter the submission names (equal to `reporter` once verified).
    pub claimed_reporter: Vec<u8>,
}

impl std::fmt::Debug for SubmissionVerdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SubmissionVerdict")
            .field("reporter", &self.reporter)
            .field("entries", &self.entries)
            .field("messages", &self.messages)
            .field("reason", &self.reason)
            .field("reason_name", &self.reason_name)
            .field("note", &Len(self.note.as_bytes()))
            .field("claimed_reporter", &self.claimed_reporter)
            .finish()
    }
}

impl SubmissionVerdict {
    pub(crate) fn of(v: &SubmissionVerdictVec<'_>) -> Self {
        let entries = v
            .entries()
            .iter()
            .map(|e| {
                let mut out = VerifiedSubmissionEntry {
                    kind: SubmissionEntryKind::of(e.kind()),
                    message: None,
                    conversation: None,
                    attachment: None,
                };
                match e {
                    CrateVerified::Message(m) => out.message = Some(VerifiedReport::of(m)),
                    CrateVerified::Conversation(c) => {
                        out.conversation = Some(ConversationVerdict::of(c))
                    }
                    CrateVerified::Attachment(r) => out.attachment = Some(VerifiedRange::of(r)),
                }
                out
            })
            .collect();
        let messages = v
            .messages()
            .map(|(entry, m)| SubmissionMessage {
                entry: u32::try_from(entry).unwrap_or(u32::MAX),
                addressee: match v.addressee(&m) {
                    CrateAddressee::Direct => Addressee::Direct,
                    CrateAddressee::Sent => Addressee::Sent,
                    CrateAddressee::Room => Addressee::Room,
                },
                report: VerifiedReport::of(&m),
            })
            .collect();
        let claims = v.claims();
        Self {
            reporter: v.reporter().to_vec(),
            entries,
            messages,
            reason: claims.reason().code(),
            reason_name: claims.reason().name().map(String::from),
            note: claims.note().to_string(),
            claimed_reporter: claims.reporter().to_vec(),
        }
    }
}

/// Encodes a submission (SPEC.md 16.1): `reason` code, the `reporter`'s
/// account id, a UTF-8 `note`, and the evidence.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn build_submission(
    reason: u16,
    reporter: Vec<u8>,
    note: String,
    entries: Vec<SubmissionEntry>,
) -> Result<Vec<u8>> {
    let entries: Vec<CrateEntry<'_>> = entries
        .iter()
        .map(|e| match e.kind {
            SubmissionEntryKind::Message => CrateEntry::message(&e.report),
            SubmissionEntryKind::Conversation => CrateEntry::conversation(&e.report),
            SubmissionEntryKind::Attachment => CrateEntry::attachment(&e.report),
        })
        .collect();
    Ok(franking::Submission::to_vec(
        ReasonCode::new(reason),
        &reporter,
        &note,
        &entries,
    )?)
}

/// The registered name of reason code `code` (SPEC.md 16.2), if any.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn reason_name(code: u16) -> Option<String> {
    ReasonCode::new(code).name().map(String::from)
}
