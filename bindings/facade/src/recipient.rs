//! The recipient: opening, receipts, and building every report kind.

use franking::conversation::Entry;
use franking::{ConversationReport, Receipt, Report, ReportId, Stamp};

use zeroize::{Zeroize, Zeroizing};

use crate::convert;
use crate::error::{FrankingError, Result};
use crate::records::{DeliveryContext, ExpectedDelivery, Suite};
use crate::redact::Len;

/// An opened message: what it says, and the evidence to report it with. The
/// opening is secret until reported: keep it with the message. Its `Debug`
/// prints lengths only.
#[derive(Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct OpenedMessage {
    /// The header the message was sealed with.
    pub header: Vec<u8>,
    /// The plaintext.
    pub message: Vec<u8>,
    /// The 32-byte opening of the franking tag.
    pub opening: Vec<u8>,
    /// The 32-byte franking tag.
    pub franking_tag: Vec<u8>,
}

impl core::fmt::Debug for OpenedMessage {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("OpenedMessage")
            .field("header", &Len(&self.header))
            .field("message", &Len(&self.message))
            .field("opening", &Len(&self.opening))
            .field("franking_tag", &self.franking_tag)
            .finish()
    }
}

/// An opened message the facade received by value (a copy of the caller's):
/// its opening is wiped when dropped.
struct Received(OpenedMessage);

impl Drop for Received {
    fn drop(&mut self) {
        self.0.opening.zeroize();
    }
}

impl OpenedMessage {
    /// The crate's opened message, its commitment checked again (a record
    /// from the foreign side could have been edited since it was opened).
    fn view(&self) -> Result<franking::OpenedMessage<'_>> {
        Ok(franking::verify_commitment(
            &self.header,
            &self.message,
            convert::opening(&self.opening)?,
            &convert::franking_tag(&self.franking_tag)?,
        )?)
    }
}

/// A decoded receipt (SPEC.md 9): the stamp, the franking tag and the context.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ReceiptInfo {
    /// The 36-byte stamp.
    pub stamp: Vec<u8>,
    /// The 32-byte franking tag.
    pub franking_tag: Vec<u8>,
    /// The delivery context.
    pub context: DeliveryContext,
}

/// One entry of a conversation report (SPEC.md 15.4). Its `Debug` prints
/// lengths only: a message report carries the opening and the plaintext.
#[derive(Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum ConversationEntry {
    /// A reported message: an encoded message report.
    Message {
        /// The encoded report.
        report: Vec<u8>,
    },
    /// A message shown only by its stamp: an encoded receipt.
    StampOnly {
        /// The encoded receipt.
        receipt: Vec<u8>,
    },
}

impl core::fmt::Debug for ConversationEntry {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::Message { report } => f
                .debug_struct("Message")
                .field("report", &Len(report))
                .finish(),
            Self::StampOnly { receipt } => f
                .debug_struct("StampOnly")
                .field("receipt", &Len(receipt))
                .finish(),
        }
    }
}

/// Opens `ciphertext` under `key` (32 bytes) with its `envelope` (88 bytes).
/// Both tags are checked before any plaintext is returned.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn open(
    suite: Suite,
    key: Vec<u8>,
    envelope: Vec<u8>,
    header: Vec<u8>,
    ciphertext: Vec<u8>,
) -> Result<OpenedMessage> {
    let key = Zeroizing::new(key);
    let key = convert::message_key(suite, &key)?;
    let envelope = convert::envelope(&envelope)?;
    let mut message = ciphertext;
    let opening = {
        let opened = key.open_in_place(&envelope, &header, &mut message)?;
        opened.opening().as_bytes().to_vec()
    };
    Ok(OpenedMessage {
        header,
        message,
        opening,
        franking_tag: envelope.franking_tag().as_bytes().to_vec(),
    })
}

/// Layer mode: checks that `opening` opens `franking_tag` to `header` and
/// `message`, and returns them as an opened message to report.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn verify_commitment(
    header: Vec<u8>,
    message: Vec<u8>,
    opening: Vec<u8>,
    franking_tag: Vec<u8>,
) -> Result<OpenedMessage> {
    let mut opening = Zeroizing::new(opening);
    franking::verify_commitment(
        &header,
        &message,
        convert::opening(&opening)?,
        &convert::franking_tag(&franking_tag)?,
    )?;
    Ok(OpenedMessage {
        header,
        message,
        opening: std::mem::take(&mut *opening),
        franking_tag,
    })
}

/// The encoded report (SPEC.md 7) of `opened`, delivered in `context` with
/// `stamp` (36 bytes): what the recipient keeps, and sends when it reports.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn build_report(
    opened: OpenedMessage,
    context: DeliveryContext,
    stamp: Vec<u8>,
) -> Result<Vec<u8>> {
    let opened = Received(opened);
    let stamp = convert::stamp(&stamp)?;
    let context = context.view()?;
    let opened = opened.0.view()?;
    Ok(opened.report(&context, &stamp).to_vec()?)
}

