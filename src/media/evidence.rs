//! What the recipient keeps per rendered attachment so that it stays
//! reportable after the message key is gone (SPEC.md 15.7).

use super::seal::TreeBuilder;
use super::{AttachmentDescriptor, AttachmentKey, ChunkKey, ChunkOpening, ct_eq32, leaf};
use crate::Error;
use crate::envelope::Nonce;
use crate::sender::MessageKey;
use crate::suite::Suite;
use crate::wire::{DESCRIPTOR_LEN, MediaMessage};

/// The evidence of one rendered attachment: its attachment key with the
/// key's suite, its index in the message and its descriptor (SPEC.md 15.7).
///
/// A ratcheting application deletes the message key after decryption, and
/// with it every way to derive or unwrap the attachment key; keep this
/// beside the message's evidence (the [`Report`](crate::Report) parts) for
/// as long, with the rendered plaintext and the outboard tree, and a
/// [`MediaReportWriter`](super::MediaReportWriter) builds whole or range
/// reports from them at any time. The key opens this attachment's chunks and
/// nothing else: keep the evidence on the device, encrypted at rest, like the
/// message's opening. [`ENCODED_LEN`](Self::ENCODED_LEN) bytes stored.
///
/// ```
/// use franking::media::{AttachmentDescriptor, AttachmentEvidence, AttachmentKey, AttachmentSealer};
/// let mut rng = rand::rng();
/// let key = AttachmentKey::generate(&mut rng);
/// let mut sealer = AttachmentSealer::new(key.clone(), &mut rng);
/// sealer.seal_chunk(&mut [1, 2, 3], true)?;
/// let evidence = AttachmentEvidence::new(key, 0, sealer.descriptor()?);
/// let stored = evidence.to_bytes(); // 123 bytes, secret: store encrypted
/// let again = AttachmentEvidence::from_bytes(&stored[..])?;
/// assert_eq!(again.descriptor(), evidence.descriptor());
/// # Ok::<(), franking::Error>(())
/// ```
#[derive(Clone)]
pub struct AttachmentEvidence {
    key: AttachmentKey,
    attachment: u16,
    descriptor: AttachmentDescriptor,
}

impl AttachmentEvidence {
    /// Length of [`to_bytes`](Self::to_bytes): `u8(suite) || Ka || u16(j) ||
    /// descriptor`.
    pub const ENCODED_LEN: usize = 1 + 32 + 2 + DESCRIPTOR_LEN;

    /// The evidence of attachment `attachment`, described by `descriptor`
    /// (from the verified message) and opened under `key`.
    pub fn new(key: AttachmentKey, attachment: u16, descriptor: AttachmentDescriptor) -> Self {
        Self {
            key,
            attachment,
            descriptor,
        }
    }

    /// The evidence of attachment `attachment` of a committing-AEAD media
    /// message opened under `(message_key, nonce)`: reads its descriptor
    /// from `message` (the opened plaintext) and unwraps its key
    /// ([`AttachmentKey::unwrap`]). Take it before the message key is
    /// deleted. Errors of [`MediaMessage::decode`], and
    /// [`Error::Malformed`] for an index beyond the message's attachments.
    pub fn from_message(
        message_key: &MessageKey,
        nonce: &Nonce,
        message: &[u8],
        attachment: u16,
    ) -> Result<Self, Error> {
        let descriptor = MediaMessage::decode(message)?
            .descriptor(usize::from(attachment))
            .ok_or(Error::Malformed {
                field: "attachment index",
                offset: 0,
            })?;
        let key = AttachmentKey::unwrap(message_key, nonce, attachment, descriptor.wrapped_key());
        Ok(Self::new(key, attachment, descriptor))
    }

    /// The attachment key.
    pub fn key(&self) -> &AttachmentKey {
        &self.key
    }

    /// The attachment's index in its message.
    pub fn attachment(&self) -> u16 {
        self.attachment
    }

    /// The attachment's descriptor.
    pub fn descriptor(&self) -> &AttachmentDescriptor {
        &self.descriptor
    }

    /// The opening of chunk `index`, for a report ([`Error::Malformed`]
    /// beyond the attachment).
    pub fn chunk_opening(&self, index: u64) -> Result<ChunkOpening, Error> {
        self.key.chunk_opening(&self.descriptor, index)
    }

