//! The two kinds of entry of a conversation report (SPEC.md 15.5): a message
//! with its content, or a stamp-only entry (the receipt of a message whose
//! content is not shown), before and after verification.

use subtle::Choice;

use crate::Error;
use crate::commitment::FrankingTag;
use crate::context::Context;
use crate::key_id::KeyId;
use crate::moderator::{self, VerifiedReport};
use crate::platform::Keyring;
use crate::receipt::Receipt;
use crate::report::Report;
use crate::stamp::Stamp;

/// One entry of a conversation report, as it travels. **Unverified**.
///
/// A recipient builds a report from what it kept (SPEC.md 15.7): a
/// [`Report`] for each message it opened (and chooses to show), and
/// [`Entry::stamp_only`] from the stored [`Receipt`] of each message that
/// did not open, or whose content it no longer holds. A stamp-only entry
/// fills the message's position, naming its sender, where leaving it out
/// would leave a gap that reads as the reporter's withholding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entry<'a> {
    /// A message with its opening and content (kind `0x01`).
    Message(Report<'a>),
    /// The stamp, franking tag and context of a message, without opening or
    /// content (kind `0x02`).
    StampOnly(Receipt<'a>),
}

impl<'a> Entry<'a> {
    /// The stamp-only entry of a message, from its receipt as the platform
    /// sent it: for a message that failed to open (planted junk names its
    /// sender instead of making a gap), or whose content the reporter does
    /// not show.
    pub const fn stamp_only(receipt: Receipt<'a>) -> Self {
        Self::StampOnly(receipt)
    }

    /// The delivery context, as claimed.
    pub fn context(&self) -> &Context<'a> {
        match self {
            Self::Message(report) => report.context(),
            Self::StampOnly(receipt) => receipt.context(),
        }
    }

    /// The platform's stamp, as claimed.
    pub fn stamp(&self) -> Stamp {
        match self {
            Self::Message(report) => report.stamp(),
            Self::StampOnly(receipt) => *receipt.stamp(),
        }
    }

    /// The franking tag, as claimed.
    pub fn franking_tag(&self) -> FrankingTag {
        match self {
            Self::Message(report) => report.franking_tag(),
            Self::StampOnly(receipt) => *receipt.franking_tag(),
        }
    }

    /// The message with its content, or `None` for a stamp-only entry.
    pub fn message(&self) -> Option<&Report<'a>> {
        match self {
            Self::Message(report) => Some(report),
            Self::StampOnly(_) => None,
        }
    }
}

impl<'a> From<Report<'a>> for Entry<'a> {
    fn from(report: Report<'a>) -> Self {
        Self::Message(report)
    }
}

impl<'a> From<Receipt<'a>> for Entry<'a> {
    fn from(receipt: Receipt<'a>) -> Self {
        Self::StampOnly(receipt)
    }
}

/// A stamp-only entry whose stamp verified: the platform accepted, from
/// [`sender`](Self::sender), a message with this franking tag as message
/// [`seq`](Self::seq) of the conversation, at [`timestamp`](Self::timestamp).
/// Nothing about its content is proved: it did not open for the reporter,
/// or the reporter withheld it, and the moderator cannot tell which
/// (SPEC.md 15.6). Weigh it like a gap whose sender and position are known,
/// not as evidence against its sender: a reporter can make any message of
/// the run stamp-only, the accused's included.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VerifiedStamp<'a> {
    stamp: Stamp,
    franking_tag: FrankingTag,
    context: Context<'a>,
}

impl<'a> VerifiedStamp<'a> {
    /// The sender's id.
    pub fn sender(&self) -> &'a [u8] {
        self.context.sender()
    }

    /// The recipient's (or room's) id.
    pub fn recipient(&self) -> &'a [u8] {
        self.context.recipient()
    }

    /// When the platform accepted the message, in seconds since the Unix epoch.
    pub fn timestamp(&self) -> u64 {
        self.context.timestamp()
    }

    /// The sequence number of the message in its conversation.
    pub fn seq(&self) -> u64 {
        self.context.seq()
    }

    /// The whole verified delivery context.
    pub fn context(&self) -> &Context<'a> {
        &self.context
    }

    /// The verified stamp.
    pub fn stamp(&self) -> &Stamp {
        &self.stamp
    }

    /// The franking tag the platform stamped.
    pub fn franking_tag(&self) -> &FrankingTag {
        &self.franking_tag
    }
}

