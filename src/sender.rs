//! The sender's role: seal a message (committing AEAD) or commit to it (layer mode).

use rand_core::CryptoRng;
use subtle::{Choice, ConstantTimeEq};

use crate::Error;
use crate::cep::{CHUNK, Keystream};
use crate::commitment::{self, Commitment, FrankingTag, Opening};
use crate::envelope::{Envelope, Nonce};
use crate::secret::secret_bytes;
use crate::suite::{KeySchedule, Suite};
use crate::wire;

secret_bytes!(
    /// The bytes of a [`MessageKey`].
    KeyBytes,
    32
);

/// The 32-byte symmetric key shared by sender and recipient, e.g. a
/// per-message key from the app's ratchet, and the [`Suite`] it is used with.
///
/// [`MessageKey::from_bytes`] and [`MessageKey::generate`] make
/// [`Suite::XChaCha20`] keys; [`MessageKey::with_suite`] and
/// [`MessageKey::generate_with_suite`] choose the suite. Sender and
/// recipient must agree on it (from their protocol, or from
/// [`Suite::id`] on the wire); the envelope does not carry it. Use a key with
/// one suite only.
///
/// **Nonce rule:** never seal two messages under the same key and nonce.
/// [`MessageKey::seal_in_place_with_rng`] draws a fresh random 24-byte
/// nonce for every message, which is safe for any practical number of
/// messages per key.
///
/// ```
/// use franking::MessageKey;
/// let mut rng = rand::rng();
/// // In an app, the key comes from the ratchet: `MessageKey::from_bytes(k)`.
/// let key = MessageKey::generate(&mut rng);
/// let mut buffer = *b"hello";
/// let envelope = key.seal_in_place_with_rng(&mut rng, b"header", &mut buffer)?;
/// let opened = key.open_in_place(&envelope, b"header", &mut buffer)?;
/// assert_eq!(opened.message(), b"hello");
/// # Ok::<(), franking::Error>(())
/// ```
#[derive(Clone)]
pub struct MessageKey {
    bytes: KeyBytes,
    suite: Suite,
    /// The AES suite's per-key work (`K`'s round keys and CMAC subkey), done
    /// once when the key is made; `None` for XChaCha20 and after `zeroize`.
    aes: Option<KeySchedule>,
}

impl MessageKey {
    /// Length in bytes.
    pub const LEN: usize = 32;

    /// Wraps secret bytes as an XChaCha20-suite key. The caller's copy is theirs to zeroize.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self::with_suite(Suite::XChaCha20, bytes)
    }

    /// Wraps secret bytes as a key of `suite`. The caller's copy is theirs to zeroize.
    ///
    /// An AES-256-suite key computes `K`'s round keys and CMAC subkey here,
    /// once (SPEC.md 4.5): make it once per key and seal or open any number of
    /// messages with it. A key of either suite is about 1 KiB, the room the
    /// schedule takes: pass it by reference.
    pub fn with_suite(suite: Suite, bytes: [u8; 32]) -> Self {
        Self::new(KeyBytes::from_bytes(bytes), suite)
    }

    fn new(bytes: KeyBytes, suite: Suite) -> Self {
        let aes = match suite {
            Suite::XChaCha20 => None,
            Suite::Aes256 => Some(KeySchedule::new(bytes.as_bytes())),
        };
        Self { bytes, suite, aes }
    }

    /// The AES suite's key schedule, if computed (not after `zeroize`).
    pub(crate) fn aes_schedule(&self) -> Option<&KeySchedule> {
        self.aes.as_ref()
    }

    /// Draws a fresh XChaCha20-suite key from a cryptographic RNG.
    pub fn generate<R: CryptoRng + ?Sized>(rng: &mut R) -> Self {
        Self::generate_with_suite(Suite::XChaCha20, rng)
    }

    /// Draws a fresh key of `suite` from a cryptographic RNG.
    pub fn generate_with_suite<R: CryptoRng + ?Sized>(suite: Suite, rng: &mut R) -> Self {
        Self::new(KeyBytes::generate(rng), suite)
    }

    /// The suite this key seals and opens with.
    pub const fn suite(&self) -> Suite {
        self.suite
    }

    /// The secret bytes. Handle with care.
    pub fn as_bytes(&self) -> &[u8; 32] {
        self.bytes.as_bytes()
    }
}

impl TryFrom<&[u8]> for MessageKey {
    type Error = Error;

    /// An XChaCha20-suite key; fails with [`Error::Malformed`] unless `bytes`
    /// has exactly 32 bytes.
    fn try_from(bytes: &[u8]) -> Result<Self, Self::Error> {
        Ok(Self::new(KeyBytes::try_from(bytes)?, Suite::XChaCha20))
    }
}

/// Equal when bytes and suite are; the bytes compare in constant time.
impl ConstantTimeEq for MessageKey {
    fn ct_eq(&self, other: &Self) -> Choice {
        self.bytes.ct_eq(&other.bytes) & Choice::from(u8::from(self.suite == other.suite))
    }
}

