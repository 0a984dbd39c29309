import Foundation

/// A quadratic model from fewer points than a full one needs: it interpolates the points
/// and, among the quadratics that do, has the smallest coupling between coordinates (the
/// Frobenius norm of its Hessian's off-diagonal part), in the manner of Powell's NEWUOA,
/// which takes the interpolant of least Hessian norm from 2m+1 points.
///
/// NEWUOA penalises the whole Hessian (then its change between iterations, state this
/// stateless optimizer does not keep); this model penalises only the coupling, so the
/// constant, gradient and diagonal curvature (2m+1 terms) are what the points determine
/// and a quadratic without coupling is recovered exactly from 2m+1 points, whatever its
/// conditioning. A coupled quadratic is approximated, better as points accumulate, and
/// equals the full least-squares fit's once there are as many points as terms.
///
/// The fit is the saddle-point system of an interpolation with an unpenalised part:
///
///     [A + dI  P] [c]   [f]
///     [P'      0] [b] = [0]
///
/// with P the rows (1, z, z_i^2) of the points, A = K K' for K the rows of coupling
/// products z_i z_j (i < j), so A_kl = ((z_k.z_l)^2 - sum_i z_ki^2 z_li^2) / 2, and the
/// coupling coefficients K'c. A tiny ridge d keeps it solvable when the points determine
/// the coupling (then the fit is least squares), and its leave-one-out errors come in
/// closed form (Rippa): e_k = (M^-1 [f; 0])_k / (M^-1)_kk.
struct MinimumNormQuadratic {
    /// Gradient of the model at z = 0.
    let gradient: [Double]
    /// Hessian, row-major m x m.
    let hessian: [Double]
    /// The share of the values' variance the leave-one-out predictions explain; nil with
    /// exactly 2m+1 points (a fit without one of them is not determined).
    let leaveOneOutFit: Double?

    /// Fits the model to `offsets` (each of the same length m >= 2) and `values`; nil when
    /// the points are fewer than 2m+1 or the system is singular.
    init?(offsets: [[Double]], values: [Double]) {
        let p = offsets.count
        guard p == values.count, let m = offsets.first?.count, m >= 2, p >= 2 * m + 1 else { return nil }
        let q = 2 * m + 1
        let size = p + q
        var matrix = [Double](repeating: 0, count: size * size)
        var trace = 0.0
        for k in 0..<p {
            for l in k..<p {
                var dot = 0.0
                var squares = 0.0
                for i in 0..<m {
                    let product = offsets[k][i] * offsets[l][i]
                    dot += product
                    squares += product * product
                }
                let entry = 0.5 * (dot * dot - squares)
                matrix[k * size + l] = entry
                matrix[l * size + k] = entry
            }
            trace += matrix[k * size + k]
            let row = Self.unpenalisedRow(offsets[k])
            for j in 0..<q {
                matrix[k * size + p + j] = row[j]
                matrix[(p + j) * size + k] = row[j]
            }
        }
        let ridge = max(1e-10 * trace / Double(p), 1e-14)
        for k in 0..<p { matrix[k * size + k] += ridge }
        guard let factorization = DenseLU(matrix, size: size) else { return nil }
        let solution = factorization.solve(values + [Double](repeating: 0, count: q))
        guard solution.allSatisfy(\.isFinite) else { return nil }

        // Gradient and diagonal from the unpenalised part; coupling from K'c.
        let b = Array(solution[p...])
        gradient = Array(b[1...m])
        var hessian = [Double](repeating: 0, count: m * m)
        for i in 0..<m { hessian[i * m + i] = 2 * b[1 + m + i] }
        for k in 0..<p where solution[k] != 0 {
            let z = offsets[k]
            for i in 0..<m {
                for j in (i + 1)..<m {
                    let coupling = solution[k] * z[i] * z[j]
                    hessian[i * m + j] += coupling
                    hessian[j * m + i] += coupling
                }
            }
        }
        self.hessian = hessian

        // Leave-one-out errors (Rippa): needs every fit without one point determined.
        guard p >= q + 1 else {
            leaveOneOutFit = nil
            return
        }
        let mean = values.reduce(0, +) / Double(p)
        var spread = 0.0
        var errors = 0.0
        var unit = [Double](repeating: 0, count: size)
        for k in 0..<p {
            unit[k] = 1
            let column = factorization.solve(unit)
            unit[k] = 0
            guard column[k] != 0 else { return nil }
            let error = solution[k] / column[k]
            errors += error * error
            spread += (values[k] - mean) * (values[k] - mean)
        }
        guard spread > 0, errors.isFinite else { return nil }
        leaveOneOutFit = 1 - errors / spread
    }

    /// 1, z_1..z_m, z_1^2..z_m^2.
    static func unpenalisedRow(_ z: [Double]) -> [Double] {
        [1] + z + z.map { $0 * $0 }
    }

    /// The model's value at `z` less its constant: g.z + z'Hz/2.
    func change(at z: [Double]) -> Double {
        let m = z.count
        var total = 0.0
        for i in 0..<m {
            total += gradient[i] * z[i]
            for j in 0..<m { total += 0.5 * z[i] * hessian[i * m + j] * z[j] }
        }
        return total
    }
}
