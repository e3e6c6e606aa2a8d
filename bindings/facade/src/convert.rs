//! Owned bytes to the crate's fixed-size types, each length checked.

use franking::{Envelope, FrankingTag, MessageKey, Nonce, Opening, Stamp};
use zeroize::Zeroizing;

use crate::error::{FrankingError, Result};
use crate::records::Suite;

/// `bytes` as an array of `N`, or [`FrankingError::BadLength`] naming `what`.
pub(crate) fn array<const N: usize>(what: &str, bytes: &[u8]) -> Result<[u8; N]> {
    bytes
        .try_into()
        .map_err(|_| FrankingError::bad_length(what, N, bytes.len()))
}

/// A message key of `suite` from 32 bytes; the copy made here is wiped.
pub(crate) fn message_key(suite: Suite, key: &[u8]) -> Result<MessageKey> {
    let bytes = Zeroizing::new(array::<32>("message key", key)?);
    Ok(MessageKey::with_suite(suite.into(), *bytes))
}

pub(crate) fn nonce(bytes: &[u8]) -> Result<Nonce> {
    Ok(Nonce::from_bytes(array("nonce", bytes)?))
}

pub(crate) fn franking_tag(bytes: &[u8]) -> Result<FrankingTag> {
    Ok(FrankingTag::from_bytes(array("franking tag", bytes)?))
}

pub(crate) fn opening(bytes: &[u8]) -> Result<Opening> {
    let bytes = Zeroizing::new(array::<32>("opening", bytes)?);
    Ok(Opening::from_bytes(*bytes))
}

pub(crate) fn envelope(bytes: &[u8]) -> Result<Envelope> {
    Ok(Envelope::decode(bytes)?)
}

pub(crate) fn stamp(bytes: &[u8]) -> Result<Stamp> {
    Ok(Stamp::decode(bytes)?)
}
