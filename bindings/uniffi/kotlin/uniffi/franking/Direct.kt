// Hand-written, compiled with the generated franking.kt into the Kotlin
// bindings: the hottest calls through JNI entry points of the same library
// (bindings/uniffi/src/jni.rs) instead of UniFFI's JNA calls.
//
// Through JNA, every generated call builds UniFFI's call-status structure by
// reflection (about 5 us each on a 2-core VM), and every byte string is a
// separately allocated native buffer. Here one JNI call takes the JVM's
// arrays as they are:
// - `Direct.seal`: the generated `seal`, the message copied once, into the
//   result's ciphertext array, and sealed there;
// - `ConversationVerifier`: `Keyring.verifyConversationObject` for a server
//   verifying many reports, the report copied once, the verdict's summary
//   returned with its handle.
// Same results, same exception kinds and messages (on any error the
// generated call is made, and throws). Where the library cannot be loaded
// for JNI, the generated calls are made instead.
package uniffi.franking

import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicLong

/**
 * The JNI entry points, in the library the generated code loads through
 * JNA. [available] is false where the library cannot be loaded for JNI (or
 * `-Duniffi.franking.jni=false`): `Direct` then makes the generated calls.
 */
internal object DirectJni {
    val available: Boolean = System.getProperty("uniffi.franking.jni") != "false" && load()

    private fun load(): Boolean {
        val name = System.getProperty("uniffi.component.franking.libraryOverride") ?: "franking_uniffi"
        return try {
            // The file JNA loaded for the generated code (the same library in
            // memory), when JNA knows it by an absolute path that still exists
            // (not a copy JNA extracted from a jar and deleted); otherwise the
            // VM's own search (java.library.path; an Android app's jniLibs).
            val options = mapOf(com.sun.jna.Library.OPTION_CLASSLOADER to UniffiLib::class.java.classLoader)
            val jna = com.sun.jna.NativeLibrary.getInstance(name, options)
            val file = runCatching { jna.file }.getOrNull()
            if (file != null && file.isAbsolute && file.exists()) System.load(file.path) else System.loadLibrary(name)
            // The JNI functions must run in the very library the generated
            // code calls (handles never cross between two copies): one
            // function's address, as each side sees it.
            libraryToken() == com.sun.jna.Pointer.nativeValue(jna.getFunction("franking_seal_into"))
        } catch (e: LinkageError) {
            false
        } catch (e: SecurityException) {
            false
        }
    }

    /** The address of `franking_seal_into` in the library the JNI functions are bound from. */
    @JvmStatic external fun libraryToken(): Long

    /** 0, or 1 + the index of the error's kind; -1 after a panic (caught). */
    @JvmStatic external fun seal(suite: Byte, key: ByteArray, header: ByteArray, message: ByteArray, envelope: ByteArray, ciphertext: ByteArray): Int

    /** The verdict's handle (owned), its summary in summary[0..3]; 0 on any error. `keyring` is borrowed. */
    @JvmStatic external fun verifyConversation(keyring: Long, now: Long, report: ByteArray, summary: LongArray): Long

    @JvmStatic external fun verdictFree(handle: Long)
}

object Direct {
    /** [seal], in one native call: `message` sealed under `key` (32 bytes) with a fresh nonce. */
    fun seal(suite: Suite, key: ByteArray, header: ByteArray, message: ByteArray): SealedMessage {
        if (!DirectJni.available) return uniffi.franking.seal(suite, key, header, message)
        val id: Byte = when (suite) {
            Suite.X_CHA_CHA20 -> 0
            Suite.AES256 -> 1
        }
        val envelope = ByteArray(88)
        val ciphertext = ByteArray(message.size)
        val rc = DirectJni.seal(id, key, header, message, envelope, ciphertext)
        // Refused before sealing (a key of the wrong length, a header or
        // message too long): the generated seal throws the same kind, with
        // the crate's message.
        if (rc != 0) return uniffi.franking.seal(suite, key, header, message)
        return SealedMessage(envelope = envelope, frankingTag = envelope.copyOfRange(24, 56), ciphertext = ciphertext)
    }

    /**
     * [Keyring.verifyConversationObject] in one native call: the same
     * [VerifiedConversation], the same exceptions. For many reports, keep a
     * [ConversationVerifier]: this takes a reference to the keyring on each
     * call (a few generated calls).
     */
    fun verifyConversationObject(ring: Keyring, now: ULong, report: ByteArray): VerifiedConversation =
        ConversationVerifier(ring).use { it.verify(now, report).toVerifiedConversation() }
}

/**
 * A moderator's verifier of conversation reports against one [Keyring]:
 * [Keyring.verifyConversationObject], each report in one JNI call. It holds
 * a reference to the keyring of its own (keys rotated in or pruned later
 * apply to later reports; closing the [Keyring] it was made from does not
 * close it); close it when done, or let the cleaner release it. Safe to
 * share between threads.
 */
