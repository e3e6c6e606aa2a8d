// Test bookkeeping: each check runs, is counted, and a failure is printed with
// its cause; the run ends with the plain "N passed, N failed" line and a
// non-zero exit if anything failed.
package franking.tests

import java.lang.reflect.InvocationTargetException
import uniffi.franking.FrankingException

class Failure(message: String) : Exception(message)

object Harness {
    var passed = 0
    var failed = 0
    private val groups = LinkedHashMap<String, IntArray>()

    fun check(group: String, name: String, body: () -> Unit) {
        val counts = groups.getOrPut(group) { IntArray(2) }
        try {
            body()
            passed++
            counts[0]++
        } catch (e: Throwable) {
            failed++
            counts[1]++
            val cause = unwrap(e)
            println("FAIL $group: $name: ${cause::class.simpleName}: ${cause.message}")
        }
    }

    fun summary(): Int {
        for ((g, c) in groups) println("  $g: ${c[0]} passed, ${c[1]} failed")
        println("kotlin: $passed passed, $failed failed")
        return if (failed == 0 && passed > 0) 0 else 1
    }
}

/** The exception a reflective call threw, without the reflection wrapper. */
fun unwrap(e: Throwable): Throwable {
    var t = e
    while (t is InvocationTargetException && t.cause != null) t = t.cause!!
    return t
}

fun fail(message: String): Nothing = throw Failure(message)

fun expect(cond: Boolean, message: () -> String) {
    if (!cond) fail(message())
}

fun expectBytes(actual: ByteArray, expected: ByteArray, what: String) {
    if (!actual.contentEquals(expected)) fail("$what: got ${actual.hex()}, expected ${expected.hex()}")
}

/** The error kind (the FrankingException subclass name) that `body` throws; fails if it succeeds. */
fun errorKind(body: () -> Any?): String {
    try {
        body()
    } catch (e: Throwable) {
        val cause = unwrap(e)
        if (cause is FrankingException) return cause::class.simpleName!!
        throw cause
    }
    fail("expected an error, the call succeeded")
}

fun expectError(kind: String, body: () -> Any?) {
    val got = errorKind(body)
    expect(got == kind) { "expected error $kind, got $got" }
}

fun ByteArray.hex(): String = joinToString("") { "%02x".format(it) }

fun hex(s: String): ByteArray {
    val t = s.trim()
    require(t.length % 2 == 0) { "odd hex length" }
    return ByteArray(t.length / 2) { t.substring(2 * it, 2 * it + 2).toInt(16).toByte() }
}

fun utf8(s: String): ByteArray = s.toByteArray(Charsets.UTF_8)

/** Fails unless `body` throws a T (not a FrankingException: a misuse of the Kotlin object, refused before any native call). */
inline fun <reified T : Throwable> expectThrows(what: String, body: () -> Any?) {
    try {
        body()
    } catch (e: Throwable) {
        if (e is T) return
        fail("$what: expected ${T::class.simpleName}, got ${e::class.simpleName}: ${e.message}")
    }
    fail("$what: expected ${T::class.simpleName}, the call succeeded")
}
