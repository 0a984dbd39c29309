import Foundation
import HPOKit

/// The standard black-box test problems (as RBFOpt's `rbfopt_test_functions.py` lists them,
/// written here from their published definitions), on the encoded box: each continuous
/// coordinate u in [0, 1] maps linearly to the problem's bounds.
struct TestProblem: Sendable {
    var name: String
    var dimensions: [HPOKit.Dimension]
    var minimum: Double
    var evaluate: @Sendable (Point) -> Double

    /// A continuous problem over the box `lower ... upper`.
    static func continuous(_ name: String, lower: [Double], upper: [Double], minimum: Double,
                           _ f: @escaping @Sendable ([Double]) -> Double) -> TestProblem {
        let dimensions = [HPOKit.Dimension](repeating: .continuous, count: lower.count)
        return TestProblem(name: name, dimensions: dimensions, minimum: minimum) { u in
            var x = [Double](repeating: 0, count: u.count)
            for index in u.indices { x[index] = lower[index] + u[index] * (upper[index] - lower[index]) }
            return f(x)
        }
    }

    static let branin = continuous("branin", lower: [-5, 0], upper: [10, 15], minimum: 0.397887357729738) { x in
        let b: Double = 5.1 / (4 * Double.pi * Double.pi), c: Double = 5 / Double.pi, t: Double = 1 / (8 * Double.pi)
        let inner: Double = x[1] - b * x[0] * x[0] + c * x[0] - 6
        return inner * inner + 10 * (1 - t) * cos(x[0]) + 10
    }

    static let goldsteinPrice = continuous("goldstein_price", lower: [-2, -2], upper: [2, 2], minimum: 3) { x in
        let (a, b) = (x[0], x[1])
        let firstFactor: Double = 19 - 14 * a + 3 * a * a - 14 * b + 6 * a * b + 3 * b * b
        let first: Double = 1 + pow(a + b + 1, 2) * firstFactor
        let secondFactor: Double = 18 - 32 * a + 12 * a * a + 48 * b - 36 * a * b + 27 * b * b
        let second: Double = 30 + pow(2 * a - 3 * b, 2) * secondFactor
        return first * second
    }

    static let camel6 = continuous("camel6", lower: [-3, -2], upper: [3, 2], minimum: -1.0316284535) { x in
        let (a, b) = (x[0], x[1])
        let first: Double = (4 - 2.1 * a * a + pow(a, 4) / 3) * a * a
        let second: Double = (-4 + 4 * b * b) * b * b
        return first + a * b + second
    }

    static let hartmann3 = continuous("hartmann3", lower: [0, 0, 0], upper: [1, 1, 1], minimum: -3.86278214782076) { x in
        let alpha = [1.0, 1.2, 3.0, 3.2]
        let a = [[3.0, 10, 30], [0.1, 10, 35], [3.0, 10, 30], [0.1, 10, 35]]
        let p = [[0.3689, 0.1170, 0.2673], [0.4699, 0.4387, 0.7470], [0.1091, 0.8732, 0.5547], [0.03815, 0.5743, 0.8828]]
        return -hartmann(x, alpha: alpha, a: a, p: p)
    }

    static let hartmann6 = continuous("hartmann6", lower: Array(repeating: 0, count: 6), upper: Array(repeating: 1, count: 6),
                                      minimum: -3.32236801141551) { x in
        let alpha = [1.0, 1.2, 3.0, 3.2]
        let a: [[Double]] = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
        let p: [[Double]] = [[0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886], [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
                             [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650], [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381]]
        return -hartmann(x, alpha: alpha, a: a, p: p)
    }

    static let rosenbrock4 = continuous("rosenbrock4", lower: Array(repeating: -2, count: 4), upper: Array(repeating: 2, count: 4),
                                        minimum: 0) { x in
        var sum = 0.0
        for i in 0..<3 {
            let step: Double = x[i + 1] - x[i] * x[i]
            sum += 100 * step * step + (1 - x[i]) * (1 - x[i])
        }
        return sum
    }

    /// A mixed problem of our own: two continuous coordinates (a shifted, rotated quadratic
    /// bowl), an integer in 0...9 (optimum 7) and a category of 4 where only one is good.
    /// Minimum 0 at u = (0.3, 0.7), k = 7, category 2.
    static let mixed = TestProblem(
        name: "mixed",
        dimensions: [HPOKit.Dimension.continuous, .continuous, .ordinal(levels: 10), .categorical(choices: 4)], minimum: 0
    ) { p in
        let a: Double = p[0] - 0.3, b: Double = p[1] - 0.7
        let bowl: Double = 10 * (a * a + b * b + a * b)
        let integer: Double = 0.15 * (p[2] - 7) * (p[2] - 7)
        let category: Double = [1.0, 0.6, 0, 1.4][Int(p[3])]
        return bowl + integer + category
    }

    static let all = [branin, goldsteinPrice, camel6, hartmann3, rosenbrock4, mixed]
}
