import Foundation
import HPOKit
import Testing

/// Starting points, `hporun enqueue` and `--warm-start` through the built hporun: a
/// configuration enqueued while a trial runs is taken next; a kill around an entry's
/// pick-up neither loses nor repeats it; another experiment's trials change the first
/// model-based proposal and are shown apart.
@Suite(.serialized) struct WarmStartTests {
    /// Writes accuracy = x. Unless NOWAIT is set, first waits (at most 30 s) for the file
    /// gate-$SUBID beside the script, so a test decides when each trial ends.
    static let gatedTrial = """
        #!/bin/sh
        here=$(dirname "$0")
        if [ -z "$NOWAIT" ]; then
          i=0
          while [ ! -e "$here/gate-$SUBID" ] && [ $i -lt 600 ]; do sleep 0.05; i=$((i+1)); done
        fi
        x=$(sed -n 's/.*"x": \\([0-9.e-]*\\).*/\\1/p' config.json)
        echo "{\\"grouplabel\\": \\"test\\", \\"values\\": {\\"accuracy\\": $x}}" >> "$LOG_DIR/$SUBID/evaluation-metrics.txt"
        """

    func origins(_ space: Workspace) throws -> [String] {
        try space.trialNames().map { try space.record($0)["origin"] as? String ?? "-" }
    }

    func xs(_ space: Workspace) throws -> [Double] {
        try space.trialNames().map { try ((space.record($0)["config"] as? [String: Any])?["x"] as? Double) ?? -1 }
    }

    func open(_ space: Workspace, _ subid: String) throws {
        try space.write("gate-\(subid)", "")
    }

