import Foundation

/// A dense Cholesky factorisation A = L Lᵀ of a symmetric positive-definite matrix (the
/// Gaussian process's kernel matrices), row-major. A matrix that is positive definite only
/// in exact arithmetic gets jitter on its diagonal: 1e-10 times its mean diagonal, ten
/// times more on each failure, up to six tries (scikit-learn and GPyTorch do the same).
struct Cholesky {
    let size: Int
    /// L, row-major, zero above the diagonal.
    private(set) var lower: [Double]
    /// The jitter that was added to the diagonal (0 when none was needed).
    private(set) var jitter: Double = 0

    init?(_ matrix: [Double], size: Int) {
        precondition(matrix.count == size * size)
        self.size = size
        lower = []
        guard matrix.allSatisfy(\.isFinite) else { return nil }
        let meanDiagonal = size == 0 ? 1 : (0..<size).reduce(0.0) { $0 + matrix[$1 * size + $1] } / Double(size)
        var added = 0.0
        for attempt in 0..<7 {
            if let factor = Self.factor(matrix, size: size, jitter: added) {
                lower = factor
                jitter = added
                return
            }
            added = abs(meanDiagonal) * 1e-10 * pow(10, Double(attempt))
        }
        return nil
    }

    private static func factor(_ matrix: [Double], size n: Int, jitter: Double) -> [Double]? {
        var l = [Double](repeating: 0, count: n * n)
        let ok = l.withUnsafeMutableBufferPointer { l -> Bool in
            matrix.withUnsafeBufferPointer { a in
                for j in 0..<n {
                    var diagonal = a[j * n + j] + jitter
                    let rowJ = j * n
                    for k in 0..<j { diagonal -= l[rowJ + k] * l[rowJ + k] }
                    guard diagonal > 0, diagonal.isFinite else { return false }
                    let root = diagonal.squareRoot()
                    l[rowJ + j] = root
                    for i in (j + 1)..<max(j + 1, n) {
                        let rowI = i * n
                        var sum = a[rowI + j]
                        for k in 0..<j { sum -= l[rowI + k] * l[rowJ + k] }
                        l[rowI + j] = sum / root
                    }
                }
                return true
            }
        }
        return ok ? l : nil
    }

    /// log det A = 2 Σ log Lᵢᵢ.
    var logDeterminant: Double {
        (0..<size).reduce(0.0) { $0 + 2 * log(lower[$1 * size + $1]) }
    }

    /// y with L y = b.
    func solveLower(_ b: [Double]) -> [Double] {
        var y = b
        lower.withUnsafeBufferPointer { l in
            for i in 0..<size {
                var sum = y[i]
                let row = i * size
                for k in 0..<i { sum -= l[row + k] * y[k] }
                y[i] = sum / l[row + i]
            }
        }
        return y
    }

    /// x with Lᵀ x = y.
    func solveUpper(_ y: [Double]) -> [Double] {
        var x = y
        lower.withUnsafeBufferPointer { l in
            for i in stride(from: size - 1, through: 0, by: -1) {
                var sum = x[i]
                for k in (i + 1)..<max(i + 1, size) { sum -= l[k * size + i] * x[k] }
                x[i] = sum / l[i * size + i]
            }
        }
        return x
    }

    /// x with A x = b.
    func solve(_ b: [Double]) -> [Double] { solveUpper(solveLower(b)) }

    /// A⁻¹, row-major (for the gradient of the marginal likelihood).
    func inverse() -> [Double] {
        let n = size
        // L⁻¹ by forward substitution, column by column, then A⁻¹ = L⁻ᵀ L⁻¹.
        var inverseL = [Double](repeating: 0, count: n * n)
        lower.withUnsafeBufferPointer { l in
            inverseL.withUnsafeMutableBufferPointer { m in
                for j in 0..<n {
                    m[j * n + j] = 1 / l[j * n + j]
                    for i in (j + 1)..<max(j + 1, n) {
                        var sum = 0.0
                        for k in j..<i { sum -= l[i * n + k] * m[k * n + j] }
                        m[i * n + j] = sum / l[i * n + i]
                    }
                }
            }
        }
        var result = [Double](repeating: 0, count: n * n)
        inverseL.withUnsafeBufferPointer { m in
            result.withUnsafeMutableBufferPointer { r in
                for i in 0..<n {
                    for j in 0...i {
                        var sum = 0.0
                        for k in i..<n { sum += m[k * n + i] * m[k * n + j] }
                        r[i * n + j] = sum
                        r[j * n + i] = sum
                    }
                }
            }
        }
        return result
    }
}
