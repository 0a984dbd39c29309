import Foundation

/// The held-out set's mixed problems (a coupled integer quadratic, a deceptive integer trap,
/// two interacting categories) and its model-tuning response surfaces (ridge cross-validation
/// error on a fixed synthetic data set, a network-like and a boosting-like validation error);
/// the same arithmetic as Scripts/heldout/problems.py.
enum SuiteHeldoutModels {
    /// Minimisers found by Scripts/heldout/find-minima.py (problems.py's FOUND).
    static let found: [String: [Double]] = [
        "michalewicz5": [2.20290552017092, 1.5707963267978462, 1.2849915705439787, 1.9230584698587243, 1.720469772561898],
        "eggholder": [512.0, 404.23180516924447],
        "holder_table": [8.055023481582236, -9.664590019132069],
        "ridge_cv": [-1.1453459384454634, 3.0, 0.0],
        "mlp_surface": [-3.3431674378460015, -3.492468184380003, 7.0, 5.0, 3.0, 0.3007029018499127],
        "gbm_surface": [-0.8937871137369409, 20.0, 6.0, 2.0, 0.7742987425978034, 0.0],
    ]

    static let coupledCentre: [Double] = [13, 4, 9, 16, 7, 11]

    /// A = L L^T / n + 0.05 I with L from the LCG in [-1, 1].
    static let coupled: [[Double]] = {
        let n = 6
        let u = SuiteMixed.lcgValues(seed: 31, count: n * n)
        let low = (0..<n).map { i in (0..<n).map { j in 2 * u[i * n + j] - 1 } }
        return (0..<n).map { i in
            (0..<n).map { j in
                var v = 0.0
                for k in 0..<n { v += low[i][k] * low[j][k] }
                return v / Double(n) + (i == j ? 0.05 : 0.0)
            }
        }
    }()

    static func intCoupled(_ x: [Double]) -> Double {
        let d = (0..<6).map { x[$0] - coupledCentre[$0] }
        var total = 0.0
        for i in 0..<6 { for j in 0..<6 { total += d[i] * coupled[i][j] * d[j] } }
        return total
    }

    static let trapTargets = [1, 3, 2, 4, 0, 3]

    /// A block of three costs 0 at its target, otherwise 1.3 - 0.1 x its L1 distance.
    static func intTrap(_ x: [Double]) -> Double {
        var total = 0.0
        for block in 0..<2 {
            var u = 0
            for j in (3 * block)..<(3 * block + 3) { u += abs(Int(x[j]) - trapTargets[j]) }
            total += u == 0 ? 0.0 : 1.3 - 0.1 * Double(u)
        }
        return total
    }

    static let catBase: [[Double]] = [[0.9, 0.4, 1.1], [0.5, 0.8, 0.0], [0.2, 1.0, 0.7], [1.2, 0.3, 0.6]]
    static let catT2: [Double] = [3, 9, 6, 11]
    static let catT3: [Double] = [2, 7, 5]
    static let catC4 = [0.15, 0.8, 0.45]
    static let catC5 = [-1.1, 0.6, 1.4, -0.3]
    static let catScale = [1.0, 4.0, 0.5, 2.0]

    static func catInteract(_ x: [Double]) -> Double {
        let a = Int(x[0]), b = Int(x[1])
        let p = x[4] - catC4[b], q = x[5] - catC5[a]
        let bowl = catScale[a] * (p * p + 0.3 * q * q + 0.4 * p * q)
        return catBase[a][b] + 0.04 * pow(x[2] - catT2[a], 2) + 0.03 * pow(x[3] - catT3[b], 2) + bowl
    }

    /// 48 rows of 4 features in [-1, 1] and a target with curvature, an interaction and noise.
    static let ridgeData: (x: [[Double]], y: [Double]) = {
        let u = SuiteMixed.lcgValues(seed: 41, count: 48 * 5)
        var xs: [[Double]] = [], ys: [Double] = []
        for r in 0..<48 {
            let f = (0..<4).map { 2 * u[r * 5 + $0] - 1 }
            let noise = u[r * 5 + 4] - 0.5
            xs.append(f)
            ys.append(1.5 * f[0] - 2 * f[1] * f[1] + 0.8 * f[0] * f[2] + sin(2 * f[3]) + 1.6 * noise)
        }
        return (xs, ys)
    }()

    static func ridgeFeatures(_ f: [Double], degree: Int, pairs: Bool) -> [Double] {
        var row = [1.0]
        for j in 0..<4 {
            var p = 1.0
            for _ in 0..<degree {
                p *= f[j]
                row.append(p)
            }
        }
        if pairs { for i in 0..<4 { for j in (i + 1)..<4 { row.append(f[i] * f[j]) } } }
        return row
    }

    /// Gaussian elimination with partial pivoting.
    static func solve(_ a: [[Double]], _ b: [Double]) -> [Double] {
        var a = a, b = b
        let n = b.count
        for c in 0..<n {
            var pivot = c
            for r in (c + 1)..<n where abs(a[r][c]) > abs(a[pivot][c]) { pivot = r }
            a.swapAt(c, pivot)
            b.swapAt(c, pivot)
            for r in (c + 1)..<n {
                let m = a[r][c] / a[c][c]
                for k in c..<n { a[r][k] -= m * a[c][k] }
                b[r] -= m * b[c]
            }
        }
        var w = Array(repeating: 0.0, count: n)
        for c in stride(from: n - 1, through: 0, by: -1) {
            var s = b[c]
            for k in (c + 1)..<n { s -= a[c][k] * w[k] }
            w[c] = s / a[c][c]
        }
        return w
    }

