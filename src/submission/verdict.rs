//! The verdict on a submission: each entry's own verdict, and how each
//! message reached the reporter, apart from the reporter's claims.

use crate::context::Context;
use crate::conversation::ConversationVerdict;
use crate::media::VerifiedRange;
use crate::moderator::VerifiedReport;
use crate::platform::Keyring;

use super::{Claims, Membership, Submission, SubmissionError, verify_entries};

/// Entries the verdict [`SubmissionVerdict`] holds by default without `alloc`.
pub const DEFAULT_ENTRIES: usize = 4;

/// One verified entry: the verdict of its kind's own verifier.
#[derive(Clone)]
pub enum VerifiedEntry<'a> {
    /// A verified message report (SPEC.md 6).
    Message(VerifiedReport<'a>),
    /// A verified conversation report (SPEC.md 15.6): its messages in order, and the gaps.
    Conversation(ConversationVerdict<'a>),
    /// A verified attachment report, whole or a range (SPEC.md 14.6), with
    /// the verified report of the message that carried the attachment.
    Attachment(VerifiedRange<'a>),
}

/// Prints the kind and the range, never content.
impl core::fmt::Debug for VerifiedEntry<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            VerifiedEntry::Message(report) => f.debug_tuple("Message").field(report).finish(),
            VerifiedEntry::Conversation(_) => f.write_str("Conversation(..)"),
            VerifiedEntry::Attachment(range) => f
                .debug_struct("Attachment")
                .field("attachment", &range.attachment())
                .field("first_chunk", &range.first_chunk())
                .field("chunk_count", &range.chunk_count())
                .finish_non_exhaustive(),
        }
    }
}

/// How a verified message reached the reporter (SPEC.md 16.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Addressee {
    /// Its recipient is the reporter.
    Direct,
    /// The reporter sent it (its sender is the reporter): in a pairwise
    /// fan-out the sender holds a receipt per copy, each naming another
    /// member as recipient (SPEC.md 15.2), and reports its own messages for
    /// context.
    Sent,
    /// Its recipient is a room the membership records say the reporter
    /// belonged to when it was delivered.
    Room,
}

impl Addressee {
    /// The name in the test vectors: `direct` or `room`.
    pub const fn name(self) -> &'static str {
        match self {
            Addressee::Direct => "direct",
            Addressee::Sent => "sent",
            Addressee::Room => "room",
        }
    }
}

/// How a delivery reached `reporter` without asking the membership records:
/// directly, or as the reporter's own message; `None` if only room
/// membership can explain it.
pub(crate) fn addressee_of(delivery: &Context<'_>, reporter: &[u8]) -> Option<Addressee> {
    if delivery.recipient() == reporter {
        Some(Addressee::Direct)
    } else if delivery.sender() == reporter {
        Some(Addressee::Sent)
    } else {
        None
    }
}

impl<'a> VerifiedEntry<'a> {
    /// The entry's verified messages that show their content, in order:
    /// the report's message for a message or attachment report, every
    /// shown message for a conversation report (its stamp-only entries
    /// are in the conversation verdict's `entries`, and were checked for
    /// their addressee too).
    pub fn messages(&self) -> impl Iterator<Item = VerifiedReport<'a>> + '_ {
        let (single, conversation) = match self {
            VerifiedEntry::Message(report) => (Some(*report), None),
            VerifiedEntry::Conversation(verdict) => (None, Some(verdict.messages())),
            VerifiedEntry::Attachment(range) => (Some(*range.report()), None),
        };
        single.into_iter().chain(conversation.into_iter().flatten())
    }

    /// The entry's kind.
    pub fn kind(&self) -> super::EntryKind {
        match self {
            VerifiedEntry::Message(_) => super::EntryKind::Message,
            VerifiedEntry::Conversation(_) => super::EntryKind::Conversation,
            VerifiedEntry::Attachment(_) => super::EntryKind::Attachment,
        }
    }
}

/// What both verdict types answer.
macro_rules! verdict_methods {
    () => {
        /// The account that submitted the submission, as the platform
        /// authenticated it (the caller passed it): every message's
        /// recipient was checked against it.
        pub fn reporter(&self) -> &'a [u8] {
            self.reporter
        }

        /// What the reporter claims and nothing verifies: the reason, the
        /// note and the submission's reporter field.
        pub fn claims(&self) -> &Claims<'a> {
            &self.claims
        }

        /// How `message`, one of this verdict's messages, reached the
        /// reporter: [`Addressee::Direct`] if its recipient is the reporter,
        /// [`Addressee::Sent`] if the reporter sent it, otherwise
        /// [`Addressee::Room`] (verification asked the membership records).
        pub fn addressee(&self, message: &VerifiedReport<'_>) -> Addressee {
            addressee_of(message.context(), self.reporter).unwrap_or(Addressee::Room)
        }

        /// Every verified message, entries in order and messages in order
        /// within each, with its entry's index. Deduplicate each by
        /// [`VerifiedReport::report_id`] with [`reporter`](Self::reporter)
        /// (SPEC.md 6.2): a submission may repeat a message.
        pub fn messages(&self) -> impl Iterator<Item = (usize, VerifiedReport<'a>)> + '_ {
            self.entries()
                .iter()
                .enumerate()
                .flat_map(|(index, entry)| entry.messages().map(move |m| (index, m)))
        }
    };
}

