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
//! Errors name the field and the problem (`opening: 62 hex digits, expected
//! 64`, `message: not a hex digit at offset 40`), never the value: no
//! opening, content or unknown field name reaches a log, and an error costs
//! a few dozen bytes whatever the input's size. Hex is checked before any
//! memory is taken, and a byte string then takes exactly its decoded length,
//! in a buffer wiped on drop. Integers and structs are read through
//! `deserialize_any` in human-readable formats, so that a string in their
//! place reaches these visitors rather than the format's own error, which
//! would print it. Byte strings are read with `deserialize_str`, so that
//! YAML's unquoted hex stays a string; a format may then print a number found
//! where a byte string belongs (never one of this crate's values, which are
//! all strings there).
//!
//! Views that borrow ([`Context`], [`Receipt`], [`VerifiedReport`]) only
//! serialize; their owned counterparts (feature `alloc`) also deserialize.
//! [`VerifiedReport`] deliberately does not deserialize: only
//! [`verify`](crate::verify) makes one, and a type that says "verified" must
//! not be made from stored bytes. What to persist is the versioned binary
//! encoding (`OwnedReport::to_vec`, `OwnedReceipt::to_vec`), which SPEC.md
//! fixes; this serde form is the crate's own layout, for output and for
//! queues whose both ends run this crate.

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

/// An error that names `field` and the problem. Never the value: an opening,
/// a message or an attacker's megabytes must not reach a log line, and the
/// message stays a few dozen bytes whatever the input's size.
fn field_error<E: de::Error>(field: &'static str, problem: fmt::Arguments<'_>) -> E {
    E::custom(format_args!("{field}: {problem}"))
}

/// Visitor methods for the kinds of value a visitor does not read: serde's
/// defaults would print the string, bytes or number found. Each visitor has
/// `field` and `expected()`.
macro_rules! refuse_kinds {
    ($($method:ident($ty:ty) => $found:literal),+ $(,)?) => {$(
        fn $method<E: de::Error>(self, _: $ty) -> Result<Self::Value, E> {
            Err(field_error(
                self.field,
                format_args!("expected {}, found {}", self.expected(), $found),
            ))
        }
    )+};
}

/// Where decoded bytes go: a fixed array or (with `alloc`) a vector.
trait Sink: Sized {
    /// The exact length, for a fixed array.
    const LEN: Option<usize>;
    /// An empty sink with room for `capacity` bytes (a length the input
    /// holds, never a hint it merely announces).
    fn with_capacity(capacity: usize) -> Self;
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
    const LEN: Option<usize> = Some(N);
    fn with_capacity(_capacity: usize) -> Self {
        Self {
            bytes: Zeroizing::new([0u8; N]),
            filled: 0,
        }
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

/// Reads the byte string of field `field` in whichever form the format
/// offers.
struct BytesVisitor<T> {
    field: &'static str,
    sink: PhantomData<T>,
}

impl<T: Sink> BytesVisitor<T> {
    fn expected(&self) -> &'static str {
        match T::LEN {
            Some(_) => "a fixed-length byte string (hex or bytes)",
            None => "a byte string (hex or bytes)",
        }
    }

    /// The error for `len` bytes where a fixed-length value is wanted.
    fn wrong_len<E: de::Error>(&self, len: usize, unit: &str, per_byte: usize) -> E {
        let want = T::LEN.unwrap_or(0).saturating_mul(per_byte);
        field_error(self.field, format_args!("{len} {unit}, expected {want}"))
    }
}

impl<'de, T: Sink> Visitor<'de> for BytesVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.expected())
    }

    fn visit_str<E: de::Error>(self, hex: &str) -> Result<T, E> {
        let digits = hex.as_bytes();
        if !digits.len().is_multiple_of(2) {
            let n = digits.len();
            return Err(field_error(
                self.field,
                format_args!("an odd number of hex digits ({n})"),
            ));
        }
        if T::LEN.is_some_and(|len| len != digits.len() / 2) {
            return Err(self.wrong_len(digits.len(), "hex digits", 2));
        }
        // Every digit checked before any memory is taken: a bad string costs
        // no allocation, and a good one exactly its decoded length.
        if let Some(at) = digits.iter().position(|d| nibble(*d).is_none()) {
            return Err(field_error(
                self.field,
                format_args!("not a hex digit at offset {at}"),
            ));
        }
        let mut out = T::with_capacity(digits.len() / 2);
        for pair in digits.chunks_exact(2) {
            let (hi, lo) = match pair {
                [hi, lo] => (nibble(*hi).unwrap_or(0), nibble(*lo).unwrap_or(0)),
                _ => (0, 0),
            };
            out.push((hi << 4) | lo);
        }
        Ok(out)
    }

    fn visit_bytes<E: de::Error>(self, bytes: &[u8]) -> Result<T, E> {
        if T::LEN.is_some_and(|len| len != bytes.len()) {
            return Err(self.wrong_len(bytes.len(), "bytes", 1));
        }
        let mut out = T::with_capacity(bytes.len());
        for b in bytes {
            out.push(*b);
        }
        Ok(out)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<T, A::Error> {
        // Formats that write bytes as a sequence of integers. The size hint
        // is only announced, not held: it is not trusted with memory.
        let mut out = T::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        let mut count = 0usize;
        let element = ByteElement { field: self.field };
        while let Some(byte) = seq.next_element_seed(element)? {
            count += 1;
            if !out.push(byte) {
                let max = T::LEN.unwrap_or(0);
                return Err(field_error(
                    self.field,
                    format_args!("more than {max} bytes"),
                ));
            }
        }
        if !out.is_complete() {
            return Err(self.wrong_len(count, "bytes", 1));
        }
        Ok(out)
    }

    refuse_kinds!(
        visit_bool(bool) => "a boolean",
        visit_i64(i64) => "an integer",
        visit_u64(u64) => "an integer",
        visit_f64(f64) => "a number",
    );
}

