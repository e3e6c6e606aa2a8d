//! `serde` support (feature `serde`), written by hand so that the feature adds
//! no proc-macro crates and stays `no_std`.
//!
//! Byte strings are hex in human-readable formats (JSON, TOML; written in
//! lowercase, read in either case) and raw bytes in binary ones (postcard,
//! CBOR). Structs are maps with the field names used below, or sequences in
//! field order in formats without names; unknown and duplicate fields are
//! refused. Key ids and timestamps are integers. Deserializing checks what
//! the constructors check: id, header and message lengths, and the exact
//! length of every fixed-size value.
//!
//! Views that borrow ([`Context`], [`Receipt`], [`VerifiedReport`]) only
//! serialize; their owned counterparts (feature `alloc`) also deserialize.
//! [`VerifiedReport`] deliberately does not deserialize: only
//! [`verify`](crate::verify) makes one.

use core::fmt;
use core::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, SeqAccess, Visitor};
use serde::ser::{SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::{Context, FrankingTag, KeyId, Receipt, ReportId, Stamp, StampMac, VerifiedReport};

/// Lowercase hex digits of `bytes`, as `Display`.
struct Hex<'a>(&'a [u8]);

impl fmt::Display for Hex<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

/// A borrowed byte string to serialize: hex or raw bytes.
struct Bytes<'a>(&'a [u8]);

impl Serialize for Bytes<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            serializer.collect_str(&Hex(self.0))
        } else {
            serializer.serialize_bytes(self.0)
        }
    }
}

/// The value of one hex digit.
fn nibble(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        b'A'..=b'F' => Some(digit - b'A' + 10),
        _ => None,
    }
}

/// Where decoded bytes go: a fixed array or (with `alloc`) a vector.
trait Sink: Sized {
    const EXPECTING: &'static str;
    /// An empty sink; `hint` is how many bytes may follow (not trusted).
    fn empty(hint: usize) -> Self;
    /// Whether a byte string of exactly `len` bytes is acceptable.
    fn fits(len: usize) -> bool;
    /// Appends a byte; `false` if the sink is already full.
    fn push(&mut self, byte: u8) -> bool;
    /// Whether the sink holds a whole value.
    fn is_complete(&self) -> bool;
}

/// Exactly `N` bytes. They may be an opening on its way into an
/// `Opening`: wiped on drop by the zeroize crate.
struct Array<const N: usize> {
    bytes: Zeroizing<[u8; N]>,
    filled: usize,
}

impl<const N: usize> Sink for Array<N> {
    const EXPECTING: &'static str = "a fixed-length byte string (hex or bytes)";
    fn empty(_hint: usize) -> Self {
        Self {
            bytes: Zeroizing::new([0u8; N]),
            filled: 0,
        }
    }
    fn fits(len: usize) -> bool {
        len == N
    }
    fn push(&mut self, byte: u8) -> bool {
        match self.bytes.get_mut(self.filled) {
            Some(slot) => {
                *slot = byte;
                self.filled += 1;
                true
            }
            None => false,
        }
    }
    fn is_complete(&self) -> bool {
        self.filled == N
    }
}

/// Reads a byte string in whichever form the format offers.
struct BytesVisitor<T>(PhantomData<T>);

