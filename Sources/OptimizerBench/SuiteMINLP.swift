import Foundation

/// RBFOpt's test collection, integer and categorical part: MINLPLib's gear, nvs*, prob03 and
/// st_* problems (constraints as the collection's penalties) and its categorical variants of
/// branin, hartmann and ex8_1_1; the same as Scripts/suite/problems.py.
enum SuiteMINLP {
    static func positive(_ value: Double) -> Double { max(0, value) }

    /// The categorical variants' choices of a periodic function.
    static func trig(_ kind: Int, _ t: Double) -> Double {
        switch kind {
        case 0: cos(t)
        case 1: sin(t)
        case 2: pow(cos(t + .pi / 4), 2)
        default: pow(sin(t + .pi / 4), 2)
        }
    }

    static let hartmann3Weights: [[Double]] = [[3.2, 2.5, 0.2, 0.7], [1.0, 1.2, 3.0, 3.2], [2.2, 1.2, 3.1, 1.7],
                                               [0.1, 2.1, 0.3, 3.7], [1.8, 0.4, 3.1, 2.4]]
    static let hartmann6Weights: [[Double]] = [[1.0, 1.2, 3.0, 3.2], [3.2, 2.5, 0.2, 0.7], [2.2, 1.2, 3.1, 1.7],
                                               [0.1, 2.1, 0.3, 3.7], [1.8, 0.4, 3.1, 2.4]]

    static func nvs07Like(_ x: [Double], _ fun: (Double) -> Double, square: Bool) -> Double {
        var value = 2 * fun(x[1]) + x[0] + 5 * x[2]
        let inner = square ? x[2] * x[2] * x[1] : fun(x[2]) * x[1]
        value += 10 * positive(-(inner + 5 * x[2] + 3 * x[0] - 10))
        value += 10 * positive(-(x[0] - x[2] - 2.66))
        return value
    }

