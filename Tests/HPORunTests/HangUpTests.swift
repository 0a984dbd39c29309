import Foundation
import HPOKit
import Testing

/// SIGHUP (the terminal or SSH session closed) ends hporun without stopping its trials: they
/// run on unattended, `hporun status` says so, and the same command follows or collects them.
@Suite(.serialized) struct HangUpTests {
    /// The gated trial of ResumeFollowTests on a one-trial experiment, hporun on a terminal.
    private func startOnATerminal(_ space: Workspace, trial: String = ResumeFollowTests.gatedTrial, extra: [String] = [])
        throws -> (PseudoTerminal, [String]) {
        let script = try space.write("trial.sh", trial, executable: true)
        let arguments = ["--manifest", try space.manifest(steps: 1).path, "--experiment-dir", space.experiment.path] + extra
            + ["--", script.path]
        let terminal = try PseudoTerminal(arguments, in: space.url, columns: 120, rows: 30,
                                          environment: ["WORKSPACE": space.url.path])
        #expect(terminal.waitForScreen { _ in space.launchedGroup("0001") != nil && invocations(space).count == 1 },
                "the trial runs")
        return (terminal, arguments)
    }

    private func invocations(_ space: Workspace) -> [Substring] {
        ((try? String(contentsOf: space.url.appendingPathComponent("invocations"), encoding: .utf8)) ?? "").split(separator: "\n")
    }

    @Test(.timeLimit(.minutes(1))) func aHangupLeavesTheTrialRunningAndTheSameCommandCollectsIt() throws {
        let space = try Workspace()
        defer { space.remove() }
        let (terminal, arguments) = try startOnATerminal(space)
        let group = try #require(space.launchedGroup("0001"))
        // The terminal is gone first, as when an SSH connection drops: every write fails (EIO).
        terminal.hangUp()
        kill(terminal.process.processIdentifier, SIGHUP)
        #expect(terminal.waitForExit() == 129)
        #expect(terminal.process.terminationReason == .exit, "not killed by a signal, nor crashed by EIO")
        #expect(!livingProcesses(inGroup: group).isEmpty, "the trial runs on")
        #expect(try space.record("0001")["state"] as? String == "running")
        let hungUp = space.experiment.appendingPathComponent("hung-up.json")
        #expect(FileManager.default.fileExists(atPath: hungUp.path))

        let status = try HPORunBinary.run(["status", space.experiment.path])
        #expect(status.stdout.contains("was hung up (SIGHUP)") && status.stdout.contains("trial 0001 running unattended"),
                "\(status.stdout)")
        #expect(status.stdout.contains("running the same command again follows them"), "\(status.stdout)")

        _ = FileManager.default.createFile(atPath: space.url.appendingPathComponent("release").path, contents: nil)
        #expect(waitFor { livingProcesses(inGroup: group).isEmpty }, "the trial ends unattended")
        let resumed = try HPORunBinary.run(arguments, in: space.url, environment: ["WORKSPACE": space.url.path])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let record = try space.record("0001")
        #expect(record["state"] as? String == "completed")
        #expect(record["objective"] as? Double == 0.75)
        #expect(space.trialNames() == ["0001"], "not run again")
        #expect(invocations(space).count == 1)
        #expect(!FileManager.default.fileExists(atPath: hungUp.path), "the next run settled what the record said")
    }

    /// The STATE of a trial a hung-up run left says what became of it, not `running?`:
    /// running while its watcher runs, then ended (how and when) and collected on the next run.
    @Test(.timeLimit(.minutes(1))) func statusSaysWhatBecameOfATrialAHangupLeft() throws {
        let space = try Workspace()
        defer { space.remove() }
        let (terminal, _) = try startOnATerminal(space)
        let group = try #require(space.launchedGroup("0001"))
        defer { kill(-group, SIGKILL) }
        terminal.hangUp()
        kill(terminal.process.processIdentifier, SIGHUP)
        #expect(terminal.waitForExit() == 129)
        let formatter = DateFormatter()
        formatter.dateFormat = "HH:mm"
        let hungUpAt = formatter.string(from: try #require(ExperimentDirectory(space.experiment).loadHangUp()).hungUpAt)

        let running = try HPORunBinary.run(["status", space.experiment.path])
        #expect(running.status == 0, "\(running.stderr)")
        let row = try #require(running.stdout.split(separator: "\n").first { $0.hasPrefix("0001 ") }, "\(running.stdout)")
        #expect(row.contains("running (hporun hung up at \(hungUpAt))"), "\(running.stdout)")
        #expect(!row.contains("running?"), "\(running.stdout)")

        _ = FileManager.default.createFile(atPath: space.url.appendingPathComponent("release").path, contents: nil)
        #expect(waitFor { livingProcesses(inGroup: group).isEmpty }, "the trial ends unattended")
        let ended = try HPORunBinary.run(["status", space.experiment.path])
        let endedRow = try #require(ended.stdout.split(separator: "\n").first { $0.hasPrefix("0001 ") }, "\(ended.stdout)")
        #expect(endedRow.contains("ended (exited 0 at "), "\(ended.stdout)")
        #expect(endedRow.contains("; collected on the next run)"), "\(ended.stdout)")
        #expect(try space.record("0001")["state"] as? String == "running", "status only looks")
    }

    /// Ctrl-C first: the trials are being stopped at the user's word, and a hangup during the
    /// grace period lets that stop finish (quietly) rather than leave them half-stopped.
    @Test(.timeLimit(.minutes(1))) func aHangupWhileCtrlCStopsTheTrialsLetsTheStopFinish() throws {
        let space = try Workspace()
        defer { space.remove() }
        // It ignores SIGTERM, so the stop lasts the grace period.
        let stubborn = """
            #!/bin/sh
            trap '' TERM
            echo "$SUBID $$" >> "$WORKSPACE/invocations"
            while true; do sleep 0.1; done
            """
        let (terminal, _) = try startOnATerminal(space, trial: stubborn, extra: ["--grace", "3"])
        let group = try #require(space.launchedGroup("0001"))
        kill(terminal.process.processIdentifier, SIGINT)
        #expect(terminal.waitForScreen { $0.text.contains("SIGKILL in") })
        terminal.hangUp()
        kill(terminal.process.processIdentifier, SIGHUP)
        #expect(terminal.waitForExit() == 130)
        #expect(livingProcesses(inGroup: group).isEmpty)
        #expect(try space.record("0001")["state"] as? String == "interrupted")
        #expect(!FileManager.default.fileExists(atPath: space.experiment.appendingPathComponent("hung-up.json").path))
    }
}
