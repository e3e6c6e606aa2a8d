//! The platform's stamp on a franking tag.

pub use crate::key_id::KeyId;
use crate::secret::public_bytes;

public_bytes!(
    /// The 32-byte MAC of a [`Stamp`].
    StampMac,
    32
);

/// The platform's stamp on a franking tag: which key, and the MAC over the tag
/// and the delivery [`Context`](crate::Context). Encoded as 36 bytes, see [`Stamp::to_bytes`].
/// `Hash` and `Eq` cover the key id and the MAC: one delivery, one stamp.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Stamp {
    key_id: KeyId,
    mac: StampMac,
}

impl Stamp {
    /// Assembles a stamp from its parts as received.
    pub const fn new(key_id: KeyId, mac: StampMac) -> Self {
        Self { key_id, mac }
    }

    /// The platform key that made it.
    pub const fn key_id(&self) -> KeyId {
        self.key_id
    }

    /// The MAC.
    pub const fn mac(&self) -> &StampMac {
        &self.mac
    }
}