/// One element of a byte string written as a sequence of integers.
#[derive(Clone, Copy)]
struct ByteElement {
    field: &'static str,
}

impl ByteElement {
    fn expected(&self) -> &'static str {
        "a byte (0 to 255)"
    }
}

impl<'de> DeserializeSeed<'de> for ByteElement {
    type Value = u8;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<u8, D::Error> {
        deserializer.deserialize_u8(self)
    }
}

impl<'de> Visitor<'de> for ByteElement {
    type Value = u8;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.expected())
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<u8, E> {
        u8::try_from(value).map_err(|_| {
            field_error(
                self.field,
                format_args!("an element out of range, expected {}", self.expected()),
            )
        })
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<u8, E> {
        u8::try_from(value).map_err(|_| {
            field_error(
                self.field,
                format_args!("an element out of range, expected {}", self.expected()),
            )
        })
    }

    refuse_kinds!(
        visit_bool(bool) => "a boolean",
        visit_f64(f64) => "a number",
        visit_str(&str) => "a string",
        visit_bytes(&[u8]) => "bytes",
    );
}

/// Deserializes the byte string of field `field` into `T`.
fn deserialize_bytes<'de, D: Deserializer<'de>, T: Sink>(
    deserializer: D,
    field: &'static str,
) -> Result<T, D::Error> {
    let visitor = BytesVisitor {
        field,
        sink: PhantomData,
    };
    if deserializer.is_human_readable() {
        deserializer.deserialize_str(visitor)
    } else {
        deserializer.deserialize_bytes(visitor)
    }
}

/// A value that deserializes as a named struct field, naming the field in
/// its errors.
pub(crate) trait Field<'de>: Sized {
    /// Deserializes the value of field `field`.
    fn deserialize_field<D: Deserializer<'de>>(
        deserializer: D,
        field: &'static str,
    ) -> Result<Self, D::Error>;
}

/// Deserializes a `T` as field `.0` of a struct.
pub(crate) struct Named<T>(pub(crate) &'static str, pub(crate) PhantomData<T>);

impl<'de, T: Field<'de>> DeserializeSeed<'de> for Named<T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::deserialize_field(deserializer, self.0)
    }
}

impl<'de, const N: usize> Field<'de> for Array<N> {
    fn deserialize_field<D: Deserializer<'de>>(
        d: D,
        field: &'static str,
    ) -> Result<Self, D::Error> {
        deserialize_bytes(d, field)
    }
}

/// An unsigned integer field: a number in every format, never a string (whose
/// text serde's own error would print).
trait Unsigned: TryFrom<u64> {
    fn deserialize_binary<'de, D: Deserializer<'de>, V: Visitor<'de>>(
        d: D,
        visitor: V,
    ) -> Result<V::Value, D::Error>;
}

