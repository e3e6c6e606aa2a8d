//! The recipient's role: open a sealed message (or check a layer-mode
//! commitment), keep the evidence, and turn it into a report.
//!
//! Keep the platform's [`Receipt`] of **every** message received, opened or
//! not (SPEC.md 15.7): a message that fails to open (or whose layer-mode
//! commitment fails) still takes a position in its conversation, and its
//! receipt lets a conversation report show it as a stamp-only entry,
//! [`Entry::stamp_only`](crate::conversation::Entry::stamp_only), naming its
//! sender, instead of a gap that reads as the reporter's withholding. The
//! same holds for a message whose content the user deleted: drop the
//! content, keep the receipt.

use subtle::ConstantTimeEq;

use crate::Error;
use crate::cep::{CHUNK, Keystream};
use crate::commitment::{self, Commitment, FrankingTag, Opening};
use crate::context::Context;
use crate::ct;
use crate::envelope::Envelope;
use crate::receipt::{ExpectedDelivery, Receipt};
use crate::report::Report;
use crate::sender::MessageKey;
use crate::stamp::Stamp;
use crate::wire;

/// A message whose franking tag has been checked: it can be reported, and a
/// moderator will accept the report (given a genuine stamp).
///
/// Only [`MessageKey::open_in_place`] and [`verify_commitment`] make one.
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
/// use franking::{ExpectedDelivery, Receipt};
/// // The platform relays the envelope with its receipt's encoding.
/// let receipt = keyring.stamp_receipt(envelope.franking_tag(), &context)?;
/// let mut receipt_bytes = vec![0; receipt.encoded_len()];
/// receipt.encode_into(&mut receipt_bytes)?;
///
/// let opened = key.open_in_place(&envelope, b"", &mut buffer)?;
/// let receipt = Receipt::decode(&receipt_bytes)?;
/// let report = opened.report_with_receipt(&receipt, &ExpectedDelivery::new(b"alice", b"bob"))?;
/// let mut evidence = vec![0; report.encoded_len()];
/// report.encode_into(&mut evidence)?; // keep; send to the moderator on report
/// # Ok::<(), franking::Error>(())
/// ```
pub struct OpenedMessage<'a> {
    header: &'a [u8],
    message: &'a [u8],
    opening: Opening,
    franking_tag: FrankingTag,
}

impl<'a> OpenedMessage<'a> {
    /// The authenticated header.
    pub fn header(&self) -> &'a [u8] {
        self.header
    }

    /// The plaintext.
    pub fn message(&self) -> &'a [u8] {
        self.message
    }

    /// The opening of the franking tag. Keep it with the message: it is the
    /// recipient's proof.
    pub fn opening(&self) -> &Opening {
        &self.opening
    }

    /// The franking tag this message was checked against.
    pub fn franking_tag(&self) -> &FrankingTag {
        &self.franking_tag
    }

    /// The evidence to keep and, if the message is abusive, to send to the
    /// moderator: this message with the platform's delivery context and stamp.
    /// The report borrows from this message and from `stamp` (keep the stamp
    /// in a variable); [`Report::encode_into`] serializes it.
    ///
    /// The recipient cannot check the stamp (only the platform holds its key);
    /// the moderator does.
    pub fn report<'r>(&'r self, context: &Context<'r>, stamp: &'r Stamp) -> Report<'r> {
        Report::new(
            stamp.key_id(),
            stamp.mac().as_bytes(),
            self.franking_tag.as_bytes(),
            self.opening.as_bytes(),
            *context,
            self.header,
            self.message,
        )
    }
}

impl<'a> OpenedMessage<'a> {
    /// The report of this message under the platform's [`Receipt`]: as
    /// [`report`](Self::report), with the stamp and context exactly as the
    /// platform stamped them, once the receipt is checked against this
    /// message and what the recipient knows of the delivery
    /// ([`Receipt::check`], SPEC.md 5.7).
    ///
    /// [`Error::Invalid`] if the receipt's franking tag is not this
    /// message's (the receipt belongs to another message, and its report
    /// could never verify); [`Error::ReceiptMismatch`] if it names another
    /// sender, recipient or conversation than `expected` (its report would
    /// verify, and prove a delivery other than the one the recipient saw).
    /// The stamp itself only the moderator can check. Store the receipt with
    /// the opening, header and message; later, [`Report::from_receipt`]
    /// rebuilds this same report from them.
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
    /// use franking::{Error, ExpectedDelivery};
    /// let receipt = keyring.stamp_receipt(envelope.franking_tag(), &context)?;
    /// let opened = key.open_in_place(&envelope, b"", &mut buffer)?;
    /// let from_alice = ExpectedDelivery::new(b"alice", b"bob");
    /// let report = opened.report_with_receipt(&receipt, &from_alice)?;
    /// assert_eq!(report.context().sender(), b"alice");
    /// // A receipt naming another sender than the one the app showed:
    /// let from_carol = ExpectedDelivery::new(b"carol", b"bob");
    /// let mismatch = opened.report_with_receipt(&receipt, &from_carol);
    /// assert_eq!(mismatch.err(), Some(Error::ReceiptMismatch { field: "sender" }));
    /// # Ok::<(), franking::Error>(())
    /// ```
    pub fn report_with_receipt<'r>(
        &'r self,
        receipt: &'r Receipt<'r>,
        expected: &ExpectedDelivery<'_>,
    ) -> Result<Report<'r>, Error> {
        receipt.check(&self.franking_tag, expected)?;
        Report::from_receipt(receipt, &self.opening, self.header, self.message)
    }
}

