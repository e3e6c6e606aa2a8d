"""franking: message franking for end-to-end encrypted messaging.

Python bindings (UniFFI) of the franking Rust crate: every role (sender,
platform, recipient, moderator), both suites, media chunk by chunk, every
report kind. The API is the generated module `franking._native.franking`,
re-exported here; errors are `FrankingError` and its subclass per kind
(`FrankingError.Invalid`, ...).
"""

import ctypes as _ctypes
import struct as _struct

from ._native import franking as _generated
from ._native.franking import *  # noqa: F401,F403 (the generated API is this package's API)

__all__ = [name for name in dir(_generated) if not name.startswith("_")]


def _install_bulk_writes():
    """Replaces the generated buffer writer's byte-at-a-time Python loop
    (UniFFI 0.31's `_UniffiRustBufferBuilder.write`, about 1 us per byte)
    with one `memmove`: passing a 64 KiB media chunk takes microseconds, not
    tens of milliseconds. The bytes written are the same; every test of
    this package runs through it. Returns whether it was installed."""
    builder = getattr(_generated, "_UniffiRustBufferBuilder", None)
    if builder is None or not hasattr(builder, "_reserve"):
        return False

    def write(self, value):
        n = len(value)
        with self._reserve(n):
            if n:
                base = _ctypes.cast(self.rbuf.data, _ctypes.c_void_p).value
                _ctypes.memmove(base + self.rbuf.len, value if isinstance(value, bytes) else bytes(value), n)

    def _pack_into(self, size, fmt, value):
        packed = _struct.pack(fmt, value)
        with self._reserve(size):
            base = _ctypes.cast(self.rbuf.data, _ctypes.c_void_p).value
            _ctypes.memmove(base + self.rbuf.len, packed, size)

    builder.write = write
    builder._pack_into = _pack_into
    return True


BULK_WRITES = _install_bulk_writes()


def _install_direct_seal():
    """`seal` through the library's direct entry point `franking_seal_into`
    (src/fast.rs): one foreign call with the caller's buffers instead of a
    UniFFI buffer per argument and result. Same result, same errors.
    Returns whether it was installed."""
    lib = getattr(_generated, "_UniffiLib", None)
    fn = getattr(lib, "franking_seal_into", None) if lib is not None else None
    if fn is None:
        return False
    # No `argtypes`: ctypes' per-call conversion through them cost about
    # 0.4 us of a 64-byte seal. Without them each argument must already have
    # its C type: the suite a small int (an `int`, read as `u8`), the
    # pointers `bytes` or a ctypes array, and the lengths `c_size_t`.
    fn.argtypes = None
    fn.restype = _ctypes.c_int32
    suites = {_generated.Suite.X_CHA_CHA20: 0, _generated.Suite.AES256: 1}
    sealed_message = _generated.SealedMessage
    error = _generated.FrankingError

    aes, xchacha = _generated.Suite.AES256, _generated.Suite.X_CHA_CHA20

    def seal(suite, key, header, message, _bytes=bytes, _char=_ctypes.c_char, _view=memoryview,
             _size=_ctypes.c_size_t, _new=object.__new__):
        """Seals `message` under `key` (32 bytes) with a fresh nonce; see the
        generated `franking._native.franking.seal`."""
        # The hot path of a server: locals only, no copy of a `bytes` argument.
        if type(key) is not _bytes:
            key = _bytes(key)
        if type(header) is not _bytes:
            header = _bytes(header)
        if type(message) is not _bytes:
            message = _bytes(message)
        if len(key) != 32:
            raise error.BadLength(f"message key must be 32 bytes, got {len(key)}")
        n = len(message)
        out = (_char * (88 + n))()  # zeroed; create_string_buffer's checks cost more
        # Identity first: hashing an enum member runs Python code.
        code = 1 if suite is aes else 0 if suite is xchacha else suites[suite]
        if fn(code, key, header, _size(len(header)), message, _size(n), out):
            # Failed before sealing (a header or message too long): the
            # facade's seal raises the same kind with its message.
            return _generated.seal(suite, key, header, message)
        if n <= 4096:
            # Small: one copy of `out` and two slices cost less than views.
            raw = out.raw
            envelope = raw[:88]
            ciphertext = raw[88:]
        else:
            view = _view(out)  # each field below is one copy out of `out`
            envelope = _bytes(view[:88])
            ciphertext = _bytes(view[88:])
        # The record's generated `__init__` sets these three attributes and
        # nothing else; setting them directly saves a keyword call (0.2 us).
        sealed = _new(sealed_message)
        sealed.envelope = envelope
        sealed.franking_tag = envelope[24:56]
        sealed.ciphertext = ciphertext
        return sealed

    globals()["seal"] = seal
    return True


