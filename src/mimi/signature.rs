//! MLS `SignWithLabel` (RFC 9420 section 5.1.2) under the group cipher
//! suite's signature scheme (SPEC.md 17.6): Ed25519 for suites 1 and 3,
//! ECDSA P-256 with SHA-256 for suite 2 (RFC 6979 deterministic nonces when
//! signing, strict DER on the wire).
//!
//! The signed bytes `SignContent = V("MLS 1.0 " + label) || V(content)` are
//! fed to the hash in pieces, never assembled: signing and verifying a frank
//! allocate nothing and need no buffer, whatever the URIs' lengths.

use core::fmt;

use ed25519_dalek::hazmat::{ExpandedSecretKey, raw_sign_byupdate};
use p256::ecdsa::signature::{DigestSigner, DigestVerifier};
use sha2::Digest;
use subtle::ConstantTimeEq;
use zeroize::Zeroize;

use super::codec::{feed_varint, varint_len};
use crate::Error;

/// A content fed to a sink in pieces: called once per hash pass.
pub(crate) type Feed<'a> = dyn Fn(&mut dyn FnMut(&[u8])) + 'a;

/// The prefix RFC 9420 puts before every label.
pub const MLS_LABEL_PREFIX: &[u8; 8] = b"MLS 1.0 ";

/// Longest signature of a supported suite: a DER ECDSA P-256 signature.
pub const MAX_SIGNATURE_LEN: usize = 72;

/// An MLS cipher suite this profile signs and verifies with (SPEC.md 17.6).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CipherSuite {
    /// 1: `MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519`.
    X25519Aes128GcmEd25519,
    /// 2: `MLS_128_DHKEMP256_AES128GCM_SHA256_P256`.
    P256Aes128GcmP256,
    /// 3: `MLS_128_DHKEMX25519_CHACHA20POLY1305_SHA256_Ed25519`.
    X25519ChaCha20Poly1305Ed25519,
}

/// The signature scheme of a cipher suite.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SignatureScheme {
    /// Ed25519 (RFC 8032, pure).
    Ed25519,
    /// ECDSA over P-256 with SHA-256, DER-encoded.
    EcdsaP256Sha256,
}

impl CipherSuite {
    /// The suite with MLS number `value`, if this profile supports it.
    pub const fn from_u16(value: u16) -> Option<Self> {
        match value {
            1 => Some(Self::X25519Aes128GcmEd25519),
            2 => Some(Self::P256Aes128GcmP256),
            3 => Some(Self::X25519ChaCha20Poly1305Ed25519),
            _ => None,
        }
    }

    /// The suite's MLS number, as the wire carries it.
    pub const fn to_u16(self) -> u16 {
        match self {
            Self::X25519Aes128GcmEd25519 => 1,
            Self::P256Aes128GcmP256 => 2,
            Self::X25519ChaCha20Poly1305Ed25519 => 3,
        }
    }

    /// The suite's signature scheme.
    pub const fn scheme(self) -> SignatureScheme {
        match self {
            Self::P256Aes128GcmP256 => SignatureScheme::EcdsaP256Sha256,
            _ => SignatureScheme::Ed25519,
        }
    }
}

/// A signature of a supported suite, held inline (at most 72 bytes).
#[derive(Clone, Copy)]
pub struct Signature {
    bytes: [u8; MAX_SIGNATURE_LEN],
    len: usize,
}

impl Signature {
    fn new(bytes: &[u8]) -> Self {
        let mut out = [0u8; MAX_SIGNATURE_LEN];
        let len = bytes.len().min(MAX_SIGNATURE_LEN);
        if let (Some(dst), Some(src)) = (out.get_mut(..len), bytes.get(..len)) {
            dst.copy_from_slice(src);
        }
        Self { bytes: out, len }
    }

    /// The signature's bytes, as `franking_integrity_signature` carries them.
    pub fn as_bytes(&self) -> &[u8] {
        self.bytes.get(..self.len).unwrap_or_default()
    }
}

impl PartialEq for Signature {
    fn eq(&self, other: &Self) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl Eq for Signature {}

impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Signature(")?;
        for b in self.as_bytes() {
            write!(f, "{b:02x}")?;
        }
        f.write_str(")")
    }
}

enum SigningInner {
    Ed25519(ed25519_dalek::SigningKey),
    P256(p256::ecdsa::SigningKey),
}

