import Foundation
import HPOKit
import Testing

/// Pruning on the built binary, with a training script whose TEST curves are known:
/// accuracy(q, iteration) = q / 10 * (1 - exp(-iteration / 3)), one record every 0.1 s.
@Suite(.serialized) struct PruningTests {
    /// Runs `num_steps` iterations when config.json has it (else 12). Obeys hporun-stop (exits at once) unless run with `ignore`, when it also leaves a
    /// `sleep` in its process group and runs on for 200 iterations (20 s); `flat` writes a constant.
    static let curveScript = """
        import json, math, os, sys, time
        config = json.load(open("config.json"))
        q = config["q"]
        ignore, flat = "ignore" in sys.argv, "flat" in sys.argv
        if ignore:
            os.system("sleep 30 &")
        path = os.path.join(os.environ["LOG_DIR"], os.environ["SUBID"], "evaluation-metrics.txt")
        for it in range(1, 201 if ignore else config.get("num_steps", 12) + 1):
            acc = 0.5 if flat else q / 10 * (1 - math.exp(-it / 3))
            line = json.dumps({"grouplabel": "test", "etimes": {"iteration": {"type": 2, "value": str(it)}},
                               "values": {"accuracy": {"type": 3, "value": repr(acc)}}})
            with open(path, "a") as f:
                f.write(line + "\\n")
            time.sleep(0.1)
            if not ignore and os.path.exists("hporun-stop"):
                sys.exit(0)
        """

    static let qValues = "  - {name: q, int_values: [1, 2, 3, 4, 5, 6, 7, 8, 9]}"

    /// Runs the built hporun without holding a thread while it runs (the in-process tests of
    /// other suites need the small pool's threads meanwhile).
    func hporun(_ arguments: [String], in space: Workspace, environment: [String: String] = [:]) async throws
        -> HPORunBinary.Result {
        let logs = space.url.appendingPathComponent("logs-\(UUID().uuidString)")
        let process = try HPORunBinary.start(arguments, in: space.url, logs: logs, environment: environment)
        while process.isRunning { try await Task.sleep(for: .milliseconds(50)) }
        process.waitUntilExit()
        func text(_ name: String) throws -> String {
            String(decoding: try Data(contentsOf: logs.appendingPathComponent(name)), as: UTF8.self)
        }
        return HPORunBinary.Result(status: process.terminationStatus, stdout: try text("stdout"), stderr: try text("stderr"))
    }

    /// Polls `condition` every 50 ms, without holding a thread, until it holds or `seconds` pass.
    func eventually(seconds: Double = 20, _ condition: () -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return condition()
    }

    /// Every trial's record, by SUBID.
    /// The trials' records; a staging folder (`.0004.creating`) that a kill -9 left is not a trial yet.
    func records(_ space: Workspace) throws -> [(subid: String, record: [String: Any])] {
        try space.trialNames().filter { !$0.hasPrefix(".") }.map { ($0, try space.record($0)) }
    }

    /// The objective's curve in a trial.json, read as hporun reads it (JSONSerialization
    /// may round a double's last digit, and a tie with a median then decides otherwise).
    func curve(_ subid: String, in space: Workspace) throws -> TrialCurve {
        let trial = try #require(try ExperimentDirectory(space.experiment).loadTrials().first { $0.subid == subid })
        return TrialCurve(subid: subid, entries: trial.testHistory.metrics["accuracy"] ?? [])
    }

