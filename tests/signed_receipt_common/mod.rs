//! Running one case of `tests/vectors/signed-receipts-v1.txt` (SPEC.md
//! 18.12) through the crate: shared by the generator
//! (`examples/gen_signed_receipt_vectors.rs`), which prints the outputs it
//! gets, and `tests/signed_receipt_vectors.rs`, which compares them.
#![allow(dead_code)]

use std::collections::BTreeMap;

use franking::rand_core::{Infallible, TryCryptoRng, TryRng};
use franking::signed_receipt::{
    ReceiptBatcher, ReceiptSigningKey, ReceiptVerifyingKey, SignedReceipt, leaf_hash,
};
use franking::{Error, ExpectedDelivery, FrankingTag, KeyId, KeyInterval, Receipt};

/// Hands out a case's listed salts, in order, as the batcher draws them:
/// the "random" bytes of a `receipt-batch` case. Panics when they run out.
pub struct ListedSalts(pub Vec<u8>);

impl TryRng for ListedSalts {
    type Error = Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        let mut b = [0u8; 4];
        self.try_fill_bytes(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }
    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        let mut b = [0u8; 8];
        self.try_fill_bytes(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        assert!(dst.len() <= self.0.len(), "the case lists too few salts");
        dst.copy_from_slice(&self.0[..dst.len()]);
        self.0.drain(..dst.len());
        Ok(())
    }
}

/// Replays fixed bytes: never use outside tests.
impl TryCryptoRng for ListedSalts {}

pub fn unhex(s: &str) -> Vec<u8> {
    assert!(s.len().is_multiple_of(2), "odd hex length");
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn list(field: &str) -> Vec<Vec<u8>> {
    if field.is_empty() {
        return Vec::new();
    }
    field.split(',').map(unhex).collect()
}

/// The outputs of an `ok` case, in the order the file lists them, or the
/// crate's error.
pub fn run(c: &BTreeMap<String, String>) -> Result<Vec<(&'static str, String)>, Error> {
    let num = |f: &str| c[f].parse::<u64>().unwrap();
    match c["kind"].as_str() {
        "receipt-leaf" => {
            let salt: [u8; 32] = unhex(&c["salt"]).try_into().expect("a 32-byte salt");
            let bytes = unhex(&c["receipt"]);
            let receipt = Receipt::decode(&bytes)?;
            Ok(vec![("leaf", hex(&leaf_hash(&salt, &receipt)))])
        }
        "receipt-batch" => {
            let mut seed: [u8; 32] = unhex(&c["signing_key"]).try_into().unwrap();
            let id = KeyId::new(u32::try_from(num("key_id")).unwrap());
            let key = ReceiptSigningKey::from_seed(id, KeyInterval::starting_at(0), &mut seed)?;
            let encodings = list(&c["receipts"]);
            let receipts: Vec<Receipt<'_>> = encodings
                .iter()
                .map(|e| Receipt::decode(e))
                .collect::<Result<_, _>>()?;
            let salts = list(&c["salts"]);
            assert_eq!(salts.len(), receipts.len(), "one salt per receipt");
            assert!(salts.iter().all(|s| s.len() == 32), "32-byte salts");
            let mut rng = ListedSalts(salts.concat());
            let mut batcher = Box::new(ReceiptBatcher::<256>::new(50));
            let time = num("batch_time");
            for r in &receipts {
                batcher.push(r, time, &mut rng)?;
            }
            assert!(rng.0.is_empty(), "every listed salt drawn");
            let batch = batcher.sign(&key, num("batch_id"), time)?;
            let mut bundles = Vec::new();
            for (i, r) in receipts.iter().enumerate() {
                let mut out = vec![0u8; batch.bundle_len(i, r)?];
                batch.encode_bundle(i, r, &mut out)?;
                bundles.push(hex(&out));
            }
            Ok(vec![
                ("root", hex(batch.root())),
                ("signature", hex(batch.header().signature())),
                ("bundles", bundles.join(",")),
            ])
        }
        "verifying-key" => {
            let bytes = unhex(&c["encoding"]);
            let key = ReceiptVerifyingKey::decode(&bytes)?;
            assert_eq!(key.to_bytes().as_slice(), bytes, "re-encoding differs");
            Ok(vec![
                ("key_id", key.id().get().to_string()),
                ("not_before", key.interval().not_before().to_string()),
                ("not_after", key.interval().not_after().to_string()),
                ("public_key", hex(&key.public_key())),
            ])
        }
        "signed-receipt" => {
            let keys: Vec<ReceiptVerifyingKey> = list(&c["keys"])
                .iter()
                .map(|k| ReceiptVerifyingKey::decode(k).expect("a case's keys decode"))
                .collect();
            let tag = FrankingTag::from_bytes(unhex(&c["franking_tag"]).try_into().unwrap());
            let (sender, recipient, conversation) = (
                unhex(&c["sender"]),
                unhex(&c["recipient"]),
                unhex(&c["conversation"]),
            );
            let expected =
                ExpectedDelivery::new(&sender, &recipient).in_conversation(&conversation);
            let bytes = unhex(&c["bundle"]);
            let signed = SignedReceipt::decode(&bytes)?;
            let mut again = vec![0u8; signed.encoded_len()];
            signed.encode_into(&mut again)?;
            assert_eq!(again, bytes, "re-encoding differs");
            let verified = signed.verify(&keys, num("now"), num("max_skew"), &tag, &expected)?;
            let h = verified.header();
            let mut receipt = vec![0u8; verified.receipt().encoded_len()];
            verified.receipt().encode_into(&mut receipt)?;
            Ok(vec![
                ("key_id", h.key_id().get().to_string()),
                ("batch_id", h.batch_id().to_string()),
                ("batch_time", h.batch_time_ms().to_string()),
                ("batch_size", h.size().to_string()),
                ("index", signed.index().to_string()),
                ("root", hex(verified.root())),
                ("receipt", hex(&receipt)),
            ])
        }
        other => panic!("unknown kind {other}"),
    }
}
