//! The verdict on a conversation report: every entry in order, and the gaps.
//!
//! A verdict keeps the verified report's bytes, not a copy of its entries:
//! it costs three words whatever the report's length, needs no heap and no
//! capacity, and reads each entry again (no cryptography, the bytes were
//! decoded and verified) when asked.

use crate::Error;
use crate::moderator::VerifiedReport;
use crate::platform::Keyring;

use super::entry::{VerifiedEntry, VerifiedStamp};
use super::{ConversationReport, Entries, verify_each};

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

/// A verified conversation report of any length, without heap.
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
///
/// Only [`verify`](Self::verify) (or
/// [`verify_conversation`](super::verify_conversation)) makes one.
#[derive(Clone, Copy)]
pub struct ConversationVerdict<'a> {
    /// Verified: every entry of it passed SPEC.md 15.6.
    report: ConversationReport<'a>,
}

impl<'a> ConversationVerdict<'a> {
    /// Verifies `report` (SPEC.md 15.6) at time `now`, with a keyring of any
    /// capacity `K`.
    ///
    /// The errors of [`verify`](crate::moderator::verify) for the first
    /// entry that fails a public check; then one [`Error::Invalid`] if any
    /// commitment or stamp fails, without saying which.
    pub fn verify<const K: usize>(
        keyring: &Keyring<K>,
        now: u64,
        report: &ConversationReport<'a>,
    ) -> Result<Self, Error> {
        verify_each(keyring, now, report)?;
        Ok(Self { report: *report })
    }

    /// The conversation every entry belongs to: each stamp binds it.
    pub fn conversation(&self) -> &'a [u8] {
        self.report.conversation()
    }

    /// How many entries, shown or stamp-only.
    pub fn len(&self) -> usize {
        self.report.len()
    }

    /// Whether the report has no entry (the encoding allows none; such a
    /// verdict proves nothing).
    pub fn is_empty(&self) -> bool {
        self.report.is_empty()
    }

    /// Every entry, in the platform's order (strictly increasing sequence
    /// number), each with its sender, recipient, time and sequence number,
    /// and for a message its header and content.
    pub fn entries(&self) -> VerifiedEntries<'a> {
        VerifiedEntries {
            entries: self.report.entries(),
        }
    }

    /// The entries that show their content, in order.
    pub fn messages(&self) -> Messages<'a> {
        Messages {
            entries: self.entries(),
        }
    }

    /// The stamp-only entries, in order: "a message from `sender` at
    /// `seq`, content not shown". Each either did not open for the
    /// reporter or was withheld by it, and the moderator cannot tell
    /// which (SPEC.md 15.6): weigh it like a gap whose sender and
    /// position are known, not as evidence against its sender.
    pub fn stamps_only(&self) -> StampsOnly<'a> {
        StampsOnly {
            entries: self.entries(),
        }
    }

    /// The gaps: where messages of the conversation between the first
    /// and the last reported entry are left out. A stamp-only entry is
    /// not a gap: it names the sender of the message at its position.
    pub fn gaps(&self) -> Gaps<'a> {
        let mut entries = self.entries();
        let previous = entries.next().map(|entry| entry.seq());
        Gaps { entries, previous }
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
}

/// Prints the counts and the gaps, never content.
impl core::fmt::Debug for ConversationVerdict<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ConversationVerdict")
            .field("entries", &self.len())
            .field("stamps_only", &self.stamps_only().count())
            .field("missing", &self.missing())
            .finish_non_exhaustive()
    }
}

/// The entries of a [`ConversationVerdict`], in order.
#[derive(Clone)]
pub struct VerifiedEntries<'a> {
    /// Entries of a verified report, and only of one.
    entries: Entries<'a>,
}

impl<'a> Iterator for VerifiedEntries<'a> {
    type Item = VerifiedEntry<'a>;

    fn next(&mut self) -> Option<VerifiedEntry<'a>> {
        self.entries.next().map(VerifiedEntry::of_verified)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.entries.size_hint()
    }
}

impl ExactSizeIterator for VerifiedEntries<'_> {}

impl core::iter::FusedIterator for VerifiedEntries<'_> {}

/// Prints how many entries are left, never content.
impl core::fmt::Debug for VerifiedEntries<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("VerifiedEntries")
            .field("left", &self.len())
            .finish()
    }
}

/// The gaps between consecutive entries of a verdict, in order.
#[derive(Clone, Debug)]
pub struct Gaps<'a> {
    entries: VerifiedEntries<'a>,
    previous: Option<u64>,
}

impl Iterator for Gaps<'_> {
    type Item = Gap;

    fn next(&mut self) -> Option<Gap> {
        for entry in self.entries.by_ref() {
            let after = self.previous.replace(entry.seq())?;
            if entry.seq() > after.saturating_add(1) {
                return Some(Gap {
                    after,
                    before: entry.seq(),
                });
            }
        }
        None
    }
}

impl core::iter::FusedIterator for Gaps<'_> {}

/// The entries of a verdict that show their content, in order.
#[derive(Clone, Debug)]
pub struct Messages<'a> {
    entries: VerifiedEntries<'a>,
}

impl<'a> Iterator for Messages<'a> {
    type Item = VerifiedReport<'a>;

    fn next(&mut self) -> Option<Self::Item> {
        self.entries.by_ref().find_map(|entry| match entry {
            VerifiedEntry::Message(report) => Some(report),
            VerifiedEntry::StampOnly(_) => None,
        })
    }
}

impl core::iter::FusedIterator for Messages<'_> {}

/// The stamp-only entries of a verdict, in order.
#[derive(Clone, Debug)]
pub struct StampsOnly<'a> {
    entries: VerifiedEntries<'a>,
}

impl<'a> Iterator for StampsOnly<'a> {
    type Item = VerifiedStamp<'a>;

    fn next(&mut self) -> Option<Self::Item> {
        self.entries.by_ref().find_map(|entry| match entry {
            VerifiedEntry::StampOnly(stamp) => Some(stamp),
            VerifiedEntry::Message(_) => None,
        })
    }
}

impl core::iter::FusedIterator for StampsOnly<'_> {}
