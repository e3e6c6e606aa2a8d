//! The report: what a recipient sends the moderator. Its encoding is in `wire/report.rs`.

use crate::commitment::{FrankingTag, Opening};
use crate::context::Context;
use crate::key_id::KeyId;
use crate::secret::ct_eq_bytes;
use crate::stamp::{Stamp, StampMac};

/// An abuse report as it travels: a message, its opening and franking tag, the
/// platform's delivery context and stamp. **Unverified**: pass it to
/// [`moderator::verify`](crate::moderator::verify) to learn whether it is genuine.
///
/// A view, not a copy: [`Report::decode`] borrows every field from the
/// input, and [`OpenedMessage::report`](crate::recipient::OpenedMessage::report)
/// borrows them from the opened message and the stamp. So a report holds no
/// copy of the opening to wipe, and decoding costs the same for any message size.
#[derive(Clone, Copy)]
pub struct Report<'a> {
    key_id: KeyId,
    stamp_mac: &'a [u8; 32],
    franking_tag: &'a [u8; 32],
    opening: &'a [u8; 32],
    context: Context<'a>,
    header: &'a [u8],
    message: &'a [u8],
}

impl<'a> Report<'a> {
    pub(crate) fn new(
        key_id: KeyId,
        stamp_mac: &'a [u8; 32],
        franking_tag: &'a [u8; 32],
        opening: &'a [u8; 32],
        context: Context<'a>,
        header: &'a [u8],
        message: &'a [u8],
    ) -> Self {
        Self {
            key_id,
            stamp_mac,
            franking_tag,
            opening,
            context,
            header,
            message,
        }
    }

    /// The platform's stamp, as claimed.
    pub fn stamp(&self) -> Stamp {
        Stamp::new(self.key_id, StampMac::from_bytes(*self.stamp_mac))
    }

    /// The franking tag, as claimed.
    pub fn franking_tag(&self) -> FrankingTag {
        FrankingTag::from_bytes(*self.franking_tag)
    }

    /// A copy of the opening, as claimed (wiped when dropped).
    pub fn opening(&self) -> Opening {
        Opening::from_bytes(*self.opening)
    }

    /// The opening's bytes, where they lie.
    pub(crate) fn opening_bytes(&self) -> &'a [u8; 32] {
        self.opening
    }

    /// The franking tag's bytes, where they lie.
    pub(crate) fn franking_tag_bytes(&self) -> &'a [u8; 32] {
        self.franking_tag
    }

    /// The delivery context, as claimed.
    pub fn context(&self) -> &Context<'a> {
        &self.context
    }

    /// The header, as claimed.
    pub fn header(&self) -> &'a [u8] {
        self.header
    }

    /// The message, as claimed.
    pub fn message(&self) -> &'a [u8] {
        self.message
    }
}

/// Field by field; the opening, tag and stamp MAC in constant time.
impl PartialEq for Report<'_> {
    fn eq(&self, other: &Self) -> bool {
        let secrets_equal = ct_eq_bytes(self.opening, other.opening)
            & ct_eq_bytes(self.franking_tag, other.franking_tag)
            & ct_eq_bytes(self.stamp_mac, other.stamp_mac);
        bool::from(secrets_equal)
            && self.key_id == other.key_id
            && self.context == other.context
            && self.header == other.header
            && self.message == other.message
    }
}

impl Eq for Report<'_> {}

/// Prints lengths only: reported content must not end up in logs.
impl core::fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Report")
            .field("stamp", &self.stamp())
            .field("franking_tag", &self.franking_tag())
            .field("context", &self.context)
            .field("header_len", &self.header.len())
            .field("message_len", &self.message.len())
            .finish_non_exhaustive()
    }
}
