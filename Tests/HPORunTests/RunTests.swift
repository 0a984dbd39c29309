import Foundation
import Testing

/// End-to-end runs of the built hporun on real Python and shell commands.
@Suite(.serialized) struct RunTests {
    /// The quickstart sample, tuned for a few trials: every trial directory has its files.
    @Test(.timeLimit(.minutes(2))) func aCompletedExperimentHasEveryTrialDirectory() throws {
        let space = try Workspace()
        defer { space.remove() }
        let sample = HPORunBinary.repositoryRoot.appendingPathComponent("Samples/quickstart")
        let manifest = try String(contentsOf: sample.appendingPathComponent("exp.yml"), encoding: .utf8)
            .replacingOccurrences(of: "int_value: 12", with: "int_value: 5")
        try space.write("exp.yml", manifest)
        let result = try HPORunBinary.run(
            ["--manifest", "exp.yml", "--experiment-dir", space.experiment.path, "--",
             "python3", sample.appendingPathComponent("train.py").path], in: space.url)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(space.trialNames() == ["0001", "0002", "0003", "0004", "0005"])
        for subid in space.trialNames() {
            for file in ["config.json", "trial.json", "evaluation-metrics.txt", "val_dict_list.json", "stdout.log", "stderr.log"] {
                #expect(FileManager.default.fileExists(atPath: space.trial(subid).appendingPathComponent(file).path),
                        "\(subid)/\(file)")
            }
            let record = try space.record(subid)
            #expect(record["state"] as? String == "completed")
            let objective = try #require(record["objective"] as? Double)
            #expect(objective > 0 && objective <= 1)
            let config = try JSONSerialization.jsonObject(
                with: Data(contentsOf: space.trial(subid).appendingPathComponent("config.json"))) as? [String: Any]
            #expect(config?["degree"] is Int && config?["optimizer"] is String)
        }
        #expect(result.stdout.contains("best: trial "))
        let experiment = try JSONSerialization.jsonObject(
            with: Data(contentsOf: space.experiment.appendingPathComponent("experiment.json"))) as? [String: Any]
        #expect(experiment?["seed"] as? Int == 42)
        #expect(experiment?["hporunVersion"] as? String != nil)