/// Checks `receipt` against the message's `franking_tag` and what the
/// recipient expects (SPEC.md 9): `ReceiptMismatch` names the first field
/// that differs, `Malformed` for bad bytes.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn check_receipt(
    receipt: Vec<u8>,
    franking_tag: Vec<u8>,
    expected: ExpectedDelivery,
) -> Result<()> {
    let receipt = Receipt::decode(&receipt)?;
    receipt.check(&convert::franking_tag(&franking_tag)?, &expected.view())?;
    Ok(())
}

/// The report of `opened` from its `receipt`, after checking the receipt
/// against `expected` as [`check_receipt`] does.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn build_report_from_receipt(
    opened: OpenedMessage,
    receipt: Vec<u8>,
    expected: ExpectedDelivery,
) -> Result<Vec<u8>> {
    let opened = Received(opened);
    let receipt = Receipt::decode(&receipt)?;
    let opened = opened.0.view()?;
    Ok(opened
        .report_with_receipt(&receipt, &expected.view())?
        .to_vec()?)
}

/// Decodes a receipt.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn decode_receipt(receipt: Vec<u8>) -> Result<ReceiptInfo> {
    let receipt = Receipt::decode(&receipt)?;
    Ok(ReceiptInfo {
        stamp: receipt.stamp().to_bytes().to_vec(),
        franking_tag: receipt.franking_tag().as_bytes().to_vec(),
        context: DeliveryContext::of(receipt.context()),
    })
}

/// A conversation report (SPEC.md 15.4) of `entries`, in conversation order.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn build_conversation_report(entries: Vec<ConversationEntry>) -> Result<Vec<u8>> {
    let decoded = entries
        .iter()
        .map(|e| -> Result<Entry<'_>> {
            Ok(match e {
                ConversationEntry::Message { report } => Entry::Message(Report::decode(report)?),
                ConversationEntry::StampOnly { receipt } => {
                    Entry::StampOnly(Receipt::decode(receipt)?)
                }
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let mut out = vec![0u8; ConversationReport::encoded_len(&decoded)?];
    let n = ConversationReport::encode_into(&decoded, &mut out)?;
    out.truncate(n);
    Ok(out)
}

/// The report id (SPEC.md 11) of a message report with `stamp`, by `reporter`.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn report_id_for_message(stamp: Vec<u8>, reporter: Vec<u8>) -> Result<Vec<u8>> {
    let stamp = convert::stamp(&stamp)?;
    Ok(ReportId::for_message(&stamp, &reporter)?
        .as_bytes()
        .to_vec())
}

/// The report id of a range report of chunks `[first_chunk, first_chunk +
/// chunk_count)` of attachment `attachment` of the message with `stamp`.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn report_id_for_range(
    stamp: Vec<u8>,
    attachment: u16,
    first_chunk: u64,
    chunk_count: u64,
    reporter: Vec<u8>,
) -> Result<Vec<u8>> {
    let stamp = convert::stamp(&stamp)?;
    Ok(
        ReportId::for_range(&stamp, attachment, first_chunk, chunk_count, &reporter)?
            .as_bytes()
            .to_vec(),
    )
}

/// The report id of a conversation report whose entries have `stamps`, each
/// with whether it is stamp-only, in order.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn report_id_for_conversation(
    stamps: Vec<Vec<u8>>,
    stamp_only: Vec<bool>,
    reporter: Vec<u8>,
) -> Result<Vec<u8>> {
    use franking::conversation::EntryKind;
    if stamps.len() != stamp_only.len() {
        return Err(FrankingError::bad_length(
            "stamp_only",
            stamps.len(),
            stamp_only.len(),
        ));
    }
    let stamps = stamps
        .iter()
        .map(|s| convert::stamp(s))
        .collect::<Result<Vec<Stamp>>>()?;
    let entries = stamps.iter().zip(&stamp_only).map(|(s, &only)| {
        let kind = if only {
            EntryKind::StampOnly
        } else {
            EntryKind::Message
        };
        (kind, s)
    });
    Ok(ReportId::for_conversation(entries, &reporter)?
        .as_bytes()
        .to_vec())
}

/// A decoded 88-byte envelope (SPEC.md 4.4).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct EnvelopeInfo {
    /// The 24-byte nonce.
    pub nonce: Vec<u8>,
    /// The 32-byte franking tag.
    pub franking_tag: Vec<u8>,
    /// The 32-byte integrity tag.
    pub integrity_tag: Vec<u8>,
}

/// A decoded 36-byte stamp (SPEC.md 5.2).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct StampInfo {
    /// The platform key id.
    pub key_id: u32,
    /// The 32-byte MAC.
    pub mac: Vec<u8>,
}

/// Decodes an envelope.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn decode_envelope(envelope: Vec<u8>) -> Result<EnvelopeInfo> {
    let e = convert::envelope(&envelope)?;
    Ok(EnvelopeInfo {
        nonce: e.nonce().as_bytes().to_vec(),
        franking_tag: e.franking_tag().as_bytes().to_vec(),
        integrity_tag: e.integrity_tag().as_bytes().to_vec(),
    })
}

/// Decodes a stamp.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn decode_stamp(stamp: Vec<u8>) -> Result<StampInfo> {
    let s = convert::stamp(&stamp)?;
    Ok(StampInfo {
        key_id: s.key_id().get(),
        mac: s.mac().as_bytes().to_vec(),
    })
}
