import Foundation
import Subprocess
import Synchronization

#if canImport(System)
    import System
#else
    import SystemPackage
#endif

/// Runs each trial as a local process via swift-subprocess: in its own process group,
/// output to files in the trial directory (never pipes, which block a chatty child), with
/// a timeout. Stopping a trial (timeout, Ctrl-C, SIGTERM, SIGHUP) and the end of its
/// leader stop all of it: its group, its descendants, and the processes that left both
/// but carry its SUBID (`TrialProcesses`); hporun adopts their orphans (`OrphanReaper`).
/// swift-subprocess resets the signal mask, so a trial can be stopped with SIGTERM even
/// when hporun runs from async code (LINUX.md items 1-5).
///
/// With a `watcher` (hporun's own executable), each trial's command runs under a
/// `TrialWatcher`, which records how it ended in the trial directory: a run resumed after
/// hporun died collects a trial that ended meanwhile, and follows one that still runs
/// (`LocalLauncher+Attach`), instead of stopping it and running its point again.
public struct LocalLauncher: Launcher {
    /// Whether `prepare` makes this process the reaper of its trials' orphans: hporun's
    /// runner does; a process whose other children someone else waits for (a test runner
    /// that runs trials in process) must not.
    let adoptsOrphans: Bool
    /// The executable started as each trial's `TrialWatcher`, nil to start the command
    /// directly (its end is then known only to this process).
    let watcher: String?

    public init(adoptsOrphans: Bool = false, watcher: String? = nil) {
        self.adoptsOrphans = adoptsOrphans
        self.watcher = watcher
    }

    /// From now on this process adopts its trials' orphans (see `OrphanReaper`), if asked to.
    public func prepare(experimentDirectory: URL) async throws {
        if adoptsOrphans { OrphanReaper.shared.adoptOrphans() }
    }

