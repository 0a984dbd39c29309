import Foundation

/// A zero-mean Gaussian process regression on rows of features (one row per point, one
/// column per parameter): the factorisation of K + noise I, the weights α = (K + noise I)⁻¹ y,
/// the log marginal likelihood and the posterior mean and variance at new points.
struct GaussianProcess {
    let kernel: GPKernel
    let categorical: [Bool]
    let rows: [Double]
    let count: Int
    let targets: [Double]
    let factor: Cholesky
    let alpha: [Double]
    private let inverseSquares: [Double]

    var dimension: Int { categorical.count }

    /// nil when K + noise I cannot be factorised even with jitter.
    init?(kernel: GPKernel, categorical: [Bool], rows: [Double], targets: [Double]) {
        self.kernel = kernel
        self.categorical = categorical
        self.rows = rows
        self.targets = targets
        count = targets.count
        inverseSquares = kernel.lengthScales.map { 1 / ($0 * $0) }
        guard let factor = Cholesky(Self.covariance(kernel, categorical, rows, count, inverseSquares), size: count) else {
            return nil
        }
        self.factor = factor
        alpha = factor.solve(targets)
    }

    static func covariance(_ kernel: GPKernel, _ categorical: [Bool], _ rows: [Double], _ n: Int,
                           _ inverseSquares: [Double]) -> [Double] {
        let d = categorical.count
        var matrix = [Double](repeating: 0, count: n * n)
        rows.withUnsafeBufferPointer { x in
            matrix.withUnsafeMutableBufferPointer { k in
                for i in 0..<n {
                    k[i * n + i] = kernel.signal + kernel.noise
                    for j in 0..<i {
                        let r2 = kernel.squaredDistance(x, i * d, x, j * d, categorical: categorical,
                                                        inverseSquares: inverseSquares)
                        let value = kernel.signal * kernel.shape(r2)
                        k[i * n + j] = value
                        k[j * n + i] = value
                    }
                }
            }
        }
        return matrix
    }

    /// log p(y | X, θ) = -½ yᵀα - ½ log det(K + noise I) - n/2 log 2π.
    var logMarginalLikelihood: Double {
        let fit = zip(targets, alpha).reduce(0.0) { $0 + $1.0 * $1.1 }
        return -0.5 * fit - 0.5 * factor.logDeterminant - 0.5 * Double(count) * log(2 * .pi)
    }

    /// The gradient of the log marginal likelihood with respect to (log ℓ_1 ... log ℓ_D,
    /// log signal, log noise): ½ tr((ααᵀ - K⁻¹) ∂K/∂θ).
    func logMarginalLikelihoodGradient() -> [Double] {
        let n = count, d = dimension
        let inverse = factor.inverse()
        var gradient = [Double](repeating: 0, count: d + 2)
        var trace = 0.0
        rows.withUnsafeBufferPointer { x in
            for i in 0..<n {
                let wii = alpha[i] * alpha[i] - inverse[i * n + i]
                trace += wii
                gradient[d] += 0.5 * wii * kernel.signal
                for j in 0..<i {
                    let w = alpha[i] * alpha[j] - inverse[i * n + j]
                    let r2 = kernel.squaredDistance(x, i * d, x, j * d, categorical: categorical, inverseSquares: inverseSquares)
                    // Both (i, j) and (j, i): the factor ½ cancels.
                    gradient[d] += w * kernel.signal * kernel.shape(r2)
                    let slope = w * kernel.signal * kernel.shapeSlope(r2) * -2
                    if slope == 0 { continue }
                    for c in 0..<d {
                        let difference = x[i * d + c] - x[j * d + c]
                        let s = categorical[c] ? (difference == 0 ? 0 : 1) : difference * difference
                        gradient[c] += slope * s * inverseSquares[c]
                    }
                }
            }
        }
        gradient[d + 1] = 0.5 * trace * kernel.noise
        return gradient
    }

    /// The posterior mean and variance of the latent function at a row of features.
    func predict(_ point: [Double]) -> (mean: Double, variance: Double) {
        var k = [Double](repeating: 0, count: count)
        rows.withUnsafeBufferPointer { x in
            point.withUnsafeBufferPointer { p in
                for i in 0..<count {
                    let r2 = kernel.squaredDistance(x, i * dimension, p, 0, categorical: categorical,
                                                    inverseSquares: inverseSquares)
                    k[i] = kernel.signal * kernel.shape(r2)
                }
            }
        }
        let mean = zip(k, alpha).reduce(0.0) { $0 + $1.0 * $1.1 }
        let v = factor.solveLower(k)
        let variance = kernel.signal - v.reduce(0.0) { $0 + $1 * $1 }
        return (mean, max(variance, 1e-12 * kernel.signal))
    }

    /// The posterior means and variances at many rows at once (`points`, m rows of features,
    /// flattened): the same values as `predict` row by row, with the triangular solve
    /// L V = K*ᵀ done for all the rows together, so its inner loop runs over contiguous memory.
    func predict(rows points: [Double]) -> [(mean: Double, variance: Double)] {
        let n = count, d = dimension, m = d == 0 ? 0 : points.count / d
        guard m > 0 else { return [] }
        // cross[i * m + c] = k(x_i, point_c), then solved in place into V = L⁻¹ K*ᵀ.
        var cross = [Double](repeating: 0, count: n * m)
        var means = [Double](repeating: 0, count: m)
        rows.withUnsafeBufferPointer { x in
            points.withUnsafeBufferPointer { p in
                cross.withUnsafeMutableBufferPointer { v in
                    for i in 0..<n {
                        for c in 0..<m {
                            let r2 = kernel.squaredDistance(x, i * d, p, c * d, categorical: categorical,
                                                            inverseSquares: inverseSquares)
                            v[i * m + c] = kernel.signal * kernel.shape(r2)
                        }
                    }
                }
            }
        }
        // Row-pointer loops over the m columns (no index arithmetic inside, so they vectorise).
        var squares = [Double](repeating: 0, count: m)
        factor.lower.withUnsafeBufferPointer { l in
            cross.withUnsafeMutableBufferPointer { buffer in
                means.withUnsafeMutableBufferPointer { mean in
                    squares.withUnsafeMutableBufferPointer { sum in
                        let v = buffer.baseAddress!, meanBase = mean.baseAddress!, sumBase = sum.baseAddress!
                        for i in 0..<n {
                            let target = v + i * m, weight = alpha[i]
                            for c in 0..<m { meanBase[c] += weight * target[c] }
                            for k in 0..<i {
                                let factorIK = l[i * n + k]
                                if factorIK == 0 { continue }
                                let source = UnsafePointer(v + k * m)
                                for c in 0..<m { target[c] -= factorIK * source[c] }
                            }
                            let diagonal = 1 / l[i * n + i]
                            for c in 0..<m {
                                target[c] *= diagonal
                                sumBase[c] += target[c] * target[c]
                            }
                        }
                    }
                }
            }
        }
        return (0..<m).map { c in (means[c], max(kernel.signal - squares[c], 1e-12 * kernel.signal)) }
    }
}
