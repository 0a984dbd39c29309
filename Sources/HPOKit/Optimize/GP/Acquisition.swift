import Foundation

/// How the Gaussian process's posterior at a point scores it (higher is better), for a
/// minimised, standardised objective whose best value so far is `best`.
public enum Acquisition: Sendable, Hashable {
    /// Upper (here lower) confidence bound: -(mean - kappa sd).
    case ucb(kappa: Double)
    /// Expected improvement over best - xi, scored by its logarithm (Optuna's logEI).
    case ei(xi: Double)
    /// Probability of improvement over best - xi, scored by its logarithm.
    case poi(xi: Double)

    /// The score to maximise. EI and PI are scored by their logarithms, computed so they stay
    /// finite and ordered where EI and PI themselves underflow to 0 (far from the best value,
    /// where a search over the box would otherwise see a flat zero); the logarithm does not
    /// move the maximum.
    func score(mean: Double, variance: Double, best: Double) -> Double {
        let sd = variance.squareRoot()
        switch self {
        case .ucb(let kappa):
            return -(mean - kappa * sd)
        case .ei(let xi):
            return log(sd) + Self.logH((best - mean - xi) / sd)
        case .poi(let xi):
            return Self.logCDF((best - mean - xi) / sd)
        }
    }

    /// log(z Φ(z) + φ(z)), EI divided by sd as a function of z = improvement / sd.
    static func logH(_ z: Double) -> Double {
        if z > -8 { return log(max(z * cdf(z) + pdf(z), .leastNormalMagnitude)) }
        // z Φ(z) + φ(z) = φ(z) (1 - |z| R(|z|)) with Mills' ratio R(t) = Φ(-t) / φ(t), and
        // 1 - t R(t) ~ 1 / t² (1 - 3/t² + 15/t⁴ - 105/t⁶) for large t (the asymptotic series).
        let t2 = z * z
        let tail = (1 - 3 / t2 + 15 / (t2 * t2) - 105 / (t2 * t2 * t2)) / t2
        return -0.5 * t2 - 0.5 * log(2 * Double.pi) + log(tail)
    }

    /// log Φ(z), finite for very negative z (Φ(z) ~ φ(z) / |z| (1 - 1/z² + 3/z⁴)).
    static func logCDF(_ z: Double) -> Double {
        if z > -8 { return log(cdf(z)) }
        let t2 = z * z
        return -0.5 * t2 - 0.5 * log(2 * Double.pi) - log(-z) + log(1 - 1 / t2 + 3 / (t2 * t2))
    }

    static func cdf(_ z: Double) -> Double { 0.5 * erfc(-z / 2.0.squareRoot()) }
    static func pdf(_ z: Double) -> Double { exp(-0.5 * z * z) / (2 * Double.pi).squareRoot() }
}
