import Foundation
import HPOKit
import Testing

/// No process of a trial outlives the way it is stopped, even one that left the trial's
/// process group (issue 12, items 9 and 10): Ctrl-C, SIGTERM, the trial timeout, the normal
/// exit of the trial's leader, and a SIGKILL of hporun followed by a resume.
@Suite(.serialized) struct ProcessEscapeTests {
    /// A trial that leaves its process group three ways: a `setsid` child, a bash `set -m`
    /// job and a Python `process_group=0` grandchild (orphaned at once), each a `sleep` of
    /// its own length, then reports a metric and waits `HANG` seconds.
    static let escapingTrial = """
        #!/bin/bash
        setsid sleep 3601 &
        set -m
        sleep 3602 &
        set +m
        python3 -c 'import subprocess; subprocess.Popen(["sleep", "3603"], process_group=0)'
        echo '{"grouplabel": "test", "values": {"accuracy": 0.5}}' >> "$LOG_DIR/$SUBID/evaluation-metrics.txt"
        sleep "${HANG:-0}"
        """

    static let kinds = ["setsid": "sleep 3601", "set -m": "sleep 3602", "process_group=0": "sleep 3603"]

    /// The escaped descendants alive now, by kind.
    static func escapees(_ space: Workspace) -> [String: Int] {
        let commands = Array(experimentProcesses(space.experiment).values)
        return kinds.mapValues { command in commands.filter { $0 == command }.count }
    }

    static func allEscaped(_ space: Workspace) -> Bool { escapees(space).values.allSatisfy { $0 >= 1 } }

    /// Starts hporun on the escaping trial (hanging) and waits until every kind has escaped.
    static func startEscaping(_ space: Workspace, extra: [String] = [], steps: Int = 1) async throws
        -> (Process, [String]) {
        let script = try space.write("escape.sh", escapingTrial, executable: true)
        let manifest = try space.manifest(steps: steps)
        let arguments = ["--manifest", manifest.path, "--experiment-dir", space.experiment.path, "--grace", "1"] + extra
            + ["--", script.path]
        let process = try HPORunBinary.start(arguments, in: space.url, logs: space.url.appendingPathComponent("logs"),
                                             environment: ["HANG": "60"])
        #expect(await eventually { allEscaped(space) }, "the trial's descendants escaped: \(escapees(space))")
        return (process, arguments)
    }

    @Test(.timeLimit(.minutes(1)), arguments: [SIGINT, SIGTERM])
    func aSignalToHporunStopsEveryEscapedDescendant(_ signal: Int32) async throws {
        let space = try Workspace()
        defer { space.remove() }
        let (process, _) = try await Self.startEscaping(space)
        kill(process.processIdentifier, signal)
        await exited(process)
        #expect(process.terminationStatus == 130)
        #expect(try space.record("0001")["state"] as? String == "interrupted")
        #expect(experimentProcesses(space.experiment).isEmpty, "survivors: \(experimentProcesses(space.experiment))")
    }

    @Test(.timeLimit(.minutes(1))) func theTrialTimeoutStopsEveryEscapedDescendant() async throws {
        let space = try Workspace()
        defer { space.remove() }
        // The timeout must not fire before every descendant has escaped (the check in
        // startEscaping): 4 s was too short at load 16.
        let (process, _) = try await Self.startEscaping(space, extra: ["--trial-timeout", "8"])
        await exited(process)
        #expect(process.terminationStatus == 1)
        #expect((try space.record("0001")["failureReason"] as? String)?.contains("timed out") == true)
        #expect(experimentProcesses(space.experiment).isEmpty, "survivors: \(experimentProcesses(space.experiment))")
    }