    /// 4-fold cross-validated RMSE of ridge regression (log10 alpha, degree, pairwise products).
    static func ridgeCV(_ x: [Double]) -> Double {
        let alpha = pow(10, x[0]), degree = Int(x[1]), pairs = Int(x[2]) == 1
        let (xs, ys) = ridgeData
        let rows = xs.map { ridgeFeatures($0, degree: degree, pairs: pairs) }
        let m = rows[0].count
        var squared = 0.0
        for fold in 0..<4 {
            var a = Array(repeating: Array(repeating: 0.0, count: m), count: m)
            var b = Array(repeating: 0.0, count: m)
            for r in 0..<48 where r % 4 != fold {
                let row = rows[r]
                for i in 0..<m {
                    b[i] += row[i] * ys[r]
                    for j in 0..<m { a[i][j] += row[i] * row[j] }
                }
            }
            for i in 1..<m { a[i][i] += alpha }
            let w = solve(a, b)
            for r in stride(from: fold, to: 48, by: 4) {
                var p = 0.0
                for i in 0..<m { p += w[i] * rows[r][i] }
                squared += pow(p - ys[r], 2)
            }
        }
        return (squared / 48).squareRoot()
    }

    static func sigmoid(_ t: Double) -> Double { 1 / (1 + exp(-t)) }

    static let mlpLR = [-1.3, -1.9, -3.1, -3.0]
    static let mlpBase = [0.09, 0.06, 0.045, 0.04]

    /// log10 lr, log10 weight decay, log2 width, depth, optimizer (sgd, momentum, adam, adamw), dropout.
    static func mlpSurface(_ x: [Double]) -> Double {
        let lr = x[0], wd = x[1], width = x[2], depth = x[3], kind = Int(x[4]), dropout = x[5]
        let best = mlpLR[kind] - 0.15 * (depth - 3)
        let d = lr - best
        var err = mlpBase[kind] + (d < 0 ? 0.02 : 0.06) * d * d + 0.5 * sigmoid(6 * (d - 1.2))
        let capacity = width + 0.8 * depth
        err += 0.004 * pow(capacity - 11.5, 2)
        let effective = wd + (kind == 3 ? 1.0 : 0.0)
        let regular = sigmoid(2 * (effective + 4)) + 2 * dropout
        err += 0.012 * max(0.0, capacity - 9) * exp(-regular)
        err += 0.03 * pow(max(0.0, effective + 2.5), 2) + 0.1 * pow(max(0.0, dropout - 0.05 * depth), 2)
        return err
    }

    static let gbmBase = [0.0, 0.012, 0.02]

    /// log10 lr, trees / 50, depth, log2 min child weight, subsample, booster (gbtree, dart, goss).
    static func gbmSurface(_ x: [Double]) -> Double {
        let lr = x[0], trees = x[1] * 50, depth = x[2], child = x[3], sub = x[4], kind = Int(x[5])
        let steps = pow(10, lr) * trees * (1 + 0.15 * depth)
        let fit = 0.35 * exp(-steps / Double(40 + 8 * kind))
        let complexity = depth * (1 - 0.11 * child) * (0.6 + 0.4 * sub)
        let bias = 0.006 * pow(max(0.0, 5 - complexity), 2)
        let over = 0.0015 * pow(max(0.0, complexity - 2.5), 2) * log(1 + steps / 80)
        let noise = 0.06 * pow(sub - 0.75, 2) + 0.12 * pow(max(0.0, 0.6 - sub), 2) + 0.004 * pow(abs(lr + 1.2), 1.5)
        return 0.2 + gbmBase[kind] + fit + bias + over + noise + 0.002 * pow(child - 2, 2)
    }

    static let problems: [SuiteProblem] = [
        SuiteHeldout.problem("int_coupled6", SuiteHeldout.box(6, 0), SuiteHeldout.box(6, 20), "IIIIII", minimiser: coupledCentre,
                             family: "mixed", intCoupled),
        SuiteHeldout.problem("int_trap6", SuiteHeldout.box(6, 0), SuiteHeldout.box(6, 4), "IIIIII",
                             minimiser: trapTargets.map(Double.init), family: "mixed", intTrap),
        SuiteHeldout.problem("cat_interact", [0, 0, 1, 0, 0, -2], [3, 2, 12, 8, 1, 2], "CCIIRR",
                             minimiser: [1, 2, catT2[1], catT3[2], catC4[2], catC5[1]], family: "mixed", catInteract),
        SuiteHeldout.problem("ridge_cv", [-6, 1, 0], [2, 4, 1], "RIC", minimiser: found["ridge_cv"]!, family: "model", ridgeCV),
        SuiteHeldout.problem("mlp_surface", [-5, -7, 4, 1, 0, 0], [-0.5, -1, 10, 6, 3, 0.6], "RRIICR",
                             minimiser: found["mlp_surface"]!, family: "model", mlpSurface),
        SuiteHeldout.problem("gbm_surface", [-3, 1, 2, 0, 0.4, 0], [0, 20, 10, 5, 1, 2], "RIIIRC",
                             minimiser: found["gbm_surface"]!, family: "model", gbmSurface),
    ]
}
