//! The MIMI content message (draft-ietf-mimi-content), as far as this flow
//! writes it: one text body, with the salt and the sender and room URIs that
//! MIMI franking needs inside the content.
//!
//! ```text
//! mimiContent = [
//!   salt: bstr .size 16,
//!   replaces: null,
//!   topicId: h'',
//!   expires: null,
//!   inReplyTo: null,
//!   extensions: { 1: sender_uri (tstr), 2: room_uri (tstr) },
//!   nestedPart: [disposition: 1 (render), language: "", cardinality: 1 (single),
//!                contentType: tstr, content: bstr]
//! ]
//! ```
//!
//! Deterministic CBOR (RFC 8949 4.2.1: shortest lengths, definite lengths,
//! map keys in order). The decoder accepts exactly this shape and nothing
//! else, so the bytes a member checks the franking tag on, the bytes it
//! renders and the bytes the hub reparses from a report are one encoding of
//! one value. A full MIMI client would accept more of the content format;
//! this flow needs only a text message.

use crate::Error;

/// The `extensions` map key of the sender's user URI (MIMI protocol -06,
/// "Client creation and sending").
const EXT_SENDER_URI: u8 = 1;
/// The `extensions` map key of the room URI.
const EXT_ROOM_URI: u8 = 2;
/// Disposition `render`.
const DISPOSITION_RENDER: u8 = 1;
/// Cardinality `single`: one inline part.
const CARDINALITY_SINGLE: u8 = 1;

/// The content type of every body written here.
pub const TEXT_PLAIN: &str = "text/plain;charset=utf-8";

/// A MIMI content message with one inline body part.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MimiContent {
    /// The per-message salt: the key of the franking tag.
    pub salt: [u8; 16],
    /// The sender's user URI, as the sender asserts it.
    pub sender_uri: String,
    /// The room URI, as the sender asserts it.
    pub room_uri: String,
    /// The body's media type.
    pub content_type: String,
    /// The body.
    pub body: Vec<u8>,
}

impl MimiContent {
    /// A text message.
    pub fn text(salt: [u8; 16], sender_uri: &str, room_uri: &str, text: &str) -> Self {
        Self {
            salt,
            sender_uri: sender_uri.to_owned(),
            room_uri: room_uri.to_owned(),
            content_type: TEXT_PLAIN.to_owned(),
            body: text.as_bytes().to_vec(),
        }
    }

    /// The body as text, if it is UTF-8 text.
    pub fn text_body(&self) -> Option<&str> {
        (self.content_type == TEXT_PLAIN)
            .then(|| core::str::from_utf8(&self.body).ok())
            .flatten()
    }

    /// The `application_data` of the MLS message: the CBOR encoding.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(
            64 + self.sender_uri.len()
                + self.room_uri.len()
                + self.content_type.len()
                + self.body.len(),
        );
        head(&mut out, MAJOR_ARRAY, 7);
        head(&mut out, MAJOR_BYTES, 16);
        out.extend_from_slice(&self.salt);
        out.push(NULL); // replaces
        head(&mut out, MAJOR_BYTES, 0); // topicId
        out.push(NULL); // expires
        out.push(NULL); // inReplyTo
        head(&mut out, MAJOR_MAP, 2);
        head(&mut out, MAJOR_UINT, u64::from(EXT_SENDER_URI));
        text(&mut out, &self.sender_uri);
        head(&mut out, MAJOR_UINT, u64::from(EXT_ROOM_URI));
        text(&mut out, &self.room_uri);
        head(&mut out, MAJOR_ARRAY, 5);
        head(&mut out, MAJOR_UINT, u64::from(DISPOSITION_RENDER));
        text(&mut out, ""); // language
        head(&mut out, MAJOR_UINT, u64::from(CARDINALITY_SINGLE));
        text(&mut out, &self.content_type);
        head(&mut out, MAJOR_BYTES, self.body.len() as u64);
        out.extend_from_slice(&self.body);
        out
    }

    /// Parses `application_data` strictly: exactly the shape [`encode`]
    /// writes, in deterministic CBOR, with no trailing bytes.
    ///
    /// [`encode`]: Self::encode
    pub fn decode(bytes: &[u8]) -> Result<Self, Error> {
        let parsed = Parsed::decode(bytes)?;
        Ok(Self {
            salt: parsed.salt,
            sender_uri: parsed.sender_uri.to_owned(),
            room_uri: parsed.room_uri.to_owned(),
            content_type: parsed.content_type.to_owned(),
            body: parsed.body.to_vec(),
        })
    }
}

