import Foundation
import HPOKit

/// `--fail-region SHARE` and `--fail-worst SHARE` of the suite bench: trials that fail in part
/// of the box, as real training does (a learning rate too high diverges to NaN, a batch too
/// large runs out of memory). A failed trial uses one evaluation of the budget and has no
/// value; the gap is that of the best trial that did not fail.
///
/// - `region`: a slab of SHARE of the box along one variable fails, on the side away from the
///   problem's minimiser (the first real or integer variable whose minimiser lies outside the
///   slab with a margin of 0.05): the failures say nothing about the values next to them.
/// - `random`: a trial fails with probability SHARE wherever it is (a flaky node, a
///   transient error), decided by a hash of its point: a failure that says nothing about it.
/// - `worst`: the points whose value is above the (1 - SHARE) quantile of f over 2,000 seeded
///   uniform points fail: the bad configurations crash, as divergent training does.
struct SuiteFailure: Sendable {
    enum Kind: String, Sendable { case region, worst, random }

    let kind: Kind
    let share: Double

    /// Whether `point` fails on `problem`; nil when this problem has no region of the kind
    /// (every variable's minimiser too near both ends, or only categories).
    func rule(for problem: SuiteProblem) -> (@Sendable (Point) -> Bool)? {
        switch kind {
        case .region:
            let minimiser = problem.encoded(problem.minimiser)
            for index in problem.kinds.indices where problem.kinds[index] != .categorical {
                let span = problem.kinds[index] == .real ? 1.0 : problem.upper[index] - problem.lower[index]
                guard span > 0 else { continue }
                let position = minimiser[index] / span
                let share = share
                if position < 1 - share - 0.05 {
                    return { $0[index] / span > 1 - share }
                }
                if position > share + 0.05 {
                    return { $0[index] / span < share }
                }
            }
            return nil
        case .random:
            let share = share
            return { point in
                var hash: UInt64 = 0x9E37_79B9_7F4A_7C15
                for coordinate in point { hash = (hash ^ coordinate.bitPattern) &* 0xBF58_476D_1CE4_E5B9 }
                var rng = SplitMix64(seed: hash)
                return SuiteRun.uniform(above: 0, using: &rng) < share
            }
        case .worst:
            var rng = SplitMix64(seed: 424_242)
            let values = (0..<2000).map { _ in problem.evaluate(Self.uniformPoint(problem, using: &rng)) }.sorted()
            let cut = values[min(values.count - 1, Int((1 - share) * Double(values.count)))]
            return { problem.evaluate($0) > cut }
        }
    }

    static func uniformPoint(_ problem: SuiteProblem, using rng: inout SplitMix64) -> Point {
        problem.kinds.indices.map { index in
            let draw = SuiteRun.uniform(above: 0, using: &rng)
            switch problem.kinds[index] {
            case .real: return draw
            case .integer: return (draw * (problem.upper[index] - problem.lower[index] + 1)).rounded(.down)
            case .categorical: return (draw * (problem.upper[index] + 1)).rounded(.down)
            }
        }
    }

    /// Parses `--fail-region 0.4`, `--fail-worst 0.4` or `--fail-random 0.1`.
    init?(kind: Kind, text: String?) {
        guard let text, let share = Double(text), share > 0, share < 1 else { return nil }
        self.kind = kind
        self.share = share
    }

    var label: String {
        switch kind {
        case .region: String(format: "a slab of %g%% of the box away from the minimiser fails", share * 100)
        case .worst: String(format: "the worst %g%% of the box (by f) fails", share * 100)
        case .random: String(format: "a trial fails with probability %g%% wherever it is", share * 100)
        }
    }
}
