//! Report submissions (SPEC.md section 16): everything a reporter sends a
//! moderator in one piece, the evidence (any mix of message, conversation
//! and attachment reports) with why it is reported and who reports it.
//!
//! The reporter's client encodes its reports as [`SubmissionEntry`]s with
//! [`Submission::encode_into`]. The moderator decodes with
//! [`Submission::decode`] and verifies with [`SubmissionVerdict::verify`]
//! (no heap) or, with `alloc`, [`SubmissionVerdictVec::verify`], passing the
//! account that submitted it as the platform authenticated it and the
//! platform's room membership records ([`Membership`]). The verdict keeps
//! what is verified (each entry's own verdict, and how each message reached
//! the reporter) apart from what the reporter only claims ([`Claims`]: the
//! reason, the note and the reporter field).
//!
//! ```
//! use franking::submission::{NoMembership, ReasonCode, SubmissionEntry, SubmissionVerdict};
//! use franking::{Context, KeyId, KeyInterval, Keyring, PlatformKey, Submission};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let mut rng = rand::rng();
//! let key = PlatformKey::generate(KeyId::new(1), KeyInterval::starting_at(0), &mut rng)?;
//! let keyring = Keyring::new(key, 30 * 86_400);
//! let now = 1_760_000_000;
//!
//! // bob received a message from alice and keeps its evidence.
//! let (opening, tag) = franking::commit_with_rng(&mut rng, b"", b"you'll regret this")?;
//! let opened = franking::verify_commitment(b"", b"you'll regret this", opening, &tag)?;
//! let context = Context::new(b"u:alice", b"u:bob", now - 60, b"m-1")?;
//! let stamp = keyring.stamp(&tag, &context)?;
//! let report = opened.report(&context, &stamp);
//! let mut encoded = vec![0u8; report.encoded_len()];
//! report.encode_into(&mut encoded)?;
//!
//! // bob submits it, with why.
//! let entries = [SubmissionEntry::message(&encoded)];
//! let mut bytes = vec![0u8; Submission::encoded_len(b"u:bob", "again", &entries)?];
//! Submission::encode_into(ReasonCode::THREATS_OR_VIOLENCE, b"u:bob", "again", &entries, &mut bytes)?;
//!
//! // The moderator, with the account its platform authenticated.
//! let submission = Submission::decode(&bytes)?;
//! let verdict: SubmissionVerdict<'_> =
//!     SubmissionVerdict::verify(&keyring, now, &submission, b"u:bob", &NoMembership)?;
//! let (_, message) = verdict.messages().next().unwrap();
//! assert_eq!(message.sender(), b"u:alice");
//! assert_eq!(verdict.claims().reason(), ReasonCode::THREATS_OR_VIOLENCE); // a claim
//! # Ok(())
//! # }
//! ```

use core::fmt;

use crate::Error;
use crate::context::Context;
use crate::conversation::{ConversationReport, ConversationVerdict};
use crate::media::verify_media_report;
use crate::moderator::verify;
use crate::platform::Keyring;
use crate::report::Report;
use crate::wire::submission::next_frame;

mod reason;
mod verdict;

pub use reason::ReasonCode;
#[cfg(feature = "alloc")]
pub use verdict::SubmissionVerdictVec;
use verdict::addressee_of;
pub use verdict::{Addressee, DEFAULT_ENTRIES, SubmissionVerdict, VerifiedEntry};

/// What an entry of a submission carries (SPEC.md 16.1): its kind byte.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum EntryKind {
    /// `0x01`: a message report (SPEC.md 5.6).
    Message,
    /// `0x02`: a conversation report (SPEC.md 15.5).
    Conversation,
    /// `0x03`: an attachment report, whole or a range of chunks (SPEC.md 14.6).
    Attachment,
}

impl EntryKind {
    /// The kind byte on the wire.
    pub const fn as_byte(self) -> u8 {
        match self {
            EntryKind::Message => 0x01,
            EntryKind::Conversation => 0x02,
            EntryKind::Attachment => 0x03,
        }
    }

    /// The kind of a kind byte; `None` for a byte SPEC.md 16.1 does not assign.
    pub const fn from_byte(byte: u8) -> Option<Self> {
        match byte {
            0x01 => Some(EntryKind::Message),
            0x02 => Some(EntryKind::Conversation),
            0x03 => Some(EntryKind::Attachment),
            _ => None,
        }
    }

