//! Conversation reports (SPEC.md 15.5, 15.6): a run of messages of one
//! conversation, verified in one call into a verdict that shows their order
//! and every gap between them.
//!
//! The platform numbers the messages of each conversation (one counter per
//! conversation, its only state) and binds the conversation id and the
//! sequence number into each stamp ([`Context::in_conversation`](crate::Context::in_conversation)).
//! A reporter collects the [`Report`](crate::Report)s of the messages it
//! holds (received, or sent with the platform's receipt) and, as
//! [`Entry::stamp_only`], the stored receipts of the messages it received
//! but cannot show (they did not open, or their content is gone), in order
//! of sequence number, and encodes them with
//! [`ConversationReport::encode_into`]. The moderator decodes and calls
//! [`verify_conversation`]: a report of any length, without heap.

use subtle::Choice;

use crate::Error;
use crate::ct;
use crate::platform::Keyring;
use crate::wire::conversation::next_entry;

mod entry;
mod verdict;

pub use entry::{Entry, EntryKind, VerifiedEntry, VerifiedStamp};
pub use verdict::{ConversationVerdict, Gap, Gaps, Messages, StampsOnly, VerifiedEntries};

/// A conversation report as it travels: one conversation id and its entries
/// in strictly increasing sequence number. **Unverified**. A view: decoding
/// borrows every field and copies nothing.
#[derive(Clone, Copy)]
pub struct ConversationReport<'a> {
    conversation: &'a [u8],
    count: usize,
    entries: &'a [u8],
}

impl<'a> ConversationReport<'a> {
    /// Only `decode` makes one, after checking every entry.
    pub(crate) fn new(conversation: &'a [u8], count: usize, entries: &'a [u8]) -> Self {
        Self {
            conversation,
            count,
            entries,
        }
    }

    /// The conversation id all entries claim.
    pub fn conversation(&self) -> &'a [u8] {
        self.conversation
    }

    /// How many entries it carries (at least one), stamp-only ones included.
    pub fn len(&self) -> usize {
        self.count
    }

    /// Always `false`: decoding refuses a count of 0, so a conversation
    /// report carries at least one entry.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// The entries, in order (unverified): messages as single reports,
    /// stamp-only entries as receipts.
    pub fn entries(&self) -> Entries<'a> {
        Entries {
            rest: self.entries,
            conversation: self.conversation,
            left: self.count,
        }
    }
}

/// Prints the conversation id's length and the count only.
impl core::fmt::Debug for ConversationReport<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ConversationReport")
            .field("conversation_len", &self.conversation.len())
            .field("entries", &self.count)
            .finish()
    }
}

/// The entries of a [`ConversationReport`], in order.
#[derive(Clone)]
pub struct Entries<'a> {
    rest: &'a [u8],
    conversation: &'a [u8],
    left: usize,
}

impl<'a> Iterator for Entries<'a> {
    type Item = Entry<'a>;

    fn next(&mut self) -> Option<Entry<'a>> {
        self.left = self.left.checked_sub(1)?;
        // Decoding checked every entry, so this read cannot fail.
        next_entry(&mut self.rest, self.conversation)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

/// Verifies every entry of `report` (SPEC.md 15.6); the verdict is decided
/// once, after all of them.
///
/// One pass: each entry's public checks (age, then key id and interval) may
/// return early, so the first entry that fails one decides; its commitment
/// and stamp checks (the stamp alone for a stamp-only entry) never do, and
/// are combined in constant time into one [`Error::Invalid`] that does not
/// say which entry failed. The result is the one SPEC.md 15.6 specifies
/// (all public checks first), since no cryptographic failure returns before
/// the last entry.
pub(crate) fn verify_each<const K: usize>(
    keyring: &Keyring<K>,
    now: u64,
    report: &ConversationReport<'_>,
) -> Result<(), Error> {
    let mut ok = Choice::from(1);
    for entry in report.entries() {
        ok &= entry::check(keyring, now, &entry)?;
    }
    if !ct::declassify(ok) {
        return Err(Error::Invalid);
    }
    Ok(())
}

/// Verifies a conversation report of any length (up to the 65535 entries
/// the encoding allows) into a [`ConversationVerdict`], without heap: the
/// verdict keeps the report's bytes and reads its entries from them. See
/// [`ConversationVerdict`] for what a verdict proves.
///
/// Takes a keyring of any capacity `K`.
pub fn verify_conversation<'a, const K: usize>(
    keyring: &Keyring<K>,
    now: u64,
    report: &ConversationReport<'a>,
) -> Result<ConversationVerdict<'a>, Error> {
    ConversationVerdict::verify(keyring, now, report)
}
