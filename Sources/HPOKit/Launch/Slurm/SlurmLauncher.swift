import Foundation
import Synchronization

/// Runs each trial as its own Slurm job over the same trial directories (which must be on a
/// filesystem the compute nodes share): `sbatch` submits the experiment's job script with
/// the trial's command as its arguments, and hporun follows the job through files the
/// script writes in the trial directory and through `squeue`, never `sacct`. Stopping a
/// trial is `scancel`. A run that resumes an experiment follows the jobs an earlier run
/// left queued or running instead of submitting them again.
public struct SlurmLauncher: Launcher {
    /// Passed to every `sbatch` after hporun's own options, each as one argument
    /// (`--partition=gpu`, `--gres=gpu:1`, `--time=01:00:00`).
    public let extraArguments: [String]
    let commands: SlurmCommands
    let queue: SlurmQueue
    let jobScript: URL
    /// How often the trial directory is looked at for the job's files.
    let pollInterval: Duration
    /// How long a job that squeue says has ended may take to show its exit status file
    /// (a shared filesystem's attribute cache delays it by a few seconds).
    let exitFileDelay: Duration
    /// The jobs this launcher has cancelled: their end needs no waiting for a status file.
    private let cancelled = CancelledJobs()

    /// Finds sbatch, squeue and scancel on `path` (the error says what is missing).
    public init(
        experimentDirectory: URL, extraArguments: [String], path: String?, pollInterval: Duration = .milliseconds(250),
        queueInterval: Duration = .seconds(2), exitFileDelay: Duration = .seconds(5)
    ) throws(LaunchError) {
        commands = try SlurmCommands(path: path)
        self.extraArguments = extraArguments
        queue = SlurmQueue(commands: commands, interval: queueInterval)
        jobScript = experimentDirectory.appendingPathComponent(SlurmJobScript.fileName)
        self.pollInterval = pollInterval
        self.exitFileDelay = exitFileDelay
    }

    public func prepare(experimentDirectory: URL) async throws {
        try AtomicFile.write(SlurmJobScript.text, to: jobScript)  // its error says what, where, what to do
        guard chmod(jobScript.path, 0o755) == 0 else {
            throw LaunchError.cannotWrite(path: jobScript.path, reason: String(cString: strerror(errno)))
        }
        // A misspelt partition or a resource no node has is refused by sbatch for every job:
        // asked once before any trial, instead of by the first K trials' jobs.
        let check = await commands.run(commands.sbatch, [
            "--test-only", "--chdir=\(experimentDirectory.path)", "--job-name=hporun-check", "--output=/dev/null",
            "--error=/dev/null",
        ] + extraArguments + [jobScript.path, "true"])
        guard check.succeeded else { throw LaunchError.slurmRefuses(message: check.message, arguments: extraArguments) }
    }

    public func run(_ spec: LaunchSpec, started: @escaping @Sendable (TrialHandle) -> Void) async -> TrialExit {
        // `--export=ALL` hands the job sbatch's own environment, which is the trial's
        // (SUBID, LOG_DIR, ...): no variable goes through sbatch's comma-separated syntax.
        let arguments = Self.sbatchArguments(spec, jobScript: jobScript, extraArguments: extraArguments)
        let submitted = await commands.run(commands.sbatch, arguments, environment: spec.environment)
        guard submitted.succeeded else {
            return .refused("sbatch refused the job: \(submitted.message)")
        }
        let firstLine = submitted.standardOutput.split(whereSeparator: \.isNewline).first ?? ""
        let id = String(firstLine.split(separator: ";").first ?? "").trimmingCharacters(in: .whitespaces)
        guard !id.isEmpty, id.allSatisfy(\.isNumber) else {
            return .refused("sbatch --parsable printed no job id: '\(submitted.standardOutput)'")
        }
        started(.slurmJob(id))
        return await follow(id, spec)
    }

    /// hporun's sbatch options, then the user's (a later option wins in sbatch), then the
    /// job script and the trial's command as its arguments.
    static func sbatchArguments(_ spec: LaunchSpec, jobScript: URL, extraArguments: [String]) -> [String] {
        let subid = spec.environment["SUBID"] ?? spec.workingDirectory.lastPathComponent
        let experiment = spec.environment["TRAINING_ID"].map { "\($0)-" } ?? ""
        let command: [String] = switch spec.command {
        case .argv(let argv): argv
        case .shell(let line): ["/bin/sh", "-c", line]
        }
        return [
            "--parsable", "--chdir=\(spec.workingDirectory.path)", "--job-name=hporun-\(experiment)\(subid)",
            "--output=\(spec.stdoutFile.path)", "--error=\(spec.stderrFile.path)", "--open-mode=append",
            "--export=ALL",
        ] + extraArguments + [jobScript.path] + command
    }

