import Foundation
import HPOKit
import Testing

/// What the dialects' files hold beyond a flat space, on the built binary: hyperopt's nested
/// choice in a Log(ML) file, Polyaxon's list of early-stopping rules (each watched on its own
/// TEST metric) and where a v1.1 operation's command comes from.
@Suite(.serialized) struct DialectRulesTests {
    /// TEST loss = 1 - q / 10 and accuracy = q / 10, three records each, for q from config.json.
    static let script = """
        import json, os
        q = json.load(open("config.json"))["q"]
        path = os.path.join(os.environ["LOG_DIR"], os.environ["SUBID"], "evaluation-metrics.txt")
        for it in range(1, 4):
            line = json.dumps({"grouplabel": "test", "etimes": {"iteration": {"type": 2, "value": str(it)}},
                               "values": {"loss": {"type": 3, "value": repr(1 - q / 10)},
                                          "accuracy": {"type": 3, "value": repr(q / 10)}}})
            with open(path, "a") as f:
                f.write(line + "\\n")
        """

    /// Runs the built hporun to its end, stopped after 50 s. The wait is synchronous, as
    /// `HPORunBinary.run`'s: these runs take a second or two, and a test that awaited between
    /// polls would wait for a free thread of the test pool, which the synchronous tests of
    /// other suites hold for long stretches on a 2-core machine (seen: 70 s).
    func hporun(_ arguments: [String], in space: Workspace) throws -> HPORunBinary.Result {
        let logs = space.url.appendingPathComponent("logs-\(UUID().uuidString)")
        let process = try HPORunBinary.start(arguments, in: space.url, logs: logs)
        let deadline = Date().addingTimeInterval(50)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        func text(_ name: String) throws -> String {
            String(decoding: try Data(contentsOf: logs.appendingPathComponent(name)), as: UTF8.self)
        }
        return HPORunBinary.Result(status: process.terminationStatus, stdout: try text("stdout"), stderr: try text("stderr"))
    }

