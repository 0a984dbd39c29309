import Foundation

/// Failed trials: the same-failure rule's view of them, and `--retry-failed`.
extension ExperimentRunner {
    /// A finished trial as the same-failure rule sees it.
    func outcome(_ trial: TrialRecord) -> SameFailureRule.Outcome.State {
        switch trial.state {
        case .completed: return .completed
        case .failed:
            let trialDirectory = directory.trialDirectory(trial.subid)
            let stderr = trialDirectory.appendingPathComponent("stderr.log")
            return .failed(FailureSignature(cause: trial.failureReason ?? "failed",
                                            lastErrorLine: FailureSignature.lastLine(of: stderr),
                                            trialDirectory: trialDirectory.path, slurmJobID: trial.slurmJobID))
        default: return .other
        }
    }

    /// Stops launching, says why, and stops the trials still running (SIGTERM, SIGKILL after
    /// the grace period): they would most likely fail the same way.
    func stopForSameFailure(_ failure: RepeatedFailure) {
        let first = directory.trialDirectory(failure.subids[0]).path
        stop(.sameFailure(failure, trialDirectory: first))
        let why = "stopped: the first trials of the run failed the same way; its point runs again on the next run"
        for handle in running.stopAll(immediately: false, why: why) {
            Task { [launcher, options] in await launcher.stop(handle, grace: options.grace) }
        }
    }

    /// With `--retry-failed`: records in experiment.json (flushed to disk) that the failed
    /// trials are set aside. Their trial.json files are left as they were. Returns their SUBIDs.
    func recordRetry(_ record: inout ExperimentRecord, _ trials: [TrialRecord]) throws -> [String] {
        guard options.retryFailed else { return [] }
        let failed = record.applyingRetries(to: trials).filter { $0.state == .failed }.map(\.subid)
        guard !failed.isEmpty else { return [] }
        record.retries = (record.retries ?? []) + [FailedTrialsRetry(at: Date(), subids: failed)]
        try directory.save(record)
        return failed
    }

    /// The points of superseded trials that no later trial ran again (or is running, or will
    /// run again as an interrupted one), in SUBID order. A run that died after recording a
    /// retry thus still runs those points.
    func pointsToRetry(_ trials: [TrialRecord]) -> [PlannedPoint] {
        var points: [PlannedPoint] = []
        for (index, trial) in trials.enumerated() where trial.state == .superseded {
            let taken = trials[(index + 1)...].contains {
                $0.state != .superseded && SearchSpace.samePoint($0.point, trial.point)
            }
            if !taken, !points.contains(where: { SearchSpace.samePoint($0.point, trial.point) }) {
                points.append(PlannedPoint(rerunning: trial))
            }
        }
        return points
    }
}
