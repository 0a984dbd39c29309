import Foundation
import Testing

/// Failures name their cause: the same failure stops a run early with its stderr line; a
/// metric under another name lists what the trial wrote; a refused resume shows what changed.
@Suite(.serialized) struct FailureTests {
    /// The first three trials fail alike: hporun stops, prints the stderr line, the status
    /// and the trial directory, and exits 1 without using the budget.
    @Test(.timeLimit(.minutes(1))) func theSameFailureThreeTimesStopsTheRun() throws {
        let space = try Workspace()
        defer { space.remove() }
        let manifest = try space.manifest(steps: 10)
        let result = try HPORunBinary.run(
            ["--manifest", manifest.path, "--experiment-dir", space.experiment.path, "--",
             "python3", "-c", "import torchh"], in: space.url)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(space.trialNames() == ["0001", "0002", "0003"])
        #expect(result.stdout.contains("""
            hporun: 0 completed, 3 failed; the first 3 trials failed the same way, so no more are started:
              the command exited with status 1
              stderr: ModuleNotFoundError: No module named 'torchh'
              see \(space.trial("0001").path)/stderr.log
            Fix the cause, then run the same command again with --retry-failed
            """), "\(result.stdout)")
        // Said once: the end of the run adds no second pointer to the same stderr.log.
        #expect(result.stdout.components(separatedBy: "stderr.log").count == 2, "\(result.stdout)")
    }

    /// A misspelt script: Python names it inside each trial's own directory, which is no
    /// difference between the failures; the run stops after three and shows the first one's line.
    @Test(.timeLimit(.minutes(1))) func aMissingScriptNamedInTheTrialDirectoryStopsTheRun() throws {
        let space = try Workspace()
        defer { space.remove() }
        let result = try HPORunBinary.run(
            ["--manifest", try space.manifest(steps: 10).path, "--experiment-dir", space.experiment.path, "--",
             "python3", "trian.py"], in: space.url)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(space.trialNames() == ["0001", "0002", "0003"])
        #expect(result.stdout.contains("the first 3 trials failed the same way"), "\(result.stdout)")
        #expect(result.stdout.contains("can't open file '\(space.trial("0001").path)/trian.py'"), "\(result.stdout)")
    }

    /// A script that prints its accuracy but writes no metrics file: the same failure stops
    /// the run, and the end says where hporun looked and what writes the file (its
    /// stderr.log, which the stop points to, is empty).
    @Test(.timeLimit(.minutes(1))) func aTrialThatWritesNoMetricsFileIsToldWhatWritesIt() throws {
        let space = try Workspace()
        defer { space.remove() }
        let result = try HPORunBinary.run(
            ["--manifest", try space.manifest(steps: 10).path, "--experiment-dir", space.experiment.path, "--",
             "python3", "-c", "print('accuracy 0.9')"], in: space.url)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(space.trialNames() == ["0001", "0002", "0003"])
        #expect(result.stdout.contains("""
            3 trials exited 0 without writing metrics (no evaluation-metrics.txt in \(space.trial("0001").path)): \
            the training code writes its TEST 'accuracy' there with EMetrics
            """), "\(result.stdout)")
        // It printed the metric instead: the line is shown, with the call that records it.
        #expect(result.stdout.contains("""
              its stdout.log prints it (line 1: accuracy 0.9), but hporun reads the objective only from \
            evaluation-metrics.txt: record it there too, e.g. in Python `em.record(EMetrics.TEST_GROUP, epoch, \
            {'accuracy': value})`
            """), "\(result.stdout)")
    }

    /// A script that prints other things (the metric's name without a number, another metric):
    /// no line is said to print the objective.
    @Test(.timeLimit(.minutes(1))) func aPrintedNameWithoutANumberIsNotTakenForTheMetric() throws {
        let space = try Workspace()
        defer { space.remove() }
        let result = try HPORunBinary.run(
            ["--manifest", try space.manifest(steps: 10).path, "--experiment-dir", space.experiment.path, "--",
             "python3", "-c", "print('computing accuracy now'); print('loss=0.3'); print('accuracy: n/a')"], in: space.url)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stdout.contains("3 trials exited 0 without writing metrics"), "\(result.stdout)")
        #expect(!result.stdout.contains("its stdout.log prints it"), "\(result.stdout)")
    }

    /// A training script of one's own that imports emetrics without the file beside it: the
    /// end says where the writer comes from.
    @Test(.timeLimit(.minutes(1))) func aMissingEmetricsModuleIsToldWhereItComesFrom() throws {
        let space = try Workspace()
        defer { space.remove() }
        let result = try HPORunBinary.run(
            ["--manifest", try space.manifest(steps: 10).path, "--experiment-dir", space.experiment.path, "--",
             "sh", "-c", "echo \"ModuleNotFoundError: No module named 'emetrics'\" >&2; exit 1"], in: space.url)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stdout.contains("""
            emetrics is hporun's Python metrics writer: pip install hporun's wheel, or copy \
            Samples/quickstart/emetrics.py (cp follows the link) beside the training script
            """), "\(result.stdout)")
    }

    /// A script that reads a hyperparameter under another name than the manifest's: the end
    /// lists the names config.json holds.
    @Test(.timeLimit(.minutes(1))) func aKeyErrorOnConfigListsTheManifestsNames() throws {
        let space = try Workspace()
        defer { space.remove() }
        let result = try HPORunBinary.run(
            ["--manifest", try space.manifest(steps: 10, hyperParameters: """
                  - {name: learning_rate, double_range: {min_value: 0, max_value: 1}}
                  - {name: layers, int_values: [1, 2]}
                """).path, "--experiment-dir", space.experiment.path, "--",
             "python3", "-c", "import json; json.load(open('config.json'))['lr']"], in: space.url)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stdout.contains("  stderr: KeyError: 'lr'\n"), "\(result.stdout)")
        #expect(result.stdout.contains("config.json has no 'lr': it holds the manifest's hyperparameters, layers, "
                                       + "learning_rate (read them by those names, or rename them in the manifest)"),
                "\(result.stdout)")
    }

    /// A script that opens a data file by a relative name, from the folder hporun was started
    /// in: each trial runs in its own directory, and the end says so and how to name the file.
    @Test(.timeLimit(.minutes(1))) func aRelativeDataFileMissingInTheTrialDirectoryIsExplained() throws {
        let space = try Workspace()
        defer { space.remove() }
        try space.write("data.csv", "1,2\n")
        let result = try HPORunBinary.run(
            ["--manifest", try space.manifest(steps: 10).path, "--experiment-dir", space.experiment.path, "--",
             "python3", "-c", "open('data.csv')"], in: space.url)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stdout.contains("""
            'data.csv' is in \(space.url.path), but each trial runs in its own directory (\(space.trial("0001").path)): \
            name the file in the command (a path that exists is made absolute), or open it by an absolute path
            """), "\(result.stdout)")
    }

    /// With trials side by side, the ones still running when the rule decides are stopped
    /// (interrupted: their points run again next time); failures that differ never stop a run.
    @Test(.timeLimit(.minutes(1))) func runningTrialsAreStoppedAndDifferentFailuresGoOn() throws {
        let space = try Workspace()
        defer { space.remove() }
        let script = try space.write("t.sh", """
            #!/bin/sh
            case "$SUBID" in
              0004) exec sleep 30 ;;
              *) echo "cannot read data.csv" >&2; exit 3 ;;
            esac
            """, executable: true)
        let manifest = try space.manifest(steps: 10)
        let started = Date()
        let result = try HPORunBinary.run(
            ["--manifest", manifest.path, "--experiment-dir", space.experiment.path, "--parallel", "4", "--grace", "0.5",
             "--", script.path], in: space.url)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(Date().timeIntervalSince(started) < 20, "the sleeping trial was stopped")
        // Slots freed by the first failures were filled meanwhile; what still ran was stopped.
        let states = try space.trialNames().map { try space.record($0)["state"] as? String ?? "" }
        #expect(states.prefix(3) == ["failed", "failed", "failed"] && states.count < 10, "\(states)")
        #expect(try space.record("0004")["state"] as? String == "interrupted")
        #expect(try space.record("0004")["failureReason"] as? String
            == "stopped: the first trials of the run failed the same way; its point runs again on the next run")
        #expect(states.dropFirst(3).allSatisfy { $0 == "failed" || $0 == "interrupted" }, "\(states)")
        let sleeper = try #require(space.launchedGroup("0004"))
        #expect(livingProcesses(inGroup: sleeper).isEmpty)
        #expect(result.stdout.contains("stderr: cannot read data.csv"))

        let differing = try HPORunBinary.run(
            ["--manifest", try space.manifest(steps: 4).path, "--experiment-dir", space.url.appendingPathComponent("d").path,
             "--", "sh", "-c", "echo \"epoch $SUBID diverged\" >&2; exit 3"], in: space.url)
        #expect(differing.status == 1)
        #expect(differing.stdout.contains("0 completed, 4 failed; the budget (num_optimizer_steps) is reached"))
    }

    /// --max-failed-trials reached by the same failures: the run stops there, and the
    /// message is the one that names the cause.
    @Test(.timeLimit(.minutes(1))) func theFailureLimitAndTheSameFailureTogetherNameTheCause() throws {
        let space = try Workspace()
        defer { space.remove() }
        let result = try HPORunBinary.run(
            ["--manifest", try space.manifest(steps: 6).path, "--experiment-dir", space.experiment.path,
             "--max-failed-trials", "3", "--", "sh", "-c", "echo 'no GPU found' >&2; exit 4"], in: space.url)
        #expect(result.status == 1)
        #expect(space.trialNames() == ["0001", "0002", "0003"])
        #expect(result.stdout.contains("the first 3 trials failed the same way"), "\(result.stdout)")
        #expect(!result.stdout.contains("the limit set by --max-failed-trials"))
    }

    /// The objective under another name: the reason lists the files read and the TEST
    /// metrics the trial did write.
    @Test(.timeLimit(.minutes(1))) func aMetricUnderAnotherNameSaysWhatWasWritten() throws {
        let space = try Workspace()
        defer { space.remove() }
        let manifest = try space.manifest(steps: 2, objective: "acc")
        let line = #"{"grouplabel": "test", "etimes": {"iteration": 1}, "values": {"accuracy": 0.9, "loss": 0.3}}"#
        let result = try HPORunBinary.run(
            ["--manifest", manifest.path, "--experiment-dir", space.experiment.path, "--",
             "sh", "-c", "echo '\(line)' >> \"$LOG_DIR/$SUBID/evaluation-metrics.txt\""], in: space.url)
        #expect(result.status == 1)
        let reason = "no TEST records for 'acc' in evaluation-metrics.txt or val_dict_list.json; the trial wrote TEST accuracy, loss"
        #expect(try space.record("0001")["failureReason"] as? String == reason)
        #expect(result.stdout.contains("trial 0001 failed: \(reason)"))
    }

    /// The objective written as text that is not a number ("93%"): the reason and the end of
    /// the run say so, not "the trial wrote no TEST records" and "check the objective's name".
    @Test(.timeLimit(.minutes(1))) func anObjectiveWrittenAsTextSaysItIsNotANumber() throws {
        let space = try Workspace()
        defer { space.remove() }
        let line = #"{"grouplabel": "test", "etimes": {"iteration": 1}, "values": {"accuracy": "93%"}}"#
        let result = try HPORunBinary.run(
            ["--manifest", try space.manifest(steps: 2).path, "--experiment-dir", space.experiment.path, "--",
             "sh", "-c", "echo '\(line)' >> \"$LOG_DIR/$SUBID/evaluation-metrics.txt\""], in: space.url)
        #expect(result.status == 1)
        let reason = "no TEST records for 'accuracy' in evaluation-metrics.txt or val_dict_list.json; the trial wrote "
            + "TEST 'accuracy' only as values that are not numbers (text such as \"93%\", a list, null): write each as a "
            + "number (0.93, or the string \"0.93\")"
        #expect(try space.record("0001")["failureReason"] as? String == reason)
        #expect(result.stdout.contains("trial 0001 failed: \(reason)"), "\(result.stdout)")
        #expect(result.stdout.contains("""
            2 trials exited 0 with TEST 'accuracy' values that are not numbers: the training code writes each as a \
            number (0.93, or the string "0.93"); see \(space.trial("0001").path)/evaluation-metrics.txt
            """), "\(result.stdout)")
        #expect(!result.stdout.contains("check the objective's name"), "\(result.stdout)")
    }

    /// IBM's emetrics.py opened without a SUBID writes to `$LOG_DIR/evaluation-metrics.txt`,
    /// and IBM's example `EMetrics.open("1")` to `$LOG_DIR/1/`: the end of the run names the
    /// file the records went to and the call to write, not "the trial wrote no metrics".
    @Test(.timeLimit(.minutes(1)), arguments: ["", "/1"])
    func metricsWrittenBesideTheTrialsAreFound(folder: String) throws {
        let space = try Workspace()
        defer { space.remove() }
        let line = #"{"grouplabel": "test", "etimes": {"iteration": 1}, "values": {"accuracy": 0.5}}"#
        let result = try HPORunBinary.run(
            ["--manifest", try space.manifest(steps: 5).path, "--experiment-dir", space.experiment.path, "--",
             "sh", "-c", "mkdir -p \"$LOG_DIR\(folder)\" && echo '\(line)' >> \"$LOG_DIR\(folder)/evaluation-metrics.txt\""],
            in: space.url)
        #expect(result.status == 1)
        let stray = space.experiment.path + "/trials\(folder)/evaluation-metrics.txt"
        let call = folder.isEmpty ? "EMetrics.open() without a SUBID (IBM's emetrics.py) writes every trial's records there"
            : "EMetrics.open(\"1\") writes its records there"
        #expect(result.stdout.contains("""
            3 trials exited 0 without writing metrics in \(space.trial("0001").path), but \(stray) exists: \(call)
            """), "\(result.stdout)")
        #expect(result.stdout.contains("the training code opens it with EMetrics.open(os.environ[\"SUBID\"])"))
    }

    /// A refused resume says, before anything else, what changed: old and new side by side.
    @Test(.timeLimit(.minutes(1))) func aRefusedResumeShowsWhatChanged() throws {
        let space = try Workspace()
        defer { space.remove() }
        let manifest = try space.manifest(steps: 1)
        let write = #"echo '{"grouplabel": "test", "values": {"accuracy": 0.5}}' >> "$LOG_DIR/$SUBID/evaluation-metrics.txt""#
        let first = try HPORunBinary.run(["--manifest", manifest.path, "--experiment-dir", space.experiment.path,
                                          "--", "sh", "-c", write], in: space.url)
        #expect(first.status == 0)
        let wider = try space.manifest(method: "rbfopt", steps: 1,
                                       hyperParameters: "  - {name: x, double_range: {min_value: 0, max_value: 2}}")
        let other = try HPORunBinary.run(["--manifest", wider.path, "--experiment-dir", space.experiment.path,
                                          "--", "sh", "-c", "exit 0"], in: space.url)
        #expect(other.status == 2)
        #expect(other.stdout.isEmpty, "no header before the refusal: \(other.stdout)")
        #expect(other.stderr == """
            hporun: the experiment in \(space.experiment.path) was started with a different search space, method and command:
              search space 'x': recorded: double_range 0 .. 1, uniform  (continuous) / now: double_range 0 .. 2, uniform  (continuous)
              method: recorded: random, maximize accuracy (best of the TEST history) / now: rbfopt, maximize accuracy (best of the TEST history)
              command: recorded: sh -c \(write) / now: sh -c exit 0
            rerun with --force to accept the change; or choose another --experiment-dir

            """)
    }

    /// Python trials are unbuffered unless the user chose otherwise.
    @Test(.timeLimit(.minutes(1))) func pythonUnbufferedIsSetOnlyWhenTheUserDidNot() throws {
        let space = try Workspace()
        defer { space.remove() }
        let manifest = try space.manifest(steps: 1)
        let show = ["python3", "-c", "import os; print(repr(os.environ.get('PYTHONUNBUFFERED')))"]
        // Through env(1), to run hporun with the variable unset whatever the test's environment.
        let unset = try HPORunBinary.run(
            ["--manifest", manifest.path, "--experiment-dir", space.url.appendingPathComponent("a").path, "--"] + show,
            in: space.url, unsetting: "PYTHONUNBUFFERED")
        #expect(unset.status == 1)
        #expect(try String(contentsOf: space.url.appendingPathComponent("a/trials/0001/stdout.log"), encoding: .utf8) == "'1'\n")
        let chosen = try HPORunBinary.run(
            ["--manifest", manifest.path, "--experiment-dir", space.url.appendingPathComponent("b").path, "--"] + show,
            in: space.url, environment: ["PYTHONUNBUFFERED": ""])
        #expect(chosen.status == 1)
        #expect(try String(contentsOf: space.url.appendingPathComponent("b/trials/0001/stdout.log"), encoding: .utf8) == "''\n")
    }
}

extension HPORunBinary {
    /// Runs hporun to completion with one variable removed from its environment.
    static func run(_ arguments: [String], in directory: URL, unsetting name: String) throws -> Result {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.filter { $0.key != name }
        let out = directory.appendingPathComponent("hporun-stdout"), err = directory.appendingPathComponent("hporun-stderr")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: try String(contentsOf: out, encoding: .utf8),
                      stderr: try String(contentsOf: err, encoding: .utf8))
    }
}