    /// The kind's name in the test vectors: `message`, `conversation`, `attachment`.
    pub const fn name(self) -> &'static str {
        match self {
            EntryKind::Message => "message",
            EntryKind::Conversation => "conversation",
            EntryKind::Attachment => "attachment",
        }
    }
}

/// One entry of a submission: a report's encoding and its kind. **Unverified**.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct SubmissionEntry<'a> {
    kind: EntryKind,
    bytes: &'a [u8],
}

impl<'a> SubmissionEntry<'a> {
    pub(crate) fn new(kind: EntryKind, bytes: &'a [u8]) -> Self {
        Self { kind, bytes }
    }

    /// A message report's encoding (SPEC.md 5.6, from [`Report::encode_into`]).
    pub fn message(bytes: &'a [u8]) -> Self {
        Self::new(EntryKind::Message, bytes)
    }

    /// A conversation report's encoding (SPEC.md 15.5, from
    /// [`ConversationReport::encode_into`]).
    pub fn conversation(bytes: &'a [u8]) -> Self {
        Self::new(EntryKind::Conversation, bytes)
    }

    /// An attachment report's encoding, whole or a range, head and chunks
    /// (SPEC.md 14.6, from [`MediaReportHead::encode_into`](crate::wire::MediaReportHead::encode_into)
    /// and the chunk records).
    pub fn attachment(bytes: &'a [u8]) -> Self {
        Self::new(EntryKind::Attachment, bytes)
    }

    /// What the entry carries.
    pub fn kind(&self) -> EntryKind {
        self.kind
    }

    /// The report's encoding.
    pub fn bytes(&self) -> &'a [u8] {
        self.bytes
    }
}

/// Prints the kind and length only: entries carry reported content.
impl fmt::Debug for SubmissionEntry<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SubmissionEntry")
            .field("kind", &self.kind)
            .field("len", &self.bytes.len())
            .finish()
    }
}

/// A report submission as it travels (SPEC.md 16.1). **Unverified**: every
/// field is the reporter's word until [`SubmissionVerdict::verify`] checks
/// the entries. A view: decoding borrows every field and copies nothing.
#[derive(Clone, Copy)]
pub struct Submission<'a> {
    reason: ReasonCode,
    reporter: &'a [u8],
    note: &'a str,
    count: usize,
    entries: &'a [u8],
}

impl<'a> Submission<'a> {
    /// Only `decode` makes one, after checking every entry.
    pub(crate) fn new(
        reason: ReasonCode,
        reporter: &'a [u8],
        note: &'a str,
        count: usize,
        entries: &'a [u8],
    ) -> Self {
        Self {
            reason,
            reporter,
            note,
            count,
            entries,
        }
    }

    /// The reason code the reporter gives (a claim).
    pub fn reason(&self) -> ReasonCode {
        self.reason
    }

    /// The account the reporter says it is (a claim: the platform's
    /// authentication of the submitting account is what counts).
    pub fn reporter(&self) -> &'a [u8] {
        self.reporter
    }

    /// The reporter's free-text note (a claim; arbitrary UTF-8).
    pub fn note(&self) -> &'a str {
        self.note
    }

    /// How many entries it carries (at least one).
    pub fn len(&self) -> usize {
        self.count
    }

    /// Always `false`: a submission carries at least one entry.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The entries, in order (unverified).
    pub fn entries(&self) -> Entries<'a> {
        Entries {
            rest: self.entries,
            left: self.count,
        }
    }

    /// The claims, apart from the evidence.
    pub fn claims(&self) -> Claims<'a> {
        Claims {
            reason: self.reason,
            note: self.note,
            reporter: self.reporter,
        }
    }
}

/// Prints the reason, lengths and the count only.
impl fmt::Debug for Submission<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Submission")
            .field("reason", &self.reason)
            .field("reporter_len", &self.reporter.len())
            .field("note_len", &self.note.len())
            .field("entries", &self.count)
            .finish()
    }
}

/// The entries of a [`Submission`], in order.
#[derive(Clone)]
pub struct Entries<'a> {
    rest: &'a [u8],
    left: usize,
}

