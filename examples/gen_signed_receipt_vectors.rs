//! Generates the signed-receipt test vectors
//! `tests/vectors/signed-receipts-v1.txt` (format: SPEC.md section 10,
//! kinds of section 18.12) through the crate's public API.
//!
//! Run with `cargo run --example gen_signed_receipt_vectors --features
//! signed-receipts > tests/vectors/signed-receipts-v1.txt`. Every key,
//! tag and id is a fixed byte pattern, the leaves' salts come from a
//! SplitMix64 generator with a fixed seed (public test salts, never for a
//! deployment), and Ed25519 signatures are deterministic, so the output is
//! too; each case states its expected verdict, and the generator checks
//! that the crate agrees before printing it.

#[path = "../tests/signed_receipt_common/mod.rs"]
mod common;
#[path = "../tests/common/split_mix.rs"]
mod split_mix;

use std::collections::BTreeMap;

use common::{hex, run, unhex};
use franking::rand_core::Rng;
use franking::signed_receipt::{ReceiptSigningKey, ReceiptVerifyingKey};
use franking::{Context, FrankingTag, KeyId, KeyInterval, Keyring, PlatformKey};
use split_mix::SplitMix;

/// The seed of the generator the salts are drawn from.
const SALT_SEED: u64 = 0x5a17_5a17_0000_0018;

const BATCH_TIME: u64 = 1_700_000_000_500;
const NOT_BEFORE: u64 = 1_600_000_000;
const MAX_SKEW: u64 = 300;
/// The recipient's clock (seconds) in the signed-receipt cases: a minute
/// after the batch.
const NOW: u64 = BATCH_TIME / 1000 + 60;

