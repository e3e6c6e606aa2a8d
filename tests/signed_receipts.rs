//! Properties of signed receipts (SPEC.md 18): every field is bound (a
//! mauled receipt, path, signature, key id, batch field or root is refused),
//! every index of batches of every small size verifies, a signed receipt of
//! one batch cannot carry another's receipt, leaf and node inputs are the
//! labelled, injective encodings SPEC.md 18.2 defines, a neighbour's path
//! holds nothing computable from a receipt without its salt and the salt is
//! bound (18.8), decoding is strict,
//! the batcher closes at N or T and refuses the caller's mistakes precisely,
//! and the core paths allocate nothing.
#![cfg(all(feature = "signed-receipts", feature = "alloc"))]

mod counting_alloc;
use counting_alloc::heap_ops;

use franking::rand_core::Rng;
use franking::signed_receipt::{
    RECEIPT_BATCH_LABEL, RECEIPT_LEAF_LABEL, RECEIPT_NODE_LABEL, ReceiptBatcher, ReceiptSigningKey,
    ReceiptVerifyingKey, SignedReceipt, leaf_hash, node_hash,
};
use franking::{
    Context, Error, ErrorKind, ExpectedDelivery, FrankingTag, KeyId, KeyInterval, Keyring,
    PlatformKey, Receipt,
};
use sha2::{Digest, Sha256};
use std::collections::HashSet;

#[path = "common/split_mix.rs"]
mod split_mix;
use split_mix::SplitMix;

const T0: u64 = 1_700_000_000;
const NOW_MS: u64 = T0 * 1000 + 250;

fn keyring() -> Keyring {
    let mut secret = [0x42u8; 32];
    secret[0] = 1;
    let key = PlatformKey::from_bytes(KeyId::new(1), KeyInterval::starting_at(0), &mut secret);
    Keyring::new(key.unwrap(), 86_400)
}

fn signing_key(id: u32, byte: u8) -> ReceiptSigningKey {
    let mut seed: [u8; 32] = std::array::from_fn(|i| byte ^ i as u8);
    ReceiptSigningKey::from_seed(KeyId::new(id), KeyInterval::starting_at(0), &mut seed).unwrap()
}

/// One delivery's ids and tag; its receipt borrows them.
struct Delivery {
    tag: FrankingTag,
    sender: Vec<u8>,
    recipient: Vec<u8>,
    message_id: Vec<u8>,
}

impl Delivery {
    fn new(batch: u8, i: usize) -> Self {
        Delivery {
            tag: FrankingTag::from_bytes([batch ^ i as u8; 32]),
            sender: format!("u:s{}", i % 3).into_bytes(),
            recipient: format!("u:r{batch}-{i}").into_bytes(),
            message_id: format!("m{batch}-{i}").into_bytes(),
        }
    }

    fn receipt(&self, keyring: &Keyring) -> Receipt<'_> {
        let ctx = Context::new(&self.sender, &self.recipient, T0, &self.message_id).unwrap();
        keyring.stamp_receipt(&self.tag, &ctx).unwrap()
    }

    fn expected(&self) -> ExpectedDelivery<'_> {
        ExpectedDelivery::new(&self.sender, &self.recipient)
    }
}

/// Signs a batch of `n` deliveries and returns each one's signed receipt.
fn sign_batch(
    keyring: &Keyring,
    key: &ReceiptSigningKey,
    deliveries: &[Delivery],
    batch_id: u64,
) -> Vec<Vec<u8>> {
    let receipts: Vec<Receipt<'_>> = deliveries.iter().map(|d| d.receipt(keyring)).collect();
    let mut batcher = Box::new(ReceiptBatcher::<256>::new(50));
    let mut rng = SplitMix(batch_id ^ ((deliveries.len() as u64) << 32));
    for (i, r) in receipts.iter().enumerate() {
        assert_eq!(batcher.push(r, NOW_MS, &mut rng).unwrap(), i);
    }
    let batch = batcher.sign(key, batch_id, NOW_MS).unwrap();
    receipts
        .iter()
        .enumerate()
        .map(|(i, r)| batch.bundle_to_vec(i, r).unwrap())
        .collect()
}

fn verify(bytes: &[u8], keys: &[ReceiptVerifyingKey], d: &Delivery) -> Result<(), Error> {
    SignedReceipt::decode(bytes)?.verify(keys, NOW_MS / 1000, 300, &d.tag, &d.expected())?;
    Ok(())
}