    /// The leader exits at once (HANG unset): what it left running goes with it.
    @Test(.timeLimit(.minutes(1))) func theLeadersNormalExitTakesItsEscapedDescendantsWithIt() async throws {
        let space = try Workspace()
        defer { space.remove() }
        let script = try space.write("escape.sh", Self.escapingTrial, executable: true)
        let manifest = try space.manifest(steps: 3)
        let result = try await runToEnd(["--manifest", manifest.path, "--experiment-dir", space.experiment.path, "--",
                                           script.path], in: space.url)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(space.trialNames() == ["0001", "0002", "0003"])
        #expect(experimentProcesses(space.experiment).isEmpty, "survivors: \(experimentProcesses(space.experiment))")
        // Without hporun the same trial does leave them running (so the check above means something).
        let status = spawnAndWait(script.path, environment: [
            "JOB_STATE_DIR": space.experiment.path, "LOG_DIR": space.url.path, "SUBID": "x",
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"])
        #expect(status == 0)
        #expect(await eventually { Self.allEscaped(space) })
        for pid in experimentProcesses(space.experiment).keys { kill(pid, SIGKILL) }
    }

    /// hporun killed, then the trial's leader ends by itself, leaving its escaped descendants:
    /// the resumed run collects the trial and stops them.
    @Test(.timeLimit(.minutes(1))) func aResumeAfterSigkillStopsEveryEscapedDescendant() async throws {
        let space = try Workspace()
        defer { space.remove() }
        let (process, arguments) = try await Self.startEscaping(space)
        kill(process.processIdentifier, SIGKILL)
        await exited(process)
        #expect(Self.allEscaped(space), "hporun's death leaves them running")
        for (pid, command) in experimentProcesses(space.experiment) where command == "sleep 60" { kill(pid, SIGTERM) }
        let exitFile = space.trial("0001").appendingPathComponent("hporun-exit-status").path
        #expect(await eventually { FileManager.default.fileExists(atPath: exitFile) }, "the trial ended")
        #expect(Self.allEscaped(space), "and left them running")
        let resumed = try await runToEnd(arguments, in: space.url, environment: ["HANG": "0"])
        // The script's last command, its sleep, was killed: bash exits 143, as it did.
        #expect(resumed.status == 1, "\(resumed.stdout) \(resumed.stderr)")
        #expect(try space.record("0001")["failureReason"] as? String == "the command exited with status 143")
        #expect(experimentProcesses(space.experiment).isEmpty, "survivors: \(experimentProcesses(space.experiment))")
    }

    /// SIGKILL right after a trial's directory appears, before launches.log may name the
    /// trial's process (issue 12 item 9), several times; the resume leaves nothing running
    /// and uses no SUBID twice. A trial launches.log names lives on and is followed by the
    /// next run: each is let end after the kill (its `release` file), so that the next run
    /// collects it and starts a new trial to kill.
    @Test(.timeLimit(.minutes(1))) func killsInTheLaunchWindowLeaveNothingAfterTheResume() async throws {
        let space = try Workspace()
        defer { space.remove() }
        let script = try space.write("hang.sh", """
            #!/bin/sh
            if [ "${HANG:-0}" != 0 ]; then while [ ! -e "$RESULT_DIR/release" ]; do sleep 0.05; done; fi
            echo '{"grouplabel": "test", "values": {"accuracy": 0.5}}' >> "$LOG_DIR/$SUBID/evaluation-metrics.txt"

            """, executable: true)
        let steps = 12  // more than the rounds, each of which may complete the trial it collects
        let manifest = try space.manifest(steps: steps)
        let arguments = ["--manifest", manifest.path, "--experiment-dir", space.experiment.path, "--", script.path]
        var leftRunning = 0
        // Each kill a little later than the one before, 0.5 to 20 ms after the directory appears:
        // before the trial starts, while it starts, and after launches.log names it.
        for (round, delay) in [500, 1_000, 2_000, 3_000, 4_000, 6_000, 10_000, 20_000].enumerated() {
            let trials = { Set(space.trialNames().filter { !$0.hasPrefix(".") }) }  // not the staging folder
            let before = trials()
            let process = try HPORunBinary.start(arguments, in: space.url, logs: space.url.appendingPathComponent("logs\(round)"),
                                                 environment: ["HANG": "60"])
            let appeared = await eventually(every: .microseconds(200)) { !trials().subtracting(before).isEmpty }
            try await Task.sleep(for: .microseconds(delay))
            kill(process.processIdentifier, SIGKILL)
            await exited(process)
            #expect(appeared)
            leftRunning = max(leftRunning, experimentProcesses(space.experiment).count)
            for subid in trials() {
                _ = FileManager.default.createFile(atPath: space.trial(subid).appendingPathComponent("release").path, contents: nil)
            }
        }
        let resumed = try await runToEnd(arguments, in: space.url, environment: ["HANG": "0"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(experimentProcesses(space.experiment).isEmpty, "survivors: \(experimentProcesses(space.experiment))")
        #expect(leftRunning >= 1, "the kills left trials running for the resume to stop")
        let records = try space.trialNames().map { try space.record($0) }
        #expect(records.compactMap { $0["subid"] as? String } == space.trialNames(), "each directory holds its own record")
        #expect(records.filter { $0["state"] as? String == "completed" }.count == steps)
    }
}

/// The living processes started for the experiment (its JOB_STATE_DIR in their
/// environment), by pid, with their command lines.
func experimentProcesses(_ experiment: URL) -> [Int32: String] {
    let wanted = Array("JOB_STATE_DIR=\(experiment.path)".utf8)
    var found: [Int32: String] = [:]
    for name in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
        guard let pid = Int32(name), let environment = FileManager.default.contents(atPath: "/proc/\(pid)/environ"),
              environment.split(separator: 0).contains(where: { $0.elementsEqual(wanted) }),
              ProcessTable.entry(pid)?.isAlive == true else { continue }
        let command = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") ?? Data()
        found[pid] = command.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }.joined(separator: " ")
    }
    return found
}

/// Polls `condition` until it holds or `seconds` pass, sleeping between looks rather than
/// blocking a thread of the test pool (which the in-process tests need); whether it held.
func eventually(seconds: Double = 20, every interval: Duration = .milliseconds(20), _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: interval)
    }
    return condition()
}

