/// Asynchronous successive halving (ASHA), as Optuna's SuccessiveHalvingPruner: rungs at
/// iterations min_resource * eta^k (below `maxResource`, when given). When a trial first
/// reaches a rung, its best value up to the rung is compared with the values every trial
/// that reached the rung had there (its own included): it goes on only if it is among the top
/// 1/eta of them (the best one while fewer than eta trials reached the rung). A promotion is
/// final: a rung is judged once, on the record that crosses it.
public struct SuccessiveHalvingPruner: Pruner {
    public var minResource: Int
    public var eta: Int
    public var maxResource: Int?
    /// What reasons call it ("asha", or "hyperband bracket 2").
    var label: String

    public init(minResource: Int = 1, eta: Int = 3, maxResource: Int? = nil) {
        self.minResource = max(1, minResource)
        self.eta = max(2, eta)
        self.maxResource = maxResource
        label = "asha"
    }

    /// The rungs' iterations, ascending, up to `iteration` (and below `maxResource`).
    public func rungs(upTo iteration: Int) -> [Int] {
        var rungs: [Int] = []
        var rung = minResource
        while rung <= iteration, maxResource.map({ rung < $0 }) ?? true {
            rungs.append(rung)
            let (next, overflow) = rung.multipliedReportingOverflow(by: eta)
            if overflow { break }
            rung = next
        }
        return rungs
    }

    public func decide(_ input: PruneInput) -> PruneDecision {
        guard let iteration = input.trial.lastIteration else { return .continue }
        let previous = input.trial.entries.dropLast().last?.iteration ?? Int.min
        // The rungs this record crosses (usually none, or one).
        let rungs = rungs(upTo: iteration).enumerated().filter { $0.element > previous }
        for (index, rung) in rungs {
            guard let value = input.best(input.trial, upTo: rung) else { continue }
            let competing = [value] + input.others.compactMap { other in
                other.lastIteration.flatMap { $0 >= rung ? input.best(other, upTo: rung) : nil }
            }
            // Best first; the cut is the worst value still promoted.
            let ordered = competing.sorted { input.isBetter($0, than: $1) }
            let cut = ordered[max(0, ordered.count / eta - 1)]
            if input.isBetter(cut, than: value) {
                return .stop(reason: "\(pruneNumber(value)) is \(input.worseWord) the rung-\(index) cut \(pruneNumber(cut)) "
                    + "at iteration \(rung) among \(competing.count) trials (\(label), eta \(eta))")
            }
        }
        return .continue
    }
}
