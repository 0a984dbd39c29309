import Foundation
import Testing

/// The one-node Slurm cluster that `Scripts/slurm-cluster.sh up` starts (CI starts it in
/// `.ci/run`). Without it the cluster tests are skipped, except in CI, where they must run.
enum SlurmCluster {
    static let state = ProcessInfo.processInfo.environment["HPORUN_SLURM_STATE"] ?? "/tmp/hporun-slurm"
    static var environment: [String: String] { ["SLURM_CONF": state + "/slurm.conf"] }

    /// Whether the cluster's daemons run and its node takes jobs.
    static let isUp: Bool = {
        let script = HPORunBinary.repositoryRoot.appendingPathComponent("Scripts/slurm-cluster.sh").path
        return (try? command("/bin/bash", [script, "status"]).status) == 0
    }()

    /// Runs a command (a Slurm client, with the cluster's configuration) to its end.
    static func command(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("slurm-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: output) }
        let handle = try FileHandle(forWritingTo: output)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        try handle.close()
        return (process.terminationStatus, String(decoding: try Data(contentsOf: output), as: UTF8.self))
    }

    /// The jobs Slurm still has queued or running (squeue's default states).
    static func activeJobs() throws -> Set<String> {
        let result = try command("/usr/bin/env", ["squeue", "--noheader", "--format=%i"])
        return Set(result.output.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) })
    }

    /// Returns `node` to service after a test took it down, and waits until it takes jobs again
    /// (the cluster's ReturnToService=2 brings it back when its slurmd answers; `resume` if not).
    static func bringBack(_ node: String) {
        func isIdle() -> Bool {
            let state = try? command("/usr/bin/env", ["sinfo", "--noheader", "--nodes=\(node)", "--format=%T"])
            return state?.output.trimmingCharacters(in: .whitespacesAndNewlines) == "idle"
        }
        if waitFor(isIdle, seconds: 10) { return }
        _ = try? command("/usr/bin/env", ["scontrol", "update", "nodename=\(node)", "state=resume"])
        _ = waitFor(isIdle, seconds: 30)
    }

    /// Every job Slurm remembers (MinJobAge) whose working directory is `directory`.
    static func jobs(in directory: URL) throws -> [String] {
        let result = try command("/usr/bin/env", ["squeue", "--noheader", "--states=all", "--format=%i %Z"])
        return result.output.split(whereSeparator: \.isNewline).compactMap { line in
            let fields = line.split(separator: " ", maxSplits: 1)
            return fields.count == 2 && fields[1] == directory.path ? String(fields[0]) : nil
        }
    }
}

@Test func slurmClusterIsUpInCI() {
    if ProcessInfo.processInfo.environment["CI"] == "true" {
        #expect(SlurmCluster.isUp, "CI must run the Slurm tests: .ci/run starts the cluster with Scripts/slurm-cluster.sh up")
    } else if !SlurmCluster.isUp {
        print("note: no Slurm cluster here, so the Slurm end-to-end tests are skipped; start one with `make slurm-up`")
    }
}

/// `--launcher slurm` end to end: the built hporun against a real slurmctld and slurmd.
@Suite(.serialized, .enabled(if: SlurmCluster.isUp, "no Slurm cluster: start one with `make slurm-up`"))
struct SlurmLauncherEndToEndTests {
    /// A trial that reports accuracy = x after a short while.
    static let trial = """
        #!/bin/sh
        sleep 0.3
        x=$(python3 -c "import json; print(json.load(open('config.json'))['x'])")
        for i in 1 2; do
            echo "{\\"grouplabel\\": \\"test\\", \\"iteration\\": $i, \\"values\\": {\\"accuracy\\": {\\"type\\": 3, \\"value\\": \\"$x\\"}}}" >> "$LOG_DIR/$SUBID/evaluation-metrics.txt"
        done
        echo "ran on $(hostname) as $SUBID"
        """

