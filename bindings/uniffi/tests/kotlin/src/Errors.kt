// Every error kind a caller can meet, each raised through the typed Kotlin API
// and caught as its own FrankingException subclass (the exception carries the
// crate's message). BufferTooSmall and TooManyEntries cannot happen through
// the facade (it sizes every buffer; a submission verdict has no capacity);
// they are still distinct subclasses, checked by name.
package franking.tests

import uniffi.franking.*

object Errors {
    private const val T0: ULong = 1_760_000_000UL
    private const val DAY: ULong = 86_400UL

    private fun ctx(ts: ULong = T0, sender: ByteArray = utf8("alice")) =
        DeliveryContext(sender, utf8("bob"), ts, utf8("m"), ByteArray(0), 0UL)

    private fun flip(b: ByteArray, i: Int) = b.copyOf().also { val j = if (i < 0) it.size + i else i; it[j] = (it[j].toInt() xor 1).toByte() }

    fun run() {
        val ring = Keyring.generate(1u, T0 - DAY, 30UL * DAY)
        val key = generateMessageKey()
        val suite = Suite.values()[0]
        val sealed = seal(suite, key, ByteArray(0), utf8("m"))
        val opened = open(suite, key, sealed.envelope, ByteArray(0), sealed.ciphertext)
        val report = buildReport(opened, ctx(), ring.stamp(sealed.frankingTag, ctx()))
        val receipt = ring.stampReceipt(sealed.frankingTag, ctx())
        val secret = ByteArray(32) { (13 * it + 1).toByte() }
        val cases: List<Pair<String, () -> Any?>> = listOf(
            "Invalid" to { ring.verify(T0, flip(report, -1)) },
            "Malformed" to { ring.verify(T0, report.copyOf(20)) },
            "UnsupportedVersion" to { ring.verify(T0, flip(report, 0)) },
            "UnknownKey" to { Keyring.generate(2u, T0 - DAY, 30UL * DAY).verify(T0, report) },
            "Expired" to { ring.verify(T0 + 31UL * DAY, report) },
            "FromFuture" to { ring.verify(T0 - DAY, report) },
            "TooLong" to { ring.stamp(sealed.frankingTag, ctx(sender = ByteArray(65536))) },
            "KeyringFull" to {
                val full = Keyring.verifyOnly(DAY, null)
                for (id in 1u..129u) full.insertRecord(encodeKeyRecord(id, 0UL, 10UL, secret))
            },
            "DuplicateKeyId" to { ring.insertRecord(encodeKeyRecord(1u, 0UL, 10UL, secret)) },
            "RetiringCurrentKey" to { ring.retire(1u) },
            "InvalidInterval" to { encodeKeyRecord(5u, 10UL, 9UL, secret) },
            "OutsideKeyInterval" to { ring.stamp(sealed.frankingTag, ctx(ts = T0 - 2UL * DAY)) },
            "VerifyOnly" to { Keyring.verifyOnly(DAY, null).stamp(sealed.frankingTag, ctx()) },
            "WeakKey" to { encodeKeyRecord(5u, 0UL, 10UL, ByteArray(32)) },
            "WrongEncoding" to { ring.verify(T0, receipt) },
            "ReceiptMismatch" to { checkReceipt(receipt, sealed.frankingTag, ExpectedDelivery(utf8("eve"), utf8("bob"), ByteArray(0))) },
            "NotAddressed" to {
                val sub = buildSubmission(1u, utf8("carol"), "", listOf(SubmissionEntry(SubmissionEntryKind.MESSAGE, report)))
                ring.verifySubmission(T0, sub, utf8("carol"), emptyList())
            },
            "ReporterMismatch" to {
                val sub = buildSubmission(1u, utf8("bob"), "", listOf(SubmissionEntry(SubmissionEntryKind.MESSAGE, report)))
                ring.verifySubmission(T0, sub, utf8("carol"), emptyList())
            },
            "BadLength" to { seal(suite, key.copyOf(31), ByteArray(0), utf8("m")) },
            "BadState" to { Keyring.load(listOf(encodeKeyRecord(5u, 0UL, 10UL, secret)), DAY, null) },
        )
        for ((kind, body) in cases) {
            Harness.check("errors", kind) {
                expectError(kind, body)
                // The exception is the typed subclass, with the crate's message.
                try {
                    body()
                } catch (e: FrankingException) {
                    expect(!e.message.isNullOrEmpty()) { "no message" }
                }
            }
        }
        Harness.check("errors", "FrankingException has one subclass per kind") {
            val names = FrankingException::class.sealedSubclasses.map { it.simpleName!! }.toSet()
            val unreachable = setOf("BufferTooSmall", "TooManyEntries")
            expect(names == cases.map { it.first }.toSet() + unreachable) { "subclasses $names" }
        }
        Harness.check("errors", "an Invalid is caught as FrankingException.Invalid, the call's only outcome") {
            try {
                open(suite, generateMessageKey(), sealed.envelope, ByteArray(0), sealed.ciphertext)
                fail("opened under another key")
            } catch (e: FrankingException.Invalid) {
                // expected
            }
        }
    }
}
