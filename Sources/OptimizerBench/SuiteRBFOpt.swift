import Foundation

/// RBFOpt's test collection, continuous part (rbfopt_test_functions.py: the Dixon-Szego set,
/// GlobalLib's ex* and least, rbrock, Neumaier's perm functions), written from the published
/// definitions; the same as Scripts/suite/problems.py.
enum SuiteRBFOpt {
    static let hartmannAlpha = [1.0, 1.2, 3.0, 3.2]
    static let hartmann3A: [[Double]] = [[3.0, 10, 30], [0.1, 10, 35], [3.0, 10, 30], [0.1, 10, 35]]
    static let hartmann3P: [[Double]] = [[0.3689, 0.1170, 0.2673], [0.4699, 0.4387, 0.7470], [0.1091, 0.8732, 0.5547],
                                         [0.03815, 0.5743, 0.8828]]
    static let hartmann6A: [[Double]] = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8],
                                         [17, 8, 0.05, 10, 0.1, 14]]
    static let hartmann6P: [[Double]] = [[0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886],
                                         [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
                                         [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650],
                                         [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381]]
    static let shekelA: [[Double]] = [[4, 4, 4, 4], [1, 1, 1, 1], [8, 8, 8, 8], [6, 6, 6, 6], [3, 7, 3, 7],
                                      [2, 9, 2, 9], [5, 5, 3, 3], [8, 1, 8, 1], [6, 2, 6, 2], [7, 3.6, 7, 3.6]]
    static let shekelC = [0.1, 0.2, 0.2, 0.4, 0.4, 0.6, 0.3, 0.7, 0.5, 0.5]

    static func branin(_ x: [Double]) -> Double {
        let inner = x[1] - 5.1 / (4 * .pi * .pi) * x[0] * x[0] + 5 / .pi * x[0] - 6
        return inner * inner + 10 * (1 - 1 / (8 * .pi)) * cos(x[0]) + 10
    }

    static func shekel(_ m: Int) -> @Sendable ([Double]) -> Double {
        { x in
            var total = 0.0
            for i in 0..<m {
                var s = shekelC[i]
                for j in 0..<4 {
                    let d = x[j] - shekelA[i][j]
                    s += d * d
                }
                total += 1 / s
            }
            return -total
        }
    }

    static let problems: [SuiteProblem] = [
        SuiteProblem("branin", family: "rbfopt", lower: [-5, 0], upper: [10, 15], kinds: "RR",
                     minimum: 0.39788735772973816, minimiser: [.pi, 2.275], branin),
        SuiteProblem("goldstein_price", family: "rbfopt", lower: [-2, -2], upper: [2, 2], kinds: "RR", minimum: 3,
                     minimiser: [0, -1]) { x in
            let (a, b) = (x[0], x[1])
            let first = 1 + pow(a + b + 1, 2) * (19 - 14 * a + 3 * a * a - 14 * b + 6 * a * b + 3 * b * b)
            let second = 30 + pow(2 * a - 3 * b, 2) * (18 - 32 * a + 12 * a * a + 48 * b - 36 * a * b + 27 * b * b)
            return first * second
        },
        SuiteProblem("camel6", family: "rbfopt", lower: [-3, -2], upper: [3, 2], kinds: "RR",
                     minimum: -1.0316284534898774, minimiser: [0.0898420131, -0.7126564033]) { x in
            let (a, b) = (x[0], x[1])
            return (4 - 2.1 * a * a + pow(a, 4) / 3) * a * a + a * b + (-4 + 4 * b * b) * b * b
        },
        SuiteProblem("hartmann3", family: "rbfopt", lower: [0, 0, 0], upper: [1, 1, 1], kinds: "RRR",
                     minimum: -3.8627821478207514, minimiser: [0.114614360348, 0.555648844331, 0.852546948415]) { x in
            -hartmann(x, alpha: hartmannAlpha, a: hartmann3A, p: hartmann3P)
        },
        SuiteProblem("hartmann6", family: "rbfopt", lower: Array(repeating: 0, count: 6), upper: Array(repeating: 1, count: 6),
                     kinds: "RRRRRR", minimum: -3.3223680114155147,
                     minimiser: [0.20168952, 0.15001069, 0.47687398, 0.27533243, 0.31165162, 0.65730054]) { x in
            -hartmann(x, alpha: hartmannAlpha, a: hartmann6A, p: hartmann6P)
        },
        SuiteProblem("shekel5", family: "rbfopt", lower: [0, 0, 0, 0], upper: [10, 10, 10, 10], kinds: "RRRR",
                     minimum: -10.1531996790582, minimiser: [4.00003715, 4.00013327, 4.00003715, 4.00013327], shekel(5)),
        SuiteProblem("shekel7", family: "rbfopt", lower: [0, 0, 0, 0], upper: [10, 10, 10, 10], kinds: "RRRR",
                     minimum: -10.4029405668187, minimiser: [4.00057291, 4.00068936, 3.99948971, 3.99960616], shekel(7)),
        SuiteProblem("shekel10", family: "rbfopt", lower: [0, 0, 0, 0], upper: [10, 10, 10, 10], kinds: "RRRR",
                     minimum: -10.5364098166920, minimiser: [4.00074671, 4.00059326, 3.99966290, 3.99950945], shekel(10)),
        SuiteProblem("ex4_1_1", family: "rbfopt", lower: [-2], upper: [11], kinds: "R", minimum: -7.4873123649023645,
                     minimiser: [-1.191299817965]) { x in
            let t = x[0]
            return pow(t, 6) - 52.0 / 25 * pow(t, 5) + 39.0 / 80 * pow(t, 4) + 71.0 / 10 * pow(t, 3) - 79.0 / 20 * pow(t, 2) - t + 0.1
        },
        SuiteProblem("ex8_1_1", family: "rbfopt", lower: [-1, -1], upper: [2, 1], kinds: "RR", minimum: -2.021806783359787,
                     minimiser: [2.0, 0.105783463807]) { x in
            cos(x[0]) * sin(x[1]) - x[0] / (x[1] * x[1] + 1)
        },
        SuiteProblem("ex8_1_4", family: "rbfopt", lower: [-2, -5], upper: [4, 2], kinds: "RR", minimum: 0, minimiser: [0, 0]) { x in
            let (a, b) = (x[0], x[1])
            return 12 * a * a - 6.3 * pow(a, 4) + pow(a, 6) - 6 * a * b + 6 * b * b
        },
        SuiteProblem("least", family: "rbfopt", lower: [0, -200, -5], upper: [600, 200, 5], kinds: "RRR",
                     minimum: 14085.139848928, minimiser: [516.651174172, -149.351893696, -0.206642767973]) { x in
            var total = 0.0
            for (target, rate) in [(127.0, -5.0), (151, -3), (379, -1), (421, 5), (460, 3), (426, 1)] {
                let r = target - x[1] * exp(rate * x[2]) - x[0]
                total += r * r
            }
            return total
        },
        SuiteProblem("rbrock", family: "rbfopt", lower: [-10, -10], upper: [5, 10], kinds: "RR", minimum: 0, minimiser: [1, 1]) { x in
            100 * pow(x[1] - x[0] * x[0], 2) + pow(1 - x[0], 2)
        },
        SuiteProblem("perm_6", family: "rbfopt", lower: Array(repeating: -6, count: 6), upper: Array(repeating: 6, count: 6),
                     kinds: "RRRRRR", minimum: 1000, minimiser: [1, 2, 3, 4, 5, 6]) { x in
            var total = 0.0
            for k in 0..<6 {
                var inner = 0.0
                for i in 0..<6 { inner += (pow(Double(i + 1), Double(k)) + 60) * (pow(x[i] / Double(i + 1), Double(k)) - 1) }
                total += inner * inner
            }
            return total + 1000
        },
        SuiteProblem("perm0_8", family: "rbfopt", lower: Array(repeating: -1, count: 8), upper: Array(repeating: 1, count: 8),
                     kinds: "RRRRRRRR", minimum: 1000, minimiser: (1...8).map { 1 / Double($0) }) { x in
            var total = 0.0
            for k in 0..<8 {
                var inner = 0.0
                for i in 0..<8 { inner += Double(i + 1 + 100) * (pow(x[i], Double(k)) - pow(1 / Double(i + 1), Double(k))) }
                total += inner * inner
            }
            return total + 1000
        },
    ]
}

/// sum_i alpha_i exp(-sum_j a_ij (x_j - p_ij)^2), the Hartmann family's core.
func hartmann(_ x: [Double], alpha: [Double], a: [[Double]], p: [[Double]]) -> Double {
    var sum = 0.0
    for i in alpha.indices {
        var exponent = 0.0
        for j in x.indices {
            let difference = x[j] - p[i][j]
            exponent += a[i][j] * difference * difference
        }
        sum += alpha[i] * exp(-exponent)
    }
    return sum
}