    /// Cancels the job: a job still queued leaves the queue at once; a running one gets
    /// SIGTERM to all of its processes, then after `grace` (or at once) `scancel`, which ends
    /// whatever is left and takes the job out of the queue.
    public func stop(_ handle: TrialHandle, grace: Duration?) async {
        guard case .slurmJob(let id) = handle else {
            await LocalLauncher().stop(handle, grace: grace)
            return
        }
        cancelled.insert(id)
        let deadline = ContinuousClock.now + (grace ?? .zero)
        // Signalling a job that is still queued makes scancel retry for a minute and a half
        // ("Job can not be altered now, try again later"), so a queued job is cancelled first,
        // and only a running one is signalled.
        _ = await commands.run(commands.scancel, ["--state=PENDING", id])
        // A job that starts meanwhile is signalled; one caught while its batch step starts
        // has scancel retrying, which is given at most the grace (a second when there is none).
        let signalled = await commands.run(
            commands.scancel, ["--state=RUNNING", "--full", "--signal=\(grace == nil ? "KILL" : "TERM")", id],
            limit: max(grace ?? .seconds(1), .seconds(1)))
        if grace != nil, signalled.succeeded {
            while ContinuousClock.now < deadline, await currentState(id).isActive {
                try? await Task.sleep(for: .milliseconds(250))
            }
        }
        _ = await commands.run(commands.scancel, [id])
    }

    public func canAttach(_ handle: TrialHandle, spec: LaunchSpec) async -> Bool {
        if case .slurmJob = handle { return true }
        return false
    }

    public func attach(_ handle: TrialHandle, spec: LaunchSpec) async -> TrialExit {
        guard case .slurmJob(let id) = handle else { return await LocalLauncher().attach(handle, spec: spec) }
        return await follow(id, spec)
    }

    /// When the job's script wrote its exit status, as the shared filesystem dates it: the
    /// end of a job that ended while no hporun ran, rather than the time the resume saw it.
    /// A job that started and left without one (killed for its memory, its node lost, cancelled
    /// by an administrator) ended at its last sign of life; one that never started, when
    /// hporun learnt of it (nil).
    public func recordedEnd(of spec: LaunchSpec) -> Date? {
        Self.recordedEnd(in: spec.workingDirectory)
    }

    /// (The last sign of life: the job's output and metrics grow while it runs, and
    /// slurmstepd's last words, an oom-kill, go to its stderr.log.)
    static func recordedEnd(in directory: URL) -> Date? {
        if let written = FileTimes.modified(directory.appendingPathComponent(SlurmJobScript.exitStatusFile)) { return written }
        guard FileTimes.modified(directory.appendingPathComponent(SlurmJobScript.startedFile)) != nil else { return nil }
        return FileTimes.newestEntry(in: directory)
    }

    /// The job whose working directory is `trialDirectory`, among this user's jobs Slurm
    /// still knows (queued, running, or ended within MinJobAge).
    public func unrecordedTrial(in trialDirectory: URL) async -> TrialHandle? {
        let output = await commands.run(commands.squeue, ["--me", "--noheader", "--states=all", "--format=%i %Z"])
        guard output.succeeded else { return nil }
        for line in output.standardOutput.split(whereSeparator: \.isNewline) {
            let fields = line.split(separator: " ", maxSplits: 1)
            if fields.count == 2, fields[1] == trialDirectory.path { return .slurmJob(String(fields[0])) }
        }
        return nil
    }