/// The hub's franking signing key (`franking_private_key`), for one suite.
/// Secret: wiped on drop (by the curve crates), `Debug` redacted, compared
/// in constant time.
pub struct HubSigningKey {
    suite: CipherSuite,
    inner: SigningInner,
}

impl HubSigningKey {
    /// Loads a key for `suite` from its 32 secret bytes: an Ed25519 seed, or
    /// a P-256 scalar (big-endian, nonzero, below the group order; else
    /// `Malformed`). The caller's copy is theirs to wipe.
    pub fn from_bytes(suite: CipherSuite, secret: &[u8; 32]) -> Result<Self, Error> {
        let inner =
            match suite.scheme() {
                SignatureScheme::Ed25519 => {
                    SigningInner::Ed25519(ed25519_dalek::SigningKey::from_bytes(secret))
                }
                SignatureScheme::EcdsaP256Sha256 => SigningInner::P256(
                    p256::ecdsa::SigningKey::from_slice(secret).map_err(|_| Error::Malformed {
                        field: "signing key",
                        offset: 0,
                    })?,
                ),
            };
        Ok(Self { suite, inner })
    }

    /// The suite this key signs for.
    pub fn suite(&self) -> CipherSuite {
        self.suite
    }

    /// The public key (`franking_signature_key`) members verify with.
    pub fn verifying_key(&self) -> HubVerifyingKey {
        let inner = match &self.inner {
            SigningInner::Ed25519(k) => VerifyingInner::Ed25519(k.verifying_key()),
            SigningInner::P256(k) => VerifyingInner::P256(*k.verifying_key()),
        };
        HubVerifyingKey {
            suite: self.suite,
            inner,
        }
    }

    /// `SignWithLabel(self, label, content)` (RFC 9420 section 5.1.2), for
    /// a `label` and `content` shorter than `2^30` bytes (else `TooLong`).
    pub fn sign_with_label(&self, label: &[u8], content: &[u8]) -> Result<Signature, Error> {
        self.sign_fed(label, content.len(), &|sink: &mut dyn FnMut(&[u8])| {
            sink(content)
        })
    }

    /// Signs the `SignContent` of `label` and a content of `content_len`
    /// bytes that `content` feeds in pieces.
    pub(crate) fn sign_fed(
        &self,
        label: &[u8],
        content_len: usize,
        content: &Feed<'_>,
    ) -> Result<Signature, Error> {
        check_lengths(label, content_len)?;
        let feed =
            |sink: &mut dyn FnMut(&[u8])| feed_sign_content(label, content_len, content, sink);
        match &self.inner {
            SigningInner::Ed25519(key) => {
                let mut seed = key.to_bytes();
                let expanded = ExpandedSecretKey::from(&seed);
                seed.zeroize();
                let signature = raw_sign_byupdate::<sha2::Sha512, _>(
                    &expanded,
                    |h: &mut sha2::Sha512| {
                        feed(&mut |b: &[u8]| h.update(b));
                        Ok(())
                    },
                    &key.verifying_key(),
                )
                .map_err(|_| Error::Invalid)?;
                Ok(Signature::new(&signature.to_bytes()))
            }
            SigningInner::P256(key) => {
                let signature: p256::ecdsa::Signature = key
                    .try_sign_digest(|h: &mut sha2::Sha256| {
                        feed(&mut |b: &[u8]| h.update(b));
                        Ok(())
                    })
                    .map_err(|_| Error::Invalid)?;
                let (r, s) = signature.split_bytes();
                let mut der = [0u8; MAX_SIGNATURE_LEN];
                let len = der_encode(&r.into(), &s.into(), &mut der);
                Ok(Signature::new(der.get(..len).unwrap_or_default()))
            }
        }
    }
}

impl ConstantTimeEq for HubSigningKey {
    fn ct_eq(&self, other: &Self) -> subtle::Choice {
        let (mut a, mut b) = (self.secret_bytes(), other.secret_bytes());
        let same = crate::secret::ct_eq_bytes(&a, &b)
            & subtle::Choice::from(u8::from(self.suite == other.suite));
        a.zeroize();
        b.zeroize();
        same
    }
}

impl HubSigningKey {
    fn secret_bytes(&self) -> [u8; 32] {
        match &self.inner {
            SigningInner::Ed25519(k) => k.to_bytes(),
            SigningInner::P256(k) => k.to_bytes().into(),
        }
    }
}

