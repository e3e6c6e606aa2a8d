//! The platform's signing keys and the verifying keys recipients hold
//! (SPEC.md 18.6).

use ed25519_dalek::{Signer, SigningKey, VerifyingKey};
use rand_core::CryptoRng;
use zeroize::Zeroize;

use super::{SUITE_ED25519, VERIFYING_KEY_KIND, VERIFYING_KEY_RECORD_LEN, VERIFYING_KEY_VERSION};
use crate::Error;
use crate::key_id::KeyId;
use crate::platform::KeyInterval;
use crate::secret::secret_bytes;
use crate::wire::Reader;

/// 32 equal bytes, checked without a branch on the secret: the OR of
/// every byte's difference from the first.
fn is_weak(seed: &[u8; 32]) -> bool {
    let first = seed.first().copied().unwrap_or(0);
    let diff = seed.iter().fold(0u8, |d, b| d | (b ^ first));
    crate::ct::declassify(subtle::ConstantTimeEq::ct_eq(&diff, &0u8))
}

secret_bytes!(
    /// The 32-byte Ed25519 seed of a [`ReceiptSigningKey`] (RFC 8032's
    /// private key), to store it: wiped on drop, never printed.
    ReceiptSigningSeed,
    32
);

/// A platform's Ed25519 key for signing receipt batches, with its id and
/// the interval (seconds) during which it signs (SPEC.md 18.6). Not a
/// platform stamping key: it never stamps, and stamping keys never sign.
///
/// The secret is wiped on drop (by `ed25519-dalek`) and never printed.
pub struct ReceiptSigningKey {
    id: KeyId,
    interval: KeyInterval,
    key: SigningKey,
}

impl ReceiptSigningKey {
    /// A signing key from its 32-byte seed; wipes `seed`. [`Error::WeakKey`]
    /// for 32 equal bytes (an unset secret or a broken RNG, never a random
    /// seed).
    pub fn from_seed(id: KeyId, interval: KeyInterval, seed: &mut [u8; 32]) -> Result<Self, Error> {
        let weak = is_weak(seed);
        let key = SigningKey::from_bytes(seed);
        seed.zeroize();
        if weak {
            return Err(Error::WeakKey { key_id: id });
        }
        Ok(Self { id, interval, key })
    }

    /// Draws a fresh signing key from a cryptographic RNG.
    /// [`Error::WeakKey`] if the RNG returns 32 equal bytes.
    pub fn generate<R: CryptoRng + ?Sized>(
        id: KeyId,
        interval: KeyInterval,
        rng: &mut R,
    ) -> Result<Self, Error> {
        let mut seed = ReceiptSigningSeed::generate(rng);
        let mut bytes = *seed.as_bytes();
        seed.zeroize();
        Self::from_seed(id, interval, &mut bytes)
    }

    /// The key's id.
    pub fn id(&self) -> KeyId {
        self.id
    }

    /// The seconds during which the key signs.
    pub fn interval(&self) -> KeyInterval {
        self.interval
    }

    /// The seed, to store the key (encrypted at rest, like the key itself).
    pub fn export_seed(&self) -> ReceiptSigningSeed {
        ReceiptSigningSeed::from_bytes(self.key.to_bytes())
    }

    /// The public half, with the id and interval: what the platform
    /// publishes for recipients (SPEC.md 18.6).
    pub fn verifying_key(&self) -> ReceiptVerifyingKey {
        ReceiptVerifyingKey {
            id: self.id,
            interval: self.interval,
            key: self.key.verifying_key(),
        }
    }

    /// Closes the interval at `at` seconds (never extends it): a rotation
    /// at `at`. [`Error::InvalidInterval`] if `at` is before `not_before`.
    pub fn close_at(&mut self, at: u64) -> Result<(), Error> {
        self.interval = self.interval.closed_at(at)?;
        Ok(())
    }

    /// Ed25519 over the signed bytes of a batch.
    pub(crate) fn sign(&self, tbs: &[u8]) -> [u8; 64] {
        self.key.sign(tbs).to_bytes()
    }
}

impl core::fmt::Debug for ReceiptSigningKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ReceiptSigningKey")
            .field("id", &self.id)
            .field("interval", &self.interval)
            .field("secret", &"<redacted>")
            .finish()
    }
}

