import Foundation

/// Local trials an earlier run left unfinished when it died. A trial started under a
/// `TrialWatcher` goes on without hporun, and its watcher records how it ended: a resumed run
/// collects a trial that ended meanwhile, and follows one still running to its end (its
/// metrics tailed by the runner as for any trial, its timeout counted from its real start,
/// stopped as any trial is). A trial without a watcher, or whose watcher is gone without a
/// record, cannot be accounted for: it is stopped and its point run again, as before.
extension LocalLauncher {
    /// How often a followed trial's directory and watcher are looked at.
    static let followInterval: Duration = .milliseconds(200)

    /// Whether the trial can be followed: its watcher records its end, or still runs (it is
    /// the leader of the recorded group, is a watcher, and was started for this trial: after
    /// a reboot the number may belong to anything). A trial that hporun had begun to stop for
    /// another reason than its timeout is not: its end is hporun's doing.
    public func canAttach(_ handle: TrialHandle, spec: LaunchSpec) async -> Bool {
        guard case .processGroup(let group) = handle else { return false }
        if let reason = TrialStopFile.read(in: spec.workingDirectory), reason != .timeout { return false }
        // In this order: a watcher records the end before it ends.
        return Self.watcherRuns(group, for: spec) || TrialExitFile.read(in: spec.workingDirectory) != nil
    }

    /// Follows the trial to its end (at once for one that has ended), then stops whatever it
    /// left behind, as `run` does when a command ends.
    public func attach(_ handle: TrialHandle, spec: LaunchSpec) async -> TrialExit {
        guard case .processGroup(let group) = handle else {
            return .lost("the trial's \(handle) was left by an earlier run and cannot be followed")
        }
        let identity = TrialIdentity(environment: spec.environment)
        WatchedTrials.shared.add(group, .init(directory: spec.workingDirectory, identity: identity))
        let exit = await follow(group, spec)
        WatchedTrials.shared.remove(group)
        // Only a group that still holds one of the experiment's processes is the trial's.
        let experiment = spec.environment["JOB_STATE_DIR"] ?? ""
        let leftovers = LeftoverProcessGroup(pgid: group, experimentDirectory: experiment).belongsToExperiment ? group : nil
        TrialProcesses(group: leftovers, identity: identity).killAll()
        return exit
    }

    /// The watcher's record's time: when the command ended.
    public func recordedEnd(of spec: LaunchSpec) -> Date? {
        TrialExitFile.modificationDate(in: spec.workingDirectory)
    }

    private func follow(_ group: Int32, _ spec: LaunchSpec) async -> TrialExit {
        var stopping = false
        while true {
            let timingOut = TrialStopFile.read(in: spec.workingDirectory) == .timeout
            if let recorded = TrialExitFile.read(in: spec.workingDirectory) {
                if case .unstarted = recorded { return recorded.trialExit(spec.command) }
                return timingOut ? .timedOut : recorded.trialExit(spec.command)
            }
            guard Self.watcherRuns(group, for: spec) else {
                // It may have recorded the end just before it ended.
                if let recorded = TrialExitFile.read(in: spec.workingDirectory) {
                    return timingOut ? .timedOut : recorded.trialExit(spec.command)
                }
                if timingOut { return .timedOut }
                return .lost("the trial's watcher (process \(group)) ended without recording how its command ended")
            }
            // The timeout counts from the watcher's start, the trial's launch; a trial an earlier
            // run was timing out when it died is stopped at once.
            if !stopping, let timeout = spec.timeout,
               timingOut || (ProcessTable.age(of: group).map { $0 >= timeout } ?? false) {
                stopping = true
                TrialStopFile.record(.timeout, in: spec.workingDirectory)
                Task { await stop(.processGroup(group), grace: spec.grace) }
            }
            try? await Task.sleep(for: Self.followInterval)
        }
    }

    /// A trial whose watcher an earlier run started just before it died, before launches.log
    /// named it: found by the watcher's own marks (argv[0] `hporun-trial-watcher`, the leader
    /// of its own process group, this experiment's directory and this SUBID in the environment
    /// it was started with), to be followed like the others rather than killed and run again.
    /// Only a process whose environment names this experiment is ever taken. A watcher that
    /// has ended since is named by the record it left in the trial's directory.
    public func unrecordedTrial(in trialDirectory: URL) async -> TrialHandle? {
        let experiment = trialDirectory.deletingLastPathComponent().deletingLastPathComponent().path
        let subid = trialDirectory.lastPathComponent
        for pid in ProcessTable.pids() where Self.isLivingWatcher(pid, experiment: experiment, subid: subid) {
            return .processGroup(pid)
        }
        // Its watcher has ended since: the record it left names it (and says how it ended).
        if TrialExitFile.read(in: trialDirectory) != nil, let watcher = TrialExitFile.watcher(in: trialDirectory) {
            return .processGroup(watcher)
        }
        return nil
    }

    /// Whether the process group's leader is a living `TrialWatcher` started for the trial
    /// of `spec` (its experiment directory and SUBID in its environment).
    static func watcherRuns(_ group: Int32, for spec: LaunchSpec) -> Bool {
        guard let experiment = spec.environment["JOB_STATE_DIR"], let subid = spec.environment["SUBID"] else { return false }
        return isLivingWatcher(group, experiment: experiment, subid: subid)
    }

    /// Whether `pid` is a living `TrialWatcher` that leads its own process group and was
    /// started for trial `subid` of the experiment in `experiment` (its environment says so).
    static func isLivingWatcher(_ pid: Int32, experiment: String, subid: String) -> Bool {
        guard let entry = ProcessTable.entry(pid), entry.isAlive, entry.group == pid,
              ProcessTable.programName(of: pid) == TrialWatcher.name,
              let environment = ProcessTable.environment(of: pid, keys: ["JOB_STATE_DIR", "SUBID"]) else { return false }
        return environment["JOB_STATE_DIR"] == experiment && environment["SUBID"] == subid
    }
}