impl PartialEq for MessageKey {
    fn eq(&self, other: &Self) -> bool {
        self.ct_eq(other).into()
    }
}

impl Eq for MessageKey {}

/// Prints the suite, never the key.
impl core::fmt::Debug for MessageKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "MessageKey(<redacted>, {:?})", self.suite)
    }
}

impl zeroize::Zeroize for MessageKey {
    fn zeroize(&mut self) {
        self.bytes.zeroize();
        // Dropping the schedule wipes it.
        self.aes = None;
    }
}

/// The bytes and the AES key schedule are wiped on drop.
impl zeroize::ZeroizeOnDrop for MessageKey {}

impl MessageKey {
    /// Seals `buffer` in place under a fresh random nonce and returns the envelope.
    ///
    /// `header` is authenticated and committed to but not encrypted. On return
    /// `buffer` holds the ciphertext, of the same length as the message.
    /// Fails with [`Error::TooLong`] if the header or message exceeds
    /// [`MAX_HEADER_LEN`](crate::MAX_HEADER_LEN) or
    /// [`MAX_MESSAGE_LEN`](crate::MAX_MESSAGE_LEN); `buffer` is then untouched.
    ///
    /// ```
    /// # let mut rng = rand::rng();
    /// # let key = franking::MessageKey::generate(&mut rng);
    /// let mut buffer = *b"meet at noon";
    /// let envelope = key.seal_in_place_with_rng(&mut rng, b"chat 42", &mut buffer)?;
    /// assert_ne!(&buffer, b"meet at noon"); // now the ciphertext
    /// // Send the 88-byte envelope and the ciphertext; the platform stamps
    /// // `envelope.franking_tag()`.
    /// assert_eq!(envelope.to_bytes().len(), 88);
    /// # Ok::<(), franking::Error>(())
    /// ```
    pub fn seal_in_place_with_rng<R: CryptoRng + ?Sized>(
        &self,
        rng: &mut R,
        header: &[u8],
        buffer: &mut [u8],
    ) -> Result<Envelope, Error> {
        self.seal_in_place_with_nonce(&Nonce::random(rng), header, buffer)
    }

    /// Seals `buffer` in place under a caller-chosen nonce.
    ///
    /// **The caller must never reuse a nonce under the same key**: two
    /// messages sealed under one (key, nonce) reveal their XOR, so reporting
    /// one reveals the other. Use this only with nonces unique by construction
    /// (a per-message key from a ratchet, or a counter with a direction bit
    /// when both parties seal under one key: two counters starting at 0 collide),
    /// or to reproduce test vectors; otherwise use
    /// [`seal_in_place_with_rng`](Self::seal_in_place_with_rng).
    pub fn seal_in_place_with_nonce(
        &self,
        nonce: &Nonce,
        header: &[u8],
        buffer: &mut [u8],
    ) -> Result<Envelope, Error> {
        wire::check_lengths(header, buffer.len())?;
        let mut keystream = Keystream::new(self, nonce);
        let mut commitment = Commitment::start(keystream.opening.as_bytes(), header, buffer.len());
        // Hash each plaintext chunk, then encrypt it while it is still in cache.
        for chunk in buffer.chunks_mut(CHUNK) {
            keystream.hash_then_apply(commitment.hash_mut(), chunk);
        }
        let franking_tag = commitment.finish();
        let integrity_tag = keystream.integrity_key.tag(&franking_tag);
        Ok(Envelope::new(*nonce, franking_tag, integrity_tag))
    }
}

/// Layer mode: commits to (header, message) under a fresh random opening.
///
/// For apps that keep their own end-to-end encryption (Signal, MLS, Olm):
/// carry the [`Opening`] *inside* the encrypted payload, send the
/// [`FrankingTag`] beside it for the platform to stamp, and bind the franking
/// tag into the transport AEAD's associated data so it cannot be swapped
/// between messages. The recipient checks it with
/// [`recipient::verify_commitment`](crate::recipient::verify_commitment).
///
/// ```
/// use franking::{commit_with_rng, verify_commitment};
/// let mut rng = rand::rng();
/// let (opening, tag) = commit_with_rng(&mut rng, b"header", b"hello")?;
/// // Sender: put `opening` inside the app's encrypted payload and `tag`
/// // beside it (and into the transport AEAD's associated data).
/// // Recipient, after decrypting the payload:
/// let opened = verify_commitment(b"header", b"hello", opening, &tag)?;
/// assert_eq!(opened.message(), b"hello");
/// # Ok::<(), franking::Error>(())
/// ```
pub fn commit_with_rng<R: CryptoRng + ?Sized>(
    rng: &mut R,
    header: &[u8],
    message: &[u8],
) -> Result<(Opening, FrankingTag), Error> {
    wire::check_lengths(header, message.len())?;
    let opening = Opening::generate(rng);
    let tag = commitment::compute(opening.as_bytes(), header, message);
    Ok((opening, tag))
}
