//! The recipient's side of media: open chunks in order or at random, each
//! released only after its commitment verified against the root (SPEC.md 14.5).

use subtle::Choice;

use super::{
    AttachmentDescriptor, AttachmentKey, STACK, TREE_RECORD_LEN, crypt_and_commit, ct_eq32,
    record_hash, recrypt, split, split_record,
};
use crate::Error;
use crate::ct;

/// Where the outboard tree lives: hands out record `index` (64 bytes at byte
/// offset `64 * index`) on request. Records need no protection: each is
/// checked against the root before use.
///
/// Implemented for a byte slice holding the whole outboard tree; implement it
/// over a file, blob storage or a cache as you like.
pub trait TreeSource {
    /// Writes record `index` into `record`. Return an error if the tree
    /// storage has no such record; it is passed on unchanged.
    fn read_record(&mut self, index: u64, record: &mut [u8; TREE_RECORD_LEN]) -> Result<(), Error>;
}

impl TreeSource for &[u8] {
    fn read_record(&mut self, index: u64, record: &mut [u8; TREE_RECORD_LEN]) -> Result<(), Error> {
        let offset = usize::try_from(index)
            .ok()
            .and_then(|i| i.checked_mul(TREE_RECORD_LEN))
            .unwrap_or(usize::MAX);
        let bytes = offset
            .checked_add(TREE_RECORD_LEN)
            .and_then(|end| self.get(offset..end))
            .ok_or(Error::Malformed {
                field: "outboard tree",
                offset: offset.min(self.len()),
            })?;
        record.copy_from_slice(bytes);
        Ok(())
    }
}

/// A subtree covering leaves `[lo, hi)`, whose parent record (if any) is
/// number `base + (hi - lo) - 2`, with the hash it must have.
#[derive(Clone, Copy)]
pub(crate) struct Subtree {
    pub(crate) lo: u64,
    pub(crate) hi: u64,
    pub(crate) base: u64,
    pub(crate) hash: [u8; 32],
}

impl Subtree {
    pub(crate) fn root(descriptor: &AttachmentDescriptor) -> Self {
        Self {
            lo: 0,
            hi: descriptor.chunk_count(),
            base: 0,
            hash: *descriptor.root().as_bytes(),
        }
    }

    /// Reads this subtree's parent record and checks it; returns both
    /// children with the hashes the record claims, and whether it matched.
    pub(crate) fn children<T: TreeSource + ?Sized>(
        &self,
        tree: &mut T,
    ) -> Result<(Subtree, Subtree, Choice), Error> {
        let size = self.hi - self.lo;
        let m = split(size);
        let mut record = [0u8; TREE_RECORD_LEN];
        tree.read_record(self.base + size - 2, &mut record)?;
        let ok = ct_eq32(&record_hash(&record), &self.hash);
        let (left, right) = split_record(&record);
        Ok((
            Subtree {
                lo: self.lo,
                hi: self.lo + m,
                base: self.base,
                hash: left,
            },
            Subtree {
                lo: self.lo + m,
                hi: self.hi,
                base: self.base + m - 1,
                hash: right,
            },
            ok,
        ))
    }
}

/// Checks the chunk length, decrypts in place, compares the commitment with
/// `expected` (and `path_ok`), restores the ciphertext on failure.
fn open_leaf(
    key: &AttachmentKey,
    descriptor: &AttachmentDescriptor,
    index: u64,
    chunk: &mut [u8],
    expected: &[u8; 32],
    path_ok: Choice,
) -> Result<(), Error> {
    let last = index + 1 == descriptor.chunk_count();
    let key = key.chunk_key(descriptor.nonce());
    let leaf = crypt_and_commit(&key, index, last, chunk, false);
    if ct::declassify(path_ok & ct_eq32(&leaf, expected)) {
        Ok(())
    } else {
        recrypt(&key, index, last, chunk);
        Err(Error::Invalid)
    }
}

fn check_chunk_len(
    descriptor: &AttachmentDescriptor,
    index: u64,
    chunk: &[u8],
) -> Result<(), Error> {
    match descriptor.chunk_len(index) {
        None => Err(Error::Malformed {
            field: "chunk index",
            offset: 0,
        }),
        Some(len) if len != chunk.len() => Err(Error::Malformed {
            field: "chunk length",
            offset: 0,
        }),
        Some(_) => Ok(()),
    }
}

/// Opens chunk `index` in place, in any order (seeking): reads the O(log n)
/// records on its path, checks them and the chunk's commitment against the
/// descriptor's root, and only then leaves the plaintext in `chunk`.
///
/// Errors: [`Error::Malformed`] for an index beyond the attachment or a
/// chunk of the wrong length (then `chunk` is untouched), errors of `tree`
/// as it returns them, and [`Error::Invalid`] if any check failed (then
/// `chunk` holds the ciphertext again).
pub fn open_chunk_at<T: TreeSource + ?Sized>(
    key: &AttachmentKey,
    descriptor: &AttachmentDescriptor,
    index: u64,
    chunk: &mut [u8],
    tree: &mut T,
) -> Result<(), Error> {
    check_chunk_len(descriptor, index, chunk)?;
    let mut at = Subtree::root(descriptor);
    let mut ok = Choice::from(1);
    while at.hi - at.lo > 1 {
        let (left, right, matched) = at.children(tree)?;
        ok &= matched;
        at = if index < right.lo { left } else { right };
    }
    open_leaf(key, descriptor, index, chunk, &at.hash, ok)
}

