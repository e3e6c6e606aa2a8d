//! JNI entry points for the Kotlin package's `Direct` calls (`DirectJni` in
//! `kotlin/uniffi/franking/Direct.kt`), beside UniFFI's JNA interface.
//!
//! Through JNA each call builds UniFFI's call-status structure by
//! reflection (about 5 us on this project's 2-core VM) and copies every
//! `byte[]` into native memory and back. Here the JVM passes its arrays:
//!
//! - `seal` copies the message straight into the result's ciphertext array
//!   and seals it there (`GetPrimitiveArrayCritical`); the key, header and
//!   envelope, all small, are copied with `Get/SetByteArrayRegion`;
//! - `verifyConversation` copies the report once into the `Vec` the facade
//!   keeps, and returns the verdict's handle with its summary.
//!
//! No cryptography here: each function calls the crate or the facade.
//! Errors come back as codes, and the Kotlin side repeats the call through
//! the generated bindings, which throw the crate's exception with its
//! message. A panic is caught and reported the same way (unwinding out of
//! an `extern "system"` function would abort the JVM).

use core::ffi::c_void;
use core::ops::Range;
use core::ptr;
use std::panic::{AssertUnwindSafe, catch_unwind};

use franking_facade::{ErrorKind, Keyring, UniFfiTag, VerifiedConversation};
use jni_sys::{JNI_ABORT, JNIEnv, jbyte, jbyteArray, jclass, jint, jlong, jlongArray, jsize};
use uniffi::{Handle, HandleAlloc};
use zeroize::Zeroizing;

use crate::fast::{code, seal_in_place_parts};

/// A message up to this length is sealed inside the ciphertext array itself,
/// held with `GetPrimitiveArrayCritical`; a longer one in Rust memory, then
/// copied out. While an array is held, some collectors cannot run (G1 before
/// JDK 22, Serial, Parallel): this bounds that pause to sealing 4 MiB, a few
/// milliseconds, and costs a longer message one more copy.
const HELD_MAX: usize = 4 << 20;

/// What `seal` returns when a panic was caught (the Kotlin side then calls
/// the generated `seal`) or the VM could not lend an array (its
/// `OutOfMemoryError` is pending and thrown on return: Kotlin never sees
/// this value then).
const NOT_SEALED: jint = -1;

/// Calls entry `$f` of the JNI function table of `$env`.
macro_rules! jni {
    ($env:expr, $v:ident . $f:ident ( $($arg:expr),* )) => {
        ((**$env).$v.$f)($env $(, $arg)*)
    };
}

/// The length of a non-null `array`, or `None` for null.
///
/// # Safety
///
/// `env` is the calling thread's JNI environment; `array` null or a live
/// array; no array of this thread is held critically.
unsafe fn length(env: *mut JNIEnv, array: jbyteArray) -> Option<usize> {
    if array.is_null() {
        return None;
    }
    // SAFETY: per this function's contract.
    usize::try_from(unsafe { jni!(env, v1_1.GetArrayLength(array)) }).ok()
}

/// Copies `array` (of `out.len()` bytes, checked before) into `out`.
///
/// # Safety
///
/// As [`length`], and `array` holds at least `out.len()` bytes.
unsafe fn copy_from(env: *mut JNIEnv, array: jbyteArray, out: &mut [u8]) -> bool {
    let Ok(n) = jsize::try_from(out.len()) else {
        return false;
    };
    if n > 0 {
        // SAFETY: per this function's contract; `out` is writable for `n` bytes.
        unsafe {
            jni!(
                env,
                v1_1.GetByteArrayRegion(array, 0, n, out.as_mut_ptr().cast::<jbyte>())
            )
        };
    }
    true
}

/// Copies `bytes` into `array` (of at least `bytes.len()` bytes).
///
/// # Safety
///
/// As [`copy_from`].
unsafe fn copy_to(env: *mut JNIEnv, array: jbyteArray, bytes: &[u8]) -> bool {
    let Ok(n) = jsize::try_from(bytes.len()) else {
        return false;
    };
    if n > 0 {
        // SAFETY: per this function's contract.
        unsafe {
            jni!(
                env,
                v1_1.SetByteArrayRegion(array, 0, n, bytes.as_ptr().cast::<jbyte>())
            )
        };
    }
    true
}

