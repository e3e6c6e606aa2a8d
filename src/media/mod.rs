//! Media franking (SPEC.md section 14): attachments stored apart from their
//! message, sealed and opened in chunks in constant memory, bound to the
//! franked message by a Merkle root of per-chunk commitments, and reportable
//! whole or in part.
//!
//! - [`AttachmentSealer`]: the sender seals chunks as they arrive and writes
//!   ciphertext and outboard-tree records as it goes; it ends with the
//!   [`AttachmentDescriptor`] that goes into the message
//!   ([`MediaMessage`](crate::wire::MediaMessage)).
//! - [`AttachmentOpener`] and [`open_chunk_at`]: the recipient opens chunks in
//!   order or at random; a chunk is released only after its commitment
//!   verified against the descriptor's root.
//! - [`range_proof`] and [`RangeVerifier`]: range reports, built by the
//!   recipient and verified by the moderator, streamed in constant memory.
//!
//! Every path is allocation-free; the caller owns every buffer.

use subtle::{Choice, ConstantTimeEq};

use crate::cep::Keystream;
use crate::envelope::Nonce;
use crate::secret::{public_bytes, secret_bytes};
use crate::sender::MessageKey;
use crate::sha256::{self, Sha256};
use crate::suite::Suite;
use crate::wire::{ATTACHMENT_KEY_LABEL, CHUNK_KEY_LABEL, CHUNK_LABEL, NODE_LABEL};
use zeroize::Zeroize;

mod evidence;
#[cfg(feature = "std")]
mod io;
mod open;
#[cfg(feature = "std")]
mod parallel;
mod range;
mod report_writer;
mod seal;

#[cfg(feature = "std")]
pub use io::{
    AttachmentReader, AttachmentWriter, SeekTree, feed_media_report_chunks, read_media_report_head,
    seal_stream, verify_media_report_stream,
};
#[cfg(feature = "std")]
pub use parallel::{open_in_place_parallel, seal_in_place_parallel, verify_media_report_parallel};

pub use evidence::{AttachmentEvidence, TreeRebuilder};
pub use open::{AttachmentOpener, TreeSource, open_chunk_at};
pub use range::{RangeProof, RangeVerifier, VerifiedRange, range_proof, verify_media_report};
pub use report_writer::MediaReportWriter;
pub use seal::AttachmentSealer;

/// Chunk size `S` in bytes: every chunk but the last has exactly this length.
pub const CHUNK_SIZE: usize = 64 * 1024;
/// Longest attachment accepted, in bytes: 2^32 chunks.
pub const MAX_ATTACHMENT_LEN: u64 = 1 << 48;
/// Length of one outboard-tree record: a parent's two child hashes.
pub const TREE_RECORD_LEN: usize = 64;
/// Most chunks an attachment can have.
pub(crate) const MAX_CHUNKS: u64 = MAX_ATTACHMENT_LEN / CHUNK_SIZE as u64;
/// Bound on the tree depth (2^32 leaves) plus slack, for fixed stacks.
pub(crate) const STACK: usize = 40;

/// Keystream is applied and hashed in pieces of this size, so that both
/// passes over a piece run while it is in L1 cache.
const PIECE: usize = crate::cep::CHUNK;

/// First 8 bytes of every chunk nonce.
pub(crate) const MEDIA_NONCE_LABEL: &[u8; 8] = b"frk-med1";

secret_bytes!(
    /// A chunk's opening `r_i`: the key of its commitment. Revealed in a
    /// report of that chunk; reveals nothing about other chunks or the key.
    ChunkOpening,
    32
);

public_bytes!(
    /// The Merkle root `R` over an attachment's chunk commitments.
    AttachmentRoot,
    32
);

public_bytes!(
    /// An attachment's nonce `Na` (SPEC.md 14.2): 16 random bytes the sealer
    /// draws for every attachment it seals, carried in the descriptor. It
    /// makes each attachment's chunk key differ even under a reused
    /// attachment key.
    AttachmentNonce,
    16
);

public_bytes!(
    /// An attachment key wrapped for one copy of a message (SPEC.md 14.2):
    /// `W = Ka XOR Pad_j`, with the pad derived from that copy's integrity
    /// key. Carried in the descriptor; without the copy's message key and
    /// nonce it reveals nothing about `Ka`. All zero when the key is derived
    /// (or comes through the application's channel).
    WrappedAttachmentKey,
    32
);

