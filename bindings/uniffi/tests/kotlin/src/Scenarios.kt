// Runs the shared scenario files (bindings/scenarios/*.json, format in its
// README.md) through the generated Kotlin. Calls are resolved by name with
// kotlin-reflect: `seal` is the top-level `seal`, `Keyring.generate` the
// companion function, `MediaSealer.new` the primary constructor, `Keyring.stamp`
// with `self` a method; arguments are matched by parameter name (snake_case in
// the files, camelCase in Kotlin) and converted to each parameter's type.
package franking.tests

import java.io.File
import java.math.BigInteger
import kotlin.reflect.KClass
import kotlin.reflect.KFunction
import kotlin.reflect.KParameter
import kotlin.reflect.KType
import kotlin.reflect.full.companionObject
import kotlin.reflect.full.companionObjectInstance
import kotlin.reflect.full.memberFunctions
import kotlin.reflect.full.memberProperties
import kotlin.reflect.full.primaryConstructor
import kotlin.reflect.jvm.kotlinFunction
import uniffi.franking.FrankingException

object Scenarios {
    private const val PACKAGE = "uniffi.franking"

    /** The generated file's top-level functions, by Kotlin name. */
    private val topLevel: Map<String, KFunction<*>> by lazy {
        Class.forName("$PACKAGE.FrankingKt").declaredMethods
            .filter { java.lang.reflect.Modifier.isPublic(it.modifiers) }
            .mapNotNull { it.kotlinFunction }
            .associateBy { it.name }
    }

    fun runAll(dir: File) {
        val files = dir.listFiles { f -> f.name.endsWith(".json") }!!.sortedBy { it.name }
        expect(files.isNotEmpty()) { "no scenario files in $dir" }
        for (f in files) {
            val doc = Json.parse(f.readText()) as Map<*, *>
            Harness.check("scenarios", "${f.name}: ${doc["name"]}") { run(doc) }
        }
        Harness.check("scenarios", "the scenarios reach every error kind a caller can meet") {
            // As the Rust and Python runners: the facade never lets a buffer be
            // too small, and its submission verdict has no capacity.
            val unreachable = setOf("BufferTooSmall", "TooManyEntries")
            val every = FrankingException::class.sealedSubclasses.map { it.simpleName!! }.toSet()
            expect(every.size == 22) { "${every.size} error kinds: $every" }
            expect(every.containsAll(unreachable)) { "a kind listed unreachable no longer exists: ${unreachable - every}" }
            val missing = every - unreachable - kindsSeen
            expect(missing.isEmpty()) { "no scenario meets $missing" }
        }
    }

    private val kindsSeen = HashSet<String>()

    private fun run(doc: Map<*, *>) {
        val env = HashMap<String, Any?>()
        val steps = doc["steps"] as List<*>
        expect(steps.isNotEmpty()) { "no steps" }
        for ((i, s) in steps.withIndex()) {
            val step = s as Map<*, *>
            try {
                step(env, step)
            } catch (e: Throwable) {
                val c = unwrap(e)
                throw Failure("step $i (${step["call"]}): ${c::class.simpleName}: ${c.message}")
            }
        }
    }

    private fun step(env: MutableMap<String, Any?>, step: Map<*, *>) {
        val known = setOf("call", "self", "args", "out", "expect", "expect_fields", "error")
        val unknown = step.keys.filter { it !in known }
        expect(unknown.isEmpty()) { "unknown step keys $unknown" }
        val call = step["call"] as String
        val args = (step["args"] as Map<*, *>?)?.mapKeys { it.key as String } ?: emptyMap()
        val error = step["error"] as String?
        val result: Any?
        try {
            result = invoke(env, call, step["self"] as String?, args)
        } catch (e: Throwable) {
            val c = unwrap(e)
            if (error != null && c is FrankingException) {
                val kind = c::class.simpleName
                expect(kind == error) { "expected error $error, got $kind: ${c.message}" }
                kindsSeen += kind!!
                return
            }
            throw c
        }
        expect(error == null) { "expected error $error, the call succeeded" }
        step["out"]?.let { env[it as String] = result }
        if (step.containsKey("expect")) {
            val want = normExpected(env, step["expect"])
            val got = norm(result)
            expect(want == got) { "result $got, expected $want" }
        }
        (step["expect_fields"] as Map<*, *>?)?.forEach { (path, v) ->
            val got = norm(walk(result, (path as String).split('.')))
            val want = normExpected(env, v)
            expect(want == got) { "field $path is $got, expected $want" }
        }
    }