/// A `byte[]` held with `GetPrimitiveArrayCritical` until dropped. While
/// one is held the thread makes no other JNI call (the specification's rule
/// for critical regions): `seal` reads every length and small array first.
struct Held {
    env: *mut JNIEnv,
    array: jbyteArray,
    data: *mut u8,
    len: usize,
    /// Released with `JNI_ABORT`: a copy the VM made, if any, is not written back.
    read_only: bool,
}

impl Held {
    /// Holds `array` of `len` bytes (`len` > 0, read before); `None` if the
    /// VM could not (an `OutOfMemoryError` is then pending).
    ///
    /// # Safety
    ///
    /// `env` is the calling thread's JNI environment and `array` a live
    /// `byte[]` of `len` bytes; no JNI call but holding and releasing arrays
    /// follows until every `Held` of this thread is dropped.
    unsafe fn new(
        env: *mut JNIEnv,
        array: jbyteArray,
        len: usize,
        read_only: bool,
    ) -> Option<Self> {
        // SAFETY: per this function's contract.
        let data = unsafe { jni!(env, v1_2.GetPrimitiveArrayCritical(array, ptr::null_mut())) };
        (!data.is_null()).then(|| Self {
            env,
            array,
            data: data.cast(),
            len,
            read_only,
        })
    }

    fn range(&self) -> Range<usize> {
        let start = self.data as usize;
        start..start.saturating_add(self.len)
    }

    /// The held bytes, borrowed from the hold (released only after).
    ///
    /// # Safety
    ///
    /// No other thread writes the array while it is held (for `seal`'s
    /// output: a new array the Kotlin caller has not shared).
    unsafe fn bytes_mut(&mut self) -> &mut [u8] {
        // SAFETY: `data` is valid for `len` bytes while held; `&mut self`
        // makes this the only view through the hold; no other thread writes
        // it (this function's contract).
        unsafe { core::slice::from_raw_parts_mut(self.data, self.len) }
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        if !self.read_only && std::thread::panicking() {
            // Unwinding out of `seal`: the output may hold the copied
            // message; it is zeroed before the VM gets it back.
            // SAFETY: `data` is valid for `len` writable bytes while held.
            unsafe { ptr::write_bytes(self.data, 0, self.len) };
        }
        let mode = if self.read_only { JNI_ABORT } else { 0 };
        // SAFETY: `data` came from `GetPrimitiveArrayCritical` on `array`
        // in this environment, and is released once.
        unsafe {
            jni!(
                self.env,
                v1_2.ReleasePrimitiveArrayCritical(self.array, self.data.cast::<c_void>(), mode)
            )
        };
    }
}

/// Whether any two of `arrays` are the same Java array.
///
/// # Safety
///
/// As [`length`]; each entry is null or a live array.
unsafe fn any_same(env: *mut JNIEnv, arrays: &[jbyteArray]) -> bool {
    arrays.iter().enumerate().any(|(i, &a)| {
        // SAFETY: per this function's contract.
        arrays[i + 1..]
            .iter()
            .any(|&b| unsafe { jni!(env, v1_1.IsSameObject(a, b)) })
    })
}

/// `DirectJni.seal`: seals `message` under the 32-byte `key` of suite
/// `suite` (0 XChaCha20, 1 AES-256) into `envelope` (88 bytes) and
/// `ciphertext` (the message's length), six distinct arrays. Returns
/// `franking_seal_into`'s codes (0, or 1 + the index of the error's kind);
/// on error neither output holds plaintext. [`NOT_SEALED`]: the VM could not
/// lend an array, or a panic was caught.
///
/// The message array is read once, by one copy into `ciphertext`: a caller
/// writing to it meanwhile from another thread gets a torn message, as with
/// any `byte[]` API.
///
/// # Safety
///
/// Called by the JVM for the native method, with its environment and
/// arrays (or nulls, refused); no other thread writes `ciphertext` during
/// the call. `Direct.seal` passes a new array; Kotlin's `internal` does not
/// stop other JVM code from calling `DirectJni` (the generated `UniffiLib`
/// is as open), so this contract is the caller's to keep.
#[unsafe(no_mangle)]
pub unsafe extern "system" fn Java_uniffi_franking_DirectJni_seal(
    env: *mut JNIEnv,
    _class: jclass,
    suite: jbyte,
    key: jbyteArray,
    header: jbyteArray,
    message: jbyteArray,
    envelope: jbyteArray,
    ciphertext: jbyteArray,
) -> jint {
    // SAFETY: the JVM's environment and arrays, for this call, on this thread.
    catch_unwind(AssertUnwindSafe(|| unsafe {
        seal(env, suite, [key, header, message, envelope, ciphertext])
    }))
    .unwrap_or(NOT_SEALED)
}