struct Case(Vec<(&'static str, String)>);

impl Case {
    fn new(kind: &str, name: &str) -> Self {
        Case(vec![("kind", kind.into()), ("name", name.into())])
    }

    fn f(mut self, name: &'static str, value: String) -> Self {
        self.0.push((name, value));
        self
    }

    /// Runs the case through the crate, checks the verdict is `expect`,
    /// prints it with its outputs, and returns them.
    fn emit(self, expect: &str) -> BTreeMap<String, String> {
        let map: BTreeMap<String, String> = self
            .0
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect();
        let result = run(&map);
        let verdict = match &result {
            Ok(_) => "ok".to_string(),
            Err(e) => e.kind().name().to_string(),
        };
        let name = &map["name"];
        assert_eq!(verdict, expect, "case {name}: {result:?}");
        let mut fields = self.0;
        fields.insert(2, ("expect", expect.into()));
        let mut out = map;
        if let Ok(outputs) = result {
            for (k, v) in outputs {
                fields.push((k, v.clone()));
                out.insert(k.to_string(), v);
            }
        }
        println!();
        for (k, v) in &fields {
            println!("{k}: {v}");
        }
        out
    }
}

/// A seed of fixed bytes.
fn seed(start: u8) -> [u8; 32] {
    std::array::from_fn(|i| start.wrapping_add((i as u8).wrapping_mul(7)))
}

fn signing_key(id: u32, start: u8) -> ReceiptSigningKey {
    ReceiptSigningKey::from_seed(
        KeyId::new(id),
        KeyInterval::starting_at(0),
        &mut seed(start),
    )
    .expect("not weak")
}

fn record(key: &ReceiptSigningKey, not_before: u64, not_after: u64) -> String {
    let v = key.verifying_key();
    let v = ReceiptVerifyingKey::new(
        v.id(),
        KeyInterval::new(not_before, not_after).expect("ordered"),
        &v.public_key(),
    )
    .expect("a genuine key");
    hex(&v.to_bytes())
}

/// One delivery: its receipt's encoding and what its recipient knows.
struct Delivery {
    receipt: Vec<u8>,
    tag: [u8; 32],
    sender: Vec<u8>,
    recipient: Vec<u8>,
    conversation: Vec<u8>,
}

fn deliveries(keyring: &Keyring, count: usize, salt: u8) -> Vec<Delivery> {
    (0..count)
        .map(|i| {
            let tag = [salt.wrapping_add(i as u8); 32];
            let sender = format!("u:sender-{}", i % 3).into_bytes();
            let recipient = format!("u:recipient-{salt}-{i}").into_bytes();
            let message_id = format!("m-{salt}-{i}").into_bytes();
            let conversation = if i % 2 == 0 {
                b"r:room-7".to_vec()
            } else {
                Vec::new()
            };
            let ctx = Context::new(&sender, &recipient, 1_700_000_000 + i as u64, &message_id)
                .and_then(|c| {
                    if conversation.is_empty() {
                        Ok(c)
                    } else {
                        c.in_conversation(&conversation, 100 + i as u64)
                    }
                })
                .expect("short ids");
            let receipt = keyring
                .stamp_receipt(&FrankingTag::from_bytes(tag), &ctx)
                .expect("stamp");
            let mut bytes = vec![0u8; receipt.encoded_len()];
            receipt.encode_into(&mut bytes).expect("encode");
            Delivery {
                receipt: bytes,
                tag,
                sender,
                recipient,
                conversation,
            }
        })
        .collect()
}

/// 32 bytes from the salt generator.
fn draw_salt(rng: &mut SplitMix) -> [u8; 32] {
    let mut salt = [0u8; 32];
    rng.fill_bytes(&mut salt);
    salt
}

fn batch(
    name: &str,
    key_id: u32,
    seed_start: u8,
    batch_id: u64,
    ds: &[Delivery],
    rng: &mut SplitMix,
) -> Vec<Vec<u8>> {
    let receipts: Vec<String> = ds.iter().map(|d| hex(&d.receipt)).collect();
    let salts: Vec<String> = ds.iter().map(|_| hex(&draw_salt(rng))).collect();
    let out = Case::new("receipt-batch", name)
        .f("signing_key", hex(&seed(seed_start)))
        .f("key_id", key_id.to_string())
        .f("batch_id", batch_id.to_string())
        .f("batch_time", BATCH_TIME.to_string())
        .f("receipts", receipts.join(","))
        .f("salts", salts.join(","))
        .emit("ok");
    out["bundles"].split(',').map(unhex).collect()
}

fn signed(name: &str, keys: &[&str], d: &Delivery, bundle: &[u8], expect: &str) {
    signed_at(name, NOW, keys, d, bundle, expect);
}

fn signed_at(name: &str, now: u64, keys: &[&str], d: &Delivery, bundle: &[u8], expect: &str) {
    Case::new("signed-receipt", name)
        .f("keys", keys.join(","))
        .f("now", now.to_string())
        .f("max_skew", MAX_SKEW.to_string())
        .f("franking_tag", hex(&d.tag))
        .f("sender", hex(&d.sender))
        .f("recipient", hex(&d.recipient))
        .f("conversation", hex(&d.conversation))
        .f("bundle", hex(bundle))
        .emit(expect);
}

fn with(bytes: &[u8], at: usize, value: u8) -> Vec<u8> {
    let mut v = bytes.to_vec();
    v[at] = value;
    v
}

fn flip(bytes: &[u8], at: usize) -> Vec<u8> {
    with(bytes, at, bytes[at] ^ 0x01)
}

fn main() {
    println!("# franking v1 signed receipts: test vectors (SPEC.md section 18).");
    println!(
        "# Generated by `cargo run --example gen_signed_receipt_vectors --features signed-receipts`."
    );
    println!("# Format: SPEC.md section 10; kinds and fields: section 18.12.");

    let mut platform_secret = [0x5cu8; 32];
    platform_secret[0] = 0x11;
    let platform = PlatformKey::from_bytes(
        KeyId::new(1),
        KeyInterval::starting_at(NOT_BEFORE),
        &mut platform_secret,
    )
    .expect("not weak");
    let keyring = Keyring::new(platform, 90 * 86_400);
    let mut rng = SplitMix(SALT_SEED);

    // Leaves.
    let ds = deliveries(&keyring, 2, 0x40);
    for (i, d) in ds.iter().enumerate() {
        Case::new("receipt-leaf", &format!("leaf of receipt {i}"))
            .f("salt", hex(&draw_salt(&mut rng)))
            .f("receipt", hex(&d.receipt))
            .emit("ok");
    }
    let salt = draw_salt(&mut rng);
    Case::new("receipt-leaf", "leaf of receipt 0 with another salt")
        .f("salt", hex(&salt))
        .f("receipt", hex(&ds[0].receipt))
        .emit("ok");
    Case::new("receipt-leaf", "leaf of receipt 0 with the all-zero salt")
        .f("salt", hex(&[0; 32]))
        .f("receipt", hex(&ds[0].receipt))
        .emit("ok");
    let empty_ids = Context::new(b"", b"", NOT_BEFORE, b"").expect("empty ids");
    let receipt = keyring
        .stamp_receipt(&FrankingTag::from_bytes([0; 32]), &empty_ids)
        .expect("stamp");
    let mut bytes = vec![0u8; receipt.encoded_len()];
    receipt.encode_into(&mut bytes).expect("encode");
    Case::new(
        "receipt-leaf",
        "leaf of a receipt with empty ids (94 bytes)",
    )
    .f("salt", hex(&salt))
    .f("receipt", hex(&bytes))
    .emit("ok");
    Case::new("receipt-leaf", "a receipt with trailing bytes has no leaf")
        .f("salt", hex(&salt))
        .f("receipt", hex(&[&bytes[..], &[0]].concat()))
        .emit("Malformed");

    // Batches of every small shape, and one of 13.
    let key7 = signing_key(7, 0x21);
    let key8 = signing_key(8, 0x93);
    let mut batches = BTreeMap::new();
    for (n, batch_id) in [(1usize, 1u64), (2, 2), (3, 3), (4, 4), (5, 5), (13, 6)] {
        let ds = deliveries(&keyring, n, n as u8 * 16);
        let bundles = batch(&format!("batch of {n}"), 7, 0x21, batch_id, &ds, &mut rng);
        batches.insert(n, (ds, bundles));
    }
    let ds8 = deliveries(&keyring, 3, 0xa0);
    let bundles8 = batch("batch of 3 under a second key", 8, 0x93, 1, &ds8, &mut rng);

    // Verifying key records.
    let r7 = record(&key7, NOT_BEFORE, u64::MAX);
    let r8 = record(&key8, NOT_BEFORE, u64::MAX);
    Case::new("verifying-key", "open interval")
        .f("encoding", r7.clone())
        .emit("ok");
    let closed = record(&key7, NOT_BEFORE, 1_650_000_000);
    Case::new("verifying-key", "closed interval")
        .f("encoding", closed.clone())
        .emit("ok");
    let rec = unhex(&r7);
    let vk_errors: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty", vec![], "Malformed"),
        (
            "kind byte of a signed receipt",
            with(&rec, 0, 0x53),
            "WrongEncoding",
        ),
        ("kind byte 0x57", with(&rec, 0, 0x57), "Malformed"),
        ("missing version", rec[..1].to_vec(), "Malformed"),
        ("version 2", with(&rec, 1, 2), "UnsupportedVersion"),
        ("suite 2", with(&rec, 2, 2), "Malformed"),
        ("truncated public key", rec[..54].to_vec(), "Malformed"),
        ("trailing byte", [&rec[..], &[0]].concat(), "Malformed"),
        (
            "not_before after not_after",
            {
                let mut v = rec.clone();
                v[7..15].copy_from_slice(&2_000_000_000u64.to_be_bytes());
                v[15..23].copy_from_slice(&1_999_999_999u64.to_be_bytes());
                v
            },
            "InvalidInterval",
        ),
    ];
    for (name, bytes, expect) in vk_errors {
        Case::new("verifying-key", name)
            .f("encoding", hex(&bytes))
            .emit(expect);
    }
    // Public keys a verifier refuses: small order, not canonical, not on the curve.
    let mut weak = Vec::new();
    let identity = {
        let mut y = [0u8; 32];
        y[0] = 1;
        y
    };
    weak.push(("the identity (small order)", identity));
    let minus_one = {
        // y = p - 1: the point (0, -1) of order 2.
        let mut y = [0xffu8; 32];
        y[0] = 0xec;
        y[31] = 0x7f;
        y
    };
    weak.push(("(0, -1), of order 2", minus_one));
    weak.push(("x = 0 with the sign bit set", {
        let mut y = identity;
        y[31] |= 0x80;
        y
    }));
    // y = p + k for the smallest k that decodes to a point of large order:
    // the same point has the canonical encoding k.
    let noncanonical = (2u8..19)
        .find_map(|k| {
            let mut y = [0u8; 32];
            y[0] = k;
            ReceiptVerifyingKey::new(KeyId::new(1), KeyInterval::starting_at(0), &y).ok()?;
            let mut p_plus_k = [0xffu8; 32];
            p_plus_k[31] = 0x7f;
            p_plus_k[0] = 0xed_u8.wrapping_add(k);
            Some(p_plus_k)
        })
        .expect("some small y is a point of large order");
    weak.push(("y = p + k, not canonical", noncanonical));
    let off_curve = (2u8..40)
        .find_map(|k| {
            let mut y = [0u8; 32];
            y[0] = k;
            (ReceiptVerifyingKey::new(KeyId::new(1), KeyInterval::starting_at(0), &y).is_err())
                .then_some(y)
        })
        .expect("some small y is off the curve");
    weak.push(("a y with no x on the curve", off_curve));
    for (name, key) in weak {
        let mut v = rec.clone();
        v[23..].copy_from_slice(&key);
        Case::new("verifying-key", &format!("weak key: {name}"))
            .f("encoding", hex(&v))
            .emit("WeakKey");
    }

    // Signed receipts: every index of the batches of 1, 5 and 13 verifies.
    let keys = [r7.as_str(), r8.as_str()];
    for n in [1usize, 5, 13] {
        let (ds, bundles) = &batches[&n];
        for (i, (d, b)) in ds.iter().zip(bundles).enumerate() {
            if n == 13 && i % 4 != 0 && i != 12 {
                continue;
            }
            signed(&format!("batch of {n}, index {i}"), &keys, d, b, "ok");
        }
    }
    let (ds, bundles) = &batches[&5];
    let (d, b) = (&ds[3], &bundles[3]);
    signed("under the second key", &keys, &ds8[1], &bundles8[1], "ok");
    signed("one key held", &[&r7], d, b, "ok");

    // Decoding (18.4).
    let p = b[127] as usize;
    let receipt_at = 128 + 32 * p + 4;
    let decode_errors: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty", vec![], "Malformed"),
        ("a plain receipt", ds[3].receipt.clone(), "WrongEncoding"),
        ("a verifying key record", unhex(&r7), "WrongEncoding"),
        ("kind byte 0x54", with(b, 0, 0x54), "Malformed"),
        ("missing version", b[..1].to_vec(), "Malformed"),
        ("version 2", with(b, 1, 2), "UnsupportedVersion"),
        ("suite 2", with(b, 2, 2), "Malformed"),
        ("truncated in the signature", b[..60].to_vec(), "Malformed"),
        ("truncated in the salt", b[..110].to_vec(), "Malformed"),
        (
            "truncated before the path length",
            b[..127].to_vec(),
            "Malformed",
        ),
        ("truncated in the path", b[..140].to_vec(), "Malformed"),
        (
            "truncated in the receipt",
            b[..b.len() - 1].to_vec(),
            "Malformed",
        ),
        ("trailing byte", [&b[..], &[0]].concat(), "Malformed"),
        (
            "batch size 0",
            {
                let mut v = b.clone();
                v[23..27].copy_from_slice(&0u32.to_be_bytes());
                v
            },
            "Malformed",
        ),
        ("index equal to the batch size", with(b, 30, 5), "Malformed"),
        (
            "path length one more",
            with(b, 127, b[127] + 1),
            "Malformed",
        ),
        (
            "path length one less",
            with(b, 127, b[127] - 1),
            "Malformed",
        ),
        (
            "receipt length one more",
            {
                let mut v = b.clone();
                let len = u32::from_be_bytes(v[receipt_at - 4..receipt_at].try_into().unwrap());
                v[receipt_at - 4..receipt_at].copy_from_slice(&(len + 1).to_be_bytes());
                v
            },
            "Malformed",
        ),
        (
            "receipt of version 2",
            with(b, receipt_at + 1, 2),
            "UnsupportedVersion",
        ),
        (
            "receipt kind byte wrong",
            with(b, receipt_at, 0x01),
            "Malformed",
        ),
    ];
    for (name, bundle, expect) in decode_errors {
        signed(&format!("decoding: {name}"), &keys, d, &bundle, expect);
    }

    // Public checks (18.7 steps 2 to 4).
    signed("no key with its id", &[&r8], d, b, "UnknownKey");
    signed("two keys with its id", &[&r7, &r7], d, b, "DuplicateKeyId");
    signed(
        "key closed before the batch, beyond the skew",
        &[&closed],
        d,
        b,
        "OutsideKeyInterval",
    );
    let t = BATCH_TIME / 1000;
    signed_at(
        "batch time at the recipient's clock plus the skew",
        t - MAX_SKEW,
        &keys,
        d,
        b,
        "ok",
    );
    signed_at(
        "batch time one second beyond the recipient's clock plus the skew",
        t - MAX_SKEW - 1,
        &keys,
        d,
        b,
        "FromFuture",
    );
    signed(
        "key closed at the batch time minus the skew",
        &[&record(&key7, NOT_BEFORE, t - MAX_SKEW)],
        d,
        b,
        "ok",
    );
    signed(
        "key closed one second earlier",
        &[&record(&key7, NOT_BEFORE, t - MAX_SKEW - 1)],
        d,
        b,
        "OutsideKeyInterval",
    );
    signed(
        "key starting after the batch, beyond the skew",
        &[&record(&key7, t + MAX_SKEW + 1, u64::MAX)],
        d,
        b,
        "OutsideKeyInterval",
    );
    signed(
        "key starting at the batch time plus the skew",
        &[&record(&key7, t + MAX_SKEW, u64::MAX)],
        d,
        b,
        "ok",
    );
    let other = &ds[2];
    let mismatch = |name: &str, f: &dyn Fn(&mut Delivery), expect: &str| {
        let mut knows = Delivery {
            receipt: d.receipt.clone(),
            tag: d.tag,
            sender: d.sender.clone(),
            recipient: d.recipient.clone(),
            conversation: d.conversation.clone(),
        };
        f(&mut knows);
        signed(name, &keys, &knows, b, expect);
    };
    mismatch("another franking tag", &|k| k.tag = other.tag, "Invalid");
    mismatch(
        "another sender",
        &|k| k.sender = other.sender.clone(),
        "ReceiptMismatch",
    );
    mismatch(
        "another recipient",
        &|k| k.recipient = other.recipient.clone(),
        "ReceiptMismatch",
    );
    mismatch(
        "another conversation",
        &|k| k.conversation = b"r:room-8".to_vec(),
        "ReceiptMismatch",
    );

    // Mauled fields that decode and pass the public checks: Invalid.
    let mut s_plus_l = b.clone();
    {
        // s + L, little-endian: the same s modulo L, not canonical.
        const L: [u8; 32] = [
            0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9,
            0xde, 0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
        ];
        let mut carry = 0u16;
        for (i, l) in L.iter().enumerate() {
            let sum = u16::from(s_plus_l[63 + i]) + u16::from(*l) + carry;
            s_plus_l[63 + i] = sum as u8;
            carry = sum >> 8;
        }
        assert_eq!(carry, 0);
    }
    let mauled: Vec<(&str, Vec<u8>)> = vec![
        ("key id of the other held key", {
            let mut v = b.clone();
            v[3..7].copy_from_slice(&8u32.to_be_bytes());
            v
        }),
        ("batch id", flip(b, 14)),
        ("batch time, by 1 ms", flip(b, 22)),
        ("batch size 5 to 6 (same path length)", with(b, 26, 6)),
        ("index 3 to 2 (same path length)", with(b, 30, 2)),
        ("signature R", flip(b, 31)),
        ("signature s", flip(b, 63)),
        ("signature s + L", s_plus_l),
        ("salt, first byte", flip(b, 95)),
        ("salt, last byte", flip(b, 126)),
        ("salt of the neighbour at index 2", {
            let mut v = b.clone();
            v[95..127].copy_from_slice(&bundles[2][95..127]);
            v
        }),
        ("salt all zero", {
            let mut v = b.clone();
            v[95..127].fill(0);
            v
        }),
        ("first path hash", flip(b, 128)),
        ("last path hash", flip(b, 128 + 32 * p - 1)),
        ("receipt timestamp", flip(b, receipt_at + 77)),
        ("receipt seq", flip(b, receipt_at + 85)),
        ("receipt stamp MAC", flip(b, receipt_at + 6)),
        ("receipt stamp key id", flip(b, receipt_at + 5)),
        (
            "receipt message id",
            flip(b, b.len() - 3 - d.conversation.len()),
        ),
    ];
    for (name, bundle) in mauled {
        signed(&format!("mauled: {name}"), &keys, d, &bundle, "Invalid");
    }
    // Swaps between batches: another batch's signature and path, with this receipt.
    let foreign = &batches[&3].1[1];
    let mut swapped = foreign[..128 + 32 * foreign[127] as usize].to_vec();
    swapped.extend_from_slice(&b[receipt_at - 4..]);
    signed(
        "receipt of batch 5 with the path and signature of batch 3",
        &keys,
        d,
        &swapped,
        "Invalid",
    );
    let mut wrong_key = unhex(&r7);
    wrong_key[23..].copy_from_slice(&key8.verifying_key().public_key());
    signed(
        "id 7 bound to the second key's public key",
        &[&hex(&wrong_key)],
        d,
        b,
        "Invalid",
    );
}
