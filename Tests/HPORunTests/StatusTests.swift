import Foundation
import Testing

/// What `status` and `best` say about an experiment that is running, was abandoned, or has
/// no completed trial, and how a run's end explains its failures (the built hporun).
@Suite(.serialized) struct StatusTests {
    /// While hporun runs, `status` says so; after hporun is SIGKILLed, the trial it left runs
    /// on under its watcher: `running (unattended)`, its clock going on, with a note on how to
    /// resume; once its process group is gone too (no watcher, no exit record), it is
    /// `running?` and its duration no longer grows.
    @Test(.timeLimit(.minutes(1))) func statusTellsALiveTrialFromAnAbandonedOne() throws {
        let space = try Workspace()
        defer { space.remove() }
        try space.write("trial.sh", "#!/bin/sh\necho started > \"$RESULT_DIR/marker\"\nexec sleep 30\n", executable: true)
        let manifest = try space.manifest(steps: 2)
        let run = try HPORunBinary.start(
            ["--manifest", manifest.path, "--experiment-dir", space.experiment.path, "--",
             space.url.appendingPathComponent("trial.sh").path], in: space.url, logs: space.url.appendingPathComponent("logs"))
        defer {
            if run.isRunning { kill(run.processIdentifier, SIGKILL) }
            if let group = space.launchedGroup("0001") { kill(-group, SIGKILL) }
        }
        #expect(waitFor { space.launchedGroup("0001") != nil
            && FileManager.default.fileExists(atPath: space.trial("0001").appendingPathComponent("marker").path) })

        let live = try HPORunBinary.run(["status", space.experiment.path])
        #expect(live.status == 0, "\(live.stderr)")
        #expect(live.stdout.contains("hporun (pid \(run.processIdentifier)) is running it"), "\(live.stdout)")
        #expect(Self.row("0001", in: live.stdout)?[1] == "running")
        #expect(!live.stdout.contains("no hporun holds"))
        #expect(run.isRunning, "the status probe of the lock does not disturb the run")

        kill(run.processIdentifier, SIGKILL)
        run.waitUntilExit()
        let unattended = try HPORunBinary.run(["status", space.experiment.path])
        let going = try #require(Self.row("0001", in: unattended.stdout), "\(unattended.stdout)")
        #expect(going[1] == "running" && going[2] == "(unattended)", "\(unattended.stdout)")
        #expect(unattended.stdout.contains("(no hporun holds this experiment; run the same command again to resume it)"))
        usleep(1_100_000)
        let later = try HPORunBinary.run(["status", space.experiment.path])
        let seconds = { (row: [String]) in Double(row[4].dropLast()) ?? -1 }
        #expect(Self.row("0001", in: later.stdout).map(seconds) ?? 0 > seconds(going), "its clock goes on:\n\(later.stdout)")

        if let group = space.launchedGroup("0001") { kill(-group, SIGKILL) }
        #expect(waitFor { (try? HPORunBinary.run(["status", space.experiment.path]))
            .flatMap { Self.row("0001", in: $0.stdout) }?[1] == "running?" })
        let first = try HPORunBinary.run(["status", space.experiment.path])
        let row = try #require(Self.row("0001", in: first.stdout), "\(first.stdout)")
        #expect(row[1] == "running?")
        #expect(first.stdout.contains("(no hporun holds this experiment; run the same command again to resume it)"))
        #expect(!first.stdout.contains("is running it"))
        usleep(1_100_000)
        let second = try HPORunBinary.run(["status", space.experiment.path])
        #expect(Self.row("0001", in: second.stdout)?[3] == row[3], "the clock stopped:\n\(first.stdout)\n\(second.stdout)")
        let stopped = try #require(Double(row[3].dropLast()))
        #expect(stopped < 10, "the duration ends at the last sign of life: \(row[3])")
    }

    /// The cells of a trial's row in the status table.
    static func row(_ subid: String, in table: String) -> [String]? {
        table.split(separator: "\n").first { $0.hasPrefix(subid + " ") }
            .map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
    }

    /// The closing hint follows the reasons: stderr.log (and its last line) for a command that
    /// failed; the metric for trials that exited 0 without it; the time limit for timeouts.
    /// The stop reason is printed once. `best` says how many failed and why, and exits 1.
    @Test(.timeLimit(.minutes(1))) func theEndOfARunSaysWhatFitsTheFailures() throws {
        let space = try Workspace()
        defer { space.remove() }
        let loss = #"{"grouplabel": "test", "etimes": {"iteration": {"type": 2, "value": "1"}}, "values": {"loss": {"type": 3, "value": "0.5"}}}"#
        try space.write("fail.sh", "#!/bin/sh\necho 'first line' >&2\necho \"ImportError: no module named torch ($SUBID)\" >&2\nexit 3\n",
                        executable: true)
        try space.write("nometric.sh", "#!/bin/sh\necho '\(loss)' >> \"$LOG_DIR/$SUBID/evaluation-metrics.txt\"\n", executable: true)
        try space.write("slow.sh", "#!/bin/sh\nexec sleep 30\n", executable: true)
        let manifest = try space.manifest(steps: 2)
        func run(_ script: String, _ name: String, _ extra: [String] = []) throws -> HPORunBinary.Result {
            try HPORunBinary.run(["--manifest", manifest.path, "--experiment-dir", space.url.appendingPathComponent(name).path]
                                 + extra + ["--", space.url.appendingPathComponent(script).path], in: space.url)
        }

        let failed = try run("fail.sh", "failed")
        #expect(failed.status == 1)
        #expect(failed.stdout.contains("2 trials failed in the command itself (an exit status or a signal): see "
                                       + space.url.appendingPathComponent("failed/trials/0001/stderr.log").path), "\(failed.stdout)")
        #expect(failed.stdout.contains("its last line: ImportError: no module named torch"))
        #expect(Self.occurrences("the budget (num_optimizer_steps) is reached", in: failed.stdout) == 1, "\(failed.stdout)")

        let best = try HPORunBinary.run(["best", space.url.appendingPathComponent("failed").path])
        #expect(best.status == 1)
        #expect(best.stderr.contains("no trial completed: all 2 trials failed (every one: the command exited with status 3); "
                                     + "see hporun status " + space.url.appendingPathComponent("failed").path), "\(best.stderr)")

        // status names each failed command's last stderr line, not just its exit status.
        let status = try HPORunBinary.run(["status", space.url.appendingPathComponent("failed").path])
        #expect(status.stdout.contains("  0001 failed: the command exited with status 3; stderr.log ends: "
                                       + "ImportError: no module named torch (0001)"), "\(status.stdout)")

        let noMetric = try run("nometric.sh", "nometric", ["--max-failed-trials", "1"])
        #expect(noMetric.status == 1)
        #expect(!noMetric.stdout.contains("stderr.log"), "\(noMetric.stdout)")
        #expect(noMetric.stdout.contains("1 trial exited 0 without a usable TEST 'accuracy' (trial 0001 wrote TEST 'loss')"),
                "\(noMetric.stdout)")
        #expect(noMetric.stdout.contains("nometric/trials/0001/evaluation-metrics.txt"))
        #expect(Self.occurrences("the limit set by --max-failed-trials", in: noMetric.stdout) == 1, "\(noMetric.stdout)")

        let timedOut = try run("slow.sh", "slow", ["--trial-timeout", "0.3", "--grace", "0.2", "--max-failed-trials", "1"])
        #expect(timedOut.status == 1)
        #expect(!timedOut.stdout.contains("stderr.log"), "\(timedOut.stdout)")
        #expect(timedOut.stdout.contains("1 trial ran out of time: give them longer (--trial-timeout, trial_timeout_seconds)"),
                "\(timedOut.stdout)")
    }

    /// Forgetting `--`: the usage error shows the line with `--` in its place (exit 2).
    @Test(.timeLimit(.minutes(1))) func aForgottenDoubleDashIsShownInItsPlace() throws {
        let space = try Workspace()
        defer { space.remove() }
        let manifest = try space.manifest(steps: 2)
        let result = try HPORunBinary.run(["--manifest", "exp.yml", "--parallel", "2", "python3", "-u", "train.py", "--lr", "a b"],
                                          in: space.url)
        #expect(result.status == 2)
        #expect(result.stderr.contains("put the training command after --"), "\(result.stderr)")
        #expect(result.stderr.contains("  hporun --manifest exp.yml --parallel 2 -- python3 -u train.py --lr 'a b'\n"),
                "\(result.stderr)")
        #expect(space.trialNames().isEmpty && FileManager.default.fileExists(atPath: manifest.path))
    }

    /// The manifest typed without --manifest: the usage error shows the line with it.
    @Test(.timeLimit(.minutes(1))) func aManifestWithoutItsFlagIsShownWithIt() throws {
        let space = try Workspace()
        defer { space.remove() }
        let withCommand = try HPORunBinary.run(["exp.yml", "--", "python3", "train.py"], in: space.url)
        #expect(withCommand.status == 2)
        #expect(withCommand.stderr.contains("""
            hporun: the manifest goes after --manifest, the training command after --:
              hporun --manifest exp.yml -- python3 train.py

            """), "\(withCommand.stderr)")
        let alone = try HPORunBinary.run(["exp.yml"], in: space.url)
        #expect(alone.status == 2)
        #expect(alone.stderr.contains("  hporun --manifest exp.yml -- <training command>\n"), "\(alone.stderr)")
        let bare = try HPORunBinary.run(["--parallel", "2", "exp.yml", "python3", "train.py"], in: space.url)
        #expect(bare.stderr.contains("  hporun --parallel 2 --manifest exp.yml -- python3 train.py\n"), "\(bare.stderr)")
        // A misspelt flag is replaced: it was kept beside the right one (`--manifset --manifest`).
        let misspelt = try HPORunBinary.run(["--manifset", "exp.yml", "--", "python3", "train.py"], in: space.url)
        #expect(misspelt.status == 2)
        #expect(misspelt.stderr.contains("  hporun --manifest exp.yml -- python3 train.py\n"), "\(misspelt.stderr)")
        let named = try HPORunBinary.run(["run", "exp.yml", "--", "python3", "train.py"], in: space.url)
        #expect(named.stderr.contains("  hporun run --manifest exp.yml -- python3 train.py\n"), "\(named.stderr)")
        let other = try HPORunBinary.run(["valdate", "exp.yml"], in: space.url)
        #expect(other.status == 2)
        #expect(other.stderr == "hporun: 'valdate' is not a subcommand; did you mean:\n  hporun validate exp.yml\n", "\(other.stderr)")
        let status = try HPORunBinary.run(["stauts", "runs/exp"], in: space.url)
        #expect(status.stderr.contains("  hporun status runs/exp\n"), "\(status.stderr)")
        #expect(space.trialNames().isEmpty)
    }

    static func occurrences(_ text: String, in output: String) -> Int {
        output.components(separatedBy: text).count - 1
    }
}
