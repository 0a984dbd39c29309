import Foundation
import HPOKit
import Testing

/// The optimizer through the whole system gives exactly what it gives in process: hporun
/// running a Python Branin per trial proposes the same points, in the same order, as
/// `RBFOptimizer` driven directly with the same seed (so `make bench-optimizers` numbers
/// hold end to end), and reads back the same objective values.
@Suite(.serialized) struct EndToEndOptimizerTests {
    static func branin(_ x: Double, _ y: Double) -> Double {
        let b = 5.1 / (4 * Double.pi * Double.pi), c = 5 / Double.pi, t = 1 / (8 * Double.pi)
        let inner = y - b * x * x + c * x - 6
        return inner * inner + 10 * (1 - t) * cos(x) + 10
    }

    @Test(.timeLimit(.minutes(2))) func hporunProposesWhatTheOptimizerProposesInProcess() throws {
        let space = try Workspace()
        defer { space.remove() }
        let steps = 15, seed: UInt64 = 1234
        try space.write("branin.py", """
            import json, math, os
            c = json.load(open("config.json"))
            x, y = c["x"], c["y"]
            b, cc, t = 5.1 / (4 * math.pi * math.pi), 5 / math.pi, 1 / (8 * math.pi)
            inner = y - b * x * x + cc * x - 6
            value = inner * inner + 10 * (1 - t) * math.cos(x) + 10
            with open(os.path.join(os.environ["LOG_DIR"], os.environ["SUBID"], "evaluation-metrics.txt"), "a") as f:
                f.write(json.dumps({"grouplabel": "test", "values": {"branin": {"type": 3, "value": repr(value)}}}) + "\\n")
            """)
        let manifest = try space.manifest(method: "rbfopt", steps: steps, objective: "branin", direction: "minimize",
                                          hyperParameters: """
                                              - {name: x, double_range: {min_value: -5, max_value: 10}}
                                              - {name: y, double_range: {min_value: 0, max_value: 15}}
                                            """)
        let result = try HPORunBinary.run(
            ["--manifest", manifest.path, "--experiment-dir", space.experiment.path, "--seed", String(seed), "--",
             "python3", space.url.appendingPathComponent("branin.py").path], in: space.url)
        #expect(result.status == 0, "\(result.stderr)")

        // The same optimizer, the same per-trial generators, the same function, in process.
        let optimizer = OptimizerFactory.make(.rbfopt, budget: steps)
        var history: [Observation] = []
        for trial in 1...steps {
            var rng = SplitMix64(seed: seed, stream: UInt64(trial))
            let point = try #require(optimizer.suggest(dimensions: [.continuous, .continuous], history: history,
                                                       pending: [], using: &rng))
            history.append(Observation(point: point, outcome: .value(Self.branin(-5 + 15 * point[0], 15 * point[1]))))
        }
        // Read with hporun's own store (JSONDecoder: exact doubles; JSONSerialization on Linux
        // can be one ulp off).
        let records = try ExperimentDirectory(space.experiment).loadTrials()
        #expect(records.count == steps)
        for (record, expected) in zip(records, history) {
            #expect(record.point == expected.point, "trial \(record.subid)")
            let objective = try #require(record.objective)
            #expect(abs(objective - expected.value!) <= 1e-12 * max(1, abs(objective)))
        }
    }
}
