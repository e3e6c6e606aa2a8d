//! Unsigned integers (key ids, timestamps, sequence numbers): numbers in
//! every format, never strings.

use core::fmt;
use core::marker::PhantomData;

use serde::de::{self, Deserializer, Visitor};
use serde::ser::Serializer;
use serde::{Deserialize, Serialize};

use super::{Field, field_error};
use crate::KeyId;

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