/// The 32-byte attachment key `Ka` (SPEC.md 14.2), with its suite: derived
/// from (or wrapped under) the message's key with the committing AEAD, or
/// drawn at random and sent through the application's encrypted channel in
/// layer mode; never in a message, descriptor or report. Sealing under one
/// key twice is harmless (each seal draws its own [`AttachmentNonce`]), but
/// a fresh key per attachment remains the rule. Zeroized on drop, redacted
/// in `Debug`.
///
/// ```
/// use franking::media::{AttachmentKey, AttachmentSealer};
/// use franking::{MessageKey, Nonce};
/// let mut rng = rand::rng();
/// let message_key = MessageKey::generate(&mut rng);
/// // Committing AEAD: pick the message's nonce first; sender and recipient
/// // both derive attachment 0's key from it, so no key travels.
/// let nonce = Nonce::random(&mut rng);
/// let key = AttachmentKey::derive(&message_key, &nonce, 0);
/// let sealer = AttachmentSealer::new(key, &mut rng);
/// // ... seal the chunks, put `sealer.descriptor()?` into the message, then
/// // `message_key.seal_in_place_with_nonce(&nonce, header, &mut message)`.
/// // Layer mode: a random key, sent inside the app's encrypted payload.
/// let layer_key = AttachmentKey::generate(&mut rng);
/// # drop((sealer, layer_key));
/// ```
#[derive(Clone)]
pub struct AttachmentKey(MessageKey);

impl AttachmentKey {
    /// Wraps key bytes. The caller's copy is theirs to zeroize.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(MessageKey::from_bytes(bytes))
    }

    /// Draws a fresh key from a cryptographic RNG.
    pub fn generate<R: rand_core::CryptoRng + ?Sized>(rng: &mut R) -> Self {
        Self(MessageKey::generate(rng))
    }

    /// Wraps key bytes for chunks sealed in `suite`'s keystream (SPEC.md
    /// 14.2); [`from_bytes`](Self::from_bytes) means [`Suite::XChaCha20`].
    pub fn with_suite(suite: Suite, bytes: [u8; 32]) -> Self {
        Self(MessageKey::with_suite(suite, bytes))
    }

    /// Draws a fresh key for `suite` from a cryptographic RNG.
    pub fn generate_with_suite<R: rand_core::CryptoRng + ?Sized>(
        suite: Suite,
        rng: &mut R,
    ) -> Self {
        Self(MessageKey::generate_with_suite(suite, rng))
    }

    /// The suite whose keystream seals this attachment's chunks.
    pub fn suite(&self) -> Suite {
        self.0.suite()
    }

    /// The derived key of attachment `index` of the message sealed under
    /// `(message_key, nonce)` (SPEC.md 14.2): `Pad_j = compress(IK,
    /// ATTACHMENT_KEY_LABEL || u16(index) || 0^46)` under that message's
    /// integrity key `IK`, which no report reveals. Its descriptor carries an
    /// all-zero wrapped key. Sender and recipient both derive it, so with the
    /// committing AEAD no attachment key needs to travel. The sender picks the
    /// nonce first, seals the attachment, then seals the message carrying its
    /// descriptor under that same nonce. The key has the message key's suite.
    /// Never for layer mode (use [`generate`](Self::generate) and the app's
    /// channel). The recipient calls [`unwrap`](Self::unwrap), which also
    /// handles wrapped keys.
    pub fn derive(message_key: &MessageKey, nonce: &Nonce, index: u16) -> Self {
        Self::unwrap(
            message_key,
            nonce,
            index,
            &WrappedAttachmentKey::from_bytes([0u8; 32]),
        )
    }

    /// The key of attachment `index` of the message sealed under
    /// `(message_key, nonce)`, from the wrapped key its descriptor carries
    /// (SPEC.md 14.2): `Ka = W XOR Pad_j`. With an all-zero `W` this is the
    /// derived key. What the recipient calls for every attachment of a
    /// committing-AEAD message; a wrong `W` gives a key under which every
    /// chunk fails.
    pub fn unwrap(
        message_key: &MessageKey,
        nonce: &Nonce,
        index: u16,
        wrapped: &WrappedAttachmentKey,
    ) -> Self {
        let mut bytes = pad(message_key, nonce, index);
        for (b, w) in bytes.iter_mut().zip(wrapped.as_bytes()) {
            *b ^= w;
        }
        Self(MessageKey::with_suite(message_key.suite(), *bytes))
    }

    /// Wraps this key for attachment `index` of the copy of a message sealed
    /// under `(message_key, nonce)`: `W = Ka XOR Pad_j` (SPEC.md 14.2). For a
    /// blob shared by the copies of a pairwise fan-out: seal it once under a
    /// random key, then put [`AttachmentDescriptor::with_wrapped_key`] with
    /// each copy's `W` into that copy. The key must have the message key's
    /// suite ([`Error::Malformed`](crate::Error::Malformed) otherwise).
    pub fn wrap(
        &self,
        message_key: &MessageKey,
        nonce: &Nonce,
        index: u16,
    ) -> Result<WrappedAttachmentKey, crate::Error> {
        if self.suite() != message_key.suite() {
            return Err(crate::Error::Malformed {
                field: "attachment key suite",
                offset: 0,
            });
        }
        let mut bytes = pad(message_key, nonce, index);
        for (b, k) in bytes.iter_mut().zip(self.as_bytes()) {
            *b ^= k;
        }
        Ok(WrappedAttachmentKey::from_bytes(*bytes))
    }

    /// The secret bytes, to send to the recipient. Handle with care.
    pub fn as_bytes(&self) -> &[u8; 32] {
        self.0.as_bytes()
    }

    /// The opening `r_i` of chunk `index` of an attachment described by
    /// `descriptor`, for a report. Fails with [`Error::Malformed`] if the
    /// attachment has no such chunk.
    ///
    /// [`Error::Malformed`]: crate::Error::Malformed
    pub fn chunk_opening(
        &self,
        descriptor: &AttachmentDescriptor,
        index: u64,
    ) -> Result<ChunkOpening, crate::Error> {
        let n = descriptor.chunk_count();
        if index >= n {
            return Err(crate::Error::Malformed {
                field: "chunk index",
                offset: 0,
            });
        }
        let keystream = self
            .chunk_key(descriptor.nonce())
            .keystream(index, index + 1 == n);
        Ok(ChunkOpening::from_bytes(*keystream.opening.as_bytes()))
    }

    /// The chunk key `Kc = bytes(compress(words(Ka), CHUNK_KEY_LABEL || Na ||
    /// 0^32))` of the attachment sealed with `nonce` (SPEC.md 14.2).
    pub(crate) fn chunk_key(&self, nonce: &AttachmentNonce) -> ChunkKey {
        let mut state = bytes_to_words(self.0.as_bytes());
        let mut block = [0u8; 64];
        block[..16].copy_from_slice(CHUNK_KEY_LABEL);
        block[16..32].copy_from_slice(nonce.as_bytes());
        sha256::compress(&mut state, &block);
        let bytes = zeroize::Zeroizing::new(sha256::words_to_bytes(&state));
        state.as_mut_slice().zeroize();
        ChunkKey(MessageKey::with_suite(self.suite(), *bytes))
    }
}

