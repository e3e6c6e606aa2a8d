//! Signed receipts (SPEC.md section 18, feature `signed-receipts`): the
//! platform signs the Merkle root of a batch of receipts with Ed25519, and
//! each recipient verifies its receipt on arrival.
//!
//! Opt-in, because a signature is evidence anyone can check: a recipient
//! who keeps signed receipts can prove to third parties who wrote to whom,
//! when, and with the opening, what (SPEC.md 18.8). A stamp alone convinces
//! only the platform. Each leaf is salted with 32 random bytes drawn at
//! [`ReceiptBatcher::push`] and sent only to its recipient, so a recipient
//! that verifies, keeps only the receipt and discards the rest (the salt
//! included) is as deniable as with a plain receipt: no neighbour's signed
//! receipt holds anything computable from its receipt alone.
//!
//! - `tree.rs`: leaves, nodes, the batch root and paths (18.2).
//! - `key.rs`: [`ReceiptSigningKey`] (secret, the platform's) and
//!   [`ReceiptVerifyingKey`] (public, with its 55-byte record, 18.6).
//! - `batch.rs`: [`ReceiptBatcher`], which collects up to `N` receipts,
//!   closes at `N` or after `T` milliseconds, and signs (18.3, 18.5).
//! - `bundle.rs`: [`SignedReceipt`], its encoding and strict decoder (18.4),
//!   and the recipient's verification (18.7).
//!
//! ```
//! use franking::signed_receipt::{ReceiptBatcher, ReceiptSigningKey, SignedReceipt};
//! use franking::{Context, ExpectedDelivery, KeyId, KeyInterval, Keyring, PlatformKey};
//! # let mut rng = rand::rng();
//! # let platform = PlatformKey::generate(KeyId::new(1), KeyInterval::starting_at(0), &mut rng)?;
//! # let keyring = Keyring::new(platform, 30 * 86_400);
//! # let (_, tag) = franking::commit_with_rng(&mut rng, b"", b"hello")?;
//! // The platform: one signing key, a batch closing at 256 receipts or 50 ms.
//! let signing_key = ReceiptSigningKey::generate(KeyId::new(7), KeyInterval::starting_at(0), &mut rng)?;
//! let mut batcher: ReceiptBatcher = ReceiptBatcher::new(50);
//! let context = Context::new(b"alice", b"bob", 1_700_000_000, b"msg-1")?;
//! let receipt = keyring.stamp_receipt(&tag, &context)?;
//! let index = batcher.push(&receipt, 1_700_000_000_000, &mut rng)?;
//! assert!(batcher.is_due(1_700_000_000_050));
//! let batch = batcher.sign(&signing_key, 1, 1_700_000_000_050)?;
//! let mut bytes = vec![0; batch.bundle_len(index, &receipt)?];
//! batch.encode_bundle(index, &receipt, &mut bytes)?;
//!
//! // The recipient, with the platform's published verifying keys.
//! let keys = [signing_key.verifying_key()];
//! let signed = SignedReceipt::decode(&bytes)?;
//! let now_secs = 1_700_000_001; // the recipient's clock
//! let verified = signed.verify(&keys, now_secs, 300, &tag, &ExpectedDelivery::new(b"alice", b"bob"))?;
//! assert_eq!(verified.receipt().context().message_id(), b"msg-1");
//! # Ok::<(), franking::Error>(())
//! ```

mod batch;
mod bundle;
mod key;
mod tree;

pub use batch::{BatchHeader, ReceiptBatcher, SignedBatch};
pub use bundle::{SignedReceipt, VerifiedSignedReceipt};
pub use key::{ReceiptSigningKey, ReceiptSigningSeed, ReceiptVerifyingKey};

/// `Leaf(salt, E)` of SPEC.md 18.2: `SHA-256(RECEIPT_LEAF_LABEL || salt ||
/// E)` with `salt` the receipt's 32-byte leaf salt and `E` its 5.7
/// encoding. The batcher and the verifier compute it; it is public for
/// tests and other implementations.
pub fn leaf_hash(salt: &[u8; 32], receipt: &crate::Receipt<'_>) -> [u8; 32] {
    tree::leaf(salt, receipt)
}

