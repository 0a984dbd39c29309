/// What the optimizer is told of a pruned trial: an estimate of the objective it would have
/// finished with, so that it learns from it (issue 14, item 4) on the scale of the completed
/// trials' objectives.
///
/// Its value at the pruning iteration alone is on another scale: every curve is low early,
/// so a configuration pruned at iteration 1 would look far worse than any completed one even
/// when it was only slightly behind, and the optimizer would shun the best region whenever a
/// near-optimal trial there lost a rung by noise or by a slower start. Instead its objective
/// is shifted by the gain the completed trials made from that iteration to their objective
/// (the median of their objective minus their value at that iteration), and then capped at
/// the worst completed objective: it lost to the trials that went on, so it is never rated
/// above one of them. With no completed trial that reached the iteration, its own value up to
/// the pruning is used (pessimistic: lower than it would have reached). Pure: the same
/// records give the same estimates, on resume too.
public enum PrunedEstimate {
    /// The estimate for each pruned trial (by SUBID) whose pruning left a value.
    public static func estimates(_ trials: [TrialRecord], objective: String, direction: Direction)
        -> [String: Double] {
        let pruned = trials.filter { $0.state == .pruned && $0.objective != nil }
        guard !pruned.isEmpty else { return [:] }
        let completed = trials.filter { $0.state == .completed && $0.objective?.isFinite == true }
        let worse: (Double, Double) -> Double = direction == .maximize ? { Swift.min($0, $1) } : { Swift.max($0, $1) }
        let worst = completed.compactMap(\.objective).reduce(nil as Double?) { least, value in
            least.map { worse($0, value) } ?? value
        }
        var gains: [Int: Double?] = [:]
        var result: [String: Double] = [:]
        for trial in pruned {
            guard let own = trial.objective, own.isFinite else { continue }
            guard let iteration = trial.prunedAtIteration, let worst else {
                result[trial.subid] = own
                continue
            }
            if gains[iteration] == nil {
                gains[iteration] = medianGain(completed, objective: objective, at: iteration)
            }
            guard let gain = gains[iteration] ?? nil else {
                result[trial.subid] = own
                continue
            }
            let at = value(trial, objective: objective, at: iteration) ?? own
            result[trial.subid] = worse(at + gain, worst)
        }
        return result
    }

    /// The median over completed trials of (objective - value at `iteration`); nil when none
    /// has a value there.
    static func medianGain(_ completed: [TrialRecord], objective: String, at iteration: Int) -> Double? {
        let gains = completed.compactMap { trial -> Double? in
            guard let final = trial.objective, let at = value(trial, objective: objective, at: iteration) else { return nil }
            return final - at
        }.sorted()
        guard !gains.isEmpty else { return nil }
        let middle = gains.count / 2
        return gains.count % 2 == 1 ? gains[middle] : (gains[middle - 1] + gains[middle]) / 2
    }

    /// A trial's last finite TEST value of the objective at or before `iteration`, if its
    /// curve reached the iteration.
    static func value(_ trial: TrialRecord, objective: String, at iteration: Int) -> Double? {
        let entries = trial.testHistory.metrics[objective] ?? []
        guard let last = entries.last?.iteration, last >= iteration else { return nil }
        return entries.last { $0.iteration <= iteration && $0.value.isFinite }?.value
    }
}
