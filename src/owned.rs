//! Owned copies of the borrowed views (feature `alloc`): what a program keeps
//! in a struct, a queue or a database row.
//!
//! Each owned type has `as_view()`, which lends the borrowed view the rest of
//! the crate works on, and the view has `to_owned()`. Lengths are checked once,
//! when an owned value is made, so `as_view` cannot fail.

use alloc::vec::Vec;
use core::fmt;

use zeroize::Zeroizing;

use crate::{Context, Error, FrankingTag, Opening, Receipt, Report, Stamp};

/// An owned [`Context`]: sender, recipient (a user or a room), timestamp,
/// message id, and the conversation and sequence number (empty and 0 outside
/// a conversation), each id at most [`MAX_ID_LEN`](crate::MAX_ID_LEN) bytes.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct OwnedContext {
    sender: Vec<u8>,
    recipient: Vec<u8>,
    timestamp: u64,
    message_id: Vec<u8>,
    conversation: Vec<u8>,
    seq: u64,
}

impl OwnedContext {
    /// Fails with [`Error::TooLong`] if an id exceeds
    /// [`MAX_ID_LEN`](crate::MAX_ID_LEN) bytes, as [`Context::new`] does.
    pub fn new(
        sender: Vec<u8>,
        recipient: Vec<u8>,
        timestamp: u64,
        message_id: Vec<u8>,
    ) -> Result<Self, Error> {
        Context::new(&sender, &recipient, timestamp, &message_id)?;
        Ok(Self {
            sender,
            recipient,
            timestamp,
            message_id,
            conversation: Vec::new(),
            seq: 0,
        })
    }

    /// This context as message `seq` of `conversation`, as
    /// [`Context::in_conversation`]; [`Error::TooLong`] for a conversation id
    /// over [`MAX_ID_LEN`](crate::MAX_ID_LEN) bytes.
    pub fn in_conversation(self, conversation: Vec<u8>, seq: u64) -> Result<Self, Error> {
        self.as_view().in_conversation(&conversation, seq)?;
        Ok(Self {
            conversation,
            seq,
            ..self
        })
    }

    /// The borrowed view, for stamping, reports and receipts.
    pub fn as_view(&self) -> Context<'_> {
        Context::from_wire(
            &self.sender,
            &self.recipient,
            self.timestamp,
            &self.message_id,
            &self.conversation,
            self.seq,
        )
    }

    /// The sender's id.
    pub fn sender(&self) -> &[u8] {
        &self.sender
    }

    /// The recipient's (or room's) id.
    pub fn recipient(&self) -> &[u8] {
        &self.recipient
    }

    /// When the platform accepted the message, in seconds since the Unix epoch.
    pub const fn timestamp(&self) -> u64 {
        self.timestamp
    }

    /// The platform's message id.
    pub fn message_id(&self) -> &[u8] {
        &self.message_id
    }

    /// The conversation id (empty outside a conversation).
    pub fn conversation(&self) -> &[u8] {
        &self.conversation
    }

    /// The message's sequence number in its conversation (0 outside one).
    pub const fn seq(&self) -> u64 {
        self.seq
    }
}

impl Context<'_> {
    /// An owned copy, to keep beyond the borrowed bytes' lifetime.
    pub fn to_owned(&self) -> OwnedContext {
        OwnedContext {
            sender: self.sender().to_vec(),
            recipient: self.recipient().to_vec(),
            timestamp: self.timestamp(),
            message_id: self.message_id().to_vec(),
            conversation: self.conversation().to_vec(),
            seq: self.seq(),
        }
    }
}

impl From<Context<'_>> for OwnedContext {
    fn from(context: Context<'_>) -> Self {
        context.to_owned()
    }
}

/// An owned [`Receipt`]: what a recipient stores beside the opened message,
/// unchanged, to report it later (SPEC.md 5.7).
///
/// Persist it as its encoding ([`to_vec`](Self::to_vec), read back with
/// [`decode`](Self::decode)): SPEC.md fixes every byte and the first two
/// name the kind and version, so any implementation and any later version of
/// this crate reads it. The serde form (feature `serde`) is this crate's own
/// layout, without a version: for output and for queues whose both ends run
/// this crate.
///
/// ```
/// use franking::{ExpectedDelivery, OwnedReceipt, OwnedReport};
/// # use franking::{Context, KeyId, KeyInterval, Keyring, MessageKey, PlatformKey};
/// # let mut rng = rand::rng();
/// # let key = MessageKey::generate(&mut rng);
/// # let mut buffer = *b"hello";
/// # let envelope = key.seal_in_place_with_rng(&mut rng, b"", &mut buffer)?;
/// # let platform = PlatformKey::generate(KeyId::new(1), KeyInterval::starting_at(0), &mut rng)?;
/// # let keyring = Keyring::new(platform, 30 * 86_400);
/// # let context = Context::new(b"alice", b"bob", 1_700_000_000, b"msg-1")?;
/// # let receipt_bytes = keyring.stamp_receipt(envelope.franking_tag(), &context)?.to_vec()?;
/// let opened = key.open_in_place(&envelope, b"", &mut buffer)?;
/// let receipt = OwnedReceipt::decode(&receipt_bytes)?;
/// receipt.as_view().check(opened.franking_tag(), &ExpectedDelivery::new(b"alice", b"bob"))?;
/// // Store `receipt.to_vec()?` with the opening, header and message; to report:
/// let stored = OwnedReceipt::decode(&receipt.to_vec()?)?;
/// let (opening, message) = (opened.opening().clone(), opened.message().to_vec());
/// let report = OwnedReport::from_receipt(&stored.as_view(), opening, Vec::new(), message)?;
/// let upload = report.to_vec()?; // send to the moderator
/// # assert_eq!(franking::verify(&keyring, 1_700_000_000, &franking::Report::decode(&upload)?)?.message(), b"hello");
/// # Ok::<(), franking::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct OwnedReceipt {
    stamp: Stamp,
    franking_tag: FrankingTag,
    context: OwnedContext,
}