    private func arguments(_ space: Workspace, _ manifest: URL, _ extra: [String], _ command: [String]) -> [String] {
        ["--manifest", manifest.path, "--experiment-dir", space.experiment.path, "--launcher", "slurm"] + extra
            + ["--"] + command
    }

    private func run(_ arguments: [String], in space: Workspace) throws -> HPORunBinary.Result {
        try HPORunBinary.run(arguments, in: space.url, environment: SlurmCluster.environment)
    }

    /// Starts hporun against the cluster without waiting; its output goes to the workspace's logs.
    private func start(_ arguments: [String], in space: Workspace) throws -> Process {
        try HPORunBinary.start(arguments, in: space.url, logs: space.url.appendingPathComponent("logs"),
                               environment: SlurmCluster.environment)
    }

    /// A trial that reports accuracy 0.5 after `seconds`.
    private func slowTrial(_ space: Workspace, seconds: Int) throws -> URL {
        try space.write("slow.sh", """
            #!/bin/sh
            sleep \(seconds)
            echo '{"grouplabel": "test", "values": {"accuracy": {"type": 3, "value": "0.5"}}}' >> "$LOG_DIR/$SUBID/evaluation-metrics.txt"
            """, executable: true)
    }

    /// Starts hporun on trials that sleep 120 s, 3 at once, with a 1 s grace; does not wait.
    private func startHangingTrials(_ space: Workspace, steps: Int) throws -> Process {
        let script = try space.write("hang.sh", "#!/bin/sh\nsleep 120\n", executable: true)
        let manifest = try space.manifest(steps: steps)
        return try start(arguments(space, manifest, ["--parallel", "3", "--grace", "1"], [script.path]), in: space)
    }

