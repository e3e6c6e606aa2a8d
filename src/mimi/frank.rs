//! The hub's frank (SPEC.md 17.5 to 17.7): the server frank
//! `HMAC-SHA256(hub_key, franking_tag || context)`, the integrity signature
//! over `FrankingIntegrityTBS`, and the `Frank` that carries both.

use core::fmt;

use subtle::{Choice, ConstantTimeEq};

use super::codec::{Reader, Writer, sum, vector_len};
use super::context::ServerFrankingContext;
use super::signature::{CipherSuite, HubSigningKey, HubVerifyingKey, Signature};
use super::tag::FrankingTag;
use crate::Error;
use crate::secret::{ct_eq_bytes, public_bytes};
use crate::sha256::HmacKey;
use zeroize::Zeroize;

/// The label of the integrity signature: `SignWithLabel(..,
/// "FrankingIntegrityTBS", ..)`.
pub const FRANKING_INTEGRITY_LABEL: &[u8] = b"FrankingIntegrityTBS";

public_bytes!(
    /// The server frank: `HMAC-SHA256(hub_key, franking_tag || context)`.
    ServerFrank,
    32
);

/// The hub's secret frank key (`hub_key`, 32 bytes), with its HMAC key
/// schedule computed once. Secret: wiped on drop, `Debug` redacted,
/// compared in constant time (by the key schedule, which the key determines).
pub struct HubKey {
    key: HmacKey,
    /// The 32 bytes, kept to compare and store keys; wiped on drop.
    bytes: [u8; 32],
}

impl HubKey {
    /// Loads a hub key from its 32 secret bytes. The caller's copy is
    /// theirs to wipe.
    pub fn from_bytes(bytes: &[u8; 32]) -> Self {
        Self {
            key: HmacKey::new(bytes),
            bytes: *bytes,
        }
    }

    /// Draws a fresh hub key from a cryptographic RNG.
    pub fn generate<R: rand_core::CryptoRng + ?Sized>(rng: &mut R) -> Self {
        let mut bytes = [0u8; 32];
        rng.fill_bytes(&mut bytes);
        let key = Self::from_bytes(&bytes);
        bytes.zeroize();
        key
    }

    /// The secret bytes, to store. Handle with care.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.bytes
    }

    /// `HMAC-SHA256(hub_key, franking_tag || context)`; the caller checked
    /// the context's length.
    pub(crate) fn server_frank_unchecked(
        &self,
        tag: &FrankingTag,
        context: &ServerFrankingContext<'_>,
    ) -> ServerFrank {
        let mut inner = self.key.start();
        inner.update(tag.as_bytes());
        context.feed(&mut |b: &[u8]| inner.update(b));
        ServerFrank::from_bytes(self.key.finish(inner))
    }

    /// The server frank of a message with `tag` in `context` (SPEC.md 17.5).
    pub fn server_frank(
        &self,
        tag: &FrankingTag,
        context: &ServerFrankingContext<'_>,
    ) -> Result<ServerFrank, Error> {
        context.encoded_len()?;
        Ok(self.server_frank_unchecked(tag, context))
    }
}

impl ConstantTimeEq for HubKey {
    fn ct_eq(&self, other: &Self) -> Choice {
        ct_eq_bytes(&self.bytes, &other.bytes)
    }
}

impl Drop for HubKey {
    fn drop(&mut self) {
        self.bytes.zeroize();
    }
}

impl PartialEq for HubKey {
    fn eq(&self, other: &Self) -> bool {
        self.ct_eq(other).into()
    }
}

impl Eq for HubKey {}

impl fmt::Debug for HubKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("HubKey(<redacted>)")
    }
}

/// Bytes of `FrankingIntegrityTBS` for a context of `context_len` bytes.
fn tbs_len(context_len: usize) -> usize {
    context_len.saturating_add(32 + 2)
}

/// Feeds `FrankingIntegrityTBS = server_frank || u16(suite) || context`.
fn feed_tbs(
    server_frank: &ServerFrank,
    suite: u16,
    context: &ServerFrankingContext<'_>,
    sink: &mut dyn FnMut(&[u8]),
) {
    sink(server_frank.as_bytes());
    sink(&suite.to_be_bytes());
    context.feed(&mut |b: &[u8]| sink(b));
}

/// `FrankingIntegrityTBS` (SPEC.md 17.6) written into `out`, returning its
/// length: for vectors and other implementations to compare with.
pub fn franking_integrity_tbs(
    server_frank: &ServerFrank,
    suite: u16,
    context: &ServerFrankingContext<'_>,
    out: &mut [u8],
) -> Result<usize, Error> {
    let needed = tbs_len(context.encoded_len()?);
    let mut w = Writer::new(out, needed)?;
    w.put(server_frank.as_bytes())?;
    w.put(&suite.to_be_bytes())?;
    context.write(&mut w)?;
    Ok(w.finish())
}

