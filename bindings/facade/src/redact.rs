//! Debug output that never shows a secret: an opening, a key, a plaintext
//! or an encoding that carries one prints as its length only.

use core::fmt;

/// Bytes printed as `<N bytes>`.
pub(crate) struct Len<'a>(pub(crate) &'a [u8]);

impl fmt::Debug for Len<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<{} bytes>", self.0.len())
    }
}