/// Prints lengths only: plaintext must not end up in logs.
impl core::fmt::Debug for OpenedMessage<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("OpenedMessage")
            .field("header_len", &self.header.len())
            .field("message_len", &self.message.len())
            .field("franking_tag", &self.franking_tag)
            .finish_non_exhaustive()
    }
}

impl MessageKey {
    /// Opens a sealed message in place.
    ///
    /// Decrypts `buffer`, then checks both the integrity tag and the franking
    /// tag (combined, in constant time) and only then returns the plaintext
    /// with its opening. On any failure it returns [`Error::Invalid`] and
    /// `buffer` holds the ciphertext again, never plaintext.
    ///
    /// ```
    /// use franking::{Error, MessageKey};
    /// # let mut rng = rand::rng();
    /// # let key = MessageKey::generate(&mut rng);
    /// # let mut buffer = *b"hello";
    /// # let envelope = key.seal_in_place_with_rng(&mut rng, b"header", &mut buffer)?;
    /// let ciphertext = buffer;
    /// // A wrong header (or key, or envelope) releases nothing:
    /// let wrong = key.open_in_place(&envelope, b"other", &mut buffer);
    /// assert_eq!(wrong.err(), Some(Error::Invalid));
    /// assert_eq!(buffer, ciphertext);
    /// let opened = key.open_in_place(&envelope, b"header", &mut buffer)?;
    /// assert_eq!(opened.message(), b"hello"); // keep `opened.opening()` with it
    /// # Ok::<(), franking::Error>(())
    /// ```
    pub fn open_in_place<'a>(
        &self,
        envelope: &Envelope,
        header: &'a [u8],
        buffer: &'a mut [u8],
    ) -> Result<OpenedMessage<'a>, Error> {
        wire::check_lengths(header, buffer.len())?;
        let mut keystream = Keystream::new(self, envelope.nonce());
        let mut commitment = Commitment::start(keystream.opening.as_bytes(), header, buffer.len());
        for chunk in buffer.chunks_mut(CHUNK) {
            keystream.apply_then_hash(chunk, commitment.hash_mut());
        }
        let franking_tag = commitment.finish();
        let tags_match = franking_tag.ct_eq(envelope.franking_tag())
            & keystream
                .integrity_key
                .tag(envelope.franking_tag())
                .ct_eq(envelope.integrity_tag());
        if !ct::declassify(tags_match) {
            // Put the ciphertext back: re-encrypt from the first message block.
            let mut keystream = Keystream::new(self, envelope.nonce());
            for chunk in buffer.chunks_mut(CHUNK) {
                keystream.apply(chunk);
            }
            return Err(Error::Invalid);
        }
        let Keystream { opening, .. } = keystream;
        Ok(OpenedMessage {
            header,
            message: buffer,
            opening,
            franking_tag,
        })
    }
}

/// Layer mode: checks that `franking_tag` commits to (header, message) under
/// `opening` (carried inside the app's own encrypted payload).
///
/// Accept a layer-mode message only if this succeeds: otherwise a sender could
/// send a message that cannot be reported. [`Error::Invalid`] on mismatch.
///
/// Pass exactly the bytes the app will parse and render, the whole payload
/// but the opening, and render only [`OpenedMessage::message`] (with the
/// header): anything rendered from outside them is not in the report.
///
/// ```
/// use franking::{Error, verify_commitment};
/// # let mut rng = rand::rng();
/// # let (opening, tag) = franking::commit_with_rng(&mut rng, b"", b"hello")?;
/// # let same_opening = franking::Opening::from_bytes(*opening.as_bytes());
/// // `opening` came inside the decrypted payload, `tag` beside it.
/// let opened = verify_commitment(b"", b"hello", opening, &tag)?;
/// assert_eq!(opened.franking_tag(), &tag);
/// // A payload the tag does not commit to cannot be reported: reject it.
/// let other = verify_commitment(b"", b"HELLO", same_opening, &tag);
/// assert_eq!(other.err(), Some(Error::Invalid));
/// # Ok::<(), franking::Error>(())
/// ```
pub fn verify_commitment<'a>(
    header: &'a [u8],
    message: &'a [u8],
    opening: Opening,
    franking_tag: &FrankingTag,
) -> Result<OpenedMessage<'a>, Error> {
    wire::check_lengths(header, message.len())?;
    if !ct::declassify(commitment::check(
        opening.as_bytes(),
        header,
        message,
        franking_tag,
    )) {
        return Err(Error::Invalid);
    }
    Ok(OpenedMessage {
        header,
        message,
        opening,
        franking_tag: *franking_tag,
    })
}