impl<'a> Iterator for Entries<'a> {
    type Item = SubmissionEntry<'a>;

    fn next(&mut self) -> Option<SubmissionEntry<'a>> {
        self.left = self.left.checked_sub(1)?;
        // Decoding checked every frame, so this read cannot fail.
        next_frame(&mut self.rest)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

/// What the reporter says, and nothing verifies (SPEC.md 16.3): the reason,
/// the note and the reporter field of the submission. Show them as the
/// reporter's words, and the note as plain text.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Claims<'a> {
    reason: ReasonCode,
    note: &'a str,
    reporter: &'a [u8],
}

impl<'a> Claims<'a> {
    /// The reason code the reporter gives.
    pub fn reason(&self) -> ReasonCode {
        self.reason
    }

    /// The reporter's note: arbitrary UTF-8, control and bidirectional
    /// characters included. Render it as plain text, never as markup.
    pub fn note(&self) -> &'a str {
        self.note
    }

    /// The reporter field of the submission. After verification it equals
    /// the authenticated account, because verification compared them; the
    /// authenticated account ([`SubmissionVerdict::reporter`]) is what counts.
    pub fn reporter(&self) -> &'a [u8] {
        self.reporter
    }
}

/// Prints the reason and lengths: the note is user content.
impl fmt::Debug for Claims<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Claims")
            .field("reason", &self.reason)
            .field("note_len", &self.note.len())
            .field("reporter_len", &self.reporter.len())
            .finish()
    }
}

/// The platform's room membership records, as the moderator consults them
/// (SPEC.md 15.4, 16.3).
///
/// Membership is application data the crate cannot know. Implement it over
/// the records the platform keeps to deliver messages (joins and leaves, each
/// at the conversation's counter value when it happened), or pass a closure
/// `|room, reporter, message| -> bool`. A moderator without such records
/// passes [`NoMembership`]: then only messages whose recipient is the
/// reporter itself verify.
pub trait Membership {
    /// Whether `reporter` was a member of room `room` when the message whose
    /// verified delivery context is `delivery` was delivered: at
    /// `delivery.seq()` of `delivery.conversation()` (or, for a platform
    /// that keeps time-based records, at `delivery.timestamp()`). `room` is
    /// the message's verified recipient; answer `false` for an id that is
    /// not a room. Asked for shown messages and stamp-only entries alike.
    fn is_member(&self, room: &[u8], reporter: &[u8], delivery: &Context<'_>) -> bool;
}

impl<F> Membership for F
where
    F: Fn(&[u8], &[u8], &Context<'_>) -> bool,
{
    fn is_member(&self, room: &[u8], reporter: &[u8], delivery: &Context<'_>) -> bool {
        self(room, reporter, delivery)
    }
}

/// No membership records: every room membership is answered `false`, so
/// only messages addressed to the reporter itself verify.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoMembership;

impl Membership for NoMembership {
    fn is_member(&self, _: &[u8], _: &[u8], _: &Context<'_>) -> bool {
        false
    }
}

/// Why a submission was refused (SPEC.md 16.1, 16.3). The first failing
/// part decides; errors of an entry carry its index.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SubmissionError {
    /// The submission's own fields: label, version, reason, reporter, note,
    /// count, trailing bytes, or an encoder's output buffer.
    Encoding(Error),
    /// Entry `index` (from 0): its frame, or its kind's decoder or verifier
    /// (SPEC.md 5.6 and 6, 14.6, 15.5 and 15.6) refused it with `error`.
    Entry {
        /// The entry's position in the submission, from 0.
        index: usize,
        /// The error, as the entry's own decoder or verifier returns it.
        error: Error,
    },
    /// The submission's reporter field names another account than the one
    /// that submitted it (as the platform authenticated it).
    ReporterMismatch,
    /// Entry `index` verified, but its message at position `message` (from 0;
    /// 0 for a message or attachment report) was addressed neither to the
    /// reporter nor to a room the reporter belonged to then.
    NotAddressed {
        /// The entry's position in the submission, from 0.
        index: usize,
        /// The message's position in the entry, from 0.
        message: usize,
    },
    /// The submission holds more entries than the verdict can hold (a
    /// fixed-capacity verdict without `alloc`), refused before any
    /// cryptography.
    TooManyEntries {
        /// Entries in the submission.
        count: usize,
        /// Entries the verdict holds at most.
        capacity: usize,
    },
}

impl SubmissionError {
    /// The index of the entry the error names, if it names one.
    pub const fn entry(&self) -> Option<usize> {
        match *self {
            SubmissionError::Entry { index, .. } | SubmissionError::NotAddressed { index, .. } => {
                Some(index)
            }
            _ => None,
        }
    }

