import Foundation
import HPOKit
import Testing

/// hporun killed or interrupted at any moment leaves a directory a second run resumes,
/// and no trial process behind.
@Suite(.serialized) struct CrashSafetyTests {
    /// A trial that takes a while and leaves a grandchild running in its process group
    /// when it exits: hporun must kill it.
    static let slowTrial = """
        #!/bin/sh
        sleep 30 &
        sleep 0.4
        echo '{"grouplabel": "test", "values": {"accuracy": {"type": 3, "value": "0.5"}}}' >> "$LOG_DIR/$SUBID/evaluation-metrics.txt"
        """

    private func completedCount(_ space: Workspace) -> Int {
        space.trialNames().filter { (try? space.record($0)["state"] as? String) == "completed" }.count
    }

    @Test(.timeLimit(.minutes(2))) func sigkillAtSeveralPointsThenResumeKeepsTheBudgetExact() throws {
        let space = try Workspace()
        defer { space.remove() }
        let script = try space.write("slow.sh", Self.slowTrial, executable: true)
        let manifest = try space.manifest(method: "rbfopt", steps: 8)
        let arguments = ["--manifest", manifest.path, "--experiment-dir", space.experiment.path, "--parallel", "2",
                         "--", script.path]
        var completedBefore: [String: Data] = [:]
        for (round, target) in [1, 3, 5].enumerated() {
            let process = try HPORunBinary.start(arguments, in: space.url, logs: space.url.appendingPathComponent("logs\(round)"))
            #expect(waitFor { completedCount(space) >= target })
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            // Every completed trial from earlier rounds is still there, byte for byte.
            for (subid, data) in completedBefore {
                #expect(try Data(contentsOf: space.trial(subid).appendingPathComponent("trial.json")) == data, "\(subid)")
            }
            for subid in space.trialNames() where (try? space.record(subid)["state"] as? String) == "completed" {
                completedBefore[subid] = try Data(contentsOf: space.trial(subid).appendingPathComponent("trial.json"))
            }
        }
        let final = try HPORunBinary.run(arguments, in: space.url)
        #expect(final.status == 0, "\(final.stderr)")
        #expect(final.stdout.contains("resuming:"))
        let records = try space.trialNames().map { try space.record($0) }
        #expect(records.filter { ["completed", "failed"].contains($0["state"] as? String) }.count == 8)
        #expect(Set(records.compactMap { $0["subid"] as? String }).count == records.count, "no SUBID used twice")
        #expect(records.allSatisfy { ["completed", "failed", "interrupted"].contains($0["state"] as? String) })
        for (subid, data) in completedBefore {
            #expect(try Data(contentsOf: space.trial(subid).appendingPathComponent("trial.json")) == data, "\(subid) kept")
        }
        // No trial process of any round is left: a resumed run kills what a killed runner left.
        for record in records {
            if let pgid = record["pgid"] as? Int { #expect(livingProcesses(inGroup: Int32(pgid)).isEmpty, "group \(pgid)") }
        }
    }

    @Test(.timeLimit(.minutes(1))) func sigtermStopsTrialsAndTheirGrandchildrenAndExits130() throws {
        let space = try Workspace()
        defer { space.remove() }
        let script = try space.write("hang.sh", """
            #!/bin/sh
            trap '' TERM
            sleep 60 &
            sleep 60
            """, executable: true)
        let manifest = try space.manifest(steps: 4)
        let process = try HPORunBinary.start(
            ["--manifest", manifest.path, "--experiment-dir", space.experiment.path, "--parallel", "2", "--grace", "0.5",
             "--", script.path], in: space.url, logs: space.url.appendingPathComponent("logs"))
        #expect(waitFor {
            space.trialNames().count == 2 && space.trialNames().allSatisfy { space.launchedGroup($0) != nil }
        })
        let groups = space.trialNames().compactMap { space.launchedGroup($0) }
        #expect(groups.count == 2)
        // The group is recorded when sh starts; its sleeps follow as the load allows.
        #expect(waitFor { groups.allSatisfy { livingProcesses(inGroup: $0).count >= 2 } }, "each trial has its sh and sleeps")
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        for subid in space.trialNames() {
            #expect(try space.record(subid)["state"] as? String == "interrupted")
        }
        for group in groups { #expect(livingProcesses(inGroup: group).isEmpty, "group \(group) survived") }

        // Resumed (with a command that finishes), the interrupted trials' points run again first.
        let interruptedPoints = try ExperimentDirectory(space.experiment).loadTrials().map(\.point)
        let quick = try space.write("quick.sh", """
            #!/bin/sh
            echo '{"grouplabel": "test", "values": {"accuracy": 0.5}}' >> "$LOG_DIR/$SUBID/evaluation-metrics.txt"
            """, executable: true)
        let resumed = try HPORunBinary.run(["--manifest", manifest.path, "--experiment-dir", space.experiment.path, "--force",
                                            "--", quick.path], in: space.url)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("resuming: 0 completed, 0 failed, 2 interrupted trial(s) to run again"))
        let trials = try ExperimentDirectory(space.experiment).loadTrials()
        #expect(trials.filter { $0.state == .completed }.count == 4)
        #expect(Array(trials.dropFirst(2).prefix(2).map(\.point)) == interruptedPoints)
    }

    /// After a reboot the process group recorded for a trial may be somebody else's: a
    /// resumed run kills only a group that holds one of the experiment's processes.
    @Test(.timeLimit(.minutes(1))) func resumeLeavesAProcessGroupThatIsNotTheExperimentsAlone() throws {
        let space = try Workspace()
        defer { space.remove() }
        // Hangs in the first run only (HANG is set there), so the resumed run ends at once.
        let script = try space.write("hang.sh", "#!/bin/sh\nsleep ${HANG:-0}\n", executable: true)
        let manifest = try space.manifest(steps: 1)
        let arguments = ["--manifest", manifest.path, "--experiment-dir", space.experiment.path, "--", script.path]
        let process = try HPORunBinary.start(arguments, in: space.url, logs: space.url.appendingPathComponent("logs"),
                                             environment: ["HANG": "60"])
        #expect(waitFor { space.launchedGroup("0001") != nil })
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        // As after a reboot: the trial's processes are gone, and its group number now
        // belongs to an unrelated program.
        let trialGroup = try #require(space.launchedGroup("0001"))
        kill(-trialGroup, SIGKILL)
        #expect(waitFor { livingProcesses(inGroup: trialGroup).isEmpty })
        let stranger = Process()
        stranger.executableURL = URL(fileURLWithPath: "/bin/sleep")
        stranger.arguments = ["30"]
        try stranger.run()
        defer { kill(stranger.processIdentifier, SIGKILL) }
        // The stranger's process group, whatever Process made it (not this test's own).
        let stat = try String(contentsOfFile: "/proc/\(stranger.processIdentifier)/stat", encoding: .utf8)
        let fields = stat[stat.index(after: try #require(stat.lastIndex(of: ")")))...].split(separator: " ")
        let strangerGroup = try #require(Int32(fields[2]))
        try #require(strangerGroup != getpgrp(), "a group of its own, so killing it cannot kill the test")
        #expect(livingProcesses(inGroup: strangerGroup) == [stranger.processIdentifier])
        try Data("0001 pid \(strangerGroup)\n".utf8).write(to: space.experiment.appendingPathComponent("launches.log"))

        let resumed = try HPORunBinary.run(arguments, in: space.url)
        #expect(resumed.stdout.contains("1 interrupted trial(s) to run again"), "\(resumed.stdout)")
        #expect(livingProcesses(inGroup: strangerGroup) == [stranger.processIdentifier], "the unrelated process lives")
    }

    /// The first Ctrl-C waits for the grace period; a second kills at once.
    @Test(.timeLimit(.minutes(1))) func aSecondInterruptKillsAtOnce() throws {
        let space = try Workspace()
        defer { space.remove() }
        let script = try space.write("stubborn.sh", "#!/bin/sh\ntrap '' TERM INT\nsleep 60\n", executable: true)
        let manifest = try space.manifest(steps: 2)
        let process = try HPORunBinary.start(
            ["--manifest", manifest.path, "--experiment-dir", space.experiment.path, "--grace", "40", "--", script.path],
            in: space.url, logs: space.url.appendingPathComponent("logs"))
        #expect(waitFor { space.launchedGroup("0001") != nil })
        let pgid = try #require(space.launchedGroup("0001"))
        // The group is recorded when the watcher starts; the sleep follows sh's trap, so once
        // the sleep runs the trial ignores the interrupt (before, the first SIGINT could kill sh
        // at once: watcher and sh made two processes before the trap was set).
        #expect(waitFor { livingProcesses(inGroup: Int32(pgid)).count >= 3 }, "the trial's watcher, sh and its sleep")
        kill(process.processIdentifier, SIGINT)
        usleep(300_000)
        #expect(process.isRunning, "the first interrupt waits up to the 40 s grace for the trial")
        kill(process.processIdentifier, SIGINT)
        #expect(waitFor({ !process.isRunning }, seconds: 10), "the second interrupt kills at once")
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        #expect(try space.record("0001")["state"] as? String == "interrupted")
        #expect(livingProcesses(inGroup: Int32(pgid)).isEmpty)
    }

    @Test(.timeLimit(.minutes(1))) func aSecondRunnerOnTheSameDirectoryIsRefused() throws {
        let space = try Workspace()
        defer { space.remove() }
        let script = try space.write("slow.sh", Self.slowTrial, executable: true)
        let manifest = try space.manifest(steps: 3)
        let arguments = ["--manifest", manifest.path, "--experiment-dir", space.experiment.path, "--", script.path]
        let first = try HPORunBinary.start(arguments, in: space.url, logs: space.url.appendingPathComponent("logs"))
        #expect(waitFor { !space.trialNames().isEmpty })
        let second = try HPORunBinary.run(arguments, in: space.url)
        #expect(second.status == 2)
        #expect(second.stderr.contains("another hporun (pid \(first.processIdentifier)) is running the experiment in"))
        first.waitUntilExit()
        #expect(first.terminationStatus == 0)
    }

    /// --parallel runs trials at the same time (their run intervals overlap).
    @Test(.timeLimit(.minutes(1))) func parallelTrialsOverlap() throws {
        let space = try Workspace()
        defer { space.remove() }
        // Long enough (2 s) that a loaded machine still starts all three before one ends.
        let script = try space.write("slow.sh", Self.slowTrial.replacingOccurrences(of: "sleep 0.4", with: "sleep 2"),
                                     executable: true)
        let manifest = try space.manifest(steps: 3)
        let result = try HPORunBinary.run(["--manifest", manifest.path, "--experiment-dir", space.experiment.path,
                                           "--parallel", "3", "--", script.path], in: space.url)
        #expect(result.status == 0, "\(result.stderr)")
        for record in try space.trialNames().map({ try space.record($0) }) {
            let pgid = try #require(record["pgid"] as? Int)
            #expect(livingProcesses(inGroup: Int32(pgid)).isEmpty, "the grandchild of \(record["subid"] ?? "?") was killed")
        }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let intervals = try space.trialNames().map { subid -> (Date, Date) in
            let record = try space.record(subid)
            return (formatter.date(from: record["startedAt"] as! String)!, formatter.date(from: record["endedAt"] as! String)!)
        }
        let latestStart = intervals.map(\.0).max()!, earliestEnd = intervals.map(\.1).min()!
        #expect(latestStart < earliestEnd, "all three trials ran at once")
    }
}
