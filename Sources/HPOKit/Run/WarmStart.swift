import Foundation

/// `--warm-start OTHER_DIR`: another experiment's finished trials (completed, failed,
/// pruned), re-encoded through this experiment's space, given to the optimizer in front of
/// this experiment's own history. They are not trials of this experiment: they do not count
/// against its budget and are never its best. A parameter a configuration lacks takes its
/// `default` when it has one (as in a starting point: an experiment that adds a parameter
/// with a default keeps the earlier trials, counted apart); a configuration the space still
/// does not hold is skipped, with the count and the reason.
public struct WarmStart: Sendable {
    /// As experiment.json records it; `status` shows it.
    public var source: WarmStartSource
    /// What the optimizer is told, minimising (a `maximize` objective negated), by SUBID.
    public var observations: [Observation]

    /// Reads the experiment in `directory` for an experiment with `space` and `method`.
    public static func read(_ directory: URL, space: SearchSpace, method: Method) throws(TrialStoreError) -> WarmStart {
        let other = ExperimentDirectory(directory)
        guard let experiment = try other.loadExperiment() else {
            throw .notAnExperiment(at: other.url)
        }
        let trials = experiment.applyingRetries(to: try other.loadTrials())
        let rule = ObjectiveRule(method)
        // The other experiment's objective values hold as they are when it optimised the same
        // thing the same way; else each is taken again from the trial's TEST history.
        let sameObjective = experiment.method.objective == method.objective
            && experiment.method.direction == method.direction.rawValue
        let sameRule = sameObjective && experiment.method.objectiveStrategy == method.objectiveStrategy.rawValue
        let sign = method.direction == .maximize ? -1.0 : 1.0
        var observations: [Observation] = []
        var skipped: [String] = []
        var defaulted: [String] = []
        var completed: [(entries: [TestHistory.Entry], objective: Double)] = []
        var prunedAt: [(index: Int, iteration: Int?)] = []
        for trial in trials where trial.state.countsAsFinished {
            let config = Config(trial.config.map { ($0.key, $0.value.value) }.sorted { $0.0 < $1.0 })
            let point: Point
            do {
                let completed = try space.withDefaults(config)
                point = try space.encode(completed)
                defaulted += completed.names.filter { config[$0] == nil }
            } catch {
                skipped.append(error.errorDescription ?? "\(error)")
                continue
            }
            switch trial.state {
            case .completed:
                var value = sameRule ? trial.objective : nil
                if value == nil, case .success(let taken) = rule.objective(emetrics: trial.testHistory, valDictList: nil) {
                    value = taken
                }
                guard let value else {
                    skipped.append("no TEST '\(method.objective)' in its history")
                    continue
                }
                completed.append((trial.testHistory.curves[method.objective]?.entries ?? [], value))
                observations.append(Observation(point: point, outcome: .value(sign * value)))
            case .pruned:
                let value = sameObjective ? trial.objective : nil
                if value != nil { prunedAt.append((observations.count, trial.prunedAtIteration)) }
                observations.append(Observation(point: point, outcome: value.map { .value(sign * $0) } ?? .failure))
            default:
                observations.append(Observation(point: point, outcome: .failure))
            }
        }
        // A pruned trial's value, as for this experiment's own (PrunedObservation), from the
        // other experiment's completed trials: carried to the end by their gain when its
        // values were taken the same way, else at worst their median.
        let gain = PrunedGain(completed: completed, rule: rule,
                              iterations: sameRule ? Set(prunedAt.compactMap(\.iteration)) : [])
        for (index, iteration) in prunedAt {
            if case .value(let value) = observations[index].outcome {
                observations[index].outcome = .value(PrunedObservation.told(value, prunedAt: iteration, gain: gain))
            }
        }
        return WarmStart(source: WarmStartSource(directory: other.url.path, trials: observations.count, skipped: skipped,
                                                     defaulted: defaulted),
                         observations: observations)
    }
}

/// One `--warm-start` experiment, as experiment.json records it (so a resumed run uses it
/// again, reading it afresh) and `status` shows it.
public struct WarmStartSource: Sendable, Codable, Equatable {
    /// The other experiment's directory, absolute.
    public var directory: String
    /// How many of its trials the optimizer was told of, when this experiment last ran.
    public var trials: Int
    /// How many were skipped, and the commonest reasons (at most 3, each with its count).
    public var skipped: Int
    public var skipReasons: [String]
    /// The parameters some of its trials lacked and were told with their default, each with
    /// how many trials lacked it (nil in a record written before warm starts took defaults).
    public var defaulted: [String: Int]?

    public init(directory: String, trials: Int, skipped: [String], defaulted: [String] = []) {
        self.directory = directory
        self.trials = trials
        self.skipped = skipped.count
        let lacking = Dictionary(defaulted.map { ($0, 1) }, uniquingKeysWith: +)
        self.defaulted = lacking.isEmpty ? nil : lacking
        let counts = Dictionary(skipped.map { ($0, 1) }, uniquingKeysWith: +)
        skipReasons = counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(3).map { reason, count in
            count == 1 ? reason : "\(count) x \(reason)"
        }
    }

    /// `warm start: 12 trials from /runs/a (3 skipped: 'x' = 2 is not in its space ...; 9
    /// without 'extra', told with its default)`
    public var summary: String {
        var notes: [String] = []
        if skipped > 0 { notes.append("\(skipped) skipped: \(skipReasons.joined(separator: "; "))") }
        for (name, count) in (defaulted ?? [:]).sorted(by: { $0.key < $1.key }) {
            notes.append("\(count) without '\(name)', told with its default")
        }
        return "warm start: \(trials) trial\(trials == 1 ? "" : "s") from \(directory)"
            + (notes.isEmpty ? "" : " (\(notes.joined(separator: "; ")))")
    }
}
