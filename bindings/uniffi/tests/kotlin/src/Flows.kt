// Every role's flow through the typed Kotlin API (what an app or a server
// writes), in both suites: sender, platform, recipient, moderator; layer
// mode, receipts, batch stamps, the keyring's life (rotate, export, load,
// sync, prune), conversations, media streamed a chunk at a time, report
// submissions and report ids.
package franking.tests

import uniffi.franking.*

object Flows {
    private const val T0: ULong = 1_760_000_000UL
    private const val DAY: ULong = 86_400UL
    private val suites = Suite.values().toList()

    private fun ctx(seq: ULong = 0UL, conversation: ByteArray = ByteArray(0), sender: String = "alice", recipient: String = "bob") =
        DeliveryContext(utf8(sender), utf8(recipient), T0 + seq, utf8("msg-$seq"), conversation, seq)

    fun run() {
        for (suite in suites) Harness.check("flows", "one message through every role, $suite") { message(suite) }
        Harness.check("flows", "layer mode: commit, verify_commitment, report") { layerMode() }
        Harness.check("flows", "receipts: stamp_receipt, check_receipt, report from receipt") { receipts() }
        Harness.check("flows", "batch stamps for a group") { batch() }
        Harness.check("flows", "keyring: rotate, export for a KMS, load, sync, prune") { keyringLife() }
        Harness.check("flows", "conversation report with a stamp-only entry and a gap") { conversation() }
        for (suite in suites) Harness.check("flows", "media streamed a chunk at a time, whole and range reports, $suite") { media(suite) }
        Harness.check("flows", "report submission with a message and a conversation") { submission() }
        runDirect(jni = true)
    }

    /**
     * The hand-written fast paths (Direct.kt). `jni`: whether this JVM loaded
     * their JNI entry points (run-tests runs these checks again in a JVM
     * started with -Duniffi.franking.jni=false, where the generated calls
     * are made instead, and must give the same results).
     */
    fun runDirect(jni: Boolean) {
        val mode = if (jni) "JNI" else "no JNI: generated calls"
        Harness.check("flows", "Direct's JNI entry points are ${if (jni) "loaded" else "not loaded"} ($mode)") {
            expect(jniAvailable() == jni) { "DirectJni.available is ${!jni}" }
        }
        Harness.check("flows", "Direct.seal opens as seal does, in both suites ($mode)") { directSeal() }
        Harness.check("flows", "Direct.verifyConversationObject and ConversationVerifier agree with verifyConversationObject and refuse alike ($mode)") { directConversation() }
        Harness.check("flows", "ConversationVerifier and its verdict handles: closed once, then refused; later keys apply; the keyring's own close does not close it ($mode)") { verifierLife() }
        Harness.check("flows", "ConversationVerifier shared by four threads and closed while they verify: each verifies until refused, nothing else ($mode)") { verifierThreads() }
        if (jni) Harness.check("flows", "the JNI entry points themselves (no fallback): seal from 0 B to past the 4 MiB held, conversation verification") { jniEntryPoints() }
        if (jni) Harness.check("flows", "the JNI seal refuses an output array that is also an input or the other output (no aliased buffers)") { jniSealAliasing() }
    }

    private fun jniAvailable(): Boolean {
        val jni = Class.forName("uniffi.franking.DirectJni")
        return jni.getMethod("getAvailable").invoke(jni.getField("INSTANCE").get(null)) as Boolean
    }

