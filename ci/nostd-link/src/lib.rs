//! Links every role of `franking` into a `no_std` static library.
//!
//! This crate defines its own `#[panic_handler]`. If `franking` or any of its
//! dependencies pulled in `std`, the build would fail with a duplicate
//! `panic_impl` lang item, so a successful build is the proof.

#![no_std]

use franking::{
    Context, KeyId, Keyring, MessageKey, Nonce, Opening, PlatformKey, Report, verify,
    verify_commitment,
};

#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    loop {}
}

/// Runs sender, platform, recipient and moderator on fixed inputs and
/// returns 0 when the report verifies, a non-zero code otherwise.
#[unsafe(no_mangle)]
pub extern "C" fn franking_nostd_flow() -> u32 {
    let key = MessageKey::from_bytes([7u8; 32]);
    let nonce = Nonce::from_bytes([1u8; 24]);
    let header = b"header";
    let mut buffer = *b"a message, sealed without std";
    let Ok(envelope) = key.seal_in_place_with_nonce(&nonce, header, &mut buffer) else {
        return 1;
    };
    let keyring = Keyring::new(PlatformKey::from_bytes(KeyId::new(1), [9u8; 32]), 3_600);
    let Ok(context) = Context::new(b"alice", b"bob", 1_000, b"id") else {
        return 2;
    };
    let stamp = keyring.stamp_envelope(&envelope, &context);
    let Ok(opened) = key.open_in_place(&envelope, header, &mut buffer) else {
        return 3;
    };
    let report = opened.report(&context, &stamp);
    let mut wire = [0u8; 256];
    let Ok(len) = report.encode_into(&mut wire) else {
        return 4;
    };
    let Some(bytes) = wire.get(..len) else {
        return 5;
    };
    let Ok(decoded) = Report::decode(bytes) else {
        return 6;
    };
    if verify(&keyring, 1_010, &decoded).is_err() {
        return 7;
    }
    // Layer mode: check a commitment with a known opening.
    let opening = Opening::from_bytes(*opened.opening().as_bytes());
    match verify_commitment(header, opened.message(), opening, opened.franking_tag()) {
        Ok(_) => 0,
        Err(_) => 8,
    }
}
