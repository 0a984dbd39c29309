import Foundation

/// SIGHUP: the terminal or SSH session that hporun ran in has closed. Now that a trial goes
/// on without hporun (a local one under its watcher, which records its end; a Slurm job in
/// Slurm) and the next run follows or collects it, a hangup no longer costs the running
/// trials: hporun starts no more, records in the experiment directory that it was hung up
/// and which trials it left running (`HangUpRecord`, for `hporun status`), and goes, leaving
/// them as a `kill -9` would, but on purpose.
extension ExperimentRunner {
    /// What the run does on a hangup.
    public enum HangUp: Sendable, Equatable {
        /// The run leaves now (the caller ends the process); these trials run on.
        case leave(trials: [String])
        /// The run is stopping its trials already (Ctrl-C, SIGTERM, the same-failure rule), or
        /// has none left to run and is ending: it carries on to its end, silently.
        case carryOn
    }

    /// Starts no more trials and records the hangup (when trials are left running), every
    /// finished trial's record on disk before it returns. `command` and `folder`: the hporun
    /// command line and where it was typed, to say how to follow the trials.
    public func hangUp(command: [String], folder: String) -> HangUp {
        if isInterrupted { return .carryOn }
        let trials = running.subids
        if stopReason != nil, trials.isEmpty { return .carryOn }
        stopReason = .hungUp
        if !trials.isEmpty {
            // Best effort: without it the trials are still followed, status only says less.
            try? directory.save(HangUpRecord(trials: trials, command: command, folder: folder))
        }
        directory.waitUntilFlushed()
        return .leave(trials: trials)
    }
}