impl Unsigned for u32 {
    fn deserialize_binary<'de, D: Deserializer<'de>, V: Visitor<'de>>(
        d: D,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        d.deserialize_u32(visitor)
    }
}

impl Unsigned for u64 {
    fn deserialize_binary<'de, D: Deserializer<'de>, V: Visitor<'de>>(
        d: D,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        d.deserialize_u64(visitor)
    }
}

struct UnsignedVisitor<T> {
    field: &'static str,
    int: PhantomData<T>,
}

impl<T> UnsignedVisitor<T> {
    fn expected(&self) -> &'static str {
        "an unsigned integer"
    }
}

impl<'de, T: Unsigned> Visitor<'de> for UnsignedVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.expected())
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<T, E> {
        T::try_from(value)
            .map_err(|_| field_error(self.field, format_args!("an integer out of range")))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<T, E> {
        // TOML and others hand every integer over as i64.
        u64::try_from(value)
            .map_err(|_| field_error(self.field, format_args!("a negative integer")))
            .and_then(|value| self.visit_u64(value))
    }

    refuse_kinds!(
        visit_bool(bool) => "a boolean",
        visit_f64(f64) => "a number with a fraction or exponent",
        visit_str(&str) => "a string",
        visit_bytes(&[u8]) => "bytes",
    );
}

/// Reads an unsigned integer field. In human-readable formats through
/// `deserialize_any`, so that a string in its place reaches the visitor,
/// which does not print it (serde_json's own error would).
fn deserialize_unsigned<'de, D: Deserializer<'de>, T: Unsigned>(
    d: D,
    field: &'static str,
) -> Result<T, D::Error> {
    let visitor = UnsignedVisitor {
        field,
        int: PhantomData,
    };
    if d.is_human_readable() {
        d.deserialize_any(visitor)
    } else {
        T::deserialize_binary(d, visitor)
    }
}

impl<'de> Field<'de> for u64 {
    fn deserialize_field<D: Deserializer<'de>>(
        d: D,
        field: &'static str,
    ) -> Result<Self, D::Error> {
        deserialize_unsigned(d, field)
    }
}

/// Serialize, Deserialize and Field for a public fixed-size byte newtype;
/// `$field` names it in errors when it is deserialized on its own.
macro_rules! bytes_serde {
    ($($name:ident: $field:literal),+) => {$(
        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                Bytes(self.as_bytes()).serialize(serializer)
            }
        }

        impl<'de> Field<'de> for $name {
            fn deserialize_field<D: Deserializer<'de>>(
                deserializer: D,
                field: &'static str,
            ) -> Result<Self, D::Error> {
                let array: Array<{ $name::LEN }> = deserialize_bytes(deserializer, field)?;
                Ok($name::from_bytes(*array.bytes))
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                Self::deserialize_field(deserializer, $field)
            }
        }
    )+};
}

bytes_serde!(FrankingTag: "franking_tag", StampMac: "mac", ReportId: "report_id");

impl Serialize for KeyId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u32(self.get())
    }
}

impl<'de> Field<'de> for KeyId {
    fn deserialize_field<D: Deserializer<'de>>(
        d: D,
        field: &'static str,
    ) -> Result<Self, D::Error> {
        deserialize_unsigned::<D, u32>(d, field).map(KeyId::new)
    }
}

impl<'de> Deserialize<'de> for KeyId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Self::deserialize_field(deserializer, "key_id")
    }
}

/// `a`, `b` and `c`, for the list of a struct's fields.
struct OneOf(&'static [&'static str]);

impl fmt::Display for OneOf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, name) in self.0.iter().enumerate() {
            let sep = if i == 0 { "" } else { ", " };
            write!(f, "{sep}`{name}`")?;
        }
        Ok(())
    }
}

/// Matches a struct's field name (or, in formats that number fields, its
/// index) against the list of names. An unknown name is not printed: it is
/// input, of any length.
pub(crate) struct FieldIndex {
    pub(crate) field: &'static str,
    pub(crate) names: &'static [&'static str],
}

impl FieldIndex {
    fn expected(&self) -> &'static str {
        "a field name"
    }

    fn unknown<E: de::Error>(&self) -> E {
        field_error(
            self.field,
            format_args!("an unknown field, expected one of {}", OneOf(self.names)),
        )
    }
}