    /// Replays the pruner over the recorded curves, trial after trial in SUBID order (one trial
    /// at a time, so each saw exactly the earlier ones), and checks each recorded decision:
    /// a pruned trial at the iteration the pruner first stops it, a completed one never stopped.
    func expectSameDecisions(_ space: Workspace, _ pruner: any Pruner) throws {
        var earlier: [TrialCurve] = []
        for (subid, record) in try records(space) where record["state"] as? String != "interrupted" {
            let full = try curve(subid, in: space)
            var stoppedAt: Int?
            for end in full.entries.indices {
                let seen = TrialCurve(subid: subid, entries: Array(full.entries[...end]))
                if pruner.decide(PruneInput(trial: seen, others: earlier, direction: .maximize)).isStop {
                    stoppedAt = seen.lastIteration
                    break
                }
            }
            #expect(record["prunedAtIteration"] as? Int == stoppedAt, "\(subid)")
            #expect(record["state"] as? String == (stoppedAt == nil ? "completed" : "pruned"), "\(subid)")
            let marker = FileManager.default.fileExists(atPath: space.trial(subid).appendingPathComponent("hporun-stop").path)
            #expect(marker == (stoppedAt != nil), "\(subid): the marker is written for pruned trials only")
            earlier.append(TrialCurve(subid: subid, entries: full.entries.filter { $0.iteration <= stoppedAt ?? .max }))
        }
    }

    // Nine sequential python trials plus four hporun calls: 8 s idle, 56-113 s at load 12-20,
    // so its bound against a hang is 2 minutes, not the usual 1.
    @Test(.timeLimit(.minutes(2))) func ashaPrunesTheTrialsBelowItsRungCutsRbfoptProposesNoPointTwiceAndBestIsCompleted() async throws {
        let space = try Workspace()
        defer { space.remove() }
        let script = try space.write("curve.py", Self.curveScript)
        let manifest = try space.manifest(method: "rbfopt", steps: 9, extra: """
                - {name: pruner, string_value: asha}
                - {name: pruner_eta, int_value: 3}
            """, hyperParameters: Self.qValues)
        let validated = try await hporun(["validate", manifest.path], in: space)
        #expect(validated.stdout.contains("  pruner: asha (min_resource 1, eta 3)\n"), "\(validated.stdout)")
        let result = try await hporun(["--manifest", manifest.path, "--experiment-dir", space.experiment.path,
                                           "--", "python3", script.path], in: space)
        #expect(result.status == 0, "\(result.stderr)")
        try expectSameDecisions(space, SuccessiveHalvingPruner(minResource: 1, eta: 3))
        let all = try records(space)
        let pruned = all.filter { $0.record["state"] as? String == "pruned" }
        #expect(pruned.count >= 4, "most of 9 trials are cut at a rung")
        for (subid, record) in pruned {
            let reason = record["failureReason"] as? String ?? ""
            #expect(reason.hasPrefix("pruned at iteration \(record["prunedAtIteration"] as? Int ?? -1): "), "\(subid)")
            #expect(reason.hasSuffix("(asha, eta 3)") && reason.contains(" is below the rung-"), "\(reason)")
        }
        // rbfopt is told each pruned trial (its best value when pruned): no point runs twice.
        let points = all.compactMap { ($0.record["config"] as? [String: Any])?["q"] as? Int }
        #expect(points.sorted() == Array(1...9), "\(points)")
        // q = 9 is the best at every rung: never pruned, and the best trial.
        let nine = try #require(all.first { ($0.record["config"] as? [String: Any])?["q"] as? Int == 9 })
        #expect(nine.record["state"] as? String == "completed")
        let best = try await hporun(["best", space.experiment.path, "--json"], in: space)
        #expect(best.stdout.contains("\"subid\": \"\(nine.subid)\""), "\(best.stdout)")
        #expect(result.stdout.contains(", \(pruned.count) pruned"), "\(result.stdout)")
        #expect(!(result.stdout + result.stderr).contains("the pruner cannot judge"), "records with iterations are judged")
        let status = try await hporun(["status", space.experiment.path], in: space)
        for (subid, record) in pruned {
            #expect(status.stdout.contains("  \(subid) \(record["failureReason"] as? String ?? "?")"), "\(status.stdout)")
        }
    }

