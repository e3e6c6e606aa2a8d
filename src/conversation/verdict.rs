//! The verdict on a conversation report: every entry in order, and the gaps.

use crate::Error;
use crate::moderator::VerifiedReport;
use crate::platform::Keyring;

use super::entry::{VerifiedEntry, VerifiedStamp};
use super::{ConversationReport, verify_each};

/// Capacity of the verdict [`verify_conversation`](super::verify_conversation)
/// returns: at least the 100 most recent messages Messenger's reporting flow
/// attaches, with room for stamp-only entries. Without `alloc` a longer
/// report is refused; with `alloc` it goes to the heap.
pub const DEFAULT_CAPACITY: usize = 128;

/// Messages missing between two consecutive reported entries: sequence
/// numbers `after + 1` to `before - 1`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Gap {
    /// The sequence number of the reported entry before the gap.
    pub after: u64,
    /// The sequence number of the reported entry after the gap.
    pub before: u64,
}

impl Gap {
    /// How many messages of the conversation are missing here: at least one
    /// in a gap of a verdict; 0 for a hand-made `Gap` whose `before` is not
    /// above `after + 1` (the arithmetic saturates, it never wraps).
    pub fn missing(&self) -> u64 {
        self.before.saturating_sub(self.after).saturating_sub(1)
    }
}

/// The gaps between consecutive entries of a verdict, in order.
#[derive(Clone, Debug)]
pub struct Gaps<'v, 'a> {
    entries: core::slice::Windows<'v, VerifiedEntry<'a>>,
}

impl Iterator for Gaps<'_, '_> {
    type Item = Gap;

