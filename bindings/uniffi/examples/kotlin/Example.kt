// The README's Kotlin example: one message through the four roles of
// franking, with the generated Kotlin bindings (package uniffi.franking).
// bindings/uniffi/README.md gives the commands that build and run it.
import uniffi.franking.*

fun main() {
    // Platform: a keyring that stamps; reports expire after 30 days.
    val now = System.currentTimeMillis().toULong() / 1000UL
    val keyring = Keyring.generate(1u, now - 60UL, 30UL * 24UL * 3600UL)

    // Sender: seal under the message key the two clients share.
    val key = generateMessageKey()
    val sealed = seal(Suite.AES256, key, "room 7".toByteArray(), "hello, bob".toByteArray())

    // Platform: stamp the franking tag for this delivery (it never sees the message).
    val context = DeliveryContext(
        sender = "alice".toByteArray(),
        recipient = "bob".toByteArray(),
        timestamp = now,
        messageId = "msg-1".toByteArray(),
        conversation = ByteArray(0),
        seq = 0UL,
    )
    val stamp = keyring.stamp(sealed.frankingTag, context)

    // Recipient: open (both tags checked first), keep the report as evidence.
    val opened = open(Suite.AES256, key, sealed.envelope, "room 7".toByteArray(), sealed.ciphertext)
    val report = buildReport(opened, context, stamp)

    // Moderator: verify the report; a forged one is rejected.
    val verdict = keyring.verify(now, report)
    println("verified: ${String(verdict.context.sender)} sent \"${String(verdict.message)}\" to ${String(verdict.context.recipient)}")
    val forged = report.copyOf().also { it[it.size - 1] = (it[it.size - 1].toInt() xor 1).toByte() }
    try {
        keyring.verify(now, forged)
        error("a forged report verified")
    } catch (e: FrankingException.Invalid) {
        println("forged report rejected: Invalid")
    }
}
