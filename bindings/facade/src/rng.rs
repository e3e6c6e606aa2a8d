//! Randomness from the operating system (or Web Crypto on wasm32 with the
//! `wasm_js` feature), as the `CryptoRng` the crate takes.

/// The OS generator. `getrandom` failing means the platform has no usable
/// entropy source at all; the adapter then panics rather than proceed with
/// predictable keys (UniFFI turns the panic into an exception).
pub(crate) fn os_rng() -> rand_core::UnwrapErr<getrandom::SysRng> {
    rand_core::UnwrapErr(getrandom::SysRng)
}
