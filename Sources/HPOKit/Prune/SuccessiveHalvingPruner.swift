/// Asynchronous successive halving (ASHA), as Optuna's SuccessiveHalvingPruner: rungs at
/// iterations min_resource * eta^k (below `maxResource`, when given). When a trial first
/// reaches a rung, its best value up to the rung is compared with the values every trial
/// that reached the rung had there (its own included): it goes on only if it is among the top
/// 1/eta of them (the best one while fewer than eta trials reached the rung). A promotion is
/// final: a rung is judged once, on the record that crosses it.
///
/// Unlike Optuna's, the cut is never above what the leaders had at the rung: the best 1/eta
/// (at least one) of the other trials that went furthest past it, by their best value there.
/// When a curve that started slowly is among the best at the end, a rung's ranking does not
/// predict the end's, and every trial at least as good at the rung as that leader goes on
/// (`make bench-pruning`'s crossing curves); when the leaders led at the rung too (curves
/// that rank early) the cut is as Optuna's.
///
/// With the `envelope` cut (`PrunerSettings.Cut`), the leaders' value at the rung IS the cut
/// whenever leaders exist (a trial in the top 1/eta but below them stops too); the rank cut
/// decides only while no trial has gone past the rung.
public struct SuccessiveHalvingPruner: Pruner {
    public var minResource: Int
    public var eta: Int
    public var maxResource: Int?
    public var cut: PrunerSettings.Cut
    /// With `pruner_adaptive`, the rungs whose ranking the trials show does not predict the
    /// end's are skipped (`RungTrust`); nil judges every rung.
    public var trust: RungTrust?
    /// What reasons call it ("asha", or "hyperband bracket 2").
    var label: String

    public init(minResource: Int = 1, eta: Int = 3, maxResource: Int? = nil, cut: PrunerSettings.Cut = .rank,
                trust: RungTrust? = nil) {
        self.minResource = max(1, minResource)
        self.eta = max(2, eta)
        self.maxResource = maxResource
        self.cut = cut
        self.trust = trust
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
        decide(input, leadersAmong: input.others)
    }

    /// Decides with the leaders drawn from `pool` (hyperband: every trial, whatever its bracket).
    func decide(_ input: PruneInput, leadersAmong pool: [TrialCurve]) -> PruneDecision {
        guard let iteration = input.trial.lastIteration else { return .continue }
        let previous = input.trial.entries.dropLast().last?.iteration ?? Int.min
        // The rungs this record crosses (usually none, or one).
        let rungs = rungs(upTo: iteration).enumerated().filter { $0.element > previous }
        for (index, rung) in rungs {
            guard let value = input.best(input.trial, upTo: rung) else { continue }
            let evidence = trust?.evidence(pool, rung: rung, input)
            if let trust, !trust.trusts(evidence) { continue }
            if cut == .envelope, let leaders = leaders(pool, rung: rung, input) {
                guard input.isBetter(leaders.value, than: value) else { continue }
                let who = leaders.front == 1 ? "the trial" : "the best \(leaders.count) of \(leaders.front) trials"
                return .stop(reason: "\(pruneNumber(value)) is \(input.worseWord) the leaders' cut \(pruneNumber(leaders.value)) "
                    + "at iteration \(rung) (rung \(index): what \(who) that reached iteration \(leaders.furthest) had there) "
                    + "(\(label), eta \(eta), envelope\(adaptiveNote(rung: index, at: rung, evidence, pool, input)))")
            }
            let competing = [value] + input.others.compactMap { other in
                other.lastIteration.flatMap { $0 >= rung ? input.best(other, upTo: rung) : nil }
            }
            // Best first; the cut is the worst value still promoted.
            let ordered = competing.sorted { input.isBetter($0, than: $1) }
            let cut = ordered[max(0, ordered.count / eta - 1)]
            if input.isBetter(cut, than: value), let floor = leadersFloor(pool, rung: rung, input),
               !input.isBetter(floor, than: value) {
                continue
            }
            if input.isBetter(cut, than: value) {
                return .stop(reason: "\(pruneNumber(value)) is \(input.worseWord) the rung-\(index) cut \(pruneNumber(cut)) "
                    + "at iteration \(rung) among \(competing.count) trials (\(label), eta \(eta)"
                    + "\(adaptiveNote(rung: index, at: rung, evidence, pool, input)))")
            }
        }
        return .continue
    }

    /// With adaptive rungs, what the trials said: "; rung 2 judged: rank correlation 0.81 with
    /// the final among 24 trials; rungs 0, 1 skipped: -0.57, -0.31", the skipped ones as the
    /// trials now say (empty without adaptive rungs).
    func adaptiveNote(rung index: Int, at iteration: Int, _ evidence: RungTrust.Evidence?, _ pool: [TrialCurve], _ input: PruneInput) -> String {
        guard let trust else { return "" }
        var note = "; rung \(index) judged: " + (evidence.map(RungTrust.describe) ?? "fewer than \(trust.minimumTrials) trials finished")
        let skipped = rungs(upTo: iteration - 1).enumerated().compactMap { rung, iteration -> (Int, RungTrust.Evidence)? in
            guard let evidence = trust.evidence(pool, rung: iteration, input), !trust.trusts(evidence) else { return nil }
            return (rung, evidence)
        }
        if !skipped.isEmpty {
            note += "; rung\(skipped.count == 1 ? "" : "s") \(skipped.map { "\($0.0)" }.joined(separator: ", ")) skipped: "
                + skipped.map { String(format: "%.2f", $0.1.correlation) }.joined(separator: ", ")
        }
        return note
    }

    /// The worst value at `rung` among the leaders: of the trials in `pool` that reached the
    /// furthest iteration any of them did (past the rung), the best 1/eta (at least one) by
    /// their best value, ties by SUBID; nil when no trial went past the rung.
    public func leadersFloor(_ pool: [TrialCurve], rung: Int, _ input: PruneInput) -> Double? {
        leaders(pool, rung: rung, input)?.value
    }

    /// The leaders' worst value at `rung` (`leadersFloor`), how many leaders, of how many
    /// trials at the furthest iteration, and that iteration.
    func leaders(_ pool: [TrialCurve], rung: Int, _ input: PruneInput)
        -> (value: Double, count: Int, front: Int, furthest: Int)? {
        guard let (curves, furthest) = TrialCurve.front(of: pool, pastRung: rung) else { return nil }
        let front = curves.compactMap { curve in
            input.best(curve).map { (subid: curve.subid, curve: curve, value: $0) }
        }.sorted { a, b in
            a.value == b.value ? a.subid < b.subid : input.isBetter(a.value, than: b.value)
        }
        let count = max(1, front.count / eta)
        let atRung = front.prefix(count).compactMap { input.best($0.curve, upTo: rung) }
        guard let value = atRung.min(by: { input.isBetter($1, than: $0) }) else { return nil }
        return (value, min(count, front.count), front.count, furthest)
    }
}