fn batch_of(n: usize, batch: u8) -> Vec<Delivery> {
    (0..n).map(|i| Delivery::new(batch, i)).collect()
}

#[test]
fn every_index_of_batches_of_1_to_17_and_256_verifies() {
    let keyring = keyring();
    let key = signing_key(7, 0x31);
    let keys = [key.verifying_key()];
    for n in (1..=17).chain([256]) {
        let ds = batch_of(n, n as u8);
        let bundles = sign_batch(&keyring, &key, &ds, n as u64);
        for (i, (b, d)) in bundles.iter().zip(&ds).enumerate() {
            assert_eq!(verify(b, &keys, d), Ok(()), "n = {n}, i = {i}");
            let signed = SignedReceipt::decode(b).unwrap();
            assert_eq!(signed.index() as usize, i);
            assert_eq!(signed.header().size() as usize, n);
            let depth = if n == 1 {
                0
            } else {
                usize::BITS - (n - 1).leading_zeros()
            };
            assert!(signed.path().len() <= depth as usize, "n = {n}");
        }
        if n == 1 {
            assert!(
                SignedReceipt::decode(&bundles[0])
                    .unwrap()
                    .path()
                    .is_empty()
            );
        }
    }
}

/// Every byte of a signed receipt (batch of 5, index 3) flipped: refused,
/// and by `Invalid` wherever the bytes still decode and the public checks
/// pass. The categories of SPEC.md 18.9: receipt, path, signature, key id,
/// batch fields.
#[test]
fn every_mauled_byte_is_refused() {
    let keyring = keyring();
    let key = signing_key(7, 0x31);
    let other = signing_key(8, 0x77);
    let keys = [key.verifying_key(), other.verifying_key()];
    let ds = batch_of(5, 9);
    let bundles = sign_batch(&keyring, &key, &ds, 1);
    let (b, d) = (&bundles[3], &ds[3]);
    assert_eq!(verify(b, &keys, d), Ok(()));
    let mut invalid = 0;
    for at in 0..b.len() {
        for bit in [0x01, 0x80] {
            let mut mauled = b.clone();
            mauled[at] ^= bit;
            let result = verify(&mauled, &keys, d);
            assert!(result.is_err(), "byte {at} ^ {bit:#x} accepted");
            invalid += usize::from(result == Err(Error::Invalid));
        }
    }
    // The signature, the salt, the path, the batch id and time, and the
    // receipt's stamp, timestamp and seq decode and pass every public check.
    assert!(invalid > 2 * (64 + 32 + 3 * 32 + 16 + 36 + 16), "{invalid}");
    let named = |at: usize| {
        let mut m = b.clone();
        m[at] ^= 1;
        verify(&m, &keys, d)
    };
    let receipt_at = 128 + 32 * b[127] as usize + 4;
    assert_eq!(
        named(6),
        Err(Error::UnknownKey {
            key_id: KeyId::new(6)
        }),
        "key id 7 -> 6"
    );
    let mut to_other = b.clone();
    to_other[6] = 8;
    assert_eq!(
        verify(&to_other, &keys, d),
        Err(Error::Invalid),
        "key id of the other key"
    );
    assert_eq!(named(14), Err(Error::Invalid), "batch id");
    assert_eq!(named(22), Err(Error::Invalid), "batch time");
    assert_eq!(named(40), Err(Error::Invalid), "signature R");
    assert_eq!(named(90), Err(Error::Invalid), "signature s");
    assert_eq!(named(95), Err(Error::Invalid), "salt, first byte");
    assert_eq!(named(126), Err(Error::Invalid), "salt, last byte");
    assert_eq!(named(140), Err(Error::Invalid), "path");
    assert_eq!(named(receipt_at + 10), Err(Error::Invalid), "receipt stamp");
    assert_eq!(
        named(receipt_at + 77),
        Err(Error::Invalid),
        "receipt timestamp"
    );
    let mut size = b.clone();
    size[26] = 6; // d(3, 6) = d(3, 5): decodes, another root's shape.
    assert_eq!(verify(&size, &keys, d), Err(Error::Invalid), "batch size");
    let mut index = b.clone();
    index[30] = 2;
    assert_eq!(verify(&index, &keys, d), Err(Error::Invalid), "index");
}