    private fun invoke(env: Map<String, Any?>, call: String, self: String?, args: Map<String, Any?>): Any? {
        Helpers.run(call, args, env)?.let { return it.value }
        val dot = call.indexOf('.')
        if (dot < 0) {
            val f = topLevel[camel(call)] ?: fail("no top-level function $call")
            return callBy(f, null, args, env)
        }
        val type = kclass(call.substring(0, dot))
        val name = call.substring(dot + 1)
        if (self != null) {
            val obj = env[self] ?: fail("no saved object $self")
            val f = type.memberFunctions.firstOrNull { it.name == camel(name) } ?: fail("no method $call")
            return callBy(f, obj, args, env)
        }
        if (name == "new") {
            // An object's class also has an internal constructor from a native pointer: take the one named by the arguments.
            val names = args.keys.map { camel(it) }.toSet()
            val ctor = type.constructors.firstOrNull { c -> c.parameters.map { it.name }.toSet() == names }
                ?: fail("no constructor $call with arguments $names")
            return callBy(ctor, null, args, env)
        }
        val companion = type.companionObject ?: fail("$call: ${type.simpleName} has no named constructors")
        val f = companion.memberFunctions.firstOrNull { it.name == camel(name) } ?: fail("no constructor $call")
        return callBy(f, type.companionObjectInstance, args, env)
    }

    private fun callBy(f: KFunction<*>, receiver: Any?, args: Map<String, Any?>, env: Map<String, Any?>): Any? {
        val map = HashMap<KParameter, Any?>()
        val used = HashSet<String>()
        for (p in f.parameters) {
            if (p.kind != KParameter.Kind.VALUE) {
                map[p] = receiver
                continue
            }
            val key = args.keys.firstOrNull { camel(it) == p.name } ?: fail("${f.name}: argument ${p.name} not given")
            used += key
            map[p] = convert(env, args[key], p.type)
        }
        val extra = args.keys - used
        expect(extra.isEmpty()) { "${f.name}: unknown arguments $extra" }
        return f.callBy(map)
    }

    fun kclass(name: String): KClass<*> = Class.forName("$PACKAGE.$name").kotlin

    /** A JSON value as a value of Kotlin type `t`. */
    fun convert(env: Map<String, Any?>, v: Any?, t: KType): Any? {
        if (v is String && v.startsWith("$")) return resolve(env, v)
        if (v == null) {
            expect(t.isMarkedNullable) { "null for a non-nullable $t" }
            return null
        }
        val k = t.classifier as KClass<*>
        return when {
            k == ByteArray::class -> bytes(v)
            k == String::class -> (v as Map<*, *>)["str"] as String
            k == Boolean::class -> v as Boolean
            k == UByte::class -> (v as BigInteger).toInt().toUByte()
            k == UShort::class -> (v as BigInteger).toInt().toUShort()
            k == UInt::class -> (v as BigInteger).toLong().toUInt()
            k == ULong::class -> (v as BigInteger).toString().toULong()
            k == Byte::class -> (v as BigInteger).toByte()
            k == Short::class -> (v as BigInteger).toShort()
            k == Int::class -> (v as BigInteger).intValueExact()
            k == Long::class -> (v as BigInteger).longValueExact()
            k == List::class -> (v as List<*>).map { convert(env, it, t.arguments[0].type!!) }
            k.java.isEnum -> {
                val name = ((v as Map<*, *>)["enum"] as String).substringAfter('.')
                k.java.enumConstants.firstOrNull { flat((it as Enum<*>).name) == flat(name) }
                    ?: fail("no constant $name in ${k.simpleName}")
            }
            v is Map<*, *> && v.containsKey("record") -> {
                expect(v["record"] == k.simpleName) { "record ${v["record"]} where ${k.simpleName} is expected" }
                construct(env, k, v["fields"] as Map<*, *>)
            }
            v is Map<*, *> && v.containsKey("variant") -> {
                val (enumName, variant) = (v["variant"] as String).split('.', limit = 2)
                expect(enumName == k.simpleName) { "variant of $enumName where ${k.simpleName} is expected" }
                val sub = k.sealedSubclasses.firstOrNull { it.simpleName == variant } ?: fail("no variant $variant")
                sub.objectInstance ?: construct(env, sub, (v["fields"] as Map<*, *>?) ?: emptyMap<String, Any?>())
            }
            else -> fail("cannot make a ${k.simpleName} of $v")
        }
    }