/// Opens an attachment's chunks in order, reading each tree record once and
/// keeping the verified right siblings of the path on a fixed stack: memory
/// O(log n), independent of the attachment's size.
///
/// After an error other than a wrong chunk length the opener refuses every
/// further chunk with [`Error::Invalid`]; use [`open_chunk_at`] to resume
/// elsewhere.
///
/// ```
/// use franking::media::{AttachmentKey, AttachmentOpener, AttachmentSealer, CHUNK_SIZE};
/// # let mut rng = rand::rng();
/// # let key = AttachmentKey::generate(&mut rng);
/// # let mut sealer = AttachmentSealer::new(key.clone(), &mut rng);
/// # let mut blob = vec![7u8; CHUNK_SIZE + 5];
/// # let (first, last) = blob.split_at_mut(CHUNK_SIZE);
/// # let mut tree = sealer.seal_chunk(first, false)?.to_vec();
/// # tree.extend_from_slice(sealer.seal_chunk(last, true)?);
/// # let descriptor = sealer.descriptor()?;
/// // `descriptor` came in the opened message; `blob` (the ciphertext) and
/// // `tree` (the outboard tree) were downloaded.
/// let mut opener = AttachmentOpener::new(&key, descriptor);
/// let mut at = 0;
/// while let Some(len) = opener.next_chunk_len() {
///     opener.open_next(&mut blob[at..at + len], &mut &tree[..])?;
///     at += len; // this chunk is verified: render or pass it on
/// }
/// opener.finish()?; // `Malformed` if chunks are missing
/// assert_eq!(blob, vec![7u8; CHUNK_SIZE + 5]);
/// # Ok::<(), franking::Error>(())
/// ```
pub struct AttachmentOpener<'k> {
    key: &'k AttachmentKey,
    descriptor: AttachmentDescriptor,
    next: u64,
    pending: [Subtree; STACK],
    depth: usize,
    failed: bool,
}

impl<'k> AttachmentOpener<'k> {
    /// Starts opening the attachment described by `descriptor` (from the
    /// verified message) under `key`.
    pub fn new(key: &'k AttachmentKey, descriptor: AttachmentDescriptor) -> Self {
        let mut pending = [Subtree {
            lo: 0,
            hi: 0,
            base: 0,
            hash: [0u8; 32],
        }; STACK];
        pending[0] = Subtree::root(&descriptor);
        Self {
            key,
            descriptor,
            next: 0,
            pending,
            depth: 1,
            failed: false,
        }
    }

    /// Index of the next chunk to open.
    pub fn next_index(&self) -> u64 {
        self.next
    }

    /// Length the next chunk must have, or `None` once every chunk is open.
    pub fn next_chunk_len(&self) -> Option<usize> {
        self.descriptor.chunk_len(self.next)
    }

    /// Whether every chunk has been opened: the attachment is complete.
    pub fn is_complete(&self) -> bool {
        !self.failed && self.next == self.descriptor.chunk_count()
    }

    /// Opens the next chunk in place. Errors as [`open_chunk_at`]; a chunk
    /// after the last is [`Error::Malformed`] (an extended attachment).
    pub fn open_next<T: TreeSource + ?Sized>(
        &mut self,
        chunk: &mut [u8],
        tree: &mut T,
    ) -> Result<(), Error> {
        if self.failed {
            return Err(Error::Invalid);
        }
        check_chunk_len(&self.descriptor, self.next, chunk)?;
        let result = self.descend_and_open(chunk, tree);
        if result.is_err() {
            self.failed = true;
        } else {
            self.next += 1;
        }
        result
    }

    fn descend_and_open<T: TreeSource + ?Sized>(
        &mut self,
        chunk: &mut [u8],
        tree: &mut T,
    ) -> Result<(), Error> {
        self.depth = self.depth.checked_sub(1).ok_or(Error::Invalid)?;
        let mut at = *self.pending.get(self.depth).ok_or(Error::Invalid)?;
        if at.lo != self.next {
            return Err(Error::Invalid);
        }
        let mut ok = Choice::from(1);
        while at.hi - at.lo > 1 {
            let (left, right, matched) = at.children(tree)?;
            ok &= matched;
            let slot = self.pending.get_mut(self.depth).ok_or(Error::Invalid)?;
            *slot = right;
            self.depth += 1;
            at = left;
        }
        open_leaf(self.key, &self.descriptor, self.next, chunk, &at.hash, ok)
    }

    /// Ends the attachment: [`Error::Malformed`] if chunks are missing (a
    /// truncated attachment), [`Error::Invalid`] after a failed chunk.
    pub fn finish(self) -> Result<(), Error> {
        if self.failed {
            return Err(Error::Invalid);
        }
        if self.next != self.descriptor.chunk_count() {
            return Err(Error::Malformed {
                field: "missing chunks",
                offset: 0,
            });
        }
        Ok(())
    }
}

impl core::fmt::Debug for AttachmentOpener<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("AttachmentOpener")
            .field("descriptor", &self.descriptor)
            .field("next", &self.next)
            .finish_non_exhaustive()
    }
}