/// A receipt of one batch with another batch's signature and path: for
/// every pair of positions whose path lengths agree. Also the same batch
/// contents signed as another batch id: its signature is not this one's.
#[test]
fn a_signed_receipt_of_one_batch_cannot_carry_another_batchs_receipt() {
    let keyring = keyring();
    let key = signing_key(7, 0x31);
    let keys = [key.verifying_key()];
    let (da, db) = (batch_of(6, 1), batch_of(6, 2));
    let (ba, bb) = (
        sign_batch(&keyring, &key, &da, 1),
        sign_batch(&keyring, &key, &db, 2),
    );
    let split = |b: &[u8]| {
        let cut = 128 + 32 * b[127] as usize;
        (b[..cut].to_vec(), b[cut..].to_vec())
    };
    let mut tried = 0;
    for (i, a) in ba.iter().enumerate() {
        for (j, b) in bb.iter().enumerate() {
            let (head_a, _) = split(a);
            let (head_b, receipt_b) = split(b);
            if head_a[127] != head_b[127] {
                continue;
            }
            let mut swapped = head_a.clone();
            swapped[27..31].copy_from_slice(&head_b[27..31]);
            swapped.extend_from_slice(&receipt_b);
            assert_eq!(
                verify(&swapped, &keys, &db[j]),
                Err(Error::Invalid),
                "{i} <- {j}"
            );
            tried += 1;
        }
    }
    assert_eq!(tried, 4 * 4 + 2 * 2, "depths 3, 3, 3, 3, 2, 2");
    // The same receipts as batch 3: another signature, and neither verifies
    // with the other's batch id.
    let again = sign_batch(&keyring, &key, &da, 3);
    assert_ne!(again[0][31..95], ba[0][31..95]);
    let mut renamed = again[0].clone();
    renamed[7..15].copy_from_slice(&1u64.to_be_bytes());
    assert_eq!(verify(&renamed, &keys, &da[0]), Err(Error::Invalid));
}

/// `Leaf` and `Node` are SHA-256 of the labelled inputs of SPEC.md 18.2;
/// the three labels differ from each other; receipts that differ only in
/// where one id ends and the next begins have different leaves.
#[test]
fn leaf_and_node_inputs_are_labelled_and_injective() {
    let keyring = keyring();
    let d = Delivery::new(1, 0);
    let receipt = d.receipt(&keyring);
    let encoding = receipt.to_vec().unwrap();
    let salt = [9u8; 32];
    let spec: [u8; 32] =
        Sha256::digest([&RECEIPT_LEAF_LABEL[..], &salt, &encoding].concat()).into();
    assert_eq!(leaf_hash(&salt, &receipt), spec);
    assert_ne!(leaf_hash(&[8; 32], &receipt), spec, "the salt is hashed");
    let (l, r) = ([1u8; 32], [2u8; 32]);
    let spec: [u8; 32] = Sha256::digest([&RECEIPT_NODE_LABEL[..], &l, &r].concat()).into();
    assert_eq!(node_hash(&l, &r), spec);
    assert_ne!(node_hash(&l, &r), node_hash(&r, &l));
    let labels = [RECEIPT_LEAF_LABEL, RECEIPT_NODE_LABEL, RECEIPT_BATCH_LABEL];
    for (i, a) in labels.iter().enumerate() {
        for b in &labels[i + 1..] {
            assert_ne!(a, b);
        }
    }
    // A node's input, read as the bytes after the leaf label, is no receipt.
    let node_input = [&l[..], &r[..]].concat();
    assert!(Receipt::decode(&node_input).is_err());
    // Id splits.
    let tag = FrankingTag::from_bytes([3; 32]);
    let ids = b"abcdef";
    let mut leaves = Vec::new();
    for cut in 0..=ids.len() {
        let (s, rest) = ids.split_at(cut);
        for cut2 in 0..=rest.len() {
            let (rcp, mid) = rest.split_at(cut2);
            let ctx = Context::new(s, rcp, T0, mid).unwrap();
            leaves.push(leaf_hash(
                &[0; 32],
                &keyring.stamp_receipt(&tag, &ctx).unwrap(),
            ));
        }
    }
    let n = leaves.len();
    leaves.sort();
    leaves.dedup();
    assert_eq!(leaves.len(), n, "two id splits share a leaf");
}

