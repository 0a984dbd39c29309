import Foundation
import HPOKit

/// One problem of the suite (`make bench-suite`), in its native coordinates as
/// Scripts/suite/problems.py defines it: per variable a kind and bounds, the function, its
/// known minimum and a minimiser. The optimizers see the encoded box: a real variable's
/// u in [0, 1] maps linearly to [lower, upper], an integer's lattice index k to lower + k,
/// a category's index is its code 0 ..< L.
struct SuiteProblem: Sendable {
    enum Kind: Character, Sendable { case real = "R", integer = "I", categorical = "C" }

    var name: String
    /// "rbfopt", "bbob", "basins" or "mixed" (the family, as in problems.py's note).
    var family: String
    var lower: [Double]
    var upper: [Double]
    var kinds: [Kind]
    var minimum: Double
    var minimiser: [Double]
    var native: @Sendable ([Double]) -> Double

    init(_ name: String, family: String, lower: [Double], upper: [Double], kinds: String, minimum: Double,
         minimiser: [Double], _ native: @escaping @Sendable ([Double]) -> Double) {
        self.name = name
        self.family = family
        self.lower = lower
        self.upper = upper
        self.kinds = kinds.map { Kind(rawValue: $0)! }
        self.minimum = minimum
        self.minimiser = minimiser
        self.native = native
        precondition(lower.count == upper.count && lower.count == self.kinds.count && minimiser.count == lower.count, name)
    }

    var dimensions: [HPOKit.Dimension] {
        kinds.indices.map { index in
            switch kinds[index] {
            case .real: .continuous
            case .integer: .ordinal(levels: Int(upper[index] - lower[index]) + 1)
            case .categorical: .categorical(choices: Int(upper[index]) + 1)
            }
        }
    }

    func nativePoint(_ point: Point) -> [Double] {
        kinds.indices.map { index in
            switch kinds[index] {
            case .real: lower[index] + point[index] * (upper[index] - lower[index])
            case .integer: lower[index] + point[index]
            case .categorical: point[index]
            }
        }
    }

    func encoded(_ native: [Double]) -> Point {
        kinds.indices.map { index in
            switch kinds[index] {
            case .real: (native[index] - lower[index]) / (upper[index] - lower[index])
            case .integer: native[index] - lower[index]
            case .categorical: native[index]
            }
        }
    }

    func evaluate(_ point: Point) -> Double { native(nativePoint(point)) }

    /// The bench's view of the problem.
    var benchProblem: TestProblem {
        let copy = self
        return TestProblem(name: name, dimensions: dimensions, minimum: minimum) { copy.evaluate($0) }
    }
}

/// The whole suite, in problems.py's order.
enum Suite {
    static let all: [SuiteProblem] = SuiteRBFOpt.problems + SuiteMINLP.problems + SuiteBBOB.problems
        + SuiteMixed.problems

    static func named(_ name: String) -> SuiteProblem? { all.first { $0.name == name } }
}