        let status = try HPORunBinary.run(["status", space.experiment.path])
        #expect(status.status == 0 && status.stdout.contains("5/5 finished"))
        let best = try HPORunBinary.run(["best", space.experiment.path, "--json"])
        let bestObject = try JSONSerialization.jsonObject(with: Data(best.stdout.utf8)) as? [String: Any]
        #expect(bestObject?["config"] is [String: Any])
        let csv = try HPORunBinary.run(["export", space.experiment.path, "--format", "csv"])
        let lines = csv.stdout.split(separator: "\n")
        #expect(lines.count == 6)
        #expect(lines.first == "subid,state,objective,duration_s,learning_rate,l2,degree,batch_size,optimizer,test_accuracy,test_loss,failure_reason,from")
    }

    /// A resumed experiment keeps its name (the trials' TRAINING_ID) when the same manifest is
    /// given under another file name: it was renamed to the new file's name halfway through.
    @Test(.timeLimit(.minutes(2))) func aResumeUnderAnotherManifestNameKeepsTheExperimentsName() throws {
        let space = try Workspace()
        defer { space.remove() }
        try space.write("trial.sh", """
            #!/bin/sh
            echo "$TRAINING_ID" > training-id.txt
            echo '{"grouplabel": "test", "etimes": {"iteration": {"type": 2, "value": "1"}}, "values": {"accuracy": 0.5}}' \\
              >> "$LOG_DIR/$SUBID/evaluation-metrics.txt"
            """, executable: true)
        let first = try space.manifest(steps: 1)
        let renamed = space.url.appendingPathComponent("renamed.yml")
        try String(contentsOf: first, encoding: .utf8).replacingOccurrences(of: "int_value: 1}", with: "int_value: 2}")
            .write(to: renamed, atomically: true, encoding: .utf8)
        for manifest in [first, renamed] {
            let result = try HPORunBinary.run(
                ["--manifest", manifest.path, "--experiment-dir", space.experiment.path, "--",
                 space.url.appendingPathComponent("trial.sh").path], in: space.url)
            #expect(result.status == 0, "\(result.stderr)")
        }
        let name = first.deletingPathExtension().lastPathComponent
        let ids = try space.trialNames().map {
            try String(contentsOf: space.trial($0).appendingPathComponent("training-id.txt"), encoding: .utf8)
        }
        #expect(ids == ["\(name)\n", "\(name)\n"], "\(ids)")
        let experiment = try JSONSerialization.jsonObject(
            with: Data(contentsOf: space.experiment.appendingPathComponent("experiment.json"))) as? [String: Any]
        #expect(experiment?["name"] as? String == name)
    }

    /// Each way a trial can go wrong is recorded as the protocol says, and the experiment goes on.
    @Test(.timeLimit(.minutes(2))) func failuresAreRecordedAndTheExperimentGoesOn() throws {
        let space = try Workspace()
        defer { space.remove() }
        let good = #"{"meta": {"rindex": 1}, "grouplabel": "test", "etimes": {"iteration": {"type": 2, "value": "1"}}, "values": {"accuracy": {"type": 3, "value": "0.75"}}}"#
        let nan = #"{"grouplabel": "test", "etimes": {"iteration": {"type": 2, "value": "1"}}, "values": {"accuracy": {"type": 3, "value": "nan"}}}"#
        let train = #"{"grouplabel": "train", "etimes": {"iteration": {"type": 2, "value": "1"}}, "values": {"accuracy": 0.9}}"#
        try space.write("trial.sh", """
            #!/bin/sh
            out="$LOG_DIR/$SUBID/evaluation-metrics.txt"
            case "$SUBID" in
              0001) echo "failing on purpose" >&2; exit 1 ;;
              0002) kill -9 $$ ;;
              0003) exec sleep 30 ;;
              0004) echo '\(train)' >> "$out" ;;
              0005) echo '\(nan)' >> "$out" ;;
              0006) printf 'garbage\\n\\n{"values": \\n\\x00\\x01 not json\\n' >> "$out"; echo '\(good)' >> "$out"; echo 'more garbage' >> "$out" ;;
              *) echo '\(good)' >> "$out" ;;
            esac
            """, executable: true)
        let manifest = try space.manifest(steps: 7)
        let result = try HPORunBinary.run(
            ["--manifest", manifest.path, "--experiment-dir", space.experiment.path, "--trial-timeout", "1", "--grace", "0.5",
             "--", space.url.appendingPathComponent("trial.sh").path], in: space.url)
        #expect(result.status == 0, "\(result.stderr)")
        let states = try space.trialNames().map { try space.record($0)["state"] as? String }
        #expect(states == ["failed", "failed", "failed", "failed", "failed", "completed", "completed"])
        #expect(try space.record("0001")["exitCode"] as? Int == 1)
        #expect(try space.record("0001")["failureReason"] as? String == "the command exited with status 1")
        #expect(try String(contentsOf: space.trial("0001").appendingPathComponent("stderr.log"), encoding: .utf8)
            == "failing on purpose\n")
        #expect(try space.record("0002")["signal"] as? Int == 9)
        #expect(try space.record("0002")["failureReason"] as? String == "the command was killed by signal 9 (SIGKILL)")
        #expect((try space.record("0003")["failureReason"] as? String)?.hasPrefix("timed out after 1 s") == true)
        #expect(try space.record("0004")["failureReason"] as? String
            == "no TEST records for 'accuracy' in evaluation-metrics.txt or val_dict_list.json; the trial wrote no TEST records (only 1 TRAIN record)")
        #expect(try space.record("0005")["failureReason"] as? String == "the TEST value of 'accuracy' is nan, not a finite number")
        #expect(try space.record("0006")["objective"] as? Double == 0.75)
        #expect(try space.record("0006")["skippedMetricLines"] as? Int == 5)
    }

    /// Every trial failing is exit status 1; --max-failed-trials stops early (the trials fail
    /// each in its own way, so the same-failure rule does not stop them first).
    @Test(.timeLimit(.minutes(1))) func allTrialsFailingExitsOneAndTheFailureLimitStopsEarly() throws {
        let space = try Workspace()
        defer { space.remove() }
        let manifest = try space.manifest(steps: 6)
        let result = try HPORunBinary.run(
            ["--manifest", manifest.path, "--experiment-dir", space.experiment.path, "--max-failed-trials", "3",
             "--", "sh", "-c", "echo \"trial $SUBID\" >&2; exit 4"], in: space.url)
        #expect(result.status == 1)
        #expect(space.trialNames().count == 3)
        #expect(result.stdout.contains("3 trials failed, the limit set by --max-failed-trials"))
    }

    /// A string value that looks like shell reaches the program as one argument and runs nothing,
    /// through the manifest's `command` (sh -c) and through argv.
    @Test(.timeLimit(.minutes(1))) func placeholderValuesCannotInjectCommands() throws {
        let space = try Workspace()
        defer { space.remove() }
        try space.write("show.sh", """
            #!/bin/sh
            printf '%s|' "$@" > args.txt
            echo '{"grouplabel": "test", "values": {"accuracy": 0.5}}' >> "$LOG_DIR/$SUBID/evaluation-metrics.txt"
            """, executable: true)
        let script = space.url.appendingPathComponent("show.sh").path
        try space.write("exp.yml", """
            training_references:
            - name: main
              command: \(script) --name {{ name }} --n={{n}}
              hyper_parameters_optimization:
                method:
                  name: random
                  parameters:
                  - {name: objective, string_value: accuracy}
                  - {name: maximize_or_minimize, string_value: maximize}
                  - {name: num_optimizer_steps, int_value: 1}
                hyper_parameters:
                - name: name
                  string_values: ["'; touch pwned #"]
                - name: n
                  int_values: [3]
            """)
        let shell = try HPORunBinary.run(["--manifest", "exp.yml", "--experiment-dir", space.experiment.path], in: space.url)
        #expect(shell.status == 0, "\(shell.stderr)")
        #expect(try String(contentsOf: space.trial("0001").appendingPathComponent("args.txt"), encoding: .utf8)
            == "--name|'; touch pwned #|--n=3|")
        let argv = try HPORunBinary.run(["--manifest", "exp.yml", "--experiment-dir", space.url.appendingPathComponent("argv").path,
                                         "--", script, "{{name}}"], in: space.url)
        #expect(argv.status == 0, "\(argv.stderr)")
        #expect(try String(contentsOf: space.url.appendingPathComponent("argv/trials/0001/args.txt"), encoding: .utf8)
            == "'; touch pwned #|")
        let pwned = ["", "runs/exp/trials/0001", "argv/trials/0001"].map { space.url.appendingPathComponent($0 + "/pwned").path }
        #expect(pwned.allSatisfy { !FileManager.default.fileExists(atPath: $0) })

        let unknown = try HPORunBinary.run(["--manifest", "exp.yml", "--experiment-dir", space.url.appendingPathComponent("u").path,
                                            "--", script, "{{ nmae }}"], in: space.url)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("{{ nmae }}, which names no hyperparameter (they are: name, n)"))

        let half = try HPORunBinary.run(["--manifest", "exp.yml", "--experiment-dir", space.url.appendingPathComponent("h").path,
                                         "--", script, "--n={{n}"], in: space.url)
        #expect(half.status == 2)
        #expect(half.stderr.contains("the command writes 'n' with a brace missing around it: write {{ n }}"), "\(half.stderr)")
        #expect(!FileManager.default.fileExists(atPath: space.url.appendingPathComponent("h").path))
    }

    /// Training code written for IBM's service: reads config.json, writes only
    /// val_dict_list.json to $RESULT_DIR (no emetrics log): the objective comes from there.
    @Test(.timeLimit(.minutes(1))) func anIBMStyleScriptRunsUnchanged() throws {
        let space = try Workspace()
        defer { space.remove() }
        try space.write("ibm.py", """
            import json, os
            config = json.load(open("config.json"))
            history = [{"steps": step, "accuracy": config["x"] * step / 3} for step in (1, 2, 3)]
            history.append({"steps": 4, "accuracy": float("nan")})
            with open(os.path.join(os.environ["RESULT_DIR"], "val_dict_list.json"), "w") as handle:
                json.dump(history, handle)
            """)
        let manifest = try space.manifest(steps: 2, hyperParameters: "  - {name: x, double_values: [0.25, 0.5]}")
        let result = try HPORunBinary.run(
            ["--manifest", manifest.path, "--experiment-dir", space.experiment.path, "--", "python3",
             space.url.appendingPathComponent("ibm.py").path], in: space.url)
        #expect(result.status == 0, "\(result.stderr)")
        let objectives = try space.trialNames().compactMap { try space.record($0)["objective"] as? Double }.sorted()
        #expect(objectives == [0.25, 0.5])
    }

    /// --tee echoes each trial's output, prefixed by its SUBID.
    @Test(.timeLimit(.minutes(1))) func teeEchoesTrialOutput() throws {
        let space = try Workspace()
        defer { space.remove() }
        let manifest = try space.manifest(steps: 2)
        let command = #"echo "hello from $SUBID"; echo oops >&2; echo '{"grouplabel": "test", "values": {"accuracy": 0.5}}' >> "$LOG_DIR/$SUBID/evaluation-metrics.txt""#
        let result = try HPORunBinary.run(["--manifest", manifest.path, "--experiment-dir", space.experiment.path, "--tee",
                                           "--", "sh", "-c", command], in: space.url)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("[0001] hello from 0001\n") && result.stdout.contains("[0002] hello from 0002\n"))
        #expect(result.stdout.contains("[0001 stderr] oops\n"))
        let quiet = try HPORunBinary.run(["--manifest", manifest.path, "--experiment-dir", space.url.appendingPathComponent("q").path,
                                          "--", "sh", "-c", command], in: space.url)
        #expect(!quiet.stdout.contains("hello from"))
    }

    @Test(.timeLimit(.minutes(1))) func aDifferentCommandIsRefusedUnlessForced() throws {
        let space = try Workspace()
        defer { space.remove() }
        let manifest = try space.manifest(steps: 1)
        let write = #"echo '{"grouplabel": "test", "values": {"accuracy": 0.5}}' >> "$LOG_DIR/$SUBID/evaluation-metrics.txt""#
        let first = try HPORunBinary.run(["--manifest", manifest.path, "--experiment-dir", space.experiment.path,
                                          "--", "sh", "-c", write], in: space.url)
        #expect(first.status == 0)
        let other = try HPORunBinary.run(["--manifest", manifest.path, "--experiment-dir", space.experiment.path,
                                          "--", "sh", "-c", write + " # changed"], in: space.url)
        #expect(other.status == 2)
        #expect(other.stderr.contains("was started with a different command:\n"))
        #expect(other.stderr.contains("\nrerun with --force to accept the change"))
        let forced = try HPORunBinary.run(["--manifest", manifest.path, "--experiment-dir", space.experiment.path, "--force",
                                           "--", "sh", "-c", write + " # changed"], in: space.url)
        #expect(forced.status == 0, "\(forced.stderr)")
    }
}

