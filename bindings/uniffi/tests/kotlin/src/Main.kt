// The Kotlin/JVM test suite of the franking bindings: the scenario files of
// bindings/scenarios, every case of tests/vectors/*.txt, every role's flow
// and every error kind, through the generated Kotlin (uniffi.franking).
//
//   java ... franking.tests.MainKt <repository root>
//   java [-Xcheck:jni | -Duniffi.franking.jni=false] ... franking.tests.MainKt <repository root> --direct-only
package franking.tests

import java.io.File
import kotlin.system.exitProcess

fun main(args: Array<String>) {
    val root = File(if (args.isNotEmpty()) args[0] else ".")
    val scenarios = File(root, "bindings/scenarios")
    val vectors = File(root, "tests/vectors")
    expect(scenarios.isDirectory && vectors.isDirectory) {
        "run from the repository root (or pass it): no bindings/scenarios or tests/vectors under $root"
    }
    if ("--direct-only" in args) {
        // The fast paths alone: under -Xcheck:jni, or without their JNI
        // entry points (-Duniffi.franking.jni=false).
        Flows.runDirect(jni = System.getProperty("uniffi.franking.jni") != "false")
        exitProcess(Harness.summary())
    }
    Flows.run()
    Errors.run()
    Scenarios.runAll(scenarios)
    Vectors.runAll(vectors)
    exitProcess(Harness.summary())
}
