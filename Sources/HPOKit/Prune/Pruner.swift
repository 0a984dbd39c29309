import Foundation

/// Decides, on each new TEST record of a running trial, whether the trial goes on. A pruner
/// is a pure function of the experiment's TEST histories of the objective (DESIGN.md
/// "Prune/"): it keeps nothing between calls, so a resumed experiment decides as an
/// uninterrupted one would, and the same histories always give the same decision.
public protocol Pruner: Sendable {
    func decide(_ input: PruneInput) -> PruneDecision
}

/// What a pruner decides.
public enum PruneDecision: Sendable, Equatable {
    case `continue`
    /// Stop the trial; the reason is for people ("0.61 is below the rung-2 cut 0.74 (asha, eta 3)").
    case stop(reason: String)

    public var isStop: Bool {
        if case .stop = self { return true }
        return false
    }
}

/// One trial's TEST curve of the objective, by emetrics iteration, in the order written.
public struct TrialCurve: Sendable, Equatable {
    public var subid: String
    public var entries: [TestHistory.Entry]

    public init(subid: String, entries: [TestHistory.Entry]) {
        self.subid = subid
        self.entries = entries
    }

    /// The last iteration reported (nil before the first value).
    public var lastIteration: Int? { entries.last?.iteration }

    /// The trials of `pool` at the furthest iteration any of them reached, and that iteration;
    /// nil when none went past `rung` (asha's leaders and the adaptive rungs' evidence).
    static func front(of pool: [TrialCurve], pastRung rung: Int) -> (curves: [TrialCurve], furthest: Int)? {
        guard let furthest = pool.compactMap(\.lastIteration).max(), furthest > rung else { return nil }
        return (pool.filter { $0.lastIteration == furthest }, furthest)
    }
}

/// What a pruner decides from: the running trial's curve (its newest record last), every
/// other trial's curve (finished ones as recorded, running ones as read so far), and the
/// objective's direction.
public struct PruneInput: Sendable {
    public var trial: TrialCurve
    public var others: [TrialCurve]
    public var direction: Direction

    public init(trial: TrialCurve, others: [TrialCurve], direction: Direction) {
        self.trial = trial
        self.others = others
        self.direction = direction
    }

    /// Whether `a` is strictly better than `b` in the objective's direction.
    public func isBetter(_ a: Double, than b: Double) -> Bool {
        direction == .maximize ? a > b : a < b
    }

    /// "below" when maximizing (a worse value is lower), "above" when minimizing.
    var worseWord: String { direction == .maximize ? "below" : "above" }

    /// The best finite value of a curve among its entries at iterations up to `iteration`
    /// (all of them when nil); nil when there is none.
    func best(_ curve: TrialCurve, upTo iteration: Int? = nil) -> Double? {
        var best: Double?
        for entry in curve.entries where entry.value.isFinite && (iteration.map { entry.iteration <= $0 } ?? true) {
            if best.map({ isBetter(entry.value, than: $0) }) ?? true { best = entry.value }
        }
        return best
    }

    /// A curve's value at `iteration`: the last value written at or before it, provided the
    /// curve went that far (a trial that has not reached the iteration has no value there).
    func value(_ curve: TrialCurve, at iteration: Int) -> Double? {
        guard let last = curve.lastIteration, last >= iteration else { return nil }
        return curve.entries.last { $0.iteration <= iteration && $0.value.isFinite }?.value
    }
}

/// Numbers in reasons: short, and the same on every platform.
func pruneNumber(_ value: Double) -> String {
    let text = String(format: "%.4g", value)
    return text
}
