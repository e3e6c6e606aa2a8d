//! The moderator's verdicts as records: every verified field, owned.

use franking::conversation::{ConversationVerdict as CrateVerdict, VerifiedEntry as CrateEntry};

use crate::records::DeliveryContext;
use crate::redact::Len;

/// A verified message report (SPEC.md 7.2): who sent what to whom, when.
/// Its `Debug` prints the header's and message's lengths, not their bytes.
#[derive(Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct VerifiedReport {
    /// The delivery context the platform stamped.
    pub context: DeliveryContext,
    /// The message's header.
    pub header: Vec<u8>,
    /// The message.
    pub message: Vec<u8>,
    /// The platform key that stamped it.
    pub key_id: u32,
    /// The 36-byte stamp.
    pub stamp: Vec<u8>,
    /// The 32-byte franking tag.
    pub franking_tag: Vec<u8>,
}

impl core::fmt::Debug for VerifiedReport {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("VerifiedReport")
            .field("context", &self.context)
            .field("header", &Len(&self.header))
            .field("message", &Len(&self.message))
            .field("key_id", &self.key_id)
            .field("stamp", &self.stamp)
            .field("franking_tag", &self.franking_tag)
            .finish()
    }
}

impl VerifiedReport {
    pub(crate) fn of(v: &franking::VerifiedReport<'_>) -> Self {
        Self {
            context: DeliveryContext::of(v.context()),
            header: v.header().to_vec(),
            message: v.message().to_vec(),
            key_id: v.key_id().get(),
            stamp: v.stamp().to_bytes().to_vec(),
            franking_tag: v.franking_tag().as_bytes().to_vec(),
        }
    }
}

/// One verified entry of a conversation report. Its `Debug` prints the
/// header's and message's lengths, not their bytes.
#[derive(Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct VerifiedEntry {
    /// Whether the entry shows the message by its stamp only (no content).
    pub stamp_only: bool,
    /// The delivery context the platform stamped.
    pub context: DeliveryContext,
    /// The platform key that stamped it.
    pub key_id: u32,
    /// The 36-byte stamp.
    pub stamp: Vec<u8>,
    /// The header; empty for a stamp-only entry.
    pub header: Vec<u8>,
    /// The message; empty for a stamp-only entry.
    pub message: Vec<u8>,
}

/// Messages missing between two reported entries: sequence numbers
/// `after + 1 .. before`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Gap {
    /// Sequence number of the entry before the gap.
    pub after: u64,
    /// Sequence number of the entry after the gap.
    pub before: u64,
    /// How many messages are missing.
    pub missing: u64,
}

/// A verified conversation report (SPEC.md 15.5): its entries in order and
/// every gap between them.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ConversationVerdict {
    /// The conversation id.
    pub conversation: Vec<u8>,
    /// The entries, in sequence order.
    pub entries: Vec<VerifiedEntry>,
    /// The gaps between consecutive entries.
    pub gaps: Vec<Gap>,
    /// Messages missing in all.
    pub missing: u64,
    /// No gap between entries.
    pub is_contiguous: bool,
    /// Contiguous, and every entry shows its message.
    pub is_complete: bool,
}

impl core::fmt::Debug for VerifiedEntry {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("VerifiedEntry")
            .field("stamp_only", &self.stamp_only)
            .field("context", &self.context)
            .field("key_id", &self.key_id)
            .field("stamp", &self.stamp)
            .field("header", &Len(&self.header))
            .field("message", &Len(&self.message))
            .finish()
    }
}

impl VerifiedEntry {
    /// The record of a verified entry.
    fn of(e: &CrateEntry<'_>) -> Self {
        let (header, message) = match e.message() {
            Some(m) => (m.header().to_vec(), m.message().to_vec()),
            None => (Vec::new(), Vec::new()),
        };
        Self {
            stamp_only: e.is_stamp_only(),
            context: DeliveryContext::of(e.context()),
            key_id: e.key_id().get(),
            stamp: e.stamp().to_bytes().to_vec(),
            header,
            message,
        }
    }