/// A platform's public Ed25519 key for receipt batches, with its id and
/// interval: what a recipient holds to verify signed receipts, learnt from
/// the 55-byte records the platform publishes (SPEC.md 18.6).
///
/// Built only from a point that decodes canonically and has no small
/// order, so a verifier never holds a key under which anyone can sign.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReceiptVerifyingKey {
    id: KeyId,
    interval: KeyInterval,
    key: VerifyingKey,
}

impl ReceiptVerifyingKey {
    /// A verifying key from its 32-byte Ed25519 public key. [`Error::WeakKey`]
    /// if the bytes are not the canonical encoding of a point, or encode a
    /// point of small order.
    pub fn new(id: KeyId, interval: KeyInterval, public_key: &[u8; 32]) -> Result<Self, Error> {
        let weak = Error::WeakKey { key_id: id };
        let key = VerifyingKey::from_bytes(public_key).map_err(|_| weak)?;
        if key.is_weak() || key.to_edwards().compress().to_bytes() != *public_key {
            return Err(weak);
        }
        Ok(Self { id, interval, key })
    }

    /// The key's id.
    pub fn id(&self) -> KeyId {
        self.id
    }

    /// The seconds during which the key signs.
    pub fn interval(&self) -> KeyInterval {
        self.interval
    }

    /// The 32-byte Ed25519 public key.
    pub fn public_key(&self) -> [u8; 32] {
        self.key.to_bytes()
    }

    /// Closes the interval at `at` seconds, never extending it (a record
    /// that closes the key, SPEC.md 18.6). [`Error::InvalidInterval`] if
    /// `at` is before `not_before`.
    pub fn close_at(&mut self, at: u64) -> Result<(), Error> {
        self.interval = self.interval.closed_at(at)?;
        Ok(())
    }

    /// Whether `signature` is Ed25519's over `tbs` under this key
    /// (cofactorless, `s < L`, `R` compared as bytes: SPEC.md 18.7 step 5).
    pub(crate) fn verifies(&self, tbs: &[u8], signature: &[u8; 64]) -> bool {
        use ed25519_dalek::Verifier;
        self.key
            .verify(tbs, &ed25519_dalek::Signature::from_bytes(signature))
            .is_ok()
    }

    /// The 55-byte verifying key record (SPEC.md 18.6).
    pub fn to_bytes(&self) -> [u8; VERIFYING_KEY_RECORD_LEN] {
        let mut out = [0u8; VERIFYING_KEY_RECORD_LEN];
        let fields: [&[u8]; 5] = [
            &[VERIFYING_KEY_KIND, VERIFYING_KEY_VERSION, SUITE_ED25519],
            &self.id.get().to_be_bytes(),
            &self.interval.not_before().to_be_bytes(),
            &self.interval.not_after().to_be_bytes(),
            self.key.as_bytes(),
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

    /// Parses a verifying key record (SPEC.md 18.6), the first failing step
    /// deciding: [`Error::WrongEncoding`] for another encoding of this crate
    /// (a signed receipt, a receipt, ...); [`Error::Malformed`] for any
    /// other kind byte, a missing field, an unknown suite or trailing bytes;
    /// [`Error::UnsupportedVersion`]; [`Error::InvalidInterval`];
    /// [`Error::WeakKey`] for a public key that is not a canonical point of
    /// large order.
    ///
    /// Parsing authenticates nothing: a record carries no signature, and
    /// anyone can make one. Decode only records that came over a channel
    /// authenticated as the platform they are for (SPEC.md 18.6).
    pub fn decode(bytes: &[u8]) -> Result<Self, Error> {
        let mut r = Reader::new(bytes);
        if r.u8("kind")? != VERIFYING_KEY_KIND {
            return Err(super::not_this_encoding(bytes, "verifying key record"));
        }
        match r.u8("version")? {
            VERIFYING_KEY_VERSION => {}
            version => return Err(Error::UnsupportedVersion { version }),
        }
        if r.u8("suite")? != SUITE_ED25519 {
            return Err(Error::Malformed {
                field: "suite",
                offset: 2,
            });
        }
        let id = KeyId::new(r.u32("key id")?);
        let not_before = r.u64("not before")?;
        let not_after = r.u64("not after")?;
        let public_key = r.array::<32>("public key")?;
        r.finish()?;
        Self::new(id, KeyInterval::new(not_before, not_after)?, public_key)
    }
}
