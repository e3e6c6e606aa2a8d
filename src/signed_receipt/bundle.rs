//! The signed receipt, platform to recipient: its encoding, strict decoder
//! and the recipient's verification (SPEC.md 18.4, 18.7).

use super::tree;
use super::{
    BatchHeader, ReceiptVerifyingKey, SALT_LEN, SIGNED_RECEIPT_FIXED_LEN, SIGNED_RECEIPT_KIND,
    SIGNED_RECEIPT_VERSION, SUITE_ED25519,
};
use crate::Error;
use crate::commitment::FrankingTag;
use crate::key_id::KeyId;
use crate::receipt::{ExpectedDelivery, Receipt};
use crate::wire::{Reader, Writer};

/// A decoded signed receipt (SPEC.md 18.4): a receipt, its leaf's salt,
/// its index and path in a batch, and the batch's signed fields and
/// signature. **Unverified**: [`verify`](Self::verify) it before storing
/// the receipt. To keep the receipt deniable, store only the receipt once
/// verified and discard the rest, the salt included (SPEC.md 18.8).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SignedReceipt<'a> {
    header: BatchHeader,
    index: u32,
    /// The leaf's salt (SPEC.md 18.2).
    salt: &'a [u8; SALT_LEN],
    /// `d(index, size)` hashes of 32 bytes, bottom first.
    path: &'a [[u8; 32]],
    receipt: Receipt<'a>,
}

/// A signed receipt whose path and signature verified under a key the
/// recipient holds, and whose receipt names the delivery the recipient
/// knows (SPEC.md 18.7). Only [`SignedReceipt::verify`] makes one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VerifiedSignedReceipt<'a> {
    signed: SignedReceipt<'a>,
    root: [u8; 32],
}

/// Writes `header`, `index`, `salt`, `path` and `receipt` as SPEC.md 18.4
/// lays them out; the batcher checked that `salt` and `path` are the
/// receipt's.
pub(crate) fn encode(
    header: &BatchHeader,
    index: u32,
    salt: &[u8; SALT_LEN],
    path: &[[u8; 32]],
    receipt: &Receipt<'_>,
    out: &mut [u8],
) -> Result<usize, Error> {
    let receipt_len = receipt.encoded_len();
    let len = SIGNED_RECEIPT_FIXED_LEN + 32 * path.len() + receipt_len;
    let out = out
        .get_mut(..len)
        .ok_or(Error::BufferTooSmall { needed: len })?;
    let mut w = Writer::new(out);
    w.put(&[SIGNED_RECEIPT_KIND, SIGNED_RECEIPT_VERSION, SUITE_ED25519])?;
    w.put(&header.key_id().get().to_be_bytes())?;
    w.put(&header.batch_id().to_be_bytes())?;
    w.put(&header.batch_time_ms().to_be_bytes())?;
    w.put(&header.size().to_be_bytes())?;
    w.put(&index.to_be_bytes())?;
    w.put(header.signature())?;
    w.put(salt)?;
    // At most 32 hashes (a u32 batch size).
    w.put(&[u8::try_from(path.len()).unwrap_or(u8::MAX)])?;
    for hash in path {
        w.put(hash)?;
    }
    // A receipt is at most 94 + 4 * 65,535 bytes.
    w.put(&u32::try_from(receipt_len).unwrap_or(u32::MAX).to_be_bytes())?;
    let (_, rest) = out.split_at_mut(len - receipt_len);
    receipt.encode_into(rest)?;
    Ok(len)
}

impl<'a> SignedReceipt<'a> {
    /// Parses a signed receipt (SPEC.md 18.4), borrowing the path and the
    /// receipt's ids from `bytes`, the first failing step deciding:
    /// [`Error::WrongEncoding`] for another encoding of this crate (a
    /// receipt, a report, a verifying key record, ...), [`Error::Malformed`]
    /// for any other kind byte, an unknown suite, a
    /// missing field (the salt included), a batch size of 0, an index past the batch, a path
    /// length other than the index's depth, or trailing bytes;
    /// [`Error::UnsupportedVersion`]; then the receipt's own decoding errors
    /// (SPEC.md 5.7) as they are. Every accepted input re-encodes to itself.
    pub fn decode(bytes: &'a [u8]) -> Result<Self, Error> {
        let mut r = Reader::new(bytes);
        if r.u8("kind")? != SIGNED_RECEIPT_KIND {
            return Err(super::not_this_encoding(bytes, "signed receipt"));
        }
        match r.u8("version")? {
            SIGNED_RECEIPT_VERSION => {}
            version => return Err(Error::UnsupportedVersion { version }),
        }
        if r.u8("suite")? != SUITE_ED25519 {
            return Err(Error::Malformed {
                field: "suite",
                offset: 2,
            });
        }
        let key_id = KeyId::new(r.u32("key id")?);
        let batch_id = r.u64("batch id")?;
        let batch_time_ms = r.u64("batch time")?;
        let size = r.u32("batch size")?;
        let index = r.u32("index")?;
        let signature = *r.array::<64>("signature")?;
        let salt = r.array::<SALT_LEN>("salt")?;
        let path_len = r.u8("path length")?;
        if size == 0 {
            return Err(Error::Malformed {
                field: "batch size",
                offset: 23,
            });
        }
        let depth = tree::depth(u64::from(index), u64::from(size)).ok_or(Error::Malformed {
            field: "index",
            offset: 27,
        })?;
        if usize::from(path_len) != depth {
            return Err(Error::Malformed {
                field: "path length",
                offset: 127,
            });
        }
        let path_bytes = r.take("path", 32 * depth)?;
        let (path, _) = path_bytes.as_chunks::<32>();
        let receipt = Receipt::decode(r.bytes_u32("receipt")?)?;
        r.finish()?;
        Ok(Self {
            header: BatchHeader::new(key_id, batch_id, batch_time_ms, size, signature),
            index,
            salt,
            path,
            receipt,
        })
    }

