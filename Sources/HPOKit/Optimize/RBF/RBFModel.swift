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
    /// Per feature column, the factor a coordinate is multiplied by before distances are
    /// taken (an anisotropic metric); nil for the plain Euclidean one. `centers` are stored
    /// already scaled.
    let inputScales: [Double]?
    /// The ridge the model was fitted with (0: it interpolates); rbf_noise, RBFNoise.swift.
    let smoothing: Double

    /// Fits the interpolant; nil only when even the regularised system is singular.
    /// - Parameter inputScales: per feature column, a factor applied to the coordinates
    ///   of the centres and of every point the model is evaluated at.
    /// - Parameter smoothing: added to Phi's diagonal (times its largest entry): the model then
    ///   smooths through noisy values instead of interpolating them (RBFOpt's noisy mode).
    init?(centers unscaled: [[Double]], values: [Double], kernel: Kernel, orderedColumns: [Int], inputScales: [Double]? = nil,
          smoothing: Double = 0) {
        let centers = inputScales.map { scales in unscaled.map { zip($0, scales).map(*) } } ?? unscaled
        let n = centers.count
        guard n >= 1 else { return nil }
        let columns = Self.tailColumns(n: n, orderedColumns: orderedColumns)
        var matrix = Self.systemMatrix(centers: centers, kernel: kernel, columns: columns, smoothing: smoothing)
        let m = columns.count + 1
        let size = n + m
        var factorization = DenseLU(matrix, size: size)
        var regularized = smoothing > 0
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
        self.inputScales = inputScales
        self.smoothing = smoothing
    }

    /// The linear tail's columns: the ordered ones when there are enough points for them.
    static func tailColumns(n: Int, orderedColumns: [Int]) -> [Int] {
        n >= orderedColumns.count + 2 ? orderedColumns : []
    }

    /// The row-major interpolation matrix [Phi P; P^T 0].
    static func systemMatrix(centers: [[Double]], kernel: Kernel, columns: [Int], smoothing: Double = 0) -> [Double] {
        let n = centers.count
        let size = n + columns.count + 1
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
        if smoothing > 0 {
            var largest = 0.0
            for i in 0..<n { for j in 0..<n { largest = max(largest, abs(matrix[i * size + j])) } }
            for i in 0..<n { matrix[i * size + i] += smoothing * max(largest, 1e-12) }
        }
        return matrix
    }

    /// The sum of squared leave-one-out errors of the interpolant (`leaveOneOutErrors`); nil
    /// when the system is singular.
    static func leaveOneOutError(centers: [[Double]], values: [Double], kernel: Kernel, orderedColumns: [Int], scored: Range<Int>? = nil,
                                 smoothing: Double = 0) -> Double? {
        guard let errors = leaveOneOutErrors(centers: centers, values: values, kernel: kernel, orderedColumns: orderedColumns,
                                             scored: scored, smoothing: smoothing) else { return nil }
        let total = errors.reduce(0) { $0 + $1 * $1 }
        return total.isFinite ? total : nil
    }

    /// For each point in `scored` (all by default), its value less the interpolant's
    /// prediction without it, by Rippa's (1999) closed form: c_i / (A^-1)_ii, where
    /// c = A^-1 [f; 0]. One factorisation and n solves instead of n refits; nil when the
    /// system is singular.
    static func leaveOneOutErrors(centers: [[Double]], values: [Double], kernel: Kernel, orderedColumns: [Int], scored: Range<Int>? = nil,
                                  smoothing: Double = 0) -> [Double]? {
        let n = centers.count
        let columns = tailColumns(n: n, orderedColumns: orderedColumns)
        let size = n + columns.count + 1
        let matrix = systemMatrix(centers: centers, kernel: kernel, columns: columns, smoothing: smoothing)
        guard let factorization = DenseLU(matrix, size: size)
        else { return nil }
        let coefficients = factorization.solve(values + [Double](repeating: 0, count: size - n))
        let range = scored ?? 0..<n
        var errors: [Double] = []
        errors.reserveCapacity(range.count)
        for (i, diagonal) in zip(range, factorization.inverseDiagonal(range)) {
            guard diagonal != 0 else { return nil }
            errors.append(coefficients[i] / diagonal)
        }
        return errors
    }

    func value(at unscaled: [Double]) -> Double {
        let x = inputScales.map { zip(unscaled, $0).map(*) } ?? unscaled
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