/// `Node(left, right)` of SPEC.md 18.2: `SHA-256(RECEIPT_NODE_LABEL ||
/// left || right)`.
pub fn node_hash(left: &[u8; 32], right: &[u8; 32]) -> [u8; 32] {
    tree::node(left, right)
}

/// Domain label of a leaf: a salt and a receipt's 5.7 encoding (SPEC.md
/// 18.2; `rslf`, a salted leaf).
pub const RECEIPT_LEAF_LABEL: &[u8; 16] = b"franking-v1-rslf";
/// Domain label of an inner node of a receipt batch's tree (SPEC.md 18.2).
pub const RECEIPT_NODE_LABEL: &[u8; 16] = b"franking-v1-rnod";
/// Domain label that starts every signed batch (SPEC.md 18.3).
pub const RECEIPT_BATCH_LABEL: &[u8; 16] = b"franking-v1-rsig";

/// First byte of a signed receipt encoding: ASCII `S`.
pub const SIGNED_RECEIPT_KIND: u8 = 0x53;
/// Second byte of a signed receipt encoding: its version.
pub const SIGNED_RECEIPT_VERSION: u8 = 1;
/// First byte of a verifying key record: ASCII `V`.
pub const VERIFYING_KEY_KIND: u8 = 0x56;
/// Second byte of a verifying key record: its version.
pub const VERIFYING_KEY_VERSION: u8 = 1;
/// The signature suite byte: Ed25519 (RFC 8032, pure).
pub const SUITE_ED25519: u8 = 1;

/// Length of the signed bytes of a batch (SPEC.md 18.3).
pub const BATCH_TBS_LEN: usize = 16 + 1 + 4 + 8 + 8 + 4 + 32;
/// Length of a signed receipt with an empty path and receipt: everything
/// but the path hashes and the receipt's bytes (SPEC.md 18.4), the 32-byte
/// salt included.
pub const SIGNED_RECEIPT_FIXED_LEN: usize = 3 + 4 + 8 + 8 + 4 + 4 + 64 + SALT_LEN + 1 + 4;
/// Length of a leaf's salt (SPEC.md 18.2).
pub const SALT_LEN: usize = 32;
/// Length of a verifying key record (SPEC.md 18.6).
pub const VERIFYING_KEY_RECORD_LEN: usize = 3 + 4 + 8 + 8 + 32;
/// Longest path: the depth of a tree of `2^32 - 1` leaves.
pub const MAX_PATH_LEN: usize = 32;
/// Receipts a [`ReceiptBatcher`] holds by default.
pub const DEFAULT_BATCH_CAPACITY: usize = 256;

/// Why `bytes`, whose first byte is not `kind`, is not the `expected`
/// encoding (SPEC.md 18.4 and 18.6, step 1): [`Error::WrongEncoding`] for
/// another encoding of this crate, told apart by its first byte or label;
/// otherwise [`Error::Malformed`] at the kind byte.
pub(crate) fn not_this_encoding(bytes: &[u8], expected: &'static str) -> crate::Error {
    use crate::wire;
    let found = match bytes.first() {
        Some(&wire::REPORT_VERSION) => "report",
        Some(&wire::CONVERSATION_REPORT_VERSION) => "conversation report",
        Some(&wire::RECEIPT_KIND) => "receipt",
        Some(&wire::KEY_RECORD_KIND) => "key record",
        Some(&SIGNED_RECEIPT_KIND) => "signed receipt",
        Some(&VERIFYING_KEY_KIND) => "verifying key record",
        _ if bytes.starts_with(wire::MEDIA_REPORT_LABEL) => "media report",
        _ if bytes.starts_with(wire::SUBMISSION_LABEL) => "submission",
        _ => {
            return crate::Error::Malformed {
                field: "kind",
                offset: 0,
            };
        }
    };
    crate::Error::WrongEncoding { expected, found }
}