/// `Pad_j = bytes(compress(IK, ATTACHMENT_KEY_LABEL || u16(index) || 0^46))`.
fn pad(message_key: &MessageKey, nonce: &Nonce, index: u16) -> zeroize::Zeroizing<[u8; 32]> {
    let keystream = Keystream::new(message_key, nonce);
    let mut block = [0u8; 64];
    block[..16].copy_from_slice(ATTACHMENT_KEY_LABEL);
    block[16..18].copy_from_slice(&index.to_be_bytes());
    keystream.integrity_key.derive(&block)
}

fn bytes_to_words(bytes: &[u8; 32]) -> [u32; 8] {
    let mut words = [0u32; 8];
    for (word, b) in words.iter_mut().zip(bytes.chunks_exact(4)) {
        let mut be = [0u8; 4];
        be.copy_from_slice(b);
        *word = u32::from_be_bytes(be);
    }
    words
}

/// The key that seals an attachment's chunks: `Kc`, derived from the
/// attachment key and the attachment nonce. Secret; zeroized on drop.
pub(crate) struct ChunkKey(MessageKey);

impl ChunkKey {
    /// The keystream of chunk `index` (SPEC.md 14.2): the one place media
    /// touches the cipher, so that a cipher suite can replace it.
    pub(crate) fn keystream(&self, index: u64, last: bool) -> Keystream {
        Keystream::new(&self.0, &chunk_nonce(index, last))
    }
}

impl core::fmt::Debug for AttachmentKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("AttachmentKey(<redacted>)")
    }
}

impl ConstantTimeEq for AttachmentKey {
    fn ct_eq(&self, other: &Self) -> Choice {
        self.0.ct_eq(&other.0)
    }
}

impl PartialEq for AttachmentKey {
    fn eq(&self, other: &Self) -> bool {
        self.ct_eq(other).into()
    }
}