impl OwnedReceipt {
    /// Assembles a receipt from its parts.
    pub const fn new(stamp: Stamp, franking_tag: FrankingTag, context: OwnedContext) -> Self {
        Self {
            stamp,
            franking_tag,
            context,
        }
    }

    /// Decodes a receipt encoding into owned fields (errors as [`Receipt::decode`]).
    pub fn decode(bytes: &[u8]) -> Result<Self, Error> {
        Receipt::decode(bytes).map(|receipt| receipt.to_owned())
    }

    /// The borrowed view: encode it, or build a report from it.
    pub fn as_view(&self) -> Receipt<'_> {
        Receipt::new(self.stamp, self.franking_tag, self.context.as_view())
    }

    /// The receipt encoding (SPEC.md 5.7), which [`decode`](Self::decode)
    /// reads back: what a recipient stores, and the form to persist (a version
    /// byte, every byte specified). As [`Receipt::to_vec`]; it cannot fail,
    /// and returns a `Result` like every `to_vec` of the crate.
    pub fn to_vec(&self) -> Result<Vec<u8>, Error> {
        self.as_view().to_vec()
    }

    /// The platform's stamp.
    pub const fn stamp(&self) -> &Stamp {
        &self.stamp
    }

    /// The franking tag the platform stamped.
    pub const fn franking_tag(&self) -> &FrankingTag {
        &self.franking_tag
    }

    /// The delivery context the platform stamped.
    pub const fn context(&self) -> &OwnedContext {
        &self.context
    }
}

impl Receipt<'_> {
    /// An owned copy, to keep beyond the borrowed bytes' lifetime.
    pub fn to_owned(&self) -> OwnedReceipt {
        OwnedReceipt {
            stamp: *self.stamp(),
            franking_tag: *self.franking_tag(),
            context: self.context().to_owned(),
        }
    }
}

impl From<Receipt<'_>> for OwnedReceipt {
    fn from(receipt: Receipt<'_>) -> Self {
        receipt.to_owned()
    }
}

/// An owned [`Report`]: everything a moderator needs, kept after the bytes it
/// was decoded from are gone. **Unverified**, like the view: verify
/// `as_view()` with [`verify`](crate::verify).
///
/// The opening is an [`Opening`] (wiped on drop, `Debug` redacted); header
/// and message are wiped on drop too, and `Debug` prints only their lengths.
///
/// Persist a submitted report as its encoding ([`to_vec`](Self::to_vec),
/// read back with [`decode`](Self::decode)): SPEC.md fixes every byte and
/// the first names the version, so any implementation and any later version
/// of this crate reads it, and a report has exactly one encoding. The serde
/// form (feature `serde`) is this crate's own layout, without a version: for
/// output and for queues whose both ends run this crate. Both hold the
/// opening, without which the report cannot be checked again; it reveals
/// nothing beyond this one message, but store it as the reported content is
/// stored. A report read back is unverified again: there is deliberately no
/// way to store or restore a [`VerifiedReport`](crate::VerifiedReport), which
/// only [`verify`](crate::verify) makes. Verify the stored report again (at
/// the time it was first verified, while its key is in the keyring), or rely
/// on the service's own record of the verdict.
///
/// ```
/// use franking::{OwnedReport, verify};
/// # use franking::{Context, KeyId, KeyInterval, Keyring, MessageKey, PlatformKey};
/// # let mut rng = rand::rng();
/// # let key = MessageKey::generate(&mut rng);
/// # let mut buffer = *b"hello";
/// # let envelope = key.seal_in_place_with_rng(&mut rng, b"", &mut buffer)?;
/// # let platform = PlatformKey::generate(KeyId::new(1), KeyInterval::starting_at(0), &mut rng)?;
/// # let keyring = Keyring::new(platform, 30 * 86_400);
/// # let context = Context::new(b"alice", b"bob", 1_700_000_000, b"msg-1")?;
/// # let stamp = keyring.stamp_envelope(&envelope, &context)?;
/// # let opened = key.open_in_place(&envelope, b"", &mut buffer)?;
/// # let upload = opened.report(&context, &stamp).to_vec()?;
/// let now = 1_700_003_600;
/// // Moderation service: decode the upload into a value it can queue.
/// let report = OwnedReport::decode(&upload)?;
/// let verdict = verify(&keyring, now, &report.as_view())?;
/// assert_eq!(verdict.sender(), b"alice");
/// // Persist the encoding (versioned, every byte in SPEC.md) with the verdict.
/// let row = report.to_vec()?;
/// assert_eq!(OwnedReport::decode(&row)?, report);
/// # Ok::<(), franking::Error>(())
/// ```
#[derive(Clone)]
pub struct OwnedReport {
    stamp: Stamp,
    franking_tag: FrankingTag,
    opening: Opening,
    context: OwnedContext,
    // Reported content, wiped on drop by the zeroize crate.
    header: Zeroizing<Vec<u8>>,
    message: Zeroizing<Vec<u8>>,
}

