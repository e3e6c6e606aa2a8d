//! Leaves, nodes, the batch root and paths (SPEC.md 18.2): RFC 6962's tree
//! shape, with labels of its own.

use super::{MAX_PATH_LEN, RECEIPT_LEAF_LABEL, RECEIPT_NODE_LABEL};
use crate::receipt::Receipt;
use crate::sha256::{IV, Sha256};
use crate::wire::{RECEIPT_KIND, RECEIPT_VERSION};

/// `SHA-256(RECEIPT_LEAF_LABEL || salt || E)` with `E` the receipt's 5.7
/// encoding, hashed field by field as `Receipt::encode_into` writes it (no
/// buffer).
pub(crate) fn leaf(salt: &[u8; 32], receipt: &Receipt<'_>) -> [u8; 32] {
    let c = receipt.context();
    let mut h = Sha256::resume(IV, 0);
    h.update_array(RECEIPT_LEAF_LABEL);
    h.update_array(salt);
    h.update_array(&[RECEIPT_KIND, RECEIPT_VERSION]);
    h.update_array(&receipt.stamp().to_bytes());
    h.update_array(receipt.franking_tag().as_bytes());
    h.update_array(&c.timestamp().to_be_bytes());
    h.update_array(&c.seq().to_be_bytes());
    for id in [c.sender(), c.recipient(), c.message_id(), c.conversation()] {
        // A context's ids are at most 2^16 - 1 bytes (checked when it was built).
        let len = u16::try_from(id.len()).unwrap_or(u16::MAX);
        h.update_array(&len.to_be_bytes());
        h.update(id);
    }
    h.finish()
}

/// `SHA-256(RECEIPT_NODE_LABEL || left || right)`.
pub(crate) fn node(left: &[u8; 32], right: &[u8; 32]) -> [u8; 32] {
    let mut h = Sha256::resume(IV, 0);
    h.update_array(RECEIPT_NODE_LABEL);
    h.update_array(left);
    h.update_array(right);
    h.finish()
}

/// The largest power of two below `k`, for `k >= 2`.
pub(crate) fn split(k: u64) -> u64 {
    1 << (63 - (k - 1).leading_zeros())
}

/// `d(i, n)`: the path length of leaf `i` in a tree of `n` leaves, or `None`
/// unless `i < n`.
pub(crate) fn depth(mut i: u64, mut n: u64) -> Option<usize> {
    if i >= n {
        return None;
    }
    let mut d = 0;
    while n > 1 {
        let m = split(n);
        if i < m {
            n = m;
        } else {
            i -= m;
            n -= m;
        }
        d += 1;
    }
    Some(d)
}

/// `RootFromPath(h, i, n, path)`, with `path` bottom first. The caller has
/// checked `path.len() == d(i, n)`; the sides are found top down, then the
/// hashes applied bottom up.
pub(crate) fn root_from_path(leaf: [u8; 32], i: u64, n: u64, path: &[[u8; 32]]) -> [u8; 32] {
    // Top down: whether the leaf lies right of each split.
    let mut right = [false; MAX_PATH_LEN];
    let (mut i, mut n, mut d) = (i, n, 0);
    while n > 1 && d < MAX_PATH_LEN {
        let m = split(n);
        if let Some(side) = right.get_mut(d) {
            *side = i >= m;
        }
        if i < m {
            n = m;
        } else {
            i -= m;
            n -= m;
        }
        d += 1;
    }
    // Bottom up: path[0] is the sibling at depth d - 1.
    let mut h = leaf;
    for (sibling, is_right) in path
        .iter()
        .zip(right.get(..d).unwrap_or_default().iter().rev())
    {
        h = if *is_right {
            node(sibling, &h)
        } else {
            node(&h, sibling)
        };
    }
    h
}

