//! `AbusiveMessage` and `AbuseReport` (SPEC.md 17.9): encoders into caller
//! buffers with exact lengths, and strict decoders that borrow.

use super::codec::{Reader, Writer, sum, vector_len};
use super::frank::Frank;
use crate::Error;

/// One reported message: its content, its frank, when the hub accepted it.
/// `V(message_content) || Frank || u64(accepted_timestamp)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AbusiveMessage<'a> {
    /// The message's `application_data`, exactly as decrypted.
    pub message_content: &'a [u8],
    /// The hub's frank.
    pub frank: Frank<'a>,
    /// The hub's acceptance time, in milliseconds.
    pub accepted_timestamp: u64,
}

impl<'a> AbusiveMessage<'a> {
    /// Exact bytes of the encoding.
    pub fn encoded_len(&self) -> Result<usize, Error> {
        Ok(sum(&[
            vector_len("message_content", self.message_content.len())?,
            self.frank.encoded_len()?,
            8,
        ]))
    }

    /// Writes the encoding into `out`, returning its length.
    pub fn encode_into(&self, out: &mut [u8]) -> Result<usize, Error> {
        let mut w = Writer::new(out, self.encoded_len()?)?;
        self.write(&mut w)?;
        Ok(w.finish())
    }

    fn write(&self, w: &mut Writer<'_>) -> Result<(), Error> {
        w.vector("message_content", self.message_content)?;
        self.frank.write(w)?;
        w.put(&self.accepted_timestamp.to_be_bytes())
    }

    /// Decodes an `AbusiveMessage` that fills `bytes` exactly.
    pub fn decode(bytes: &'a [u8]) -> Result<Self, Error> {
        let mut r = Reader::new(bytes);
        let message = Self::read(&mut r)?;
        r.finish()?;
        Ok(message)
    }

    fn read(r: &mut Reader<'a>) -> Result<Self, Error> {
        Ok(Self {
            message_content: r.vector("message_content")?,
            frank: Frank::read(r)?,
            accepted_timestamp: r.u64("accepted_timestamp")?,
        })
    }
}

/// An MLS `Extension`: `u16(extension_type) || V(extension_data)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Extension<'a> {
    /// The extension's type.
    pub extension_type: u16,
    /// Its data.
    pub extension_data: &'a [u8],
}

impl<'a> Extension<'a> {
    fn encoded_len(&self) -> Result<usize, Error> {
        Ok(sum(&[
            2,
            vector_len("extension_data", self.extension_data.len())?,
        ]))
    }

    fn write(&self, w: &mut Writer<'_>) -> Result<(), Error> {
        w.put(&self.extension_type.to_be_bytes())?;
        w.vector("extension_data", self.extension_data)
    }

    fn read(r: &mut Reader<'a>) -> Result<Self, Error> {
        Ok(Self {
            extension_type: r.u16("extension_type")?,
            extension_data: r.vector("extension_data")?,
        })
    }
}

/// An abuse report to encode: the fields of `AbuseReport` with the
/// messages and extensions as slices.
#[derive(Clone, Copy, Debug)]
pub struct NewAbuseReport<'a> {
    /// `reportingUser`: the reporter's URI, empty if not given.
    pub reporting_user: &'a [u8],
    /// `allegedAbuserUri`.
    pub alleged_abuser_uri: &'a [u8],
    /// `reasonCode` (`AbuseType`; only `0`, reserved, is defined).
    pub reason_code: u8,
    /// `note`: free text, UTF-8, may be empty.
    pub note: &'a str,
    /// The reported messages.
    pub messages: &'a [AbusiveMessage<'a>],
    /// The report's extensions.
    pub extensions: &'a [Extension<'a>],
}

/// Byte length of a list's items, and of the list `V(items)`.
fn list_len<T>(
    field: &'static str,
    items: &[T],
    item_len: impl Fn(&T) -> Result<usize, Error>,
) -> Result<(usize, usize), Error> {
    let mut inner = 0usize;
    for item in items {
        inner = inner.saturating_add(item_len(item)?);
    }
    Ok((inner, vector_len(field, inner)?))
}