impl PartialEq for HubSigningKey {
    fn eq(&self, other: &Self) -> bool {
        self.ct_eq(other).into()
    }
}

impl Eq for HubSigningKey {}

impl fmt::Debug for HubSigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HubSigningKey({:?}, <redacted>)", self.suite)
    }
}

#[derive(Clone, Copy)]
enum VerifyingInner {
    Ed25519(ed25519_dalek::VerifyingKey),
    P256(p256::ecdsa::VerifyingKey),
}

/// The hub's franking verifying key (`franking_signature_key`), for one
/// suite: what the `franking_agent` GroupContext component carries.
#[derive(Clone, Copy)]
pub struct HubVerifyingKey {
    suite: CipherSuite,
    inner: VerifyingInner,
}

/// Bytes of an uncompressed SEC1 P-256 point.
const P256_POINT_LEN: usize = 65;

impl HubVerifyingKey {
    /// Loads a public key for `suite`: 32 bytes for Ed25519 (a point in the
    /// prime-order subgroup, not the identity, canonically encoded: `y`
    /// below `2^255 - 19`, so every key has exactly one encoding), 65 bytes
    /// `04 || x || y` for P-256 (on the curve). Anything else is
    /// `Malformed`.
    pub fn from_bytes(suite: CipherSuite, bytes: &[u8]) -> Result<Self, Error> {
        let bad = Error::Malformed {
            field: "verifying key",
            offset: 0,
        };
        let inner = match suite.scheme() {
            SignatureScheme::Ed25519 => {
                let bytes = <&[u8; 32]>::try_from(bytes).map_err(|_| bad)?;
                let key = ed25519_dalek::VerifyingKey::from_bytes(bytes).map_err(|_| bad)?;
                let point = key.to_edwards();
                // dalek hashes `A` as given: a key that other encodings
                // also name would verify differently elsewhere (one that
                // reduces `y`, or refuses it), so only the canonical one
                // loads; and only a point of the prime-order subgroup, on
                // which cofactored and cofactorless verification agree.
                if key.is_weak()
                    || point.compress().to_bytes() != *bytes
                    || !point.is_torsion_free()
                {
                    return Err(bad);
                }
                VerifyingInner::Ed25519(key)
            }
            SignatureScheme::EcdsaP256Sha256 => {
                if bytes.len() != P256_POINT_LEN || bytes.first() != Some(&0x04) {
                    return Err(bad);
                }
                VerifyingInner::P256(
                    p256::ecdsa::VerifyingKey::from_sec1_bytes(bytes).map_err(|_| bad)?,
                )
            }
        };
        Ok(Self { suite, inner })
    }

    /// The suite this key verifies for.
    pub fn suite(&self) -> CipherSuite {
        self.suite
    }

    /// The key's bytes: 32 for Ed25519, 65 (uncompressed) for P-256.
    pub fn to_bytes(&self) -> ([u8; P256_POINT_LEN], usize) {
        let mut out = [0u8; P256_POINT_LEN];
        match &self.inner {
            VerifyingInner::Ed25519(k) => {
                if let Some(head) = out.first_chunk_mut::<32>() {
                    *head = k.to_bytes();
                }
                (out, 32)
            }
            VerifyingInner::P256(k) => {
                let point = k.to_sec1_point(false);
                let bytes = point.as_bytes();
                if let Some(dst) = out.get_mut(..bytes.len()) {
                    dst.copy_from_slice(bytes);
                }
                (out, bytes.len())
            }
        }
    }

    /// `VerifyWithLabel(self, label, content, signature)`: `Invalid` unless
    /// the signature is valid.
    pub fn verify_with_label(
        &self,
        label: &[u8],
        content: &[u8],
        signature: &[u8],
    ) -> Result<(), Error> {
        self.verify_fed(
            label,
            content.len(),
            &|sink: &mut dyn FnMut(&[u8])| sink(content),
            signature,
        )
    }

