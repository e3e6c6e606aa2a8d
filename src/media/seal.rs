//! The sender's side of media: seal an attachment chunk by chunk and write
//! the outboard tree in one forward pass (SPEC.md 14.2, 14.3).

use super::{
    AttachmentDescriptor, AttachmentKey, AttachmentNonce, AttachmentRoot, CHUNK_SIZE, ChunkKey,
    MAX_ATTACHMENT_LEN, MAX_CHUNKS, STACK, TREE_RECORD_LEN, crypt_and_commit, node,
};
use crate::Error;

/// Records one call can complete: one per merge, at most the stack depth.
const MAX_RECORDS: usize = STACK;

/// The outboard tree written in one forward pass (SPEC.md 14.3): a stack of
/// complete subtrees; after each leaf the two topmost merge while they have
/// equal size, after the last leaf all merge; each merge is one record.
pub(crate) struct TreeBuilder {
    /// Roots of complete subtrees, left to right, with their leaf counts.
    stack: [([u8; 32], u64); STACK],
    depth: usize,
    records: [u8; MAX_RECORDS * TREE_RECORD_LEN],
}

impl TreeBuilder {
    pub(crate) fn new() -> Self {
        Self {
            stack: [([0u8; 32], 0); STACK],
            depth: 0,
            records: [0u8; MAX_RECORDS * TREE_RECORD_LEN],
        }
    }

    /// Adds the next leaf; returns the records it completed and, after the
    /// last leaf, the root.
    pub(crate) fn push_leaf(&mut self, leaf: [u8; 32], last: bool) -> (&[u8], Option<[u8; 32]>) {
        self.push(leaf, 1);
        let mut written = 0;
        loop {
            let mergeable = match (self.top(1), self.top(0)) {
                (Some((_, left)), Some((_, right))) => last || left == right,
                _ => false,
            };
            if !mergeable {
                break;
            }
            let (right, right_size) = self.pop();
            let (left, left_size) = self.pop();
            if let Some(record) = self
                .records
                .get_mut(written * TREE_RECORD_LEN..(written + 1) * TREE_RECORD_LEN)
            {
                let mut bytes = [0u8; TREE_RECORD_LEN];
                bytes[..32].copy_from_slice(&left);
                bytes[32..].copy_from_slice(&right);
                record.copy_from_slice(&bytes);
                written += 1;
            }
            self.push(node(&left, &right), left_size + right_size);
        }
        let root = if last { Some(self.pop().0) } else { None };
        (
            self.records
                .get(..written * TREE_RECORD_LEN)
                .unwrap_or_default(),
            root,
        )
    }

    fn top(&self, from_top: usize) -> Option<([u8; 32], u64)> {
        let at = self.depth.checked_sub(1 + from_top)?;
        self.stack.get(at).copied()
    }

    fn push(&mut self, hash: [u8; 32], size: u64) {
        // The depth never exceeds 33 for 2^32 leaves: merges keep sizes distinct.
        if let Some(slot) = self.stack.get_mut(self.depth) {
            *slot = (hash, size);
            self.depth += 1;
        }
    }

    fn pop(&mut self) -> ([u8; 32], u64) {
        self.depth = self.depth.saturating_sub(1);
        self.stack
            .get(self.depth)
            .copied()
            .unwrap_or(([0u8; 32], 0))
    }
}

/// Seals an attachment from chunks as they arrive, in constant memory.
///
/// Feed every chunk in order to [`seal_chunk`](Self::seal_chunk): exactly
/// [`CHUNK_SIZE`] bytes each, except the last, which is marked `last` and
/// holds 1 to `CHUNK_SIZE` bytes (0 only if it is the only chunk). Each call
/// encrypts the chunk in place (write it to the ciphertext blob) and returns
/// the outboard-tree records it completed (append them to the tree blob).
/// After the last chunk, [`descriptor`](Self::descriptor) gives the
/// `(length, root, nonce)` to put into the message.
///
/// ```
/// use franking::media::{AttachmentKey, AttachmentSealer};
/// let mut rng = rand::rng();
/// let key = AttachmentKey::generate(&mut rng);
/// let mut sealer = AttachmentSealer::new(key, &mut rng);
/// let mut chunk = *b"a one-chunk attachment";
/// let records = sealer.seal_chunk(&mut chunk, true)?; // one chunk: no records
/// assert!(records.is_empty());
/// let descriptor = sealer.descriptor()?;
/// assert_eq!(descriptor.len(), 22);
/// # Ok::<(), franking::Error>(())
/// ```
pub struct AttachmentSealer {
    key: ChunkKey,
    nonce: AttachmentNonce,
    next: u64,
    len: u64,
    tree: TreeBuilder,
    root: Option<AttachmentRoot>,
}

