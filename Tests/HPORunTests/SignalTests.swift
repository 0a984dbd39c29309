import Foundation
import HPOKit
import Testing

/// SIGTERM stops every running trial (SIGHUP leaves them running: HangUpTests), and a closed
/// output never kills hporun.
@Suite(.serialized) struct SignalTests {
    @Test(.timeLimit(.minutes(1))) func sigtermStopsTheTrialsAndExits130() async throws {
        let space = try Workspace()
        defer { space.remove() }
        let (process, _) = try await ProcessEscapeTests.startEscaping(space, extra: ["--parallel", "2"], steps: 3)
        #expect(await eventually { space.trialNames().count == 2 && space.trialNames().allSatisfy { space.launchedGroup($0) != nil } })
        kill(process.processIdentifier, SIGTERM)
        await exited(process)
        #expect(process.terminationStatus == 130)
        #expect(process.terminationReason == .exit, "not killed by the signal")
        for subid in space.trialNames() {
            let record = try space.record(subid)
            #expect(record["state"] as? String == "interrupted", "\(record["failureReason"] ?? "")")
        }
        #expect(experimentProcesses(space.experiment).isEmpty, "survivors: \(experimentProcesses(space.experiment))")
    }

    /// Ctrl-C after some trials completed: the end says how to go on (the same command
    /// resumes), not only when nothing completed.
    @Test(.timeLimit(.minutes(1))) func anInterruptionSaysHowToResume() async throws {
        let space = try Workspace()
        defer { space.remove() }
        let script = try space.write("t.sh", """
            #!/bin/sh
            echo '{"grouplabel": "test", "values": {"accuracy": 0.5}}' >> "$LOG_DIR/$SUBID/evaluation-metrics.txt"
            [ "$SUBID" = 0001 ] || exec sleep 30
            """, executable: true)
        let logs = space.url.appendingPathComponent("logs")
        let process = try HPORunBinary.start(
            ["--manifest", try space.manifest(steps: 3).path, "--experiment-dir", space.experiment.path, "--", script.path],
            in: space.url, logs: logs)
        #expect(await eventually { space.launchedGroup("0002") != nil })
        kill(process.processIdentifier, SIGINT)
        await exited(process)
        #expect(process.terminationStatus == 130)
        let stdout = try String(contentsOf: logs.appendingPathComponent("stdout"), encoding: .utf8)
        #expect(stdout.contains("1 completed, 0 failed"), "\(stdout)")
        #expect(stdout.contains("interrupted: run the same command again to resume (the interrupted trials' points run again)"), "\(stdout)")
    }

    /// `nohup hporun ...` asked for SIGHUP to be ignored: the run goes on to its end.
    @Test(.timeLimit(.minutes(1))) func underNohupSighupIsIgnored() async throws {
        let space = try Workspace()
        defer { space.remove() }
        let script = try space.write("slow.sh", """
            #!/bin/sh
            sleep 1
            echo '{"grouplabel": "test", "values": {"accuracy": 0.5}}' >> "$LOG_DIR/$SUBID/evaluation-metrics.txt"
            """, executable: true)
        let manifest = try space.manifest(steps: 2)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/nohup")
        process.arguments = [HPORunBinary.url.path, "--manifest", manifest.path, "--experiment-dir", space.experiment.path,
                             "--", script.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        #expect(await eventually { space.launchedGroup("0001") != nil })
        kill(process.processIdentifier, SIGHUP)
        await exited(process)
        #expect(process.terminationReason == .exit && process.terminationStatus == 0)
        #expect(try space.trialNames().map { try space.record($0)["state"] as? String } == ["completed", "completed"])
    }

    /// `hporun ... | head -1`: once head has its line and exits, hporun goes on writing
    /// into a pipe nobody reads, and finishes the experiment as if nothing happened.
    @Test(.timeLimit(.minutes(1))) func aPipeClosedByItsReaderDoesNotStopTheExperiment() async throws {
        let space = try Workspace()
        defer { space.remove() }
        let script = try space.write("quick.sh", """
            #!/bin/sh
            echo '{"grouplabel": "test", "values": {"accuracy": 0.5}}' >> "$LOG_DIR/$SUBID/evaluation-metrics.txt"
            """, executable: true)
        let manifest = try space.manifest(steps: 4)
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/bash")
        // hporun's own exit status, not head's.
        shell.arguments = ["-c", #""$0" "$@" | head -1 > "$HEAD_OUT"; exit ${PIPESTATUS[0]}"#, HPORunBinary.url.path,
                           "--manifest", manifest.path, "--experiment-dir", space.experiment.path, "--", script.path]
        shell.environment = ProcessInfo.processInfo.environment.merging(
            ["HEAD_OUT": space.url.appendingPathComponent("head").path]) { $1 }
        shell.standardError = FileHandle.nullDevice
        try shell.run()
        await exited(shell)
        #expect(shell.terminationStatus == 0)
        let head = try String(contentsOf: space.url.appendingPathComponent("head"), encoding: .utf8)
        #expect(head.split(separator: "\n").count == 1)
        #expect(try space.trialNames().map { try space.record($0)["state"] as? String } == Array(repeating: "completed", count: 4))
    }

    /// Both outputs closed before hporun writes a byte: it still runs every trial, and exits 0.
    @Test(.timeLimit(.minutes(1))) func closedStdoutAndStderrDoNotStopTheExperiment() async throws {
        let space = try Workspace()
        defer { space.remove() }
        let script = try space.write("quick.sh", """
            #!/bin/sh
            echo '{"grouplabel": "test", "values": {"accuracy": 0.5}}' >> "$LOG_DIR/$SUBID/evaluation-metrics.txt"
            """, executable: true)
        let manifest = try space.manifest(steps: 3)
        var out: [Int32] = [0, 0], err: [Int32] = [0, 0]
        try #require(pipe(&out) == 0 && pipe(&err) == 0)
        close(out[0])
        close(err[0])  // nobody will ever read them
        let process = Process()
        process.executableURL = HPORunBinary.url
        process.arguments = ["--manifest", manifest.path, "--experiment-dir", space.experiment.path, "--tee", "--", script.path]
        process.standardOutput = FileHandle(fileDescriptor: out[1], closeOnDealloc: true)
        process.standardError = FileHandle(fileDescriptor: err[1], closeOnDealloc: true)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        await exited(process)
        #expect(process.terminationReason == .exit && process.terminationStatus == 0)
        #expect(try space.trialNames().map { try space.record($0)["state"] as? String } == Array(repeating: "completed", count: 3))
    }
}
