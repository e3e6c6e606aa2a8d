//! The delivery receipt, platform to recipient (SPEC.md section 5.7).

use super::{RECEIPT_FIXED_LEN, RECEIPT_KIND, RECEIPT_VERSION, Reader, Writer};
use crate::Error;
use crate::commitment::FrankingTag;
use crate::context::Context;
use crate::receipt::Receipt;
use crate::stamp::Stamp;

impl<'a> Receipt<'a> {
    /// Parses a receipt encoding (SPEC.md section 5.7), borrowing the ids
    /// from `bytes`.
    ///
    /// Errors: [`Error::Malformed`] (naming the field and its offset) for an
    /// input that does not start with the receipt's kind byte `0x52` (a
    /// report, for one), is truncated, has a length prefix that overruns the
    /// input, or has trailing bytes; [`Error::UnsupportedVersion`] for a
    /// version byte other than `0x01`. Every accepted input re-encodes to
    /// itself.
    ///
    /// ```
    /// # use franking::{Context, KeyId, KeyInterval, Keyring, MessageKey, PlatformKey, Receipt};
    /// # let mut rng = rand::rng();
    /// # let platform = PlatformKey::generate(KeyId::new(1), KeyInterval::starting_at(0), &mut rng)?;
    /// # let keyring = Keyring::new(platform, 30 * 86_400);
    /// # let (_, tag) = franking::commit_with_rng(&mut rng, b"", b"hello")?;
    /// # let context = Context::new(b"alice", b"bob", 1_700_000_000, b"msg-1")?;
    /// # let sent = keyring.stamp_receipt(&tag, &context)?;
    /// # let mut bytes = vec![0; sent.encoded_len()];
    /// # sent.encode_into(&mut bytes)?;
    /// // `bytes` arrived from the platform beside the message.
    /// let receipt = Receipt::decode(&bytes)?;
    /// assert_eq!(receipt.context().message_id(), b"msg-1");
    /// // A report is not a receipt:
    /// assert!(Receipt::decode(&[0x01; 200]).is_err());
    /// # Ok::<(), franking::Error>(())
    /// ```
    pub fn decode(bytes: &'a [u8]) -> Result<Self, Error> {
        let mut r = Reader::new(bytes);
        if r.u8("kind")? != RECEIPT_KIND {
            return Err(Error::Malformed {
                field: "kind",
                offset: 0,
            });
        }
        match r.u8("version")? {
            RECEIPT_VERSION => {}
            version => return Err(Error::UnsupportedVersion { version }),
        }
        let stamp = Stamp::read(&mut r)?;
        let franking_tag = FrankingTag::from_bytes(*r.array("franking tag")?);
        let timestamp = r.u64("timestamp")?;
        let seq = r.u64("seq")?;
        let sender = r.bytes_u16("sender")?;
        let recipient = r.bytes_u16("recipient")?;
        let message_id = r.bytes_u16("message id")?;
        let conversation = r.bytes_u16("conversation")?;
        r.finish()?;
        let context =
            Context::from_wire(sender, recipient, timestamp, message_id, conversation, seq);
        Ok(Receipt::new(stamp, franking_tag, context))
    }

    /// Length of the encoding in bytes: 94 plus the four ids.
    pub fn encoded_len(&self) -> usize {
        let c = self.context();
        // At most 94 + 4 * 65,535 bytes: no overflow on any target.
        RECEIPT_FIXED_LEN
            + c.sender().len()
            + c.recipient().len()
            + c.message_id().len()
            + c.conversation().len()
    }

    /// Writes the encoding into the front of `out` and returns its length.
    /// [`Error::BufferTooSmall`] if `out` is shorter than
    /// [`encoded_len`](Self::encoded_len).
    ///
    /// `0x52 || 0x01 || stamp (36) || franking tag (32) || u64(timestamp) ||
    /// u64(seq) || u16-prefixed sender, recipient, message id, conversation`.
    pub fn encode_into(&self, out: &mut [u8]) -> Result<usize, Error> {
        let len = self.encoded_len();
        let out = out
            .get_mut(..len)
            .ok_or(Error::BufferTooSmall { needed: len })?;
        let c = self.context();
        let mut w = Writer::new(out);
        w.put(&[RECEIPT_KIND, RECEIPT_VERSION])?;
        w.put(&self.stamp().to_bytes())?;
        w.put(self.franking_tag().as_bytes())?;
        w.put(&c.timestamp().to_be_bytes())?;
        w.put(&c.seq().to_be_bytes())?;
        w.bytes_u16("sender", c.sender())?;
        w.bytes_u16("recipient", c.recipient())?;
        w.bytes_u16("message id", c.message_id())?;
        w.bytes_u16("conversation", c.conversation())?;
        Ok(len)
    }

    /// The encoding as a vector. A `Result` like every `to_vec` of the
    /// crate (reports, conversation reports), so one `?` fits them all; a
    /// receipt's encoding cannot fail (at most 94 + 4 * 65,535 bytes).
    #[cfg(feature = "alloc")]
    pub fn to_vec(&self) -> Result<alloc::vec::Vec<u8>, Error> {
        let mut out = alloc::vec![0u8; self.encoded_len()];
        self.encode_into(&mut out)?;
        Ok(out)
    }
}