/// A verified submission with room for `E` entries, no heap (SPEC.md 16.3).
///
/// Verified: each entry (what SPEC.md sections 6, 14.6 and 15.6 say its
/// verdict proves), and that every message was addressed to
/// [`reporter`](Self::reporter) or to a room it then belonged to. Claimed:
/// [`claims`](Self::claims), never verified. The moderator still
/// authenticates the reporter, deduplicates by report id and renders the
/// note as plain text.
///
/// A conversation entry of any length takes a few words: its verdict reads
/// its messages from the verified bytes. Verify into one verdict with
/// [`verify_into`](Self::verify_into) to reuse it.
#[derive(Clone)]
pub struct SubmissionVerdict<'a, const E: usize = DEFAULT_ENTRIES> {
    reporter: &'a [u8],
    claims: Claims<'a>,
    len: usize,
    entries: [VerifiedEntry<'a>; E],
}

impl<'a, const E: usize> SubmissionVerdict<'a, E> {
    /// Verifies `submission` (SPEC.md 16.3) at time `now`, submitted by
    /// `reporter` (the account as the platform authenticated it, never read
    /// from the submission), with the platform's room `membership` records.
    ///
    /// Errors, the first failing step deciding:
    /// [`SubmissionError::TooManyEntries`] for more than `E` entries, before
    /// any cryptography; [`SubmissionError::ReporterMismatch`] if the
    /// submission's reporter field is not `reporter`; then, entry by entry
    /// in order, [`SubmissionError::Entry`] with the error of the entry's own
    /// verifier ([`verify`](crate::moderator::verify),
    /// [`ConversationVerdict::verify`],
    /// [`verify_media_report`](crate::media::verify_media_report)) or
    /// [`SubmissionError::NotAddressed`] for its first message addressed
    /// neither to `reporter` nor to a room `membership` says it belonged to.
    pub fn verify<R: Membership + ?Sized>(
        keyring: &Keyring,
        now: u64,
        submission: &Submission<'a>,
        reporter: &'a [u8],
        membership: &R,
    ) -> Result<Self, SubmissionError> {
        let mut verdict = Self::empty(reporter);
        verdict.verify_into(keyring, now, submission, reporter, membership)?;
        Ok(verdict)
    }

    /// A verdict with no entries, to verify into with
    /// [`verify_into`](Self::verify_into).
    pub fn empty(reporter: &'a [u8]) -> Self {
        Self {
            reporter,
            claims: Claims {
                reason: super::ReasonCode::UNSPECIFIED,
                note: "",
                reporter: &[],
            },
            len: 0,
            entries: core::array::from_fn(
                |_| VerifiedEntry::Message(VerifiedReport::placeholder()),
            ),
        }
    }

    /// As [`verify`](Self::verify), but into this verdict, replacing what it
    /// held. On an error it holds no entry.
    pub fn verify_into<R: Membership + ?Sized>(
        &mut self,
        keyring: &Keyring,
        now: u64,
        submission: &Submission<'a>,
        reporter: &'a [u8],
        membership: &R,
    ) -> Result<(), SubmissionError> {
        self.len = 0;
        self.reporter = reporter;
        self.claims = submission.claims();
        if submission.len() > E {
            return Err(SubmissionError::TooManyEntries {
                count: submission.len(),
                capacity: E,
            });
        }
        let entries = &mut self.entries;
        let mut len = 0;
        verify_entries(keyring, now, submission, reporter, membership, |entry| {
            if let Some(slot) = entries.get_mut(len) {
                *slot = entry;
                len += 1;
            }
        })?;
        self.len = len;
        Ok(())
    }

    /// Every entry's verdict, in the submission's order.
    pub fn entries(&self) -> &[VerifiedEntry<'a>] {
        self.entries.get(..self.len).unwrap_or_default()
    }

    verdict_methods!();
}

/// Prints counts and the reason, never content or ids.
impl<const E: usize> core::fmt::Debug for SubmissionVerdict<'_, E> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("SubmissionVerdict")
            .field("entries", &self.len)
            .field("messages", &self.messages().count())
            .field("claims", &self.claims)
            .finish_non_exhaustive()
    }
}

/// A verified submission of any number of entries, on the heap. Proves what
/// [`SubmissionVerdict`] proves.
#[cfg(feature = "alloc")]
#[derive(Clone)]
pub struct SubmissionVerdictVec<'a> {
    reporter: &'a [u8],
    claims: Claims<'a>,
    entries: alloc::vec::Vec<VerifiedEntry<'a>>,
}

#[cfg(feature = "alloc")]
impl<'a> SubmissionVerdictVec<'a> {
    /// Verifies `submission` (SPEC.md 16.3); errors as for
    /// [`SubmissionVerdict::verify`], without a capacity limit.
    pub fn verify<R: Membership + ?Sized>(
        keyring: &Keyring,
        now: u64,
        submission: &Submission<'a>,
        reporter: &'a [u8],
        membership: &R,
    ) -> Result<Self, SubmissionError> {
        let mut entries = alloc::vec::Vec::with_capacity(submission.len());
        verify_entries(keyring, now, submission, reporter, membership, |entry| {
            entries.push(entry);
        })?;
        Ok(Self {
            reporter,
            claims: submission.claims(),
            entries,
        })
    }

    /// Every entry's verdict, in the submission's order.
    pub fn entries(&self) -> &[VerifiedEntry<'a>] {
        &self.entries
    }

    verdict_methods!();
}

/// Prints counts and the reason, never content or ids.
#[cfg(feature = "alloc")]
impl core::fmt::Debug for SubmissionVerdictVec<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("SubmissionVerdictVec")
            .field("entries", &self.entries.len())
            .field("messages", &self.messages().count())
            .field("claims", &self.claims)
            .finish_non_exhaustive()
    }
}
