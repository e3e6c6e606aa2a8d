//! The report, version 1, recipient to moderator (SPEC.md section 5.6).

use super::{REPORT_FIXED_LEN, REPORT_VERSION, Reader, Writer};
use crate::Error;
use crate::context::Context;
use crate::key_id::KeyId;
use crate::report::Report;

impl<'a> Report<'a> {
    /// Parses a report encoding (SPEC.md section 5.6).
    ///
    /// Errors: [`Error::WrongEncoding`] for another encoding of this crate
    /// (a receipt, a conversation report, a media report, a key record),
    /// [`Error::UnsupportedVersion`] for any other unknown version byte,
    /// [`Error::Malformed`] (naming the field and its offset) for a truncated
    /// input, a length prefix that overruns the input, or trailing bytes.
    /// Every accepted input re-encodes to itself.
    ///
    /// ```
    /// use franking::{Error, ErrorKind, Report};
    /// # use franking::{Context, KeyId, KeyInterval, Keyring, MessageKey, PlatformKey};
    /// # let mut rng = rand::rng();
    /// # let key = MessageKey::generate(&mut rng);
    /// # let mut buffer = *b"hello";
    /// # let envelope = key.seal_in_place_with_rng(&mut rng, b"", &mut buffer)?;
    /// # let platform = PlatformKey::generate(KeyId::new(1), KeyInterval::starting_at(0), &mut rng)?;
    /// # let keyring = Keyring::new(platform, 30 * 86_400);
    /// # let context = Context::new(b"alice", b"bob", 1_700_000_000, b"msg-1")?;
    /// # let stamp = keyring.stamp_envelope(&envelope, &context)?;
    /// # let opened = key.open_in_place(&envelope, b"", &mut buffer)?;
    /// # let mut bytes = vec![0; opened.report(&context, &stamp).encoded_len()];
    /// # opened.report(&context, &stamp).encode_into(&mut bytes)?;
    /// // `bytes` came from the recipient's report upload.
    /// let report = Report::decode(&bytes)?;
    /// assert_eq!(report.context().message_id(), b"msg-1"); // unverified until `verify`
    /// let truncated = Report::decode(&bytes[..bytes.len() - 1]);
    /// assert_eq!(truncated.map_err(|e| e.kind()), Err(ErrorKind::Malformed));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn decode(bytes: &'a [u8]) -> Result<Self, Error> {
        let mut r = Reader::new(bytes);
        match r.u8("version")? {
            REPORT_VERSION => {}
            version => return Err(not_a_report(bytes, version)),
        }
        let key_id = KeyId::new(r.u32("key id")?);
        let stamp_mac = r.array("stamp MAC")?;
        let franking_tag = r.array("franking tag")?;
        let opening = r.array("opening")?;
        let timestamp = r.u64("timestamp")?;
        let seq = r.u64("sequence number")?;
        let sender = r.bytes_u16("sender")?;
        let recipient = r.bytes_u16("recipient")?;
        let message_id = r.bytes_u16("message id")?;
        let conversation = r.bytes_u16("conversation")?;
        let header = r.bytes_u32("header")?;
        let message = r.bytes_u32("message")?;
        r.finish()?;
        // The u16 length prefixes bound every id to MAX_ID_LEN: nothing to check.
        let context =
            Context::from_wire(sender, recipient, timestamp, message_id, conversation, seq);
        Ok(Report::new(
            key_id,
            stamp_mac,
            franking_tag,
            opening,
            context,
            header,
            message,
        ))
    }

    /// Length of the encoding in bytes (`usize::MAX` if it would not fit in
    /// memory, possible only on 32-bit targets; encoding then fails with
    /// [`Error::TooLong`]).
    pub fn encoded_len(&self) -> usize {
        self.checked_len().unwrap_or(usize::MAX)
    }

    /// Length of the encoding; `None` if it would overflow `usize`.
    fn checked_len(&self) -> Option<usize> {
        let c = self.context();
        [
            c.sender().len(),
            c.recipient().len(),
            c.message_id().len(),
            c.conversation().len(),
            self.header().len(),
            self.message().len(),
        ]
        .iter()
        .try_fold(REPORT_FIXED_LEN, |acc, len| acc.checked_add(*len))
    }

    /// Writes the encoding into the front of `out` and returns its length.
    /// [`Error::BufferTooSmall`] if `out` is shorter than [`encoded_len`](Self::encoded_len).
    ///
    /// `0x01 || stamp (36) || franking tag (32) || opening (32) ||
    /// u64(timestamp) || u64(seq) || u16-prefixed sender, recipient, message
    /// id, conversation || u32-prefixed header, message`.
    ///
    /// ```
    /// # use franking::{Context, KeyId, KeyInterval, Keyring, MessageKey, PlatformKey};
    /// # let mut rng = rand::rng();
    /// # let key = MessageKey::generate(&mut rng);
    /// # let mut buffer = *b"hello";
    /// # let envelope = key.seal_in_place_with_rng(&mut rng, b"", &mut buffer)?;
    /// # let platform = PlatformKey::generate(KeyId::new(1), KeyInterval::starting_at(0), &mut rng)?;
    /// # let keyring = Keyring::new(platform, 30 * 86_400);
    /// # let context = Context::new(b"alice", b"bob", 1_700_000_000, b"msg-1")?;
    /// # let stamp = keyring.stamp_envelope(&envelope, &context)?;
    /// # let opened = key.open_in_place(&envelope, b"", &mut buffer)?;
    /// # let mut bytes = vec![0; opened.report(&context, &stamp).encoded_len()];
    /// # opened.report(&context, &stamp).encode_into(&mut bytes)?;
    /// let report = opened.report(&context, &stamp);
    /// let mut evidence = vec![0; report.encoded_len()];
    /// let written = report.encode_into(&mut evidence)?;
    /// assert_eq!(written, evidence.len());
    /// assert_eq!(franking::Report::decode(&evidence)?, report);
    /// # Ok::<(), franking::Error>(())
    /// ```
    pub fn encode_into(&self, out: &mut [u8]) -> Result<usize, Error> {
        let len = self.checked_len().ok_or(Error::TooLong {
            field: "report",
            max: usize::MAX,
        })?;
        let out = out
            .get_mut(..len)
            .ok_or(Error::BufferTooSmall { needed: len })?;
        let mut w = Writer::new(out);
        w.put(&[REPORT_VERSION])?;
        self.write_body(&mut w, true)?;
        Ok(len)
    }

    /// Writes the report body: 5.6 after the version byte, or, without the
    /// conversation field, a 15.5 entry (the inverse of [`read_fast`]).
    pub(crate) fn write_body(&self, w: &mut Writer<'_>, conversation: bool) -> Result<(), Error> {
        let c = self.context();
        w.put(&self.stamp().to_bytes())?;
        w.put(self.franking_tag_bytes())?;
        w.put(self.opening_bytes())?;
        w.put(&c.timestamp().to_be_bytes())?;
        w.put(&c.seq().to_be_bytes())?;
        w.bytes_u16("sender", c.sender())?;
        w.bytes_u16("recipient", c.recipient())?;
        w.bytes_u16("message id", c.message_id())?;
        if conversation {
            w.bytes_u16("conversation", c.conversation())?;
        }
        w.bytes_u32("header", self.header())?;
        w.bytes_u32("message", self.message())
    }

    /// The encoding as a vector.
    #[cfg(feature = "alloc")]
    pub fn to_vec(&self) -> Result<alloc::vec::Vec<u8>, Error> {
        let mut out = alloc::vec![0u8; self.checked_len().ok_or(Error::TooLong { field: "report", max: usize::MAX })?];
        self.encode_into(&mut out)?;
        Ok(out)
    }
}