impl AttachmentSealer {
    /// Starts sealing under `key`, with a fresh attachment nonce drawn from
    /// `rng` (SPEC.md 14.2): two attachments sealed under one key still get
    /// independent chunk keys.
    pub fn new<R: rand_core::CryptoRng + ?Sized>(key: AttachmentKey, rng: &mut R) -> Self {
        let mut nonce = [0u8; 16];
        rng.fill_bytes(&mut nonce);
        Self::start(&key, AttachmentNonce::from_bytes(nonce))
    }

    /// Starts sealing with a caller-chosen attachment nonce. **For test
    /// vectors only**: sealing two attachments under one key and one nonce
    /// reuses every chunk keystream (a two-time pad). Use [`new`](Self::new).
    #[doc(hidden)]
    pub fn with_nonce_for_test_vectors(key: AttachmentKey, nonce: AttachmentNonce) -> Self {
        Self::start(&key, nonce)
    }

    fn start(key: &AttachmentKey, nonce: AttachmentNonce) -> Self {
        Self {
            key: key.chunk_key(&nonce),
            nonce,
            next: 0,
            len: 0,
            tree: TreeBuilder::new(),
            root: None,
        }
    }

    /// Chunks sealed so far.
    pub fn chunks_sealed(&self) -> u64 {
        self.next
    }

    /// Encrypts `chunk` in place as the next chunk and returns the tree
    /// records it completed, to be appended to the outboard tree.
    ///
    /// Errors (the chunk is then untouched): [`Error::Malformed`] for a chunk
    /// of the wrong length or a call after the last chunk,
    /// [`Error::TooLong`] beyond [`MAX_ATTACHMENT_LEN`].
    pub fn seal_chunk(&mut self, chunk: &mut [u8], last: bool) -> Result<&[u8], Error> {
        check_chunk(self.root.is_some(), self.next, chunk.len(), last)?;
        let index = self.next;
        let leaf = crypt_and_commit(&self.key, index, last, chunk, true);
        self.next += 1;
        self.len += chunk.len() as u64;
        let (records, root) = self.tree.push_leaf(leaf, last);
        if let Some(root) = root {
            self.root = Some(AttachmentRoot::from_bytes(root));
        }
        Ok(records)
    }

    /// The descriptor `(length, root, nonce)` with an all-zero wrapped key,
    /// once the last chunk is sealed.
    /// [`Error::Malformed`] before that.
    pub fn descriptor(&self) -> Result<AttachmentDescriptor, Error> {
        match self.root {
            Some(root) => AttachmentDescriptor::new(self.len, root, self.nonce),
            None => Err(Error::Malformed {
                field: "attachment not finished",
                offset: 0,
            }),
        }
    }
}

/// The checks of [`AttachmentSealer::seal_chunk`] before any byte changes.
pub(crate) fn check_chunk(finished: bool, index: u64, len: usize, last: bool) -> Result<(), Error> {
    if finished {
        return Err(Error::Malformed {
            field: "chunk after the last",
            offset: 0,
        });
    }
    let ok_len = if last {
        len <= CHUNK_SIZE && (len > 0 || index == 0)
    } else {
        len == CHUNK_SIZE
    };
    if !ok_len {
        return Err(Error::Malformed {
            field: "chunk length",
            offset: 0,
        });
    }
    if index >= MAX_CHUNKS || (!last && index + 1 >= MAX_CHUNKS) {
        return Err(Error::TooLong {
            field: "attachment",
            max: usize::try_from(MAX_ATTACHMENT_LEN).unwrap_or(usize::MAX),
        });
    }
    Ok(())
}

impl core::fmt::Debug for AttachmentSealer {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("AttachmentSealer")
            .field("chunks_sealed", &self.next)
            .field("len", &self.len)
            .finish_non_exhaustive()
    }
}
