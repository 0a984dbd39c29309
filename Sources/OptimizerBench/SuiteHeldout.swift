import Foundation

/// The held-out set (`make bench-heldout`, `OptimizerBench --suite --set heldout`): problems
/// that are not in the suite and on which no optimizer constant is tuned, so that a change
/// chosen on the suite can be checked for being general. The same definitions as
/// Scripts/heldout/problems.py, with the same arithmetic in the same order (the test
/// HeldoutProblemTests compares the values); this file has the continuous ones,
/// SuiteHeldoutModels.swift the mixed and model-tuning ones.
enum SuiteHeldout {
    static let all: [SuiteProblem] = continuous + SuiteHeldoutModels.problems

    static func named(_ name: String) -> SuiteProblem? { all.first { $0.name == name } }

    /// problems.py's offsets: per coordinate 25-85% of the half-width away from the box
    /// midpoint, on a side the LCG picks.
    static func offsets(seed: UInt64, count n: Int, lower: Double, upper: Double) -> [Double] {
        let u = SuiteMixed.lcgValues(seed: seed, count: 2 * n)
        return (0..<n).map { i in
            let middle = (lower + upper) / 2, half = (upper - lower) / 2
            let sign: Double = u[n + i] < 0.5 ? 1 : -1
            return middle + sign * half * (0.25 + 0.6 * u[i])
        }
    }

    /// An orthonormal n x n matrix: Gram-Schmidt on the rows of an LCG matrix in [-1, 1].
    static func rotation(seed: UInt64, count n: Int) -> [[Double]] {
        let u = SuiteMixed.lcgValues(seed: seed, count: n * n)
        var rows: [[Double]] = []
        for i in 0..<n {
            var v = (0..<n).map { 2 * u[i * n + $0] - 1 }
            for r in rows {
                var d = 0.0
                for j in 0..<n { d += v[j] * r[j] }
                for j in 0..<n { v[j] -= d * r[j] }
            }
            var norm = 0.0
            for j in 0..<n { norm += v[j] * v[j] }
            norm = norm.squareRoot()
            rows.append(v.map { $0 / norm })
        }
        return rows
    }

    static func levy(_ s: [Double]) -> @Sendable ([Double]) -> Double {
        { x in
            let n = x.count
            let w = (0..<n).map { 1 + (x[$0] - s[$0]) / 4 }
            var total = pow(sin(.pi * w[0]), 2)
            for i in 0..<(n - 1) { total += pow(w[i] - 1, 2) * (1 + 10 * pow(sin(.pi * w[i] + 1), 2)) }
            return total + pow(w[n - 1] - 1, 2) * (1 + pow(sin(2 * .pi * w[n - 1]), 2))
        }
    }

    static func griewank(_ s: [Double]) -> @Sendable ([Double]) -> Double {
        { x in
            var total = 0.0, product = 1.0
            for i in x.indices {
                let z = x[i] - s[i]
                total += z * z / 4000
                product *= cos(z / Double(i + 1).squareRoot())
            }
            return 1 + total - product
        }
    }

    static func michalewicz(_ x: [Double]) -> Double {
        var total = 0.0
        for i in x.indices { total -= sin(x[i]) * pow(sin(Double(i + 1) * x[i] * x[i] / .pi), 20) }
        return total
    }

    static let styblinskiT = -2.903534027771178

    static func styblinskiTang(_ s: [Double]) -> @Sendable ([Double]) -> Double {
        { x in
            var total = 0.0
            for i in x.indices {
                let z = x[i] - s[i]
                total += pow(z, 4) - 16 * z * z + 5 * z
            }
            return total / 2
        }
    }

    static func zakharov(_ s: [Double]) -> @Sendable ([Double]) -> Double {
        { x in
            var a = 0.0, b = 0.0
            for i in x.indices {
                let z = x[i] - s[i]
                a += z * z
                b += 0.5 * Double(i + 1) * z
            }
            return a + b * b + pow(b, 4)
        }
    }

    static func dixonPrice(_ x: [Double]) -> Double {
        var total = pow(x[0] - 1, 2)
        for i in 1..<x.count { total += Double(i + 1) * pow(2 * x[i] * x[i] - x[i - 1], 2) }
        return total
    }

    static func powell(_ s: [Double]) -> @Sendable ([Double]) -> Double {
        { x in
            let z = x.indices.map { x[$0] - s[$0] }
            var total = 0.0
            for k in stride(from: 0, to: z.count, by: 4) {
                let a = z[k], b = z[k + 1], c = z[k + 2], d = z[k + 3]
                total += pow(a + 10 * b, 2) + 5 * pow(c - d, 2) + pow(b - 2 * c, 4) + 10 * pow(a - d, 4)
            }
            return total
        }
    }

    static func trid(_ x: [Double]) -> Double {
        var total = 0.0
        for i in x.indices {
            total += pow(x[i] - 1, 2)
            if i > 0 { total -= x[i] * x[i - 1] }
        }
        return total
    }

