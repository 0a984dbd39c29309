/// What the optimizer is told of the finished trials, minimising: a completed trial's
/// objective, a failed one as a failure, and a pruned one's value when it was pruned, raised
/// to the completed trials' median when it is worse than that.
///
/// A pruned trial is evidence that its configuration is not among the best, not that it is as
/// bad as its early value. Told the early value, rbfopt reads every pruned region as far worse
/// than any finished one and stays close to the best so far: when the curves cross (the best
/// configurations start slowly) it drifts to the fast starters, and when they rank early it
/// proposes mostly near-best configurations, which no rung cuts. Told at most the median, it
/// keeps a flatter model and proposes more widely, and the pruner cuts the wide proposals
/// cheaply (`make bench-pruning`, 5 seeds, epochs to the target: curves asha 640 -> 611,
/// hyperband 1,010 -> 544; powerlaw 449 -> 420, 565 -> 526; digits asha reached it in 3 of 5
/// seeds instead of 1, hyperband 839 -> 768 and a final best of 0.9833 instead of 0.9805).
/// A pure function of the trials' records, so a resumed experiment tells the same.
public enum PrunedObservation {
    /// `value`: the pruned trial's value when pruned; `completed`: the completed trials'
    /// objectives; both minimised (lower is better). Non-finite completed values are left out.
    public static func value(_ value: Double, completed: [Double]) -> Double {
        Self.value(value, median: Self.median(completed))
    }

    /// `value` raised to `median` when worse; as it is without a median. For many pruned
    /// trials, the median is computed once, not once each.
    static func value(_ value: Double, median: Double?) -> Double {
        median.map { min(value, $0) } ?? value
    }

    /// The median of the finite values, nil without one.
    static func median(_ completed: [Double]) -> Double? {
        let finite = completed.filter(\.isFinite).sorted()
        guard !finite.isEmpty else { return nil }
        return finite.count % 2 == 1 ? finite[finite.count / 2]
            : (finite[finite.count / 2 - 1] + finite[finite.count / 2]) / 2
    }

    /// Every finished trial by SUBID (completed, failed, pruned; the others are left out),
    /// minimising. A pruned trial without a value counts as a failure. Its point is never
    /// proposed again either way.
    public static func observations(_ trials: [TrialRecord], direction: Direction) -> [Observation] {
        let sign = direction == .maximize ? -1.0 : 1.0
        let median = Self.median(trials.compactMap { $0.state == .completed ? $0.objective.map { sign * $0 } : nil })
        return trials.sorted { $0.number < $1.number }.compactMap { trial in
            switch trial.state {
            case .completed: trial.objective.map { Observation(point: trial.point, outcome: .value(sign * $0)) }
            case .failed: Observation(point: trial.point, outcome: .failure)
            case .pruned: Observation(point: trial.point, outcome: trial.objective.map {
                .value(value(sign * $0, median: median))
            } ?? .failure)
            default: nil
            }
        }
    }
}
