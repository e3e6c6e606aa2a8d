//! Platform key ids: public numbers that name a key inside stamps and reports.

/// Identifies a platform key inside stamps and reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KeyId(u32);

impl KeyId {
    /// Wraps a key id.
    pub const fn new(id: u32) -> Self {
        Self(id)
    }

    /// The numeric id.
    pub const fn get(self) -> u32 {
        self.0
    }
}