class ConversationVerifier(ring: Keyring) : AutoCloseable {
    // A Keyring object of the verifier's own, holding a new reference to the
    // same keys: the generated calls (errors, no JNI) go through it, and its
    // handle is what the JNI call borrows, kept alive by `keyring`.
    private val own: Keyring
    private val keyring: CountedHandle

    init {
        val clone = ring.callWithHandle { it }
        val ownRing = FfiConverterTypeKeyring.lift(clone)
        own = ownRing
        // The free action captures the keyring object, not this verifier
        // (whose collection would otherwise never run it).
        keyring = CountedHandle(clone) { ownRing.destroy() }
    }

    /**
     * Decodes and verifies `report` at `now` (Unix seconds). Throws what
     * [Keyring.verifyConversationObject] throws.
     */
    fun verify(now: ULong, report: ByteArray): VerifiedConversationHandle = keyring.call { handle ->
        val summary = LongArray(3)
        val verdict = if (DirectJni.available) DirectJni.verifyConversation(handle, now.toLong(), report, summary) else 0L
        if (verdict != 0L) {
            VerifiedConversationHandle(verdict, DirectJni::verdictFree, summary[0].toUInt(), summary[1].toULong(), (summary[2] and 1L) != 0L, (summary[2] and 2L) != 0L)
        } else {
            // Refused (or no JNI): the generated method throws the crate's
            // exception, or returns the verdict, taken over as it is.
            own.verifyConversationObject(now, report).use {
                val count = it.entryCount()
                val missing = it.missing()
                val contiguous = it.isContiguous()
                val complete = it.isComplete()
                // Its handle cloned last: nothing can throw between the clone and the new owner.
                val free = { h: Long -> FfiConverterTypeVerifiedConversation.lift(h).destroy() }
                VerifiedConversationHandle(FfiConverterTypeVerifiedConversation.lower(it), free, count, missing, contiguous, complete)
            }
        }
    }

    override fun close() = keyring.close()
}

/**
 * A verified conversation report: its summary here, its entries held by the
 * library. [toVerifiedConversation] hands the entries over as the generated
 * [VerifiedConversation] (read an entry at a time, or the whole verdict);
 * otherwise close it, or let the cleaner free them.
 */
class VerifiedConversationHandle internal constructor(
    handle: Long,
    free: (Long) -> Unit,
    /** How many entries the report holds. */
    val entryCount: UInt,
    /** Messages missing in all. */
    val missing: ULong,
    /** No gap between entries. */
    val isContiguous: Boolean,
    /** Contiguous, and every entry shows its message. */
    val isComplete: Boolean,
) : AutoCloseable {
    // The handle is taken once: by close, the cleaner or the hand-over.
    private val owned = FreeOnce(handle, free)
    private val cleanable = UniffiLib.CLEANER.register(this, owned)

    /** The verdict as the generated object (its entries, gaps, conversation id); this handle is then closed. */
    fun toVerifiedConversation(): VerifiedConversation {
        val h = owned.take()
        check(h != 0L) { "VerifiedConversationHandle already closed or handed over" }
        cleanable.clean() // nothing left to free
        return FfiConverterTypeVerifiedConversation.lift(h)
    }

    override fun close() = cleanable.clean()
}

/**
 * An owned native handle that calls borrow: freed once, by [close] or the
 * cleaner, and never while a call is using it (the generated objects' rule);
 * no call starts after [close].
 */
internal class CountedHandle(private val handle: Long, free: (Long) -> Unit) : AutoCloseable {
    private val cleanable = UniffiLib.CLEANER.register(this, FreeOnce(handle, free))
    private val calls = AtomicLong(1)
    private val closed = AtomicBoolean(false)

    fun <R> call(block: (Long) -> R): R {
        // Refused once closed, even while other calls are still in flight
        // (the count alone would admit new calls as long as calls overlap).
        do {
            val c = calls.get()
            check(c != 0L && !closed.get()) { "ConversationVerifier already closed" }
        } while (!calls.compareAndSet(c, c + 1L))
        try {
            return block(handle)
        } finally {
            release()
        }
    }

    private fun release() {
        if (calls.decrementAndGet() == 0L) cleanable.clean()
    }

    override fun close() {
        if (closed.compareAndSet(false, true)) release()
    }
}

/**
 * A cleaner's action that frees `handle` at most once, whoever runs it
 * first (close, the cleaner); [take] hands the handle over instead. It holds
 * no reference to its owner, so the owner can be collected.
 */
private class FreeOnce(handle: Long, private val free: (Long) -> Unit) : Runnable {
    private val handle = AtomicLong(handle)

    /** The handle, now the caller's to free; 0 if already freed or taken. */
    fun take(): Long = handle.getAndSet(0L)

    override fun run() {
        val h = take()
        if (h != 0L) free(h)
    }
}
