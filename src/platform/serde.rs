//! `serde` for [`KeyInterval`] (feature `serde`), written by hand like the
//! crate's other impls: a struct `{ "not_before": u64, "not_after": u64 }`
//! (a sequence in field order in formats without names), unknown and
//! duplicate fields refused, and `not_before <= not_after` checked as
//! [`KeyInterval::new`] does. Intervals are public: what a moderation
//! service shows or stores beside a key id. Keys themselves have no serde:
//! they move as [`KeyRecord`](super::KeyRecord) encodings.

use core::fmt;

use ::serde::de::{self, MapAccess, SeqAccess, Visitor};
use ::serde::ser::SerializeStruct;
use ::serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::KeyInterval;

const FIELDS: &[&str] = &["not_before", "not_after"];

impl Serialize for KeyInterval {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("KeyInterval", 2)?;
        s.serialize_field("not_before", &self.not_before())?;
        s.serialize_field("not_after", &self.not_after())?;
        s.end()
    }
}

/// One of the two field names (or, in formats that number fields, its index).
struct Field(usize);

impl<'de> Deserialize<'de> for Field {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_identifier(FieldVisitor)
    }
}

struct FieldVisitor;

impl Visitor<'_> for FieldVisitor {
    type Value = Field;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("`not_before` or `not_after`")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<Field, E> {
        FIELDS
            .iter()
            .position(|field| *field == name)
            .map(Field)
            .ok_or_else(|| E::unknown_field(name, FIELDS))
    }

    fn visit_bytes<E: de::Error>(self, name: &[u8]) -> Result<Field, E> {
        FIELDS
            .iter()
            .position(|field| field.as_bytes() == name)
            .map(Field)
            .ok_or_else(|| E::custom("unknown field in a KeyInterval"))
    }

    fn visit_u64<E: de::Error>(self, index: u64) -> Result<Field, E> {
        match index {
            0 | 1 => Ok(Field(index as usize)),
            _ => Err(E::invalid_value(de::Unexpected::Unsigned(index), &self)),
        }
    }
}

/// `KeyInterval::new`, with its error as a serde error naming no value
/// beyond the two public integers.
fn build<E: de::Error>(not_before: u64, not_after: u64) -> Result<KeyInterval, E> {
    KeyInterval::new(not_before, not_after).map_err(E::custom)
}

struct IntervalVisitor;

impl<'de> Visitor<'de> for IntervalVisitor {
    type Value = KeyInterval;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a KeyInterval")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<KeyInterval, A::Error> {
        let not_before = seq
            .next_element()?
            .ok_or_else(|| de::Error::invalid_length(0, &self))?;
        let not_after = seq
            .next_element()?
            .ok_or_else(|| de::Error::invalid_length(1, &self))?;
        if seq.next_element::<de::IgnoredAny>()?.is_some() {
            return Err(de::Error::invalid_length(3, &self));
        }
        build(not_before, not_after)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<KeyInterval, A::Error> {
        let mut values: [Option<u64>; 2] = [None, None];
        while let Some(Field(index)) = map.next_key()? {
            let (Some(slot), Some(name)) = (values.get_mut(index), FIELDS.get(index)) else {
                return Err(de::Error::custom("unknown field in a KeyInterval"));
            };
            if slot.is_some() {
                return Err(de::Error::duplicate_field(name));
            }
            *slot = Some(map.next_value()?);
        }
        let [not_before, not_after] = values;
        let not_before = not_before.ok_or_else(|| de::Error::missing_field("not_before"))?;
        let not_after = not_after.ok_or_else(|| de::Error::missing_field("not_after"))?;
        build(not_before, not_after)
    }
}

impl<'de> Deserialize<'de> for KeyInterval {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_struct("KeyInterval", FIELDS, IntervalVisitor)
    }
}
