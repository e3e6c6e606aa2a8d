//! The bytes inside and around an MLS application message.
//!
//! - The franking **message** `M` is [`Content::encode`]: everything the
//!   recipient renders, and nothing else.
//! - The franking **header** `H` is [`header`]: the group id and the sender's
//!   MLS credential identity, both from each party's own MLS view.
//! - The MLS **payload** (encrypted) is [`encode_payload`]: the opening and
//!   `M`, each behind a 4-byte length.
//! - The MLS **authenticated data** (in the clear, signed and AEAD-bound by
//!   MLS) is the 32-byte franking tag and nothing else.
//!
//! Every decoder is strict (exact lengths, no trailing bytes), so each value
//! has one encoding and the bytes a recipient checks are the bytes it renders.

use franking::Opening;

use crate::Error;

/// Version byte in front of every encoded [`Content`].
const CONTENT_VERSION: u8 = 1;

/// What a recipient renders: the text and, optionally, an attachment.
///
/// All of it is committed: the attachment is a locator plus the SHA-256 of
/// the attachment's bytes, so the report binds the attachment itself, not
/// only where it was stored (SPEC.md section 4.3).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Content {
    /// The message text.
    pub text: String,
    /// An attachment, if any.
    pub attachment: Option<Attachment>,
}

/// A committed reference to an attachment stored elsewhere.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attachment {
    /// Where the (separately encrypted) attachment is stored.
    pub locator: String,
    /// SHA-256 of the attachment's bytes; the recipient checks it on download.
    pub sha256: [u8; 32],
}

impl Content {
    /// A text-only message.
    pub fn text(text: &str) -> Self {
        Self {
            text: text.to_owned(),
            attachment: None,
        }
    }

    /// The franking message `M`: `0x01 || u32(len) || text || 0x00`, or
    /// `... || 0x01 || u32(len) || locator || sha256` with an attachment.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = vec![CONTENT_VERSION];
        put_u32_bytes(&mut out, self.text.as_bytes());
        match &self.attachment {
            None => out.push(0),
            Some(a) => {
                out.push(1);
                put_u32_bytes(&mut out, a.locator.as_bytes());
                out.extend_from_slice(&a.sha256);
            }
        }
        out
    }

    /// Parses `M` strictly; the recipient and the moderator both use this parser.
    pub fn decode(bytes: &[u8]) -> Result<Self, Error> {
        let mut r = Reader(bytes);
        if r.take(1)? != [CONTENT_VERSION] {
            return Err(Error::Malformed("content version"));
        }
        let text = utf8(r.take_u32_bytes()?)?;
        let attachment = match r.take(1)? {
            [0] => None,
            [1] => {
                let locator = utf8(r.take_u32_bytes()?)?;
                let sha256 = r
                    .take(32)?
                    .try_into()
                    .map_err(|_| Error::Malformed("attachment hash"))?;
                Some(Attachment { locator, sha256 })
            }
            _ => return Err(Error::Malformed("attachment flag")),
        };
        r.finish()?;
        Ok(Self { text, attachment })
    }
}

/// The franking header `H = u16(len) || group id || u16(len) || sender identity`.
///
/// The sender writes its own credential identity; a recipient writes the
/// identity of the credential that MLS authenticated for the message, so a
/// member cannot commit under another member's name.
pub fn header(group_id: &[u8], sender: &[u8]) -> Result<Vec<u8>, Error> {
    let mut out = Vec::with_capacity(4 + group_id.len() + sender.len());
    for field in [group_id, sender] {
        let len = u16::try_from(field.len()).map_err(|_| Error::Malformed("header field"))?;
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(field);
    }
    Ok(out)
}

/// Splits a header back into (group id, sender identity).
pub fn parse_header(bytes: &[u8]) -> Result<(&[u8], &[u8]), Error> {
    let mut r = Reader(bytes);
    let group_id = r.take_u16_bytes()?;
    let sender = r.take_u16_bytes()?;
    r.finish()?;
    Ok((group_id, sender))
}

/// The encrypted MLS payload: `u32(32) || opening || u32(len) || M`.
pub fn encode_payload(opening: &Opening, message: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(8 + Opening::LEN + message.len());
    put_u32_bytes(&mut out, opening.as_bytes());
    put_u32_bytes(&mut out, message);
    out
}

/// Splits a decrypted payload into (opening, `M`), strictly.
pub fn decode_payload(bytes: &[u8]) -> Result<(Opening, &[u8]), Error> {
    let mut r = Reader(bytes);
    let opening =
        Opening::try_from(r.take_u32_bytes()?).map_err(|_| Error::Malformed("opening"))?;
    let message = r.take_u32_bytes()?;
    r.finish()?;
    Ok((opening, message))
}

fn put_u32_bytes(out: &mut Vec<u8>, field: &[u8]) {
    // Fields here are far below 4 GiB: MLS messages are much smaller.
    let len = u32::try_from(field.len()).unwrap_or(u32::MAX);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(field);
}

fn utf8(bytes: &[u8]) -> Result<String, Error> {
    String::from_utf8(bytes.to_vec()).map_err(|_| Error::Malformed("UTF-8"))
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], Error> {
        if self.0.len() < n {
            return Err(Error::Malformed("truncated"));
        }
        let (head, tail) = self.0.split_at(n);
        self.0 = tail;
        Ok(head)
    }

    fn take_u16_bytes(&mut self) -> Result<&'a [u8], Error> {
        let len = u16::from_be_bytes([self.take(1)?[0], self.take(1)?[0]]);
        self.take(usize::from(len))
    }

    fn take_u32_bytes(&mut self) -> Result<&'a [u8], Error> {
        let mut len = [0u8; 4];
        len.copy_from_slice(self.take(4)?);
        let len =
            usize::try_from(u32::from_be_bytes(len)).map_err(|_| Error::Malformed("length"))?;
        self.take(len)
    }

    fn finish(self) -> Result<(), Error> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(Error::Malformed("trailing bytes"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_round_trips_and_is_strict() {
        let content = Content {
            text: "look".into(),
            attachment: Some(Attachment {
                locator: "blob:1".into(),
                sha256: [7; 32],
            }),
        };
        let bytes = content.encode();
        assert_eq!(Content::decode(&bytes).ok(), Some(content));
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(Content::decode(&longer).is_err());
        assert!(Content::decode(&bytes[..bytes.len() - 1]).is_err());
    }

    #[test]
    fn header_round_trips() -> Result<(), Error> {
        let h = header(b"room", b"alice")?;
        assert_eq!(parse_header(&h)?, (&b"room"[..], &b"alice"[..]));
        Ok(())
    }
}
