import Foundation

/// What the runner reports as an experiment goes; the CLI renders these (a progress line on
/// a terminal, one plain line per event otherwise). HPOKit itself never prints.
public enum RunEvent: Sendable {
    /// A run continues an existing experiment directory; `interrupted` trials' points are
    /// run again; `attached` trials (Slurm jobs still queued or running) are followed;
    /// `pruned` trials count against the budget as completed ones do; `followed` local trials
    /// (still running under their watcher, or ended while hporun was away) are followed or
    /// collected, not run again.
    case resumed(completed: Int, failed: Int, interrupted: Int, attached: Int, pruned: Int = 0, followed: Int = 0)
    /// `--retry-failed` set these failed trials aside (`superseded`); their points run again.
    case retrying(subids: [String])
    case trialStarted(TrialRecord)
    /// A trial an earlier run started, followed by this one to its end (or collected, when it
    /// ended meanwhile): not started again. With `--tee`, its output from now on is shown.
    case trialFollowed(TrialRecord)
    /// A new TEST value of the objective metric, as the trial writes it.
    case objectiveReported(subid: String, iteration: Int, value: Double)
    /// Lines the trial's command wrote, as its bytes, a batch at a time (only with
    /// `RunOptions.tee`).
    case output(subid: String, lines: OutputLines, isError: Bool)
    case trialFinished(TrialRecord)
    /// Something to tell the user that changes nothing of the run: the warm start's trials,
    /// an enqueued configuration set aside, configurations left in the queue.
    case notice(String)
    /// The runner stops launching new trials, and why.
    case stopping(StopReason)
}

/// Why an experiment ended.
public enum StopReason: Sendable, Equatable, CustomStringConvertible {
    case budgetReached
    case spaceExhausted(size: Int)
    case tooManyFailures(count: Int)
    case interrupted
    /// SIGHUP: hporun ends and its trials run on without it (`ExperimentRunner.hangUp`).
    case hungUp
    /// The launcher refused a trial (Slurm rejected the job): fix the set-up and resume.
    case launcherRefused(String)
    /// The run's first trials all failed the same way (`SameFailureRule`); `trialDirectory`
    /// is the first one's.
    case sameFailure(RepeatedFailure, trialDirectory: String)
    /// A trial's TEST metric reached the manifest's early-stopping value (Prune/EarlyStopping).
    case earlyStopping(subid: String, value: Double, EarlyStopping)

    public var description: String {
        switch self {
        case .budgetReached: "the budget (num_optimizer_steps) is reached"
        case .spaceExhausted(let size): "all \(size) configurations of the space have been tried"
        case .tooManyFailures(let count):
            "\(count) trials failed, the limit set by --max-failed-trials (max_failed_trials)"
        case .interrupted: "interrupted"
        case .hungUp: "hung up (SIGHUP): the trials go on without hporun; the same command follows them"
        case .launcherRefused(let message):
            "the trial could not be submitted: \(message)\nFix the cause (--slurm-args, or the manifest's slurm_args) and "
                + "run hporun again on the same experiment directory: it resumes, and runs this trial's point first."
        case .sameFailure(let failure, let trialDirectory):
            (failure.subids.count == 1 ? "the first trial failed" : "the first \(failure.subids.count) trials failed the same way")
                + ", so no more are started:\n  \(failure.signature.cause)\n"
                + "  stderr: \(failure.signature.lastErrorLine(in: trialDirectory) ?? "(empty)")\n"
                + "  see \(trialDirectory)/stderr.log\n"
                + "Fix the cause, then run the same command again with --retry-failed (and --force if you changed "
                + "the command or the manifest): the failed trials' points run again."
        case .earlyStopping(let subid, let value, let rule):
            "trial \(subid) reached \(rule.metric) = \(pruneNumber(value)) (early stopping at \(rule.summary)); "
                + "no more trials are started"
        }
    }
}

/// The outcome of `ExperimentRunner.run()`.
public struct RunSummary: Sendable {
    /// Every trial of the experiment, by SUBID (earlier runs included).
    public var trials: [TrialRecord]
    public var stopReason: StopReason
    public var direction: Direction

    public var completed: [TrialRecord] { trials.filter { $0.state == .completed } }
    public var failedCount: Int { trials.filter { $0.state == .failed }.count }

    /// The completed trial with the best objective in the experiment's direction.
    public var best: TrialRecord? {
        TrialRanking.best(trials, direction: direction)
    }
}

/// Orders trials by objective, best first, for `status`, `best` and summaries.
public enum TrialRanking {
    public static func best(_ trials: [TrialRecord], direction: Direction) -> TrialRecord? {
        ranked(trials, direction: direction).first { $0.state == .completed }
    }

    /// Completed trials best first (ties by SUBID), then the others by SUBID (a pruned
    /// trial's objective, taken when it was stopped, does not rank it among them).
    public static func ranked(_ trials: [TrialRecord], direction: Direction) -> [TrialRecord] {
        trials.sorted { a, b in
            switch (a.state == .pruned ? nil : a.objective, b.state == .pruned ? nil : b.objective) {
            case let (x?, y?) where x != y: return direction == .maximize ? x > y : x < y
            case (_?, nil): return true
            case (nil, _?): return false
            default: return a.number < b.number
            }
        }
    }
}