    /// Rebuilds the outboard tree from the plaintext, for an application
    /// that kept no tree (SPEC.md 15.7): every opening from the key, every
    /// leaf from its chunk; one hashing pass, no decryption.
    pub fn rebuild_tree(&self) -> TreeRebuilder<'_> {
        TreeRebuilder {
            evidence: self,
            key: self.key.chunk_key(self.descriptor.nonce()),
            next: 0,
            tree: TreeBuilder::new(),
            done: false,
        }
    }

    /// The evidence as stored: `u8(suite id) || Ka || u16(attachment) ||
    /// descriptor`, zeroized on drop. Secret: it holds the key.
    pub fn to_bytes(&self) -> zeroize::Zeroizing<[u8; Self::ENCODED_LEN]> {
        let mut out = zeroize::Zeroizing::new([0u8; Self::ENCODED_LEN]);
        let bytes: &mut [u8; Self::ENCODED_LEN] = &mut out;
        bytes[0] = self.key.suite().id();
        bytes[1..33].copy_from_slice(self.key.as_bytes());
        bytes[33..35].copy_from_slice(&self.attachment.to_be_bytes());
        bytes[35..].copy_from_slice(&self.descriptor.to_bytes());
        out
    }

    /// Parses [`to_bytes`](Self::to_bytes). [`Error::Malformed`] for another
    /// length or an unknown suite, errors of the descriptor's decoder.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
        let bytes: &[u8; Self::ENCODED_LEN] = bytes.try_into().map_err(|_| Error::Malformed {
            field: "attachment evidence length",
            offset: bytes.len().min(Self::ENCODED_LEN),
        })?;
        let suite = Suite::from_id(bytes[0]).ok_or(Error::Malformed {
            field: "attachment key suite",
            offset: 0,
        })?;
        let mut key = zeroize::Zeroizing::new([0u8; 32]);
        key.copy_from_slice(&bytes[1..33]);
        let attachment = u16::from_be_bytes([bytes[33], bytes[34]]);
        let descriptor = AttachmentDescriptor::decode(&bytes[35..])?;
        Ok(Self::new(
            AttachmentKey::with_suite(suite, *key),
            attachment,
            descriptor,
        ))
    }
}

impl core::fmt::Debug for AttachmentEvidence {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("AttachmentEvidence")
            .field("key", &self.key)
            .field("attachment", &self.attachment)
            .field("len", &self.descriptor.len())
            .finish_non_exhaustive()
    }
}

/// Rebuilds an attachment's outboard tree from its plaintext, chunk by chunk
/// in order ([`AttachmentEvidence::rebuild_tree`]): feed each chunk to
/// [`push_chunk`](Self::push_chunk) and append the records it returns;
/// [`finish`](Self::finish) checks the rebuilt root against the descriptor.
pub struct TreeRebuilder<'e> {
    evidence: &'e AttachmentEvidence,
    key: ChunkKey,
    next: u64,
    tree: TreeBuilder,
    done: bool,
}

impl TreeRebuilder<'_> {
    /// Index and length of the next chunk to feed, or `None` after the last.
    pub fn next_chunk(&self) -> Option<(u64, usize)> {
        let len = self.evidence.descriptor.chunk_len(self.next)?;
        Some((self.next, len))
    }

    /// Hashes the next plaintext chunk; returns the tree records it
    /// completed. [`Error::Malformed`] for a chunk of the wrong length or
    /// one after the last.
    pub fn push_chunk(&mut self, plaintext: &[u8]) -> Result<&[u8], Error> {
        let (index, len) = self.next_chunk().ok_or(Error::Malformed {
            field: "extra chunk",
            offset: 0,
        })?;
        let last = index + 1 == self.evidence.descriptor.chunk_count();
        if plaintext.len() != len {
            return Err(Error::Malformed {
                field: "chunk length",
                offset: 0,
            });
        }
        let opening = self.key.keystream(index, last).opening;
        let commitment = leaf(opening.as_bytes(), index, last, plaintext);
        self.next += 1;
        let (records, root) = self.tree.push_leaf(commitment, last);
        if let Some(root) = root {
            self.done = ct_eq32(&root, self.evidence.descriptor.root().as_bytes()).into();
        }
        Ok(records)
    }

    /// [`Error::Malformed`] if chunks are missing; [`Error::Invalid`] if the
    /// rebuilt root is not the descriptor's (the plaintext is not what was
    /// opened): then discard the records.
    pub fn finish(self) -> Result<(), Error> {
        if self.next != self.evidence.descriptor.chunk_count() {
            return Err(Error::Malformed {
                field: "missing chunks",
                offset: 0,
            });
        }
        if self.done {
            Ok(())
        } else {
            Err(Error::Invalid)
        }
    }
}

impl core::fmt::Debug for TreeRebuilder<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("TreeRebuilder")
            .field("next", &self.next)
            .finish_non_exhaustive()
    }
}
