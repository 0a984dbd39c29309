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
    /// The timeout fired; the trial was stopped (SIGTERM, then SIGKILL after the grace).
    case timedOut
    /// The command could not be started (not found, not executable).
    case launchFailed(String)
    /// The launcher refused the trial before it ran (Slurm rejected the job): a problem of
    /// the set-up, not of the point, so the experiment stops and the point runs on resume.
    case refused(String)
    /// The trial ended without anyone learning how (a Slurm job that left the queue without
    /// its exit status: node failure, scancel from outside, Slurm's time limit).
    case lost(String)
}

/// What identifies a launched trial, recorded in trial.json so that a later run can stop or
/// follow it: a local process group, or a Slurm job.
public enum TrialHandle: Sendable, Hashable, CustomStringConvertible {
    case processGroup(Int32)
    case slurmJob(String)

    public var description: String {
        switch self {
        case .processGroup(let pgid): "process group \(pgid)"
        case .slurmJob(let id): "Slurm job \(id)"
        }
    }
}

/// Runs trials. `LocalLauncher` runs them as local processes; `SlurmLauncher` submits each
/// as a Slurm job over the same directories.
public protocol Launcher: Sendable {
    /// Checks that the launcher can work and writes what it needs in the experiment
    /// directory, before the first trial; the error says what to fix.
    func prepare(experimentDirectory: URL) async throws

    /// Runs the trial to its end. `started` is called with the trial's handle as soon as it
    /// exists (for Slurm: once the job is queued). To stop a running trial early, the runner
    /// calls `stop(_:grace:)`; `run` then returns how the trial ended.
    func run(_ spec: LaunchSpec, started: @escaping @Sendable (TrialHandle) -> Void) async -> TrialExit

    /// Stops a trial: SIGTERM, then SIGKILL after `grace` (nil: at once).
    func stop(_ handle: TrialHandle, grace: Duration?) async

    /// Whether a trial that a runner which died left unfinished can be followed to its end
    /// (`attach`) rather than stopped and run again: it may still be running on its own, or
    /// have ended with its end recorded. `spec` is the trial's, as `run` would get it.
    func canAttach(_ handle: TrialHandle, spec: LaunchSpec) async -> Bool

    /// Follows a trial started by an earlier run to its end, as `run` would have.
    func attach(_ handle: TrialHandle, spec: LaunchSpec) async -> TrialExit

    /// When a trial that `attach` followed ended, as the launcher recorded it: one that ended
    /// while no hporun ran ended before it was collected. Nil if the launcher does not know.
    func recordedEnd(of spec: LaunchSpec) -> Date?

    /// Stops a trial that a runner which died left running and that cannot be followed;
    /// only what still belongs to the experiment in `experimentDirectory`.
    func stopLeftover(_ handle: TrialHandle, experimentDirectory: URL) async

    /// A trial an earlier run started but had not recorded when it died (killed between
    /// sbatch and the write of the job id), found by its directory; nil if there is none.
    func unrecordedTrial(in trialDirectory: URL) async -> TrialHandle?
}

extension Launcher {
    public func prepare(experimentDirectory: URL) async throws {}
    public func canAttach(_ handle: TrialHandle, spec: LaunchSpec) async -> Bool { false }
    public func attach(_ handle: TrialHandle, spec: LaunchSpec) async -> TrialExit {
        await stop(handle, grace: nil)
        return .lost("the trial's \(handle) was left by an earlier run and cannot be followed")
    }
    public func unrecordedTrial(in trialDirectory: URL) async -> TrialHandle? { nil }
    public func recordedEnd(of spec: LaunchSpec) -> Date? { nil }
    public func stopLeftover(_ handle: TrialHandle, experimentDirectory: URL) async {
        if case .processGroup(let pgid) = handle,
           !LeftoverProcessGroup(pgid: pgid, experimentDirectory: experimentDirectory.path).belongsToExperiment {
            return  // gone, or the number now belongs to another program's processes
        }
        await stop(handle, grace: nil)
    }
}
