import Foundation
import HPOKit
import Testing

/// hporun killed with SIGKILL while a local trial runs: the resumed run keeps the trial's
/// work. One that ended meanwhile is collected with its real exit status and metrics; one
/// still running is followed to its end; neither runs again.
@Suite(.serialized) struct ResumeFollowTests {
    /// Counts its runs in `invocations`, waits for the test to create `release` (so the test
    /// decides whether the trial ends before or after the resume), writes its metric, and
    /// exits with $STATUS (0 unless set).
    static let gatedTrial = """
        #!/bin/sh
        echo "$SUBID $$" >> "$WORKSPACE/invocations"
        while [ ! -e "$WORKSPACE/release" ]; do sleep 0.1; done
        echo '{"grouplabel": "test", "etimes": {"iteration": 1}, "values": {"accuracy": 0.75}}' >> "$RESULT_DIR/evaluation-metrics.txt"
        exit "${STATUS:-0}"
        """

    struct Setup {
        var space: Workspace
        var arguments: [String]
        var environment: [String: String]

        /// Lets the trial end.
        func open() {
            _ = FileManager.default.createFile(atPath: space.url.appendingPathComponent("release").path, contents: nil)
        }

        /// The lines of `invocations`: one per run of the trial's command.
        func invocations() -> [String] {
            let text = (try? String(contentsOf: space.url.appendingPathComponent("invocations"), encoding: .utf8)) ?? ""
            return text.split(separator: "\n").map(String.init)
        }
    }

    /// Starts hporun on a one-trial experiment, waits until the trial's command runs, and
    /// kills hporun with SIGKILL.
    private func killedDuringTheTrial(status: Int32 = 0, extra: [String] = [], trial: String = gatedTrial) throws -> Setup {
        let space = try Workspace()
        let script = try space.write("gated.sh", trial, executable: true)
        let manifest = try space.manifest(steps: 1)
        let setup = Setup(space: space,
                          arguments: ["--manifest", manifest.path, "--experiment-dir", space.experiment.path] + extra
                              + ["--", script.path],
                          environment: ["WORKSPACE": space.url.path, "STATUS": "\(status)"])
        let first = try HPORunBinary.start(setup.arguments, in: space.url, logs: space.url.appendingPathComponent("logs"),
                                           environment: setup.environment)
        #expect(waitFor { space.launchedGroup("0001") != nil && setup.invocations().count == 1 })
        kill(first.processIdentifier, SIGKILL)
        first.waitUntilExit()
        return setup
    }

    private func ended(_ setup: Setup) -> Bool {
        FileManager.default.fileExists(atPath: setup.space.trial("0001").appendingPathComponent("hporun-exit-status").path)
    }