    /// Waits for the job's end: its exit status file, or squeue saying it has left without
    /// one. Enforces the trial timeout from the moment the job started in the trial directory;
    /// a job Slurm requeued (node failure, preemption) waits in the queue again with its
    /// earlier run's start on file, and that start does not count: its clock restarts when
    /// the job script marks the new run's.
    func follow(_ id: String, _ spec: LaunchSpec) async -> TrialExit {
        let directory = spec.workingDirectory
        let exitFile = directory.appendingPathComponent(SlurmJobScript.exitStatusFile)
        let startedFile = directory.appendingPathComponent(SlurmJobScript.startedFile)
        defer { Task { await queue.forget(id) } }
        // When the job was last seen back in the queue after it had started.
        var requeuedAt: Date?
        while true {
            if let status = Self.readExitStatus(exitFile) { return Self.exit(status) }
            let (state, asked) = await queue.stateAndTime(of: id)
            // The start on file, unless it is known to be an earlier run's.
            var startedAt = FileTimes.modified(startedFile).flatMap { started in
                requeuedAt.map { started > $0 } ?? true ? started : nil
            }
            // Pending with a start on file well before squeue was asked: an earlier run's. (A
            // first run's start can postdate a pending state read up to the queue's interval
            // ago; the margin also covers clocks that differ between the nodes and the file server.)
            if state == .active("PENDING"), let started = startedAt, started < asked.addingTimeInterval(-Self.requeueMargin) {
                requeuedAt = asked
                startedAt = nil
            }
            if let timeout = spec.timeout, let startedAt, Duration.seconds(Date().timeIntervalSince(startedAt)) >= timeout {
                await stop(.slurmJob(id), grace: spec.grace)
                return .timedOut
            }
            switch state {
            case .active, .unknown:
                try? await Task.sleep(for: pollInterval)
            case .ended, .gone:
                if cancelled.contains(id) { return .lost("the Slurm job \(id) was cancelled by hporun") }
                // The status file is written before the job ends, but may take a moment to
                // show here through a shared filesystem.
                let deadline = ContinuousClock.now + exitFileDelay
                repeat {
                    if let status = Self.readExitStatus(exitFile) { return Self.exit(status) }
                    try? await Task.sleep(for: pollInterval)
                } while ContinuousClock.now < deadline
                return .lost(Self.lostReason(id, state: state, started: FileTimes.modified(startedFile) != nil,
                                             directory: directory))
            }
        }
    }

    /// The job's state now, not up to the queue's interval ago (for `stop`'s grace wait).
    private func currentState(_ id: String) async -> SlurmJobState {
        SlurmQueue.states(await SlurmQueue.ask(commands, about: [id]), asked: [id])[id] ?? .gone
    }

    /// The job script writes a shell's exit status: above 128 it means the command was killed
    /// by signal (status - 128).
    static func exit(_ status: Int32) -> TrialExit {
        status > 128 && status < 128 + 65 ? .signaled(status - 128) : .exited(status)
    }

    /// How long before squeue's pending answer a start on file must be to be an earlier run's.
    /// Too short would mistake a first run's start for one (its timeout then never fires);
    /// too long only keeps the old start for a run requeued within it.
    static let requeueMargin: TimeInterval = 10

    static func readExitStatus(_ url: URL) -> Int32? {
        guard let data = FileManager.default.contents(atPath: url.path),
              let text = String(data: data, encoding: .utf8) else { return nil }
        return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }


    /// Why a job that left without its exit status failed, in the words a user can act on.
    static func lostReason(_ id: String, state: SlurmJobState, started: Bool, directory: URL) -> String {
        let job = "the Slurm job \(id)"
        let what: String
        switch state {
        case .ended("CANCELLED"): what = "\(job) was cancelled outside hporun (scancel)"
        case .ended("TIMEOUT"): what = "\(job) reached its Slurm time limit (--time in --slurm-args)"
        case .ended("NODE_FAIL"), .ended("BOOT_FAIL"): what = "the node of \(job) failed"
        case .ended("OUT_OF_MEMORY"): what = "\(job) ran out of memory (--mem in --slurm-args)"
        case .ended("PREEMPTED"): what = "\(job) was preempted"
        case .ended(let name): what = "\(job) ended as \(name)"
        default: what = "\(job) left the queue"
        }
        var reason = "\(what) without recording the command's exit status"
        if !started, state != .ended("CANCELLED") {
            // The experiment's directory, not the trial's: the same words for every trial so failed.
            let experiment = directory.deletingLastPathComponent().deletingLastPathComponent().path
            reason += "; it never started the command in its trial directory. If every trial fails so, the compute "
                + "nodes do not see \(experiment): put the experiment directory (--experiment-dir) on a "
                + "filesystem they mount at the same path. Slurm's view: scontrol show job \(id)"
        }
        return reason
    }
}

/// Job ids, shared by the copies of a launcher and its tasks.
private final class CancelledJobs: Sendable {
    private let ids = Mutex<Set<String>>([])

    func insert(_ id: String) { _ = ids.withLock { $0.insert(id) } }
    func contains(_ id: String) -> Bool { ids.withLock { $0.contains(id) } }
}
