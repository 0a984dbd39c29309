import Foundation

/// How much of the objective's variance each hyperparameter explains on its own: the
/// first-order (main-effect) variance shares that fANOVA reports, here of an additive
/// surrogate fitted to the completed trials instead of a random forest.
///
/// Each parameter's axis is cut into k groups, k = min(`maxBins`, n / 5) (at least 2), so
/// each group holds about 5 trials or more: one group per value when it takes at most k values
/// (categories, small grids), else k bins of equal counts along its axis (log10 of the value
/// for log ranges); a trial without the parameter goes to a group of its own. The surrogate is objective = mean + f1(group of p1) + f2(group of p2) + ..., fitted by
/// backfitting (each f in turn is the mean residual of its groups, centred; 20 sweeps), so the
/// effect of one parameter is not blurred by the others'. A parameter's main effect is the
/// variance of its f over the trials, less what k groups fitted to noise explain by chance,
/// (k - 1) / n times the residual variance; clamped at 0:
///
///     V_j = Var_i f_j(trial i) - (k_j - 1) / n * sigma2_residual
///
/// Its importance is V_j divided by the sum over all parameters, so the importances add up
/// to 1 (all 0 when none explains anything). Interactions are not measured: a parameter that
/// matters only together with another shows a small share.
public enum ParameterImportance {
    public static let maxBins = 10
    /// Below this many completed trials no importance is computed.
    public static let minimumTrials = 8
    static let sweeps = 20

    /// `positions[i][j]`: trial i's value of parameter j on its axis (nil when absent);
    /// `objectives[i]`: its objective. Returns each parameter's share, adding up to 1, and
    /// its main-effect variance V_j as a fraction of the objective's variance.
    public static func estimate(positions: [[Double?]], objectives: [Double]) -> [(share: Double, explained: Double)] {
        let n = objectives.count, parameterCount = positions.first?.count ?? 0
        guard n >= minimumTrials, parameterCount > 0 else { return Array(repeating: (0, 0), count: parameterCount) }
        let groups = (0..<parameterCount).map { j in bins(positions.map { $0[j] }) }
        let counts = groups.map { ($0.max() ?? 0) + 1 }
        let mean = objectives.reduce(0, +) / Double(n)
        let total = objectives.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n)
        guard total > 0 else { return Array(repeating: (0, 0), count: parameterCount) }
        var effects = counts.map { Array(repeating: 0.0, count: $0) }
        var fit = Array(repeating: mean, count: n)
        for _ in 0..<sweeps {
            for j in 0..<parameterCount {
                var sums = Array(repeating: 0.0, count: counts[j]), sizes = Array(repeating: 0.0, count: counts[j])
                for i in 0..<n {
                    let g = groups[j][i]
                    sums[g] += objectives[i] - (fit[i] - effects[j][g])
                    sizes[g] += 1
                }
                var updated = (0..<counts[j]).map { sizes[$0] > 0 ? sums[$0] / sizes[$0] : 0 }
                let centre = zip(updated, sizes).map { $0 * $1 }.reduce(0, +) / Double(n)
                updated = updated.map { $0 - centre }
                for i in 0..<n { fit[i] += updated[groups[j][i]] - effects[j][groups[j][i]] }
                effects[j] = updated
            }
        }
        let freedom = n - 1 - counts.map { $0 - 1 }.reduce(0, +)
        let residual = zip(objectives, fit).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / Double(max(freedom, 1))
        let explained = (0..<parameterCount).map { j -> Double in
            let variance = groups[j].map { effects[j][$0] * effects[j][$0] }.reduce(0, +) / Double(n)
            return max(0, variance - Double(counts[j] - 1) / Double(n) * residual) / total
        }
        let sum = explained.reduce(0, +)
        return explained.map { (sum > 0 ? $0 / sum : 0, $0) }
    }

    /// Each trial's group for one parameter: by value, or by equal-count bins of it; a
    /// missing value is a group of its own (the last).
    static func bins(_ values: [Double?]) -> [Int] {
        let present = values.compactMap { $0 }
        let distinct = Array(Set(present)).sorted()
        let k = min(maxBins, max(2, present.count / 5))
        var groups: [Int]
        if distinct.count <= k {
            let index = Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($0.element, $0.offset) })
            groups = values.map { $0.flatMap { index[$0] } ?? -1 }
        } else {
            let order = values.indices.filter { values[$0] != nil }.sorted { values[$0]! < values[$1]! }
            groups = Array(repeating: -1, count: values.count)
            for (rank, i) in order.enumerated() { groups[i] = rank * k / order.count }
        }
        let missing = (groups.max() ?? -1) + 1
        return groups.map { $0 < 0 ? missing : $0 }
    }
}