impl Eq for AttachmentKey {}

/// An attachment's public descriptor `(L, R, Na, W)` (SPEC.md 14.4), carried
/// in the franked message: its length, the root of its chunk tree, its
/// attachment nonce and its wrapped key (all zero unless wrapped).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AttachmentDescriptor {
    len: u64,
    root: AttachmentRoot,
    nonce: AttachmentNonce,
    wrapped: WrappedAttachmentKey,
}

impl AttachmentDescriptor {
    /// Builds a descriptor with an all-zero wrapped key; fails with
    /// [`Error::TooLong`](crate::Error::TooLong) beyond [`MAX_ATTACHMENT_LEN`].
    /// The sealer makes it ([`AttachmentSealer::descriptor`]).
    pub fn new(
        len: u64,
        root: AttachmentRoot,
        nonce: AttachmentNonce,
    ) -> Result<Self, crate::Error> {
        if len > MAX_ATTACHMENT_LEN {
            return Err(crate::Error::TooLong {
                field: "attachment",
                max: usize::try_from(MAX_ATTACHMENT_LEN).unwrap_or(usize::MAX),
            });
        }
        Ok(Self {
            len,
            root,
            nonce,
            wrapped: WrappedAttachmentKey::from_bytes([0u8; 32]),
        })
    }

    /// This descriptor carrying `wrapped` ([`AttachmentKey::wrap`]), for one
    /// copy of a fan-out message.
    pub fn with_wrapped_key(self, wrapped: WrappedAttachmentKey) -> Self {
        Self { wrapped, ..self }
    }

    /// The attachment's length in bytes.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// Whether the attachment is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The root of its chunk tree.
    pub fn root(&self) -> &AttachmentRoot {
        &self.root
    }

    /// The attachment nonce its chunk key was derived with.
    pub fn nonce(&self) -> &AttachmentNonce {
        &self.nonce
    }

    /// The wrapped attachment key (all zero unless wrapped): pass it to
    /// [`AttachmentKey::unwrap`].
    pub fn wrapped_key(&self) -> &WrappedAttachmentKey {
        &self.wrapped
    }

    /// Number of chunks `n = max(1, ceil(L / S))`.
    pub fn chunk_count(&self) -> u64 {
        chunk_count(self.len)
    }

    /// Length of chunk `index`, or `None` if there is no such chunk.
    pub fn chunk_len(&self, index: u64) -> Option<usize> {
        let n = self.chunk_count();
        if index >= n {
            None
        } else if index < n - 1 {
            Some(CHUNK_SIZE)
        } else {
            usize::try_from(self.len - index * CHUNK_SIZE as u64).ok()
        }
    }

    /// Length of the outboard tree in bytes: `64 (n - 1)`.
    pub fn tree_len(&self) -> u64 {
        (self.chunk_count() - 1) * TREE_RECORD_LEN as u64
    }
}

pub(crate) fn chunk_count(len: u64) -> u64 {
    len.div_ceil(CHUNK_SIZE as u64).max(1)
}

/// `N_i = MEDIA_NONCE_LABEL || u64(i) || u8(last_i) || 0^7`.
pub(crate) fn chunk_nonce(index: u64, last: bool) -> Nonce {
    let mut nonce = [0u8; 24];
    nonce[..8].copy_from_slice(MEDIA_NONCE_LABEL);
    nonce[8..16].copy_from_slice(&index.to_be_bytes());
    nonce[16] = u8::from(last);
    Nonce::from_bytes(nonce)
}

/// A chunk commitment in progress: `SHA-256(KeyBlock(r_i) || CHUNK_LABEL ||
/// u64(i) || u8(last_i) || u32(len) || chunk)`, the chunk fed in pieces.
pub(crate) struct Leaf(Sha256);

impl Leaf {
    pub(crate) fn start(opening: &[u8; 32], index: u64, last: bool, len: usize) -> Self {
        let mut hash = sha256::hmac_inner(opening);
        let mut head = [0u8; 29];
        head[..16].copy_from_slice(CHUNK_LABEL);
        head[16..24].copy_from_slice(&index.to_be_bytes());
        head[24] = u8::from(last);
        // Chunk lengths are at most CHUNK_SIZE, checked by every caller.
        head[25..].copy_from_slice(&u32::try_from(len).unwrap_or(u32::MAX).to_be_bytes());
        hash.update_array(&head);
        Self(hash)
    }