    private fun directConversation() {
        val ring = Keyring.generate(3u, T0 - DAY, 30UL * DAY)
        val room = utf8("room")
        val entries = mutableListOf<ConversationEntry>()
        for (seq in listOf(1UL, 2UL, 4UL)) {
            val c = commit(ByteArray(0), utf8("line $seq"))
            val context = ctx(seq = seq, conversation = room)
            val receipt = ring.stampReceipt(c.frankingTag, context)
            entries += if (seq == 2UL) {
                ConversationEntry.StampOnly(receipt)
            } else {
                val opened = verifyCommitment(ByteArray(0), utf8("line $seq"), c.opening, c.frankingTag)
                ConversationEntry.Message(buildReport(opened, context, decodeReceipt(receipt).stamp))
            }
        }
        val report = buildConversationReport(entries)
        val regular = ring.verifyConversationObject(T0 + 10UL, report).use { it.verdict() }
        ConversationVerifier(ring).use { verifier ->
            verifier.verify(T0 + 10UL, report).use { summary ->
                expect(summary.entryCount == 3u && summary.missing == 1UL && !summary.isContiguous && !summary.isComplete) { "handle summary" }
            }
            // Both ways to the generated object: through a verifier, and in one call.
            val viaVerifier = verifier.verify(T0 + 10UL, report).toVerifiedConversation()
            for (direct in listOf(viaVerifier, Direct.verifyConversationObject(ring, T0 + 10UL, report))) direct.use {
                val v = direct.verdict()
                expect(v.entries.size == 3 && v.gaps == regular.gaps && v.missing == 1UL && !v.isContiguous && !v.isComplete) { "summary" }
                expectBytes(v.conversation, regular.conversation, "conversation")
                for (i in 0 until 3) {
                    val (a, b) = v.entries[i] to regular.entries[i]
                    expect(a.stampOnly == b.stampOnly && a.context.seq == b.context.seq && a.keyId == b.keyId) { "entry $i" }
                    expectBytes(a.message, b.message, "entry $i message")
                    expectBytes(a.stamp, b.stamp, "entry $i stamp")
                }
                expect(direct.entryCount() == 3u && direct.entry(3u) == null) { "entry count" }
            }
        }
        val forged = report.copyOf().also { it[it.size - 1] = (it[it.size - 1].toInt() xor 1).toByte() }
        for ((bad, now) in listOf(forged to T0 + 10UL, report to T0 + 365UL * DAY, report.copyOf(report.size - 1) to T0, ByteArray(0) to T0)) {
            val expected = try {
                ring.verifyConversationObject(now, bad).close()
                null
            } catch (e: FrankingException) {
                e
            }
            expect(expected != null) { "the regular method accepted a bad report" }
            val verifier = ConversationVerifier(ring)
            for ((name, attempt) in listOf<Pair<String, () -> Unit>>(
                "Direct.verifyConversationObject" to { Direct.verifyConversationObject(ring, now, bad).close() },
                "ConversationVerifier.verify" to { verifier.verify(now, bad).close() },
            )) {
                try {
                    attempt()
                    throw AssertionError("$name accepted a bad report")
                } catch (e: FrankingException) {
                    expect(e.javaClass == expected!!.javaClass && e.message == expected.message) { "$name: ${e.javaClass.simpleName} ${e.message} vs ${expected.javaClass.simpleName} ${expected.message}" }
                }
            }
            verifier.close()
        }
    }

    private fun verifierLife() {
        val ring = Keyring.generate(1u, T0 - DAY, 30UL * DAY)
        val verifier = ConversationVerifier(ring)
        // A key rotated into the keyring after the verifier was made verifies its reports.
        ring.rotateGenerate(2u, T0)
        expect(ring.current() == 2u) { "rotated" }
        val c = commit(ByteArray(0), utf8("after rotation"))
        val context = ctx(seq = 1UL, conversation = utf8("room"))
        val opened = verifyCommitment(ByteArray(0), utf8("after rotation"), c.opening, c.frankingTag)
        val report = buildConversationReport(listOf(ConversationEntry.Message(buildReport(opened, context, ring.stamp(c.frankingTag, context)))))
        val handle = verifier.verify(T0 + 10UL, report)
        expect(handle.entryCount == 1u && handle.isContiguous && handle.isComplete) { "summary after rotation" }
        val verdict = handle.toVerifiedConversation()
        expect(verdict.verdict().entries.single().keyId == 2u) { "the rotated key" }
        verdict.close()
        // A handed-over handle is spent; closing it again does nothing.
        expectThrows<IllegalStateException>("second hand-over") { handle.toVerifiedConversation() }
        handle.close()
        verifier.verify(T0 + 10UL, report).close()
        verifier.close()
        verifier.close()
        expectThrows<IllegalStateException>("verify after close") { verifier.verify(T0 + 10UL, report) }
        // The keyring itself is untouched by the verifier's close.
        expect(ring.verifyConversation(T0 + 10UL, report).entries.size == 1) { "keyring after the verifier closed" }
        // Nor is a verifier by the keyring's: it verifies, and refuses a
        // forged report with the crate's exception (the generated call made
        // through its own reference).
        val second = ConversationVerifier(ring)
        ring.close()
        second.verify(T0 + 10UL, report).use { expect(it.entryCount == 1u) { "after the keyring closed" } }
        val forged = report.copyOf().also { it[it.size - 1] = (it[it.size - 1].toInt() xor 1).toByte() }
        expectError("Invalid") { second.verify(T0 + 10UL, forged) }
        second.close()
    }