    private fun construct(env: Map<String, Any?>, k: KClass<*>, fields: Map<*, *>): Any {
        val ctor = k.primaryConstructor ?: fail("${k.simpleName} has no constructor")
        val map = HashMap<KParameter, Any?>()
        for (p in ctor.parameters) {
            val key = fields.keys.firstOrNull { camel(it as String) == p.name } ?: fail("${k.simpleName}: field ${p.name} not given")
            map[p] = convert(env, fields[key], p.type)
        }
        expect(fields.size == ctor.parameters.size) { "${k.simpleName}: unknown fields in ${fields.keys}" }
        return ctor.callBy(map)!!
    }

    private fun bytes(v: Any?): ByteArray {
        val s = v as? String ?: fail("bytes expected, got $v")
        return when {
            s.startsWith("hex:") -> hex(s.substring(4))
            s.startsWith("utf8:") -> utf8(s.substring(5))
            else -> fail("bytes must be hex: or utf8:, got $s")
        }
    }

    fun resolve(env: Map<String, Any?>, ref: String): Any? {
        val parts = ref.substring(1).split('.')
        expect(env.containsKey(parts[0])) { "nothing saved as ${parts[0]}" }
        return walk(env[parts[0]], parts.drop(1))
    }

    /** A field (records, by name), an element (lists, by index) inside `v`. */
    fun walk(v: Any?, path: List<String>): Any? {
        var cur = v
        for (p in path) {
            cur = when (cur) {
                null -> fail("no $p inside null")
                is List<*> -> cur[p.toInt()]
                else -> {
                    val prop = cur::class.memberProperties.firstOrNull { flat(it.name) == flat(p) }
                        ?: fail("no field $p in ${cur::class.simpleName}")
                    prop.getter.call(cur)
                }
            }
        }
        return cur
    }

    /** A value in a comparable form: bytes as hex, integers as BigInteger, records as maps. */
    fun norm(v: Any?): Any? = when (v) {
        null -> null
        is ByteArray -> "bytes:" + v.hex()
        is String -> "str:$v"
        is Boolean -> v
        is UByte -> BigInteger.valueOf(v.toLong())
        is UShort -> BigInteger.valueOf(v.toLong())
        is UInt -> BigInteger.valueOf(v.toLong())
        is ULong -> BigInteger(v.toString())
        is Byte, is Short, is Int, is Long -> BigInteger.valueOf((v as Number).toLong())
        is BigInteger -> v
        is List<*> -> v.map { norm(it) }
        is Enum<*> -> "enum:" + flat(v.name)
        else -> {
            val k = v::class
            val fields = LinkedHashMap<String, Any?>()
            if (k.supertypes.any { (it.classifier as? KClass<*>)?.isSealed == true }) {
                fields["__variant"] = flat(k.simpleName!!)
            }
            for (p in k.memberProperties) fields[flat(p.name)] = norm(p.getter.call(v))
            fields
        }
    }