    @Test(.timeLimit(.minutes(1))) func aConfigurationEnqueuedWhileATrialRunsIsTakenNext() throws {
        let space = try Workspace()
        defer { space.remove() }
        let script = try space.write("trial.sh", Self.gatedTrial, executable: true)
        let manifest = try space.manifest(steps: 3)
        let process = try HPORunBinary.start(
            ["--manifest", manifest.path, "--experiment-dir", space.experiment.path, "--", script.path],
            in: space.url, logs: space.url.appendingPathComponent("logs"))
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        #expect(waitFor { space.launchedGroup("0001") != nil })
        let config = try space.write("mine.json", #"{"x": 0.123}"#)
        let enqueued = try HPORunBinary.run(["enqueue", space.experiment.path, config.path])
        #expect(enqueued.status == 0, "\(enqueued.stderr)")
        #expect(enqueued.stdout.contains("x=0.123"), "\(enqueued.stdout)")
        #expect(enqueued.stdout.contains("(pid \(process.processIdentifier)) is running the experiment: it takes them before its next proposal"))
        for subid in ["0001", "0002", "0003"] { try open(space, subid) }
        #expect(waitFor({ !process.isRunning }, seconds: 40))
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(try origins(space) == ["optimizer", "enqueued", "optimizer"])
        #expect(try xs(space)[1] == 0.123)
        #expect(try space.record("0002")["state"] as? String == "completed")
        #expect(ExperimentQueue(experiment: ExperimentDirectory(space.experiment)).entries().isEmpty)
        let status = try HPORunBinary.run(["status", space.experiment.path, "--by-subid"])
        #expect(status.stdout.contains("FROM"), "\(status.stdout)")
        #expect(status.stdout.split(separator: "\n").contains { $0.hasPrefix("0002") && $0.contains(" enqueued ") })
        // export says it too, in a last column named as the report's.
        let csv = try HPORunBinary.run(["export", space.experiment.path])
        let lines = csv.stdout.split(separator: "\n")
        #expect(lines.first?.hasSuffix(",failure_reason,from") == true, "\(csv.stdout)")
        #expect(lines.dropFirst().map { $0.split(separator: ",").last.map(String.init) } == ["optimizer", "enqueued", "optimizer"],
                "\(csv.stdout)")
        let json = try HPORunBinary.run(["export", space.experiment.path, "--format", "json"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(rows.map { $0["from"] as? String } == ["optimizer", "enqueued", "optimizer"])
    }

    /// hporun and an enqueued trial killed while it runs; its entry put back as a crash just
    /// before the entry's removal would leave it, and another entry added: the resumed run
    /// runs the interrupted point again, removes the leftover entry unrun, and runs the new
    /// one, once each.
    @Test(.timeLimit(.minutes(1))) func aKillAroundThePickUpNeitherLosesNorRepeatsAnEntry() throws {
        let space = try Workspace()
        defer { space.remove() }
        let script = try space.write("trial.sh", Self.gatedTrial, executable: true)
        let manifest = try space.manifest(steps: 3)
        let arguments = ["--manifest", manifest.path, "--experiment-dir", space.experiment.path, "--", script.path]
        let process = try HPORunBinary.start(arguments, in: space.url, logs: space.url.appendingPathComponent("logs"))
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        #expect(waitFor { space.launchedGroup("0001") != nil })
        let first = try space.write("first.json", #"{"x": 0.25}"#), second = try space.write("second.json", #"{"x": 0.75}"#)
        #expect(try HPORunBinary.run(["enqueue", space.experiment.path, first.path]).status == 0)
        let queue = ExperimentQueue(experiment: ExperimentDirectory(space.experiment))
        let entry = try #require(queue.entries().first)
        let entryText = try #require(queue.contents(entry))
        try open(space, "0001")
        #expect(waitFor { space.launchedGroup("0002") != nil && queue.entries().isEmpty })
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        // The trial dies too, with nothing recording its end (as in a reboot): the resumed run
        // cannot account for it, so its point runs again (a trial that lives on is followed).
        let group = try #require(space.launchedGroup("0002"))
        kill(-group, SIGKILL)
        #expect(waitFor { livingProcesses(inGroup: group).isEmpty })
        #expect(try space.record("0002")["queueEntry"] as? String == entry)
        try entryText.write(to: queue.url.appendingPathComponent(entry))
        #expect(try HPORunBinary.run(["enqueue", space.experiment.path, second.path]).status == 0)

        let resumed = try HPORunBinary.run(arguments, in: space.url, environment: ["NOWAIT": "1"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("1 interrupted trial(s) to run again"), "\(resumed.stdout)")
        let states = try space.trialNames().map { try space.record($0)["state"] as? String ?? "?" }
        #expect(states == ["completed", "interrupted", "completed", "completed"])
        #expect(try origins(space) == ["optimizer", "enqueued", "enqueued", "enqueued"])
        #expect(try xs(space).dropFirst() == [0.25, 0.25, 0.75], "0.25 ran again once, as the interrupted point; 0.75 once")
        #expect(queue.entries().isEmpty && queue.rejected().isEmpty)
    }

    @Test(.timeLimit(.minutes(1))) func warmStartChangesTheFirstModelBasedProposalAndIsShownApart() throws {
        let space = try Workspace()
        defer { space.remove() }
        let script = try space.write("trial.sh", Self.gatedTrial, executable: true)
        func run(_ name: String, steps: Int, _ extra: [String] = []) throws -> HPORunBinary.Result {
            let manifest = try space.manifest(method: "rbfopt", steps: steps)
            return try HPORunBinary.run(["--manifest", manifest.path, "--experiment-dir", space.url.appendingPathComponent(name).path]
                + extra + ["--", script.path], in: space.url, environment: ["NOWAIT": "1"])
        }
        #expect(try run("earlier", steps: 6).status == 0)
        let earlier = space.url.appendingPathComponent("earlier").path
        #expect(try run("cold", steps: 3).status == 0)
        let warm = try run("warm", steps: 1, ["--warm-start", earlier])
        #expect(warm.status == 0, "\(warm.stderr)")
        #expect(warm.stdout.contains("hporun: warm start: 6 trials from \(earlier)\n"), "\(warm.stdout)")
        func x(_ name: String, _ subid: String = "0001") throws -> Double {
            let data = try Data(contentsOf: space.url.appendingPathComponent("\(name)/trials/\(subid)/config.json"))
            return try #require((try JSONSerialization.jsonObject(with: data) as? [String: Any])?["x"] as? Double)
        }
        // Alone, rbfopt starts at the box's midpoint, then a second design point, and fits its
        // model from the third trial on; told of 6 trials, it fits its model for the first.
        #expect(try x("cold") == 0.5)
        let warmX = try x("warm"), coldModelX = try x("cold", "0003")
        #expect(warmX != 0.5 && warmX != coldModelX, "warm \(warmX), cold's first model-based \(coldModelX)")
        let earlierXs = try (1...6).map { try x("earlier", ExperimentDirectory.subid($0)) }
        #expect(!earlierXs.contains(warmX), "a new point, not one of the earlier trials")

        let status = try HPORunBinary.run(["status", space.url.appendingPathComponent("warm").path])
        #expect(status.stdout.contains("1/1 finished"), "\(status.stdout)")
        #expect(status.stdout.contains("warm start: 6 trials from \(earlier); not counted in the budget, never the best"))
        #expect(status.stdout.split(separator: "\n").filter { $0.hasPrefix("0") }.count == 1, "only its own trial is listed")

        // A directory that is no experiment is refused before anything is created.
        let refused = try run("never", steps: 1, ["--warm-start", space.url.path])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("is not an experiment directory (it has no experiment.json)"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: space.url.appendingPathComponent("never").path))
    }

    /// An experiment that adds a hyperparameter with a default keeps the earlier experiment's
    /// trials: each is told with the default (as a starting point takes it), counted apart;
    /// they were all skipped as lacking a value.
    @Test(.timeLimit(.minutes(1))) func warmStartGivesAParameterTheEarlierTrialsLackItsDefault() throws {
        let space = try Workspace()
        defer { space.remove() }
        let script = try space.write("trial.sh", Self.gatedTrial, executable: true)
        #expect(try HPORunBinary.run(["--manifest", try space.manifest(steps: 3).path, "--experiment-dir", space.experiment.path,
                                      "--", script.path], in: space.url, environment: ["NOWAIT": "1"]).status == 0)
        let wider = try space.manifest(method: "tpe", steps: 1, hyperParameters: """
              - {name: x, double_range: {min_value: 0, max_value: 1}}
              - {name: units, int_values: [16, 32], default: 32}
            """)
        let later = space.url.appendingPathComponent("later").path
        let warm = try HPORunBinary.run(["--manifest", wider.path, "--experiment-dir", later, "--warm-start", space.experiment.path,
                                         "--", script.path], in: space.url, environment: ["NOWAIT": "1"])
        #expect(warm.status == 0, "\(warm.stderr)")
        let summary = "warm start: 3 trials from \(space.experiment.path) (3 without 'units', told with its default)"
        #expect(warm.stdout.contains("hporun: \(summary)\n"), "\(warm.stdout)")
        let status = try HPORunBinary.run(["status", later])
        #expect(status.stdout.contains(summary + "; not counted in the budget, never the best"), "\(status.stdout)")
    }

