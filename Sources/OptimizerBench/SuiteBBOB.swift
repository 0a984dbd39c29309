import Foundation

/// BBOB-style functions in 2, 5 and 10 D, shifted so that no optimum sits at the box
/// midpoint (sphere, ellipsoid, Rastrigin, Rosenbrock, step ellipsoid on [-5, 5]^n;
/// Schwefel 2.26 on [-500, 500]^n, whose optimum is off the midpoint already), and a shifted
/// 5-D Ackley; the same as Scripts/suite/problems.py.
enum SuiteBBOB {
    /// The optimum of a shifted function: off the midpoint in every coordinate, inside the box.
    static func shift(family: Int, count: Int, bound: Double) -> [Double] {
        (0..<count).map { i in
            bound * (0.3 + 0.5 * abs(sin(1.7 * Double(i + 1) + 0.9 * Double(family)))) * ((i + family) % 2 == 0 ? 1 : -1)
        }
    }

    static func sphere(_ z: [Double]) -> Double { z.reduce(0) { $0 + $1 * $1 } }

    static func ellipsoid(_ z: [Double]) -> Double {
        let n = Double(z.count - 1)
        return z.indices.reduce(0) { $0 + pow(10, 6 * Double($1) / n) * z[$1] * z[$1] }
    }

    static func rastrigin(_ z: [Double]) -> Double {
        10 * Double(z.count) + z.reduce(0) { $0 + ($1 * $1 - 10 * cos(2 * .pi * $1)) }
    }

    /// Minimum at z = 0: the chained Rosenbrock of z + 1.
    static func rosenbrock(_ z: [Double]) -> Double {
        let y = z.map { $0 + 1 }
        var total = 0.0
        for i in 0..<(y.count - 1) {
            let valley: Double = y[i + 1] - y[i] * y[i]
            total += 100 * valley * valley + (1 - y[i]) * (1 - y[i])
        }
        return total
    }

    static func stepEllipsoid(_ z: [Double]) -> Double {
        let n = Double(z.count - 1)
        return z.indices.reduce(0) { $0 + pow(10, 2 * Double($1) / n) * pow((z[$1] + 0.5).rounded(.down), 2) }
    }

    static let schwefelOptimum = 420.9687462275036

    static func schwefel(_ x: [Double]) -> Double {
        418.9828872724338 * Double(x.count) - x.reduce(0) { $0 + $1 * sin(abs($1).squareRoot()) }
    }

    static func ackley(_ z: [Double]) -> Double {
        let n = Double(z.count)
        let first = -20 * exp(-0.2 * (z.reduce(0) { $0 + $1 * $1 } / n).squareRoot())
        return first - exp(z.reduce(0) { $0 + cos(2 * .pi * $1) } / n) + 20 + M_E
    }

    static func shifted(_ name: String, family: Int, count: Int, bound: Double, shiftBound: Double,
                        _ core: @escaping @Sendable ([Double]) -> Double) -> SuiteProblem {
        let s = shift(family: family, count: count, bound: shiftBound)
        return SuiteProblem(name, family: "bbob", lower: Array(repeating: -bound, count: count),
                            upper: Array(repeating: bound, count: count), kinds: String(repeating: "R", count: count),
                            minimum: 0, minimiser: s) { x in core(zip(x, s).map { $0 - $1 }) }
    }

    static let problems: [SuiteProblem] = {
        var out: [SuiteProblem] = []
        let cores: [(String, @Sendable ([Double]) -> Double)] = [
            ("sphere", sphere), ("ellipsoid", ellipsoid), ("rastrigin", rastrigin), ("rosenbrock", rosenbrock),
            ("step_ellipsoid", stepEllipsoid),
        ]
        for (family, (label, core)) in cores.enumerated() {
            for n in [2, 5, 10] {
                out.append(shifted("\(label)\(n)", family: family, count: n, bound: 5, shiftBound: 3.5, core))
            }
        }
        for n in [2, 5, 10] {
            let optimum = Array(repeating: schwefelOptimum, count: n)
            out.append(SuiteProblem("schwefel\(n)", family: "bbob", lower: Array(repeating: -500, count: n),
                                    upper: Array(repeating: 500, count: n), kinds: String(repeating: "R", count: n),
                                    minimum: schwefel(optimum), minimiser: optimum, schwefel))
        }
        out.append(shifted("ackley5", family: 7, count: 5, bound: 5, shiftBound: 3, ackley))
        return out
    }()
}