/// A MIMI content message parsed in place: what the hub reads from a
/// reported `message_content` (salt, sender, room) without copying it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Parsed<'a> {
    /// The salt.
    pub salt: [u8; 16],
    /// The sender's user URI.
    pub sender_uri: &'a str,
    /// The room URI.
    pub room_uri: &'a str,
    /// The body's media type.
    pub content_type: &'a str,
    /// The body.
    pub body: &'a [u8],
}

impl<'a> Parsed<'a> {
    /// The strict decoder behind [`MimiContent::decode`].
    pub fn decode(bytes: &'a [u8]) -> Result<Self, Error> {
        let mut r = Cbor(bytes);
        r.expect(MAJOR_ARRAY, 7)?;
        let salt = r
            .bytes()?
            .try_into()
            .map_err(|_| Error::Malformed("MIMI content: salt is not 16 bytes"))?;
        r.null()?; // replaces
        if !r.bytes()?.is_empty() {
            return Err(Error::Malformed("MIMI content: topicId"));
        }
        r.null()?; // expires
        r.null()?; // inReplyTo
        r.expect(MAJOR_MAP, 2)?;
        r.expect(MAJOR_UINT, u64::from(EXT_SENDER_URI))?;
        let sender_uri = r.text()?;
        r.expect(MAJOR_UINT, u64::from(EXT_ROOM_URI))?;
        let room_uri = r.text()?;
        r.expect(MAJOR_ARRAY, 5)?;
        r.expect(MAJOR_UINT, u64::from(DISPOSITION_RENDER))?;
        if !r.text()?.is_empty() {
            return Err(Error::Malformed("MIMI content: language"));
        }
        r.expect(MAJOR_UINT, u64::from(CARDINALITY_SINGLE))?;
        let content_type = r.text()?;
        let body = r.bytes()?;
        if !r.0.is_empty() {
            return Err(Error::Malformed("MIMI content: trailing bytes"));
        }
        Ok(Self {
            salt,
            sender_uri,
            room_uri,
            content_type,
            body,
        })
    }
}

const MAJOR_UINT: u8 = 0;
const MAJOR_BYTES: u8 = 2;
const MAJOR_TEXT: u8 = 3;
const MAJOR_ARRAY: u8 = 4;
const MAJOR_MAP: u8 = 5;
const NULL: u8 = 0xf6;

/// A CBOR head with the shortest argument (deterministic encoding).
fn head(out: &mut Vec<u8>, major: u8, value: u64) {
    let major = major << 5;
    match value {
        0..=23 => out.push(major | value as u8),
        24..=0xff => out.extend_from_slice(&[major | 24, value as u8]),
        0x100..=0xffff => {
            out.push(major | 25);
            out.extend_from_slice(&(value as u16).to_be_bytes());
        }
        0x1_0000..=0xffff_ffff => {
            out.push(major | 26);
            out.extend_from_slice(&(value as u32).to_be_bytes());
        }
        _ => {
            out.push(major | 27);
            out.extend_from_slice(&value.to_be_bytes());
        }
    }
}