/// Why `bytes`, whose first byte `version` is not [`REPORT_VERSION`], is
/// not a report (SPEC.md 5.6 step 1): another encoding of this crate, told
/// apart by its first byte or label, or an unknown version.
fn not_a_report(bytes: &[u8], version: u8) -> Error {
    let found = match version {
        super::CONVERSATION_REPORT_VERSION => "conversation report",
        super::RECEIPT_KIND => "receipt",
        super::KEY_RECORD_KIND => "key record",
        _ if bytes.starts_with(super::MEDIA_REPORT_LABEL) => "media report",
        _ => return Error::UnsupportedVersion { version },
    };
    Error::WrongEncoding {
        expected: "report",
        found,
    }
}

/// Reads a report body (5.6 after the version byte, or, with `conversation`
/// given, a 15.5 entry, which lacks the conversation field) from the front of
/// `rest`, building no errors: `None` on any input the checked decoders
/// reject, where they then say why. The `u16` length prefixes bound every id
/// to [`MAX_ID_LEN`](super::MAX_ID_LEN), so the context needs no check.
#[inline(always)]
pub(crate) fn read_fast<'a>(
    rest: &mut &'a [u8],
    conversation: Option<&'a [u8]>,
) -> Option<Report<'a>> {
    #[inline(always)]
    fn fixed<'a, const N: usize>(rest: &mut &'a [u8]) -> Option<&'a [u8; N]> {
        let (head, tail) = rest.split_first_chunk::<N>()?;
        *rest = tail;
        Some(head)
    }
    #[inline(always)]
    fn prefixed<'a, const W: usize>(rest: &mut &'a [u8]) -> Option<&'a [u8]> {
        let len = fixed::<W>(rest)?
            .iter()
            .fold(0u64, |n, b| (n << 8) | u64::from(*b));
        let (head, tail) = rest.split_at_checked(usize::try_from(len).ok()?)?;
        *rest = tail;
        Some(head)
    }
    let key_id = KeyId::new(u32::from_be_bytes(*fixed(rest)?));
    let stamp_mac = fixed(rest)?;
    let franking_tag = fixed(rest)?;
    let opening = fixed(rest)?;
    let timestamp = u64::from_be_bytes(*fixed(rest)?);
    let seq = u64::from_be_bytes(*fixed(rest)?);
    let sender = prefixed::<2>(rest)?;
    let recipient = prefixed::<2>(rest)?;
    let message_id = prefixed::<2>(rest)?;
    let conversation = match conversation {
        Some(shared) => shared,
        None => prefixed::<2>(rest)?,
    };
    let header = prefixed::<4>(rest)?;
    let message = prefixed::<4>(rest)?;
    let context = Context::from_wire(sender, recipient, timestamp, message_id, conversation, seq);
    Some(Report::new(
        key_id,
        stamp_mac,
        franking_tag,
        opening,
        context,
        header,
        message,
    ))
}
