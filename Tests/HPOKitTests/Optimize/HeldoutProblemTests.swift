import Foundation
import HPOKit
@testable import OptimizerBench
import Testing

/// The held-out set (`make bench-heldout`): none of its problems is in the suite, every f*
/// holds (the value at the minimiser, nothing lower found by a seeded random probe, no
/// optimum at the box midpoint), and the Swift definitions give the values
/// Scripts/heldout/problems.py gives, which the peers run on.
@Suite(.serialized) struct HeldoutProblemTests {
    static let script = SuiteProblemTests.repository.appendingPathComponent("Scripts/heldout/problems.py").path

    @Test func theSetIsMixedAndDisjointFromTheSuite() {
        #expect((18...24).contains(SuiteHeldout.all.count))
        let names = Set(SuiteHeldout.all.map(\.name))
        #expect(names.count == SuiteHeldout.all.count)
        #expect(names.isDisjoint(with: Suite.all.map(\.name)))
        for family in ["continuous", "mixed", "model"] {
            #expect(SuiteHeldout.all.contains { $0.family == family }, "family \(family)")
        }
        #expect(SuiteHeldout.all.contains { $0.kinds.contains(.integer) } && SuiteHeldout.all.contains { $0.kinds.contains(.categorical) })
        #expect(Set(SuiteHeldout.all.map(\.lower.count)).isSuperset(of: [2, 5, 10]))
    }

    @Test(arguments: SuiteHeldout.all.map(\.name)) func theMinimumHoldsAndIsNotAtTheMidpoint(_ name: String) {
        let problem = SuiteHeldout.named(name)!
        let atMinimiser = problem.native(problem.minimiser)
        #expect(abs(atMinimiser - problem.minimum) <= 1e-9 * max(1, abs(problem.minimum)), "f(x_min) = \(atMinimiser)")
        #expect(problem.minimiser.indices.allSatisfy { problem.lower[$0] <= problem.minimiser[$0] && problem.minimiser[$0] <= problem.upper[$0] })
        var rng = SplitMix64(seed: 2027)
        var lowest = Double.infinity
        for _ in 0..<(name == "ridge_cv" ? 300 : 3000) {
            let point = RandomSearch().suggest(dimensions: problem.dimensions, history: [], pending: [], using: &rng)!
            lowest = min(lowest, problem.evaluate(point))
        }
        #expect(lowest >= problem.minimum - SuiteProblemTests.tolerance(problem.minimum), "probe found \(lowest)")
        let middle = problem.lower.indices.map { (problem.lower[$0] + problem.upper[$0]) / 2 }
        let midpointIsOptimal = problem.kinds.allSatisfy { $0 == .real }
            && problem.native(middle) <= problem.minimum + 1e-3 * max(1, abs(problem.minimum))
        #expect(!midpointIsOptimal, "midpoint is optimal")
    }

    @Test(.timeLimit(.minutes(1))) func pythonDescribesTheSameProblems() throws {
        try SuiteProblemTests.expectPythonDescribes(SuiteHeldout.all, script: Self.script)
    }

    @Test(.timeLimit(.minutes(1))) func swiftAndPythonGiveTheSameValuesAtTheSameSeededPoints() throws {
        try SuiteProblemTests.expectSameValues(SuiteHeldout.all, script: Self.script, seed: 17, pointsEach: 12)
    }
}
