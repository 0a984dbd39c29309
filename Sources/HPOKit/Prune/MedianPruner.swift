/// Stops a trial whose best value so far is worse than the median of the other trials'
/// values at the same iteration, as Optuna's MedianPruner and Katib's median stopping rule.
/// Nothing is decided before `warmupIterations`, nor with fewer than `minimumTrials` other
/// trials that reached the iteration, and only every `interval` iterations past the warm-up.
public struct MedianPruner: Pruner {
    public var warmupIterations: Int
    public var minimumTrials: Int
    public var interval: Int

    public init(warmupIterations: Int = 0, minimumTrials: Int = 1, interval: Int = 1) {
        self.warmupIterations = max(0, warmupIterations)
        self.minimumTrials = max(1, minimumTrials)
        self.interval = max(1, interval)
    }

    public func decide(_ input: PruneInput) -> PruneDecision {
        guard let iteration = input.trial.lastIteration, iteration >= warmupIterations,
              (iteration - warmupIterations) % interval == 0,
              let best = input.best(input.trial) else { return .continue }
        let values = input.others.compactMap { input.value($0, at: iteration) }
        guard values.count >= minimumTrials, let median = Self.median(values),
              input.isBetter(median, than: best) else { return .continue }
        return .stop(reason: "its best \(pruneNumber(best)) is \(input.worseWord) the median \(pruneNumber(median)) "
            + "of \(values.count) other trial\(values.count == 1 ? "" : "s") at iteration \(iteration) (median)")
    }

    /// The median (the mean of the two middle values for an even count).
    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
