import EMetrics
import Foundation
import Testing

/// `shouldStop` (Swift) and `should_stop()` (Python) see hporun's `hporun-stop` marker in
/// the trial's directory, `$RESULT_DIR`.
@Suite(.serialized, .timeLimit(.minutes(1))) struct ShouldStopTests {
    @Test func swiftWriterSeesTheMarkerOnlyOnceItIsWritten() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let environment = scratch.trialEnvironment()
        let em = try EMetrics.open(environment: environment)
        defer { try? em.close() }
        #expect(em.stopMarkerPath == scratch.path + "/trials/0007/hporun-stop")
        #expect(!em.shouldStop)
        #expect(em.stopReason == nil)
        try Data("pruned at iteration 3: too slow\n".utf8).write(to: URL(fileURLWithPath: scratch.path + "/trials/0007/hporun-stop"))
        #expect(em.shouldStop)
        #expect(em.stopReason == "pruned at iteration 3: too slow")
        // Outside hporun (no RESULT_DIR) nothing is looked for.
        let bare = try EMetrics.open(subId: "", environment: ["LOG_DIR": scratch.path])
        defer { try? bare.close() }
        #expect(bare.stopMarkerPath == nil && !bare.shouldStop)
    }

    @Test func pythonWriterSeesTheMarkerOnlyOnceItIsWritten() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try Python.run(
            """
            import os, sys
            from emetrics import EMetrics
            with EMetrics.open() as em:
                assert not em.should_stop()
                open(os.path.join(os.environ["RESULT_DIR"], "hporun-stop"), "w").write("pruned\\n")
                assert em.should_stop()
                assert not em.should_stop(environ={})
            """, environment: scratch.trialEnvironment(), scratch: scratch)
    }
}