fn text(out: &mut Vec<u8>, s: &str) {
    head(out, MAJOR_TEXT, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

/// A strict reader of the CBOR subset above.
struct Cbor<'a>(&'a [u8]);

impl<'a> Cbor<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], Error> {
        if self.0.len() < n {
            return Err(Error::Malformed("MIMI content: truncated"));
        }
        let (head, tail) = self.0.split_at(n);
        self.0 = tail;
        Ok(head)
    }

    /// Reads a head of major type `major`; refuses any argument that is not
    /// in its shortest form, and indefinite lengths.
    fn head(&mut self, major: u8) -> Result<u64, Error> {
        let first = self.take(1)?[0];
        if first >> 5 != major {
            return Err(Error::Malformed("MIMI content: unexpected CBOR type"));
        }
        let (value, min) = match first & 0x1f {
            n @ 0..=23 => (u64::from(n), 0),
            24 => (u64::from(self.take(1)?[0]), 24),
            25 => {
                let b = self.take(2)?;
                (u64::from(u16::from_be_bytes([b[0], b[1]])), 0x100)
            }
            26 => {
                let b = self.take(4)?;
                (
                    u64::from(u32::from_be_bytes([b[0], b[1], b[2], b[3]])),
                    0x1_0000,
                )
            }
            27 => {
                let mut b = [0u8; 8];
                b.copy_from_slice(self.take(8)?);
                (u64::from_be_bytes(b), 0x1_0000_0000)
            }
            _ => return Err(Error::Malformed("MIMI content: CBOR length form")),
        };
        if value < min {
            return Err(Error::Malformed("MIMI content: CBOR length not shortest"));
        }
        Ok(value)
    }

    fn expect(&mut self, major: u8, value: u64) -> Result<(), Error> {
        if self.head(major)? != value {
            return Err(Error::Malformed("MIMI content: unexpected value"));
        }
        Ok(())
    }

    fn null(&mut self) -> Result<(), Error> {
        if self.take(1)? != [NULL] {
            return Err(Error::Malformed("MIMI content: expected null"));
        }
        Ok(())
    }

    fn bytes(&mut self) -> Result<&'a [u8], Error> {
        let len = self.head(MAJOR_BYTES)?;
        let len = usize::try_from(len).map_err(|_| Error::Malformed("MIMI content: length"))?;
        self.take(len)
    }

    fn text(&mut self) -> Result<&'a str, Error> {
        let len = self.head(MAJOR_TEXT)?;
        let len = usize::try_from(len).map_err(|_| Error::Malformed("MIMI content: length"))?;
        let bytes = self.take(len)?;
        core::str::from_utf8(bytes).map_err(|_| Error::Malformed("MIMI content: UTF-8"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> MimiContent {
        MimiContent::text(
            [7; 16],
            "mimi://a.example/u/alice",
            "mimi://hub.example/r/clubhouse",
            "hello",
        )
    }

    #[test]
    fn content_round_trips() -> Result<(), Error> {
        let c = sample();
        assert_eq!(MimiContent::decode(&c.encode())?, c);
        assert_eq!(c.text_body(), Some("hello"));
        Ok(())
    }

    #[test]
    fn the_encoding_is_the_documented_cbor() {
        let bytes = sample().encode();
        // [salt(16), null, h'', null, null, {1: .., 2: ..}, [1, "", 1, .., ..]]
        assert_eq!(&bytes[..2], &[0x87, 0x50]);
        assert_eq!(&bytes[18..23], &[0xf6, 0x40, 0xf6, 0xf6, 0xa2]);
        assert_eq!(&bytes[23..25], &[0x01, 0x78]); // key 1, tstr with a 1-byte length
        assert_eq!(bytes[bytes.len() - 6], 0x45); // bstr of 5 bytes: "hello"
    }

    #[test]
    fn the_decoder_is_strict() {
        let bytes = sample().encode();
        // Every truncation, and any trailing byte, is refused.
        for n in 0..bytes.len() {
            assert!(
                MimiContent::decode(&bytes[..n]).is_err(),
                "prefix of {n} bytes"
            );
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(MimiContent::decode(&longer).is_err());
        // A non-shortest length (the salt's 16 written as 0x58 0x10) is refused.
        let mut long_form = vec![0x87, 0x58, 0x10];
        long_form.extend_from_slice(&bytes[2..]);
        assert!(MimiContent::decode(&long_form).is_err());
        // Extensions in the other order are refused.
        let mut swapped = bytes.clone();
        swapped[23] = 0x02;
        assert!(MimiContent::decode(&swapped).is_err());
    }
}