/// Samples/wml: the whole WML experiment document, its shell command, a script that writes
/// only val_dict_list.json: run unchanged.
@Suite(.serialized) struct WMLSampleTests {
    @Test(.timeLimit(.minutes(1))) func theWMLSampleRunsUnchanged() throws {
        let space = try Workspace()
        defer { space.remove() }
        let sample = HPORunBinary.repositoryRoot.appendingPathComponent("Samples/wml")
        let result = try HPORunBinary.run(
            ["--manifest", sample.appendingPathComponent("experiment.yml").path, "--experiment-dir", space.experiment.path],
            in: space.url)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("hporun: experiment 'wml-sample'"))
        #expect(result.stdout.contains("WML service keys accepted and ignored: settings.description, settings.author, "))
        #expect(result.stdout.contains("8 completed, 0 failed"))
        for subid in space.trialNames() {
            let record = try space.record(subid)
            let objective = try #require(record["objective"] as? Double)
            #expect(objective > 0.5 && objective <= 1)
            let config = try JSONSerialization.jsonObject(
                with: Data(contentsOf: space.trial(subid).appendingPathComponent("config.json"))) as? [String: Any]
            #expect([4, 8, 16, 32, 64].contains(config?["batch_size"] as? Int ?? 0))
        }
    }
}