/// SPEC.md 18.8, "verify, then discard the bundle": whoever holds a
/// receipt but not its signed receipt cannot find it in a neighbour's. For
/// every receipt of batches of 2 to 17 and 256, its leaf computed without
/// its salt (unsalted, under this label and the unsalted draft's
/// `franking-v1-rlef`; with the zero salt; with a fresh random salt), and
/// the node over each pair of neighbours computed so, appear nowhere in any
/// signed receipt of the batch (no 32-byte window of any byte string),
/// while each leaf computed with its own salt is found in another
/// recipient's path (so the search can find what is there). Every salt is
/// distinct. Fails if the leaf drops the salt (tests/SABOTAGE.md).
#[test]
fn a_neighbours_path_holds_nothing_computable_from_a_receipt_without_its_salt() {
    let keyring = keyring();
    let key = signing_key(7, 0x31);
    let mut fresh = SplitMix(0xf7e5);
    for n in (2..=17).chain([256]) {
        let ds = batch_of(n, 40 + n as u8);
        let bundles = sign_batch(&keyring, &key, &ds, 1000 + n as u64);
        let receipts: Vec<Receipt<'_>> = ds.iter().map(|d| d.receipt(&keyring)).collect();
        let decoded: Vec<SignedReceipt<'_>> = bundles
            .iter()
            .map(|b| SignedReceipt::decode(b).unwrap())
            .collect();
        let salts: HashSet<[u8; 32]> = decoded.iter().map(|s| *s.salt()).collect();
        assert_eq!(salts.len(), n, "n = {n}: a salt used twice");
        // Leaves a holder of the receipts alone can compute, by kind.
        let mut guessed: Vec<Vec<[u8; 32]>> = vec![Vec::new(); 5];
        for r in &receipts {
            let e = r.to_vec().unwrap();
            guessed[0].push(Sha256::digest([&RECEIPT_LEAF_LABEL[..], &e].concat()).into());
            guessed[1].push(Sha256::digest([&b"franking-v1-rlef"[..], &e].concat()).into());
            guessed[2].push(leaf_hash(&[0; 32], r));
            let mut salt = [0u8; 32];
            fresh.fill_bytes(&mut salt);
            guessed[3].push(leaf_hash(&salt, r));
            guessed[4].push(Sha256::digest(&e).into());
        }
        let mut computable: HashSet<[u8; 32]> = HashSet::new();
        for kind in &guessed {
            computable.extend(kind.iter().copied());
            computable.extend(kind.windows(2).map(|w| node_hash(&w[0], &w[1])));
        }
        for (k, b) in bundles.iter().enumerate() {
            for (at, window) in b.windows(32).enumerate() {
                let window: [u8; 32] = window.try_into().unwrap();
                assert!(
                    !computable.contains(&window),
                    "n = {n}: signed receipt {k} holds, at byte {at}, a hash computable without a salt"
                );
            }
        }
        // The control: with its salt, each leaf is in another's path.
        for (j, (r, s)) in receipts.iter().zip(&decoded).enumerate() {
            let leaf = leaf_hash(s.salt(), r);
            let found = decoded
                .iter()
                .enumerate()
                .any(|(k, other)| k != j && other.path().contains(&leaf));
            assert!(found, "n = {n}: leaf {j} with its salt is in no other path");
        }
    }
}

/// The salt is bound: every bit of it flipped, the neighbour's salt, or the
/// zero salt in its place, and a signed receipt that verified is `Invalid`
/// (it decodes and passes every public check). Fails if the leaf drops the
/// salt (tests/SABOTAGE.md).
#[test]
fn a_changed_salt_in_a_signed_receipt_is_invalid() {
    let keyring = keyring();
    let key = signing_key(7, 0x31);
    let keys = [key.verifying_key()];
    let ds = batch_of(5, 77);
    let bundles = sign_batch(&keyring, &key, &ds, 9);
    const SALT: std::ops::Range<usize> = 95..127;
    for (i, (b, d)) in bundles.iter().zip(&ds).enumerate() {
        assert_eq!(verify(b, &keys, d), Ok(()));
        assert_eq!(SignedReceipt::decode(b).unwrap().salt()[..], b[SALT]);
        for bit in 0..256 {
            let mut m = b.clone();
            m[SALT.start + bit / 8] ^= 1 << (bit % 8);
            assert_eq!(verify(&m, &keys, d), Err(Error::Invalid), "{i}: bit {bit}");
        }
        let neighbour = &bundles[if i ^ 1 < bundles.len() { i ^ 1 } else { i - 1 }];
        let mut m = b.clone();
        m[SALT].copy_from_slice(&neighbour[SALT]);
        assert_ne!(m, *b);
        assert_eq!(
            verify(&m, &keys, d),
            Err(Error::Invalid),
            "{i}: a neighbour's salt"
        );
        m[SALT].fill(0);
        assert_eq!(
            verify(&m, &keys, d),
            Err(Error::Invalid),
            "{i}: the zero salt"
        );
    }
}

