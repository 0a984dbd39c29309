import Synchronization

/// The handles of the running trials, readable synchronously (a signal may arrive at any
/// moment, including between a trial's start and its first status write).
final class RunningTrials: Sendable {
    private struct State {
        var handles: [String: TrialHandle] = [:]
        /// Set once the runner is stopping (true: without grace).
        var stopping: Bool?
        /// Why, when it is not an interruption: the stopped trials' reason.
        var why: String?
    }

    private let state = Mutex(State())

    /// Adds a trial that has just started; if the runner is already stopping (a Slurm job
    /// can be queued after Ctrl-C was pressed, while sbatch ran), returns whether to stop
    /// it at once (true) or with the grace period (false).
    func add(_ subid: String, _ handle: TrialHandle) -> Bool? {
        state.withLock { state in
            state.handles[subid] = handle
            return state.stopping
        }
    }

    /// The SUBIDs of the trials running now.
    var subids: [String] { state.withLock { $0.handles.keys.sorted() } }

    func remove(_ subid: String) { _ = state.withLock { $0.handles.removeValue(forKey: subid) } }

    /// Marks the runner as stopping and returns the trials to stop.
    func stopAll(immediately: Bool, why: String? = nil) -> [TrialHandle] {
        state.withLock { state in
            state.stopping = immediately || (state.stopping ?? false)
            state.why = state.why ?? why
            return Array(state.handles.values)
        }
    }

    /// Why the runner stops the running trials, when it is not an interruption.
    var stoppedBecause: String? { state.withLock { $0.why } }
}