/// Waits for a process to end without blocking a thread (bounded by the test's time limit).
func exited(_ process: Process) async {
    while process.isRunning { try? await Task.sleep(for: .milliseconds(20)) }
    process.waitUntilExit()  // returns at once: it has ended
}

/// `HPORunBinary.run`, awaiting the end instead of blocking a thread.
func runToEnd(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) async throws
    -> HPORunBinary.Result {
    let logs = FileManager.default.temporaryDirectory.appendingPathComponent("hporun-run-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: logs) }
    let process = try HPORunBinary.start(arguments, in: directory, logs: logs, environment: environment)
    await exited(process)
    return HPORunBinary.Result(
        status: process.terminationStatus,
        stdout: String(decoding: try Data(contentsOf: logs.appendingPathComponent("stdout")), as: UTF8.self),
        stderr: String(decoding: try Data(contentsOf: logs.appendingPathComponent("stderr")), as: UTF8.self))
}

/// Runs a program and waits for it with posix_spawn and waitpid, with no signal blocked:
/// Foundation's Process would also wait for the descendants it leaves, which keep its
/// socketpair (LINUX.md item 2). Returns its exit status (-1 if it could not start).
func spawnAndWait(_ path: String, environment: [String: String]) -> Int32 {
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    // Only 0, 1 and 2: a descriptor another test has open for writing (a script it is about
    // to run) must not live on in a child, or that script's exec fails with ETXTBSY.
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    closeFrom3(&actions)
    var empty = sigset_t()
    sigemptyset(&empty)
    posix_spawnattr_setsigmask(&attributes, &empty)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
    let argv: [UnsafeMutablePointer<CChar>?] = [strdup(path), nil]
    let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { (argv + envp).forEach { free($0) } }
    var pid: pid_t = 0
    guard posix_spawn(&pid, path, &actions, &attributes, argv, envp) == 0 else { return -1 }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0, errno == EINTR {}
    return (status >> 8) & 0xff
}

/// posix_spawn_file_actions_addclosefrom_np(actions, 3) (glibc 2.34), which Swift's Glibc
/// module does not show: found by name.
func closeFrom3(_ actions: inout posix_spawn_file_actions_t) {
    typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else { return }
    _ = unsafeBitCast(symbol, to: AddCloseFrom.self)(&actions, 3)
}
