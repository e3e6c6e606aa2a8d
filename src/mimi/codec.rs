//! MLS's presentation language as the MIMI profile uses it (SPEC.md 17.2):
//! variable-length integers of RFC 9420 section 2.1.2, minimal only, and
//! vectors `V(x) = varint(len(x)) || x`.

use crate::Error;

/// Largest length a `varint` encodes: `2^30 - 1`.
pub const MAX_VECTOR_LEN: usize = (1 << 30) - 1;

/// Bytes of `varint(n)`: 1, 2 or 4; `None` if `n` has no encoding.
pub(crate) const fn varint_len(n: usize) -> Option<usize> {
    if n < 1 << 6 {
        Some(1)
    } else if n < 1 << 14 {
        Some(2)
    } else if n <= MAX_VECTOR_LEN {
        Some(4)
    } else {
        None
    }
}

/// Bytes of `V(x)` for `len(x) = n`, or `TooLong` naming `field`.
pub(crate) fn vector_len(field: &'static str, n: usize) -> Result<usize, Error> {
    varint_len(n)
        .and_then(|v| v.checked_add(n))
        .ok_or(Error::TooLong {
            field,
            max: MAX_VECTOR_LEN,
        })
}

/// Sums lengths, saturating: an encoding that does not fit in memory cannot
/// be written anyway, and its writer then fails with `BufferTooSmall`.
pub(crate) fn sum(parts: &[usize]) -> usize {
    parts.iter().fold(0usize, |a, b| a.saturating_add(*b))
}

/// `varint(n)` into `out`, returning the bytes used; `n <= MAX_VECTOR_LEN`.
fn varint_bytes(n: usize) -> Option<([u8; 4], usize)> {
    let n32 = u32::try_from(n).ok()?;
    // `varint_len` picks the width from `n`: 1 byte means n < 2^6 and 2
    // bytes n < 2^14, so neither cast below drops a bit.
    match varint_len(n)? {
        1 => Some(([n32 as u8, 0, 0, 0], 1)),
        2 => {
            let [a, b] = (n32 as u16 | 0x4000).to_be_bytes();
            Some(([a, b, 0, 0], 2))
        }
        _ => Some(((n32 | 0x8000_0000).to_be_bytes(), 4)),
    }
}

/// A cursor over bytes off the wire: every read checks the remaining length
/// and names the field and its offset (from the start of the outermost
/// input) when it fails.
#[derive(Clone)]
pub(crate) struct Reader<'a> {
    rest: &'a [u8],
    offset: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Self::at(bytes, 0)
    }

    /// A reader over `bytes`, which start at `offset` of the outer input.
    pub(crate) fn at(bytes: &'a [u8], offset: usize) -> Self {
        Self {
            rest: bytes,
            offset,
        }
    }

    pub(crate) fn offset(&self) -> usize {
        self.offset
    }

    /// The bytes not read yet.
    pub(crate) fn remaining(&self) -> &'a [u8] {
        self.rest
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }

    pub(crate) fn malformed(&self, field: &'static str) -> Error {
        Error::Malformed {
            field,
            offset: self.offset,
        }
    }

    pub(crate) fn take(&mut self, field: &'static str, n: usize) -> Result<&'a [u8], Error> {
        let (head, rest) = self
            .rest
            .split_at_checked(n)
            .ok_or_else(|| self.malformed(field))?;
        self.rest = rest;
        self.offset = self.offset.saturating_add(n);
        Ok(head)
    }

    pub(crate) fn array<const N: usize>(
        &mut self,
        field: &'static str,
    ) -> Result<&'a [u8; N], Error> {
        let (head, rest) = self
            .rest
            .split_first_chunk::<N>()
            .ok_or_else(|| self.malformed(field))?;
        self.rest = rest;
        self.offset = self.offset.saturating_add(N);
        Ok(head)
    }

    pub(crate) fn u8(&mut self, field: &'static str) -> Result<u8, Error> {
        let [b] = *self.array::<1>(field)?;
        Ok(b)
    }

    pub(crate) fn u16(&mut self, field: &'static str) -> Result<u16, Error> {
        Ok(u16::from_be_bytes(*self.array(field)?))
    }

    pub(crate) fn u64(&mut self, field: &'static str) -> Result<u64, Error> {
        Ok(u64::from_be_bytes(*self.array(field)?))
    }

    /// An MLS `varint`: prefix `11` and non-minimal encodings are refused.
    pub(crate) fn varint(&mut self, field: &'static str) -> Result<usize, Error> {
        let at = self.clone();
        let first = self.u8(field)?;
        let (len, mut value) = match first >> 6 {
            0 => (1usize, u32::from(first)),
            1 => (2, u32::from(first & 0x3f)),
            2 => (4, u32::from(first & 0x3f)),
            _ => return Err(at.malformed(field)),
        };
        for _ in 1..len {
            let b = self.u8(field).map_err(|_| at.malformed(field))?;
            value = (value << 8) | u32::from(b);
        }
        let value = value as usize;
        if varint_len(value) != Some(len) {
            return Err(at.malformed(field));
        }
        Ok(value)
    }

    /// `V(x)`: a varint length, then that many bytes. A length that overruns
    /// the input is reported at the length's offset.
    pub(crate) fn vector(&mut self, field: &'static str) -> Result<&'a [u8], Error> {
        let at = self.offset;
        let len = self.varint(field)?;
        self.take(field, len)
            .map_err(|_| Error::Malformed { field, offset: at })
    }

    /// `V(x)` as a reader over `x`, keeping offsets of the outer input.
    pub(crate) fn sub(&mut self, field: &'static str) -> Result<Reader<'a>, Error> {
        let at = self.offset;
        let len = self.varint(field)?;
        let inner_at = self.offset;
        let bytes = self
            .take(field, len)
            .map_err(|_| Error::Malformed { field, offset: at })?;
        Ok(Reader::at(bytes, inner_at))
    }

    /// Succeeds only if every byte was read.
    pub(crate) fn finish(self) -> Result<(), Error> {
        if self.rest.is_empty() {
            Ok(())
        } else {
            Err(self.malformed("trailing bytes"))
        }
    }
}

/// A cursor over an output buffer. Every write checks the room left; a
/// failure reports the total the encoding needs, as the caller computed it.
pub(crate) struct Writer<'a> {
    rest: &'a mut [u8],
    written: usize,
    needed: usize,
}

