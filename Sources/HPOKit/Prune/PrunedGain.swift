/// What the completed trials say a pruned trial's value would have become: per pruning
/// iteration, the median over the completed trials of their objective minus what their
/// objective was at that iteration (minimised), provided their values there rank as their
/// objectives do. That is `RungTrust`'s evidence (the `pruner_adaptive` rule): Spearman's rank
/// correlation at least 0.5 among at least 5 completed trials that reached the iteration.
///
/// Where the curves rank early (most training), the gain keeps the pruned configurations in
/// their order and the optimizer learns from all of them; where they cross (the best start
/// slowly), their early values rank nothing and the pruned trials are told the median as
/// before. Paired against the median always (a miss counted at the budget, mean log ratio of
/// the epochs to the target, below 0 better): in process (`OptimizerBench --pruning`, the
/// bench-pruning curve workloads and copies with noise sd 0.01, asha, hyperband and median,
/// 90 seeds each) 11 of 12 cells gain, powerlaw asha -0.41 (381 -> 240 epochs); on the real
/// bench (`make bench-pruning`, 11 to 17 seeds, against today's binary with the median rule)
/// powerlaw asha -0.35 (377 -> 274), and the crossing curves even: asha +0.09 (the target in
/// 7 of 17 seeds either way), hyperband +0.07 (9 of 11 either way) (README, pruning).
/// Thresholds 0.7 and 0.85 did no better in process, 0.95 worse.
public struct PrunedGain: Sendable {
    /// The completed trials' median objective (minimised), nil without one.
    public let median: Double?
    /// What the completed trials showed at each pruning iteration asked for that at least two
    /// of them reached: their rank correlation there with their ends, and how many they were.
    public let evidence: [Int: RungTrust.Evidence]
    private let gains: [Int: Double]

    /// The same evidence `pruner_adaptive` asks for (`RungTrust`'s threshold and minimum).
    static let trust = RungTrust()

    /// `completed`: the completed trials' TEST curves of the objective and their objectives,
    /// as recorded (not minimised); `iterations`: where the pruned trials were pruned. Without
    /// any (no pruned trial, the common case) only the median is computed: the curves are not
    /// read.
    public init(completed: [(entries: [TestHistory.Entry], objective: Double)], rule: ObjectiveRule, iterations: Set<Int>) {
        let sign = rule.direction == .maximize ? -1.0 : 1.0
        let finite = completed.filter(\.objective.isFinite)
        median = PrunedObservation.median(finite.map { sign * $0.objective })
        let finished = iterations.isEmpty ? []
            : finite.map { (curve: Self.Prefix($0.entries, sign: sign, strategy: rule.strategy), objective: sign * $0.objective) }
        var evidence: [Int: RungTrust.Evidence] = [:]
        var gains: [Int: Double] = [:]
        for iteration in iterations {
            let pairs = finished.compactMap { trial -> (there: Double, end: Double)? in
                trial.curve.value(upTo: iteration).map { ($0, trial.objective) }
            }
            guard pairs.count >= 2 else { continue }
            let shown = RungTrust.Evidence(correlation: RungTrust.spearman(pairs.map(\.there), pairs.map(\.end)), trials: pairs.count)
            evidence[iteration] = shown
            guard pairs.count >= Self.trust.minimumTrials, Self.trust.trusts(shown) else { continue }
            gains[iteration] = PrunedObservation.median(pairs.map { $0.end - $0.there })
        }
        self.evidence = evidence
        self.gains = gains
    }

    /// From trial records: the completed ones' curves of `rule.metric` and their objectives.
    public init(completed trials: [TrialRecord], rule: ObjectiveRule, iterations: Set<Int>) {
        self.init(completed: trials.compactMap { trial in
            trial.objective.map { (entries: trial.testHistory.curves[rule.metric]?.entries ?? [], objective: $0) }
        }, rule: rule, iterations: iterations)
    }

    /// The change (minimised: negative when the trials improved) from a value at `iteration`
    /// to the end; nil when the completed trials do not vouch for the iteration.
    public func gain(at iteration: Int) -> Double? { gains[iteration] }

    /// A completed trial's objective as it stood at each iteration (minimised): its last
    /// value up to it, or its best, by iteration. Built once per trial, so that the many
    /// pruning iterations of a long experiment (the median pruner decides at every one) cost
    /// a binary search each, not a pass over the curve.
    struct Prefix {
        private var iterations: [Int] = []
        private var values: [Double] = []

        init(_ entries: [TestHistory.Entry], sign: Double, strategy: ObjectiveStrategy) {
            // By iteration, in the order written within one (a stable sort).
            let ordered = entries.enumerated().filter { $0.element.value.isFinite }
                .sorted { ($0.element.iteration, $0.offset) < ($1.element.iteration, $1.offset) }.map(\.element)
            for entry in ordered {
                let value = sign * entry.value
                iterations.append(entry.iteration)
                values.append(strategy == .best ? min(value, values.last ?? value) : value)
            }
        }

        /// The objective at `iteration`; nil when the trial wrote no value by then.
        func value(upTo iteration: Int) -> Double? {
            var low = 0, high = iterations.count
            while low < high {
                let middle = (low + high) / 2
                if iterations[middle] <= iteration { low = middle + 1 } else { high = middle }
            }
            return low == 0 ? nil : values[low - 1]
        }
    }
}