    private fun verifierThreads() {
        val ring = Keyring.generate(5u, T0 - DAY, 30UL * DAY)
        val room = utf8("room")
        val report = buildConversationReport((1UL..3UL).map { seq ->
            val c = commit(ByteArray(0), utf8("line $seq"))
            val context = ctx(seq = seq, conversation = room)
            val opened = verifyCommitment(ByteArray(0), utf8("line $seq"), c.opening, c.frankingTag)
            ConversationEntry.Message(buildReport(opened, context, ring.stamp(c.frankingTag, context)))
        })
        val verifier = ConversationVerifier(ring)
        val started = java.util.concurrent.CountDownLatch(4)
        val problems = java.util.concurrent.ConcurrentLinkedQueue<String>()
        val verified = java.util.concurrent.atomic.AtomicInteger()
        val threads = (0 until 4).map { t ->
            Thread {
                var refused = false
                try {
                    for (i in 0 until 1_000_000) {
                        if (i == 20) started.countDown()
                        try {
                            verifier.verify(T0 + 10UL, report).use { if (it.entryCount != 3u || !it.isComplete) problems += "thread $t: summary" }
                            verified.incrementAndGet()
                        } catch (e: IllegalStateException) {
                            refused = true
                            break
                        }
                    }
                } catch (e: Throwable) {
                    problems += "thread $t: ${e.javaClass.simpleName}: ${e.message}"
                } finally {
                    if (!refused) problems += "thread $t: never refused"
                    started.countDown()
                }
            }.also { it.start() }
        }
        started.await()
        verifier.close()
        threads.forEach { it.join() }
        expect(problems.isEmpty()) { problems.joinToString("; ") }
        expect(verified.get() >= 80) { "only ${verified.get()} verifications before the close" }
    }

    // Direct's calls fall back to the generated ones on any error, which give
    // the same results; here the JNI functions are called by reflection and
    // must succeed themselves.
    private fun jniEntryPoints() {
        val jni = Class.forName("uniffi.franking.DirectJni")
        val bytes = ByteArray::class.java
        val seal = jni.getMethod("seal", Byte::class.java, bytes, bytes, bytes, bytes, bytes)
        val key = generateMessageKey()
        for ((id, suite) in listOf(0 to Suite.X_CHA_CHA20, 1 to Suite.AES256)) {
            for (size in listOf(0, 1, 4 shl 20, (4 shl 20) + 1)) {
                val message = ByteArray(size) { (it * 13).toByte() }
                val envelope = ByteArray(88)
                val ciphertext = ByteArray(size)
                val rc = seal.invoke(null, id.toByte(), key, utf8("hdr"), message, envelope, ciphertext) as Int
                expect(rc == 0) { "DirectJni.seal of $size B returned $rc" }
                expectBytes(open(suite, key, envelope, utf8("hdr"), ciphertext).message, message, "opened ($size B, $suite)")
            }
        }
        val ring = Keyring.generate(6u, T0 - DAY, 30UL * DAY)
        val c = commit(ByteArray(0), utf8("one"))
        val context = ctx(seq = 1UL, conversation = utf8("room"))
        val opened = verifyCommitment(ByteArray(0), utf8("one"), c.opening, c.frankingTag)
        val report = buildConversationReport(listOf(ConversationEntry.Message(buildReport(opened, context, ring.stamp(c.frankingTag, context)))))
        val verify = jni.getMethod("verifyConversation", Long::class.java, Long::class.java, bytes, LongArray::class.java)
        val free = jni.getMethod("verdictFree", Long::class.java)
        val summary = LongArray(3)
        // A reference to the keyring of the test's own, borrowed by the calls, then freed.
        val ringHandle = ring.uniffiCloneHandle()
        try {
            val handle = verify.invoke(null, ringHandle, (T0 + 10UL).toLong(), report, summary) as Long
            expect(handle != 0L && summary.contentEquals(longArrayOf(1, 0, 3))) { "DirectJni.verifyConversation: handle $handle, summary ${summary.toList()}" }
            free.invoke(null, handle)
            val forged = report.copyOf().also { it[it.size - 1] = (it[it.size - 1].toInt() xor 1).toByte() }
            val refused = verify.invoke(null, ringHandle, (T0 + 10UL).toLong(), forged, LongArray(3)) as Long
            expect(refused == 0L) { "DirectJni.verifyConversation accepted a forged report" }
        } finally {
            FfiConverterTypeKeyring.lift(ringHandle).destroy()
        }
    }

