//! The stamp, platform to recipient (SPEC.md section 5.5): 36 bytes.

use super::{Reader, STAMP_LEN};
use crate::Error;
use crate::key_id::KeyId;
use crate::stamp::{Stamp, StampMac};

impl Stamp {
    /// `u32(key id) || mac`, 36 bytes.
    pub fn to_bytes(&self) -> [u8; STAMP_LEN] {
        let mut out = [0u8; STAMP_LEN];
        out[..4].copy_from_slice(&self.key_id().get().to_be_bytes());
        out[4..].copy_from_slice(self.mac().as_bytes());
        out
    }

    /// Parses 36 bytes; [`Error::Malformed`] for any other length.
    pub fn decode(bytes: &[u8]) -> Result<Self, Error> {
        let mut r = Reader::new(bytes);
        let stamp = Self::read(&mut r)?;
        r.finish()?;
        Ok(stamp)
    }

    pub(crate) fn read(r: &mut Reader<'_>) -> Result<Self, Error> {
        let key_id = KeyId::new(r.u32("key id")?);
        let mac = StampMac::from_bytes(*r.array("stamp MAC")?);
        Ok(Stamp::new(key_id, mac))
    }
}