    /** The comparable form of an expected JSON value. */
    fun normExpected(env: Map<String, Any?>, v: Any?): Any? = when (v) {
        null -> null
        is String -> if (v.startsWith("$")) norm(resolve(env, v)) else "bytes:" + bytes(v).hex()
        is BigInteger, is Boolean -> v
        is List<*> -> v.map { normExpected(env, it) }
        is Map<*, *> -> when {
            v.containsKey("str") -> "str:${v["str"]}"
            v.containsKey("enum") -> "enum:" + flat((v["enum"] as String).substringAfter('.'))
            v.containsKey("record") -> (v["fields"] as Map<*, *>).entries.associate { flat(it.key as String) to normExpected(env, it.value) }
            v.containsKey("variant") -> LinkedHashMap<String, Any?>().also { m ->
                m["__variant"] = flat((v["variant"] as String).substringAfter('.'))
                (v["fields"] as Map<*, *>?)?.forEach { (k, x) -> m[flat(k as String)] = normExpected(env, x) }
            }
            else -> fail("cannot read expected value $v")
        }
        else -> fail("cannot read expected value $v")
    }

    /** snake_case to camelCase, as UniFFI names Kotlin functions, parameters and fields. */
    fun camel(s: String): String {
        val parts = s.split('_')
        return parts[0] + parts.drop(1).joinToString("") { it.replaceFirstChar(Char::uppercaseChar) }
    }

    /** A name without case or underscores: `XChaCha20`, `X_CHA_CHA20` and `xcha_cha20` agree. */
    fun flat(s: String): String = s.replace("_", "").lowercase()
}

/** The test-side helpers of the scenario format (no facade call). */
object Helpers {
    class Result(val value: Any?)

    fun run(call: String, args: Map<String, Any?>, env: Map<String, Any?>): Result? {
        fun arg(n: String): Any? {
            expect(args.containsKey(n)) { "$call: argument $n not given" }
            val v = args[n]
            return if (v is String && v.startsWith("$")) Scenarios.resolve(env, v) else v
        }
        fun bytes(n: String): ByteArray = when (val v = arg(n)) {
            is ByteArray -> v
            else -> hex(((Scenarios.normExpected(env, v) as String).removePrefix("bytes:")))
        }
        fun int(n: String): Long = when (val v = arg(n)) {
            is BigInteger -> v.longValueExact()
            is UInt -> v.toLong()
            is ULong -> v.toLong()
            is Number -> v.toLong()
            else -> fail("$call: $n is not an integer")
        }
        return when (call) {
            "flip_bit" -> {
                val b = bytes("bytes").copyOf()
                val i = int("index").let { if (it < 0) b.size + it else it }.toInt()
                b[i] = (b[i].toInt() xor 1).toByte()
                Result(b)
            }
            "concat" -> {
                val parts = (arg("parts") as List<*>).map { p ->
                    if (p is String && p.startsWith("$")) Scenarios.resolve(env, p) as ByteArray
                    else hex((Scenarios.normExpected(env, p) as String).removePrefix("bytes:"))
                }
                Result(parts.fold(ByteArray(0)) { a, b -> a + b })
            }
            "slice" -> {
                val b = bytes("bytes")
                val end = if (arg("end") == null) b.size else int("end").toInt()
                Result(b.copyOfRange(int("start").toInt(), end))
            }
            "pattern" -> {
                val len = int("len").toInt()
                val seed = int("seed")
                Result(ByteArray(len) { ((seed + 7L * it) % 251).toByte() })
            }
            "chunks" -> {
                val b = bytes("bytes")
                val size = int("size").toInt()
                if (b.isEmpty()) Result(listOf(ByteArray(0)))
                else Result((0 until b.size step size).map { b.copyOfRange(it, minOf(b.size, it + size)) })
            }
            "with_field" -> {
                val rec = arg("value")!!
                val field = arg("field").let { if (it is Map<*, *>) it["str"] as String else it as String }
                val k = rec::class
                val ctor = k.primaryConstructor!!
                val map = HashMap<KParameter, Any?>()
                var found = false
                for (p in ctor.parameters) {
                    if (Scenarios.flat(p.name!!) == Scenarios.flat(field)) {
                        map[p] = Scenarios.convert(env, args["to"], p.type)
                        found = true
                    } else {
                        map[p] = k.memberProperties.first { it.name == p.name }.getter.call(rec)
                    }
                }
                expect(found) { "with_field: no field $field in ${k.simpleName}" }
                Result(ctor.callBy(map))
            }
            else -> null
        }
    }
}
