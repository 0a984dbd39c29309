import Foundation
import HPOKit
import Testing

/// The local launcher on real processes.
@Suite(.serialized) struct LocalLauncherTests {
    func spec(_ command: TrialCommand, in folder: URL, timeout: Duration? = nil) -> LaunchSpec {
        LaunchSpec(command: command, workingDirectory: folder, environment: ProcessInfo.processInfo.environment.merging(["X": "42"]) { $1 },
                   stdoutFile: folder.appendingPathComponent("stdout.log"), stderrFile: folder.appendingPathComponent("stderr.log"),
                   timeout: timeout, grace: .milliseconds(300))
    }

    func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("launch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test(.timeLimit(.minutes(1))) func runsInTheTrialDirectoryWithItsEnvironmentAndOutputFiles() async throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let exit = await LocalLauncher().run(spec(.shell("pwd; echo $X; echo oops >&2; exit 3"), in: folder)) { _ in }
        #expect(exit == .exited(3))
        let out = try String(contentsOf: folder.appendingPathComponent("stdout.log"), encoding: .utf8)
        #expect(out == folder.resolvingSymlinksInPath().path + "\n42\n" || out == folder.path + "\n42\n")
        #expect(try String(contentsOf: folder.appendingPathComponent("stderr.log"), encoding: .utf8) == "oops\n")
    }

    @Test(.timeLimit(.minutes(1))) func aTimeoutStopsTheWholeGroupGrandchildrenIncluded() async throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let group = PIDBox()
        // The child ignores SIGTERM and leaves a grandchild that does too: only SIGKILL to the group ends them.
        let exit = await LocalLauncher().run(
            spec(.shell("trap '' TERM; (trap '' TERM; sleep 60) & sleep 60"), in: folder, timeout: .milliseconds(500))
        ) { handle in
            if case .processGroup(let pid) = handle { group.set(pid) }
        }
        #expect(exit == .timedOut)
        let pgid = try #require(group.get())
        #expect(livingProcesses(inGroup: pgid).isEmpty)
    }

    @Test(.timeLimit(.minutes(1))) func aCommandThatCannotStartIsALaunchFailure() async throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let exit = await LocalLauncher().run(spec(.argv(["/nonexistent/train"]), in: folder)) { _ in }
        guard case .launchFailed = exit else {
            Issue.record("expected a launch failure, got \(exit)")
            return
        }
        #expect(try String(contentsOf: folder.appendingPathComponent("stderr.log"), encoding: .utf8)
            .hasPrefix("hporun: cannot start the command"))
    }
}

final class PIDBox: @unchecked Sendable {
    private let lock = NSLock()
    private var pid: Int32?
    func set(_ value: Int32) { lock.withLock { pid = value } }
    func get() -> Int32? { lock.withLock { pid } }
}

/// Processes (not zombies) whose process group is `pgid`, read from /proc.
func livingProcesses(inGroup pgid: Int32) -> [Int32] {
    ProcessTable.processes(inGroup: pgid)
}