impl<'de, T: Sink> Visitor<'de> for BytesVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_str<E: de::Error>(self, hex: &str) -> Result<T, E> {
        let digits = hex.as_bytes();
        let bad = || E::invalid_value(de::Unexpected::Str(hex), &self);
        if !digits.len().is_multiple_of(2) || !T::fits(digits.len() / 2) {
            return Err(bad());
        }
        let mut out = T::empty(digits.len() / 2);
        for pair in digits.chunks_exact(2) {
            let (hi, lo) = match pair {
                [hi, lo] => (nibble(*hi), nibble(*lo)),
                _ => (None, None),
            };
            out.push((hi.ok_or_else(bad)? << 4) | lo.ok_or_else(bad)?);
        }
        Ok(out)
    }

    fn visit_bytes<E: de::Error>(self, bytes: &[u8]) -> Result<T, E> {
        if !T::fits(bytes.len()) {
            return Err(E::invalid_length(bytes.len(), &self));
        }
        let mut out = T::empty(bytes.len());
        for b in bytes {
            out.push(*b);
        }
        Ok(out)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<T, A::Error> {
        // Formats that write bytes as a sequence of integers.
        let mut out = T::empty(seq.size_hint().unwrap_or(0));
        let mut count = 0usize;
        while let Some(byte) = seq.next_element::<u8>()? {
            count += 1;
            if !out.push(byte) {
                return Err(de::Error::invalid_length(count, &self));
            }
        }
        if !out.is_complete() {
            return Err(de::Error::invalid_length(count, &self));
        }
        Ok(out)
    }
}

/// Deserializes a byte string into `T`.
fn deserialize_bytes<'de, D: Deserializer<'de>, T: Sink>(deserializer: D) -> Result<T, D::Error> {
    if deserializer.is_human_readable() {
        deserializer.deserialize_str(BytesVisitor(PhantomData))
    } else {
        deserializer.deserialize_bytes(BytesVisitor(PhantomData))
    }
}

impl<'de, const N: usize> Deserialize<'de> for Array<N> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_bytes(deserializer)
    }
}

/// Serialize and Deserialize for a public fixed-size byte newtype.
macro_rules! bytes_serde {
    ($($name:ident),+) => {$(
        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                Bytes(self.as_bytes()).serialize(serializer)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let array: Array<{ $name::LEN }> = deserialize_bytes(deserializer)?;
                Ok($name::from_bytes(*array.bytes))
            }
        }
    )+};
}

bytes_serde!(FrankingTag, StampMac, ReportId);

impl Serialize for KeyId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u32(self.get())
    }
}

impl<'de> Deserialize<'de> for KeyId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        u32::deserialize(deserializer).map(KeyId::new)
    }
}

/// Matches a struct's field name (or, in formats that number fields, its
/// index) against the list of names.
struct FieldIndex(&'static [&'static str]);

impl<'de> DeserializeSeed<'de> for FieldIndex {
    type Value = usize;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<usize, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for FieldIndex {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<usize, E> {
        self.0
            .iter()
            .position(|field| *field == name)
            .ok_or_else(|| E::unknown_field(name, self.0))
    }

    fn visit_bytes<E: de::Error>(self, name: &[u8]) -> Result<usize, E> {
        self.0
            .iter()
            .position(|field| field.as_bytes() == name)
            .ok_or_else(|| E::invalid_value(de::Unexpected::Bytes(name), &self))
    }

    fn visit_u64<E: de::Error>(self, index: u64) -> Result<usize, E> {
        usize::try_from(index)
            .ok()
            .filter(|i| *i < self.0.len())
            .ok_or_else(|| E::invalid_value(de::Unexpected::Unsigned(index), &self))
    }
}

/// `Deserialize` for a struct from a map of its field names or a sequence in
/// field order. `$build` sees each field by name and returns
/// `Result<$ty, crate::Error>`.
macro_rules! deserialize_struct {
    ($ty:ty, $name:literal, [$($field:ident: $fty:ty),+ $(,)?], $build:expr) => {
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                use serde::de::{self, MapAccess, SeqAccess, Visitor};
                const FIELDS: &[&str] = &[$(stringify!($field)),+];

                struct StructVisitor;

                impl<'de> Visitor<'de> for StructVisitor {
                    type Value = $ty;

                    fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                        f.write_str(concat!("a ", $name))
                    }

                    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<$ty, A::Error> {
                        let mut count = 0;
                        $(
                            let $field: $fty = seq
                                .next_element()?
                                .ok_or_else(|| de::Error::invalid_length(count, &self))?;
                            count += 1;
                        )+
                        let _ = count;
                        $build.map_err(de::Error::custom)
                    }

                    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<$ty, A::Error> {
                        $( let mut $field: Option<$fty> = None; )+
                        while let Some(index) =
                            map.next_key_seed($crate::serde_impls::FieldIndex(FIELDS))?
                        {
                            let mut position = 0;
                            $(
                                if index == position {
                                    if $field.is_some() {
                                        return Err(de::Error::duplicate_field(stringify!($field)));
                                    }
                                    $field = Some(map.next_value()?);
                                }
                                position += 1;
                            )+
                            let _ = position;
                        }
                        $(
                            let $field = $field
                                .ok_or_else(|| de::Error::missing_field(stringify!($field)))?;
                        )+
                        $build.map_err(de::Error::custom)
                    }
                }

                deserializer.deserialize_struct($name, FIELDS, StructVisitor)
            }
        }
    };
}

