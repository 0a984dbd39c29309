import Foundation

/// What runs before the optimizer proposes: the defaults and the manifest's starting points,
/// then what `hporun enqueue` queued; and the warm-start experiments the optimizer is told of.
extension ExperimentRunner {
    var queue: ExperimentQueue { ExperimentQueue(experiment: directory) }

    /// The defaults trial and the starting points that no trial has run yet, in order. A
    /// starting point is taken when a trial of this experiment has its origin and point
    /// (an interrupted one runs again with the interrupted trials, not from here).
    func startingPlan(_ trials: [TrialRecord]) -> [PlannedPoint] {
        var plan: [PlannedPoint] = []
        let ran = Set(trials.map { PlannedKey(origin: $0.origin, index: $0.startingPoint, point: $0.point) })
        if let defaults = space.defaultsPoint, !trials.contains(where: { $0.origin == .default }) {
            plan.append(PlannedPoint(point: defaults, origin: .default))
        }
        for (offset, config) in manifest.startingPoints.enumerated() {
            guard let point = try? space.encode(config) else { continue }  // checked when the manifest was read
            let planned = PlannedPoint(point: point, origin: .startingPoint, startingPoint: offset + 1)
            if !ran.contains(PlannedKey(origin: .startingPoint, index: offset + 1, point: point)) { plan.append(planned) }
        }
        return plan
    }

    /// The oldest queue entry that no trial has taken, checked against the space; one that
    /// does not fit is set aside (`queue/rejected/`) with its reason, and said.
    func takeEnqueued(_ consumed: Set<String>) -> PlannedPoint? {
        for name in queue.entries() {
            if consumed.contains(name) {
                queue.remove(name)
                continue
            }
            do {
                guard let data = queue.contents(name) else { continue }  // removed meanwhile
                // A file written into queue/ by hand may leave out what has a default, as
                // `hporun enqueue` accepts (it fills them in before queueing).
                let config = try space.config(fromJSON: data, takingDefaults: true).config
                return PlannedPoint(point: try space.encode(config), origin: .enqueued, queueEntry: name)
            } catch {
                let reason = error.errorDescription ?? "\(error)"
                queue.reject(name, reason: reason)
                events(.notice("the enqueued configuration \(name) is not run: \(reason); it was moved to "
                    + "\(queue.rejectedDirectory.path)"))
            }
        }
        return nil
    }

    /// Removes the queue entries that trials already took (a crash came between the trial's
    /// creation and the entry's removal).
    func sweepQueue(_ consumed: Set<String>) {
        for name in queue.entries() where consumed.contains(name) { queue.remove(name) }
    }

    /// Entries still waiting when the run ends: they run when the experiment runs again with
    /// budget left.
    func noteQueueLeft() {
        let left = queue.entries().count
        guard left > 0, stopReason != .interrupted else { return }
        events(.notice("\(left) enqueued configuration\(left == 1 ? "" : "s") did not run (\(stopReason?.description ?? "stopped")); "
            + "\(left == 1 ? "it waits" : "they wait") in \(queue.url.path): raise num_optimizer_steps and run the same command again"))
    }

    /// The warm-start experiments (those experiment.json recorded, then this run's
    /// `--warm-start` ones), read afresh; records what each gave in experiment.json. A recorded
    /// one that can no longer be read is left out, and said.
    func readWarmStarts(_ record: inout ExperimentRecord) -> [Observation] {
        var directories = (record.warmStarts ?? []).map { URL(fileURLWithPath: $0.directory).standardizedFileURL }
        for url in options.warmStart where !directories.contains(url.standardizedFileURL) {
            directories.append(url.standardizedFileURL)
        }
        // grid refuses them (checkWarmStarts); ones recorded before a change to grid are not told.
        guard !directories.isEmpty, manifest.method.name != .grid else { return [] }
        var observations: [Observation] = []
        var sources: [WarmStartSource] = []
        for url in directories {
            do {
                let warm = try WarmStart.read(url, space: space, method: manifest.method)
                observations += warm.observations
                sources.append(warm.source)
                events(.notice(warm.source.summary))
            } catch {
                events(.notice("warm start: \(url.path) cannot be read (\(error.errorDescription ?? "\(error)")); "
                    + "its trials are not used in this run"))
                sources.append(record.warmStarts?.first { $0.directory == url.path }
                    ?? WarmStartSource(directory: url.path, trials: 0, skipped: []))
            }
        }
        record.warmStarts = sources
        try? directory.save(record)
        return observations
    }

    /// Refuses a `--warm-start` directory that cannot be read (before anything runs).
    /// `grid` learns nothing from other trials: it would only skip the points the other
    /// experiment ran, which are never this one's trials (it ran nothing, saying that every
    /// configuration had been tried), so it refuses them.
    func checkWarmStarts() throws {
        if manifest.method.name == .grid, let url = options.warmStart.first {
            throw TrialStoreError.refusedWarmStart(path: url.path, reason: "method grid runs every point of its space and learns nothing "
                + "from other trials: with --warm-start it would skip the points that experiment ran, which are never this "
                + "experiment's trials; leave --warm-start out (or use method rbfopt, tpe or bo, which learn from them)")
        }
        for url in options.warmStart {
            if url.standardizedFileURL.path == directory.url.path {
                throw TrialStoreError.refusedWarmStart(path: url.path, reason: "this is the experiment's own directory; "
                    + "its trials are already told to the optimizer: name another experiment")
            }
            _ = try WarmStart.read(url, space: space, method: manifest.method)
        }
    }
}

/// What identifies a planned point among trials: its origin, index and point (an inactive
/// coordinate, NaN, as the bit pattern of NaN: NaN is equal to nothing, not even NaN).
private struct PlannedKey: Hashable {
    var origin: TrialOrigin?
    var index: Int?
    var point: [UInt64]

    init(origin: TrialOrigin?, index: Int?, point: Point) {
        self.origin = origin
        self.index = index
        self.point = point.map { $0.isNaN ? Double.nan.bitPattern : $0.bitPattern }
    }
}
