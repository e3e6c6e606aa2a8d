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

use serde::Serialize;
use serde::de::{self, DeserializeSeed, Deserializer, Visitor};
use serde::ser::{SerializeStruct, Serializer};

use crate::{Context, KeyId, Receipt, Stamp, StampMac, VerifiedReport};

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

// After the macros above, which they use.
mod bytes;
#[cfg(feature = "alloc")]
mod owned;
mod unsigned;

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
