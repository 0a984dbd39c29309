import Foundation

/// How the Gaussian process's posterior at a point scores it (higher is better), for a
/// minimised, standardised objective whose best value so far is `best`.
public enum Acquisition: Sendable, Hashable {
    /// Upper (here lower) confidence bound: -(mean - kappa sd).
    case ucb(kappa: Double)
    /// Expected improvement over best - xi.
    case ei(xi: Double)
    /// Probability of improvement over best - xi.
    case poi(xi: Double)

    func score(mean: Double, variance: Double, best: Double) -> Double {
        let sd = variance.squareRoot()
        switch self {
        case .ucb(let kappa):
            return -(mean - kappa * sd)
        case .ei(let xi):
            let improvement = best - mean - xi
            let z = improvement / sd
            return improvement * Self.cdf(z) + sd * Self.pdf(z)
        case .poi(let xi):
            return Self.cdf((best - mean - xi) / sd)
        }
    }

    static func cdf(_ z: Double) -> Double { 0.5 * erfc(-z / 2.0.squareRoot()) }
    static func pdf(_ z: Double) -> Double { exp(-0.5 * z * z) / (2 * Double.pi).squareRoot() }
}