    // The JNI entry point behind Direct.seal, reached by reflection: an output
    // array that is also an input would make the native side's slices alias;
    // it is refused and the message array is left as it was.
    private fun jniSealAliasing() {
        val jni = Class.forName("uniffi.franking.DirectJni")
        val seal = jni.getMethod("seal", Byte::class.java, ByteArray::class.java, ByteArray::class.java, ByteArray::class.java, ByteArray::class.java, ByteArray::class.java)
        val key = generateMessageKey()
        val message = utf8("aliased message!")
        val before = message.copyOf()
        val envelope = ByteArray(88)
        val rc = seal.invoke(null, 0.toByte(), key, ByteArray(0), message, envelope, message) as Int
        expect(rc != 0) { "sealed in place over its own input" }
        expectBytes(message, before, "message untouched")
        val rc2 = seal.invoke(null, 0.toByte(), key, ByteArray(0), ByteArray(88), ByteArray(88), ByteArray(88)) as Int
        expect(rc2 == 0) { "distinct arrays seal" }
        val rc3 = seal.invoke(null, 0.toByte(), key, envelope, ByteArray(4), envelope, ByteArray(4)) as Int
        expect(rc3 != 0) { "envelope output is also the header" }
        val both = ByteArray(88)
        val rc4 = seal.invoke(null, 0.toByte(), key, ByteArray(0), ByteArray(88), both, both) as Int
        expect(rc4 != 0) { "the two outputs are one array" }
        val keyCopy = key.copyOf()
        val rc5 = seal.invoke(null, 0.toByte(), keyCopy, ByteArray(0), ByteArray(32), ByteArray(88), keyCopy) as Int
        expect(rc5 != 0 && keyCopy.contentEquals(key)) { "the ciphertext output is the key" }
    }

    private fun directSeal() {
        val key = generateMessageKey()
        for (suite in suites) {
            for ((h, m) in listOf(ByteArray(0) to ByteArray(0), utf8("hdr") to ByteArray(0), ByteArray(0) to utf8("m"),
                utf8("room 1") to ByteArray(1 shl 20) { (it * 7).toByte() },
                // Past the 4 MiB sealed inside the held array (then sealed in
                // Rust memory and copied out), then short again.
                utf8("room 1") to ByteArray((4 shl 20) + 1) { (it * 5).toByte() }, ByteArray(0) to utf8("m2"))) {
                val sealed = Direct.seal(suite, key, h, m)
                expect(sealed.envelope.size == 88 && sealed.ciphertext.size == m.size) { "sizes" }
                expectBytes(decodeEnvelope(sealed.envelope).frankingTag, sealed.frankingTag, "franking tag")
                expectBytes(open(suite, key, sealed.envelope, h, sealed.ciphertext).message, m, "opened (${m.size} B)")
                // Sealed in the suite asked for: the other suite does not open it.
                expectError("Invalid") { open(suites.first { it != suite }, key, sealed.envelope, h, sealed.ciphertext) }
            }
        }
        expectError("BadLength") { Direct.seal(suites[0], key.copyOf(31), ByteArray(0), ByteArray(0)) }
    }

