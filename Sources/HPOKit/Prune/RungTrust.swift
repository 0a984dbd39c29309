import Foundation

/// The adaptive rungs of asha and hyperband (`pruner_adaptive`): a rung is judged only when the
/// experiment's own trials show that a ranking there predicts the ranking at the end. Among
/// the trials that went furthest (the completed ones, usually), the most recent `window` by
/// SUBID, it is Spearman's rank correlation of their best value up to the rung with their best
/// value at the end. Below `threshold`, once at least `minimumTrials` such trials exist, the
/// rung is skipped (nobody is stopped there); with fewer, every rung is judged as without it.
///
/// On curves that rank early (`make bench-pruning`'s powerlaw) the early rungs correlate
/// (0.9 and more) and are kept; on curves that cross (fast learners lead early, slow ones end
/// best) rungs 1 and 3 anti-correlate (about -0.6) and are skipped, so slow starters survive
/// to the first rung that ranks as the end does. A pure function of the histories, like the
/// pruners: the same curves give the same evidence; ties in ranks take their average rank.
public struct RungTrust: Sendable, Hashable {
    /// The lowest rank correlation that keeps a rung.
    public var threshold: Double
    /// How many trials that went furthest it takes before a rung can be skipped.
    public var minimumTrials: Int
    /// At most this many of them (the highest SUBIDs): bounds the work on large experiments,
    /// and follows the search as it narrows.
    public var window: Int

    public init(threshold: Double = 0.5, minimumTrials: Int = 5, window: Int = 50) {
        self.threshold = threshold
        self.minimumTrials = max(2, minimumTrials)
        self.window = max(self.minimumTrials, window)
    }

    /// What the trials say about a rung.
    public struct Evidence: Sendable, Equatable {
        /// Spearman's rank correlation, -1 ... 1 (0 when every trial had the same value at
        /// the rung or at the end: such a rung ranks nothing).
        public var correlation: Double
        /// How many trials it was computed from.
        public var trials: Int

        public init(correlation: Double, trials: Int) {
            self.correlation = correlation
            self.trials = trials
        }
    }

    /// The evidence at `rung` from `pool`: the trials at the furthest iteration any of them
    /// reached (past the rung), the last `window` by SUBID (numbers by value); nil while fewer
    /// than `minimumTrials` of them have values at the rung and at the end.
    public func evidence(_ pool: [TrialCurve], rung: Int, _ input: PruneInput) -> Evidence? {
        guard let curves = TrialCurve.front(of: pool, pastRung: rung)?.curves else { return nil }
        // Numbered SUBIDs by number, then any others by name.
        let front = curves.map { (number: Int($0.subid), curve: $0) }.sorted { a, b in
            switch (a.number, b.number) {
            case (let x?, let y?) where x != y: x < y
            case (.some, nil): true
            case (nil, .some): false
            default: a.curve.subid < b.curve.subid
            }
        }
        let pairs = front.suffix(window).map(\.curve).compactMap { curve -> (Double, Double)? in
            guard let atRung = input.best(curve, upTo: rung), let atEnd = input.best(curve) else { return nil }
            return (atRung, atEnd)
        }
        guard pairs.count >= minimumTrials else { return nil }
        return Evidence(correlation: Self.spearman(pairs.map(\.0), pairs.map(\.1)), trials: pairs.count)
    }

    /// Whether a rung with this evidence is judged (always while there is none).
    public func trusts(_ evidence: Evidence?) -> Bool {
        evidence.map { $0.correlation >= threshold } ?? true
    }

    /// Spearman's rank correlation: Pearson's correlation of the ranks (ties at their average
    /// rank); 0 when either side is constant.
    public static func spearman(_ xs: [Double], _ ys: [Double]) -> Double {
        let (rx, ry) = (ranks(xs), ranks(ys))
        guard rx.count == ry.count, rx.count > 1 else { return 0 }
        let mean = Double(rx.count + 1) / 2
        var (sxy, sxx, syy) = (0.0, 0.0, 0.0)
        for (a, b) in zip(rx, ry) {
            sxy += (a - mean) * (b - mean)
            sxx += (a - mean) * (a - mean)
            syy += (b - mean) * (b - mean)
        }
        return sxx > 0 && syy > 0 ? sxy / (sxx * syy).squareRoot() : 0
    }

    /// Ranks from 1 by value, ascending; tied values share their average rank.
    static func ranks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var result = [Double](repeating: 0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count, values[order[end + 1]] == values[order[start]] { end += 1 }
            for k in start...end { result[order[k]] = Double(start + end) / 2 + 1 }
            start = end + 1
        }
        return result
    }

    /// "rank correlation 0.12 with the final among 9 trials".
    static func describe(_ evidence: Evidence) -> String {
        "rank correlation \(String(format: "%.2f", evidence.correlation)) with the final among \(evidence.trials) trials"
    }
}