    pub(crate) fn verify_fed(
        &self,
        label: &[u8],
        content_len: usize,
        content: &Feed<'_>,
        signature: &[u8],
    ) -> Result<(), Error> {
        check_lengths(label, content_len).map_err(|_| Error::Invalid)?;
        let feed =
            |sink: &mut dyn FnMut(&[u8])| feed_sign_content(label, content_len, content, sink);
        match &self.inner {
            VerifyingInner::Ed25519(key) => {
                let signature =
                    ed25519_dalek::Signature::from_slice(signature).map_err(|_| Error::Invalid)?;
                let mut verifier = key.verify_stream(&signature).map_err(|_| Error::Invalid)?;
                feed(&mut |b: &[u8]| verifier.update(b));
                verifier.finalize_and_verify().map_err(|_| Error::Invalid)
            }
            VerifyingInner::P256(key) => {
                let (r, s) = der_decode(signature).ok_or(Error::Invalid)?;
                let signature =
                    p256::ecdsa::Signature::from_scalars(r, s).map_err(|_| Error::Invalid)?;
                key.verify_digest(
                    |h: &mut sha2::Sha256| {
                        feed(&mut |b: &[u8]| h.update(b));
                        Ok(())
                    },
                    &signature,
                )
                .map_err(|_| Error::Invalid)
            }
        }
    }
}

impl PartialEq for HubVerifyingKey {
    fn eq(&self, other: &Self) -> bool {
        self.suite == other.suite && self.to_bytes() == other.to_bytes()
    }
}

impl Eq for HubVerifyingKey {}

impl fmt::Debug for HubVerifyingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (bytes, len) = self.to_bytes();
        write!(f, "HubVerifyingKey({:?}, ", self.suite)?;
        for b in bytes.get(..len).unwrap_or_default() {
            write!(f, "{b:02x}")?;
        }
        f.write_str(")")
    }
}

fn check_lengths(label: &[u8], content_len: usize) -> Result<(), Error> {
    let label_len = MLS_LABEL_PREFIX.len().saturating_add(label.len());
    if varint_len(label_len).is_none() {
        return Err(Error::TooLong {
            field: "label",
            max: super::codec::MAX_VECTOR_LEN,
        });
    }
    if varint_len(content_len).is_none() {
        return Err(Error::TooLong {
            field: "content",
            max: super::codec::MAX_VECTOR_LEN,
        });
    }
    Ok(())
}

/// `SignContent`: `V("MLS 1.0 " + label) || V(content)`, fed in pieces.
fn feed_sign_content(
    label: &[u8],
    content_len: usize,
    content: &Feed<'_>,
    sink: &mut dyn FnMut(&[u8]),
) {
    let mut sink = |b: &[u8]| sink(b);
    feed_varint(
        MLS_LABEL_PREFIX.len().saturating_add(label.len()),
        &mut sink,
    );
    sink(MLS_LABEL_PREFIX);
    sink(label);
    feed_varint(content_len, &mut sink);
    content(&mut sink);
}

/// Minimal DER INTEGER of a 32-byte big-endian unsigned value: leading
/// zeros dropped, one `00` put back if the top bit is set.
fn der_integer(value: &[u8; 32], out: &mut [u8]) -> usize {
    let skip = value.iter().take_while(|b| **b == 0).count().min(31);
    let digits = value.get(skip..).unwrap_or_default();
    let pad = usize::from(digits.first().is_some_and(|b| b & 0x80 != 0));
    // At most 32 digits plus one pad byte: `len` fits the short DER length.
    let len = digits.len() + pad;
    if let Some(head) = out.get_mut(..2) {
        head.copy_from_slice(&[0x02, len as u8]);
    }
    if let (1, Some(b)) = (pad, out.get_mut(2)) {
        *b = 0;
    }
    if let Some(dst) = out.get_mut(2 + pad..2 + len) {
        dst.copy_from_slice(digits);
    }
    2 + len
}

/// `Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }` in DER.
pub(crate) fn der_encode(r: &[u8; 32], s: &[u8; 32], out: &mut [u8; MAX_SIGNATURE_LEN]) -> usize {
    let mut body = [0u8; MAX_SIGNATURE_LEN - 2];
    let rl = der_integer(r, &mut body);
    let sl = der_integer(s, body.get_mut(rl..).unwrap_or_default());
    // Two INTEGERs of at most 35 bytes each: `len` <= 70 fits one length
    // byte, and `out` is a fixed 72-byte array.
    let len = rl + sl;
    out[0] = 0x30;
    out[1] = len as u8;
    if let (Some(dst), Some(src)) = (out.get_mut(2..2 + len), body.get(..len)) {
        dst.copy_from_slice(src);
    }
    2 + len
}