/// [`Java_uniffi_franking_DirectJni_seal`]'s body.
///
/// # Safety
///
/// As that function.
unsafe fn seal(env: *mut JNIEnv, suite: jbyte, arrays: [jbyteArray; 5]) -> jint {
    let [key, header, message, envelope, ciphertext] = arrays;
    let bad_length = code(ErrorKind::BadLength);
    // SAFETY (each block below): `env` and the arrays are the JVM's for this
    // call; no array is held until the message is copied.
    let lengths = arrays.map(|a| unsafe { length(env, a) });
    let [
        Some(key_len),
        Some(header_len),
        Some(message_len),
        Some(envelope_len),
        Some(ciphertext_len),
    ] = lengths
    else {
        return bad_length;
    };
    if key_len != 32
        || envelope_len != franking::wire::ENVELOPE_LEN
        || ciphertext_len != message_len
    {
        return bad_length;
    }
    // An output that is also an input, or the other output, would be
    // written while read: refused.
    if unsafe { any_same(env, &arrays) } {
        return bad_length;
    }
    let mut key_bytes = Zeroizing::new([0u8; 32]);
    let mut header_bytes = vec![0u8; header_len];
    if !unsafe {
        copy_from(env, key, &mut key_bytes[..]) && copy_from(env, header, &mut header_bytes)
    } {
        return bad_length;
    }
    let mut envelope_bytes = [0u8; franking::wire::ENVELOPE_LEN];
    let rc = if message_len == 0 {
        seal_in_place_parts(
            suite as u8,
            &key_bytes,
            &header_bytes,
            &mut [],
            &mut envelope_bytes,
        )
    } else if message_len <= HELD_MAX {
        // Held: the message copied once, into the ciphertext array, and
        // sealed there. The message is released first.
        let Some(mut out) = (unsafe { Held::new(env, ciphertext, message_len, false) }) else {
            return NOT_SEALED;
        };
        {
            let Some(input) = (unsafe { Held::new(env, message, message_len, true) }) else {
                return NOT_SEALED;
            };
            let (a, b) = (input.range(), out.range());
            if a.start < b.end && b.start < a.end {
                return bad_length; // unreachable: distinct arrays (checked above)
            }
            // SAFETY: both are held for `message_len` bytes and do not overlap.
            unsafe { ptr::copy_nonoverlapping(input.data, out.data, message_len) };
        }
        // SAFETY: the ciphertext array is new and unshared (this function's
        // contract).
        let buffer = unsafe { out.bytes_mut() };
        seal_in_place_parts(
            suite as u8,
            &key_bytes,
            &header_bytes,
            buffer,
            &mut envelope_bytes,
        )
        // `out` is released here, before the envelope is copied out.
    } else {
        let mut buffer = vec![0u8; message_len];
        if !unsafe { copy_from(env, message, &mut buffer) } {
            return bad_length;
        }
        let rc = seal_in_place_parts(
            suite as u8,
            &key_bytes,
            &header_bytes,
            &mut buffer,
            &mut envelope_bytes,
        );
        if rc == 0 && !unsafe { copy_to(env, ciphertext, &buffer) } {
            return bad_length;
        }
        rc
    };
    if rc == 0 && !unsafe { copy_to(env, envelope, &envelope_bytes) } {
        return bad_length;
    }
    rc
}

