//! The platform's batcher: up to `N` receipts, closed at `N` or `T`
//! milliseconds after the first, signed once (SPEC.md 18.3, 18.5).

use super::tree::{self, Tree};
use super::{
    BATCH_TBS_LEN, DEFAULT_BATCH_CAPACITY, MAX_PATH_LEN, RECEIPT_BATCH_LABEL, ReceiptSigningKey,
    SALT_LEN, SIGNED_RECEIPT_FIXED_LEN, SUITE_ED25519,
};
use crate::Error;
use crate::key_id::KeyId;
use crate::receipt::Receipt;
use rand_core::CryptoRng;
use zeroize::Zeroize;

/// What one signature covers besides the root, and the signature: the same
/// in every signed receipt of a batch (SPEC.md 18.3, 18.4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct BatchHeader {
    key_id: KeyId,
    batch_id: u64,
    batch_time_ms: u64,
    size: u32,
    signature: [u8; 64],
}

impl BatchHeader {
    pub(crate) const fn new(
        key_id: KeyId,
        batch_id: u64,
        batch_time_ms: u64,
        size: u32,
        signature: [u8; 64],
    ) -> Self {
        Self {
            key_id,
            batch_id,
            batch_time_ms,
            size,
            signature,
        }
    }

    /// The signing key's id (not a platform stamping key's).
    pub const fn key_id(&self) -> KeyId {
        self.key_id
    }

    /// The platform's number for the batch, unique per signing key.
    pub const fn batch_id(&self) -> u64 {
        self.batch_id
    }

    /// When the platform closed the batch, in milliseconds since the Unix epoch.
    pub const fn batch_time_ms(&self) -> u64 {
        self.batch_time_ms
    }

    /// Receipts in the batch.
    pub const fn size(&self) -> u32 {
        self.size
    }

    /// The Ed25519 signature over the batch.
    pub const fn signature(&self) -> &[u8; 64] {
        &self.signature
    }

    /// The signed bytes, `BatchTBS` of SPEC.md 18.3, for `root`.
    pub(crate) fn tbs(&self, root: &[u8; 32]) -> [u8; BATCH_TBS_LEN] {
        let mut out = [0u8; BATCH_TBS_LEN];
        let fields: [&[u8]; 7] = [
            RECEIPT_BATCH_LABEL,
            &[SUITE_ED25519],
            &self.key_id.get().to_be_bytes(),
            &self.batch_id.to_be_bytes(),
            &self.batch_time_ms.to_be_bytes(),
            &self.size.to_be_bytes(),
            root,
        ];
        let mut at = 0;
        for field in fields {
            if let Some(dst) = out.get_mut(at..at + field.len()) {
                dst.copy_from_slice(field);
            }
            at += field.len();
        }
        out
    }
}

/// Collects up to `N` receipts (256 by default) and signs their Merkle
/// root once (SPEC.md 18.5). Holds three arrays of `N` 32-byte values
/// inline (the leaves, the inner nodes and the leaves' salts: 24 KiB at
/// 256) and allocates nothing; it has no clock, and takes the time in
/// milliseconds from its caller.
///
/// Each receipt's leaf is salted with 32 random bytes drawn at
/// [`push`](Self::push) and sent only in its recipient's signed receipt
/// (SPEC.md 18.2, 18.8). The salts of a signed batch are overwritten with
/// zeros when the next batch starts and when the batcher is dropped: once
/// every signed receipt is encoded the platform has no use for them, and a
/// leaked salt would make its receipt evidence again to whoever holds it
/// beside a neighbour's signed receipt.
///
/// The flow: [`push`](Self::push) each receipt as it is stamped; when
/// [`is_due`](Self::is_due) (the batch is full, or `T` ms passed since its
/// first receipt; [`deadline_ms`](Self::deadline_ms) tells when to arm a
/// timer), [`sign`](Self::sign) and encode each recipient's signed receipt
/// from the [`SignedBatch`] it returns. The next `push` starts a new batch;
/// the borrow of the [`SignedBatch`] ensures every signed receipt was
/// encoded before.
pub struct ReceiptBatcher<const N: usize = DEFAULT_BATCH_CAPACITY> {
    tree: Tree<N>,
    /// The salt of each leaf (SPEC.md 18.2), wiped with its batch.
    salts: [[u8; SALT_LEN]; N],
    len: usize,
    opened_at_ms: u64,
    max_delay_ms: u64,
    signed: Option<([u8; 32], BatchHeader)>,
}

impl<const N: usize> ReceiptBatcher<N> {
    /// An empty batcher whose batches close `max_delay_ms` milliseconds
    /// after their first receipt, or at `N` receipts.
    pub const fn new(max_delay_ms: u64) -> Self {
        Self {
            tree: Tree::new(),
            salts: [[0; SALT_LEN]; N],
            len: 0,
            opened_at_ms: 0,
            max_delay_ms,
            signed: None,
        }
    }

