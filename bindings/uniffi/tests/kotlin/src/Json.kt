// A small JSON reader for the scenario files: objects keep their key order
// (a LinkedHashMap), numbers stay exact (BigInteger: u64 values reach 2^64 - 1).
package franking.tests

import java.math.BigInteger

class JsonError(message: String) : Exception(message)

object Json {
    fun parse(text: String): Any? {
        val p = Parser(text)
        val v = p.value()
        p.skipSpace()
        if (p.i != text.length) throw JsonError("trailing characters at ${p.i}")
        return v
    }

    private class Parser(val s: String) {
        var i = 0

        fun skipSpace() {
            while (i < s.length && s[i].isWhitespace()) i++
        }

        fun value(): Any? {
            skipSpace()
            if (i >= s.length) throw JsonError("unexpected end")
            return when (s[i]) {
                '{' -> obj()
                '[' -> arr()
                '"' -> str()
                't' -> word("true", true)
                'f' -> word("false", false)
                'n' -> word("null", null)
                else -> num()
            }
        }

        fun word(w: String, v: Any?): Any? {
            if (!s.startsWith(w, i)) throw JsonError("bad literal at $i")
            i += w.length
            return v
        }

        fun num(): BigInteger {
            val start = i
            if (i < s.length && s[i] == '-') i++
            while (i < s.length && s[i].isDigit()) i++
            if (i < s.length && (s[i] == '.' || s[i] == 'e' || s[i] == 'E')) {
                throw JsonError("only integers are used in scenarios (at $start)")
            }
            if (i == start) throw JsonError("bad value at $start")
            return BigInteger(s.substring(start, i))
        }

        fun str(): String {
            i++ // opening quote
            val b = StringBuilder()
            while (true) {
                if (i >= s.length) throw JsonError("unterminated string")
                val c = s[i++]
                when (c) {
                    '"' -> return b.toString()
                    '\\' -> {
                        val e = s[i++]
                        when (e) {
                            '"', '\\', '/' -> b.append(e)
                            'b' -> b.append('\b')
                            'f' -> b.append('\u000c')
                            'n' -> b.append('\n')
                            'r' -> b.append('\r')
                            't' -> b.append('\t')
                            'u' -> {
                                b.append(s.substring(i, i + 4).toInt(16).toChar())
                                i += 4
                            }
                            else -> throw JsonError("bad escape \\$e")
                        }
                    }
                    else -> b.append(c)
                }
            }
        }

        fun arr(): List<Any?> {
            i++
            val out = ArrayList<Any?>()
            skipSpace()
            if (s[i] == ']') { i++; return out }
            while (true) {
                out.add(value())
                skipSpace()
                when (s[i++]) {
                    ',' -> continue
                    ']' -> return out
                    else -> throw JsonError("expected , or ] at ${i - 1}")
                }
            }
        }

        fun obj(): Map<String, Any?> {
            i++
            val out = LinkedHashMap<String, Any?>()
            skipSpace()
            if (s[i] == '}') { i++; return out }
            while (true) {
                skipSpace()
                if (s[i] != '"') throw JsonError("expected a key at $i")
                val k = str()
                skipSpace()
                if (s[i++] != ':') throw JsonError("expected : at ${i - 1}")
                out[k] = value()
                skipSpace()
                when (s[i++]) {
                    ',' -> continue
                    '}' -> return out
                    else -> throw JsonError("expected , or } at ${i - 1}")
                }
            }
        }
    }
}
