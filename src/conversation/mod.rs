//! Conversation reports (SPEC.md 15.5, 15.6): a run of messages of one
//! conversation, verified in one call into a verdict that shows their order
//! and every gap between them.
//!
//! The platform numbers the messages of each conversation (one counter per
//! conversation, its only state) and binds the conversation id and the
//! sequence number into each stamp ([`Context::in_conversation`](crate::Context::in_conversation)).
//! A reporter collects the [`Report`]s of the messages it holds (received, or
//! sent with the platform's receipt), in order of sequence number, and
//! encodes them with [`ConversationReport::encode_into`]. The moderator
//! decodes and calls [`verify_conversation`] (capacity
//! [`DEFAULT_CAPACITY`], no heap), [`ConversationVerdict::verify`] (any
//! capacity) or, with `alloc`, [`verify_conversation_vec`].

use subtle::Choice;

use crate::Error;
use crate::ct;
use crate::moderator::{self, VerifiedReport};
use crate::platform::Keyring;
use crate::report::Report;
use crate::wire::conversation::next_entry;

mod verdict;

#[cfg(feature = "alloc")]
pub use verdict::ConversationVerdictVec;
pub use verdict::{ConversationVerdict, DEFAULT_CAPACITY, Gap, Gaps};

/// A conversation report as it travels: one conversation id and its messages
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

    /// The conversation id all messages claim.
    pub fn conversation(&self) -> &'a [u8] {
        self.conversation
    }

    /// How many messages it carries (at least one).
    pub fn len(&self) -> usize {
        self.count
    }

    /// Always `false`: a conversation report carries at least one message.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The messages, in order, as single reports (unverified).
    pub fn messages(&self) -> Messages<'a> {
        Messages {
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
            .field("messages", &self.count)
            .finish()
    }
}

/// The messages of a [`ConversationReport`], in order.
pub struct Messages<'a> {
    rest: &'a [u8],
    conversation: &'a [u8],
    left: usize,
}

impl<'a> Iterator for Messages<'a> {
    type Item = Report<'a>;

    fn next(&mut self) -> Option<Report<'a>> {
        self.left = self.left.checked_sub(1)?;
        // Decoding checked every entry, so this read cannot fail.
        next_entry(&mut self.rest, self.conversation)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

/// Verifies every message of `report` (SPEC.md 15.6), handing each to `keep`
/// in order; the verdict is decided once, after all of them.
///
/// One pass: each message's public checks (age, then key id and interval) may return
/// early; its commitment and stamp checks never do, and are combined in
/// constant time into one [`Error::Invalid`] that does not say which message
/// failed. The result is the one SPEC.md 15.6 specifies (all public checks
/// first), since no cryptographic failure returns before the last message.
/// `keep` sees messages whose verdict is still open; the callers drop them
/// all on an error.
pub(crate) fn verify_each<'a>(
    keyring: &Keyring,
    now: u64,
    report: &ConversationReport<'a>,
    mut keep: impl FnMut(VerifiedReport<'a>),
) -> Result<(), Error> {
    let mut ok = Choice::from(1);
    for message in report.messages() {
        let key = moderator::check_public(keyring, now, &message)?;
        let (valid, verified) = moderator::check_secret(key, &message);
        ok &= valid;
        keep(verified);
    }
    if !ct::declassify(ok) {
        return Err(Error::Invalid);
    }
    Ok(())
}

/// Verifies a conversation report into a verdict of [`DEFAULT_CAPACITY`]
/// (32) messages, with no heap: [`Error::TooManyMessages`] for a longer
/// report, before any cryptography. See [`ConversationVerdict`] for what a
/// verdict proves.
pub fn verify_conversation<'a>(
    keyring: &Keyring,
    now: u64,
    report: &ConversationReport<'a>,
) -> Result<ConversationVerdict<'a, DEFAULT_CAPACITY>, Error> {
    ConversationVerdict::verify(keyring, now, report)
}

/// Verifies a conversation report of any length (up to 65535 messages) into
/// a verdict on the heap.
#[cfg(feature = "alloc")]
pub fn verify_conversation_vec<'a>(
    keyring: &Keyring,
    now: u64,
    report: &ConversationReport<'a>,
) -> Result<ConversationVerdictVec<'a>, Error> {
    ConversationVerdictVec::verify(keyring, now, report)
}