    fn next(&mut self) -> Option<Gap> {
        for pair in self.entries.by_ref() {
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

/// The entries of a verdict that show their content, in order.
#[derive(Clone, Debug)]
pub struct Messages<'v, 'a> {
    entries: core::slice::Iter<'v, VerifiedEntry<'a>>,
}

impl<'v, 'a> Iterator for Messages<'v, 'a> {
    type Item = &'v VerifiedReport<'a>;

    fn next(&mut self) -> Option<Self::Item> {
        self.entries.by_ref().find_map(VerifiedEntry::message)
    }
}

/// The stamp-only entries of a verdict, in order.
#[derive(Clone, Debug)]
pub struct StampsOnly<'v, 'a> {
    entries: core::slice::Iter<'v, VerifiedEntry<'a>>,
}

impl<'v, 'a> Iterator for StampsOnly<'v, 'a> {
    type Item = &'v VerifiedStamp<'a>;

    fn next(&mut self) -> Option<Self::Item> {
        self.entries.by_ref().find_map(|entry| match entry {
            VerifiedEntry::StampOnly(stamp) => Some(stamp),
            VerifiedEntry::Message(_) => None,
        })
    }
}

/// What both verdict types answer, from their entries.
macro_rules! verdict_methods {
    () => {
        /// The conversation every entry belongs to: each stamp binds it.
        pub fn conversation(&self) -> &'a [u8] {
            self.conversation
        }

        /// Every entry, in the platform's order (strictly increasing
        /// sequence number), each with its sender, recipient, time and
        /// sequence number, and for a message its header and content.
        pub fn entries(&self) -> &[VerifiedEntry<'a>] {
            self.slice()
        }

        /// The entries that show their content, in order.
        pub fn messages(&self) -> Messages<'_, 'a> {
            Messages {
                entries: self.slice().iter(),
            }
        }

        /// The stamp-only entries, in order: "a message from `sender` at
        /// `seq`, content not shown". Each either did not open for the
        /// reporter or was withheld by it, and the moderator cannot tell
        /// which (SPEC.md 15.6): weigh it like a gap whose sender and
        /// position are known, not as evidence against its sender.
        pub fn stamps_only(&self) -> StampsOnly<'_, 'a> {
            StampsOnly {
                entries: self.slice().iter(),
            }
        }

        /// The gaps: where messages of the conversation between the first
        /// and the last reported entry are left out. A stamp-only entry is
        /// not a gap: it names the sender of the message at its position.
        pub fn gaps(&self) -> Gaps<'_, 'a> {
            Gaps {
                entries: self.slice().windows(2),
            }
        }

        /// Whether every position between the first and the last reported
        /// entry is present, shown or stamp-only (no [`gaps`](Self::gaps)).
        /// A stamp-only entry counts as present, so a reporter can hide the
        /// content of any message in the run (the accused's replies, its own
        /// provocations) and this stays `true`: hiding content shows in
        /// [`stamps_only`](Self::stamps_only) and
        /// [`is_complete`](Self::is_complete), not here.
        pub fn is_contiguous(&self) -> bool {
            self.gaps().next().is_none()
        }

        /// Whether every message between the first and the last reported
        /// entry is shown with its content: no gap and no stamp-only entry.
        /// Only then has the reporter withheld nothing inside the run.
        pub fn is_complete(&self) -> bool {
            self.is_contiguous() && self.stamps_only().next().is_none()
        }

        /// How many messages are left out in all gaps together.
        pub fn missing(&self) -> u64 {
            self.gaps()
                .fold(0u64, |sum, gap| sum.saturating_add(gap.missing()))
        }
    };
}

/// A verified conversation report with room for `N` entries inline; with
/// `alloc`, a longer report goes to the heap.
///
/// Proves (SPEC.md 15.6): every message is genuine (its sender sent exactly
/// it, and the platform accepted it at its time); every stamp-only entry is
/// a message its sender sent at that position, content not shown; all
/// belong to [`conversation`](Self::conversation); their order is the
/// platform's; and exactly the [`gaps`](Self::gaps) listed exist between the
/// first and the last. It proves nothing about messages before the first or
/// after the last, nor why a gap exists (not a member then, deleted, or
/// withheld), nor why a stamp-only entry shows no content (it did not open
/// for the reporter, or the reporter withheld it: indistinguishable).
/// [`is_contiguous`](Self::is_contiguous) means no gap;
/// [`is_complete`](Self::is_complete) means no gap and no stamp-only entry.
#[derive(Clone)]
pub struct ConversationVerdict<'a, const N: usize> {
    conversation: &'a [u8],
    len: usize,
    entries: [VerifiedEntry<'a>; N],
    /// A report longer than `N`; empty (no allocation) otherwise.
    #[cfg(feature = "alloc")]
    spilled: alloc::vec::Vec<VerifiedEntry<'a>>,
}

impl<'a, const N: usize> ConversationVerdict<'a, N> {
    /// Verifies `report` (SPEC.md 15.6) at time `now`, with a keyring of any
    /// capacity `K`.
    ///
    /// Without `alloc`, [`Error::TooManyMessages`] if it holds more than `N`
    /// entries, before any cryptography. Then the errors of
    /// [`verify`](crate::moderator::verify) for the first entry that fails a
    /// public check; then one [`Error::Invalid`] if any commitment or stamp
    /// fails, without saying which.
    pub fn verify<const K: usize>(
        keyring: &Keyring<K>,
        now: u64,
        report: &ConversationReport<'a>,
    ) -> Result<Self, Error> {
        let mut verdict = Self::empty(report.conversation());
        verdict.verify_into(keyring, now, report)?;
        Ok(verdict)
    }

    /// A verdict with no entries, to verify into with
    /// [`verify_into`](Self::verify_into).
    pub fn empty(conversation: &'a [u8]) -> Self {
        Self {
            conversation,
            len: 0,
            entries: [VerifiedEntry::placeholder(); N],
            #[cfg(feature = "alloc")]
            spilled: alloc::vec::Vec::new(),
        }
    }

    /// As [`verify`](Self::verify), but into this verdict, replacing what it
    /// held: a moderator that verifies many reports reuses one verdict and
    /// never moves its `N` entries. On an error it holds no entry.
    pub fn verify_into<const K: usize>(
        &mut self,
        keyring: &Keyring<K>,
        now: u64,
        report: &ConversationReport<'a>,
    ) -> Result<(), Error> {
        self.len = 0;
        self.conversation = report.conversation();
        #[cfg(feature = "alloc")]
        {
            self.spilled.clear();
            if report.len() > N {
                self.spilled.reserve_exact(report.len());
                let spilled = &mut self.spilled;
                let result = verify_each(keyring, now, report, |entry| spilled.push(entry));
                if result.is_err() {
                    self.spilled.clear();
                }
                return result;
            }
        }
        if report.len() > N {
            return Err(Error::TooManyMessages {
                count: report.len(),
                capacity: N,
            });
        }
        let entries = &mut self.entries;
        let mut len = 0;
        verify_each(keyring, now, report, |entry| {
            if let Some(slot) = entries.get_mut(len) {
                *slot = entry;
                len += 1;
            }
        })?;
        self.len = len;
        Ok(())
    }

    fn slice(&self) -> &[VerifiedEntry<'a>] {
        #[cfg(feature = "alloc")]
        if !self.spilled.is_empty() {
            return &self.spilled;
        }
        self.entries.get(..self.len).unwrap_or_default()
    }

    verdict_methods!();
}

/// Prints the counts and the gaps, never content.
impl<const N: usize> core::fmt::Debug for ConversationVerdict<'_, N> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ConversationVerdict")
            .field("entries", &self.slice().len())
            .field("stamps_only", &self.stamps_only().count())
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
    entries: alloc::vec::Vec<VerifiedEntry<'a>>,
}

#[cfg(feature = "alloc")]
impl<'a> ConversationVerdictVec<'a> {
    /// Verifies `report` (SPEC.md 15.6) at time `now`; errors as for
    /// [`ConversationVerdict::verify`], without a capacity limit.
    pub fn verify<const K: usize>(
        keyring: &Keyring<K>,
        now: u64,
        report: &ConversationReport<'a>,
    ) -> Result<Self, Error> {
        let mut entries = alloc::vec::Vec::with_capacity(report.len());
        verify_each(keyring, now, report, |entry| entries.push(entry))?;
        Ok(Self {
            conversation: report.conversation(),
            entries,
        })
    }

    fn slice(&self) -> &[VerifiedEntry<'a>] {
        &self.entries
    }

    verdict_methods!();
}

/// Prints the counts and the gaps, never content.
#[cfg(feature = "alloc")]
impl core::fmt::Debug for ConversationVerdictVec<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ConversationVerdictVec")
            .field("entries", &self.entries.len())
            .field("stamps_only", &self.stamps_only().count())
            .field("missing", &self.missing())
            .finish_non_exhaustive()
    }
}