    private fun message(suite: Suite) {
        val ring = Keyring.generate(7u, T0 - DAY, 30UL * DAY)
        expect(ring.current() == 7u && !ring.isVerifyOnly()) { "current ${ring.current()}" }
        val key = generateMessageKey()
        expect(key.size == 32) { "key of ${key.size} bytes" }
        val header = utf8("room 1")
        val text = utf8("the message ".repeat(50))
        val sealed = seal(suite, key, header, text.copyOf())
        expect(sealed.envelope.size == 88 && sealed.ciphertext.size == text.size) { "sizes" }
        expect(!sealed.ciphertext.contentEquals(text)) { "ciphertext equals the message" }
        val env = decodeEnvelope(sealed.envelope)
        expectBytes(env.frankingTag, sealed.frankingTag, "envelope's franking tag")
        val c = ctx()
        val stamp = ring.stamp(sealed.frankingTag, c)
        expectBytes(ring.stampEnvelope(sealed.envelope, c), stamp, "stamp of the envelope")
        expect(decodeStamp(stamp).keyId == 7u) { "stamp key id" }
        val opened = open(suite, key, sealed.envelope, header, sealed.ciphertext)
        expectBytes(opened.message, text, "opened message")
        expectBytes(opened.frankingTag, sealed.frankingTag, "opened tag")
        val report = buildReport(opened, c, stamp)
        val v = ring.verify(T0 + 10UL, report)
        expectBytes(v.message, text, "verified message")
        expectBytes(v.header, header, "verified header")
        expectBytes(v.context.sender, utf8("alice"), "verified sender")
        expect(v.context.timestamp == T0 && v.keyId == 7u) { "verified context" }
        expectBytes(v.stamp, stamp, "verified stamp")
        // The other suite's key does not open it; another message key neither.
        val other = suites.first { it != suite }
        expectError("Invalid") { open(other, key, sealed.envelope, header, sealed.ciphertext) }
        expectError("Invalid") { open(suite, generateMessageKey(), sealed.envelope, header, sealed.ciphertext) }
        // A caller-chosen nonce gives the same envelope twice.
        val nonce = generateNonce()
        val a = sealWithNonce(suite, key, nonce, header, text)
        val b = sealWithNonce(suite, key, nonce, header, text)
        expectBytes(a.envelope, b.envelope, "envelope under one nonce")
        expectBytes(decodeEnvelope(a.envelope).nonce, nonce, "nonce in the envelope")
        // Report ids are stable and bind the reporter.
        val id = reportIdForMessage(stamp, utf8("bob"))
        expectBytes(reportIdForMessage(stamp, utf8("bob")), id, "report id")
        expect(!reportIdForMessage(stamp, utf8("carol")).contentEquals(id)) { "report id ignores the reporter" }
    }

    private fun layerMode() {
        val ring = Keyring.generate(1u, T0 - DAY, 30UL * DAY)
        val commitment = commit(utf8("h"), utf8("an MLS application message"))
        expect(commitment.opening.size == 32 && commitment.frankingTag.size == 32) { "sizes" }
        val c = ctx()
        val stamp = ring.stamp(commitment.frankingTag, c)
        val opened = verifyCommitment(utf8("h"), utf8("an MLS application message"), commitment.opening, commitment.frankingTag)
        val v = ring.verify(T0, buildReport(opened, c, stamp))
        expectBytes(v.message, utf8("an MLS application message"), "verified message")
        expectError("Invalid") { verifyCommitment(utf8("h"), utf8("another message"), commitment.opening, commitment.frankingTag) }
    }

    private fun receipts() {
        val ring = Keyring.generate(2u, T0 - DAY, 30UL * DAY)
        val key = generateMessageKey()
        val sealed = seal(Suite.values()[0], key, ByteArray(0), utf8("hi"))
        val c = ctx(seq = 4UL, conversation = utf8("room"))
        val receipt = ring.stampReceipt(sealed.frankingTag, c)
        val info = decodeReceipt(receipt)
        expectBytes(info.frankingTag, sealed.frankingTag, "receipt tag")
        expect(info.context.seq == 4UL) { "receipt seq" }
        expectBytes(info.stamp, ring.stamp(sealed.frankingTag, c), "receipt stamp")
        val expected = ExpectedDelivery(utf8("alice"), utf8("bob"), utf8("room"))
        checkReceipt(receipt, sealed.frankingTag, expected)
        expectError("ReceiptMismatch") { checkReceipt(receipt, sealed.frankingTag, ExpectedDelivery(utf8("mallory"), utf8("bob"), utf8("room"))) }
        val opened = open(Suite.values()[0], key, sealed.envelope, ByteArray(0), sealed.ciphertext)
        val v = ring.verify(T0 + 4UL, buildReportFromReceipt(opened, receipt, expected))
        expectBytes(v.message, utf8("hi"), "verified message")
    }

    private fun batch() {
        val ring = Keyring.generate(3u, T0 - DAY, 30UL * DAY)
        val key = generateMessageKey()
        val sealed = seal(Suite.values()[0], key, ByteArray(0), utf8("to the group"))
        val members = listOf("bob", "carol", "dave").map { utf8(it) }
        val c = ctx(conversation = utf8("group"), seq = 9UL)
        val stamps = ring.stampBatch(sealed.frankingTag, c, members)
        expect(stamps.size == 3) { "${stamps.size} stamps" }
        val opened = open(Suite.values()[0], key, sealed.envelope, ByteArray(0), sealed.ciphertext)
        for ((i, m) in members.withIndex()) {
            val mc = DeliveryContext(c.sender, m, c.timestamp, c.messageId, c.conversation, c.seq)
            expectBytes(stamps[i], ring.stamp(sealed.frankingTag, mc), "stamp for member $i")
            expectBytes(ring.verify(T0 + 9UL, buildReport(opened, mc, stamps[i])).context.recipient, m, "recipient")
        }
    }

