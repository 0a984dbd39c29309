import Foundation

/// The Gaussian process's covariance: k(x, x') = signal g(r) with r² = Σ_d s_d / ℓ_d², where
/// s_d is the squared difference of a numeric coordinate (on the unit scale) and 1 or 0 for
/// a categorical one (different or same choice, Optuna's Hamming kernel). g is a Matern
/// function of smoothness nu (0.5, 1.5, 2.5) or the squared exponential (`rbf`).
public struct GPKernel: Sendable, Hashable {
    public enum Family: Sendable, Hashable {
        case matern(nu: Double)
        case rbf
    }

    public var family: Family
    /// ℓ_d, one per coordinate.
    public var lengthScales: [Double]
    public var signal: Double
    public var noise: Double

    public init(family: Family, lengthScales: [Double], signal: Double, noise: Double) {
        self.family = family
        self.lengthScales = lengthScales
        self.signal = signal
        self.noise = noise
    }

    /// g(r) for r² = `squared`.
    func shape(_ squared: Double) -> Double {
        switch family {
        case .rbf: return exp(-0.5 * squared)
        case .matern(let nu):
            let r = squared.squareRoot()
            if nu == 0.5 { return exp(-r) }
            if nu == 1.5 { return (1 + 3.0.squareRoot() * r) * exp(-3.0.squareRoot() * r) }
            return (1 + 5.0.squareRoot() * r + 5 * squared / 3) * exp(-5.0.squareRoot() * r)
        }
    }

    /// dg / d(r²), for the gradient with respect to the length scales.
    func shapeSlope(_ squared: Double) -> Double {
        switch family {
        case .rbf: return -0.5 * exp(-0.5 * squared)
        case .matern(let nu):
            let r = squared.squareRoot()
            if nu == 0.5 { return r > 1e-12 ? -exp(-r) / (2 * r) : 0 }
            if nu == 1.5 { return -1.5 * exp(-3.0.squareRoot() * r) }
            return -(5.0 / 6) * (1 + 5.0.squareRoot() * r) * exp(-5.0.squareRoot() * r)
        }
    }

    /// The scaled squared distance r² between two rows.
    @inline(__always)
    func squaredDistance(_ a: UnsafeBufferPointer<Double>, _ aStart: Int, _ b: UnsafeBufferPointer<Double>, _ bStart: Int,
                         categorical: [Bool], inverseSquares: [Double]) -> Double {
        var sum = 0.0
        for d in 0..<inverseSquares.count {
            let difference = a[aStart + d] - b[bStart + d]
            let s = categorical[d] ? (difference == 0 ? 0 : 1) : difference * difference
            sum += s * inverseSquares[d]
        }
        return sum
    }
}
