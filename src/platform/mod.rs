//! The platform's role: stamp franking tags with delivery context, and keep the
//! keyring that stamps and verifies.
//!
//! - [`PlatformKey`] (`key.rs`): one key, its id, its stamping interval and
//!   its secret; weak keys refused; wiped on drop.
//! - [`KeyInterval`] (`interval.rs`): the seconds during which a key stamps.
//! - [`Keyring`] (`keyring.rs`): up to `N` keys inline, rotation, retirement
//!   and the report-age policy.
//! - [`KeyRecord`] (`record.rs`): a key as a key store holds it, and its
//!   encoding; [`Keyring::records`] and [`Keyring::sync`] (`sync.rs`) move
//!   keys from a relay to a moderation service.
//! - `serde.rs` (feature `serde`): [`KeyInterval`] as a struct of two integers.

mod interval;
mod key;
mod keyring;
mod record;
#[cfg(feature = "serde")]
mod serde;
mod sync;

pub use interval::KeyInterval;
pub use key::{KeyBytes, PlatformKey, PlatformKeyBytes};
pub use keyring::Keyring;
pub use record::{KeyRecord, KeyRecordBytes};
pub use sync::SyncReport;

/// Keys a [`Keyring`] holds by default: daily rotation with 90 days of
/// verifiable reports needs about 92, and the rest is headroom.
pub const DEFAULT_CAPACITY: usize = 128;

/// Default allowed clock skew, for report timestamps from the future and at
/// the edges of key intervals: 5 minutes.
pub const DEFAULT_MAX_SKEW_SECS: u64 = 300;