    static let problems: [SuiteProblem] = [
        SuiteProblem("gear", family: "rbfopt", lower: [12, 12, 12, 12], upper: [60, 60, 60, 60], kinds: "IIII",
                     minimum: 2.700857149068971e-12, minimiser: [16, 19, 43, 49]) { x in
            pow(0.14427932477276 - x[0] * x[1] / (x[2] * x[3]), 2)
        },
        SuiteProblem("gear4", family: "rbfopt", lower: [12, 12, 12, 12, 0], upper: [60, 60, 60, 60, 100], kinds: "IIIIR",
                     minimum: 1.6434284739, minimiser: [19, 16, 43, 49, 1.64342847396619]) { x in
            let ratio = 1_000_000 * x[0] * x[1] / (x[2] * x[3])
            return -ratio + 2 * x[4] + 144279.32477276 + 10 * positive(-(-ratio + x[4] + 144279.32477276))
        },
        SuiteProblem("nvs03", family: "rbfopt", lower: [0, 0], upper: [200, 200], kinds: "II", minimum: 16, minimiser: [4, 2]) { x in
            var value = pow(x[0] - 8, 2) + pow(x[1] - 2, 2)
            value += 100 * positive(-(-0.1 * x[0] * x[0] + x[1]))
            value += 100 * positive(-(-0.333333333333333 * x[0] - x[1] + 4.5))
            return value
        },
        SuiteProblem("nvs04", family: "rbfopt", lower: [0, 0], upper: [200, 200], kinds: "II", minimum: 0.72, minimiser: [1, 2]) { x in
            100 * pow(0.5 + x[1] - pow(0.6 + x[0], 2), 2) + pow(0.4 - x[0], 2)
        },
        SuiteProblem("nvs06", family: "rbfopt", lower: [1, 1], upper: [200, 200], kinds: "II", minimum: 1.7703125,
                     minimiser: [2, 2]) { x in
            let (a, b) = (x[0], x[1])
            return 0.1 * (a * a + (1 + b * b) / (a * a) + (100 + a * a * b * b) / pow(a * b, 4)) + 1.2
        },
        SuiteProblem("nvs07", family: "rbfopt", lower: [0, 0, 0], upper: [200, 200, 200], kinds: "III", minimum: 4,
                     minimiser: [4, 0, 0]) { x in
            nvs07Like(x, { $0 * $0 }, square: true)
        },
        SuiteProblem("nvs09", family: "rbfopt", lower: Array(repeating: 3, count: 10), upper: Array(repeating: 9, count: 10),
                     kinds: "IIIIIIIIII", minimum: -43.134336918035, minimiser: Array(repeating: 9, count: 10)) { x in
            var total = 0.0, product = 1.0
            for v in x {
                total += pow(log(v - 2), 2) + pow(log(10 - v), 2)
                product *= v
            }
            return total - pow(product, 0.2)
        },
        SuiteProblem("nvs15", family: "rbfopt", lower: [0, 0, 0], upper: [200, 200, 200], kinds: "III", minimum: 1,
                     minimiser: [2, 0, 0]) { x in
            let value = 2 * pow(x[0], 2) - 8 * x[0] + 2 * pow(x[1], 2) - 6 * x[1] + pow(x[2], 2) - 4 * x[2]
                + 2 * x[0] * x[1] + 2 * x[0] * x[2] + 9
            return value + 10 * positive(-(-x[0] - x[1] - 2 * x[2] + 3))
        },
        SuiteProblem("nvs16", family: "rbfopt", lower: [0, 0], upper: [200, 200], kinds: "II", minimum: 0.703125,
                     minimiser: [2, 0]) { x in
            let (a, b) = (x[0], x[1])
            return pow(1.5 - a * (1 - b), 2) + pow(2.25 - a * (1 - b * b), 2) + pow(2.625 - a * (1 - pow(b, 3)), 2)
        },
        SuiteProblem("prob03", family: "rbfopt", lower: [1, 1], upper: [5, 5], kinds: "II", minimum: 10, minimiser: [2, 2]) { x in
            3 * x[0] + 2 * x[1] + 10 * positive(-(x[0] * x[1] - 3.5))
        },
        SuiteProblem("st_miqp1", family: "rbfopt", lower: [0, 0, 0, 0, 0], upper: [1, 1, 1, 1, 1], kinds: "IIIII", minimum: 281,
                     minimiser: [1, 1, 1, 0, 0]) { x in
            let value = 50 * pow(x[0], 2) + 42 * x[0] + 50 * pow(x[1], 2) + 44 * x[1] + 50 * pow(x[2], 2) + 45 * x[2]
                + 50 * pow(x[3], 2) + 47 * x[3] + 50 * pow(x[4], 2) + 47.5 * x[4]
            return value + 100 * positive(-(20 * x[0] + 12 * x[1] + 11 * x[2] + 7 * x[3] + 4 * x[4] - 40))
        },
        SuiteProblem("st_miqp3", family: "rbfopt", lower: [0, 0], upper: [3, 50], kinds: "II", minimum: -6, minimiser: [1, 4]) { x in
            6 * x[0] * x[0] - 3 * x[1] + 10 * positive(-(4 * x[0] - x[1]))
        },
        SuiteProblem("st_test1", family: "rbfopt", lower: [0, 0, 0, 0, 0], upper: [1, 1, 1, 1, 1], kinds: "IIIII", minimum: 0,
                     minimiser: [0, 0, 0, 0, 0]) { x in
            let value = 50 * pow(x[0], 2) + 42 * x[0] + 50 * pow(x[1], 2) - 44 * x[1] + 50 * pow(x[3], 2) - 47 * x[3]
                + 50 * pow(x[4], 2) - 47.5 * x[4] + 45 * x[2]
            return value + 10 * positive(-(-20 * x[0] - 12 * x[1] - 11 * x[2] - 7 * x[3] - 4 * x[4] + 40))
        },
        SuiteProblem("branin_cat", family: "rbfopt", lower: [-5, 0, 0], upper: [10, 15, 3], kinds: "RRC",
                     minimum: 0.39788735772973816, minimiser: [.pi, 2.275, 0]) { x in
            let inner = x[1] - 5.1 / (4 * .pi * .pi) * x[0] * x[0] + 5 / .pi * x[0] - 6
            return inner * inner + 10 * (1 - 1 / (8 * .pi)) * trig(Int(x[2]), x[0]) + 10
        },
        SuiteProblem("hartmann3_cat", family: "rbfopt", lower: [0, 0, 0, 0], upper: [1, 1, 1, 4], kinds: "RRRC",
                     minimum: -4.822789823171662, minimiser: [0.157630093065, 0.536580124887, 0.844079177539, 3]) { x in
            -hartmann(Array(x[0..<3]), alpha: hartmann3Weights[Int(x[3])], a: SuiteRBFOpt.hartmann3A, p: SuiteRBFOpt.hartmann3P)
        },
        SuiteProblem("hartmann6_cat", family: "rbfopt", lower: Array(repeating: 0, count: 7),
                     upper: [4, 1, 1, 1, 1, 1, 1], kinds: "CRRRRRR", minimum: -3.962317407691032,
                     minimiser: [2, 0.177405923548, 0.153671019515, 0.516703102387, 0.256467864555, 0.323042600488,
                                 0.646352191585]) { x in
            -hartmann(Array(x[1...]), alpha: hartmann6Weights[Int(x[0])], a: SuiteRBFOpt.hartmann6A, p: SuiteRBFOpt.hartmann6P)
        },
        SuiteProblem("ex8_1_1_cat", family: "rbfopt", lower: [-1, -1, 0, 0], upper: [2, 1, 3, 3], kinds: "RRCC",
                     minimum: -2.4161468365471426, minimiser: [2, 0, 1, 3]) { x in
            let first: Double = switch Int(x[2]) {
            case 0: sin(x[0])
            case 1: cos(x[0])
            case 2: pow(cos(x[0] + .pi / 4), 2)
            default: pow(sin(x[0] + .pi / 4), 2)
            }
            let second: Double = switch Int(x[3]) {
            case 0: pow(sin(x[1] + .pi / 4), 2)
            case 1: sin(x[1])
            case 2: pow(cos(x[1] + .pi / 4), 2)
            default: cos(x[1])
            }
            return first * second - x[0] / (x[1] * x[1] + 1)
        },
        // The collection's categorical variable takes 2...4; here it is coded 0...2.
        SuiteProblem("nvs07_cat", family: "rbfopt", lower: [0, 0, 0, 0], upper: [200, 200, 200, 2], kinds: "IIIC", minimum: 2,
                     minimiser: [4, 0, 0, 0]) { x in
            let fun: (Double) -> Double = switch Int(x[3]) {
            case 0: { pow($0 - 1, 3) }
            case 1: { exp($0 / 50) }
            default: { $0 * $0 }
            }
            return nvs07Like(x, fun, square: false)
        },
    ]
}
