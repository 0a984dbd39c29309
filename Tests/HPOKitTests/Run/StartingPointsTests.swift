import Foundation
import HPOKit
import Synchronization
import Testing

/// The manifest's `starting_points` in process: read and checked with their positions, run
/// first and in order by the real runner (real trials), never run twice across a resume.
@Suite(.serialized) struct StartingPointsTests {
    static let yaml = """
        hyper_parameters_optimization:
          method:
            name: random
            parameters:
            - {name: objective, string_value: accuracy}
            - {name: maximize_or_minimize, string_value: maximize}
            - {name: num_optimizer_steps, int_value: 3}
          hyper_parameters:
          - {name: x, double_range: {min_value: 0, max_value: 1}}
          - {name: units, int_range: {min_value: 5, max_value: 7, power: 2}}
          - {name: opt, string_values: [sgd, adam]}
          starting_points:
          - {x: 0.25, units: 64, opt: adam}
          - {opt: sgd, x: 0.75, units: 32}
        """

    @Test func startingPointsAreReadInOrderWithTypedValues() throws {
        let manifest = try ManifestLoader.parse(Self.yaml, fileName: "exp.yml")
        #expect(manifest.startingPoints.map(\.jsonText) == [
            Config([("x", .double(0.25)), ("units", .int(64)), ("opt", .string("adam"))]).jsonText,
            Config([("opt", .string("sgd")), ("x", .double(0.75)), ("units", .int(32))]).jsonText,
        ])
    }

    @Test func aWrongStartingPointIsRefusedAtItsPositionWithAFix() {
        let yaml = Self.yaml.replacingOccurrences(of: "  - {opt: sgd, x: 0.75, units: 32}", with: """
              - {opt: sgd, x: 1.5, units: 48}
              - {x: 0.5, unit: 32, opt: adam}
              - {x: 0.5, units: 32}
              - [0.5, 32, adam]
            """)
        let errors = manifestErrors(yaml)
        #expect(errors.map(\.line) == [14, 14, 15, 16, 17])
        #expect(errors.map(\.column) == [19, 31, 14, 5, 5])
        #expect(errors[0].message == "'x' = 1.5 in starting point 2 is not in its space")
        #expect(errors[0].fix == "use a value in double_range 0 .. 1, uniform  (continuous)")
        #expect(errors[1].message == "'units' = 48 in starting point 2 is not in its space")
        #expect(errors[1].fix == "use a value in int_range 2^[5 .. 7] = 32 .. 128  (3 values)")
        #expect(errors[2].message == "starting point 3 names 'unit', which is not a hyperparameter")
        #expect(errors[2].fix == "did you mean 'units'?")
        #expect(errors[3].message == "starting point 4 has no value for 'opt'")
        #expect(errors[4].message == "starting point 5 must be a mapping (key: value lines), not a list")
    }

    /// A starting point repeating the defaults or an earlier one: grid refuses it at its
    /// position (it took the place of a grid point, which never ran); another method notes
    /// that it runs twice.
    @Test func aRepeatedStartingPointIsRefusedUnderGridAndNotedOtherwise() throws {
        let yaml = """
            hyper_parameters_optimization:
              method:
                name: grid
                parameters:
                - {name: objective, string_value: accuracy}
                - {name: maximize_or_minimize, string_value: maximize}
              hyper_parameters:
              - {name: a, int_range: {min_value: 1, max_value: 3}, default: 2}
              - {name: b, string_values: [x, y]}
              starting_points:
              - {a: 2, b: x}
              - {a: 3, b: y}
              - {b: y, a: 3}
            """
        let errors = manifestErrors(yaml)
        #expect(errors.map(\.line) == [11, 13])
        #expect(errors.first?.message == "starting point 1 is the configuration of the defaults, which the first trial runs; "
            + "method grid runs each point once (its budget is cut to their number), so a repeat would take the place of a "
            + "point never run")
        #expect(errors.last?.message.hasPrefix("starting point 3 is the configuration of starting point 2; method grid") == true)
        let random = try ManifestLoader.parse(yaml.replacingOccurrences(of: "name: grid", with: "name: random"), fileName: "exp.yml")
        #expect(random.startingPoints.count == 3)
        #expect(random.notes == ["starting point 1 is the configuration of the defaults, which the first trial runs: it runs twice",
                                 "starting point 3 is the configuration of starting point 2: it runs twice"])
    }

    /// RandomSearch, recording each history it is given.
    final class RecordingOptimizer: Optimizer {
        let histories = Mutex<[[Observation]]>([])

        func suggest<G: RandomNumberGenerator>(dimensions: [HPOKit.Dimension], history: [Observation], pending: [Point],
                                               using rng: inout G) -> Point? {
            histories.withLock { $0.append(history) }
            return RandomSearch().suggest(dimensions: dimensions, history: history, pending: pending, using: &rng)
        }
    }

    static let writeX = #"x=$(sed -n 's/.*"x": \([0-9.e-]*\).*/\1/p' config.json); "#
        + #"echo "{\"grouplabel\": \"test\", \"values\": {\"accuracy\": $x}}" >> "$LOG_DIR/$SUBID/evaluation-metrics.txt""#

    func run(_ directory: ExperimentDirectory, _ manifest: Manifest, budget: Int, optimizer: any Optimizer = RandomSearch(),
             warmStart: [URL] = []) async throws -> RunSummary {
        var manifest = manifest
        manifest.method.numOptimizerSteps = budget
        let record = ExperimentRecord(name: "e", version: "1", seed: 7, manifestPath: "/m.yml", manifest: manifest,
                                      command: .argv(["sh", "-c", Self.writeX]))
        var options = RunOptions(budget: budget, grace: .milliseconds(500), seed: 7, pollInterval: .milliseconds(20))
        options.warmStart = warmStart
        return try await ExperimentRunner(manifest: manifest, experiment: record, directory: directory,
                                          options: options, optimizer: optimizer).run()
    }

    @Test(.timeLimit(.minutes(1))) func startingPointsRunFirstInOrderAndNeverTwice() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("starts-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let directory = ExperimentDirectory(root)
        let manifest = try ManifestLoader.parse(Self.yaml, fileName: "exp.yml")
        // A budget of 1 runs the first starting point only.
        let first = try await run(directory, manifest, budget: 1)
        #expect(first.trials.map(\.origin) == [.startingPoint])
        #expect(first.trials[0].config["x"]?.value == .double(0.25) && first.trials[0].config["units"]?.value == .int(64))
        #expect(first.trials[0].objective == 0.25)
        // Resumed with a larger budget: the second starting point, then the optimizer, which
        // is told of both.
        let recorder = RecordingOptimizer()
        let second = try await run(directory, manifest, budget: 4, optimizer: recorder)
        #expect(second.trials.map(\.origin) == [.startingPoint, .startingPoint, .optimizer, .optimizer])
        #expect(second.trials.map(\.startingPoint) == [1, 2, nil, nil])
        #expect(second.trials[1].config["opt"]?.value == .string("sgd") && second.trials[1].objective == 0.75)
        #expect(recorder.histories.withLock { $0.first?.compactMap(\.value) } == [-0.25, -0.75])
        let onDisk = try directory.loadTrials()
        #expect(onDisk.map(\.origin) == second.trials.map(\.origin))
    }

    @Test(.timeLimit(.minutes(1))) func warmStartTrialsGoInFrontOfTheHistoryAndOutOfTheBudget() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("warm-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        var manifest = try ManifestLoader.parse(Self.yaml, fileName: "exp.yml")
        manifest.startingPoints = []
        // The other experiment's x went up to 2: its trials beyond 1 do not fit this space.
        var wide = manifest
        wide.hyperParameters[0] = HyperParameter(name: "x", domain: .doubleRange(min: 0, max: 2))
        wide.startingPoints = [Config([("x", .double(1.5)), ("units", .int(32)), ("opt", .string("sgd"))]),
                               Config([("x", .double(0.5)), ("units", .int(128)), ("opt", .string("adam"))])]
        let other = ExperimentDirectory(root.appendingPathComponent("other"))
        let earlier = try await run(other, wide, budget: 4)
        let fitting = earlier.trials.filter { ($0.objective ?? 2) <= 1 }
        #expect(earlier.trials.count == 4 && fitting.count < 4 && !fitting.isEmpty)

        let recorder = RecordingOptimizer()
        let directory = ExperimentDirectory(root.appendingPathComponent("this"))
        let summary = try await run(directory, manifest, budget: 2, optimizer: recorder, warmStart: [other.url])
        #expect(summary.trials.count == 2, "warm-start trials do not count against the budget")
        let told = recorder.histories.withLock { $0 }
        #expect(told.first?.compactMap(\.value) == fitting.map { -$0.objective! }, "the other experiment's fitting trials, first")
        #expect(told.last?.count == fitting.count + 1)
        let source = try #require(try directory.loadExperiment()?.warmStarts?.first)
        #expect(source.directory == other.url.path && source.trials == fitting.count && source.skipped == 4 - fitting.count)
        #expect(source.skipReasons.contains { $0.hasPrefix("'x' = 1.5 is not in its space (double_range 0 .. 1, uniform") },
                "\(source.skipReasons)")

        // A resume with no --warm-start reads the recorded one again.
        let resumed = RecordingOptimizer()
        _ = try await run(directory, manifest, budget: 3, optimizer: resumed)
        #expect(resumed.histories.withLock { $0.first?.count } == fitting.count + 2)
    }
}