    /// Starts hporun, waits for `condition`, and kills it with SIGKILL: it leaves its jobs behind.
    private func startThenKill(_ arguments: [String], in space: Workspace, when condition: () -> Bool) throws {
        let process = try start(arguments, in: space)
        let happened = waitFor(condition, seconds: 40)
        #expect(happened)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    @Test(.timeLimit(.minutes(2))) func twelveTrialsThreeAtATimeAllCollectTheirMetrics() throws {
        let space = try Workspace()
        defer { space.remove() }
        let script = try space.write("trial.sh", Self.trial, executable: true)
        let manifest = try space.manifest(method: "rbfopt", steps: 12)
        let result = try run(arguments(space, manifest, ["--parallel", "3"], [script.path]), in: space)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("up to 3 at once as Slurm jobs"))
        #expect(space.trialNames() == (1...12).map { String(format: "%04d", $0) })
        var spans: [(Date, Date)] = []
        var jobIDs: Set<String> = []
        for subid in space.trialNames() {
            let record = try space.record(subid)
            #expect(record["state"] as? String == "completed", "\(subid): \(record["failureReason"] ?? "")")
            let x = try #require((record["config"] as? [String: Any])?["x"] as? Double)
            #expect(abs((record["objective"] as? Double ?? -1) - x) < 1e-9, "\(subid): the objective is its TEST metric")
            let history = (record["testHistory"] as? [String: Any])?["metrics"] as? [String: Any]
            #expect((history?["accuracy"] as? [Any])?.count == 2, "\(subid) has both TEST lines")
            let jobID = try #require(record["slurmJobID"] as? String)
            jobIDs.insert(jobID)
            // The job's stdout went to the trial's stdout.log, through Slurm.
            let stdout = try String(contentsOf: space.trial(subid).appendingPathComponent("stdout.log"), encoding: .utf8)
            #expect(stdout.contains("as \(subid)"))
            let started = try #require((record["startedAt"] as? String).flatMap { try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse($0) })
            let ended = try #require((record["endedAt"] as? String).flatMap { try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse($0) })
            spans.append((started, ended))
        }
        #expect(jobIDs.count == 12, "one job per trial")
        // Never more than 3 trials submitted and not yet finished at once.
        for (start, _) in spans {
            let overlapping = spans.filter { $0.0 <= start && start < $0.1 }.count
            #expect(overlapping <= 3)
        }
        #expect(try SlurmCluster.activeJobs().isDisjoint(with: jobIDs))
    }

    @Test(.timeLimit(.minutes(1))) func aJobThatExitsThreeIsAFailedTrialWithExitCodeThree() throws {
        let space = try Workspace()
        defer { space.remove() }
        let script = try space.write("fail.sh", "#!/bin/sh\necho 'bad config' >&2\nexit 3\n", executable: true)
        let manifest = try space.manifest(steps: 2)
        let result = try run(arguments(space, manifest, [], [script.path]), in: space)
        #expect(result.status == 1, "no trial completed: \(result.stderr)")
        for subid in ["0001", "0002"] {
            let record = try space.record(subid)
            #expect(record["state"] as? String == "failed")
            #expect(record["exitCode"] as? Int == 3)
            #expect(record["failureReason"] as? String == "the command exited with status 3")
            let stderr = try String(contentsOf: space.trial(subid).appendingPathComponent("stderr.log"), encoding: .utf8)
            #expect(stderr.contains("bad config"))
        }
    }

    /// A program this node's PATH lacks may be on the compute nodes' (a module, a conda
    /// environment): with Slurm it is a warning, and the job is submitted and runs.
    @Test(.timeLimit(.minutes(1))) func aProgramMissingHereIsAWarningAndTheJobRuns() throws {
        let space = try Workspace()
        defer { space.remove() }
        let manifest = try space.manifest(steps: 1)
        let result = try run(arguments(space, manifest, [], ["no-such-program-hporun", "--flag"]), in: space)
        #expect(result.stderr.contains("warning: cannot run the command: 'no-such-program-hporun'"), "\(result.stderr)")
        #expect(result.stderr.contains("the Slurm jobs run with the compute nodes' PATH"))
        let record = try space.record("0001")
        #expect(record["slurmJobID"] != nil, "the trial was submitted")
        #expect(record["state"] as? String == "failed")
    }

    @Test(.timeLimit(.minutes(1))) func trialTimeoutCancelsTheJob() throws {
        let space = try Workspace()
        defer { space.remove() }
        let script = try space.write("hang.sh", "#!/bin/sh\nsleep 120\n", executable: true)
        let manifest = try space.manifest(steps: 1)
        let began = Date()
        let result = try run(arguments(space, manifest, ["--trial-timeout", "2", "--grace", "1"], [script.path]), in: space)
        #expect(result.status == 1)
        #expect(Date().timeIntervalSince(began) < 30)
        let record = try space.record("0001")
        #expect(record["state"] as? String == "failed")
        #expect((record["failureReason"] as? String)?.hasPrefix("timed out after 2 s") == true)
        let jobID = try #require(record["slurmJobID"] as? String)
        #expect(!(try SlurmCluster.activeJobs().contains(jobID)), "the job left the queue")
    }

    @Test(.timeLimit(.minutes(1))) func sigtermCancelsEveryQueuedJob() throws {
        let space = try Workspace()
        defer { space.remove() }
        let process = try startHangingTrials(space, steps: 6)
        let jobIDs = { space.trialNames().compactMap { space.launchedJob($0) } }
        #expect(waitFor({ jobIDs().count == 3 }, seconds: 20))
        let queued = Set(jobIDs())
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        #expect(try SlurmCluster.activeJobs().isDisjoint(with: queued), "nothing hporun queued is left")
        #expect(space.trialNames().count == 3, "nothing more was submitted")
        for subid in space.trialNames() { #expect(try space.record(subid)["state"] as? String == "interrupted") }
    }

    /// Jobs still waiting in the queue (here: not eligible for 10 minutes) leave it at once on
    /// Ctrl-C. Signalling a pending job made scancel retry for a minute and a half per job.
    @Test(.timeLimit(.minutes(1))) func ctrlCTakesQueuedJobsOutOfTheQueueAtOnce() throws {
        let space = try Workspace()
        defer { space.remove() }
        let script = try space.write("trial.sh", Self.trial, executable: true)
        let manifest = try space.manifest(steps: 4)
        let process = try start(arguments(space, manifest, ["--parallel", "2", "--slurm-args", "--begin=now+600"], [script.path]),
                                in: space)
        let jobIDs = { space.trialNames().compactMap { space.launchedJob($0) } }
        #expect(waitFor({ jobIDs().count == 2 }, seconds: 20))
        let queued = Set(jobIDs())
        let interrupted = Date()
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        #expect(Date().timeIntervalSince(interrupted) < 10, "a queued job needs no grace period")
        #expect(process.terminationStatus == 130)
        #expect(try SlurmCluster.activeJobs().isDisjoint(with: queued), "nothing hporun queued is left")
        for subid in space.trialNames() { #expect(try space.record(subid)["state"] as? String == "interrupted") }
    }

    @Test(.timeLimit(.minutes(1))) func sigtermWhileJobsAreBeingSubmittedLeavesNoneQueued() throws {
        let space = try Workspace()
        defer { space.remove() }
        let process = try startHangingTrials(space, steps: 3)
        // As soon as the first trial directory exists, sbatch may be running for it.
        #expect(waitFor({ space.trialNames().contains("0001") }, seconds: 20))
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        let submitted = try space.trialNames().flatMap { try SlurmCluster.jobs(in: space.trial($0)) }
        #expect(try SlurmCluster.activeJobs().isDisjoint(with: submitted), "every job submitted was cancelled")
    }

    @Test(.timeLimit(.minutes(2))) func sigkillThenResumeFollowsTheRunningJobAndKeepsTheBudget() throws {
        let space = try Workspace()
        defer { space.remove() }
        let manifest = try space.manifest(steps: 3)
        let arguments = arguments(space, manifest, [], [try slowTrial(space, seconds: 4).path])
        // Kill hporun while trial 0002's job runs.
        let started = space.trial("0002").appendingPathComponent("job-started")
        try startThenKill(arguments, in: space) { FileManager.default.fileExists(atPath: started.path) }
        let jobID = try #require(space.launchedJob("0002"))
        #expect(try space.record("0002")["state"] as? String == "running")
        #expect(try SlurmCluster.activeJobs().contains(jobID), "the job outlives hporun")

        let resumed = try run(arguments, in: space)
        #expect(resumed.status == 0, "\(resumed.stdout)\n\(resumed.stderr)")
        #expect(resumed.stdout.contains("1 Slurm job(s) of the earlier run followed, not resubmitted"))
        #expect(space.trialNames() == ["0001", "0002", "0003"], "the budget is exact")
        for subid in space.trialNames() { #expect(try space.record(subid)["state"] as? String == "completed") }
        #expect(try space.record("0002")["slurmJobID"] as? String == jobID)
        #expect(try SlurmCluster.jobs(in: space.trial("0002")) == [jobID], "trial 0002 was submitted once")
    }

    @Test(.timeLimit(.minutes(1))) func aJobThatFinishedWhileHPORunWasAwayIsSettledOnResume() throws {
        let space = try Workspace()
        defer { space.remove() }
        let script = try space.write("trial.sh", Self.trial, executable: true)
        let manifest = try space.manifest(steps: 1)
        let arguments = arguments(space, manifest, [], [script.path])
        try startThenKill(arguments, in: space) { space.launchedJob("0001") != nil }
        let exitStatus = space.trial("0001").appendingPathComponent("job-exit-status")
        #expect(waitFor({ FileManager.default.fileExists(atPath: exitStatus.path) }, seconds: 20))
        #expect(try space.record("0001")["state"] as? String == "running", "nobody settled it yet")
        // The resume comes well after the job's end, which the record must keep.
        Thread.sleep(forTimeInterval: 2)
        let jobEnd = try #require(try FileManager.default.attributesOfItem(atPath: exitStatus.path)[.modificationDate] as? Date)
        let resumedAt = Date()

        let resumed = try run(arguments, in: space)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("1 Slurm job(s) of the earlier run followed, not resubmitted"))
        #expect(space.trialNames() == ["0001"])
        let record = try space.record("0001")
        #expect(record["state"] as? String == "completed")
        #expect((record["objective"] as? Double) == (record["config"] as? [String: Any])?["x"] as? Double)
        let endedAt = try #require((record["endedAt"] as? String).flatMap { try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse($0) })
        #expect(abs(endedAt.timeIntervalSince(jobEnd)) < 0.01, "the job's end (\(jobEnd)), not the resume's (\(endedAt))")
        #expect(endedAt < resumedAt)
    }

    /// SIGHUP (the terminal closed) leaves the jobs running: hporun exits 129 without
    /// cancelling them, and the same command follows them; none is submitted again.
    @Test(.timeLimit(.minutes(2))) func aHangupLeavesTheJobsRunningAndTheResumeFollowsThem() throws {
        let space = try Workspace()
        defer { space.remove() }
        let manifest = try space.manifest(steps: 1)
        let arguments = arguments(space, manifest, [], [try slowTrial(space, seconds: 4).path])
        let process = try start(arguments, in: space)
        let started = space.trial("0001").appendingPathComponent("job-started")
        #expect(waitFor({ FileManager.default.fileExists(atPath: started.path) }, seconds: 40))
        let jobID = try #require(space.launchedJob("0001"))
        kill(process.processIdentifier, SIGHUP)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 129)
        #expect(try SlurmCluster.activeJobs().contains(jobID), "the job outlives hporun")
        #expect(FileManager.default.fileExists(atPath: space.experiment.appendingPathComponent("hung-up.json").path))

        let resumed = try run(arguments, in: space)
        #expect(resumed.status == 0, "\(resumed.stdout)\n\(resumed.stderr)")
        #expect(try space.record("0001")["state"] as? String == "completed")
        #expect(try SlurmCluster.jobs(in: space.trial("0001")) == [jobID], "submitted once")
    }

    @Test(.timeLimit(.minutes(2))) func aJobSubmittedButNotYetRecordedIsFoundAndFollowedOnResume() throws {
        let space = try Workspace()
        defer { space.remove() }
        let manifest = try space.manifest(steps: 1)
        let arguments = arguments(space, manifest, [], [try slowTrial(space, seconds: 3).path])
        try startThenKill(arguments, in: space) { space.launchedJob("0001") != nil }
        // As if hporun had died after sbatch answered but before it wrote the job id down.
        let jobID = try #require(space.launchedJob("0001"))
        try FileManager.default.removeItem(at: space.experiment.appendingPathComponent("launches.log"))
        #expect(try space.record("0001")["slurmJobID"] == nil)

        let resumed = try run(arguments, in: space)
        #expect(resumed.status == 0, "\(resumed.stdout)\n\(resumed.stderr)")
        #expect(space.trialNames() == ["0001"], "the job was followed, not run again")
        #expect(try space.record("0001")["state"] as? String == "completed")
        #expect(try space.record("0001")["slurmJobID"] as? String == jobID)
    }

    /// A misspelt partition is refused before any trial (sbatch --test-only): Slurm's words,
    /// exit status 2, no trial made; the same command with the fix runs the experiment. Each of
    /// the first --parallel trials was made, refused and left `interrupted` before.
    @Test(.timeLimit(.minutes(1))) func aRefusedSubmissionStopsWithSlurmsMessageBeforeAnyTrial() throws {
        let space = try Workspace()
        defer { space.remove() }
        let script = try space.write("trial.sh", Self.trial, executable: true)
        let manifest = try space.manifest(steps: 2)
        let refused = try run(arguments(space, manifest, ["--parallel", "2", "--slurm-args", "--partition=nosuch"],
                                        [script.path]), in: space)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("invalid partition"), "Slurm's own words: \(refused.stderr)")
        #expect(refused.stderr.contains("with --partition=nosuch"))
        #expect(refused.stderr.contains("Nothing was submitted"))
        #expect(space.trialNames().isEmpty, "no trial was made: \(space.trialNames())")

        let resumed = try run(arguments(space, manifest, ["--parallel", "2"], [script.path]), in: space)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(space.trialNames() == ["0001", "0002"])
        for subid in space.trialNames() { #expect(try space.record(subid)["state"] as? String == "completed") }
    }

    /// Jobs that fail alike on Slurm's side (here: none sees its trial directory) stop the run
    /// after the first 3, as failed commands do: each reason named its own job and directory,
    /// so every trial of the budget was run (on a cluster, each up to its time limit).
    @Test(.timeLimit(.minutes(2))) func jobsLostTheSameWayStopTheRunAfterTheFirstThree() throws {
        let space = try Workspace()
        defer { space.remove() }
        let script = try space.write("trial.sh", Self.trial, executable: true)
        let manifest = try space.manifest(steps: 8)
        let result = try run(arguments(space, manifest, ["--slurm-args", "--chdir=/"], [script.path]), in: space)
        #expect(result.status == 1)
        #expect(result.stdout.contains("the first 3 trials failed the same way"), "\(result.stdout)")
        let failed = try space.trialNames().filter { try space.record($0)["state"] as? String == "failed" }
        #expect(failed == ["0001", "0002", "0003"])
        let best = try HPORunBinary.run(["best", space.experiment.path], in: space.url)
        #expect(best.status == 1)
        #expect(best.stderr.contains("every one: the Slurm job ended as FAILED without"), "\(best.stderr)")
        let status = try HPORunBinary.run(["status", space.experiment.path], in: space.url)
        #expect(status.stdout.contains("0001 failed: the Slurm job \(try space.record("0001")["slurmJobID"] as? String ?? "?") "),
                "each trial's own job in status: \(status.stdout)")
        #expect(status.stdout.contains("stderr.log ends: hporun: this job runs in / on"), "Slurm's side of it: \(status.stdout)")
    }

    /// The node fails under a running job submitted with `--no-requeue`: the trial fails, its
    /// reason names the node failure, and stderr.log keeps Slurm's line. (Without it Slurm
    /// requeues the job and the command runs again after Slurm's requeue delay, about two
    /// minutes here: measured by hand, and the job script's restart line is tested alone.)
    @Test(.timeLimit(.minutes(1))) func aNodeFailureUnderAJobWithoutRequeueIsAFailedTrialThatSaysSo() throws {
        let space = try Workspace()
        defer { space.remove() }
        let script = try space.write("wait.sh", """
            #!/bin/sh
            echo '{"grouplabel": "test", "values": {"accuracy": {"type": 3, "value": "0.25"}}}' >> "$LOG_DIR/$SUBID/evaluation-metrics.txt"
            sleep 120
            """, executable: true)
        let manifest = try space.manifest(steps: 1)
        let process = try start(arguments(space, manifest, ["--slurm-args", "--no-requeue"], [script.path]), in: space)
        let metrics = space.trial("0001").appendingPathComponent("evaluation-metrics.txt")
        #expect(waitFor({ FileManager.default.fileExists(atPath: metrics.path) }, seconds: 40))
        let jobID = try #require(space.launchedJob("0001"))
        let node = try SlurmCluster.command("/usr/bin/env", ["squeue", "--noheader", "--jobs=\(jobID)", "--format=%N"])
            .output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(!node.isEmpty, "the job runs on a node")
        defer { SlurmCluster.bringBack(node) }
        let down = try SlurmCluster.command(
            "/usr/bin/env", ["scontrol", "update", "nodename=\(node)", "state=down", "reason=hporun test: node failure"])
        #expect(down.status == 0, "\(down.output)")
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        let record = try space.record("0001")
        #expect(record["state"] as? String == "failed")
        #expect(record["failureReason"] as? String
                == "the node of the Slurm job \(jobID) failed without recording the command's exit status")
        let stderr = try String(contentsOf: space.trial("0001").appendingPathComponent("stderr.log"), encoding: .utf8)
        #expect(stderr.contains("DUE TO NODE FAILURE"), "\(stderr)")
    }

    /// A job back in the queue after it had started (Slurm requeued it: node failure,
    /// preemption) still has its earlier run's job-started: the trial timeout must not count
    /// the wait from that start. Here the job is held in the queue (`--hold`) with a
    /// job-started of a minute ago in its trial directory, which is what a requeued job leaves;
    /// with `--trial-timeout 2` it stays queued until released, then runs and completes.
    @Test(.timeLimit(.minutes(1))) func aJobBackInTheQueueIsNotTimedOutFromItsEarlierStart() throws {
        let space = try Workspace()
        defer { space.remove() }
        let script = try space.write("trial.sh", Self.trial, executable: true)
        let manifest = try space.manifest(steps: 1)
        let process = try start(arguments(space, manifest, ["--slurm-args", "--hold", "--trial-timeout", "2"], [script.path]),
                                in: space)
        #expect(waitFor({ space.launchedJob("0001") != nil }, seconds: 20))
        let jobID = try #require(space.launchedJob("0001"))
        let started = space.trial("0001").appendingPathComponent("job-started")
        try Data("node1 1234\n".utf8).write(to: started)
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-60)], ofItemAtPath: started.path)
        Thread.sleep(forTimeInterval: 5)
        #expect(try space.record("0001")["state"] as? String == "running", "not timed out while queued")
        #expect(try SlurmCluster.activeJobs().contains(jobID), "still queued")
        let released = try SlurmCluster.command("/usr/bin/env", ["scontrol", "release", jobID])
        #expect(released.status == 0, "\(released.output)")
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let record = try space.record("0001")
        #expect(record["state"] as? String == "completed", "\(record["failureReason"] ?? "")")
    }

    @Test(.timeLimit(.minutes(1))) func aJobThatCannotSeeTheTrialDirectorySaysWhatToCheck() throws {
        let space = try Workspace()
        defer { space.remove() }
        let script = try space.write("trial.sh", Self.trial, executable: true)
        let manifest = try space.manifest(steps: 1)
        // The job is sent elsewhere (a later --chdir wins), as on a node without the directory.
        let result = try run(arguments(space, manifest, ["--slurm-args", "--chdir=/"], [script.path]), in: space)
        #expect(result.status == 1)
        let reason = try #require(try space.record("0001")["failureReason"] as? String)
        #expect(reason.contains("without recording the command's exit status"))
        #expect(reason.contains("never started the command"))
        #expect(reason.contains("filesystem they mount at the same path"))
        let stderr = try String(contentsOf: space.trial("0001").appendingPathComponent("stderr.log"), encoding: .utf8)
        #expect(stderr.contains("the trial directory is not"))
    }
}

@Test func withoutSbatchTheErrorSaysWhatToDo() throws {
    let space = try Workspace()
    defer { space.remove() }
    let manifest = try space.manifest(steps: 1)
    let result = try HPORunBinary.run(
        ["--manifest", manifest.path, "--experiment-dir", space.experiment.path, "--launcher", "slurm", "--", "true"],
        in: space.url, environment: ["PATH": space.url.path])
    #expect(result.status == 2)
    #expect(result.stderr.contains("sbatch, squeue, scancel are not on the PATH"), "\(result.stderr)")
    #expect(result.stderr.contains("login node"))
    #expect(!FileManager.default.fileExists(atPath: space.experiment.path), "nothing was created")
}
