/// What the optimizer is told of the finished trials, minimising: a completed trial's
/// objective, a failed one as a failure, and a pruned one's value when it was pruned, carried
/// to the end as the completed trials show it would go when they show that (`PrunedGain`),
/// else raised to the completed trials' median when it is worse than that.
///
/// A pruned trial is evidence that its configuration is not among the best, not that it is as
/// bad as its early value. Told the early value, rbfopt reads every pruned region as far worse
/// than any finished one and stays close to the best so far: when the curves cross (the best
/// configurations start slowly) it drifts to the fast starters. Told at most the median, it
/// keeps a flatter model and proposes more widely, and the pruner cuts the wide proposals
/// cheaply (`make bench-pruning`, 5 seeds, epochs to the target: curves asha 640 -> 611,
/// hyperband 1,010 -> 544). But a flat model learns nothing from the pruned trials, which
/// under asha are 9 in 10: where the curves rank early, carrying each value to the end by
/// the completed trials' median gain keeps the order of the pruned configurations and the
/// optimizer finds the best ones in fewer trials (`OptimizerBench --pruning`, seeds 31-90,
/// powerlaw asha 384 -> 241 epochs to the target; see `PrunedGain` for the rest).
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

    /// A pruned trial's value told: carried to the end by `gain` when the completed trials
    /// vouch for its pruning iteration, and then no better than their median (it was cut,
    /// so it is not among the best); else `value(_:median:)`.
    static func told(_ value: Double, prunedAt iteration: Int?, gain: PrunedGain) -> Double {
        guard let iteration, let change = gain.gain(at: iteration) else { return Self.value(value, median: gain.median) }
        let carried = value + change
        return gain.median.map { max(carried, $0) } ?? carried
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
    public static func observations(_ trials: [TrialRecord], rule: ObjectiveRule) -> [Observation] {
        let sign = rule.direction == .maximize ? -1.0 : 1.0
        let gain = PrunedGain(completed: trials.filter { $0.state == .completed }, rule: rule,
                              iterations: Set(trials.compactMap { $0.state == .pruned ? $0.prunedAtIteration : nil }))
        return trials.sorted { $0.number < $1.number }.compactMap { trial in
            switch trial.state {
            case .completed: trial.objective.map { Observation(point: trial.point, outcome: .value(sign * $0)) }
            case .failed: Observation(point: trial.point, outcome: .failure)
            case .pruned: Observation(point: trial.point, outcome: trial.objective.map {
                .value(told(sign * $0, prunedAt: trial.prunedAtIteration, gain: gain))
            } ?? .failure)
            default: nil
            }
        }
    }
}