    /// Length of the encoding: 132 bytes (the salt included), the path and
    /// the receipt.
    pub fn encoded_len(&self) -> usize {
        SIGNED_RECEIPT_FIXED_LEN + 32 * self.path.len() + self.receipt.encoded_len()
    }

    /// Writes the encoding into the front of `out` and returns its length.
    /// [`Error::BufferTooSmall`] if `out` is shorter than
    /// [`encoded_len`](Self::encoded_len).
    pub fn encode_into(&self, out: &mut [u8]) -> Result<usize, Error> {
        encode(
            &self.header,
            self.index,
            self.salt,
            self.path,
            &self.receipt,
            out,
        )
    }

    /// The batch's signed fields and signature.
    pub fn header(&self) -> &BatchHeader {
        &self.header
    }

    /// The receipt's index in the batch.
    pub fn index(&self) -> u32 {
        self.index
    }

    /// The salt of the receipt's leaf (SPEC.md 18.2): known to the platform
    /// and this recipient only. Discard it with the rest of the signed
    /// receipt once verified unless the app keeps evidence (SPEC.md 18.8).
    pub fn salt(&self) -> &'a [u8; SALT_LEN] {
        self.salt
    }

    /// The path from the receipt's leaf to the root, bottom first.
    pub fn path(&self) -> &'a [[u8; 32]] {
        self.path
    }

    /// The receipt, unverified.
    pub fn receipt(&self) -> &Receipt<'a> {
        &self.receipt
    }

    /// The recipient's verification (SPEC.md 18.7) against `keys`, the
    /// verifying keys of the platform the recipient expects this receipt
    /// from, learnt over a channel authenticated as that platform (SPEC.md
    /// 18.6: a record is not self-authenticating, and key ids of two
    /// platforms may collide; never pass a store of every platform's keys).
    /// The first failing step decides:
    ///
    /// 1. the key with the signed receipt's key id among `keys`:
    ///    [`Error::UnknownKey`] if there is none, [`Error::DuplicateKeyId`]
    ///    if `keys` holds two;
    /// 2. the batch time (in seconds) no later than `now_secs` (the
    ///    recipient's clock) plus `max_skew_secs`: [`Error::FromFuture`];
    ///    then in that key's interval widened by `max_skew_secs`:
    ///    [`Error::OutsideKeyInterval`];
    /// 3. the receipt against what the recipient knows, as
    ///    [`Receipt::check`]: [`Error::Invalid`] for another franking tag,
    ///    [`Error::ReceiptMismatch`] naming the field;
    /// 4. the path and the Ed25519 signature: [`Error::Invalid`].
    pub fn verify(
        &self,
        keys: &[ReceiptVerifyingKey],
        now_secs: u64,
        max_skew_secs: u64,
        franking_tag: &FrankingTag,
        expected: &ExpectedDelivery<'_>,
    ) -> Result<VerifiedSignedReceipt<'a>, Error> {
        let id = self.header.key_id();
        let mut named = keys.iter().filter(|k| k.id() == id);
        let key = named.next().ok_or(Error::UnknownKey { key_id: id })?;
        if named.next().is_some() {
            return Err(Error::DuplicateKeyId { key_id: id });
        }
        let batch_secs = self.header.batch_time_ms() / 1000;
        let latest = now_secs.saturating_add(max_skew_secs);
        if batch_secs > latest {
            return Err(Error::FromFuture {
                secs_too_early: batch_secs - latest,
            });
        }
        key.interval().check(id, batch_secs, max_skew_secs)?;
        self.receipt.check(franking_tag, expected)?;
        let root = tree::root_from_path(
            tree::leaf(self.salt, &self.receipt),
            u64::from(self.index),
            u64::from(self.header.size()),
            self.path,
        );
        if !key.verifies(&self.header.tbs(&root), self.header.signature()) {
            return Err(Error::Invalid);
        }
        Ok(VerifiedSignedReceipt {
            signed: *self,
            root,
        })
    }
}

impl<'a> VerifiedSignedReceipt<'a> {
    /// The receipt: store it (its 5.7 encoding) and build reports from it.
    pub fn receipt(&self) -> &Receipt<'a> {
        self.signed.receipt()
    }

    /// The batch's signed fields and signature.
    pub fn header(&self) -> &BatchHeader {
        self.signed.header()
    }

    /// The root the signature covers.
    pub fn root(&self) -> &[u8; 32] {
        &self.root
    }

    /// The signed receipt as decoded, to store as evidence for third
    /// parties (SPEC.md 18.8: only if the app wants that).
    pub fn signed(&self) -> &SignedReceipt<'a> {
        &self.signed
    }
}
