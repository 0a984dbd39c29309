/// Polyaxon's `early_stopping: [{metric, value, optimization}]` as method parameters
/// (`early_stopping_metric`, `early_stopping_value`, `early_stopping_optimization`): once a
/// trial's TEST value of `metric` reaches `value` (at least it when maximizing, at most when
/// minimizing), the experiment starts no more trials; those running finish. A resumed
/// experiment whose recorded trials reached it starts none.
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