    /// Receipts the open batch holds (0 after signing, until the next push).
    pub fn len(&self) -> usize {
        if self.signed.is_some() { 0 } else { self.len }
    }

    /// Whether the open batch holds no receipt.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Receipts a batch holds at most: `N`.
    pub const fn capacity(&self) -> usize {
        N
    }

    /// Adds a receipt at `now_ms`, salting its leaf with 32 bytes drawn
    /// from `rng` (SPEC.md 18.2), and returns its index in the batch, which
    /// [`SignedBatch::encode_bundle`] takes. Starts a new batch if the last
    /// one was signed, wiping that batch's salts first.
    /// [`Error::BatchFull`] if the batch holds `N` receipts (sign it first);
    /// `N` above `2^32 - 1` is refused the same way.
    pub fn push<R: CryptoRng + ?Sized>(
        &mut self,
        receipt: &Receipt<'_>,
        now_ms: u64,
        rng: &mut R,
    ) -> Result<usize, Error> {
        if self.signed.take().is_some() {
            self.wipe_salts();
            self.len = 0;
        }
        let index = self.len;
        let full = Error::BatchFull { capacity: N };
        if u32::try_from(index).is_err() {
            return Err(full);
        }
        let (Some(slot), Some(salt)) = (self.tree.leaves.get_mut(index), self.salts.get_mut(index))
        else {
            return Err(full);
        };
        rng.fill_bytes(salt);
        *slot = tree::leaf(salt, receipt);
        if index == 0 {
            self.opened_at_ms = now_ms;
        }
        self.len = index + 1;
        Ok(index)
    }

    /// When the open batch must close, in milliseconds: `T` after its first
    /// receipt. `None` while it is empty.
    pub fn deadline_ms(&self) -> Option<u64> {
        (!self.is_empty()).then(|| self.opened_at_ms.saturating_add(self.max_delay_ms))
    }

    /// Whether the open batch must be signed at `now_ms`: it is full, or its
    /// deadline has come.
    pub fn is_due(&self, now_ms: u64) -> bool {
        self.len() == N || self.deadline_ms().is_some_and(|d| now_ms >= d)
    }

    /// Signs the open batch with `key` at `now_ms` (the batch time) as batch
    /// `batch_id`, which the caller keeps unique per signing key (a counter).
    /// Fails with [`Error::EmptyBatch`] for a batch with no receipt and
    /// [`Error::OutsideKeyInterval`] if the key's interval does not contain
    /// `now_ms / 1000` (no skew: the platform's own clock chose the key).
    pub fn sign(
        &mut self,
        key: &ReceiptSigningKey,
        batch_id: u64,
        now_ms: u64,
    ) -> Result<SignedBatch<'_, N>, Error> {
        let n = self.len();
        let size = u32::try_from(n).map_err(|_| Error::BatchFull { capacity: N })?;
        if n == 0 {
            return Err(Error::EmptyBatch);
        }
        key.interval().check(key.id(), now_ms / 1000, 0)?;
        let root = self.tree.build(n);
        let unsigned = BatchHeader::new(key.id(), batch_id, now_ms, size, [0; 64]);
        let signature = key.sign(&unsigned.tbs(&root));
        let header = BatchHeader {
            signature,
            ..unsigned
        };
        self.signed = Some((root, header));
        Ok(SignedBatch {
            batcher: self,
            root,
            header,
        })
    }

    /// The batch [`sign`](Self::sign) signed last, until the next
    /// [`push`](Self::push): to encode its signed receipts in several
    /// passes. `None` before the first signature and after a push.
    pub fn signed(&self) -> Option<SignedBatch<'_, N>> {
        let (root, header) = self.signed?;
        Some(SignedBatch {
            batcher: self,
            root,
            header,
        })
    }
}

impl<const N: usize> ReceiptBatcher<N> {
    /// Overwrites the salts of the batch held so far with zeros (volatile
    /// writes, which the compiler keeps).
    fn wipe_salts(&mut self) {
        for salt in self.salts.iter_mut().take(self.len) {
            salt.zeroize();
        }
    }
}

impl<const N: usize> Drop for ReceiptBatcher<N> {
    fn drop(&mut self) {
        self.wipe_salts();
    }
}

impl<const N: usize> core::fmt::Debug for ReceiptBatcher<N> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ReceiptBatcher")
            .field("capacity", &N)
            .field("len", &self.len())
            .field("deadline_ms", &self.deadline_ms())
            .finish()
    }
}

/// A signed batch, borrowed from its [`ReceiptBatcher`]: encodes the
/// signed receipt of each of its receipts (SPEC.md 18.4).
#[derive(Debug)]
pub struct SignedBatch<'b, const N: usize = DEFAULT_BATCH_CAPACITY> {
    batcher: &'b ReceiptBatcher<N>,
    root: [u8; 32],
    header: BatchHeader,
}