    /// The record of an entry of a report that verified (its fields are
    /// then the verified ones), read again from the report's bytes.
    fn of_checked(e: &franking::conversation::Entry<'_>) -> Self {
        let stamp = e.stamp();
        let (header, message) = match e.message() {
            Some(m) => (m.header().to_vec(), m.message().to_vec()),
            None => (Vec::new(), Vec::new()),
        };
        Self {
            stamp_only: e.message().is_none(),
            context: DeliveryContext::of(e.context()),
            key_id: stamp.key_id().get(),
            stamp: stamp.to_bytes().to_vec(),
            header,
            message,
        }
    }
}

impl ConversationVerdict {
    /// The verdict without its entries. Each of the crate's `missing`,
    /// `is_contiguous` and `is_complete` walks the report's entries again
    /// (decoding each): they are derived here from the gaps, collected in
    /// one walk, and `stamps_only` (a second walk, only when contiguous),
    /// as the crate defines them.
    pub(crate) fn summary(v: &CrateVerdict<'_>) -> Self {
        let gaps: Vec<Gap> = v
            .gaps()
            .map(|g| Gap {
                after: g.after,
                before: g.before,
                missing: g.missing(),
            })
            .collect();
        let missing = gaps
            .iter()
            .fold(0u64, |sum, g| sum.saturating_add(g.missing));
        let is_contiguous = gaps.is_empty();
        let is_complete = is_contiguous && v.stamps_only().next().is_none();
        Self {
            conversation: v.conversation().to_vec(),
            entries: Vec::new(),
            gaps,
            missing,
            is_contiguous,
            is_complete,
        }
    }

    pub(crate) fn of(v: &CrateVerdict<'_>) -> Self {
        Self {
            entries: v.entries().map(|e| VerifiedEntry::of(&e)).collect(),
            ..Self::summary(v)
        }
    }
}

/// A verified attachment report, whole or a range (SPEC.md 14.6). Its
/// `Debug` prints the plaintext's length, not its bytes.
#[derive(Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct VerifiedRange {
    /// The verified report of the message carrying the attachment.
    pub report: VerifiedReport,
    /// The attachment's index in the message.
    pub attachment: u16,
    /// The attachment's 88-byte descriptor.
    pub descriptor: Vec<u8>,
    /// The attachment's whole length.
    pub attachment_len: u64,
    /// First reported chunk.
    pub first_chunk: u64,
    /// Reported chunks.
    pub chunk_count: u64,
    /// Offset of the first reported byte.
    pub byte_offset: u64,
    /// Whether the report covers the whole attachment.
    pub is_whole: bool,
    /// The reported plaintext, chunks concatenated.
    pub plaintext: Vec<u8>,
}

impl core::fmt::Debug for VerifiedRange {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("VerifiedRange")
            .field("report", &self.report)
            .field("attachment", &self.attachment)
            .field("descriptor", &self.descriptor)
            .field("attachment_len", &self.attachment_len)
            .field("first_chunk", &self.first_chunk)
            .field("chunk_count", &self.chunk_count)
            .field("byte_offset", &self.byte_offset)
            .field("is_whole", &self.is_whole)
            .field("plaintext", &Len(&self.plaintext))
            .finish()
    }
}

impl VerifiedRange {
    pub(crate) fn of(v: &franking::media::VerifiedRange<'_>) -> Self {
        let mut plaintext = Vec::with_capacity(usize::try_from(v.byte_len()).unwrap_or(0));
        for k in 0..v.chunk_count() {
            if let Some(chunk) = v.chunk(k) {
                plaintext.extend_from_slice(chunk);
            }
        }
        Self {
            report: VerifiedReport::of(v.report()),
            attachment: v.attachment(),
            descriptor: v.descriptor().to_bytes().to_vec(),
            attachment_len: v.descriptor().len(),
            first_chunk: v.first_chunk(),
            chunk_count: v.chunk_count(),
            byte_offset: v.byte_offset(),
            is_whole: v.is_whole(),
            plaintext,
        }
    }
}

