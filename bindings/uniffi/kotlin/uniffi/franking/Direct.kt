// Hand-written, compiled with the generated franking.kt into the Kotlin
// bindings: `Direct.seal`, the generated `seal` through the library's direct
// entry point `franking_seal_into` (bindings/uniffi/src/fast.rs) instead of
// UniFFI's buffers, and `Direct.verifyConversationObject`, the generated
// `Keyring.verifyConversationObject` through
// `franking_keyring_verify_conversation_owned`. Through UniFFI, each byte-string argument and result is a
// separately allocated native buffer (a few JNA calls, each building its
// structures by reflection) and its bytes are converted one at a time on the
// Rust side; here one JNA call takes the arrays as they are. Same result as
// `seal` (the Kotlin tests open what it seals), same exception kinds.
package uniffi.franking

import com.sun.jna.Native
import com.sun.jna.NativeLong

object Direct {
    init {
        // The library the generated code loads (its override property included).
        val name = System.getProperty("uniffi.component.franking.libraryOverride") ?: "franking_uniffi"
        Native.register(Direct::class.java, name)
    }

    // size_t as NativeLong: C's long has size_t's width on every JVM and Android ABI
    // (LP64 and ILP32); Windows (LLP64) is not a target of this entry point.
    private external fun franking_seal_into(
        suite: Byte,
        key: ByteArray,
        header: ByteArray,
        headerLen: NativeLong,
        message: ByteArray,
        messageLen: NativeLong,
        out: java.nio.ByteBuffer,
    ): Int

    private external fun franking_keyring_verify_conversation_owned(
        keyring: Long,
        now: Long,
        report: ByteArray,
        reportLen: NativeLong,
    ): Long

    private val ONE = ByteArray(1)

    // The sealed output is written into a direct buffer, which JNA passes by
    // address: a `ByteArray` argument would be copied into native memory and
    // back again, two copies of the message that cost about 10 % of a 1 MiB
    // seal. One buffer per thread, kept up to OUT_KEPT bytes; a larger
    // message gets a buffer of its own. It holds only the envelope and the
    // ciphertext, neither of them secret.
    private const val OUT_KEPT = (1 shl 20) + 88
    private val outBuffers = ThreadLocal<java.nio.ByteBuffer>()

    private fun outBuffer(size: Int): java.nio.ByteBuffer {
        if (size > OUT_KEPT) return java.nio.ByteBuffer.allocateDirect(size)
        var buffer = outBuffers.get()
        if (buffer == null || buffer.capacity() < size) {
            buffer = java.nio.ByteBuffer.allocateDirect(maxOf(size, 4096).coerceAtMost(OUT_KEPT))
            outBuffers.set(buffer)
        }
        return buffer
    }

    /**
     * [Keyring.verifyConversationObject], the report passed in one native call:
     * the same [VerifiedConversation] (close it, or let the cleaner free it),
     * the same exceptions (on any error the generated method is called, and
     * throws it with the crate's message).
     */
    fun verifyConversationObject(ring: Keyring, now: ULong, report: ByteArray): VerifiedConversation {
        // The ring's handle as the generated methods pass it: a clone, which
        // the entry point consumes, while the ring is kept alive.
        val handle = ring.callWithHandle { h ->
            franking_keyring_verify_conversation_owned(h, now.toLong(), if (report.isEmpty()) ONE else report, NativeLong(report.size.toLong()))
        }
        if (handle == 0L) return ring.verifyConversationObject(now, report)
        return FfiConverterTypeVerifiedConversation.lift(handle)
    }

    /** [seal], in one native call: `message` sealed under `key` (32 bytes) with a fresh nonce. */
    fun seal(suite: Suite, key: ByteArray, header: ByteArray, message: ByteArray): SealedMessage {
        if (key.size != 32) throw FrankingException.BadLength("message key must be 32 bytes, got ${key.size}")
        val out = outBuffer(88 + message.size)
        // The entry point takes no null pointer: an empty array is passed as a
        // one-byte array with length 0.
        val rc = franking_seal_into(
            if (suite == Suite.AES256) 1 else 0,
            key,
            if (header.isEmpty()) ONE else header,
            NativeLong(header.size.toLong()),
            if (message.isEmpty()) ONE else message,
            NativeLong(message.size.toLong()),
            out,
        )
        // Failed before sealing (a header or message too long): the generated
        // seal throws the same kind, with the crate's message.
        if (rc != 0) return uniffi.franking.seal(suite, key, header, message)
        val envelope = ByteArray(88)
        val ciphertext = ByteArray(message.size)
        // Relative reads through a duplicate (absolute bulk reads are newer
        // than some Android releases): the envelope, then the ciphertext.
        val read = out.duplicate()
        read.get(envelope)
        read.get(ciphertext)
        return SealedMessage(envelope = envelope, frankingTag = envelope.copyOfRange(24, 56), ciphertext = ciphertext)
    }
}