impl OwnedReport {
    /// Assembles a report from its parts, as stored. [`Error::TooLong`] if
    /// the header or message exceeds its limit.
    pub fn new(
        stamp: Stamp,
        franking_tag: FrankingTag,
        opening: Opening,
        context: OwnedContext,
        header: Vec<u8>,
        message: Vec<u8>,
    ) -> Result<Self, Error> {
        crate::wire::check_lengths(&header, message.len())?;
        Ok(Self {
            stamp,
            franking_tag,
            opening,
            context,
            header: Zeroizing::new(header),
            message: Zeroizing::new(message),
        })
    }

    /// Rebuilds a report from stored evidence, taking ownership: the receipt
    /// as the platform sent it, and the opening, header and message from
    /// opening the message. Equals the report the recipient built with
    /// [`OpenedMessage::report_with_receipt`](crate::OpenedMessage::report_with_receipt)
    /// when it opened the message. [`Error::TooLong`] if the header or
    /// message exceeds its limit.
    pub fn from_receipt(
        receipt: &Receipt<'_>,
        opening: Opening,
        header: Vec<u8>,
        message: Vec<u8>,
    ) -> Result<Self, Error> {
        Self::new(
            *receipt.stamp(),
            *receipt.franking_tag(),
            opening,
            receipt.context().to_owned(),
            header,
            message,
        )
    }

    /// Decodes a report encoding into owned fields (errors as [`Report::decode`]).
    pub fn decode(bytes: &[u8]) -> Result<Self, Error> {
        Report::decode(bytes).map(|report| report.to_owned())
    }

    /// The report encoding (SPEC.md 5.6), which [`decode`](Self::decode)
    /// reads back: the form to persist (a version byte, every byte
    /// specified). As [`Report::to_vec`]: [`Error::TooLong`] only if the
    /// encoding would not fit in memory. It holds the opening, as the report
    /// does.
    pub fn to_vec(&self) -> Result<Vec<u8>, Error> {
        self.as_view().to_vec()
    }

    /// The borrowed view: encode it, or verify it.
    pub fn as_view(&self) -> Report<'_> {
        Report::new(
            self.stamp.key_id(),
            self.stamp.mac().as_bytes(),
            self.franking_tag.as_bytes(),
            self.opening.as_bytes(),
            self.context.as_view(),
            &self.header,
            &self.message,
        )
    }

    /// The platform's stamp, as claimed.
    pub const fn stamp(&self) -> &Stamp {
        &self.stamp
    }

    /// The franking tag, as claimed.
    pub const fn franking_tag(&self) -> &FrankingTag {
        &self.franking_tag
    }

    /// The opening, as claimed.
    pub const fn opening(&self) -> &Opening {
        &self.opening
    }

    /// The delivery context, as claimed.
    pub const fn context(&self) -> &OwnedContext {
        &self.context
    }

    /// The header, as claimed.
    pub fn header(&self) -> &[u8] {
        self.header.as_slice()
    }

    /// The message, as claimed.
    pub fn message(&self) -> &[u8] {
        self.message.as_slice()
    }
}

impl Report<'_> {
    /// An owned copy, to keep beyond the borrowed bytes' lifetime.
    pub fn to_owned(&self) -> OwnedReport {
        OwnedReport {
            stamp: self.stamp(),
            franking_tag: self.franking_tag(),
            opening: self.opening(),
            context: self.context().to_owned(),
            header: Zeroizing::new(self.header().to_vec()),
            message: Zeroizing::new(self.message().to_vec()),
        }
    }
}

impl From<Report<'_>> for OwnedReport {
    fn from(report: Report<'_>) -> Self {
        report.to_owned()
    }
}

/// As the views compare: the opening, tag and stamp MAC in constant time.
impl PartialEq for OwnedReport {
    fn eq(&self, other: &Self) -> bool {
        self.as_view() == other.as_view()
    }
}

impl Eq for OwnedReport {}

/// Prints lengths only, as [`Report`] does.
impl fmt::Debug for OwnedReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OwnedReport")
            .field("stamp", &self.stamp)
            .field("franking_tag", &self.franking_tag)
            .field("context", &self.context)
            .field("header_len", &self.header.len())
            .field("message_len", &self.message.len())
            .finish_non_exhaustive()
    }
}