    public func run(_ spec: LaunchSpec, started: @escaping @Sendable (TrialHandle) -> Void) async -> TrialExit {
        let output: FileDescriptor, errorOutput: FileDescriptor
        do {
            output = try Self.openLog(spec.stdoutFile)
            errorOutput = try Self.openLog(spec.stderrFile)
        } catch {
            return .launchFailed("cannot open the trial's log files: \(error)")
        }
        guard let (executable, arguments) = Self.invocation(spec.command, path: spec.environment["PATH"],
                                                            watcher: watcher) else {
            try? output.close()
            try? errorOutput.close()
            let program = if case .argv(let words) = spec.command { words.first ?? "" } else { "/bin/sh" }
            Self.appendLaunchError("'\(program)' is not an executable file in any PATH directory", to: spec.stderrFile)
            return .launchFailed("cannot start \(spec.command.display) (see stderr.log)")
        }
        let options = Self.platformOptions
        let environment = Environment.custom(Dictionary(
            spec.environment.compactMap { key, value in Environment.Key(rawValue: key).map { ($0, value) } },
            uniquingKeysWith: { $1 }))
        let shared = RunState()
        let identity = TrialIdentity(environment: spec.environment)
        OrphanReaper.shared.spawning()

        let status: TerminationStatus? = await withTaskGroup(of: TerminationStatus?.self) { group in
            group.addTask {
                do {
                    let result = try await Subprocess.run(
                        executable, arguments: arguments, environment: environment,
                        workingDirectory: FilePath(spec.workingDirectory.path), platformOptions: options,
                        input: .none,
                        output: .fileDescriptor(output, closeAfterSpawningProcess: true),
                        error: .fileDescriptor(errorOutput, closeAfterSpawningProcess: true)
                    ) { execution in
                        let pid = execution.processIdentifier.value
                        shared.processGroup.withLock { $0 = pid }
                        shared.leader.withLock { $0 = pid }
                        OrphanReaper.shared.spawned(pid, identity)
                        if watcher != nil {
                            WatchedTrials.shared.add(pid, .init(directory: spec.workingDirectory, identity: identity))
                        }
                        started(.processGroup(pid))
                    }
                    return result.terminationStatus
                } catch {
                    try? output.close()
                    try? errorOutput.close()
                    if shared.leader.withLock({ $0 }) == nil { OrphanReaper.shared.spawnFailed() }
                    shared.processGroup.withLock { $0 = nil }
                    Self.appendLaunchError("\(error)", to: spec.stderrFile)
                    return nil
                }
            }
            if let timeout = spec.timeout {
                group.addTask {
                    do {
                        try await Task.sleep(for: timeout)
                    } catch {
                        return nil  // the trial ended first
                    }
                    if let pgid = shared.processGroup.withLock({ $0 }) {
                        shared.timedOut.withLock { $0 = true }
                        if watcher != nil { TrialStopFile.record(.timeout, in: spec.workingDirectory) }
                        await self.stop(.processGroup(pgid), grace: spec.grace)
                    }
                    return nil
                }
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            var status = first
            for await other in group where other != nil { status = other }
            return status
        }
        // The leader has exited; anything it left behind, in its group or escaped, goes now.
        if let pgid = shared.leader.withLock({ $0 }) {
            kill(-pgid, SIGKILL)
            if OrphanReaper.shared.mayHoldEscapees() { TrialProcesses(group: pgid, identity: identity).killAll() }
            OrphanReaper.shared.collected(pgid)
            WatchedTrials.shared.remove(pgid)
        }
        guard let status else {
            return .launchFailed("cannot start \(spec.command.display) (see stderr.log)")
        }
        // The watcher ends as the command did; its file says so exactly (and whether the
        // command started at all). Without it (no watcher, or a watcher killed by SIGKILL)
        // the leader's own end is the trial's.
        let recorded = watcher != nil ? TrialExitFile.read(in: spec.workingDirectory) : nil
        if case .unstarted? = recorded { return recorded!.trialExit(spec.command) }
        if shared.timedOut.withLock({ $0 }) { return .timedOut }
        if let recorded { return recorded.trialExit(spec.command) }
        switch status {
        case .exited(let code): return .exited(code)
        case .signaled(let signal): return .signaled(signal)
        }
    }

    /// Stops the trial whose leader is the process group's: the group, the descendants of
    /// its processes, and (for a trial this process runs) the processes with its SUBID.
    /// A Slurm job left by an earlier `--launcher slurm` run is not this launcher's to
    /// stop: only process groups are.
    /// A watched trial's directory first records that hporun is stopping it (`TrialStopFile`).
    public func stop(_ handle: TrialHandle, grace: Duration?) async {
        guard case .processGroup(let processGroup) = handle, processGroup > 1 else { return }
        let watched = WatchedTrials.shared.trial(ofGroup: processGroup)
        if let watched { TrialStopFile.record(.stop, in: watched.directory) }
        let identity = OrphanReaper.shared.identity(ofLeader: processGroup) ?? watched?.identity
        await TrialProcesses(group: processGroup, identity: identity).stop(grace: grace)
    }

    /// A new process group whose id is the child's pid.
    static var platformOptions: PlatformOptions {
        var options = PlatformOptions()
        options.processGroupID = 0
        return options
    }

    /// What to start for the command: the command itself, or with a `watcher` the watcher,
    /// given the command's argv with its program's path first, as swift-subprocess would have
    /// passed it (a program found on no PATH entry cannot start: nothing is spawned).
    static func invocation(_ command: TrialCommand, path: String?, watcher: String?) -> (Executable, Arguments)? {
        guard let watcher else { return executable(command, path: path) }
        let argv: [String]
        switch command {
        case .argv(let words):
            let program = words.first ?? "true"
            guard let found = program.contains("/") ? program : search(program, in: path) else { return nil }
            argv = [found] + words.dropFirst()
        case .shell(let line):
            argv = ["/bin/sh", "-c", line]
        }
        return (.path(FilePath(watcher)), Arguments(executablePathOverride: TrialWatcher.name, remainingValues: argv))
    }

    static func executable(_ command: TrialCommand, path: String?) -> (Executable, Arguments) {
        switch command {
        case .argv(let argv):
            let program = argv.first ?? "true"
            let executable: Executable
            if program.contains("/") {
                executable = .path(FilePath(program))
            } else if let found = search(program, in: path) {
                executable = .path(FilePath(found))  // one stat per PATH entry, not one execve
            } else {
                executable = .name(program)  // let swift-subprocess report it as not found
            }
            return (executable, Arguments(Array(argv.dropFirst())))
        case .shell(let line):
            return (.path(FilePath("/bin/sh")), Arguments(["-c", line]))
        }
    }

    /// The first executable file named `program` in the PATH directories.
    static func search(_ program: String, in path: String?) -> String? {
        for directory in (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") where !directory.isEmpty {
            let candidate = "\(directory)/\(program)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }

    private static func openLog(_ url: URL) throws -> FileDescriptor {
        try FileDescriptor.open(FilePath(url.path), .writeOnly, options: [.create, .append],
                                permissions: [.ownerReadWrite, .groupRead, .otherRead])
    }

    /// A command that cannot start leaves its reason where the user looks: stderr.log.
    private static func appendLaunchError(_ message: String, to url: URL) {
        guard let handle = try? FileHandle(forWritingTo: url) else { return }
        defer { try? handle.close() }
        _ = try? handle.seekToEnd()
        try? handle.write(contentsOf: Data("hporun: cannot start the command: \(message)\n".utf8))
    }
}

/// What the launch task and the timeout task share.
private final class RunState: Sendable {
    let processGroup = Mutex<Int32?>(nil)
    /// The leader's pid once spawned, kept when a failure clears `processGroup`.
    let leader = Mutex<Int32?>(nil)
    let timedOut = Mutex(false)
}