    /// Two rules; the first (on the objective, loss) is never met, the second (on accuracy,
    /// not the objective) is met by q >= 5: the grid (4, 6, 7, in order) stops after 6, says
    /// which rule, and a resumed run starts nothing.
    @Test(.timeLimit(.minutes(1))) func everyEarlyStoppingRuleIsWatchedAndTheOneMetIsNamed() throws {
        let space = try Workspace()
        defer { space.remove() }
        _ = try space.write("train.py", Self.script)
        _ = try space.write("group.yml", """
            version: 1
            kind: group
            settings:
              concurrency: 1
              grid_search: {}
              matrix:
                q: {values: [4, 6, 7]}
              early_stopping:
                - {metric: loss, value: 0.0, optimization: minimize}
                - {metric: accuracy, value: 0.5, optimization: maximize}
            run:
              cmd: python3 train.py
            """)
        let validated = try hporun(["validate", "group.yml"], in: space)
        #expect(validated.status == 0, "\(validated.stderr)")
        #expect(validated.stdout.contains("early_stopping: loss <= 0\n")
                && validated.stdout.contains("early_stopping: accuracy >= 0.5\n"), "\(validated.stdout)")
        #expect(!validated.stdout.contains("not watched"), "\(validated.stdout)")
        let arguments = ["--manifest", "group.yml", "--experiment-dir", "runs/exp"]
        let result = try hporun(arguments, in: space)
        #expect(result.status == 0, "\(result.stderr)")
        let qs = try space.trialNames().compactMap { (try space.record($0)["config"] as? [String: Any])?["q"] as? Int }
        #expect(qs == [4, 6], "\(qs)")
        #expect(result.stdout.contains("reached accuracy = ") && result.stdout.contains("(early stopping at accuracy >= 0.5)"),
                "\(result.stdout)")
        let again = try hporun(arguments, in: space)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(space.trialNames().count == qs.count, "a resumed experiment that met a rule starts no trial")
        #expect(again.stdout.contains("(early stopping at accuracy >= 0.5)"), "\(again.stdout)")
    }

    /// Samples/dialects/logml-nested.yml: each config.json is the chosen classifier option
    /// with its constant and only its parameters; a config.json written by hand is enqueued
    /// and a resumed run with a larger budget runs it as written.
    @Test(.timeLimit(.minutes(1))) func aNestedHyperoptChoiceRunsWithTheChosenOptionInConfigJsonAndResumes() throws {
        let space = try Workspace()
        defer { space.remove() }
        let samples = HPORunBinary.repositoryRoot.appendingPathComponent("Samples/dialects")
        let text = try String(contentsOf: samples.appendingPathComponent("logml-nested.yml"), encoding: .utf8)
        #expect(text.contains("max_evals: 6"))
        _ = try space.write("nested.yml", text.replacingOccurrences(of: "max_evals: 6", with: "max_evals: 3"))
        try FileManager.default.copyItem(at: samples.appendingPathComponent("train.py"), to: space.url.appendingPathComponent("train.py"))
        try FileManager.default.copyItem(at: samples.appendingPathComponent("emetrics.py").resolvingSymlinksInPath(),
                                         to: space.url.appendingPathComponent("emetrics.py"))
        let validated = try hporun(["validate", "nested.yml"], in: space)
        #expect(validated.status == 0, "\(validated.stderr)")
        #expect(validated.stdout.contains("model_create.classifier.kernel.width ")
                && validated.stdout.contains("only if model_create.classifier.kernel in [\"rbf\"]"), "\(validated.stdout)")
        let arguments = ["--manifest", "nested.yml", "--experiment-dir", "runs/exp", "--", "python3", "train.py"]
        let result = try hporun(arguments, in: space)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        let keys = ["naive_bayes": ["type"], "svm": ["C", "kernel", "type"], "dtree": ["criterion", "max_depth", "type"]]
        func classifier(_ subid: String) throws -> [String: Any] {
            let data = try Data(contentsOf: space.trial(subid).appendingPathComponent("config.json"))
            let config = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            #expect(config.keys.sorted() == ["model_create", "model_train"], "\(config)")
            return try #require((config["model_create"] as? [String: Any])?["classifier"] as? [String: Any])
        }
        #expect(space.trialNames().count == 3)
        for subid in space.trialNames() {
            let chosen = try classifier(subid)
            let type = try #require(chosen["type"] as? String)
            #expect(chosen.keys.sorted() == keys[type], "\(subid): \(chosen)")
            #expect(try space.record(subid)["state"] as? String == "completed")
        }
        _ = try space.write("mine.json", """
            {"model_create": {"classifier": {"type": "dtree", "criterion": "gini", "max_depth": 7}},
             "model_train": {"learning_rate": 0.01}}
            """)
        let enqueued = try hporun(["enqueue", "runs/exp", "mine.json"], in: space)
        #expect(enqueued.status == 0, "\(enqueued.stderr)")
        _ = try space.write("nested.yml", text.replacingOccurrences(of: "max_evals: 6", with: "max_evals: 4"))
        let resumed = try hporun(arguments, in: space)
        #expect(resumed.status == 0, "\(resumed.stdout)\n\(resumed.stderr)")
        #expect(space.trialNames().count == 4)
        let fourth = try classifier("0004")
        #expect(fourth["type"] as? String == "dtree" && fourth["criterion"] as? String == "gini" && fourth["max_depth"] as? Int == 7,
                "\(fourth)")
    }

    /// A v1.1 operation whose search is two trials of q, with `tail` for the command part.
    static func operation(_ tail: String) -> String {
        """
        version: 1.1
        kind: operation
        matrix:
          kind: grid
          params:
            q: {kind: choice, value: [1, 2]}
        \(tail)
        """
    }

    /// pathRef names a component file beside the operation: its run.container command and
    /// args are the command, and validate says where it came from.
    @Test(.timeLimit(.minutes(1))) func aPathRefComponentGivesTheCommand() throws {
        let space = try Workspace()
        defer { space.remove() }
        _ = try space.write("train.py", Self.script)
        _ = try space.write("op.yml", Self.operation("pathRef: ./component.yml"))
        _ = try space.write("component.yml", """
            version: 1.1
            kind: component
            run:
              kind: job
              container:
                image: python:3.11
                command: [python3, train.py]
                args: ["--q={{ q }}"]
            """)
        let validated = try hporun(["validate", "op.yml"], in: space)
        #expect(validated.status == 0, "\(validated.stderr)")
        #expect(validated.stdout.contains(
            "command: python3 train.py --q={{ q }} (from the run.container of the component in pathRef ./component.yml)\n"),
                "\(validated.stdout)")
        let result = try hporun(["--manifest", "op.yml", "--experiment-dir", "runs/exp"], in: space)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(space.trialNames().count == 2)
        let words = try String(contentsOf: space.experiment.appendingPathComponent("experiment.json"), encoding: .utf8)
        #expect(words.contains("train.py --q={{ q }}"), "\(words)")
        for subid in space.trialNames() { #expect(try space.record(subid)["state"] as? String == "completed") }
    }

    /// When the file gives no command (a pathRef that cannot be read, an inline component
    /// without a container command), validate says so and why, run refuses with the fix
    /// (nothing created), and the command after -- runs.
    @Test(.timeLimit(.minutes(1))) func withoutACommandInTheFileValidateSaysWhyAndRunRefusesWithTheFix() throws {
        let space = try Workspace()
        defer { space.remove() }
        _ = try space.write("train.py", Self.script)
        let cases = [
            ("missing.yml", "pathRef: ./nowhere.yml", "pathRef ./nowhere.yml names no file ("),
            ("bare.yml", "component: {kind: component, run: {kind: job, container: {image: python:3.11}}}",
             "the component's run.container has no command"),
        ]
        for (file, tail, reason) in cases {
            _ = try space.write(file, Self.operation(tail))
            let validated = try hporun(["validate", file], in: space)
            #expect(validated.status == 0, "\(validated.stderr)")
            #expect(validated.stdout.contains("command: the one after -- (\(reason)"), "\(validated.stdout)")
            let refused = try hporun(["--manifest", file, "--experiment-dir", "runs/\(file)"], in: space)
            #expect(refused.status != 0)
            #expect(refused.stderr.contains("no training command: \(reason)") && refused.stderr.contains("give it after --"),
                    "\(refused.stderr)")
            #expect(!FileManager.default.fileExists(atPath: space.url.appendingPathComponent("runs/\(file)").path))
            let run = try hporun(["--manifest", file, "--experiment-dir", "runs/\(file)", "--", "python3", "train.py"], in: space)
            #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        }
    }
}