/// `DirectJni.verifyConversation`: the facade's
/// `Keyring::verify_conversation_object` of `report` with the keyring of
/// the live handle `keyring` (borrowed). Returns the verdict's handle, owned
/// by the caller, and writes its summary to `summary[0..3]`: entry count,
/// messages missing, flags (1 contiguous, 2 complete). Returns 0 on any
/// error or caught panic (the caller repeats the call through the generated
/// bindings for the exception).
///
/// # Safety
///
/// Called by the JVM for the native method; `keyring` is a live `Keyring`
/// handle from this library that the caller keeps alive for the call.
#[unsafe(no_mangle)]
pub unsafe extern "system" fn Java_uniffi_franking_DirectJni_verifyConversation(
    env: *mut JNIEnv,
    _class: jclass,
    keyring: jlong,
    now: jlong,
    report: jbyteArray,
    summary: jlongArray,
) -> jlong {
    // SAFETY: as this function's contract.
    catch_unwind(AssertUnwindSafe(|| unsafe {
        verify_conversation(env, keyring, now, report, summary)
    }))
    .unwrap_or(0)
}

/// [`Java_uniffi_franking_DirectJni_verifyConversation`]'s body.
///
/// # Safety
///
/// As that function.
unsafe fn verify_conversation(
    env: *mut JNIEnv,
    keyring: jlong,
    now: jlong,
    report: jbyteArray,
    summary: jlongArray,
) -> jlong {
    if keyring == 0 || summary.is_null() {
        return 0;
    }
    // SAFETY: `env`, `report` and `summary` are the JVM's for this call; no
    // array is held critically here.
    let Some(report_len) = (unsafe { length(env, report) }) else {
        return 0;
    };
    if unsafe { jni!(env, v1_1.GetArrayLength(summary)) } < 3 {
        return 0;
    }
    // SAFETY: the caller keeps a live handle; `get_arc` clones the `Arc`,
    // leaving the caller's reference as it was.
    let ring = unsafe {
        <Keyring as HandleAlloc<UniFfiTag>>::get_arc(Handle::from_raw_unchecked(keyring as u64))
    };
    // The one copy: the report into the `Vec` the verdict keeps.
    let mut bytes = vec![0u8; report_len];
    if !unsafe { copy_from(env, report, &mut bytes) } {
        return 0;
    }
    let Ok(held) = ring.verify_conversation_object(now as u64, bytes) else {
        return 0;
    };
    let flags = i64::from(held.is_contiguous()) | (i64::from(held.is_complete()) << 1);
    let values: [jlong; 3] = [i64::from(held.entry_count()), held.missing() as i64, flags];
    // SAFETY: `summary` has at least 3 elements (checked above).
    unsafe { jni!(env, v1_1.SetLongArrayRegion(summary, 0, 3, values.as_ptr())) };
    <VerifiedConversation as HandleAlloc<UniFfiTag>>::new_handle(held).as_raw() as jlong
}

/// `DirectJni.verdictFree`: drops an owned `VerifiedConversation` handle
/// (0 is ignored), as the generated free function does, without its call
/// status.
///
/// # Safety
///
/// `handle` is 0 or an owned handle of a `VerifiedConversation` from this
/// library, not used after the call.
#[unsafe(no_mangle)]
pub unsafe extern "system" fn Java_uniffi_franking_DirectJni_verdictFree(
    _env: *mut JNIEnv,
    _class: jclass,
    handle: jlong,
) {
    // SAFETY: per this function's contract. Dropping a verdict frees memory
    // only; should it panic, the handle is leaked rather than the JVM aborted.
    let _ =
        catch_unwind(|| unsafe { crate::fast::franking_verified_conversation_free(handle as u64) });
}

/// `DirectJni.libraryToken`: the address of `franking_seal_into` in the
/// library these JNI functions were bound from. `Direct.kt` compares it with
/// the address JNA resolves for the generated code: a different copy of the
/// library (handles must never cross between two) turns the JNI paths off.
#[unsafe(no_mangle)]
pub extern "system" fn Java_uniffi_franking_DirectJni_libraryToken(
    _env: *mut JNIEnv,
    _class: jclass,
) -> jlong {
    crate::fast::franking_seal_into as *const () as usize as jlong
}
