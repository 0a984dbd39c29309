import Foundation

/// Runs an experiment: asks the optimizer for a point whenever a slot is free, runs each
/// trial in its directory, tells the optimizer every result, and keeps the directory
/// resumable at every instant (DESIGN.md "The way data flows").
public actor ExperimentRunner {
    public let manifest: Manifest
    public let directory: ExperimentDirectory
    let experiment: ExperimentRecord
    let options: RunOptions
    let optimizer: any Optimizer
    let launcher: any Launcher
    let baseEnvironment: [String: String]
    let events: @Sendable (RunEvent) -> Void
    let space: SearchSpace
    let template: CommandTemplate
    let running = RunningTrials()
    /// The objective's TEST curves the pruner decides from (ExperimentRunner+Pruning).
    let pruning = PruneBoard()
    /// Whether the run has said that a trial's curve gives the pruner nothing to judge
    /// (`noteUnjudgeableCurve`): once per run.
    var saidUnjudgeable = false
    var stopReason: StopReason?
    /// The slot and GPUs of each running trial.
    var slots: TrialSlots

    public init(
        manifest: Manifest, experiment: ExperimentRecord, directory: ExperimentDirectory, options: RunOptions,
        optimizer: any Optimizer, launcher: any Launcher = LocalLauncher(),
        environment: [String: String] = ProcessInfo.processInfo.environment,
        events: @escaping @Sendable (RunEvent) -> Void = { _ in }
    ) {
        self.manifest = manifest
        self.experiment = experiment
        self.directory = directory
        self.options = options
        self.optimizer = optimizer
        self.launcher = launcher
        baseEnvironment = environment
        self.events = events
        space = manifest.space
        template = CommandTemplate(experiment.command)
        slots = TrialSlots(parallel: options.parallel, devices: options.devices)
    }

    /// Stops launching, stops the running trials (SIGTERM to each group, SIGKILL after the
    /// grace period; at once when `immediately`), and lets `run` record them as interrupted.
    public func interrupt(immediately: Bool = false) async {
        // A run that was hung up leaves its trials running: it is on its way out.
        if stopReason == .hungUp { return }
        if stopReason == nil {
            stopReason = .interrupted
            events(.stopping(.interrupted))
        }
        await withTaskGroup(of: Void.self) { group in
            for handle in running.stopAll(immediately: immediately) {
                group.addTask { [launcher, options] in
                    await launcher.stop(handle, grace: immediately ? nil : options.grace)
                }
            }
        }
    }

    /// What can be checked before anything is shown or run: the experiment directory can be
    /// created, and an existing experiment there is this one (or `force` accepts the change).
    /// `run` checks again under the experiment's lock.
    public func preflight() throws {
        _ = try recordedExperiment()
        try checkWarmStarts()
        try directory.create()
    }

    /// Runs (or resumes) the experiment until the budget is reached, the space is exhausted,
    /// too many trials failed, the first trials failed the same way, or it is interrupted.
    public func run() async throws -> RunSummary {
        try directory.create()
        let lock = try ExperimentLock(directory: directory.url)
        // Every finished trial is on disk before the lock is let go (a short blocking wait).
        defer { withExtendedLifetime(lock) { directory.waitUntilFlushed() } }
        var record = try prepareExperiment()
        let seed = record.seed
        try await launcher.prepare(experimentDirectory: directory.url)
        let warm = readWarmStarts(&record)
        var trials = try directory.loadTrials()
        let retrying = try recordRetry(&record, trials)
        trials = record.applyingRetries(to: trials)
        let retried = pointsToRetry(trials)
        pruning.seed(trials, objective: manifest.method.objective)
        if let hit = manifest.method.earlyStoppingRules.reached(in: trials) {
            stop(.earlyStopping(subid: hit.subid, value: hit.value, hit.rule))
        }
        let (rerun, attached) = try await settleUnfinished(&trials)
        if !retrying.isEmpty { events(.retrying(subids: retrying)) }

        // Before the optimizer: interrupted trials' points, failed ones' with --retry-failed,
        // then the defaults and starting points not yet run; enqueued ones when these are done.
        var planned = rerun + retried.filter { point in !rerun.contains { SearchSpace.samePoint($0.point, point.point) } }
        planned += startingPlan(trials + attached.map(\.0))
        var consumed = Set((trials + attached.map(\.0)).compactMap(\.queueEntry))
        sweepQueue(consumed)
        // This run's first trials in the order they started, and its first completed one,
        // for the same-failure rule.
        let failureRule = SameFailureRule(budget: options.budget)
        var thisRun: [SameFailureRule.Outcome] = []
        var pending: [String: Point] = [:]
        var nextNumber = directory.nextSubidNumber()
        try await withThrowingTaskGroup(of: TrialRecord.self) { group in
            // Trials an earlier run left queued or running where they go on by themselves
            // (Slurm jobs) are followed to their end rather than run again.
            for (record, handle) in attached {
                pending[record.subid] = record.point
                // Its slot and GPUs stay its own until it ends.
                if let place = record.place { slots.hold(place) }
                group.addTask { try await self.runTrial(record, attachingTo: handle) }
            }
            while true {
                // A trial starts when a slot is free and, with --gpus, a group of GPUs none of
                // which a running trial holds.
                while stopReason == nil, pending.count < options.parallel, let place = slots.nextFree {
                    let finished = trials.filter { $0.state.countsAsFinished }.count
                    if finished + pending.count >= options.budget {
                        break
                    }
                    let number = directory.firstFreeSubidNumber(from: nextNumber)
                    // The random stream is the trial's place among the trials that count
                    // (finished or running), not its SUBID: an interrupted trial's rerun takes
                    // a new SUBID, and the proposals after it stay those of an uninterrupted run.
                    var rng = SplitMix64(seed: seed, stream: UInt64(finished + pending.count + 1))
                    let next = planned.isEmpty ? takeEnqueued(consumed) : planned.removeFirst()
                    let proposed = next?.point
                        ?? optimizer.suggest(dimensions: space.dimensions, history: warm + observations(trials),
                                             pending: Array(pending.values), using: &rng)
                    // Recorded with NaN for the parameters inactive at it, as the optimizers are told.
                    guard let point = proposed.map(space.canonical) else {
                        if pending.isEmpty { stop(.spaceExhausted(size: space.finiteSize ?? 0)) }
                        break
                    }
                    var record = TrialRecord(subid: ExperimentDirectory.subid(number),
                                             planned: next ?? PlannedPoint(point: point, origin: .optimizer),
                                             config: trialConfig(point))
                    // trial.json says `running` from its creation: the launch follows at once,
                    // and launches.log gets its pid or job id when it exists.
                    record.state = .running
                    record.startedAt = Date()
                    record.place = place
                    // A SUBID taken meanwhile (a trial made that folder) is skipped.
                    record = try directory.createTrial(record, config: trialConfig(point))
                    // The trial names its queue entry now: the file can go (a crash before
                    // this line leaves a file the next run removes, not runs).
                    if let entry = record.queueEntry, consumed.insert(entry).inserted { queue.remove(entry) }
                    nextNumber = record.number + 1
                    if thisRun.count < failureRule.count { thisRun.append(.init(subid: record.subid, state: .running)) }
                    pending[record.subid] = point
                    slots.hold(place)
                    group.addTask { try await self.runTrial(record) }
                }
                guard let finished = try await group.next() else { break }
                pending[finished.subid] = nil
                if let place = finished.place { slots.release(place) }
                trials.append(finished)
                events(.trialFinished(finished))
                if let index = thisRun.firstIndex(where: { $0.subid == finished.subid }) {
                    thisRun[index].state = outcome(finished)
                } else if finished.state == .completed, !thisRun.contains(where: { $0.state == .completed }) {
                    thisRun.append(.init(subid: finished.subid, state: .completed))  // the rule holds no more
                }
                if stopReason == nil, let failure = failureRule.verdict(thisRun) { stopForSameFailure(failure) }
                let counts = trials.reduce(into: (finished: 0, failed: 0)) { counts, trial in
                    if trial.state.countsAsFinished { counts.finished += 1 }
                    if trial.state == .failed { counts.failed += 1 }
                }
                if let limit = options.maxFailedTrials, counts.failed >= limit { stop(.tooManyFailures(count: counts.failed)) }
                if counts.finished >= options.budget, pending.isEmpty { stop(.budgetReached) }
            }
        }
        if stopReason == nil { stop(.budgetReached) }
        noteQueueLeft()
        return RunSummary(trials: trials.sorted { $0.number < $1.number }, stopReason: stopReason ?? .budgetReached,
                          direction: manifest.method.direction)
    }

    func stop(_ reason: StopReason) {
        guard stopReason == nil else { return }
        stopReason = reason
        events(.stopping(reason))
    }

    /// Writes experiment.json for a new experiment, or checks a resumed one is the same
    /// experiment; returns the record as written (a resumed experiment keeps its seed, its
    /// creation time and its retries).
    private func prepareExperiment() throws -> ExperimentRecord {
        var record = experiment
        if let recorded = try recordedExperiment() {
            if options.seedGiven, recorded.seed != options.seed {
                events(.notice("the experiment keeps the seed it began with, \(recorded.seed), not \(options.seed): its "
                    + "proposals go on from it (a new seed needs a new --experiment-dir)"))
            }
            record.seed = recorded.seed
            record.createdAt = recorded.createdAt
            record.retries = recorded.retries
            record.warmStarts = recorded.warmStarts
        }
        try directory.save(record)
        return record
    }

    /// The experiment already in the directory, if any, once checked to be this one: a
    /// different space, method or command is refused (unless `force`), with each change.
    private func recordedExperiment() throws -> ExperimentRecord? {
        guard let recorded = try directory.loadExperiment() else { return nil }
        let changes = recorded.differences(from: experiment)
        if !changes.isEmpty, !options.force {
            let trials = (try? directory.loadTrials()).map(recorded.applyingRetries) ?? []
            throw TrialStoreError.mismatch(path: directory.url.path, changes: changes,
                                           failedTrials: trials.filter { $0.state == .failed }.count)
        }
        return recorded
    }

    /// Trials left `pending` or `running` by a runner that died. Those the launcher can
    /// follow (a Slurm job still queued or running, a local trial whose watcher still runs,
    /// or either one that finished while hporun was away, with its end recorded) are returned
    /// as `attached`, to be followed to their end. The others are stopped (their process
    /// groups killed: there is no PDEATHSIG) and marked interrupted. The
    /// points of interrupted trials (these, and those stopped by Ctrl-C) that no later trial
    /// ran again are returned as `rerun`, to be run as new trials under the same budget.
    private func settleUnfinished(_ trials: inout [TrialRecord]) async throws
        -> (rerun: [PlannedPoint], attached: [(TrialRecord, TrialHandle)]) {
        var attached: [(TrialRecord, TrialHandle)] = []
        for index in trials.indices where !trials[index].state.isFinal {
            if trials[index].handle == nil,
               let found = await launcher.unrecordedTrial(in: directory.trialDirectory(trials[index].subid)) {
                trials[index].handle = found
            }
            if let handle = trials[index].handle, await launcher.canAttach(handle, spec: launchSpec(trials[index])) {
                attached.append((trials[index], handle))
                continue
            }
            if let handle = trials[index].handle {
                await launcher.stopLeftover(handle, experimentDirectory: directory.url)
            }
            trials[index].state = .interrupted
            trials[index].endedAt = trials[index].endedAt ?? Date()
            trials[index].failureReason = "hporun stopped before the trial finished; its point is run again"
            try directory.save(trials[index])
        }
        // Whatever else of the experiment still runs is stopped too: a trial started just
        // before hporun died, not yet in launches.log, or a descendant that left its group.
        TrialProcesses(experimentDirectory: directory.url.path, sparing: Set(attached.map(\.0.subid))).killAll()
        directory.removeStagingLeftovers()
        // The trials a hung-up run left are followed now, or were settled above.
        directory.removeHangUp()
        var rerun: [PlannedPoint] = []
        for (index, trial) in trials.enumerated() where trial.state == .interrupted {
            let runAgain = trials[(index + 1)...].contains { SearchSpace.samePoint($0.point, trial.point) }
                || rerun.contains { SearchSpace.samePoint($0.point, trial.point) }
            if !runAgain { rerun.append(PlannedPoint(rerunning: trial)) }
        }
        // Followed trials join the others when they finish.
        let attachedSubids = Set(attached.map(\.0.subid))
        trials.removeAll { attachedSubids.contains($0.subid) }
        let completed = trials.filter { $0.state == .completed }.count
        let failed = trials.filter { $0.state == .failed }.count
        let pruned = trials.filter { $0.state == .pruned }.count
        if !trials.isEmpty || !attached.isEmpty {
            let jobs = attached.filter { if case .slurmJob = $0.1 { true } else { false } }.count
            events(.resumed(completed: completed, failed: failed, interrupted: rerun.count, attached: jobs,
                            pruned: pruned, followed: attached.count - jobs))
        }
        return (rerun, attached)
    }

    /// What the optimizer is told: every finished trial by SUBID, minimising, a pruned one as
    /// `PrunedObservation` says (the warm-start experiments' trials go in front of these).
    private func observations(_ trials: [TrialRecord]) -> [Observation] {
        PrunedObservation.observations(trials, rule: ObjectiveRule(manifest.method))
    }

    /// Whether the trials still running are being stopped (Ctrl-C, or the same-failure rule):
    /// they end `interrupted`, and their points run again on the next run.
    var isInterrupted: Bool {
        switch stopReason {
        case .interrupted?, .sameFailure?: true
        default: false
        }
    }
}
