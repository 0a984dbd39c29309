import Foundation
import HPOKit
import Testing

extension PruningTests {
    /// `pruner_cut` on the built binary, six trials one at a time in a fixed order (starting
    /// points, curves q / 10 * (1 - exp(-iteration / 3))): q = 9 runs to the end, 1 to 4 stop at
    /// iteration 1 under both cuts. q = 8 is in the top third of the six at iteration 1, so the
    /// rank lets it on until rung 1 (iteration 3, where only 9 is there with it); the envelope
    /// stops it at iteration 1, below what the leader (9) had there.
    @Test(.timeLimit(.minutes(1))) func theEnvelopeCutStopsATopThirdTrialBelowTheLeaderWhereTheRankDoesNot() async throws {
        for (cut, stopOfEight) in [("envelope", 1), ("rank", 3)] {
            let space = try Workspace()
            defer { space.remove() }
            let script = try space.write("curve.py", Self.curveScript)
            let manifest = try space.manifest(method: "rbfopt", steps: 6, extra: """
                    - {name: pruner, string_value: asha}
                    - {name: pruner_cut, string_value: \(cut)}
                """, hyperParameters: Self.qValues + "\n  starting_points:\n"
                    + [9, 1, 2, 3, 4, 8].map { "  - {q: \($0)}" }.joined(separator: "\n"))
            let validated = try await hporun(["validate", manifest.path], in: space)
            let summary = cut == "rank" ? "asha (min_resource 1, eta 3)" : "asha (min_resource 1, eta 3, cut envelope)"
            #expect(validated.stdout.contains("  pruner: \(summary)\n"), "\(validated.stdout)")
            let result = try await hporun(["--manifest", manifest.path, "--experiment-dir", space.experiment.path,
                                           "--", "python3", script.path], in: space)
            #expect(result.status == 0, "\(result.stderr)")
            try expectSameDecisions(space, SuccessiveHalvingPruner(minResource: 1, eta: 3, cut: cut == "rank" ? .rank : .envelope))
            let stops = try records(space).map { $0.record["prunedAtIteration"] as? Int }
            #expect(stops == [nil, 1, 1, 1, 1, stopOfEight], "\(cut)")
            let eight = try #require(try records(space).last?.record["failureReason"] as? String)
            #expect(eight.hasPrefix("pruned at iteration \(stopOfEight): 0.") && eight.contains(cut == "rank"
                ? " is below the rung-1 cut 0.5689 at iteration 3 among 2 trials (asha, eta 3)"
                : " is below the leaders' cut 0.2551 at iteration 1 (rung 0: what the trial that reached iteration 12 "
                    + "had there) (asha, eta 3, envelope)"), "\(eight)")
        }
    }
}
