import Foundation

/// A configuration `hporun enqueue` is given that the experiment already has: one of its
/// trials ran it (or runs it), a queue entry holds it, or an earlier file of the same call.
/// Another method runs it again, as a trial of its own (a noisy objective measured twice),
/// and `enqueue` says so; `grid` runs each point once within a budget of its points, so a
/// second run would take the place of a point never run, and `enqueue` refuses it.
public enum EnqueueDuplicate: Sendable, Equatable {
    case trial(subid: String, state: TrialState)
    case queued(entry: String)
    case earlierFile(String)

    /// `trial 0001 ran it (completed)`
    public var description: String {
        switch self {
        case .trial(let subid, .interrupted):
            "trial \(subid) was interrupted running it, and its point runs again when the experiment runs again"
        case .trial(let subid, let state):
            "trial \(subid) \(state.isFinal ? "ran" : "is running") it" + (state.isFinal ? " (\(state.rawValue))" : "")
        case .queued(let entry): "it already waits in the queue (\(entry))"
        case .earlierFile(let file): "\(file) gives it too"
        }
    }
}

extension Enqueue {
    /// For each configuration, what the experiment already has of it, nil when nothing.
    /// `files` name the configurations, for a duplicate within the call.
    public func duplicates(_ configs: [Config], files: [String]) throws(TrialStoreError) -> [EnqueueDuplicate?] {
        var known: [(point: Point, what: EnqueueDuplicate)] = []
        func add(_ config: Config, _ what: EnqueueDuplicate) {
            if let point = try? space.encode(config) { known.append((point, what)) }
        }
        let trials = experiment.applyingRetries(to: try directory.loadTrials())
        // An interrupted trial's point runs again (unless a later trial ran it, found first).
        let counted = trials.filter { $0.state.countsAsFinished || !$0.state.isFinal }
        for trial in counted + trials.filter({ $0.state == .interrupted }) {
            add(Config(trial.config.map { ($0.key, $0.value.value) }.sorted { $0.0 < $1.0 }), .trial(subid: trial.subid, state: trial.state))
        }
        // An entry a trial already names is removed unrun by the next run (a crash between).
        let taken = Set(trials.compactMap(\.queueEntry))
        let queue = ExperimentQueue(experiment: directory)
        for entry in queue.entries() where !taken.contains(entry) {
            if let data = queue.contents(entry), let config = try? space.config(fromJSON: data) { add(config, .queued(entry: entry)) }
        }
        var found: [EnqueueDuplicate?] = []
        for (config, file) in zip(configs, files) {
            let point = try? space.encode(config)
            found.append(point.flatMap { point in known.first { SearchSpace.samePoint($0.point, point) }?.what })
            add(config, .earlierFile(file))
        }
        return found
    }

    /// The refusal of a duplicate under `grid`, nil for the other methods.
    public func refusal(_ duplicate: EnqueueDuplicate, file: String) -> EnqueueError? {
        guard experiment.method.name == MethodName.grid.rawValue else { return nil }
        let failed = if case .trial(_, .failed) = duplicate { true } else { false }
        return .badConfiguration(
            file: file,
            reason: "\(duplicate.description); method grid runs each of its \(space.finiteSize.map { "\($0) " } ?? "")points once "
                + "(its budget is cut to their number), so running one again would take the place of a point never run",
            fix: failed ? "leave it out: --retry-failed runs the failed trials' points again" : "leave it out")
    }
}
