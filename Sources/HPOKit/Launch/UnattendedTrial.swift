import Foundation

/// What became of a local trial that a run left going without it (a hung-up run leaves its
/// trials on purpose), as `hporun status` tells it without following the trial: its watcher
/// still runs, or it recorded how the command ended (the next run collects that, and does
/// not run the point again), or neither (the next run cannot account for it).
public enum UnattendedTrial: Sendable, Equatable {
    /// Its watcher runs: the command has not ended.
    case running
    /// Its watcher recorded how the command ended (`exited 0`, `killed by SIGKILL`,
    /// `could not start`) at `at`, and has ended since or is ending.
    case ended(how: String, at: Date?)
    /// No living watcher of this trial and no record: a trial run under Slurm, or one lost.
    case unknown

    /// Looks at the trial's directory and at its recorded process group.
    public static func look(at trial: TrialRecord, in directory: ExperimentDirectory) -> UnattendedTrial {
        guard trial.slurmJobID == nil else { return .unknown }
        let folder = directory.trialDirectory(trial.subid)
        // In this order: a watcher records the end before it ends.
        if let outcome = TrialExitFile.read(in: folder) {
            return .ended(how: outcome.summary, at: TrialExitFile.modificationDate(in: folder))
        }
        if let group = trial.pgid, watcherRuns(group, subid: trial.subid, experiment: directory.url) {
            return .running
        }
        // It may have recorded the end just before it ended.
        if let outcome = TrialExitFile.read(in: folder) {
            return .ended(how: outcome.summary, at: TrialExitFile.modificationDate(in: folder))
        }
        return .unknown
    }

    /// Whether `group` is led by this trial's living watcher. The experiment directory in
    /// its environment is the path the run was given, which may name the same folder
    /// through another path (a symbolic link): compared once resolved.
    private static func watcherRuns(_ group: Int32, subid: String, experiment: URL) -> Bool {
        let path = experiment.path
        if LocalLauncher.isLivingWatcher(group, experiment: path, subid: subid) { return true }
        guard let recorded = ProcessTable.environment(of: group, keys: ["JOB_STATE_DIR"])?["JOB_STATE_DIR"] else {
            return false
        }
        let resolved = experiment.resolvingSymlinksInPath().path
        guard URL(fileURLWithPath: recorded).resolvingSymlinksInPath().path == resolved else { return false }
        return LocalLauncher.isLivingWatcher(group, experiment: recorded, subid: subid)
    }
}

extension TrialExitFile.Outcome {
    /// How `status` says it: `exited 0`, `killed by SIGKILL`, `could not start`.
    var summary: String {
        switch self {
        case .exited(let code): "exited \(code)"
        case .signaled(let signal): "killed by \(signalName(signal))"
        case .unstarted: "could not start"
        }
    }
}