/// The tree of a batch of up to `N` leaves: the leaves, and its `n - 1`
/// inner nodes in post-order (the parent of leaves `[lo, hi)` is record
/// `b + (hi - lo) - 2`, SPEC.md 14.3's numbering), so a path is read, never
/// recomputed.
pub(crate) struct Tree<const N: usize> {
    pub(crate) leaves: [[u8; 32]; N],
    nodes: [[u8; 32]; N],
}

impl<const N: usize> Tree<N> {
    pub(crate) const fn new() -> Self {
        Self {
            leaves: [[0; 32]; N],
            nodes: [[0; 32]; N],
        }
    }

    /// Computes every inner node over the first `n` leaves and returns the root.
    pub(crate) fn build(&mut self, n: usize) -> [u8; 32] {
        self.subtree(0, n, 0)
    }

    fn subtree(&mut self, lo: usize, hi: usize, b: usize) -> [u8; 32] {
        let k = hi - lo;
        if k <= 1 {
            return self.leaves.get(lo).copied().unwrap_or_default();
        }
        let m = split(k as u64) as usize;
        let left = self.subtree(lo, lo + m, b);
        let right = self.subtree(lo + m, hi, b + m - 1);
        let h = node(&left, &right);
        if let Some(slot) = self.nodes.get_mut(b + k - 2) {
            *slot = h;
        }
        h
    }

    fn hash_of(&self, lo: usize, hi: usize, b: usize) -> [u8; 32] {
        let found = if hi - lo == 1 {
            self.leaves.get(lo)
        } else {
            self.nodes.get(b + (hi - lo) - 2)
        };
        found.copied().unwrap_or_default()
    }

    /// The path of leaf `i` among `n` (built), bottom first, into `out`;
    /// returns its length `d(i, n)`.
    pub(crate) fn path(&self, i: usize, n: usize, out: &mut [[u8; 32]; MAX_PATH_LEN]) -> usize {
        let mut top_down = [[0u8; 32]; MAX_PATH_LEN];
        let (mut lo, mut hi, mut b, mut d) = (0, n, 0, 0);
        while hi - lo > 1 && d < MAX_PATH_LEN {
            let m = split((hi - lo) as u64) as usize;
            let sibling = if i < lo + m {
                let s = self.hash_of(lo + m, hi, b + m - 1);
                hi = lo + m;
                s
            } else {
                let s = self.hash_of(lo, lo + m, b);
                b += m - 1;
                lo += m;
                s
            };
            if let Some(slot) = top_down.get_mut(d) {
                *slot = sibling;
            }
            d += 1;
        }
        for (slot, sibling) in out
            .iter_mut()
            .zip(top_down.get(..d).unwrap_or_default().iter().rev())
        {
            *slot = *sibling;
        }
        d
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;

    /// RFC 6962's recursion, written plainly, against the stored tree and
    /// against every path: sizes 1 to 70, every index.
    #[test]
    fn stored_paths_rebuild_the_recursive_root() {
        fn mth(leaves: &[[u8; 32]]) -> [u8; 32] {
            if leaves.len() == 1 {
                return leaves[0];
            }
            let m = split(leaves.len() as u64) as usize;
            node(&mth(&leaves[..m]), &mth(&leaves[m..]))
        }
        let mut tree = Tree::<70>::new();
        for (i, l) in tree.leaves.iter_mut().enumerate() {
            *l = [i as u8; 32];
        }
        for n in 1..=70 {
            let root = tree.build(n);
            assert_eq!(root, mth(&tree.leaves[..n]), "n = {n}");
            for i in 0..n {
                let mut path = [[0u8; 32]; MAX_PATH_LEN];
                let d = tree.path(i, n, &mut path);
                assert_eq!(Some(d), depth(i as u64, n as u64));
                let rebuilt = root_from_path(tree.leaves[i], i as u64, n as u64, &path[..d]);
                assert_eq!(rebuilt, root, "n = {n}, i = {i}");
            }
        }
        assert_eq!(depth(0, u64::from(u32::MAX)), Some(32));
        assert_eq!(depth(5, 5), None);
    }
}