/// A frank as the wire carries it, borrowed from the bytes it was decoded
/// from: `server_frank || u16(suite) || V(signature)` (SPEC.md 17.7).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Frank<'a> {
    /// The server frank.
    pub server_frank: ServerFrank,
    /// `franking_signature_ciphersuite`: the MLS cipher suite number, which
    /// may be one this profile does not support (then nothing verifies).
    pub cipher_suite: u16,
    /// `franking_integrity_signature`.
    pub signature: &'a [u8],
}

impl<'a> Frank<'a> {
    /// Exact bytes of the encoding.
    pub fn encoded_len(&self) -> Result<usize, Error> {
        Ok(sum(&[
            32,
            2,
            vector_len("signature", self.signature.len())?,
        ]))
    }

    /// Writes the encoding into `out`, returning its length.
    pub fn encode_into(&self, out: &mut [u8]) -> Result<usize, Error> {
        let mut w = Writer::new(out, self.encoded_len()?)?;
        self.write(&mut w)?;
        Ok(w.finish())
    }

    pub(crate) fn write(&self, w: &mut Writer<'_>) -> Result<(), Error> {
        w.put(self.server_frank.as_bytes())?;
        w.put(&self.cipher_suite.to_be_bytes())?;
        w.vector("signature", self.signature)
    }

    /// Decodes a `Frank` that fills `bytes` exactly (structure only; the
    /// signature is checked by verification).
    pub fn decode(bytes: &'a [u8]) -> Result<Self, Error> {
        let mut r = Reader::new(bytes);
        let frank = Self::read(&mut r)?;
        r.finish()?;
        Ok(frank)
    }

    pub(crate) fn read(r: &mut Reader<'a>) -> Result<Self, Error> {
        Ok(Self {
            server_frank: ServerFrank::from_bytes(*r.array::<32>("server_frank")?),
            cipher_suite: r.u16("cipher_suite")?,
            signature: r.vector("signature")?,
        })
    }

    /// Checks the integrity signature with `key` for `context`: `Invalid`
    /// unless the frank names `key`'s suite and the signature verifies.
    pub fn verify_signature(
        &self,
        key: &HubVerifyingKey,
        context: &ServerFrankingContext<'_>,
    ) -> Result<(), Error> {
        let context_len = context.encoded_len().map_err(|_| Error::Invalid)?;
        let suite_ok = self.cipher_suite == key.suite().to_u16();
        let (server_frank, suite) = (self.server_frank, self.cipher_suite);
        let signature_ok = key
            .verify_fed(
                FRANKING_INTEGRITY_LABEL,
                tbs_len(context_len),
                &|sink: &mut dyn FnMut(&[u8])| feed_tbs(&server_frank, suite, context, sink),
                self.signature,
            )
            .is_ok();
        if suite_ok && signature_ok {
            Ok(())
        } else {
            Err(Error::Invalid)
        }
    }
}

/// A frank the hub made: the server frank, the suite and the signature,
/// held inline (public data).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SignedFrank {
    /// The server frank.
    pub server_frank: ServerFrank,
    /// The suite the signature is for.
    pub cipher_suite: CipherSuite,
    /// `franking_integrity_signature`.
    pub signature: Signature,
}

impl SignedFrank {
    /// The hub's frank of a message with `tag` in `context` (SPEC.md 17.5,
    /// 17.6): the server frank under `hub_key`, signed with `signing_key`
    /// under its suite.
    pub fn new(
        hub_key: &HubKey,
        signing_key: &HubSigningKey,
        tag: &FrankingTag,
        context: &ServerFrankingContext<'_>,
    ) -> Result<Self, Error> {
        let context_len = context.encoded_len()?;
        let server_frank = hub_key.server_frank_unchecked(tag, context);
        let suite = signing_key.suite();
        let signature = signing_key.sign_fed(
            FRANKING_INTEGRITY_LABEL,
            tbs_len(context_len),
            &|sink: &mut dyn FnMut(&[u8])| feed_tbs(&server_frank, suite.to_u16(), context, sink),
        )?;
        Ok(Self {
            server_frank,
            cipher_suite: suite,
            signature,
        })
    }

    /// The frank as the wire carries it.
    pub fn as_frank(&self) -> Frank<'_> {
        Frank {
            server_frank: self.server_frank,
            cipher_suite: self.cipher_suite.to_u16(),
            signature: self.signature.as_bytes(),
        }
    }
}