/// Which kind an entry of a conversation report is (SPEC.md 15.5): its kind
/// byte, which the report id of 6.2 covers too, so that an excerpt showing a
/// message and one showing only its stamp have different ids.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EntryKind {
    /// A message with its content (`0x01`).
    Message,
    /// A stamp-only entry, content not shown (`0x02`).
    StampOnly,
}

impl EntryKind {
    /// The kind byte of SPEC.md 15.5.
    pub const fn to_byte(self) -> u8 {
        match self {
            Self::Message => crate::wire::conversation::ENTRY_MESSAGE,
            Self::StampOnly => crate::wire::conversation::ENTRY_STAMP_ONLY,
        }
    }
}

/// One entry of a verified conversation report: a verified message, or a
/// verified stamp whose content is not shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VerifiedEntry<'a> {
    /// A message whose commitment and stamp verified.
    Message(VerifiedReport<'a>),
    /// "A message from `sender` at `seq`, content not shown": its stamp
    /// verified; it did not open for the reporter, or the reporter withheld
    /// it (indistinguishable).
    StampOnly(VerifiedStamp<'a>),
}

impl<'a> VerifiedEntry<'a> {
    /// The whole verified delivery context.
    pub fn context(&self) -> &Context<'a> {
        match self {
            Self::Message(report) => report.context(),
            Self::StampOnly(stamp) => stamp.context(),
        }
    }

    /// The sender's id: for a stamp-only entry too, who sent the message
    /// whose content is not shown.
    pub fn sender(&self) -> &'a [u8] {
        self.context().sender()
    }

    /// The recipient's (or room's) id.
    pub fn recipient(&self) -> &'a [u8] {
        self.context().recipient()
    }

    /// When the platform accepted the message, in seconds since the Unix epoch.
    pub fn timestamp(&self) -> u64 {
        self.context().timestamp()
    }

    /// The platform's message id.
    pub fn message_id(&self) -> &'a [u8] {
        self.context().message_id()
    }

    /// The conversation the message belongs to.
    pub fn conversation(&self) -> &'a [u8] {
        self.context().conversation()
    }

    /// The message's sequence number in its conversation.
    pub fn seq(&self) -> u64 {
        self.context().seq()
    }

    /// The verified stamp.
    pub fn stamp(&self) -> &Stamp {
        match self {
            Self::Message(report) => report.stamp(),
            Self::StampOnly(stamp) => stamp.stamp(),
        }
    }

    /// Whether the entry shows its message or only its stamp.
    pub fn kind(&self) -> EntryKind {
        match self {
            Self::Message(_) => EntryKind::Message,
            Self::StampOnly(_) => EntryKind::StampOnly,
        }
    }

    /// The platform key whose stamp verified.
    pub fn key_id(&self) -> KeyId {
        self.stamp().key_id()
    }

    /// The verified message with its content, or `None` for a stamp-only
    /// entry (content not shown).
    pub fn message(&self) -> Option<&VerifiedReport<'a>> {
        match self {
            Self::Message(report) => Some(report),
            Self::StampOnly(_) => None,
        }
    }

    /// Whether this entry shows no content.
    pub fn is_stamp_only(&self) -> bool {
        matches!(self, Self::StampOnly(_))
    }
}

impl<'a> VerifiedEntry<'a> {
    /// The entry of a report that [`check`] passed: only a
    /// [`ConversationVerdict`](super::ConversationVerdict) calls this, on
    /// the entries of the report it verified.
    pub(crate) fn of_verified(entry: Entry<'a>) -> Self {
        match entry {
            Entry::Message(report) => Self::Message(VerifiedReport::of_verified(&report)),
            Entry::StampOnly(receipt) => Self::StampOnly(VerifiedStamp {
                stamp: *receipt.stamp(),
                franking_tag: *receipt.franking_tag(),
                context: *receipt.context(),
            }),
        }
    }
}

/// Steps 1 to 4 of SPEC.md section 6 for one entry (may return early), then
/// step 5 undecided: the commitment and stamp of a message, the stamp alone
/// of a stamp-only entry. The caller combines the choices of all entries and
/// decides once.
pub(crate) fn check<const K: usize>(
    keyring: &Keyring<K>,
    now: u64,
    entry: &Entry<'_>,
) -> Result<Choice, Error> {
    match entry {
        Entry::Message(report) => {
            let key = moderator::check_public(keyring, now, report)?;
            Ok(moderator::check_secret(key, report))
        }
        Entry::StampOnly(receipt) => {
            let context = receipt.context();
            keyring.check_time(now, context.timestamp())?;
            let key = keyring.key_for(receipt.stamp().key_id(), context.timestamp())?;
            Ok(key.check(receipt.stamp(), receipt.franking_tag(), context))
        }
    }
}
