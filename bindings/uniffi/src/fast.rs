//! Direct C entry points for the hottest calls, beside the UniFFI
//! interface. UniFFI passes every byte-string argument and result through
//! a separately allocated buffer, each a few foreign calls (about 50 us per
//! `seal` from Python, where the cryptography of a 64-byte message takes
//! under 1 us). These functions take the caller's buffers as they are: one
//! foreign call, each input copied at most once.
//!
//! - `franking_seal_into`: the Python package calls it from `franking.seal`;
//!   its result is the facade's `seal`, byte for byte (the tests compare
//!   them). It draws randomness from the OS as the facade does and adds no
//!   cryptography: it calls `franking::MessageKey::seal_in_place_with_rng`.
//! - `franking_keyring_verify_conversation`: the facade's
//!   `Keyring::verify_conversation_object` itself, the report passed as one
//!   buffer; the Python package calls it from that method.
//!
//! (python/franking/__init__.py installs them. The Kotlin package's direct
//! calls are the JNI functions of `jni.rs`, which share `seal_in_place_parts`
//! and `franking_verified_conversation_free`.)

use franking::{MessageKey, Suite};
use franking_facade::{ErrorKind, Keyring, UniFfiTag, VerifiedConversation};
use uniffi::{Handle, HandleAlloc};

/// 0 for success, else 1 + the index of the error's kind in [`ErrorKind::ALL`].
pub(crate) fn code(kind: ErrorKind) -> i32 {
    ErrorKind::ALL
        .iter()
        .position(|k| *k == kind)
        .map_or(i32::MAX, |i| i as i32 + 1)
}

/// Seals `message` under the 32-byte `key` of suite `suite` (0 XChaCha20,
/// 1 AES-256): writes the 88-byte envelope to `out[..88]` and the ciphertext
/// to `out[88..88 + message_len]`. Returns 0, or 1 + the index of the
/// error's kind in `ErrorKind::ALL`; on error `out` holds no ciphertext.
///
/// # Safety
///
/// `key` points to 32 readable bytes, `header` to `header_len`, `message`
/// to `message_len`, and `out` to `88 + message_len` writable bytes that
/// overlap none of the inputs; all are valid for the duration of the call
/// and non-null (a zero length still needs a dangling-free pointer).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn franking_seal_into(
    suite: u8,
    key: *const u8,
    header: *const u8,
    header_len: usize,
    message: *const u8,
    message_len: usize,
    out: *mut u8,
) -> i32 {
    let Some(out_len) = message_len.checked_add(franking::wire::ENVELOPE_LEN) else {
        return code(ErrorKind::TooLong);
    };
    if key.is_null() || header.is_null() || message.is_null() || out.is_null() {
        return code(ErrorKind::BadLength);
    }
    // SAFETY: the caller guarantees each pointer is valid for its length,
    // and that `out` overlaps no input (see the function's contract).
    let (key, header, message, out) = unsafe {
        (
            &*key.cast::<[u8; 32]>(),
            core::slice::from_raw_parts(header, header_len),
            core::slice::from_raw_parts(message, message_len),
            core::slice::from_raw_parts_mut(out, out_len),
        )
    };
    let Some((envelope, ciphertext)) =
        out.split_first_chunk_mut::<{ franking::wire::ENVELOPE_LEN }>()
    else {
        return code(ErrorKind::BadLength); // unreachable: `out_len` >= the envelope's length
    };
    ciphertext.copy_from_slice(message);
    seal_in_place_parts(suite, key, header, ciphertext, envelope)
}

/// Seals `buffer` in place under `key` of suite `suite` (0 XChaCha20,
/// 1 AES-256), writing the envelope: the crate's `seal_in_place_with_rng`,
/// randomness from the OS as the facade draws it. Returns 0, or 1 + the
/// index of the error's kind in `ErrorKind::ALL`; on error `buffer` is
/// zeroed (it holds neither plaintext nor ciphertext).
pub(crate) fn seal_in_place_parts(
    suite: u8,
    key: &[u8; 32],
    header: &[u8],
    buffer: &mut [u8],
    envelope: &mut [u8; franking::wire::ENVELOPE_LEN],
) -> i32 {
    let suite = match suite {
        0 => Suite::XChaCha20,
        1 => Suite::Aes256,
        _ => {
            buffer.fill(0);
            return code(ErrorKind::Malformed);
        }
    };
    let key = MessageKey::with_suite(suite, *key);
    let mut rng = rand_core::UnwrapErr(getrandom::SysRng);
    match key.seal_in_place_with_rng(&mut rng, header, buffer) {
        Ok(sealed) => {
            *envelope = sealed.to_bytes();
            0
        }
        Err(e) => {
            buffer.fill(0);
            code(franking_facade::FrankingError::from(e).kind())
        }
    }
}

/// Moderator: [`Keyring::verify_conversation_object`] of the report
/// `report[..report_len]`, with the keyring passed as the handle its foreign
/// object holds (borrowed: the call takes no ownership of it). Returns the
/// handle of the resulting `VerifiedConversation`, owned by the caller as
/// if returned by the UniFFI method (freed by the generated object), or 0 on
/// any error: the caller then calls the UniFFI method for the error itself.
///
/// UniFFI would pass the report through a separately allocated buffer (from
/// Python, three foreign calls and a copy) and clone the keyring's handle in
/// one more call; this is one call, the report copied once.
///
/// [`Keyring::verify_conversation_object`]: franking_facade::Keyring::verify_conversation_object
///
/// # Safety
///
/// `keyring` is a live handle of a `Keyring` from this library, kept alive
/// by the caller for the duration of the call, and `report` points to
/// `report_len` readable bytes (non-null even when empty).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn franking_keyring_verify_conversation(
    keyring: u64,
    now: u64,
    report: *const u8,
    report_len: usize,
) -> u64 {
    if keyring == 0 {
        return 0;
    }
    // SAFETY: the caller guarantees a live `Keyring` handle; a clone of its
    // `Arc` is taken, the caller's reference left as it was.
    let ring = unsafe {
        <Keyring as HandleAlloc<UniFfiTag>>::get_arc(Handle::from_raw_unchecked(keyring))
    };
    if report.is_null() {
        return 0;
    }
    // SAFETY: the caller guarantees `report` valid for `report_len` bytes.
    let report = unsafe { core::slice::from_raw_parts(report, report_len) };
    match ring.verify_conversation_object(now, report.to_vec()) {
        Ok(held) => <VerifiedConversation as HandleAlloc<UniFfiTag>>::new_handle(held).as_raw(),
        Err(_) => 0,
    }
}

/// Frees a `VerifiedConversation` handle, as the generated free function
/// does, without UniFFI's call status (the Python package's destructor of
/// the object calls it: the verdict of every direct verification is freed
/// there).
///
/// # Safety
///
/// `handle` is an owned handle of a `VerifiedConversation` from this
/// library (or 0, ignored), not used after the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn franking_verified_conversation_free(handle: u64) {
    if handle != 0 {
        // SAFETY: the caller passes its owned handle, consumed here.
        drop(unsafe {
            <VerifiedConversation as HandleAlloc<UniFfiTag>>::consume_handle(
                Handle::from_raw_unchecked(handle),
            )
        });
    }
}