impl<const N: usize> SignedBatch<'_, N> {
    /// The signed fields and the signature.
    pub fn header(&self) -> &BatchHeader {
        &self.header
    }

    /// The batch's Merkle root.
    pub fn root(&self) -> &[u8; 32] {
        &self.root
    }

    /// Length of the signed receipt of `receipt` at `index` (the path's
    /// length depends on the index). [`Error::NotInBatch`] if `index` is
    /// past the batch's end.
    pub fn bundle_len(&self, index: usize, receipt: &Receipt<'_>) -> Result<usize, Error> {
        let depth = tree::depth(index as u64, u64::from(self.header.size))
            .ok_or(Error::NotInBatch { index })?;
        Ok(SIGNED_RECEIPT_FIXED_LEN + 32 * depth + receipt.encoded_len())
    }

    /// Writes the signed receipt of the receipt at `index` into the front of
    /// `out` and returns its length. [`Error::NotInBatch`] unless `receipt`
    /// is the one pushed at `index` (its leaf is recomputed and compared);
    /// [`Error::BufferTooSmall`] if `out` is short.
    pub fn encode_bundle(
        &self,
        index: usize,
        receipt: &Receipt<'_>,
        out: &mut [u8],
    ) -> Result<usize, Error> {
        let n = usize::try_from(self.header.size).unwrap_or(usize::MAX);
        let not_in_batch = Error::NotInBatch { index };
        let leaf = self.batcher.tree.leaves.get(..n).and_then(|l| l.get(index));
        let salt = self.batcher.salts.get(..n).and_then(|s| s.get(index));
        let (Some(leaf), Some(salt)) = (leaf, salt) else {
            return Err(not_in_batch);
        };
        if *leaf != tree::leaf(salt, receipt) {
            return Err(not_in_batch);
        }
        let mut path = [[0u8; 32]; MAX_PATH_LEN];
        let p = self.batcher.tree.path(index, n, &mut path);
        super::bundle::encode(
            &self.header,
            u32::try_from(index).unwrap_or(u32::MAX),
            salt,
            path.get(..p).unwrap_or_default(),
            receipt,
            out,
        )
    }

    /// The signed receipt of the receipt at `index`, as a vector.
    #[cfg(feature = "alloc")]
    pub fn bundle_to_vec(
        &self,
        index: usize,
        receipt: &Receipt<'_>,
    ) -> Result<alloc::vec::Vec<u8>, Error> {
        let mut out = alloc::vec![0u8; self.bundle_len(index, receipt)?];
        self.encode_bundle(index, receipt, &mut out)?;
        Ok(out)
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::{Context, FrankingTag, KeyInterval, Keyring, PlatformKey};

    /// SPEC.md 18.5: a signed batch's salts stay until the next batch
    /// starts (its signed receipts are encoded from them), then every one
    /// of them is zero but the new batch's first.
    #[test]
    fn salts_of_a_signed_batch_are_wiped_when_the_next_starts() {
        let mut rng = rand::rng();
        let platform =
            PlatformKey::generate(KeyId::new(1), KeyInterval::starting_at(0), &mut rng).unwrap();
        let keyring = Keyring::new(platform, 86_400);
        let key = ReceiptSigningKey::generate(KeyId::new(7), KeyInterval::starting_at(0), &mut rng)
            .unwrap();
        let tag = FrankingTag::from_bytes([1; 32]);
        let ids: [&[u8]; 3] = [b"m0", b"m1", b"m2"];
        let receipts: [Receipt<'_>; 3] = ids.map(|id| {
            let ctx = Context::new(b"alice", b"bob", 1_000, id).unwrap();
            keyring.stamp_receipt(&tag, &ctx).unwrap()
        });
        let mut batcher = ReceiptBatcher::<4>::new(50);
        for r in &receipts {
            batcher.push(r, 1_000, &mut rng).unwrap();
        }
        let drawn = batcher.salts;
        assert!(drawn[..3].iter().all(|s| *s != [0; 32]));
        assert_ne!(drawn[0], drawn[1]);
        let batch = batcher.sign(&key, 1, 1_000).unwrap();
        let mut out = [0u8; 512];
        batch.encode_bundle(2, &receipts[2], &mut out).unwrap();
        assert_eq!(batcher.salts, drawn, "kept until the next batch");
        batcher.push(&receipts[0], 2_000, &mut rng).unwrap();
        assert_ne!(batcher.salts[0], [0; 32]);
        assert_ne!(batcher.salts[0], drawn[0], "a fresh salt");
        assert_eq!(batcher.salts[1..], [[0; 32]; 3], "the old salts are wiped");
    }
}