    @Test(.timeLimit(.minutes(1))) func aTrialThatIgnoresTheMarkerHasItsProcessGroupStopped() async throws {
        let space = try Workspace()
        defer { space.remove() }
        let script = try space.write("curve.py", Self.curveScript)
        let manifest = try space.manifest(steps: 1, extra: """
                - {name: pruner_patience, int_value: 2}
            """, hyperParameters: Self.qValues)
        let started = Date()
        let result = try await hporun(["--manifest", manifest.path, "--experiment-dir", space.experiment.path,
                                           "--grace", "1", "--", "python3", script.path, "flat", "ignore"], in: space)
        #expect(result.status == 1, "no trial completed: \(result.stderr)")
        #expect(result.stdout.contains("trial 0001 pruned at iteration 3: "), "\(result.stdout)")
        // Not the 20 s it would write for: 5 s of grace after the stop at iteration 3, then SIGTERM.
        #expect(Date().timeIntervalSince(started) < 15)
        let record = try space.record("0001")
        #expect(record["state"] as? String == "pruned")
        #expect(record["prunedAtIteration"] as? Int == 3)
        #expect(record["signal"] as? Int == Int(SIGTERM))
        #expect(record["failureReason"] as? String
            == "pruned at iteration 3: no improvement of more than 0 over 0.5 in the 2 iterations up to 3 (patience)")
        let marker = try String(contentsOf: space.trial("0001").appendingPathComponent("hporun-stop"), encoding: .utf8)
        #expect(marker == (record["failureReason"] as? String ?? "") + "\n")
        let pgid = try #require(record["pgid"] as? Int)
        #expect(try await eventually { livingProcesses(inGroup: Int32(pgid)).isEmpty }, "the sleep in its group is gone too")
    }

    @Test(.timeLimit(.minutes(1))) func killedAndResumedTheRunDecidesAsTheRecordedHistoriesSay() async throws {
        let space = try Workspace()
        defer { space.remove() }
        let script = try space.write("curve.py", Self.curveScript)
        let manifest = try space.manifest(steps: 9, extra: """
                - {name: pruner, string_value: median}
            """, hyperParameters: Self.qValues)
        let arguments = ["--manifest", manifest.path, "--experiment-dir", space.experiment.path, "--", "python3", script.path]
        let process = try HPORunBinary.start(arguments, in: space.url, logs: space.url.appendingPathComponent("logs"))
        #expect(try await eventually {
            space.trialNames().filter { (try? space.record($0)["state"] as? String).map { $0 != "running" } ?? false }.count >= 3
        })
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let before = try records(space).map { $0.record["state"] as? String }
        let resumed = try await hporun(arguments, in: space)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let (completed, pruned) = (before.filter { $0 == "completed" }.count, before.filter { $0 == "pruned" }.count)
        #expect(resumed.stdout.contains("resuming: \(completed) completed, 0 failed\(pruned > 0 ? ", \(pruned) pruned" : ""), "),
                "\(before) \(resumed.stdout)")
        let counted = try records(space).filter { ["completed", "pruned"].contains($0.record["state"] as? String) }
        #expect(counted.count == 9)
        try expectSameDecisions(space, MedianPruner())
    }
}

// One serialized suite for all of them: each test blocks a thread while the binary runs, and
// the in-process tests of other suites need the (2-core) pool's threads meanwhile.
extension PruningTests {
    /// The pruner's stop reaches a Slurm job (scancel, as for a timeout).
    @Test(.timeLimit(.minutes(1)), .enabled(if: SlurmCluster.isUp, "no Slurm cluster: start one with `make slurm-up`"))
    func aPrunedSlurmJobThatIgnoresTheMarkerIsCancelled() async throws {
        let space = try Workspace()
        defer { space.remove() }
        let script = try space.write("curve.py", PruningTests.curveScript)
        let manifest = try space.manifest(steps: 1, extra: """
                - {name: pruner_patience, int_value: 2}
            """, hyperParameters: PruningTests.qValues)
        let result = try await hporun(
            ["--manifest", manifest.path, "--experiment-dir", space.experiment.path, "--launcher", "slurm", "--grace", "1",
             "--", "python3", script.path, "flat", "ignore"], in: space, environment: SlurmCluster.environment)
        #expect(result.status == 1, "no trial completed: \(result.stdout)\n\(result.stderr)")
        let record = try space.record("0001")
        #expect(record["state"] as? String == "pruned")
        #expect(record["prunedAtIteration"] as? Int == 3)
        #expect(FileManager.default.fileExists(atPath: space.trial("0001").appendingPathComponent("hporun-stop").path))
        let duration = try #require(try ExperimentDirectory(space.experiment).loadTrials().first?.duration)
        #expect(duration < 15, "stopped 5 s after the pruning, not after its 20 s")
        let job = try #require(record["slurmJobID"] as? String)
        #expect(try await eventually { (try? SlurmCluster.activeJobs().contains(job)) == false }, "job \(job) left the queue")
    }
}