/// Every truncation is refused, trailing bytes are refused, and what
/// decodes re-encodes to itself.
#[test]
fn decoding_is_strict_and_canonical() {
    let keyring = keyring();
    let key = signing_key(7, 0x31);
    let ds = batch_of(3, 4);
    for b in sign_batch(&keyring, &key, &ds, 1) {
        let decoded = SignedReceipt::decode(&b).unwrap();
        let mut again = vec![0u8; decoded.encoded_len()];
        assert_eq!(decoded.encode_into(&mut again), Ok(b.len()));
        assert_eq!(again, b);
        assert_eq!(
            decoded.encode_into(&mut again[..b.len() - 1]),
            Err(Error::BufferTooSmall { needed: b.len() })
        );
        for len in 0..b.len() {
            let e = SignedReceipt::decode(&b[..len]).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Malformed, "truncated to {len}");
        }
        let mut long = b.clone();
        long.push(0);
        assert_eq!(
            SignedReceipt::decode(&long).unwrap_err().kind(),
            ErrorKind::Malformed
        );
        // A plain receipt is not a signed receipt, nor the other way round.
        let receipt = ds[0].receipt(&keyring).to_vec().unwrap();
        assert!(SignedReceipt::decode(&receipt).is_err());
        assert!(Receipt::decode(&b).is_err());
    }
}

#[test]
fn the_batcher_closes_at_n_or_t_and_names_the_callers_mistakes() {
    let keyring = keyring();
    let key = signing_key(7, 0x31);
    let ds = batch_of(5, 5);
    let receipts: Vec<Receipt<'_>> = ds.iter().map(|d| d.receipt(&keyring)).collect();
    let mut batcher = ReceiptBatcher::<4>::new(50);
    let mut rng = SplitMix(4);
    assert_eq!(batcher.capacity(), 4);
    assert_eq!(batcher.deadline_ms(), None);
    assert!(!batcher.is_due(u64::MAX));
    assert_eq!(
        batcher.sign(&key, 1, NOW_MS).unwrap_err(),
        Error::EmptyBatch
    );
    batcher.push(&receipts[0], 1_000, &mut rng).unwrap();
    assert_eq!(batcher.deadline_ms(), Some(1_050));
    assert!(!batcher.is_due(1_049));
    assert!(batcher.is_due(1_050), "T ms after the first receipt");
    for r in &receipts[1..4] {
        batcher.push(r, 1_001, &mut rng).unwrap();
    }
    assert!(batcher.is_due(1_001), "N receipts");
    assert_eq!(
        batcher.push(&receipts[4], 1_002, &mut rng),
        Err(Error::BatchFull { capacity: 4 })
    );
    let late = {
        let mut k = signing_key(9, 0x55);
        k.close_at(T0 - 1).unwrap();
        k
    };
    assert_eq!(
        batcher.sign(&late, 1, NOW_MS).unwrap_err().kind(),
        ErrorKind::OutsideKeyInterval
    );
    let batch = batcher.sign(&key, 1, NOW_MS).unwrap();
    assert_eq!(batch.header().size(), 4);
    let header = *batch.header();
    let mut out = vec![0u8; 2000];
    assert_eq!(
        batch.encode_bundle(1, &receipts[0], &mut out),
        Err(Error::NotInBatch { index: 1 })
    );
    assert_eq!(
        batch.encode_bundle(4, &receipts[4], &mut out),
        Err(Error::NotInBatch { index: 4 })
    );
    assert_eq!(
        batch.bundle_len(4, &receipts[4]),
        Err(Error::NotInBatch { index: 4 })
    );
    let len = batch.encode_bundle(2, &receipts[2], &mut out).unwrap();
    assert_eq!(len, batch.bundle_len(2, &receipts[2]).unwrap());
    assert_eq!(verify(&out[..len], &[key.verifying_key()], &ds[2]), Ok(()));
    // The signed batch stays available until the next push, and is not
    // signed twice.
    let again = batcher.signed().unwrap();
    assert_eq!(again.header(), &header);
    assert_eq!(again.encode_bundle(2, &receipts[2], &mut out), Ok(len));
    assert_eq!(
        batcher.sign(&key, 2, NOW_MS).unwrap_err(),
        Error::EmptyBatch
    );
    // The next push starts a new batch.
    assert_eq!(batcher.push(&receipts[4], 2_000, &mut rng), Ok(0));
    assert_eq!(batcher.len(), 1);
    assert_eq!(batcher.deadline_ms(), Some(2_050));
    assert!(batcher.signed().is_none());
}

