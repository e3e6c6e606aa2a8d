//! Links every role of `franking` into a `no_std` static library.
//!
//! This crate defines its own `#[panic_handler]`. If `franking` or any of its
//! dependencies pulled in `std`, the build would fail with a duplicate
//! `panic_impl` lang item, so a successful build is the proof.

#![no_std]

use franking::rand_core::{Infallible, TryCryptoRng, TryRng};
use franking::{
    Context, Envelope, KeyId, KeyInterval, Keyring, MessageKey, Nonce, Opening, PlatformKey,
    Report, Suite, commit_with_rng, verify, verify_commitment,
};

/// A counter, not an RNG: enough to call the `_with_rng` functions without std.
struct CounterRng(u8);

impl TryRng for CounterRng {
    type Error = Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        let mut b = [0u8; 4];
        self.try_fill_bytes(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }
    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        let mut b = [0u8; 8];
        self.try_fill_bytes(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        for b in dst {
            self.0 = self.0.wrapping_add(1);
            *b = self.0;
        }
        Ok(())
    }
}
impl TryCryptoRng for CounterRng {}

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
    let Ok(envelope) = Envelope::decode(&envelope.to_bytes()) else {
        return 9;
    };
    // A small keyring for a small target: capacity is a type parameter.
    let mut key_bytes: [u8; 32] = core::array::from_fn(|i| 9 + i as u8);
    let interval = KeyInterval::starting_at(0);
    let Ok(platform_key) = PlatformKey::from_bytes(KeyId::new(1), interval, &mut key_bytes) else {
        return 13;
    };
    let keyring = Keyring::<2>::new_with_capacity(platform_key, 3_600);
    let Ok(context) = Context::new(b"alice", b"bob", 1_000, b"id") else {
        return 2;
    };
    let Ok(stamp) = keyring.stamp_envelope(&envelope, &context) else {
        return 14;
    };
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
    if verify_commitment(header, opened.message(), opening, opened.franking_tag()).is_err() {
        return 8;
    }
    // The AES-256 suite: seal and open in place.
    let aes_key = MessageKey::with_suite(Suite::Aes256, [7u8; 32]);
    let mut aes_buffer = *b"a message, sealed with AES-256";
    let Ok(aes_envelope) = aes_key.seal_in_place_with_nonce(&nonce, header, &mut aes_buffer) else {
        return 13;
    };
    if aes_key
        .open_in_place(&aes_envelope, header, &mut aes_buffer)
        .is_err()
    {
        return 14;
    }
    // Layer mode from the sender's side: commit, stamp, report, verify.
    let Ok((opening, tag)) = commit_with_rng(&mut CounterRng(0), header, b"layer") else {
        return 10;
    };
    let Ok(opened) = verify_commitment(header, b"layer", opening, &tag) else {
        return 11;
    };
    let Ok(stamp) = keyring.stamp(&tag, &context) else {
        return 15;
    };
    let report = opened.report(&context, &stamp);
    match verify(&keyring, 1_010, &report) {
        Ok(_) => 0,
        Err(_) => 12,
    }
}