    private fun keyringLife() {
        val ring = Keyring.generate(1u, T0 - 10UL * DAY, 30UL * DAY)
        val key = generateMessageKey()
        val sealed = seal(Suite.values()[0], key, ByteArray(0), utf8("old"))
        val opened = open(Suite.values()[0], key, sealed.envelope, ByteArray(0), sealed.ciphertext)
        val early = DeliveryContext(utf8("a"), utf8("b"), T0 - 5UL * DAY, utf8("m1"), ByteArray(0), 0UL)
        val oldReport = buildReport(opened, early, ring.stamp(sealed.frankingTag, early))
        ring.rotateGenerate(2u, T0 - DAY)
        expect(ring.current() == 2u) { "current after rotation ${ring.current()}" }
        val keys = ring.keys()
        expect(keys.map { it.keyId } == listOf(1u, 2u)) { "keys $keys" }
        expect(!keys[0].isOpen && keys[0].notAfter == T0 - DAY && keys[1].isOpen) { "intervals $keys" }
        expect(ring.verify(T0, oldReport).keyId == 1u) { "the old key's report" }
        // Export for a KMS; a server loads the same keyring; a moderator syncs from the records.
        val records = ring.exportRecords()
        expect(records.size == 2 && records.all { it.size == 54 }) { "records" }
        expect(keyRecordInfo(records[1]).keyId == 2u) { "record info" }
        val loaded = Keyring.load(records, 30UL * DAY, null)
        expect(loaded.current() == 2u) { "loaded current" }
        val c = ctx()
        expectBytes(loaded.stamp(sealed.frankingTag, c), ring.stamp(sealed.frankingTag, c), "stamp of the loaded keyring")
        val moderator = Keyring.verifyOnly(30UL * DAY, 600UL)
        expect(moderator.isVerifyOnly() && moderator.current() == null) { "verify-only" }
        val sync = moderator.sync(records)
        expect(sync.added == 2u && sync.closed == 0u && sync.retired == 0u) { "sync $sync" }
        expect(moderator.verify(T0, oldReport).keyId == 1u) { "moderator verifies" }
        // A KMS-made key: rotate to its record.
        val kms = encodeKeyRecord(3u, T0, ULong.MAX_VALUE, ByteArray(32) { (it + 1).toByte() })
        ring.rotateToRecord(kms)
        expect(ring.current() == 3u) { "current after KMS rotation" }
        // Prune: key 1 ended 10 days before key 3 began.
        expect(ring.retireOlderThan(T0 - DAY + 1UL) == 1u) { "retire_older_than" }
        expectError("UnknownKey") { ring.verify(T0, oldReport) }
        expect(ring.retireExpired(T0 + 365UL * DAY) == 1u) { "retire_expired" }
        expect(ring.keys().map { it.keyId } == listOf(3u)) { "keys after pruning ${ring.keys()}" }
        val resync = moderator.sync(ring.exportRecords())
        expect(resync.retired == 2u && resync.added == 1u) { "resync $resync" }
        moderator.insertRecord(records[0])
        moderator.closeInterval(1u, T0 - 2UL * DAY)
        moderator.retire(1u)
        expect(moderator.keys().map { it.keyId } == listOf(3u)) { "moderator keys ${moderator.keys()}" }
    }