/// A verified conversation report held on the Rust side: the same verdict
/// as [`ConversationVerdict`], read an entry at a time. From Python, lifting
/// a 30-entry record costs several times the verification itself; this
/// object crosses the boundary as one handle, and each entry only when read.
///
/// It keeps the verified report's bytes and the verdict's gaps, nothing
/// copied per entry: an entry is decoded again from those bytes when read
/// (no cryptography: the bytes are the ones verified, and a verified
/// report's entries are in its encoding's order).
///
/// Its `Debug` prints counts, not the report's bytes (they carry every
/// shown message and its opening).
#[cfg_attr(feature = "uniffi", derive(uniffi::Object))]
pub struct VerifiedConversation {
    report: Vec<u8>,
    conversation: Vec<u8>,
    entry_count: u32,
    gaps: Vec<Gap>,
    missing: u64,
    is_contiguous: bool,
    is_complete: bool,
}

impl core::fmt::Debug for VerifiedConversation {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("VerifiedConversation")
            .field("report", &Len(&self.report))
            .field("entry_count", &self.entry_count)
            .field("gaps", &self.gaps)
            .field("missing", &self.missing)
            .field("is_contiguous", &self.is_contiguous)
            .field("is_complete", &self.is_complete)
            .finish_non_exhaustive()
    }
}

impl VerifiedConversation {
    /// Holds `report`, whose verification gave `summary` (the verdict
    /// without its entries) and `entry_count` entries.
    pub(crate) fn held(
        report: Vec<u8>,
        summary: ConversationVerdict,
        entry_count: u32,
    ) -> std::sync::Arc<Self> {
        std::sync::Arc::new(Self {
            conversation: summary.conversation,
            entry_count,
            gaps: summary.gaps,
            missing: summary.missing,
            is_contiguous: summary.is_contiguous,
            is_complete: summary.is_complete,
            report,
        })
    }

    fn entries(&self) -> Vec<VerifiedEntry> {
        let Ok(report) = franking::ConversationReport::decode(&self.report) else {
            return Vec::new(); // unreachable: these bytes decoded when verified
        };
        report
            .entries()
            .map(|e| VerifiedEntry::of_checked(&e))
            .collect()
    }
}

#[cfg_attr(feature = "uniffi", uniffi::export)]
impl VerifiedConversation {
    /// The whole verdict as a record.
    pub fn verdict(&self) -> ConversationVerdict {
        ConversationVerdict {
            conversation: self.conversation.clone(),
            entries: self.entries(),
            gaps: self.gaps.clone(),
            missing: self.missing,
            is_contiguous: self.is_contiguous,
            is_complete: self.is_complete,
        }
    }

    /// The conversation id.
    pub fn conversation(&self) -> Vec<u8> {
        self.conversation.clone()
    }

    /// How many entries the report holds.
    pub fn entry_count(&self) -> u32 {
        self.entry_count
    }

    /// Entry `index` (in sequence order); `None` past the last.
    pub fn entry(&self, index: u32) -> Option<VerifiedEntry> {
        let report = franking::ConversationReport::decode(&self.report).ok()?;
        let entry = report.entries().nth(index as usize)?;
        Some(VerifiedEntry::of_checked(&entry))
    }

    /// The gaps between consecutive entries.
    pub fn gaps(&self) -> Vec<Gap> {
        self.gaps.clone()
    }

    /// Messages missing in all.
    pub fn missing(&self) -> u64 {
        self.missing
    }

    /// No gap between entries.
    pub fn is_contiguous(&self) -> bool {
        self.is_contiguous
    }

    /// Contiguous, and every entry shows its message.
    pub fn is_complete(&self) -> bool {
        self.is_complete
    }
}
