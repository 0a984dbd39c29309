import Foundation

/// Problems of our own: Schoen-style functions with several narrow basins (centres from a
/// fixed 64-bit LCG, so Swift and Python generate the same ones) and mixed problems with
/// integer and categorical variables; the same as Scripts/suite/problems.py.
enum SuiteMixed {
    /// `count` numbers in [0, 1) from a 64-bit LCG (Knuth's MMIX constants), top 53 bits.
    static func lcgValues(seed: UInt64, count: Int) -> [Double] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(UInt64(1) << 53)
        }
    }

    /// sum_i f_i prod_{j != i} |x - z_j|^2 / sum_i prod_{j != i} |x - z_j|^2 (Schoen 1993):
    /// value f_i at centre z_i, a basin around each, f* = 0 at z_0.
    static func basins(_ name: String, seed: UInt64, count n: Int, centres k: Int) -> SuiteProblem {
        let u = lcgValues(seed: seed, count: k * n + k)
        let centres = (0..<k).map { i in (0..<n).map { j in 0.05 + 0.9 * u[i * n + j] } }
        let values = [0.0] + (1..<k).map { 1 + 9 * u[k * n + $0] }
        return SuiteProblem(name, family: "basins", lower: Array(repeating: 0, count: n), upper: Array(repeating: 1, count: n),
                            kinds: String(repeating: "R", count: n), minimum: 0, minimiser: centres[0]) { x in
            let d = centres.map { c in (0..<n).reduce(0.0) { $0 + pow(x[$1] - c[$1], 2) } }
            var numerator = 0.0, denominator = 0.0
            for i in 0..<k {
                var product = 1.0
                for j in 0..<k where j != i { product *= d[j] }
                numerator += values[i] * product
                denominator += product
            }
            return denominator > 0 ? numerator / denominator : values[d.firstIndex(of: d.min()!)!]
        }
    }

    static let intRastriginShift = [2.0, -3, 1, 1.3, -2.2]
    static let catBowlCentres: [[Double]] = [[1.2, -0.8, 0.5], [-0.6, 1.1, -1.3], [0.3, 0.9, 1.4]]

    static let problems: [SuiteProblem] = [
        basins("basins4a", seed: 11, count: 4, centres: 12),
        basins("basins4b", seed: 12, count: 4, centres: 20),
        basins("basins6", seed: 13, count: 6, centres: 24),
        // A bowl in two continuous coordinates, an integer (optimum 7), a category of 4.
        SuiteProblem("mixed", family: "mixed", lower: [0, 0, 0, 0], upper: [1, 1, 9, 3], kinds: "RRIC", minimum: 0,
                     minimiser: [0.3, 0.7, 7, 2]) { x in
            let a = x[0] - 0.3, b = x[1] - 0.7
            return 10 * (a * a + b * b + a * b) + 0.15 * pow(x[2] - 7, 2) + [1.0, 0.6, 0, 1.4][Int(x[3])]
        },
        // log10 learning rate, layers, width index, optimizer (3 choices), dropout.
        SuiteProblem("hpo_like", family: "mixed", lower: [-5, 1, 0, 0, 0], upper: [-1, 6, 7, 2, 0.6], kinds: "RIICR",
                     minimum: 0, minimiser: [-2.7, 3, 5, 0, 0.2]) { x in
            let kind = Int(x[3])
            let lr = x[0] - (-2.7 + 0.4 * Double(kind))
            return (1 + 0.5 * Double(kind)) * lr * lr + 0.08 * pow(x[1] - 3, 2) + 0.05 * pow(x[2] - 5, 2)
                + 0.5 * pow(x[4] - 0.2, 2) * x[1] / 3 + [0.0, 0.15, 0.4][kind]
        },
        SuiteProblem("int_rastrigin", family: "mixed", lower: Array(repeating: -5, count: 5), upper: Array(repeating: 5, count: 5),
                     kinds: "IIIRR", minimum: 0, minimiser: intRastriginShift) { x in
            SuiteBBOB.rastrigin(zip(x, intRastriginShift).map { $0 - $1 })
        },
        // A bowl whose centre the first category moves; the second adds an offset and stretches x0.
        SuiteProblem("cat_bowl", family: "mixed", lower: [-2, -2, -2, 0, 0], upper: [2, 2, 2, 2, 2], kinds: "RRRCC",
                     minimum: 0, minimiser: [-0.6, 1.1, -1.3, 1, 2]) { x in
            let a = Int(x[3]), b = Int(x[4])
            let c = catBowlCentres[a]
            let bowl = (1 + 0.3 * Double(b)) * pow(x[0] - c[0], 2) + 2 * pow(x[1] - c[1], 2) + 3 * pow(x[2] - c[2], 2)
            return bowl + [0.5, 0.0, 0.8][a] + [0.3, 0.6, 0.0][b]
        },
    ]
}
