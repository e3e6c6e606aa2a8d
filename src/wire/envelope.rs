//! The envelope, sender to recipient (SPEC.md section 5.4): 88 bytes.

use super::{ENVELOPE_LEN, Reader};
use crate::Error;
use crate::commitment::FrankingTag;
use crate::envelope::{Envelope, IntegrityTag, Nonce};

impl Envelope {
    /// `nonce || franking tag || integrity tag`, 88 bytes.
    pub fn to_bytes(&self) -> [u8; ENVELOPE_LEN] {
        let mut out = [0u8; ENVELOPE_LEN];
        out[..24].copy_from_slice(self.nonce().as_bytes());
        out[24..56].copy_from_slice(self.franking_tag().as_bytes());
        out[56..].copy_from_slice(self.integrity_tag().as_bytes());
        out
    }

    /// Parses 88 bytes; [`Error::Malformed`] for any other length.
    pub fn decode(bytes: &[u8]) -> Result<Self, Error> {
        let mut r = Reader::new(bytes);
        let nonce = Nonce::from_bytes(*r.array("nonce")?);
        let franking_tag = FrankingTag::from_bytes(*r.array("franking tag")?);
        let integrity_tag = IntegrityTag::from_bytes(*r.array("integrity tag")?);
        r.finish()?;
        Ok(Envelope::new(nonce, franking_tag, integrity_tag))
    }
}
