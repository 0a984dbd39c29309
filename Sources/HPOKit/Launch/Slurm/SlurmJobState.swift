/// What `squeue` says of a job.
enum SlurmJobState: Sendable, Equatable {
    /// Queued or running (PENDING, RUNNING, COMPLETING, SUSPENDED, ...).
    case active(String)
    /// Ended, as Slurm tells it (COMPLETED, FAILED, CANCELLED, TIMEOUT, NODE_FAIL, ...).
    case ended(String)
    /// Not in the queue at all: ended long enough ago to be purged (MinJobAge).
    case gone
    /// squeue did not answer (the controller is busy or down): ask again later.
    case unknown(String)

    /// The states of a job that will not run again.
    static let endedStates: Set<String> = [
        "COMPLETED", "CANCELLED", "FAILED", "TIMEOUT", "NODE_FAIL", "PREEMPTED", "BOOT_FAIL", "DEADLINE",
        "OUT_OF_MEMORY", "REVOKED", "SPECIAL_EXIT",
    ]

    init(squeueState state: String) {
        self = Self.endedStates.contains(state) ? .ended(state) : .active(state)
    }

    var isActive: Bool {
        if case .active = self { return true }
        return false
    }
}