impl<'a> Writer<'a> {
    /// A writer of an encoding of `needed` bytes into `out`: fails up front
    /// with `BufferTooSmall` if `out` is shorter.
    pub(crate) fn new(out: &'a mut [u8], needed: usize) -> Result<Self, Error> {
        if out.len() < needed {
            return Err(Error::BufferTooSmall { needed });
        }
        Ok(Self {
            rest: out,
            written: 0,
            needed,
        })
    }

    pub(crate) fn put(&mut self, bytes: &[u8]) -> Result<(), Error> {
        let rest = core::mem::take(&mut self.rest);
        let (head, rest) = rest
            .split_at_mut_checked(bytes.len())
            .ok_or(Error::BufferTooSmall {
                needed: self.needed,
            })?;
        head.copy_from_slice(bytes);
        self.rest = rest;
        self.written = self.written.saturating_add(bytes.len());
        Ok(())
    }

    pub(crate) fn varint(&mut self, field: &'static str, n: usize) -> Result<(), Error> {
        let (bytes, len) = varint_bytes(n).ok_or(Error::TooLong {
            field,
            max: MAX_VECTOR_LEN,
        })?;
        self.put(bytes.get(..len).unwrap_or_default())
    }

    pub(crate) fn vector(&mut self, field: &'static str, bytes: &[u8]) -> Result<(), Error> {
        self.varint(field, bytes.len())?;
        self.put(bytes)
    }

    /// Bytes written; equals `needed` when the encoding is complete.
    pub(crate) fn finish(self) -> usize {
        self.written
    }
}

/// `V(x)` fed to a sink in pieces, for hashing without a buffer.
pub(crate) fn feed_varint(n: usize, sink: &mut impl FnMut(&[u8])) {
    if let Some((bytes, len)) = varint_bytes(n) {
        sink(bytes.get(..len).unwrap_or_default());
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::unwrap_used)]
mod tests {
    use super::*;

    fn enc(n: usize) -> ([u8; 4], usize) {
        varint_bytes(n).unwrap()
    }

    /// RFC 9420's examples (section 2.1.2) and the edges of each form.
    #[test]
    fn varint_matches_rfc_9420_and_its_edges() {
        let cases: [(usize, &[u8]); 7] = [
            (37, &[0x25]),
            (15293, &[0x7b, 0xbd]),
            (494_878_333, &[0x9d, 0x7f, 0x3e, 0x7d]),
            (63, &[0x3f]),
            (64, &[0x40, 0x40]),
            (16383, &[0x7f, 0xff]),
            (16384, &[0x80, 0x00, 0x40, 0x00]),
        ];
        for (n, bytes) in cases {
            let (b, len) = enc(n);
            assert_eq!(&b[..len], bytes, "{n}");
            assert_eq!(Reader::new(bytes).varint("n").unwrap(), n);
        }
        assert!(varint_bytes(MAX_VECTOR_LEN + 1).is_none());
    }

    /// Prefix `11` and every non-minimal form are refused.
    #[test]
    fn varint_refuses_non_minimal_and_reserved_forms() {
        for bad in [
            &[0x40, 0x25][..],
            &[0x80, 0x00, 0x00, 0x25],
            &[0x80, 0x00, 0x3f, 0xff],
            &[0xc0, 0, 0, 0, 0, 0, 0, 1],
            &[0x40],
            &[0x80, 0, 0],
        ] {
            assert!(Reader::new(bad).varint("n").is_err(), "{bad:02x?}");
        }
    }
}