    @Test(.timeLimit(.minutes(1))) func aTrialThatEndedWhileHporunWasDeadIsCollected() throws {
        let setup = try killedDuringTheTrial()
        defer { setup.space.remove() }
        setup.open()
        #expect(waitFor { ended(setup) }, "the trial ends on its own")
        let group = try #require(setup.space.launchedGroup("0001"))
        #expect(waitFor { livingProcesses(inGroup: group).isEmpty })

        let resumed = try HPORunBinary.run(setup.arguments, in: setup.space.url, environment: setup.environment)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("1 trial(s) the earlier run left running followed to their end, not run again"),
                "\(resumed.stdout)")
        let record = try setup.space.record("0001")
        #expect(record["state"] as? String == "completed")
        #expect(record["objective"] as? Double == 0.75)
        #expect(record["exitCode"] as? Int == 0)
        #expect(setup.space.trialNames() == ["0001"], "not run again")
        #expect(setup.invocations().count == 1)
    }

    @Test(.timeLimit(.minutes(1))) func aTrialStillRunningAtTheResumeIsFollowedToItsEnd() throws {
        let setup = try killedDuringTheTrial()
        defer { setup.space.remove() }
        let group = try #require(setup.space.launchedGroup("0001"))
        let logs = setup.space.url.appendingPathComponent("logs-resumed")
        let resumed = try HPORunBinary.start(setup.arguments, in: setup.space.url, logs: logs, environment: setup.environment)
        let resumedOutput = logs.appendingPathComponent("stdout")
        #expect(waitFor { ((try? String(contentsOf: resumedOutput, encoding: .utf8)) ?? "").contains("followed to their end") })
        #expect(!livingProcesses(inGroup: group).isEmpty, "the resumed run left the trial running")
        #expect(resumed.isRunning, "and waits for it")
        setup.open()
        resumed.waitUntilExit()
        #expect(resumed.terminationStatus == 0)
        let record = try setup.space.record("0001")
        #expect(record["state"] as? String == "completed")
        #expect(record["objective"] as? Double == 0.75)
        #expect(setup.space.trialNames() == ["0001"], "not run again")
        #expect(setup.invocations().count == 1)
        #expect(livingProcesses(inGroup: group).isEmpty)
    }

    /// The resumed run says it follows the trial (it does not start it), and `--tee` shows
    /// only what the trial writes from the resume on, not its whole stdout.log again.
    @Test(.timeLimit(.minutes(1))) func aFollowedTrialIsSaidFollowedAndTeeShowsOnlyItsNewOutput() throws {
        let talking = Self.gatedTrial.replacingOccurrences(
            of: "while", with: "echo 'written before the resume'\nwhile"
        ).replacingOccurrences(of: "exit \"", with: "echo 'written after the resume'\nexit \"")
        let setup = try killedDuringTheTrial(extra: ["--tee"], trial: talking)
        defer { setup.space.remove() }
        let logs = setup.space.url.appendingPathComponent("logs-resumed")
        let resumed = try HPORunBinary.start(setup.arguments, in: setup.space.url, logs: logs, environment: setup.environment)
        let output = { (try? String(contentsOf: logs.appendingPathComponent("stdout"), encoding: .utf8)) ?? "" }
        #expect(waitFor { output().contains("trial 0001 followed (started by an earlier run ") }, "\(output())")
        setup.open()
        resumed.waitUntilExit()
        #expect(resumed.terminationStatus == 0)
        #expect(output().contains("[0001] written after the resume"), "\(output())")
        #expect(!output().contains("written before the resume"), "\(output())")
        #expect(!output().contains("trial 0001 started"), "\(output())")
        #expect(setup.invocations().count == 1)
    }

    /// hporun died after the watcher started but before launches.log named it: the resume
    /// finds the watcher by its environment and follows it, instead of killing the trial and
    /// running its point again.
    @Test(.timeLimit(.minutes(1))) func aTrialLaunchesLogDoesNotNameIsFoundByItsWatcherAndFollowed() throws {
        let setup = try killedDuringTheTrial()
        defer { setup.space.remove() }
        let group = try #require(setup.space.launchedGroup("0001"))
        try FileManager.default.removeItem(at: setup.space.experiment.appendingPathComponent("launches.log"))
        #expect(try setup.space.record("0001")["pid"] == nil, "nothing else names the trial's process")
        let logs = setup.space.url.appendingPathComponent("logs-resumed")
        let resumed = try HPORunBinary.start(setup.arguments, in: setup.space.url, logs: logs, environment: setup.environment)
        let output = { (try? String(contentsOf: logs.appendingPathComponent("stdout"), encoding: .utf8)) ?? "" }
        #expect(waitFor { output().contains("trial 0001 followed") }, "\(output())")
        #expect(!livingProcesses(inGroup: group).isEmpty, "the resumed run left the trial running")
        setup.open()
        resumed.waitUntilExit()
        #expect(resumed.terminationStatus == 0)
        let record = try setup.space.record("0001")
        #expect(record["state"] as? String == "completed")
        #expect(record["pid"] as? Int == Int(group))
        #expect(setup.space.trialNames() == ["0001"], "not run again")
        #expect(setup.invocations().count == 1)
    }

    /// The same, but the trial ended before the resume, so no watcher is left to find: the
    /// record it left (its pid on the second line) names it, and it is collected, not run again.
    @Test(.timeLimit(.minutes(1))) func aTrialLaunchesLogDoesNotNameThatEndedIsCollectedByItsRecord() throws {
        let setup = try killedDuringTheTrial()
        defer { setup.space.remove() }
        let group = try #require(setup.space.launchedGroup("0001"))
        try FileManager.default.removeItem(at: setup.space.experiment.appendingPathComponent("launches.log"))
        setup.open()
        #expect(waitFor { ended(setup) }, "the trial ends on its own")
        #expect(waitFor { livingProcesses(inGroup: group).isEmpty })
        let resumed = try HPORunBinary.run(setup.arguments, in: setup.space.url, environment: setup.environment)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let record = try setup.space.record("0001")
        #expect(record["state"] as? String == "completed")
        #expect(record["objective"] as? Double == 0.75)
        #expect(record["pid"] as? Int == Int(group))
        #expect(setup.space.trialNames() == ["0001"], "not run again")
        #expect(setup.invocations().count == 1)
    }

    @Test(.timeLimit(.minutes(1))) func aTrialThatFailedWhileHporunWasDeadKeepsItsExitStatus() throws {
        let setup = try killedDuringTheTrial(status: 3)
        defer { setup.space.remove() }
        setup.open()
        #expect(waitFor { ended(setup) })

        let resumed = try HPORunBinary.run(setup.arguments, in: setup.space.url, environment: setup.environment)
        #expect(resumed.status == 1, "every trial failed: \(resumed.stdout) \(resumed.stderr)")
        let record = try setup.space.record("0001")
        #expect(record["state"] as? String == "failed")
        #expect(record["exitCode"] as? Int == 3)
        #expect(record["failureReason"] as? String == "the command exited with status 3")
        #expect(setup.invocations().count == 1)
    }

    /// Ctrl-C stops a followed trial as it stops the run's own: interrupted, nothing left.
    @Test(.timeLimit(.minutes(1))) func anInterruptStopsAFollowedTrial() throws {
        let setup = try killedDuringTheTrial()
        defer { setup.space.remove() }
        let group = try #require(setup.space.launchedGroup("0001"))
        let logs = setup.space.url.appendingPathComponent("logs-resumed")
        let resumed = try HPORunBinary.start(setup.arguments, in: setup.space.url, logs: logs,
                                             environment: setup.environment)
        #expect(waitFor { ((try? String(contentsOf: logs.appendingPathComponent("stdout"), encoding: .utf8)) ?? "")
            .contains("trial 0001 followed") })
        kill(resumed.processIdentifier, SIGINT)
        resumed.waitUntilExit()
        #expect(resumed.terminationStatus == 130)
        #expect(try setup.space.record("0001")["state"] as? String == "interrupted")
        #expect(livingProcesses(inGroup: group).isEmpty)
        #expect(setup.invocations().count == 1)
    }

    /// The timeout of a followed trial counts from the trial's own start, not the resume.
    @Test(.timeLimit(.minutes(1))) func aFollowedTrialTimesOutFromItsOwnStart() throws {
        let setup = try killedDuringTheTrial(extra: ["--trial-timeout", "3", "--grace", "0.5"])
        defer { setup.space.remove() }
        let group = try #require(setup.space.launchedGroup("0001"))
        let started = Date()
        let resumed = try HPORunBinary.run(setup.arguments, in: setup.space.url, environment: setup.environment)
        #expect(Date().timeIntervalSince(started) < 3.5, "stopped within the trial's own 3 s, not 3 s after the resume")
        #expect(resumed.status == 1)
        let record = try setup.space.record("0001")
        #expect(record["state"] as? String == "failed")
        #expect((record["failureReason"] as? String)?.hasPrefix("timed out after 3 s") == true, "\(record)")
        #expect(livingProcesses(inGroup: group).isEmpty)
    }
}
