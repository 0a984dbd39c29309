import Foundation
import HPOKit
import Testing

extension PruningTests {
    /// `pruner_cut: envelope` on the built binary, six trials one at a time in a fixed order
    /// (starting points, curves q / 10 * (1 - exp(-iteration / 3))): q = 9 runs to the end, 1 to
    /// 4 stop at iteration 1. q = 8 is in the top third of the six at iteration 1, where the
    /// rank would let it on (to iteration 3: EnvelopeCutTests); the envelope stops it there,
    /// below what the leader (9) had. Six python trials: 3.5 s alone, 31 s in `make test` beside
    /// the other suites (load 6-8), so its bound against a hang is 2 minutes.
    @Test(.timeLimit(.minutes(2))) func theEnvelopeCutStopsATopThirdTrialBelowTheLeader() async throws {
        let space = try Workspace()
        defer { space.remove() }
        let script = try space.write("curve.py", Self.curveScript)
        let manifest = try space.manifest(method: "rbfopt", steps: 6, extra: """
                - {name: pruner, string_value: asha}
                - {name: pruner_cut, string_value: envelope}
            """, hyperParameters: Self.qValues + "\n  starting_points:\n"
                + [9, 1, 2, 3, 4, 8].map { "  - {q: \($0)}" }.joined(separator: "\n"))
        let result = try await hporun(["--manifest", manifest.path, "--experiment-dir", space.experiment.path,
                                       "--", "python3", script.path], in: space)
        #expect(result.status == 0, "\(result.stderr)")
        let experiment = try String(contentsOf: space.experiment.appendingPathComponent("experiment.json"), encoding: .utf8)
        #expect(experiment.contains("\"pruner\" : \"asha (min_resource 1, eta 3, cut envelope)\""), "\(experiment)")
        try expectSameDecisions(space, SuccessiveHalvingPruner(minResource: 1, eta: 3, cut: .envelope))
        let all = try records(space)
        #expect(all.map { $0.record["prunedAtIteration"] as? Int } == [nil, 1, 1, 1, 1, 1])
        let eight = try #require(all.last?.record["failureReason"] as? String)
        #expect(eight == "pruned at iteration 1: 0.2268 is below the leaders' cut 0.2551 at iteration 1 (rung 0: what "
            + "the trial that reached iteration 12 had there) (asha, eta 3, envelope)")
    }
}
