//! The client's side (SPEC.md 17.3): the salt, the franking tag
//! `HMAC-SHA256(salt, application_data)`, and the `frank_aad` Safe AAD item
//! that carries the tag in the MLS PrivateMessage's authenticated data.

use subtle::{Choice, ConstantTimeEq};
use zeroize::Zeroize;

use super::codec::{Reader, Writer};
use crate::Error;
use crate::secret::{public_bytes, secret_bytes};
use crate::sha256::HmacKey;

secret_bytes!(
    /// The 16-byte salt of a MIMI content message: the key of its franking
    /// tag. Secret until the message is reported.
    Salt,
    16
);

secret_bytes!(
    /// The 32-byte secret a client exports from MLS to derive salts from
    /// (`MLS-Exporter("salt_base_secret", "", 32)`, SPEC.md 17.3).
    SaltBaseSecret,
    32
);

public_bytes!(
    /// A MIMI franking tag, `HMAC-SHA256(salt, application_data)`: 32 bytes,
    /// compared in constant time.
    FrankingTag,
    32
);

/// Bytes of the `frank_aad` Safe AAD item: `u16` component id, `0x20`, tag.
pub const FRANK_AAD_ITEM_LEN: usize = 2 + 1 + 32;

impl SaltBaseSecret {
    /// `HMAC-SHA256(salt_base_secret, nonce)[0..16]`, the content draft's
    /// derivation (SPEC.md 17.3, ambiguity 4). `nonce` must never repeat
    /// under one secret.
    pub fn derive_salt(&self, nonce: &[u8]) -> Salt {
        let key = HmacKey::new(self.as_bytes());
        let mut inner = key.start();
        inner.update(nonce);
        let mut mac = key.finish(inner);
        let mut salt = Salt::zeroed();
        if let Some(head) = mac.first_chunk::<16>() {
            salt.bytes_mut().copy_from_slice(head);
        }
        mac.zeroize();
        salt
    }
}

/// HMAC's key schedule for the 16-byte salt: HMAC pads a short key with
/// zeros, so the 32-byte key block `salt || 0^16` is the same key.
fn salt_key(salt: &Salt) -> HmacKey {
    let mut block = [0u8; 32];
    if let Some(head) = block.first_chunk_mut::<16>() {
        head.copy_from_slice(salt.as_bytes());
    }
    let key = HmacKey::new(&block);
    block.zeroize();
    key
}

impl FrankingTag {
    /// The franking tag of `application_data`, the exact bytes MLS encrypts.
    pub fn compute(salt: &Salt, application_data: &[u8]) -> Self {
        let key = salt_key(salt);
        let mut inner = key.start();
        inner.update(application_data);
        Self(key.finish(inner))
    }

    /// Whether this is the tag of `application_data` under `salt`, in
    /// constant time.
    pub fn matches(&self, salt: &Salt, application_data: &[u8]) -> Choice {
        Self::compute(salt, application_data).ct_eq(self)
    }

    /// The `frank_aad` Safe AAD item for this tag: `u16(component_id) ||
    /// 0x20 || tag` (SPEC.md 17.3; the component id is still `TBD1`).
    pub fn frank_aad_item(&self, component_id: u16) -> [u8; FRANK_AAD_ITEM_LEN] {
        let mut out = [0u8; FRANK_AAD_ITEM_LEN];
        let _ = write_item(&mut out, component_id, self);
        out
    }

    /// Finds the `frank_aad` item with `component_id` in the `SafeAAD` at
    /// the start of an MLS `authenticated_data`, reading it strictly: a
    /// vector of items, each `u16 || V(data)`, ids strictly increasing;
    /// `frank_aad`'s data exactly 32 bytes. Returns the tag, if present, and
    /// the bytes after the `SafeAAD` (non-safe AAD, the caller's).
    pub fn find_in_safe_aad(
        authenticated_data: &[u8],
        component_id: u16,
    ) -> Result<(Option<Self>, &[u8]), Error> {
        let mut outer = Reader::new(authenticated_data);
        let mut items = outer.sub("safe aad")?;
        let rest_at = outer.offset();
        let rest = authenticated_data.get(rest_at..).unwrap_or_default();
        let mut found = None;
        let mut previous: Option<u16> = None;
        while !items.is_empty() {
            let at = items.clone();
            let id = items.u16("safe aad item")?;
            if previous.is_some_and(|p| id <= p) {
                return Err(at.malformed("safe aad item"));
            }
            previous = Some(id);
            let data_at = items.clone();
            let data = items.vector("safe aad item")?;
            if id == component_id {
                let tag = <[u8; 32]>::try_from(data).map_err(|_| data_at.malformed("frank_aad"))?;
                found = Some(Self(tag));
            }
        }
        Ok((found, rest))
    }
}

fn write_item(out: &mut [u8], component_id: u16, tag: &FrankingTag) -> Result<usize, Error> {
    let mut w = Writer::new(out, FRANK_AAD_ITEM_LEN)?;
    w.put(&component_id.to_be_bytes())?;
    w.vector("frank_aad", tag.as_bytes())?;
    Ok(w.finish())
}
