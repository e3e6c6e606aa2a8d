//! Groups (SPEC.md section 15): one franking tag stamped for many members.

use crate::Error;
use crate::commitment::FrankingTag;
use crate::context::Context;
use crate::key_id::KeyId;
use crate::platform::Keyring;
use crate::stamp::{Stamp, StampMac};
use crate::wire::MAX_ID_LEN;

/// An all-zero stamp under key id 0: a placeholder to fill an output slice
/// for [`Keyring::stamp_batch`]. It verifies nothing.
impl Default for Stamp {
    fn default() -> Self {
        Stamp::new(KeyId::new(0), StampMac::from_bytes([0; 32]))
    }
}

impl<const N: usize> Keyring<N> {
    /// Stamps one franking tag for many recipients with the key that stamps
    /// at the context's timestamp ([`Keyring::stamping_key_at`]):
    /// `out[i]` becomes `self.stamp(tag, &context.with_recipient(members[i]))`,
    /// byte for byte (SPEC.md 4.4, 15.2).
    ///
    /// The work common to all members (the tag, the sender, the message id,
    /// the conversation and its sequence number) is hashed once; each member
    /// then costs one SHA-256 compression for ids of up to 53 bytes.
    /// `context.recipient()` is ignored. Use it for a room stamped per member
    /// (a room sealed once, or each member's copy in pairwise fan-out when the
    /// copies share a tag), and add the sender to `members` to give it its
    /// receipt. Stamp per user, never per device (SPEC.md 15.1).
    ///
    /// Allocates nothing: the caller provides `out`, at least as long as
    /// `members` ([`Error::BufferTooSmall`] otherwise); entries after
    /// `members.len()` are left alone. [`Error::TooLong`] if a member id
    /// exceeds [`MAX_ID_LEN`] bytes; [`Error::VerifyOnly`] and
    /// [`Error::OutsideKeyInterval`] as for [`stamp`](Self::stamp). Any error
    /// leaves `out` untouched.
    pub fn stamp_batch(
        &self,
        tag: &FrankingTag,
        context: &Context<'_>,
        members: &[&[u8]],
        out: &mut [Stamp],
    ) -> Result<(), Error> {
        let out = out.get_mut(..members.len()).ok_or(Error::BufferTooSmall {
            needed: members.len(),
        })?;
        if members.iter().any(|m| m.len() > MAX_ID_LEN) {
            return Err(Error::TooLong {
                field: "recipient",
                max: MAX_ID_LEN,
            });
        }
        let key = self.stamping_key(context.timestamp())?;
        let common = key.stamp_common(tag, context);
        for (slot, member) in out.iter_mut().zip(members) {
            *slot = key.stamp_for(common.clone(), member);
        }
        Ok(())
    }
}
