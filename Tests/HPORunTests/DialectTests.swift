import Foundation
import HPOKit
import Testing

/// Every example of the seed documents (Tests/HPOKitTests/Fixtures/dialects/) validated and
/// run by the built hporun on Samples/dialects/train.py, each on a budget of a few trials (the
/// only edits to the files: their numbers of trials, and Log(ML)'s algorithm where tpe is not
/// built yet).
@Suite(.serialized) struct DialectTests {
    /// A fixture run end to end: the text edits that shrink its budget, the command after --
    /// when the file has none, and what its trials' config.json must hold.
    struct Run: Sendable, CustomStringConvertible {
        var fixture: String
        var edits: [(String, String)] = []
        var afterDashes = false
        var trials: Int
        var keys: [String]
        var description: String { fixture }
    }

    static let fixtures = HPORunBinary.repositoryRoot.appendingPathComponent("Tests/HPOKitTests/Fixtures/dialects")
    static let train = HPORunBinary.repositoryRoot.appendingPathComponent("Samples/dialects/train.py")

    static let runs: [Run] = [
        Run(fixture: "polyaxon-grid.yml", edits: [("0.01:0.1:5", "0.01:0.1:2"), ("[0.2, 0.5]", "[0.2]")], trials: 2,
            keys: ["batch_size", "dropout", "lr"]),
        Run(fixture: "polyaxon-grid-n-experiments.yml", edits: [("n_experiments: 4", "n_experiments: 2")], trials: 2,
            keys: ["batch_size", "dropout", "lr"]),
        Run(fixture: "polyaxon-random.yml", edits: [("n_experiments: 40", "n_experiments: 3")], trials: 3,
            keys: ["activation", "batch_size", "dropout", "lr", "param1"]),
        Run(fixture: "polyaxon-hyperband.yml", edits: [("max_iter: 81", "max_iter: 3")], afterDashes: true, trials: 5,
            keys: ["activation", "dropout", "learning_rate", "num_steps"]),
        Run(fixture: "polyaxon-v1.1-random.yml", edits: [("numRuns: 20", "numRuns: 3")], trials: 3,
            keys: ["activation", "batch_size", "dropout", "lr", "param1"]),
        Run(fixture: "polyaxon-v1.1-hyperband.yml", edits: [("maxIterations: 81", "maxIterations: 3")], afterDashes: true,
            trials: 5, keys: ["activation", "dropout", "learning_rate", "num_steps"]),
        Run(fixture: "deephyper-mnistmlp.yml", edits: [("max_evals: 20", "max_evals: 3")], afterDashes: true, trials: 3,
            keys: ["activation", "batch_size", "dropout", "epochs", "learning_rate", "nhidden", "nunits", "optimizer"]),
    ]

    /// The fixtures that name tpe or bo, with the edit that makes them short and the keys of
    /// their config.json.
    static let tpeAndBoRuns: [Run] = [
        Run(fixture: "logml-learning-rate.yml", edits: [("max_evals: 100", "max_evals: 2")],
            afterDashes: true, trials: 2, keys: ["model_train"]),
        Run(fixture: "logml-two-steps.yml", edits: [("max_evals: 100", "max_evals: 2")],
            afterDashes: true, trials: 2, keys: ["model_create", "model_train"]),
        Run(fixture: "logml-three-steps.yml", edits: [("max_evals: 100", "max_evals: 2")],
            afterDashes: true, trials: 2, keys: ["dataset_preprocess", "model_create", "model_train"]),
        Run(fixture: "polyaxon-bo.yml",
            edits: [("n_iterations: 15", "n_iterations: 1"), ("n_initial_trials: 30", "n_initial_trials: 2")],
            afterDashes: true, trials: 3, keys: ["activation", "dropout", "learning_rate"]),
        Run(fixture: "polyaxon-v1.1-bayes.yml",
            edits: [("numInitialRuns: 5", "numInitialRuns: 2"), ("maxIterations: 10", "maxIterations: 1")],
            afterDashes: true, trials: 3, keys: ["dropout", "learning_rate"]),
    ]

    /// Copies the fixture (edited) and the training script into a fresh workspace.
    func prepare(_ run: Run, extraEdits: [(String, String)] = []) throws -> (Workspace, String) {
        let space = try Workspace()
        var text = try String(contentsOf: Self.fixtures.appendingPathComponent(run.fixture), encoding: .utf8)
        for (old, new) in run.edits + extraEdits {
            #expect(text.contains(old), "\(run.fixture) no longer holds \(old)")
            text = text.replacingOccurrences(of: old, with: new)
        }
        try space.write(run.fixture, text)
        try FileManager.default.copyItem(at: Self.train, to: space.url.appendingPathComponent("train.py"))
        let emetrics = Self.train.deletingLastPathComponent().appendingPathComponent("emetrics.py").resolvingSymlinksInPath()
        try FileManager.default.copyItem(at: emetrics, to: space.url.appendingPathComponent("emetrics.py"))
        return (space, run.fixture)
    }

    /// Runs the built hporun without holding a thread while it runs.
    func hporun(_ arguments: [String], in space: Workspace) async throws -> HPORunBinary.Result {
        let logs = space.url.appendingPathComponent("logs-\(UUID().uuidString)")
        let process = try HPORunBinary.start(arguments, in: space.url, logs: logs)
        let deadline = Date().addingTimeInterval(50)
        while process.isRunning, Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        func text(_ name: String) throws -> String {
            String(decoding: try Data(contentsOf: logs.appendingPathComponent(name)), as: UTF8.self)
        }
        return HPORunBinary.Result(status: process.terminationStatus, stdout: try text("stdout"), stderr: try text("stderr"))
    }