#[test]
fn keys_refuse_weak_material_and_never_print_the_secret() {
    let seed = [0x07u8; 32];
    assert_eq!(
        ReceiptSigningKey::from_seed(
            KeyId::new(3),
            KeyInterval::starting_at(0),
            &mut seed.clone()
        )
        .unwrap_err(),
        Error::WeakKey {
            key_id: KeyId::new(3)
        }
    );
    let mut bytes: [u8; 32] = std::array::from_fn(|i| i as u8 + 1);
    let secret = bytes;
    let key = ReceiptSigningKey::from_seed(KeyId::new(3), KeyInterval::starting_at(0), &mut bytes)
        .unwrap();
    assert_eq!(bytes, [0; 32], "the caller's seed is wiped");
    assert_eq!(key.export_seed().as_bytes(), &secret);
    let printed = format!("{key:?} {:?}", key.export_seed());
    assert!(printed.contains("redacted"));
    let hex: String = secret.iter().map(|b| format!("{b:02x}")).collect();
    assert!(
        !printed.contains(&hex) && !printed.contains("[1, 2, 3"),
        "{printed}"
    );
    let v = key.verifying_key();
    assert_eq!(ReceiptVerifyingKey::decode(&v.to_bytes()), Ok(v));
    let mut identity = [0u8; 32];
    identity[0] = 1;
    assert_eq!(
        ReceiptVerifyingKey::new(KeyId::new(3), KeyInterval::starting_at(0), &identity),
        Err(Error::WeakKey {
            key_id: KeyId::new(3)
        })
    );
}

/// Pushing 256 receipts, signing, encoding every signed receipt and
/// verifying it make no heap operation.
#[test]
fn no_heap_allocation_in_the_core_paths() {
    let keyring = keyring();
    let key = signing_key(7, 0x31);
    let keys = [key.verifying_key()];
    let ds = batch_of(256, 6);
    let receipts: Vec<Receipt<'_>> = ds.iter().map(|d| d.receipt(&keyring)).collect();
    let mut batcher = Box::new(ReceiptBatcher::<256>::new(50));
    let mut rng = SplitMix(256);
    let mut outs: Vec<Vec<u8>> = receipts.iter().map(|_| vec![0u8; 1024]).collect();
    let ((), count) = heap_ops(|| {
        for r in &receipts {
            batcher.push(r, NOW_MS, &mut rng).unwrap();
        }
        let batch = batcher.sign(&key, 1, NOW_MS).unwrap();
        for (i, (r, out)) in receipts.iter().zip(outs.iter_mut()).enumerate() {
            let len = batch.encode_bundle(i, r, out).unwrap();
            let signed = SignedReceipt::decode(&out[..len]).unwrap();
            signed
                .verify(&keys, NOW_MS / 1000, 300, &ds[i].tag, &ds[i].expected())
                .unwrap();
        }
    });
    assert_eq!(count, 0);
}

/// SPEC.md 18.6: key ids of two platforms may collide, and the signed
/// bytes name no platform; the verifier takes one platform's keys, and the
/// public key, not the id, decides.
#[test]
fn another_platforms_key_with_the_same_id_does_not_verify() {
    let keyring = keyring();
    let ours = signing_key(7, 0x31);
    let theirs = signing_key(7, 0x55);
    let deliveries = batch_of(3, 1);
    let bundles = sign_batch(&keyring, &theirs, &deliveries, 1);
    let (d, b) = (&deliveries[1], &bundles[1]);
    assert_eq!(verify(b, &[theirs.verifying_key()], d), Ok(()));
    assert_eq!(verify(b, &[ours.verifying_key()], d), Err(Error::Invalid));
    for mixed in [
        [ours.verifying_key(), theirs.verifying_key()],
        [theirs.verifying_key(), ours.verifying_key()],
    ] {
        assert_eq!(
            verify(b, &mixed, d),
            Err(Error::DuplicateKeyId {
                key_id: KeyId::new(7)
            })
        );
    }
}