    pub(crate) fn update(&mut self, piece: &[u8]) {
        self.0.update(piece);
    }

    pub(crate) fn finish(self) -> [u8; 32] {
        self.0.finish()
    }
}

/// The commitment of a whole plaintext chunk under its opening.
pub(crate) fn leaf(opening: &[u8; 32], index: u64, last: bool, chunk: &[u8]) -> [u8; 32] {
    let mut leaf = Leaf::start(opening, index, last, chunk.len());
    leaf.update(chunk);
    leaf.finish()
}

/// `Node(l, r) = SHA-256(NODE_LABEL || l || r)`.
pub(crate) fn node(left: &[u8; 32], right: &[u8; 32]) -> [u8; 32] {
    let mut hash = Sha256::resume(sha256::IV, 0);
    let mut block = [0u8; 80];
    block[..16].copy_from_slice(NODE_LABEL);
    block[16..48].copy_from_slice(left);
    block[48..].copy_from_slice(right);
    hash.update_array(&block);
    hash.finish()
}

/// `Node` over an outboard record `l || r`.
pub(crate) fn record_hash(record: &[u8; 64]) -> [u8; 32] {
    let (left, right) = split_record(record);
    node(&left, &right)
}

pub(crate) fn split_record(record: &[u8; 64]) -> ([u8; 32], [u8; 32]) {
    let mut left = [0u8; 32];
    let mut right = [0u8; 32];
    left.copy_from_slice(&record[..32]);
    right.copy_from_slice(&record[32..]);
    (left, right)
}

/// The largest power of two strictly below `k` (`k >= 2`): RFC 6962's split.
pub(crate) fn split(k: u64) -> u64 {
    1u64 << (63 - (k - 1).leading_zeros())
}

/// Decrypts (or encrypts) `chunk` in place with chunk `index`'s keystream
/// and returns its commitment over the plaintext, in one pass over cached
/// pieces. `plaintext_first`: hash before applying the keystream (sealing)
/// or after (opening).
pub(crate) fn crypt_and_commit(
    key: &ChunkKey,
    index: u64,
    last: bool,
    chunk: &mut [u8],
    plaintext_first: bool,
) -> [u8; 32] {
    let mut keystream = key.keystream(index, last);
    let mut leaf = Leaf::start(keystream.opening.as_bytes(), index, last, chunk.len());
    for piece in chunk.chunks_mut(PIECE) {
        if plaintext_first {
            keystream.hash_then_apply(&mut leaf.0, piece);
        } else {
            keystream.apply_then_hash(piece, &mut leaf.0);
        }
    }
    leaf.finish()
}

/// Applies chunk `index`'s keystream to `chunk` again (restores the ciphertext).
pub(crate) fn recrypt(key: &ChunkKey, index: u64, last: bool, chunk: &mut [u8]) {
    let mut keystream = key.keystream(index, last);
    keystream.apply(chunk);
}

pub(crate) fn ct_eq32(a: &[u8; 32], b: &[u8; 32]) -> Choice {
    crate::secret::ct_eq_bytes(a, b)
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn split_is_largest_power_of_two_below() {
        assert_eq!(split(2), 1);
        assert_eq!(split(3), 2);
        assert_eq!(split(4), 2);
        assert_eq!(split(5), 4);
        assert_eq!(split(8), 4);
        assert_eq!(split(9), 8);
        assert_eq!(split(1 << 32), 1 << 31);
    }

    #[test]
    fn chunk_counts_and_lengths() {
        let nonce = AttachmentNonce::from_bytes([0; 16]);
        let d = |len| {
            AttachmentDescriptor::new(len, AttachmentRoot::from_bytes([0; 32]), nonce).unwrap()
        };
        assert_eq!(d(0).chunk_count(), 1);
        assert_eq!(d(0).chunk_len(0), Some(0));
        assert_eq!(d(1).chunk_len(0), Some(1));
        assert_eq!(d(65536).chunk_count(), 1);
        assert_eq!(d(65537).chunk_count(), 2);
        assert_eq!(d(65537).chunk_len(1), Some(1));
        assert_eq!(d(65537).chunk_len(2), None);
        assert_eq!(d(65537).chunk_len(u64::MAX), None);
        assert_eq!(d(MAX_ATTACHMENT_LEN).chunk_count(), 1 << 32);
        assert!(
            AttachmentDescriptor::new(
                MAX_ATTACHMENT_LEN + 1,
                AttachmentRoot::from_bytes([0; 32]),
                nonce
            )
            .is_err()
        );
    }
}