    /// validate names the dialect and prints the space; the run finishes its trials, each
    /// config.json holding the file's hyperparameters.
    func runEndToEnd(_ run: Run, extraEdits: [(String, String)] = []) async throws {
        let (space, file) = try prepare(run, extraEdits: extraEdits)
        defer { space.remove() }
        let validated = try await hporun(["validate", file], in: space)
        #expect(validated.status == 0, "\(validated.stderr)")
        #expect(validated.stdout.hasPrefix("dialect: "), "\(validated.stdout)")
        #expect(validated.stdout.contains("hyperparameters:") && validated.stdout.contains("\nspace: "))
        let command = run.afterDashes ? ["--", "python3", "train.py"] : []
        let result = try await hporun(["--manifest", file, "--experiment-dir", "runs/exp"] + command, in: space)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        let names = space.trialNames()
        #expect(names.count == run.trials, "\(names)")
        for subid in names {
            let state = try space.record(subid)["state"] as? String
            #expect(state == "completed" || state == "pruned", "\(subid): \(state ?? "?")")
            let data = try Data(contentsOf: space.trial(subid).appendingPathComponent("config.json"))
            let config = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            #expect(config.keys.sorted() == run.keys, "\(config)")
        }
    }

    @Test(.timeLimit(.minutes(1)), arguments: runs)
    func runsEndToEnd(_ run: Run) async throws {
        try await runEndToEnd(run)
    }

    /// Log(ML)'s tpe and Polyaxon's bo (both file versions) run end to end with their method.
    @Test(.timeLimit(.minutes(1)))
    func tpeAndBoFilesRun() async throws {
        for run in Self.tpeAndBoRuns {
            try await runEndToEnd(run)
        }
    }

    /// Log(ML)'s grouped names: nested in config.json, `{{ step.name }}` in the command.
    @Test(.timeLimit(.minutes(1)))
    func logMLParametersNestByStep() async throws {
        let run = Self.tpeAndBoRuns[2]
        let (space, file) = try prepare(run, extraEdits: [("'tpe'", "'random'")])
        defer { space.remove() }
        let result = try await hporun(["--manifest", file, "--experiment-dir", "runs/exp", "--", "python3", "train.py",
                                       "--lr={{ model_train.learning_rate }}"], in: space)
        #expect(result.status == 0, "\(result.stderr)")
        for subid in space.trialNames() {
            let data = try Data(contentsOf: space.trial(subid).appendingPathComponent("config.json"))
            let config = try #require(try JSONSerialization.jsonObject(with: data) as? [String: [String: Any]])
            let layer = try #require(config["model_create"]?["layer_1"] as? Int)
            #expect((0..<20).contains(layer))
            #expect([100, 200, 300, 400, 500].contains(config["dataset_preprocess"]?["num_x"] as? Int ?? 0))
            #expect(config["model_train"]?["learning_rate"] is Double)
            let stdout = try String(contentsOf: space.trial(subid).appendingPathComponent("stdout.log"), encoding: .utf8)
            let argument = stdout.components(separatedBy: "arguments: --lr=").last?
                .trimmingCharacters(in: .whitespacesAndNewlines)
            let rate = try #require(argument.flatMap(Double.init), "\(stdout)")
            #expect(rate >= 0 && rate <= 0.5)
        }
    }

    /// WML's own example, as its documentation prints it: its stray quote refused with the fix;
    /// once fixed it runs (its command needs WML's data, so the one after -- runs).
    @Test(.timeLimit(.minutes(1)))
    func wmlSeedExampleIsRefusedUntilItsTypoIsFixed() async throws {
        let run = Run(fixture: "wml-experiment-manifest.yml", afterDashes: true, trials: 2,
                      keys: ["conv_filter_size1", "conv_filter_size2", "fc", "learning_rate"])
        let (space, file) = try prepare(run)
        defer { space.remove() }
        let validated = try await hporun(["validate", file], in: space)
        #expect(validated.status == 2 && validated.stderr.contains("\(file):30:9: unknown key 'step\"'"), "\(validated.stderr)")
        #expect(validated.stderr.contains("fix: did you mean 'step'?"))
        try await runEndToEnd(Run(fixture: run.fixture, edits: [("step\": 0.001", "step: 0.001"), ("int_value: 4", "int_value: 2")],
                                  afterDashes: true, trials: 2, keys: run.keys))
    }

    /// The flags set the objective of any dialect; --dialect forces a reader.
    @Test(.timeLimit(.minutes(1)))
    func flagsOverrideTheObjectiveAndForceTheDialect() async throws {
        let (space, file) = try prepare(Self.runs[2])
        defer { space.remove() }
        let validated = try await hporun(["validate", file, "--objective", "accuracy", "--maximize"], in: space)
        #expect(validated.stdout.contains("objective: accuracy (maximize, best of the TEST history)"), "\(validated.stdout)")
        let result = try await hporun(["--manifest", file, "--experiment-dir", "runs/exp", "--objective", "accuracy",
                                       "--maximize"], in: space)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("maximize 'accuracy'"), "\(result.stdout)")
        let status = try await hporun(["status", "runs/exp"], in: space)
        #expect(status.stdout.contains("maximize accuracy"), "\(status.stdout)")
        let forced = try await hporun(["validate", file, "--dialect", "deephyper"], in: space)
        #expect(forced.status == 2 && forced.stderr.contains("has no 'deephyper' section"), "\(forced.stderr)")
        let both = try await hporun(["validate", file, "--maximize", "--minimize"], in: space)
        #expect(both.status != 0 && both.stderr.contains("--maximize and --minimize cannot both be given"))
    }
}