impl<'de> DeserializeSeed<'de> for FieldIndex {
    type Value = usize;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<usize, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for FieldIndex {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.expected())
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<usize, E> {
        self.names
            .iter()
            .position(|field| *field == name)
            .ok_or_else(|| self.unknown())
    }

    fn visit_bytes<E: de::Error>(self, name: &[u8]) -> Result<usize, E> {
        self.names
            .iter()
            .position(|field| field.as_bytes() == name)
            .ok_or_else(|| self.unknown())
    }

    fn visit_u64<E: de::Error>(self, index: u64) -> Result<usize, E> {
        usize::try_from(index)
            .ok()
            .filter(|i| *i < self.names.len())
            .ok_or_else(|| self.unknown())
    }

    refuse_kinds!(
        visit_bool(bool) => "a boolean",
        visit_i64(i64) => "a negative integer",
        visit_f64(f64) => "a number",
    );
}

/// `Deserialize` and `Field` for a struct from a map of its field names or a
/// sequence in field order. `$build` sees each field by name and returns
/// `Result<$ty, crate::Error>`. Errors name the field (or, for the struct
/// itself, the field holding it), never a value.
macro_rules! deserialize_struct {
    ($ty:ty, $name:literal, [$($field:ident: $fty:ty),+ $(,)?], $build:expr) => {
        impl<'de> $crate::serde_impls::Field<'de> for $ty {
            fn deserialize_field<D: serde::Deserializer<'de>>(
                deserializer: D,
                field: &'static str,
            ) -> Result<Self, D::Error> {
                use core::marker::PhantomData;
                use serde::de::{self, MapAccess, SeqAccess, Visitor};
                use $crate::serde_impls::{FieldIndex, Named, field_error};
                const FIELDS: &[&str] = &[$(stringify!($field)),+];

                struct StructVisitor {
                    field: &'static str,
                }

                impl StructVisitor {
                    fn expected(&self) -> &'static str {
                        concat!("a ", $name, " (a map or a sequence)")
                    }
                }

                impl<'de> Visitor<'de> for StructVisitor {
                    type Value = $ty;

                    fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                        write!(f, "{}: {}", self.field, self.expected())
                    }

                    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<$ty, A::Error> {
                        let mut count = 0;
                        $(
                            let $field: $fty = seq
                                .next_element_seed(Named(stringify!($field), PhantomData))?
                                .ok_or_else(|| de::Error::invalid_length(count, &self))?;
                            count += 1;
                        )+
                        let _ = count;
                        $build.map_err(de::Error::custom)
                    }

                    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<$ty, A::Error> {
                        $( let mut $field: Option<$fty> = None; )+
                        while let Some(index) = map.next_key_seed(FieldIndex {
                            field: self.field,
                            names: FIELDS,
                        })? {
                            let mut position = 0;
                            $(
                                if index == position {
                                    if $field.is_some() {
                                        return Err(de::Error::duplicate_field(stringify!($field)));
                                    }
                                    $field = Some(
                                        map.next_value_seed(Named(stringify!($field), PhantomData))?,
                                    );
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

                    refuse_kinds!(
                        visit_bool(bool) => "a boolean",
                        visit_i64(i64) => "an integer",
                        visit_u64(u64) => "an integer",
                        visit_f64(f64) => "a number",
                        visit_str(&str) => "a string",
                        visit_bytes(&[u8]) => "bytes",
                    );
                }

                let visitor = StructVisitor { field };
                // Human-readable formats go through deserialize_any, so that a
                // string in the struct's place reaches the visitor, which does
                // not print it.
                if deserializer.is_human_readable() {
                    deserializer.deserialize_any(visitor)
                } else {
                    deserializer.deserialize_struct($name, FIELDS, visitor)
                }
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <$ty as $crate::serde_impls::Field<'de>>::deserialize_field(deserializer, $name)
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

/// For a moderation dashboard, an API or an audit log: the verified stamp,
/// franking tag, context, header and message. Output only: a verified report
/// read back from storage would be unverified data posing as verified, so
/// none deserializes; persist the report's encoding instead and verify it
/// again.
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

    use serde::Serialize;
    use serde::de::Deserializer;
    use serde::ser::{SerializeStruct, Serializer};
    use zeroize::Zeroizing;

    use super::{Array, Bytes, Field, Sink, deserialize_bytes};
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
}