    /// grid learns nothing from other trials: told of them, it skipped their points and ran
    /// nothing ("all 3 configurations of the space have been tried"); it refuses them.
    @Test(.timeLimit(.minutes(1))) func gridRefusesAWarmStart() throws {
        let space = try Workspace()
        defer { space.remove() }
        let script = try space.write("trial.sh", Self.gatedTrial, executable: true)
        let grid = try space.manifest(method: "grid", steps: 3, hyperParameters: "  - {name: x, double_values: [0.1, 0.2, 0.3]}")
        #expect(try HPORunBinary.run(["--manifest", grid.path, "--experiment-dir", space.experiment.path, "--", script.path],
                                     in: space.url, environment: ["NOWAIT": "1"]).status == 0)
        let later = space.url.appendingPathComponent("later").path
        let refused = try HPORunBinary.run(["--manifest", grid.path, "--experiment-dir", later, "--warm-start",
                                            space.experiment.path, "--", script.path], in: space.url, environment: ["NOWAIT": "1"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("--warm-start \(space.experiment.path): method grid runs every point of its space and "
            + "learns nothing from other trials"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: later))
        let own = try HPORunBinary.run(["--manifest", try space.manifest(steps: 1).path, "--experiment-dir", space.experiment.path,
                                        "--force", "--warm-start", space.experiment.path, "--", script.path], in: space.url)
        #expect(own.status == 2, "its own directory is bad input, not a write error (74)")
        #expect(own.stderr.contains("this is the experiment's own directory"), "\(own.stderr)")
    }

    @Test(.timeLimit(.minutes(1))) func enqueueRefusesAConfigurationOutsideTheSpaceAndSaysWhenTheBudgetIsUsedUp() throws {
        let space = try Workspace()
        defer { space.remove() }
        let script = try space.write("trial.sh", Self.gatedTrial, executable: true)
        let manifest = try space.manifest(steps: 1)
        #expect(try HPORunBinary.run(["--manifest", manifest.path, "--experiment-dir", space.experiment.path, "--", script.path],
                                     in: space.url, environment: ["NOWAIT": "1"]).status == 0)
        let good = try space.write("good.json", #"{"x": 0.5}"#), bad = try space.write("bad.json", #"{"x": 1.5}"#)
        let typo = try space.write("typo.json", #"{"y": 0.5}"#)
        let refused = try HPORunBinary.run(["enqueue", space.experiment.path, good.path, bad.path, typo.path])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("\(bad.path): 'x' = 1.5 is not in its space (double_range 0 .. 1, uniform"), "\(refused.stderr)")
        #expect(refused.stderr.contains("\(typo.path): the configuration has 'y', which is not a hyperparameter of this space"))
        // Each file's problem and its fix end where they end; the verdict has a line of its own.
        #expect(refused.stderr.contains("    fix: did you mean 'x'?\nnothing was queued\n")
            || refused.stderr.contains("(continuous)\nnothing was queued\n"), "\(refused.stderr)")
        #expect(!refused.stderr.contains("?: nothing was queued") && !refused.stderr.contains("): nothing was queued"))
        let notJSON = try space.write("notjson.json", "lr=0.1\n")
        let garbled = try HPORunBinary.run(["enqueue", space.experiment.path, notJSON.path])
        #expect(garbled.stderr.contains("\(notJSON.path): the configuration is not valid JSON"), "\(garbled.stderr)")
        #expect(!garbled.stderr.contains("The operation could not be completed"), "\(garbled.stderr)")
        let queue = ExperimentQueue(experiment: ExperimentDirectory(space.experiment))
        #expect(queue.entries().isEmpty, "nothing is queued when any file does not fit")

        let late = try HPORunBinary.run(["enqueue", space.experiment.path, good.path])
        #expect(late.status == 0)
        #expect(late.stdout.contains("no hporun is running the experiment: they run first when it is run again"))
        #expect(late.stdout.contains("note: the budget (num_optimizer_steps 1) has 0 trial(s) left: none of these will run in it; "
            + "they wait in \(queue.url.path) until the experiment is run again with a larger num_optimizer_steps"), "\(late.stdout)")
        #expect(queue.entries().count == 1)
        let status = try HPORunBinary.run(["status", space.experiment.path])
        #expect(status.stdout.contains("queue: 1 enqueued configuration waiting in \(queue.url.path)"), "\(status.stdout)")
    }

    /// A configuration that leaves out a hyperparameter with a default takes the default (a
    /// note names it, and a parameter the default makes active takes its own), as a starting
    /// point does; one that leaves out a parameter without a default is refused, naming it.
    @Test(.timeLimit(.minutes(1))) func enqueueFillsInDefaultsAndNamesAMissingParameterWithout() throws {
        let space = try Workspace()
        defer { space.remove() }
        let script = try space.write("trial.sh", Self.gatedTrial, executable: true)
        let parameters = """
              - {name: x, double_range: {min_value: 0, max_value: 1}}
              - {name: units, int_values: [32, 64, 128], default: 64}
              - {name: optimizer, string_values: [sgd, adam], default: adam}
              - {name: momentum, double_range: {min_value: 0, max_value: 1}, default: 0.9, condition: {name: optimizer, values: [sgd]}}
            """
        let run = ["--manifest", try space.manifest(steps: 1, hyperParameters: parameters).path,
                   "--experiment-dir", space.experiment.path, "--", script.path]
        #expect(try HPORunBinary.run(run, in: space.url, environment: ["NOWAIT": "1"]).status == 0)
        let onlyX = try space.write("only-x.json", #"{"x": 0.25}"#)
        let sgd = try space.write("sgd.json", #"{"x": 0.75, "optimizer": "sgd"}"#)
        let noX = try space.write("no-x.json", #"{"units": 32}"#)

        let refused = try HPORunBinary.run(["enqueue", space.experiment.path, onlyX.path, noX.path])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("\(noX.path): the configuration has no value for hyperparameter 'x'"), "\(refused.stderr)")
        #expect(refused.stderr.contains("fix: add 'x' to \(noX.path) with a value in its space, double_range 0 .. 1"),
                "\(refused.stderr)")
        #expect(refused.stderr.hasSuffix("nothing was queued\n"), "\(refused.stderr)")
        let queue = ExperimentQueue(experiment: ExperimentDirectory(space.experiment))
        #expect(queue.entries().isEmpty)

        let enqueued = try HPORunBinary.run(["enqueue", space.experiment.path, onlyX.path, sgd.path])
        #expect(enqueued.status == 0, "\(enqueued.stderr)")
        #expect(enqueued.stdout.contains("x=0.25 units=64 optimizer=adam\n"), "\(enqueued.stdout)")
        #expect(enqueued.stdout.contains("note: \(onlyX.path) leaves out units, optimizer: their defaults are taken "
                                         + "(units=64 optimizer=adam)\n"), "\(enqueued.stdout)")
        #expect(enqueued.stdout.contains("note: \(sgd.path) leaves out units, momentum: their defaults are taken "
                                         + "(units=64 momentum=0.9)\n"), "\(enqueued.stdout)")
        #expect(queue.entries().count == 2)
        // A file written into queue/ by hand, as the queue's doc allows, leaving out the same.
        try Data(#"{"x": 0.5, "units": 128}"#.utf8).write(to: queue.url.appendingPathComponent("zz-by-hand.json"))

        let more = try space.manifest(steps: 4, hyperParameters: parameters)
        let resumed = try HPORunBinary.run(["--manifest", more.path] + run.dropFirst(2), in: space.url, environment: ["NOWAIT": "1"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try origins(space) == ["default", "enqueued", "enqueued", "enqueued"])
        let configs = try ["0002", "0003", "0004"].map { try space.record($0)["config"] as? [String: Any] ?? [:] }
        #expect(configs[0]["units"] as? Int == 64 && configs[0]["optimizer"] as? String == "adam" && configs[0]["momentum"] == nil)
        #expect(configs[1]["units"] as? Int == 64 && configs[1]["optimizer"] as? String == "sgd"
                && configs[1]["momentum"] as? Double == 0.9)
        #expect(configs[2]["x"] as? Double == 0.5 && configs[2]["units"] as? Int == 128 && configs[2]["optimizer"] as? String == "adam")
        #expect(queue.rejected().isEmpty)
    }

    /// A configuration a trial ran, or one already queued: grid refuses it (it runs each point
    /// once within a budget of its points, so a repeat took the place of a point never run,
    /// and the repeat waited in the queue for a larger budget that grid cuts); another method
    /// queues it and says that it runs again.
    @Test(.timeLimit(.minutes(1))) func enqueueRefusesARepeatUnderGridAndNotesItOtherwise() throws {
        let space = try Workspace()
        defer { space.remove() }
        let script = try space.write("trial.sh", Self.gatedTrial, executable: true)
        let values = "  - {name: x, double_values: [0.1, 0.2, 0.3]}"
        let manifest = try space.manifest(method: "grid", steps: 2, hyperParameters: values)
        #expect(try HPORunBinary.run(["--manifest", manifest.path, "--experiment-dir", space.experiment.path, "--", script.path],
                                     in: space.url, environment: ["NOWAIT": "1"]).status == 0)
        let ran = space.trial("0001").appendingPathComponent("config.json").path
        let queue = ExperimentQueue(experiment: ExperimentDirectory(space.experiment))
        let repeated = try HPORunBinary.run(["enqueue", space.experiment.path, ran])
        #expect(repeated.status == 2)
        #expect(repeated.stderr.contains("\(ran): trial 0001 ran it (completed); method grid runs each of its 3 points once"),
                "\(repeated.stderr)")
        #expect(queue.entries().isEmpty)
        let xs = try xs(space)
        let unrun = try #require([0.1, 0.2, 0.3].first { !xs.contains($0) })
        let fresh = try space.write("fresh.json", "{\"x\": \(unrun)}")
        let twice = try HPORunBinary.run(["enqueue", space.experiment.path, fresh.path, fresh.path])
        #expect(twice.status == 2)
        #expect(twice.stderr.contains("\(fresh.path): \(fresh.path) gives it too; method grid"), "\(twice.stderr)")
        #expect(try HPORunBinary.run(["enqueue", space.experiment.path, fresh.path]).status == 0)
        let again = try HPORunBinary.run(["enqueue", space.experiment.path, fresh.path])
        #expect(again.status == 2)
        #expect(again.stderr.contains("it already waits in the queue (\(queue.entries()[0]))"), "\(again.stderr)")
        #expect(queue.entries().count == 1)

        let other = space.url.appendingPathComponent("random").path
        #expect(try HPORunBinary.run(["--manifest", try space.manifest(steps: 2).path, "--experiment-dir", other, "--", script.path],
                                     in: space.url, environment: ["NOWAIT": "1"]).status == 0)
        let rerun = "\(other)/trials/0002/config.json"
        let noted = try HPORunBinary.run(["enqueue", other, rerun])
        #expect(noted.status == 0, "\(noted.stderr)")
        #expect(noted.stdout.contains("note: \(rerun): trial 0002 ran it (completed); it runs again, as a trial of its own"),
                "\(noted.stdout)")

        // An interrupted trial's point runs again anyway: a repeat of it is noted as such.
        let otherQueue = ExperimentQueue(experiment: ExperimentDirectory(URL(fileURLWithPath: other)))
        for name in otherQueue.entries() { otherQueue.remove(name) }
        let third = try HPORunBinary.start(["--manifest", try space.manifest(steps: 3).path, "--experiment-dir", other, "--",
                                            script.path], in: space.url, logs: space.url.appendingPathComponent("logs"))
        defer { if third.isRunning { kill(third.processIdentifier, SIGKILL) } }
        #expect(waitFor { FileManager.default.fileExists(atPath: "\(other)/trials/0003/config.json") })
        kill(third.processIdentifier, SIGINT)
        third.waitUntilExit()
        let interrupted = "\(other)/trials/0003/config.json"
        let resumable = try HPORunBinary.run(["enqueue", other, interrupted])
        #expect(resumable.stdout.contains("note: \(interrupted): trial 0003 was interrupted running it, and its point runs again"),
                "\(resumable.stdout)\(resumable.stderr)")
    }

    /// A manifest with defaults (one parameter without, one inactive under them) and a
    /// starting point: the defaults run first, then the starting point, then the optimizer;
    /// a starting point giving an inactive parameter is refused at its line.
    @Test(.timeLimit(.minutes(1))) func theDefaultsRunFirstThenTheStartingPoints() throws {
        let space = try Workspace()
        defer { space.remove() }
        let script = try space.write("trial.sh", Self.gatedTrial, executable: true)
        let parameters = """
              - {name: opt, string_values: [sgd, adam], default: adam}
              - {name: momentum, double_range: {min_value: 0, max_value: 1}, condition: {name: opt, values: [sgd]}}
              - {name: x, double_range: {min_value: 0, max_value: 1}, default: 0.3}
              - {name: units, int_values: [16, 32, 64, 128]}
              starting_points:
              - {opt: sgd, momentum: 0.9, x: 0.8, units: 16}
            """
        let manifest = try space.manifest(method: "rbfopt", steps: 3, hyperParameters: parameters)
        let arguments = ["--manifest", manifest.path, "--experiment-dir", space.experiment.path, "--", script.path]
        let result = try HPORunBinary.run(arguments, in: space.url, environment: ["NOWAIT": "1"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try origins(space) == ["default", "starting_point", "optimizer"])
        let first = try String(contentsOf: space.trial("0001").appendingPathComponent("config.json"), encoding: .utf8)
        #expect(first == "{\n  \"opt\": \"adam\",\n  \"x\": 0.3,\n  \"units\": 32\n}\n", "\(first)")
        let second = try String(contentsOf: space.trial("0002").appendingPathComponent("config.json"), encoding: .utf8)
        #expect(second == "{\n  \"opt\": \"sgd\",\n  \"momentum\": 0.9,\n  \"x\": 0.8,\n  \"units\": 16\n}\n", "\(second)")

        let wrong = try space.manifest(method: "rbfopt", steps: 3, hyperParameters: parameters
            .replacingOccurrences(of: "{opt: sgd, momentum: 0.9, x: 0.8, units: 16}", with: "{opt: adam, momentum: 0.9}"))
        let refused = try HPORunBinary.run(["validate", wrong.path])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("exp.yml:16:17: 'momentum' in starting point 1 is inactive there: it exists only when"),
                "\(refused.stderr)")
        #expect(refused.stderr.contains("fix: leave 'momentum' out of this starting point"))
        #expect(!refused.stderr.contains("no value for 'x'"), "x takes its default")
    }
}
