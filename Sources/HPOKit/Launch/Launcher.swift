import Foundation

/// What a launcher needs to run one trial.
public struct LaunchSpec: Sendable {
    public var command: TrialCommand
    public var workingDirectory: URL
    /// The full environment of the trial (the runner's plus PROTOCOL.md section 2's).
    public var environment: [String: String]
    public var stdoutFile: URL
    public var stderrFile: URL
    /// SIGTERM to the trial's process group after this long, then SIGKILL after `grace`.
    public var timeout: Duration?
    public var grace: Duration

    public init(command: TrialCommand, workingDirectory: URL, environment: [String: String], stdoutFile: URL,
                stderrFile: URL, timeout: Duration?, grace: Duration) {
        self.command = command
        self.workingDirectory = workingDirectory
        self.environment = environment
        self.stdoutFile = stdoutFile
        self.stderrFile = stderrFile
        self.timeout = timeout
        self.grace = grace
    }
}

/// How a trial's process ended. A non-zero exit is a result, not an error.
public enum TrialExit: Sendable, Equatable {
    case exited(Int32)
    case signaled(Int32)
    /// The timeout fired; the group was stopped (SIGTERM, then SIGKILL after the grace).
    case timedOut
    /// The command could not be started (not found, not executable).
    case launchFailed(String)
}

/// Runs trials. `LocalLauncher` runs them as local processes; a cluster launcher (Slurm)
/// implements the same protocol over the same directories.
public protocol Launcher: Sendable {
    /// Runs the trial to its end. `started` is called with the process id (also its
    /// process group) as soon as it runs. To stop a running trial early, the runner calls
    /// `stop(processGroup:grace:)`; `run` then returns how the process ended.
    func run(_ spec: LaunchSpec, started: @escaping @Sendable (Int32) -> Void) async -> TrialExit

    /// SIGTERM to the group, SIGKILL to the group after `grace` (nil: SIGKILL at once).
    func stop(processGroup: Int32, grace: Duration?) async
}