/// Reads one strict DER INTEGER of at most 32 significant bytes.
fn der_read_integer(input: &[u8]) -> Option<([u8; 32], &[u8])> {
    let (&[tag, len], rest) = input.split_first_chunk::<2>()?;
    let len = usize::from(len);
    if tag != 0x02 || len == 0 || len > 0x7f {
        return None;
    }
    let (digits, rest) = rest.split_at_checked(len)?;
    let first = *digits.first()?;
    if first & 0x80 != 0 {
        return None; // negative
    }
    if first == 0 {
        // A leading zero only where the next byte's top bit is set.
        if digits.get(1).is_none_or(|b| b & 0x80 == 0) {
            return None;
        }
    }
    let digits = if first == 0 { digits.get(1..)? } else { digits };
    if digits.len() > 32 {
        return None;
    }
    let mut value = [0u8; 32];
    value.get_mut(32 - digits.len()..)?.copy_from_slice(digits);
    Some((value, rest))
}

/// Strict DER `Ecdsa-Sig-Value` to `(r, s)`; range checks (nonzero, below
/// the order) are the curve crate's.
pub(crate) fn der_decode(input: &[u8]) -> Option<([u8; 32], [u8; 32])> {
    let (&[tag, len], body) = input.split_first_chunk::<2>()?;
    if tag != 0x30 || len > 0x7f || usize::from(len) != body.len() {
        return None;
    }
    let (r, rest) = der_read_integer(body)?;
    let (s, rest) = der_read_integer(rest)?;
    rest.is_empty().then_some((r, s))
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::unwrap_used)]
mod tests {
    use super::*;

    fn int(v: u8) -> [u8; 32] {
        let mut out = [0u8; 32];
        out[31] = v;
        out
    }

    /// DER integers are minimal and positive; lengths short-form; nothing
    /// after the sequence. Each refusal is a distinct rule.
    #[test]
    fn der_signatures_are_read_strictly() {
        let ok = der_decode;
        assert_eq!(ok(&[0x30, 6, 2, 1, 1, 2, 1, 2]), Some((int(1), int(2))));
        assert_eq!(
            ok(&[0x30, 7, 2, 2, 0, 0x81, 2, 1, 2]),
            Some((int(0x81), int(2)))
        );
        assert_eq!(
            ok(&[0x30, 7, 2, 2, 0, 0x01, 2, 1, 2]),
            None,
            "redundant zero"
        );
        assert_eq!(ok(&[0x30, 6, 2, 1, 0x81, 2, 1, 2]), None, "negative");
        assert_eq!(ok(&[0x30, 5, 2, 0, 2, 1, 2]), None, "empty integer");
        assert_eq!(
            ok(&[0x30, 0x81, 6, 2, 1, 1, 2, 1, 2]),
            None,
            "long-form length"
        );
        assert_eq!(ok(&[0x30, 6, 2, 1, 1, 2, 1, 2, 0]), None, "trailing byte");
        assert_eq!(ok(&[0x30, 7, 2, 1, 1, 2, 1, 2, 0]), None, "byte after s");
        assert_eq!(ok(&[0x31, 6, 2, 1, 1, 2, 1, 2]), None, "not a sequence");
        assert_eq!(ok(&[0x30, 6, 3, 1, 1, 2, 1, 2]), None, "not an integer");
        let mut big = [0u8; 41];
        big[..6].copy_from_slice(&[0x30, 39, 2, 34, 0, 0x80]);
        big[38..].copy_from_slice(&[2, 1, 1]);
        assert_eq!(ok(&big), None, "33 significant bytes");
    }

    /// Encoding is minimal, within 72 bytes, and reads back.
    #[test]
    fn der_encoding_round_trips() {
        for (r, s) in [
            (int(1), int(0x80)),
            ([0xff; 32], [0x7f; 32]),
            ([0xff; 32], [0xff; 32]),
        ] {
            let mut out = [0u8; MAX_SIGNATURE_LEN];
            let n = der_encode(&r, &s, &mut out);
            assert_eq!(der_decode(&out[..n]), Some((r, s)));
        }
        let mut out = [0u8; MAX_SIGNATURE_LEN];
        assert_eq!(der_encode(&[0xff; 32], &[0xff; 32], &mut out), 72);
    }
}