/// SPEC.md 18.4 and 18.6, step 1: another encoding of the crate is named,
/// any other first byte is `Malformed` at the kind.
#[test]
fn another_encoding_of_the_crate_is_named() {
    let keyring = keyring();
    let key = signing_key(7, 0x31);
    let deliveries = batch_of(2, 1);
    let bundles = sign_batch(&keyring, &key, &deliveries, 1);
    let receipt = deliveries[0].receipt(&keyring).to_vec().unwrap();
    let record = key.verifying_key().to_bytes();
    let with_first = |bytes: &[u8], first: &[u8]| [first, &bytes[first.len()..]].concat();
    let cases: [(&[u8], &str); 8] = [
        (&[0x01], "report"),
        (&[0x11], "conversation report"),
        (&[0x52], "receipt"),
        (&[0x4b], "key record"),
        (&[0x53], "signed receipt"),
        (&[0x56], "verifying key record"),
        (franking::wire::MEDIA_REPORT_LABEL, "media report"),
        (franking::wire::SUBMISSION_LABEL, "submission"),
    ];
    for (first, found) in cases {
        if found != "signed receipt" {
            assert_eq!(
                SignedReceipt::decode(&with_first(&bundles[0], first)),
                Err(Error::WrongEncoding {
                    expected: "signed receipt",
                    found
                }),
                "{found}"
            );
        }
        if found != "verifying key record" {
            assert_eq!(
                ReceiptVerifyingKey::decode(&with_first(&record, first)),
                Err(Error::WrongEncoding {
                    expected: "verifying key record",
                    found
                }),
                "{found}"
            );
        }
    }
    assert_eq!(
        SignedReceipt::decode(&receipt).map(|_| ()),
        Err(Error::WrongEncoding {
            expected: "signed receipt",
            found: "receipt"
        })
    );
    assert_eq!(
        SignedReceipt::decode(&record).map(|_| ()),
        Err(Error::WrongEncoding {
            expected: "signed receipt",
            found: "verifying key record"
        })
    );
    assert_eq!(
        ReceiptVerifyingKey::decode(&bundles[0]),
        Err(Error::WrongEncoding {
            expected: "verifying key record",
            found: "signed receipt"
        })
    );
    for first in [0x00u8, 0x02, 0x54, 0x57, 0x66, 0xff] {
        let kind = Error::Malformed {
            field: "kind",
            offset: 0,
        };
        assert_eq!(
            SignedReceipt::decode(&with_first(&bundles[0], &[first])),
            Err(kind)
        );
        assert_eq!(
            ReceiptVerifyingKey::decode(&with_first(&record, &[first])),
            Err(kind)
        );
    }
}

/// SPEC.md 18.7 step 3: a batch dated later than the recipient's clock plus
/// the skew is `FromFuture`, before the key's interval is looked at.
#[test]
fn a_batch_dated_beyond_now_plus_the_skew_is_from_the_future() {
    let keyring = keyring();
    let key = signing_key(7, 0x31);
    let deliveries = batch_of(2, 1);
    let bundles = sign_batch(&keyring, &key, &deliveries, 1);
    let (d, b) = (&deliveries[1], &bundles[1]);
    let signed = SignedReceipt::decode(b).unwrap();
    let at = |now: u64, keys: &[ReceiptVerifyingKey]| {
        signed
            .verify(keys, now, 300, &d.tag, &d.expected())
            .map(|_| ())
    };
    let keys = [key.verifying_key()];
    let t = NOW_MS / 1000;
    assert_eq!(at(t - 300, &keys), Ok(()));
    assert_eq!(at(u64::MAX, &keys), Ok(()));
    assert_eq!(
        at(t - 301, &keys),
        Err(Error::FromFuture { secs_too_early: 1 })
    );
    assert_eq!(
        at(0, &keys),
        Err(Error::FromFuture {
            secs_too_early: t - 300
        })
    );
    let mut closed = key.verifying_key();
    closed.close_at(t - 400).unwrap();
    assert_eq!(
        at(t - 301, &[closed]),
        Err(Error::FromFuture { secs_too_early: 1 })
    );
    assert_eq!(
        at(t, &[closed]).unwrap_err().kind(),
        ErrorKind::OutsideKeyInterval
    );
}