    private fun conversation() {
        val ring = Keyring.generate(1u, T0 - DAY, 30UL * DAY)
        val room = utf8("room-9")
        val entries = ArrayList<ConversationEntry>()
        val stamps = ArrayList<ByteArray>()
        val only = ArrayList<Boolean>()
        // Messages 1..6 of the conversation; 4 is missing, 5 shown by its stamp only.
        for (seq in listOf(1UL, 2UL, 3UL, 5UL, 6UL)) {
            val key = generateMessageKey()
            val sealed = seal(Suite.values()[0], key, ByteArray(0), utf8("message $seq"))
            val c = ctx(seq = seq, conversation = room, sender = if (seq % 2UL == 0UL) "bob" else "alice", recipient = "bob")
            val receipt = ring.stampReceipt(sealed.frankingTag, c)
            val stamp = decodeReceipt(receipt).stamp
            stamps += stamp
            if (seq == 5UL) {
                entries += ConversationEntry.StampOnly(receipt)
                only += true
            } else {
                val opened = open(Suite.values()[0], key, sealed.envelope, ByteArray(0), sealed.ciphertext)
                entries += ConversationEntry.Message(buildReport(opened, c, stamp))
                only += false
            }
        }
        val report = buildConversationReport(entries)
        val v = ring.verifyConversation(T0 + 10UL, report)
        expectBytes(v.conversation, room, "conversation")
        expect(v.entries.map { it.context.seq } == listOf(1UL, 2UL, 3UL, 5UL, 6UL)) { "seqs" }
        expect(v.entries.map { it.stampOnly } == only) { "stamp-only flags" }
        expect(v.entries[3].message.isEmpty() && v.entries[2].message.contentEquals(utf8("message 3"))) { "messages" }
        expect(v.missing == 1UL && !v.isContiguous && !v.isComplete) { "missing ${v.missing}" }
        expect(v.gaps.size == 1 && v.gaps[0].after == 3UL && v.gaps[0].before == 5UL && v.gaps[0].missing == 1UL) { "gaps ${v.gaps}" }
        // The same verdict held on the Rust side, read an entry at a time.
        ring.verifyConversationObject(T0 + 10UL, report).use { held ->
            expect(held.entryCount() == 5u) { "entry count ${held.entryCount()}" }
            for (i in 0 until 5) {
                val e = held.entry(i.toUInt())!!
                expect(e.context.seq == v.entries[i].context.seq && e.stampOnly == v.entries[i].stampOnly) { "entry $i" }
                expectBytes(e.context.sender, v.entries[i].context.sender, "entry $i sender")
                expectBytes(e.message, v.entries[i].message, "entry $i message")
                expectBytes(e.stamp, v.entries[i].stamp, "entry $i stamp")
            }
            expect(held.entry(5u) == null) { "an entry past the last" }
            expect(held.gaps() == v.gaps && held.missing() == 1UL && !held.isContiguous() && !held.isComplete()) { "held gaps" }
            expect(held.verdict().entries.size == 5) { "held verdict" }
        }
        expectError("Invalid") { ring.verifyConversationObject(T0 + 10UL, report.copyOf().also { it[it.size - 1] = (it[it.size - 1].toInt() xor 1).toByte() }) }
        val id = reportIdForConversation(stamps, only, utf8("bob"))
        expect(id.size == 32) { "conversation report id" }
        expectError("Invalid") { ring.verifyConversation(T0 + 10UL, report.copyOf().also { it[it.size - 1] = (it[it.size - 1].toInt() xor 1).toByte() }) }
    }

