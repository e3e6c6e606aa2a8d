//! The owned types (feature `alloc`): what a server stores.

use alloc::vec::Vec;

use serde::Serialize;
use serde::de::Deserializer;
use serde::ser::{SerializeStruct, Serializer};
use zeroize::Zeroizing;

use super::bytes::{Array, Sink, deserialize_bytes};
use super::{Bytes, Field};
use crate::{FrankingTag, Opening, OwnedContext, OwnedReceipt, OwnedReport, Stamp};

/// Any number of bytes, wiped on drop: they may be a message on its way
/// into an `OwnedReport`, and a vector that grows leaves no copy behind.
pub(super) struct ByteVec(pub(super) Zeroizing<Vec<u8>>);

impl ByteVec {
    /// The bytes, for a constructor that takes a `Vec`.
    pub(super) fn take(mut self) -> Vec<u8> {
        core::mem::take(&mut *self.0)
    }
}

impl Sink for ByteVec {
    const LEN: Option<usize> = None;
    fn with_capacity(capacity: usize) -> Self {
        Self(Zeroizing::new(Vec::with_capacity(capacity)))
    }
    fn push(&mut self, byte: u8) -> bool {
        if self.0.len() == self.0.capacity() {
            // Grow by hand: the old buffer is wiped when it drops here,
            // where Vec's own growth would free it as it is.
            let mut grown = Vec::with_capacity(self.0.capacity().saturating_mul(2).max(64));
            grown.extend_from_slice(&self.0);
            self.0 = Zeroizing::new(grown);
        }
        self.0.push(byte);
        true
    }
    fn is_complete(&self) -> bool {
        true
    }
}

impl<'de> Field<'de> for ByteVec {
    fn deserialize_field<D: Deserializer<'de>>(
        d: D,
        field: &'static str,
    ) -> Result<Self, D::Error> {
        deserialize_bytes(d, field)
    }
}

/// The same form as [`Context`](crate::Context)'s.
impl Serialize for OwnedContext {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.as_view().serialize(serializer)
    }
}

deserialize_struct!(
    OwnedContext,
    "Context",
    [
        sender: ByteVec,
        recipient: ByteVec,
        timestamp: u64,
        message_id: ByteVec,
        conversation: ByteVec,
        seq: u64,
    ],
    OwnedContext::new(sender.take(), recipient.take(), timestamp, message_id.take())
        .and_then(|c| c.in_conversation(conversation.take(), seq))
);

/// The same form as [`Receipt`](crate::Receipt)'s.
impl Serialize for OwnedReceipt {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.as_view().serialize(serializer)
    }
}

deserialize_struct!(
    OwnedReceipt,
    "Receipt",
    [stamp: Stamp, franking_tag: FrankingTag, context: OwnedContext],
    Ok::<_, crate::Error>(OwnedReceipt::new(stamp, franking_tag, context))
);

/// Includes the opening: this is what a server stores to verify later.
/// Treat the output as secret until the report is acted on.
impl Serialize for OwnedReport {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Report", 6)?;
        s.serialize_field("stamp", self.stamp())?;
        s.serialize_field("franking_tag", self.franking_tag())?;
        s.serialize_field("opening", &Bytes(self.opening().as_bytes()))?;
        s.serialize_field("context", self.context())?;
        s.serialize_field("header", &Bytes(self.header()))?;
        s.serialize_field("message", &Bytes(self.message()))?;
        s.end()
    }
}

deserialize_struct!(
    OwnedReport,
    "Report",
    [
        stamp: Stamp,
        franking_tag: FrankingTag,
        opening: Array<32>,
        context: OwnedContext,
        header: ByteVec,
        message: ByteVec,
    ],
    OwnedReport::new(
        stamp,
        franking_tag,
        Opening::from_bytes(*opening.bytes),
        context,
        header.take(),
        message.take(),
    )
);
