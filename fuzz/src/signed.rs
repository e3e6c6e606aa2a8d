//! Signed receipts for the `signed_receipt_decode` target and its seeds:
//! one fixed signing key and the signed receipts of three batches (sizes
//! 1, 5 and 13) of receipts stamped by the fixed keyring, their leaves
//! salted with fixed, distinct salts (replayed as the batcher's rng).

use std::sync::LazyLock;

use franking::signed_receipt::{ReceiptBatcher, ReceiptSigningKey};
use franking::{Context, FrankingTag, KeyId, KeyInterval};

/// The signing key: id 7, open from 0, a fixed seed.
pub fn signing_key() -> ReceiptSigningKey {
    let mut seed: [u8; 32] = std::array::from_fn(|i| 0x70 ^ (i as u8).wrapping_mul(11));
    ReceiptSigningKey::from_seed(KeyId::new(7), KeyInterval::starting_at(0), &mut seed)
        .expect("not weak")
}

/// Every signed receipt of the three batches, by batch size and index.
pub fn signed_bundles() -> Vec<(usize, usize, Vec<u8>)> {
    let ring = crate::keyring();
    let key = signing_key();
    let mut out = Vec::new();
    for (batch_id, n) in [(1u64, 1usize), (2, 5), (3, 13)] {
        let ids: Vec<(Vec<u8>, Vec<u8>, Vec<u8>)> = (0..n)
            .map(|i| {
                (
                    format!("u:s{}", i % 2).into_bytes(),
                    format!("u:r{n}-{i}").into_bytes(),
                    format!("m{n}-{i}").into_bytes(),
                )
            })
            .collect();
        let receipts: Vec<_> = ids
            .iter()
            .enumerate()
            .map(|(i, (s, r, m))| {
                let ctx = Context::new(s, r, crate::NOW - 60, m)
                    .and_then(|c| c.in_conversation(b"r:room", i as u64 + 1))
                    .expect("short ids");
                ring.stamp_receipt(&FrankingTag::from_bytes([i as u8; 32]), &ctx)
                    .expect("stamp")
            })
            .collect();
        // Salt i of batch b: 0x5a bytes but for b and i in front.
        let salts: Vec<u8> = (0..n)
            .flat_map(|i| {
                let mut salt = [0x5au8; 32];
                salt[0] = batch_id as u8;
                salt[1] = i as u8;
                salt
            })
            .collect();
        let mut rng = crate::ReplayRng(&salts);
        let mut batcher = Box::new(ReceiptBatcher::<16>::new(50));
        let now_ms = crate::NOW * 1000;
        for r in &receipts {
            batcher.push(r, now_ms, &mut rng).expect("room");
        }
        let batch = batcher.sign(&key, batch_id, now_ms).expect("sign");
        for (i, r) in receipts.iter().enumerate() {
            out.push((n, i, batch.bundle_to_vec(i, r).expect("encode")));
        }
    }
    out
}

static SIGNED: LazyLock<Vec<(usize, usize, Vec<u8>)>> = LazyLock::new(signed_bundles);

/// Whether `bytes` is one of [`signed_bundles`].
pub fn was_signed(bytes: &[u8]) -> bool {
    SIGNED.iter().any(|(_, _, b)| b == bytes)
}
