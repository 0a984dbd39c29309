/// The radial function of the global steps' surrogate, chosen per suggestion the way RBFOpt
/// chooses its model (`rbf: auto`; Costa & Nannicini 2018): the kernel whose leave-one-out
/// predictions keep the best points in their order.
///
/// With the points sorted by value, leaving out point i and predicting it from the others
/// gives a value that falls at some place in that order; the error is how many places that
/// is from i, summed over the best 70% of the points (RBFOpt's share for its global model).
/// A rank, not a squared error: a kernel that predicts a narrow well too shallow but still
/// below its neighbours does the search no harm.
///
/// Cubic and thin-plate spline only, cubic first (a tie keeps it). Shekel's narrow wells in
/// a flat plain are where the two differ most: there the thin-plate spline ranks better and
/// the global steps stop circling the saddle at the box midpoint. Measured through
/// OptimizerBench (`--suite --method rbfopt`; the summary line's counts, at or below the best
/// peer / at or below RBFOpt 4.3), against cubic everywhere:
/// - at 50, 20 seeds: 38/43 -> 41/46 (shekel7 0.54 -> 0.17, shekel10 0.5 -> 0.14, ackley5
///   0.78 -> 0.3, rosenbrock5 110 -> 45; rbrock 0.13 -> 0.48, hpo_like 6.7e-6 -> 1.9e-5,
///   ellipsoid5 7.1e-4 -> 6.7e-3 lose); 10 seeds: 40/48 -> 42/48;
/// - at 100, 5 seeds: 43/44 -> 42/44; the held-out set (never tuned on), 10 seeds: 10/14 ->
///   11/13, levy5 0.82 -> 0.38, no problem 2x worse.
/// - Also adding RBFOpt's other candidates (linear, multiquadric with shape 0.01 in the unit
///   box) measured worse (38/43 at 10 seeds); a margin (thin-plate spline only when its error
///   is below 0.8 or 0.6 of cubic's) and checking the best 30% instead of 70% no better
///   (41/46, 39/46, 40/46).
///
/// Only for a fit that interpolates: when the surrogate smooths (`rbf_noise`, a ridge above
/// 0), leave-one-out ranks measure the noise (noisy suite, 5%, 10 seeds: choosing for those
/// fits too, the true gap was at or below Optuna TPE's on 10 of 15 problems instead of 13).
enum KernelChoice {
    static let candidates: [RBFKernel] = [.cubic, .thinPlateSpline]
    /// The share of the points, best first, whose leave-one-out rank is checked, and at most
    /// how many: each checked point costs a solve of the whole system, and with 200 centres
    /// (`maxCenters`) checking 140 of them for both kernels nearly doubled a suggestion's time
    /// (hartmann6 after 1,000 observations, `make bench`, median thread CPU, load 2: 9.5 ms
    /// without the choice, 16.8 ms checking 140 (load 7), 11.7 ms checking 50). Up to 71
    /// points nothing changes; at budget 100 (5 seeds) the suite's counts went from 43/45 to
    /// 44/45, no problem 2x better or worse.
    static let checkedShare = 0.7
    static let maximumChecked = 50
    /// Past this share of the points on one same value, the choice is left to `fallback`.
    /// Pruned trials are told the completed trials' median when worse unless the completed
    /// trials vouch for their pruning iteration (PrunedObservation, PrunedGain), so where
    /// they do not (crossing curves, the first trials of a run) most points under asha or
    /// hyperband sit on that one value (about 9 in 10 on `make bench-pruning`'s powerlaw
    /// workload before the gain rule): leave-one-out ranks then measure where a
    /// kernel puts the plateau, not how it orders the good points. Choosing by them took
    /// powerlaw's epochs to the target (seeds 1-5, one trial at a time) from 240 to 544 with
    /// asha and from 302 to 514 with hyperband; with this rule 240 and 376, no pruning
    /// unchanged (702). On seeds 6-11 of both curve workloads and the three pruners, the rule
    /// spent 23,031 epochs to the targets against 26,737, better in 21 of 36 runs (asha's
    /// cells lost; README, pruning); on digits the median pruner reached the target in 2 of 6
    /// seeds against 5, within a quantized metric's spread. On the suite (no pruning, budget 50 x 10 and 100 x 5,
    /// held-out set) only nvs16's quartiles moved: its integer values tie.
    static let plateauShare = 1.0 / 3

    /// The candidate with the smallest rank error; `fallback` when fewer points than the
    /// linear tail needs plus two, or when no candidate's system can be solved.
    static func kernel(centers: [[Double]], values: [Double], orderedColumns: [Int], fallback: RBFKernel) -> RBFKernel {
        guard centers.count > orderedColumns.count + 2 else { return fallback }
        let checked = min(maximumChecked, Int((Double(centers.count) * checkedShare).rounded(.up)))
        var chosen = fallback
        var lowest = Double.infinity
        for candidate in candidates {
            if let error = rankError(centers: centers, values: values, kernel: candidate, orderedColumns: orderedColumns,
                                     checked: checked), error < lowest {
                lowest = error
                chosen = candidate
            }
        }
        return chosen
    }

    /// Whether more than `plateauShare` of the observed values are one same value.
    static func hasPlateau(_ observed: [Double]) -> Bool {
        var counts: [Double: Int] = [:]
        for value in observed { counts[value, default: 0] += 1 }
        return Double(counts.values.max() ?? 0) > plateauShare * Double(observed.count)
    }

    /// Over the best `checked` points, the sum of |place of the leave-one-out prediction in
    /// the sorted values - the point's own place| (the predictions by
    /// `RBFModel.leaveOneOutErrors`). nil when the system is singular.
    static func rankError(centers: [[Double]], values: [Double], kernel: RBFKernel, orderedColumns: [Int], checked: Int) -> Double? {
        let order = values.indices.sorted { values[$0] < values[$1] }
        let sortedValues = order.map { values[$0] }
        guard let errors = RBFModel.leaveOneOutErrors(centers: order.map { centers[$0] }, values: sortedValues, kernel: kernel,
                                                      orderedColumns: orderedColumns, scored: 0..<min(centers.count, checked))
        else { return nil }
        var total = 0.0
        for (i, error) in errors.enumerated() {
            let predicted = sortedValues[i] - error
            guard predicted.isFinite else { return nil }
            total += Double(abs(place(of: predicted, in: sortedValues) - i))
        }
        return total
    }

    /// The first index whose value is not below `value` (values sorted ascending).
    static func place(of value: Double, in sorted: [Double]) -> Int {
        var low = 0
        var high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