impl Serialize for Stamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Stamp", 2)?;
        s.serialize_field("key_id", &self.key_id())?;
        s.serialize_field("mac", self.mac())?;
        s.end()
    }
}

deserialize_struct!(Stamp, "Stamp", [key_id: KeyId, mac: StampMac], {
    Ok::<_, crate::Error>(Stamp::new(key_id, mac))
});

/// Every field of a context (also `OwnedContext`'s form).
impl Serialize for Context<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Context", 6)?;
        s.serialize_field("sender", &Bytes(self.sender()))?;
        s.serialize_field("recipient", &Bytes(self.recipient()))?;
        s.serialize_field("timestamp", &self.timestamp())?;
        s.serialize_field("message_id", &Bytes(self.message_id()))?;
        s.serialize_field("conversation", &Bytes(self.conversation()))?;
        s.serialize_field("seq", &self.seq())?;
        s.end()
    }
}

impl Serialize for Receipt<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Receipt", 3)?;
        s.serialize_field("stamp", self.stamp())?;
        s.serialize_field("franking_tag", self.franking_tag())?;
        s.serialize_field("context", self.context())?;
        s.end()
    }
}

/// For a moderation dashboard: the verified stamp, franking tag, context,
/// header and message. Output only.
impl Serialize for VerifiedReport<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("VerifiedReport", 5)?;
        s.serialize_field("stamp", self.stamp())?;
        s.serialize_field("franking_tag", self.franking_tag())?;
        s.serialize_field("context", self.context())?;
        s.serialize_field("header", &Bytes(self.header()))?;
        s.serialize_field("message", &Bytes(self.message()))?;
        s.end()
    }
}

#[cfg(feature = "alloc")]
mod owned {
    use alloc::vec::Vec;

    use serde::ser::{SerializeStruct, Serializer};
    use serde::{Deserializer, Serialize};

    use super::{Array, Bytes, Sink, deserialize_bytes};
    use crate::{FrankingTag, Opening, OwnedContext, OwnedReceipt, OwnedReport, Stamp};

    /// Any number of bytes.
    pub(super) struct ByteVec(pub(super) Vec<u8>);

    impl Sink for ByteVec {
        const EXPECTING: &'static str = "a byte string (hex or bytes)";
        fn empty(hint: usize) -> Self {
            // A size hint from the input is not trusted with memory.
            Self(Vec::with_capacity(hint.min(4096)))
        }
        fn fits(_len: usize) -> bool {
            true
        }
        fn push(&mut self, byte: u8) -> bool {
            self.0.push(byte);
            true
        }
        fn is_complete(&self) -> bool {
            true
        }
    }

    impl<'de> serde::Deserialize<'de> for ByteVec {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserialize_bytes(deserializer)
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
        OwnedContext::new(sender.0, recipient.0, timestamp, message_id.0)
            .and_then(|c| c.in_conversation(conversation.0, seq))
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
            header.0,
            message.0,
        )
    );
}