extension PruningTests {
    /// Polyaxon's early stopping as method parameters: no more trials once a TEST metric reaches a value.
    @Test(.timeLimit(.minutes(1))) func earlyStoppingStopsTheExperimentOnceATrialReachesTheValueAndAResumeStartsNone() async throws {
        let space = try Workspace()
        defer { space.remove() }
        let script = try space.write("curve.py", PruningTests.curveScript)
        // The test's accuracy = q / 10 * (1 - exp(-iteration / 3)): only q >= 7 reaches 0.6.
        let manifest = try space.manifest(steps: 9, extra: """
                - {name: early_stopping_metric, string_value: accuracy}
                - {name: early_stopping_value, double_value: 0.6}
            """, hyperParameters: PruningTests.qValues)
        let arguments = ["--manifest", manifest.path, "--experiment-dir", space.experiment.path, "--", "python3", script.path]
        let result = try await hporun(arguments, in: space)
        #expect(result.status == 0, "\(result.stderr)")
        let records = try space.trialNames().map { try space.record($0) }
        let qs = records.compactMap { ($0["config"] as? [String: Any])?["q"] as? Int }
        #expect(qs.count < 9 && qs.last.map { $0 >= 7 } == true && qs.dropLast().allSatisfy { $0 < 7 }, "\(qs)")
        #expect(records.allSatisfy { $0["state"] as? String == "completed" }, "the running trial finishes")
        #expect(result.stdout.contains("reached accuracy = ") && result.stdout.contains("(early stopping at accuracy >= 0.6)"),
                "\(result.stdout)")
        let again = try await hporun(arguments, in: space)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(space.trialNames().count == qs.count, "a resumed experiment that reached the value starts no trial")
    }
}

extension PruningTests {
    /// TEST records written without etimes.iteration are all at iteration 0: nothing can be
    /// pruned, and the run says so once (not once per trial), naming the fix.
    @Test(.timeLimit(.minutes(1))) func recordsWithoutIterationsAreNamedOnceAsUnjudgeable() async throws {
        let space = try Workspace()
        defer { space.remove() }
        let script = try space.write("flat.py", """
            import json, os
            path = os.path.join(os.environ["LOG_DIR"], os.environ["SUBID"], "evaluation-metrics.txt")
            q = json.load(open("config.json"))["q"]
            with open(path, "a") as f:
                for k in range(3):
                    f.write(json.dumps({"grouplabel": "test", "values": {"accuracy": q / 10 + k / 100}}) + "\\n")
            """)
        let manifest = try space.manifest(steps: 3, extra: "    - {name: pruner, string_value: asha}\n",
                                          hyperParameters: Self.qValues)
        let result = try await hporun(["--manifest", manifest.path, "--experiment-dir", space.experiment.path,
                                       "--", "python3", script.path], in: space)
        #expect(result.status == 0, "\(result.stderr)")
        let output = result.stdout + result.stderr
        #expect(output.components(separatedBy: "the pruner cannot judge trial ").count == 2, "once: \(output)")
        #expect(output.contains("3 TEST records of 'accuracy' are all at iteration 0"), "\(output)")
        #expect(output.contains("em.record(\"test\", epoch, values)"), "\(output)")
        #expect(try records(space).allSatisfy { $0.record["state"] as? String == "completed" })
    }