impl NewAbuseReport<'_> {
    /// Exact bytes of the encoding; `TooLong` if a vector has `2^30` bytes
    /// or more.
    pub fn encoded_len(&self) -> Result<usize, Error> {
        let (_, messages) = list_len("messages", self.messages, AbusiveMessage::encoded_len)?;
        let (_, extensions) = list_len("extensions", self.extensions, Extension::encoded_len)?;
        Ok(sum(&[
            vector_len("reporting_user", self.reporting_user.len())?,
            vector_len("alleged_abuser_uri", self.alleged_abuser_uri.len())?,
            1,
            vector_len("note", self.note.len())?,
            messages,
            extensions,
        ]))
    }

    /// Writes the encoding into `out`, returning its length.
    pub fn encode_into(&self, out: &mut [u8]) -> Result<usize, Error> {
        let mut w = Writer::new(out, self.encoded_len()?)?;
        w.vector("reporting_user", self.reporting_user)?;
        w.vector("alleged_abuser_uri", self.alleged_abuser_uri)?;
        w.put(&[self.reason_code])?;
        w.vector("note", self.note.as_bytes())?;
        let (inner, _) = list_len("messages", self.messages, AbusiveMessage::encoded_len)?;
        w.varint("messages", inner)?;
        for message in self.messages {
            message.write(&mut w)?;
        }
        let (inner, _) = list_len("extensions", self.extensions, Extension::encoded_len)?;
        w.varint("extensions", inner)?;
        for extension in self.extensions {
            extension.write(&mut w)?;
        }
        Ok(w.finish())
    }
}

/// A decoded abuse report, borrowed from its bytes. Every message and
/// extension was read whole when it was decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AbuseReport<'a> {
    /// `reportingUser`, empty if not given.
    pub reporting_user: &'a [u8],
    /// `allegedAbuserUri`.
    pub alleged_abuser_uri: &'a [u8],
    /// `reasonCode`.
    pub reason_code: u8,
    /// `note`.
    pub note: &'a str,
    /// The messages' bytes (the list without its length), and where they
    /// start in the report.
    messages: (&'a [u8], usize),
    message_count: usize,
    /// The extensions' bytes, likewise.
    extensions: (&'a [u8], usize),
    extension_count: usize,
}

impl<'a> AbuseReport<'a> {
    /// Decodes an `AbuseReport` strictly (SPEC.md 17.9): minimal varints,
    /// every length within its input and list, each message and extension
    /// whole inside its list, the note UTF-8, nothing after the extensions.
    pub fn decode(bytes: &'a [u8]) -> Result<Self, Error> {
        let mut r = Reader::new(bytes);
        let reporting_user = r.vector("reporting_user")?;
        let alleged_abuser_uri = r.vector("alleged_abuser_uri")?;
        let reason_code = r.u8("reason_code")?;
        let note_at = r.clone();
        let note =
            core::str::from_utf8(r.vector("note")?).map_err(|_| note_at.malformed("note"))?;
        let messages = r.sub("messages")?;
        let mut check = messages.clone();
        let messages = (messages.remaining(), messages.offset());
        let mut message_count = 0usize;
        while !check.is_empty() {
            AbusiveMessage::read(&mut check)?;
            message_count += 1;
        }
        let extensions = r.sub("extensions")?;
        let mut check = extensions.clone();
        let extensions = (extensions.remaining(), extensions.offset());
        let mut extension_count = 0usize;
        while !check.is_empty() {
            Extension::read(&mut check)?;
            extension_count += 1;
        }
        r.finish()?;
        Ok(Self {
            reporting_user,
            alleged_abuser_uri,
            reason_code,
            note,
            messages,
            message_count,
            extensions,
            extension_count,
        })
    }

    /// How many messages the report holds.
    pub fn message_count(&self) -> usize {
        self.message_count
    }

    /// How many extensions the report holds.
    pub fn extension_count(&self) -> usize {
        self.extension_count
    }

    /// The reported messages, in order.
    pub fn messages(&self) -> impl Iterator<Item = AbusiveMessage<'a>> + 'a {
        let mut r = Reader::at(self.messages.0, self.messages.1);
        core::iter::from_fn(move || {
            if r.is_empty() {
                None
            } else {
                AbusiveMessage::read(&mut r).ok()
            }
        })
    }

    /// The extensions, in order.
    pub fn extensions(&self) -> impl Iterator<Item = Extension<'a>> + 'a {
        let mut r = Reader::at(self.extensions.0, self.extensions.1);
        core::iter::from_fn(move || {
            if r.is_empty() {
                None
            } else {
                Extension::read(&mut r).ok()
            }
        })
    }
}
