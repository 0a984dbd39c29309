/// One rule of Polyaxon's `early_stopping: [{metric, value, optimization}]` (or WML form's
/// method parameters `early_stopping_metric`, `early_stopping_value`,
/// `early_stopping_optimization`): once a trial's TEST value of `metric` reaches `value` (at
/// least it when maximizing, at most when minimizing), the experiment starts no more trials;
/// those running finish. With several rules, the first met stops it, each rule on its own
/// metric (which need not be the objective). A resumed experiment whose recorded trials met
/// one starts none.
public struct EarlyStopping: Sendable, Hashable {
    public var metric: String
    public var value: Double
    public var optimization: Direction

    public init(metric: String, value: Double, optimization: Direction) {
        self.metric = metric
        self.value = value
        self.optimization = optimization
    }

    public func isReached(by value: Double) -> Bool {
        value.isFinite && (optimization == .maximize ? value >= self.value : value <= self.value)
    }

    /// The first trial (by SUBID) whose recorded TEST history reached the value, and its value there.
    public func reached(in trials: [TrialRecord]) -> (subid: String, value: Double)? {
        for trial in trials.sorted(by: { $0.number < $1.number }) where trial.state.countsAsFinished {
            let entries = trial.testHistory.metrics[metric] ?? []
            if let hit = entries.first(where: { isReached(by: $0.value) }) { return (trial.subid, hit.value) }
        }
        return nil
    }

    /// "accuracy >= 0.95".
    public var summary: String {
        "\(metric) \(optimization == .maximize ? ">=" : "<=") \(pruneNumber(value))"
    }
}

extension Array where Element == EarlyStopping {
    /// The TEST metrics the rules watch, each once, in the rules' order.
    public var metrics: [String] {
        var seen: Set<String> = []
        return map(\.metric).filter { seen.insert($0).inserted }
    }

    /// The first rule that a TEST value of `metric` meets.
    public func rule(metBy value: Double, of metric: String) -> EarlyStopping? {
        first { $0.metric == metric && $0.isReached(by: value) }
    }

    /// The earliest trial (by SUBID) whose recorded TEST history met a rule, that rule (the
    /// first in the list when it met several) and its value there.
    public func reached(in trials: [TrialRecord]) -> (subid: String, value: Double, rule: EarlyStopping)? {
        let hits = compactMap { rule in rule.reached(in: trials).map { (subid: $0.subid, value: $0.value, rule: rule) } }
        let numbers = Dictionary(trials.map { ($0.subid, $0.number) }, uniquingKeysWith: { a, _ in a })
        return hits.min { (numbers[$0.subid] ?? 0) < (numbers[$1.subid] ?? 0) }
    }
}