    static func alpine(_ s: [Double]) -> @Sendable ([Double]) -> Double {
        { x in
            var total = 0.0
            for i in x.indices {
                let z = x[i] - s[i]
                total += abs(z * sin(z) + 0.1 * z)
            }
            return total
        }
    }

    static func bukin6(_ x: [Double]) -> Double {
        100 * abs(x[1] - 0.01 * x[0] * x[0]).squareRoot() + 0.01 * abs(x[0] + 10)
    }

    static func eggholder(_ x: [Double]) -> Double {
        let a = x[0], b = x[1]
        return -(b + 47) * sin(abs(b + a / 2 + 47).squareRoot()) - a * sin(abs(a - (b + 47)).squareRoot())
    }

    static func holderTable(_ x: [Double]) -> Double {
        let a = x[0], b = x[1]
        return -abs(sin(a) * cos(b) * exp(abs(1 - (a * a + b * b).squareRoot() / .pi)))
    }

    static func sharpRidge(_ s: [Double], _ r: [[Double]]) -> @Sendable ([Double]) -> Double {
        { x in
            let n = x.count
            let d = (0..<n).map { x[$0] - s[$0] }
            let z = (0..<n).map { i in
                var v = 0.0
                for j in 0..<n { v += r[i][j] * d[j] }
                return v
            }
            var rest = 0.0
            for i in 1..<n { rest += z[i] * z[i] }
            return z[0] * z[0] + 100 * rest.squareRoot()
        }
    }

    /// problems.py's `add`: f* is the value at the minimiser unless given.
    static func problem(_ name: String, _ lower: [Double], _ upper: [Double], _ kinds: String, minimiser: [Double],
                        minimum: Double? = nil, family: String = "continuous",
                        _ f: @escaping @Sendable ([Double]) -> Double) -> SuiteProblem {
        SuiteProblem(name, family: family, lower: lower, upper: upper, kinds: kinds, minimum: minimum ?? f(minimiser),
                     minimiser: minimiser, f)
    }

    static func box(_ n: Int, _ value: Double) -> [Double] { Array(repeating: value, count: n) }

    static let continuous: [SuiteProblem] = {
        var list: [SuiteProblem] = []
        var s = offsets(seed: 101, count: 5, lower: -10, upper: 10)
        list.append(problem("levy5", box(5, -10), box(5, 10), "RRRRR", minimiser: s, minimum: 0, levy(s)))
        s = offsets(seed: 102, count: 8, lower: -50, upper: 50)
        list.append(problem("griewank8", box(8, -50), box(8, 50), "RRRRRRRR", minimiser: s, griewank(s)))
        list.append(problem("michalewicz5", box(5, 0.3), box(5, .pi), "RRRRR", minimiser: SuiteHeldoutModels.found["michalewicz5"]!,
                            michalewicz))
        let t = offsets(seed: 103, count: 7, lower: -0.8, upper: 0.8).map { styblinskiT + $0 }
        list.append(problem("styblinski_tang7", box(7, -5), box(7, 5), "RRRRRRR", minimiser: t,
                            styblinskiTang(t.map { $0 - styblinskiT })))
        s = offsets(seed: 104, count: 6, lower: -5, upper: 10)
        list.append(problem("zakharov6", box(6, -5), box(6, 10), "RRRRRR", minimiser: s, zakharov(s)))
        list.append(problem("dixon_price5", box(5, -10), box(5, 10), "RRRRR",
                            minimiser: (1...5).map { i in pow(2, Double(-((1 << i) - 2)) / Double(1 << i)) }, minimum: 0, dixonPrice))
        s = offsets(seed: 105, count: 8, lower: -4, upper: 5)
        list.append(problem("powell8", box(8, -4), box(8, 5), "RRRRRRRR", minimiser: s, powell(s)))
        list.append(problem("trid6", box(6, -36), box(6, 36), "RRRRRR", minimiser: (1...6).map { Double($0 * (7 - $0)) }, trid))
        s = offsets(seed: 106, count: 10, lower: -10, upper: 10)
        list.append(problem("alpine10", box(10, -10), box(10, 10), String(repeating: "R", count: 10), minimiser: s, alpine(s)))
        list.append(problem("bukin6", [-15, -3], [-5, 3], "RR", minimiser: [-10, 1], bukin6))
        list.append(problem("eggholder", [-512, -512], [512, 512], "RR", minimiser: SuiteHeldoutModels.found["eggholder"]!, eggholder))
        list.append(problem("holder_table", [-10, -10], [10, 10], "RR", minimiser: SuiteHeldoutModels.found["holder_table"]!,
                            holderTable))
        s = offsets(seed: 107, count: 5, lower: -5, upper: 5)
        list.append(problem("sharp_ridge5", box(5, -5), box(5, 5), "RRRRR", minimiser: s, sharpRidge(s, rotation(seed: 108, count: 5))))
        return list
    }()
}