DIRECT_SEAL = _install_direct_seal()


def _install_direct_conversation():
    """`Keyring.verify_conversation_object` through the library's direct
    entry point `franking_keyring_verify_conversation` (src/fast.rs): one
    foreign call with the report's buffer as it is, instead of a UniFFI
    buffer for the report (three foreign calls and a copy) and a clone of
    the keyring's handle. The result is the same `VerifiedConversation`
    object; on any error the generated method is called, and raises the
    error with its message. Returns whether it was installed."""
    lib = getattr(_generated, "_UniffiLib", None)
    fn = getattr(lib, "franking_keyring_verify_conversation", None) if lib is not None else None
    keyring = getattr(_generated, "Keyring", None)
    held = getattr(_generated, "VerifiedConversation", None)
    if fn is None or keyring is None or held is None:
        return False
    fn.argtypes = [_ctypes.c_uint64, _ctypes.c_uint64, _ctypes.c_char_p, _ctypes.c_size_t]
    fn.restype = _ctypes.c_uint64
    generated = keyring.verify_conversation_object
    make = held._uniffi_make_instance

    def verify_conversation_object(self, now, report, _bytes=bytes, _int=int):
        """Moderator: as `verify_conversation`, the verdict kept on the Rust
        side and read an entry at a time; see the generated
        `franking._native.franking.Keyring.verify_conversation_object`."""
        if type(report) is not _bytes or type(now) is not _int or not 0 <= now < 1 << 64:
            return generated(self, now, report)  # its checks and conversions
        handle = fn(self._handle, now, report, len(report))
        if not handle:
            return generated(self, now, report)  # raises the error
        return make(handle)

    verify_conversation_object.uniffi = generated  # the tests compare them
    keyring.verify_conversation_object = verify_conversation_object

    # The object's destructor frees its handle through UniFFI's call status
    # (a structure built and checked per call); `franking_verified_conversation_free`
    # frees it the same way in one plain call.
    free = getattr(lib, "franking_verified_conversation_free", None)
    if free is not None:
        free.argtypes = [_ctypes.c_uint64]
        free.restype = None

        def __del__(self, _free=free):
            handle = getattr(self, "_handle", None)  # None: partly built
            if handle is not None:
                _free(handle)

        held.__del__ = __del__
    return True


DIRECT_CONVERSATION = _install_direct_conversation()


# Fields that carry an opening, a key or a plaintext (or an encoding that
# carries one), per record: printed as their length, as the Rust side's
# `Debug` prints them.
_SECRET_FIELDS = {
    "Commitment": ("opening",),
    "OpenedMessage": ("header", "message", "opening"),
    "VerifiedReport": ("header", "message"),
    "VerifiedEntry": ("header", "message"),
    "VerifiedRange": ("plaintext",),
    "MediaMessage": ("body",),
    "SubmissionEntry": ("report",),
    "SubmissionVerdict": ("note",),
    "ConversationEntry.MESSAGE": ("report",),
    "ConversationEntry.STAMP_ONLY": ("receipt",),
}


def _install_redacted_str():
    """The generated records print every field in `str()` (a log line of an
    opened message would hold its plaintext and opening): the records above
    print those fields' lengths instead, in `str()` and `repr()` (a list of
    records prints its items' `repr()`). Returns the classes patched."""
    import inspect

    patched = []
    for path, secret in _SECRET_FIELDS.items():
        cls = _generated
        for part in path.split("."):
            cls = getattr(cls, part, None)
        if cls is None:
            continue
        fields = [p for p in inspect.signature(cls.__init__).parameters if p != "self"]

        def render(self, _fields=fields, _secret=frozenset(secret), _name=path):
            parts = []
            for f in _fields:
                v = getattr(self, f)
                if f in _secret:
                    n = len(v.encode()) if isinstance(v, str) else len(v)
                    parts.append(f"{f}=<{n} bytes>")
                else:
                    parts.append(f"{f}={v!r}")
            return f"{_name}({', '.join(parts)})"

        cls.__str__ = render
        cls.__repr__ = render
        patched.append(path)
    return patched


REDACTED = _install_redacted_str()