    /// Polyaxon's hyperband form: the resource reaches every config.json, the brackets prune.
    @Test(.timeLimit(.minutes(1))) func theHyperbandResourceReachesConfigJsonAndTheBracketsPrune() async throws {
        let space = try Workspace()
        defer { space.remove() }
        let script = try space.write("curve.py", PruningTests.curveScript)
        let manifest = try space.manifest(method: "random", steps: 9, extra: """
                - {name: hyperband_max_iter, int_value: 9}
                - {name: hyperband_eta, int_value: 3}
                - {name: hyperband_resource, string_value: num_steps}
                - {name: max_concurrent_trials, int_value: 3}
            """, hyperParameters: PruningTests.qValues)
        let result = try await hporun(["--manifest", manifest.path, "--experiment-dir", space.experiment.path,
                                       "--", "python3", script.path], in: space)
        #expect(result.status == 0, "\(result.stderr)")
        let all = try records(space)
        #expect(all.count == 9)
        for (subid, _) in all {
            let config = try JSONSerialization.jsonObject(with: Data(contentsOf: space.trial(subid).appendingPathComponent("config.json")))
            #expect((config as? [String: Any])?["num_steps"] as? Int == 9, "\(subid)")
        }
        let completed = all.filter { $0.record["state"] as? String == "completed" }
        let pruned = all.filter { $0.record["state"] as? String == "pruned" }
        #expect(completed.count + pruned.count == 9 && !pruned.isEmpty && !completed.isEmpty)
        for (subid, _) in completed { #expect(try curve(subid, in: space).lastIteration == 9, "ran num_steps iterations") }
        for (_, record) in pruned {
            #expect((record["failureReason"] as? String ?? "").contains("(hyperband bracket "), "\(record)")
        }
    }
}

extension PruningTests {
    /// experiment.json records the pruner: a resume with another is refused with the fix, --force records it.
    @Test(.timeLimit(.minutes(1))) func aResumeWithAnotherPrunerIsRefusedUnlessForced() async throws {
        let space = try Workspace()
        defer { space.remove() }
        let script = try space.write("curve.py", PruningTests.curveScript)
        let manifest = try space.manifest(steps: 1, extra: "    - {name: pruner, string_value: asha}",
                                          hyperParameters: PruningTests.qValues)
        let arguments = ["--manifest", manifest.path, "--experiment-dir", space.experiment.path]
        let first = try await hporun(arguments + ["--", "python3", script.path], in: space)
        #expect(first.status == 0, "\(first.stderr)")
        func recorded() throws -> String? {
            let data = try Data(contentsOf: space.experiment.appendingPathComponent("experiment.json"))
            return (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["pruner"] as? String
        }
        #expect(try recorded() == "asha (min_resource 1, eta 3)")
        let refused = try await hporun(arguments + ["--pruner", "median", "--", "python3", script.path], in: space)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("pruner: recorded: asha (min_resource 1, eta 3) / now: median (warm-up 0, min trials 1, interval 1)")
            && refused.stderr.contains("--force"), "\(refused.stderr)")
        let forced = try await hporun(arguments + ["--pruner", "median", "--force", "--", "python3", script.path], in: space)
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try recorded() == "median (warm-up 0, min trials 1, interval 1)")
    }

    /// `--pruner hyperband` (or patience) without its setting, which only the manifest can
    /// give: the message names the method parameter to add, and no usage text follows.
    @Test(.timeLimit(.minutes(1))) func aPrunerFlagWithoutItsSettingNamesTheParameterToAdd() async throws {
        let space = try Workspace()
        defer { space.remove() }
        let manifest = try space.manifest(steps: 1)
        for (pruner, parameter) in [("hyperband", "pruner_max_resource"), ("patience", "pruner_patience")] {
            let refused = try await hporun(["--manifest", manifest.path, "--experiment-dir", space.experiment.path,
                                            "--pruner", pruner, "--", "true"], in: space)
            #expect(refused.status == 2)
            #expect(refused.stderr.contains("    fix: add '- {name: \(parameter), int_value: N}' to the method's parameters in "
                                            + manifest.path), "\(refused.stderr)")
            #expect(!refused.stderr.contains("Usage:"), "\(refused.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: space.experiment.path))
    }
}
