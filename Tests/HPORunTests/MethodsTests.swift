import Foundation
import HPOKit
import Testing

/// `grid`, `tpe` and `bo` through the built binary, from WML-form manifests: the grid
/// enumerates its product, and tpe and bo propose in a real run exactly what they propose
/// in process with the same seed (so the bench numbers hold end to end), settings included.
@Suite(.serialized) struct MethodsTests {
    /// A Python trial that reports f(x, layers, act) = (x - 0.3)² + (layers - 3)² / 10 + [act != relu].
    static let objective = """
        import json, os
        c = json.load(open("config.json"))
        x = c.get("x", 0.0)
        value = (x - 0.3) * (x - 0.3) + (c.get("layers", 3) - 3) * (c.get("layers", 3) - 3) / 10.0 + (0.0 if c.get("act", "relu") == "relu" else 1.0)
        with open(os.path.join(os.environ["LOG_DIR"], os.environ["SUBID"], "evaluation-metrics.txt"), "a") as f:
            f.write(json.dumps({"grouplabel": "test", "values": {"loss": {"type": 3, "value": repr(value)}}}) + "\\n")
        """

    static func f(_ config: Config) -> Double {
        let x = config["x"]?.numericValue ?? 0, layers = config["layers"]?.numericValue ?? 3
        let act = config["act"].map(\.description) ?? "relu"
        return (x - 0.3) * (x - 0.3) + (layers - 3) * (layers - 3) / 10.0 + (act == "relu" ? 0.0 : 1.0)
    }

    static let mixed = """
          - {name: x, double_range: {min_value: 0, max_value: 1}}
          - {name: layers, int_range: {min_value: 1, max_value: 6}}
          - {name: act, values: [relu, tanh, sigmoid]}
        """.replacingOccurrences(of: "values: [relu, tanh, sigmoid]", with: "string_values: [relu, tanh, sigmoid]")

    func run(_ space: Workspace, method: String, steps: Int, settings: String = "", parallel: Int = 1,
             hyperParameters: String = mixed) throws -> (HPORunBinary.Result, URL) {
        try space.write("objective.py", Self.objective)
        let manifest = try space.manifest(method: method, steps: steps, objective: "loss", direction: "minimize",
                                          extra: settings, hyperParameters: hyperParameters)
        let result = try HPORunBinary.run(
            ["--manifest", manifest.path, "--experiment-dir", space.experiment.path, "--seed", "77",
             "--parallel", String(parallel), "--", "python3", space.url.appendingPathComponent("objective.py").path],
            in: space.url)
        return (result, manifest)
    }

    @Test(.timeLimit(.minutes(2)), arguments: [("tpe", "    - {name: tpe_startup_trials, int_value: 4}\n    - {name: tpe_gamma, double_value: 0.3}"),
                                               ("bo", "    - {name: bo_initial_trials, int_value: 4}\n    - {name: bo_acquisition, string_value: ucb}")])
    func aRunProposesWhatTheMethodProposesInProcess(_ method: String, _ settings: String) throws {
        let space = try Workspace()
        defer { space.remove() }
        let steps = 10
        let (result, manifest) = try run(space, method: method, steps: steps, settings: settings)
        #expect(result.status == 0, "\(result.stderr)")
        let loaded = try ManifestLoader.load(contentsOf: manifest)
        #expect(loaded.method.options.count == 2)
        let optimizer = OptimizerFactory.make(loaded.method.name, budget: steps, options: loaded.method.options)
        var history: [Observation] = []
        for trial in 1...steps {
            var rng = SplitMix64(seed: 77, stream: UInt64(trial))
            let point = try #require(optimizer.suggest(dimensions: loaded.space.dimensions, history: history, pending: [],
                                                       using: &rng))
            history.append(Observation(point: point, outcome: .value(Self.f(loaded.space.decode(point)))))
        }
        let records = try ExperimentDirectory(space.experiment).loadTrials()
        #expect(records.count == steps)
        for (record, expected) in zip(records, history) {
            #expect(record.point == expected.point, "trial \(record.subid)")
            #expect(record.objective.map { abs($0 - expected.value!) <= 1e-12 } == true)
        }
        let validate = try HPORunBinary.run(["validate", manifest.path])
        #expect(validate.stdout.contains("method: \(method)"))
        #expect(validate.stdout.contains(method == "tpe" ? "tpe_gamma: 0.3" : "bo_acquisition: ucb"))
        #expect(validate.stdout.contains(method == "tpe" ? "tpe_candidates: 24 (default)" : "bo_kernel: matern (default)"))
    }

    /// Polyaxon's grid example (lr logspace 0.01:0.1:5, dropout [0.2, 0.5]) in WML form: its 10
    /// points, each once, two trials at a time, with no num_optimizer_steps (the product).
    @Test(.timeLimit(.minutes(2))) func gridRunsEveryPointOfPolyaxonsExampleOnce() throws {
        let space = try Workspace()
        defer { space.remove() }
        let lrs = (0..<5).map { pow(10, -2 + Double($0) / 4) }
        try space.write("objective.py", """
            import json, os
            c = json.load(open("config.json"))
            with open(os.path.join(os.environ["LOG_DIR"], os.environ["SUBID"], "evaluation-metrics.txt"), "a") as f:
                f.write(json.dumps({"grouplabel": "test", "values": {"loss": {"type": 3, "value": c["lr"] * c["dropout"]}}}) + "\\n")
            """)
        let manifest = try space.write("exp.yml", """
            hyper_parameters_optimization:
              method:
                name: grid
                parameters:
                - {name: objective, string_value: loss}
                - {name: maximize_or_minimize, string_value: minimize}
              hyper_parameters:
              - {name: lr, double_values: [\(lrs.map { "\($0)" }.joined(separator: ", "))]}
              - {name: dropout, double_values: [0.2, 0.5]}
            """)
        let validate = try HPORunBinary.run(["validate", manifest.path])
        #expect(validate.stdout.contains("num_optimizer_steps: 10"), "\(validate.stdout)")
        let result = try HPORunBinary.run(["--manifest", manifest.path, "--experiment-dir", space.experiment.path,
                                           "--parallel", "2", "--", "python3", space.url.appendingPathComponent("objective.py").path],
                                          in: space.url)
        #expect(result.status == 0, "\(result.stderr)")
        let records = try ExperimentDirectory(space.experiment).loadTrials()
        #expect(records.count == 10)
        let configs = Set(records.map { "\($0.config["lr"]!) \($0.config["dropout"]!)" })
        #expect(configs.count == 10)
        #expect(records.allSatisfy { $0.objective != nil })
    }

    @Test(.timeLimit(.minutes(1))) func validateRefusesAGridOverAContinuousRange() throws {
        let space = try Workspace()
        defer { space.remove() }
        let manifest = try space.manifest(method: "grid", steps: 5)
        let result = try HPORunBinary.run(["validate", manifest.path])
        #expect(result.status != 0)
        #expect(result.stderr.contains("method grid needs finitely many values, but 'x' is a continuous range"))
        #expect(result.stderr.contains("give it a 'step'"))
    }
}