    private fun media(suite: Suite) {
        val ring = Keyring.generate(1u, T0 - DAY, 30UL * DAY)
        val chunkSize = mediaChunkSize().toInt()
        expect(chunkSize == 65536) { "chunk size $chunkSize" }
        val length = 3 * chunkSize + 1000 // four chunks, the last short
        fun chunk(i: Int): ByteArray {
            val n = minOf(chunkSize, length - i * chunkSize)
            return ByteArray(n) { ((i * chunkSize + it) * 7 % 251).toByte() }
        }
        // Sender: the nonce first (the attachment key derives from it), then the chunks.
        val key = generateMessageKey()
        val nonce = generateNonce()
        val sealer = MediaSealer(suite, key, nonce, 0u)
        val cts = ArrayList<ByteArray>()
        var tree = ByteArray(0)
        for (i in 0 until 4) {
            val s = sealer.pushChunk(chunk(i), i == 3)
            cts += s.ciphertext
            tree += s.treeRecords
        }
        expect(sealer.chunksSealed() == 4UL) { "chunks sealed" }
        val descriptor = sealer.descriptor()
        expect(descriptor.size == 88) { "descriptor" }
        val body = encodeMediaMessage(listOf(descriptor), utf8("a video"))
        val sealed = sealWithNonce(suite, key, nonce, ByteArray(0), body)
        val c = ctx()
        val stamp = ring.stamp(sealed.frankingTag, c)
        // Recipient: open the message, keep the attachment evidence, stream the chunks.
        val opened = open(suite, key, sealed.envelope, ByteArray(0), sealed.ciphertext)
        val m = decodeMediaMessage(opened.message)
        expectBytes(m.body, utf8("a video"), "body")
        expectBytes(m.descriptors[0], descriptor, "descriptor in the message")
        val evidence = attachmentEvidence(suite, key, nonce, opened.message, 0u)
        expectBytes(attachmentEvidenceDescriptor(evidence), descriptor, "evidence descriptor")
        val opener = MediaOpener(evidence, tree)
        for (i in 0 until 4) {
            expect(opener.nextIndex() == i.toULong() && opener.nextChunkLen()?.toInt() == cts[i].size) { "next chunk $i" }
            expectBytes(opener.openChunk(cts[i]), chunk(i), "chunk $i")
        }
        expect(opener.isComplete() && opener.nextChunkLen() == null) { "complete" }
        opener.finish()
        // Random access: chunk 2 alone.
        val akey = attachmentKey(suite, key, nonce, 0u, ByteArray(32))
        expectBytes(openAttachmentChunk(suite, akey, descriptor, 2UL, cts[2], tree), chunk(2), "random access")
        // A tampered chunk fails, and the opener stays failed.
        val bad = MediaOpener(evidence, tree)
        expectError("Invalid") { bad.openChunk(cts[0].copyOf().also { it[5] = (it[5].toInt() xor 1).toByte() }) }
        expectError("Invalid") { bad.openChunk(cts[0]) }
        expectError("Invalid") { bad.finish() }
        // Reports: the whole attachment, and chunks 1..2 as a range.
        val messageReport = buildReport(opened, c, stamp)
        val whole = MediaReportBuilder.whole(evidence, messageReport)
        var wire = whole.head()
        while (true) {
            val i = whole.nextChunkIndex() ?: break
            wire += whole.pushChunk(chunk(i.toInt()))
        }
        val vw = ring.verifyMediaReport(T0, wire)
        expect(vw.isWhole && vw.chunkCount == 4UL && vw.attachmentLen == length.toULong()) { "whole report" }
        expectBytes(vw.plaintext, (0 until 4).fold(ByteArray(0)) { a, i -> a + chunk(i) }, "whole plaintext")
        val range = MediaReportBuilder.range(evidence, messageReport, 1UL, 2UL, tree)
        var rwire = range.head()
        for (i in 1..2) rwire += range.pushChunk(chunk(i))
        expectError("Malformed") { range.pushChunk(chunk(3)) }
        val vr = ring.verifyMediaReport(T0, rwire)
        expect(!vr.isWhole && vr.firstChunk == 1UL && vr.chunkCount == 2UL && vr.byteOffset == chunkSize.toULong()) { "range report" }
        expectBytes(vr.plaintext, chunk(1) + chunk(2), "range plaintext")
        expect(reportIdForRange(stamp, 0u, 1UL, 2UL, utf8("bob")).size == 32) { "range report id" }
        val covering = MediaReportBuilder.covering(evidence, messageReport, chunkSize.toULong() * 3UL + 10UL, 5UL, tree)
        expect(covering.firstChunk() == 3UL && covering.chunkCount() == 1UL) { "covering" }
    }

    private fun submission() {
        val ring = Keyring.generate(1u, T0 - DAY, 30UL * DAY)
        val key = generateMessageKey()
        val sealed = seal(Suite.values()[0], key, ByteArray(0), utf8("abuse"))
        val c = ctx()
        val opened = open(Suite.values()[0], key, sealed.envelope, ByteArray(0), sealed.ciphertext)
        val report = buildReport(opened, c, ring.stamp(sealed.frankingTag, c))
        val reason = (0..100).map { it.toUShort() }.first { reasonName(it) != null }
        val sub = buildSubmission(reason, utf8("bob"), "it was abusive", listOf(SubmissionEntry(SubmissionEntryKind.MESSAGE, report)))
        val v = ring.verifySubmission(T0 + 5UL, sub, utf8("bob"), emptyList())
        expect(v.reason == reason && v.reasonName == reasonName(reason) && v.note == "it was abusive") { "claims" }
        expectBytes(v.reporter, utf8("bob"), "reporter")
        expect(v.entries.size == 1 && v.entries[0].kind == SubmissionEntryKind.MESSAGE && v.entries[0].message != null) { "entries" }
        expect(v.messages.size == 1 && v.messages[0].addressee == Addressee.DIRECT) { "addressee" }
        expectBytes(v.messages[0].report.message, utf8("abuse"), "message")
        expectError("ReporterMismatch") { ring.verifySubmission(T0 + 5UL, sub, utf8("carol"), emptyList()) }
    }
}