    /// The error's name as the test vectors spell it: the crate error's kind
    /// for [`Encoding`](Self::Encoding) and [`Entry`](Self::Entry)
    /// (`"Invalid"`), otherwise the variant's name (`"NotAddressed"`).
    pub const fn name(&self) -> &'static str {
        match self {
            SubmissionError::Encoding(error) | SubmissionError::Entry { error, .. } => {
                error.kind().name()
            }
            SubmissionError::ReporterMismatch => "ReporterMismatch",
            SubmissionError::NotAddressed { .. } => "NotAddressed",
            SubmissionError::TooManyEntries { .. } => "TooManyEntries",
        }
    }
}

impl fmt::Display for SubmissionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SubmissionError::Encoding(error) => write!(f, "submission: {error}"),
            SubmissionError::Entry { index, error } => {
                write!(f, "submission entry {index}: {error}")
            }
            SubmissionError::ReporterMismatch => f.write_str(
                "the submission names another reporter than the account that submitted it",
            ),
            SubmissionError::NotAddressed { index, message } => write!(
                f,
                "submission entry {index}, message {message}: addressed neither to the reporter nor to a room it belonged to"
            ),
            SubmissionError::TooManyEntries { count, capacity } => write!(
                f,
                "submission of {count} entries exceeds the verdict's capacity of {capacity}"
            ),
        }
    }
}

impl core::error::Error for SubmissionError {}

/// Steps 2 and 3 of SPEC.md 16.3: the reporter field, then every entry in
/// order, each verified by its kind's own verifier and then checked for its
/// addressees, handing each verified entry to `keep`. The first failing
/// entry decides; the callers drop what `keep` saw on an error.
pub(crate) fn verify_entries<'a, M>(
    keyring: &Keyring,
    now: u64,
    submission: &Submission<'a>,
    reporter: &[u8],
    membership: &M,
    mut keep: impl FnMut(VerifiedEntry<'a>),
) -> Result<(), SubmissionError>
where
    M: Membership + ?Sized,
{
    // An empty account id would pass every message with an empty recipient
    // (SPEC.md 16.4): no authenticated account has one.
    if reporter.is_empty() || submission.reporter() != reporter {
        return Err(SubmissionError::ReporterMismatch);
    }
    for (index, entry) in submission.entries().enumerate() {
        let failed = |error| SubmissionError::Entry { index, error };
        let verified = match entry.kind() {
            EntryKind::Message => Report::decode(entry.bytes())
                .and_then(|report| verify(keyring, now, &report))
                .map(VerifiedEntry::Message),
            EntryKind::Conversation => ConversationReport::decode(entry.bytes())
                .and_then(|report| ConversationVerdict::verify(keyring, now, &report))
                .map(VerifiedEntry::Conversation),
            EntryKind::Attachment => {
                verify_media_report(keyring, now, entry.bytes()).map(VerifiedEntry::Attachment)
            }
        }
        .map_err(failed)?;
        // Every position the entry shows, stamp-only entries included: each
        // reached the reporter directly, was sent by it, or went to a room
        // the reporter then belonged to.
        let addressed = |message: usize, delivery: &Context<'_>| {
            if addressee_of(delivery, reporter).is_some()
                || membership.is_member(delivery.recipient(), reporter, delivery)
            {
                Ok(())
            } else {
                Err(SubmissionError::NotAddressed { index, message })
            }
        };
        match &verified {
            VerifiedEntry::Message(report) => addressed(0, report.context())?,
            VerifiedEntry::Attachment(range) => addressed(0, range.report().context())?,
            VerifiedEntry::Conversation(verdict) => {
                for (message, entry) in verdict.entries().enumerate() {
                    addressed(message, entry.context())?;
                }
            }
        }
        keep(verified);
    }
    Ok(())
}
