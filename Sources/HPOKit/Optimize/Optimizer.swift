/// What became of one finished trial, as an optimizer sees it: its point in the encoded
/// box and either the objective value (to be MINIMISED: the runner negates a `maximize`
/// objective at the boundary) or a failure.
public struct Observation: Sendable, Hashable {
    public enum Outcome: Sendable, Hashable {
        /// A finite objective value, lower is better.
        case value(Double)
        /// The trial failed (non-zero exit, no objective, NaN, timeout, ...). An optimizer
        /// must never propose this point again and must not let it break its model.
        case failure
    }

    public var point: Point
    public var outcome: Outcome

    public init(point: Point, outcome: Outcome) {
        self.point = point
        self.outcome = outcome
    }

    /// The objective value, nil for a failure.
    public var value: Double? {
        if case .value(let value) = outcome { return value }
        return nil
    }
}

/// Proposes the next trial. An optimizer is a pure function of the space, the finished
/// trials, the points still running and the random generator: it keeps no state between
/// calls, so resuming an experiment is re-reading its directory (DESIGN.md), and the same
/// inputs with the same generator give the same proposal.
///
/// "Suggest" is separate from "observe" the way Optuna's samplers are: the runner records
/// results in the experiment directory and passes all of them in on every call; an
/// implementation may cache derived work (a factorisation) keyed by those inputs, but the
/// proposal must not depend on the cache.
public protocol Optimizer: Sendable {
    /// The next point to evaluate, or nil when the space is finite and every point is
    /// either finished or pending (nothing new is left to propose).
    ///
    /// - Parameters:
    ///   - dimensions: the encoded box (`SearchSpace.dimensions`).
    ///   - history: every finished trial, in the order they were started.
    ///   - pending: points proposed earlier whose trials are still running; a new proposal
    ///     should keep away from them so parallel trials spread out.
    ///   - rng: the generator to draw from; the runner seeds it per suggestion.
    func suggest<G: RandomNumberGenerator>(
        dimensions: [Dimension],
        history: [Observation],
        pending: [Point],
        using rng: inout G
    ) -> Point?
}