/// The defaults trial in process: first, before the starting points; a parameter without a
/// default at the middle of its box; one the defaults make inactive left out (NaN, `null`
/// in trial.json).
@Suite(.serialized) struct DefaultsFirstTests {
    @Test(.timeLimit(.minutes(1))) func theDefaultsRunFirstThenTheStartingPoints() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("defaults-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        var manifest = Manifest(
            method: Method(name: .random, objective: "accuracy", direction: .maximize, numOptimizerSteps: 3),
            hyperParameters: [
                HyperParameter(name: "opt", domain: .stringValues(["sgd", "adam"]), defaultValue: .string("adam")),
                HyperParameter(name: "momentum", domain: .doubleRange(min: 0, max: 1),
                               conditions: [Condition(parent: "opt", values: [.string("sgd")])]),
                HyperParameter(name: "x", domain: .doubleRange(min: 0, max: 1), defaultValue: .double(0.3)),
                HyperParameter(name: "lr", domain: .doubleRange(min: -4, max: -2, power: 10)),
                HyperParameter(name: "units", domain: .intValues([16, 32, 64, 128])),
            ])
        manifest.startingPoints = [Config([("opt", .string("sgd")), ("momentum", .double(0.9)), ("x", .double(0.8)),
                                           ("lr", .double(0.01)), ("units", .int(16))])]
        let summary = try await StartingPointsTests().run(ExperimentDirectory(root), manifest, budget: 3)
        #expect(summary.trials.map(\.origin) == [.default, .startingPoint, .optimizer])
        let defaults = summary.trials[0]
        #expect(defaults.config["opt"]?.value == .string("adam") && defaults.config["x"]?.value == .double(0.3))
        #expect(defaults.config["momentum"] == nil, "inactive under opt = adam")
        #expect(defaults.config["units"]?.value == .int(32), "the lower middle value of 4")
        let lr = try #require(defaults.config["lr"]?.value.numericValue)
        #expect(abs(lr - 0.001) < 1e-12, "the middle of 1e-4 .. 1e-2 on the log scale")
        #expect(defaults.point[1].isNaN && defaults.objective == 0.3)
        let text = try String(contentsOf: root.appendingPathComponent("trials/0001/trial.json"), encoding: .utf8)
        #expect(text.contains("\"point\" : [\n    1,\n    null,\n    0.3"), "\(text)")
        #expect(try ExperimentDirectory(root).loadTrials()[0].point[1].isNaN)
        #expect(summary.trials[1].config["momentum"]?.value == .double(0.9))
    }
}
