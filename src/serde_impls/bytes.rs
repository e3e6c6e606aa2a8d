//! Byte strings: hex in human-readable formats, raw bytes (or a sequence of
//! integers) in binary ones, into a fixed array or a vector; and the public
//! fixed-size byte newtypes.

use core::fmt;
use core::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, SeqAccess, Visitor};
use serde::ser::Serializer;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::{Bytes, Field, field_error};
use crate::{FrankingTag, ReportId, StampMac};

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
pub(super) trait Sink: Sized {
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
pub(super) struct Array<const N: usize> {
    pub(super) bytes: Zeroizing<[u8; N]>,
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
pub(super) fn deserialize_bytes<'de, D: Deserializer<'de>, T: Sink>(
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

impl<'de, const N: usize> Field<'de> for Array<N> {
    fn deserialize_field<D: Deserializer<'de>>(
        d: D,
        field: &'static str,
    ) -> Result<Self, D::Error> {
        deserialize_bytes(d, field)
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
