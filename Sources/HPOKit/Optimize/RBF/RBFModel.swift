import Foundation

/// A radial basis function interpolant with a polynomial tail (Powell; Gutmann 2001):
///
///     s(x) = sum_i lambda_i phi(|x - x_i|) + c_0 + sum_j c_j x_j
///
/// fitted exactly through the data by solving [Phi P; P^T 0] [lambda; c] = [f; 0]. The
/// linear terms use only the ordered feature columns (one-hot categories would make P
/// rank-deficient); with too few points for them, the tail is the constant alone.
struct RBFModel {
    typealias Kernel = RBFKernel

    let kernel: Kernel
    let centers: [[Double]]
    let tailColumns: [Int]
    let lambdas: [Double]
    let tail: [Double]
    /// Set when the plain system was singular and a small ridge term was needed.
    let regularized: Bool

    /// Fits the interpolant; nil only when even the regularised system is singular.
    init?(centers: [[Double]], values: [Double], kernel: Kernel, orderedColumns: [Int]) {
        let n = centers.count
        guard n >= 1 else { return nil }
        let columns = n >= orderedColumns.count + 2 ? orderedColumns : []
        let m = columns.count + 1
        let size = n + m
        var matrix = [Double](repeating: 0, count: size * size)
        for i in 0..<n {
            for j in 0..<i {
                let value = kernel(squaredDistance(centers[i], centers[j]).squareRoot())
                matrix[i * size + j] = value
                matrix[j * size + i] = value
            }
            matrix[i * size + n] = 1
            matrix[n * size + i] = 1
            for (k, column) in columns.enumerated() {
                matrix[i * size + n + 1 + k] = centers[i][column]
                matrix[(n + 1 + k) * size + i] = centers[i][column]
            }
        }
        var factorization = DenseLU(matrix, size: size)
        var regularized = false
        if factorization == nil {
            // Points on one line, or two points nearly equal: a ridge keeps it solvable
            // (the surrogate then smooths instead of interpolating exactly).
            let ridge = 1e-8 * max(1, matrix.lazy.map(abs).max() ?? 1)
            for i in 0..<n { matrix[i * size + i] += ridge }
            factorization = DenseLU(matrix, size: size)
            regularized = true
        }
        guard let factorization else { return nil }
        let solution = factorization.solve(values + [Double](repeating: 0, count: m))
        guard solution.allSatisfy(\.isFinite) else { return nil }
        self.kernel = kernel
        self.centers = centers
        tailColumns = columns
        lambdas = Array(solution[0..<n])
        tail = Array(solution[n...])
        self.regularized = regularized
    }

    func value(at x: [Double]) -> Double {
        var sum = tail[0]
        for (k, column) in tailColumns.enumerated() { sum += tail[k + 1] * x[column] }
        for (index, center) in centers.enumerated() {
            sum += lambdas[index] * kernel(squaredDistance(x, center).squareRoot())
        }
        return sum
    }
}

/// The radial function of the RBF surrogate.
public enum RBFKernel: Sendable, Hashable, CaseIterable {
    /// phi(r) = r^3, conditionally positive definite of order 2.
    case cubic
    /// phi(r) = r^2 log r.
    case thinPlateSpline

    func callAsFunction(_ r: Double) -> Double {
        switch self {
        case .cubic: r * r * r
        case .thinPlateSpline: r > 0 ? r * r * log(r) : 0
        }
    }
}
