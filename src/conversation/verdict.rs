//! The verdict on a conversation report: every message in order, and the gaps.

use crate::Error;
use crate::moderator::VerifiedReport;
use crate::platform::Keyring;

use super::{ConversationReport, verify_each};

/// Capacity of the verdict [`verify_conversation`](super::verify_conversation)
/// returns without `alloc`: at least the 30 messages of a Messenger report.
pub const DEFAULT_CAPACITY: usize = 32;

/// Messages missing between two consecutive reported messages: sequence
/// numbers `after + 1` to `before - 1`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Gap {
    /// The sequence number of the reported message before the gap.
    pub after: u64,
    /// The sequence number of the reported message after the gap.
    pub before: u64,
}

impl Gap {
    /// How many messages of the conversation are missing here (at least one).
    pub fn missing(&self) -> u64 {
        self.before - self.after - 1
    }
}

/// The gaps between consecutive messages of a verdict, in order.
#[derive(Clone, Debug)]
pub struct Gaps<'v, 'a> {
    messages: core::slice::Windows<'v, VerifiedReport<'a>>,
}

impl Iterator for Gaps<'_, '_> {
    type Item = Gap;

    fn next(&mut self) -> Option<Gap> {
        for pair in self.messages.by_ref() {
            if let [a, b] = pair
                && b.seq() > a.seq().saturating_add(1)
            {
                return Some(Gap {
                    after: a.seq(),
                    before: b.seq(),
                });
            }
        }
        None
    }
}

/// What both verdict types answer, from their messages.
macro_rules! verdict_methods {
    () => {
        /// The conversation every message belongs to: each stamp binds it.
        pub fn conversation(&self) -> &'a [u8] {
            self.conversation
        }

        /// Every message, in the platform's order (strictly increasing
        /// sequence number), each with its sender, recipient, time,
        /// sequence number, header and message.
        pub fn messages(&self) -> &[VerifiedReport<'a>] {
            self.slice()
        }

        /// The gaps: where messages of the conversation between the first
        /// and the last reported one are left out.
        pub fn gaps(&self) -> Gaps<'_, 'a> {
            Gaps {
                messages: self.slice().windows(2),
            }
        }

        /// Whether no message between the first and the last reported one is
        /// left out. A reporter who picked messages out of their context
        /// cannot make this `true`.
        pub fn is_contiguous(&self) -> bool {
            self.gaps().next().is_none()
        }

        /// How many messages are left out in all gaps together.
        pub fn missing(&self) -> u64 {
            self.gaps()
                .fold(0u64, |sum, gap| sum.saturating_add(gap.missing()))
        }
    };
}

/// A verified conversation report with room for `N` messages, no heap.
///
/// Proves (SPEC.md 15.6): every message is genuine (its sender sent exactly
/// it, and the platform accepted it at its time); all belong to
/// [`conversation`](Self::conversation); their order is the platform's; and
/// exactly the [`gaps`](Self::gaps) listed exist between the first and the
/// last. It proves nothing about messages before the first or after the
/// last, nor why a gap exists (not a member then, deleted, or withheld).
#[derive(Clone)]
pub struct ConversationVerdict<'a, const N: usize> {
    conversation: &'a [u8],
    len: usize,
    messages: [VerifiedReport<'a>; N],
}

impl<'a, const N: usize> ConversationVerdict<'a, N> {
    /// Verifies `report` (SPEC.md 15.6) at time `now`.
    ///
    /// [`Error::TooManyMessages`] if it holds more than `N` messages, before
    /// any cryptography; then the errors of
    /// [`verify`](crate::moderator::verify) for the first message that fails
    /// a public check; then one [`Error::Invalid`] if any commitment or
    /// stamp fails, without saying which.
    pub fn verify(
        keyring: &Keyring,
        now: u64,
        report: &ConversationReport<'a>,
    ) -> Result<Self, Error> {
        let mut verdict = Self::empty(report.conversation());
        verdict.verify_into(keyring, now, report)?;
        Ok(verdict)
    }

    /// A verdict with no messages, to verify into with
    /// [`verify_into`](Self::verify_into).
    pub fn empty(conversation: &'a [u8]) -> Self {
        Self {
            conversation,
            len: 0,
            messages: [VerifiedReport::placeholder(); N],
        }
    }

    /// As [`verify`](Self::verify), but into this verdict, replacing what it
    /// held: a moderator that verifies many reports reuses one verdict and
    /// never moves its `N` messages. On an error it holds no message.
    pub fn verify_into(
        &mut self,
        keyring: &Keyring,
        now: u64,
        report: &ConversationReport<'a>,
    ) -> Result<(), Error> {
        self.len = 0;
        self.conversation = report.conversation();
        if report.len() > N {
            return Err(Error::TooManyMessages {
                count: report.len(),
                capacity: N,
            });
        }
        let messages = &mut self.messages;
        let mut len = 0;
        verify_each(keyring, now, report, |message| {
            if let Some(slot) = messages.get_mut(len) {
                *slot = message;
                len += 1;
            }
        })?;
        self.len = len;
        Ok(())
    }

    fn slice(&self) -> &[VerifiedReport<'a>] {
        self.messages.get(..self.len).unwrap_or_default()
    }

    verdict_methods!();
}

/// Prints the count and the gaps, never content.
impl<const N: usize> core::fmt::Debug for ConversationVerdict<'_, N> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ConversationVerdict")
            .field("messages", &self.len)
            .field("missing", &self.missing())
            .finish_non_exhaustive()
    }
}

/// A verified conversation report of any length, on the heap. Proves what
/// [`ConversationVerdict`] proves.
#[cfg(feature = "alloc")]
#[derive(Clone)]
pub struct ConversationVerdictVec<'a> {
    conversation: &'a [u8],
    messages: alloc::vec::Vec<VerifiedReport<'a>>,
}

#[cfg(feature = "alloc")]
impl<'a> ConversationVerdictVec<'a> {
    /// Verifies `report` (SPEC.md 15.6) at time `now`; errors as for
    /// [`ConversationVerdict::verify`], without a capacity limit.
    pub fn verify(
        keyring: &Keyring,
        now: u64,
        report: &ConversationReport<'a>,
    ) -> Result<Self, Error> {
        let mut messages = alloc::vec::Vec::with_capacity(report.len());
        verify_each(keyring, now, report, |message| messages.push(message))?;
        Ok(Self {
            conversation: report.conversation(),
            messages,
        })
    }

    fn slice(&self) -> &[VerifiedReport<'a>] {
        &self.messages
    }

    verdict_methods!();
}

/// Prints the count and the gaps, never content.
#[cfg(feature = "alloc")]
impl core::fmt::Debug for ConversationVerdictVec<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ConversationVerdictVec")
            .field("messages", &self.messages.len())
            .field("missing", &self.missing())
            .finish_non_exhaustive()
    }
}
