import Foundation
import HPOKit
import Testing
@testable import HPOReport

/// The importance estimate on synthetic problems whose answer is known.
@Suite struct ParameterImportanceTests {
    /// y = sin(3 a) + 0.5 b^2 + noise; c has no effect. Seeded, so each run draws the same
    /// points; every one of 20 seeds must pass.
    @Test(arguments: Array(1...20) as [UInt64])
    func aParameterWithoutEffectGetsUnder5Percent(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        var positions: [[Double?]] = []
        var objectives: [Double] = []
        for _ in 0..<200 {
            let a = Double.random(in: 0...1, using: &rng), b = Double.random(in: 0...1, using: &rng)
            let c = Double.random(in: 0...1, using: &rng)
            positions.append([a, b, c])
            objectives.append(sin(3 * a) + 0.5 * b * b + Double.random(in: -0.05...0.05, using: &rng))
        }
        let shares = ParameterImportance.estimate(positions: positions, objectives: objectives).map(\.share)
        #expect(shares[2] < 0.05, "c has no effect: \(shares)")
        #expect(shares[0] > shares[1], "a matters more than b: \(shares)")
        #expect(shares[1] > 0.05, "b has an effect: \(shares)")
        #expect(abs(shares.reduce(0, +) - 1) < 1e-9)
    }

    /// A categorical parameter that decides everything, beside a numeric one that decides nothing.
    @Test func categoricalParameterWithAllTheEffect() {
        var rng = SplitMix64(seed: 4)
        var positions: [[Double?]] = []
        var objectives: [Double] = []
        for _ in 0..<60 {
            let category = Double(Int.random(in: 0..<3, using: &rng)), x = Double.random(in: 0...1, using: &rng)
            positions.append([category, x])
            objectives.append([0.2, 0.5, 0.9][Int(category)] + Double.random(in: -0.02...0.02, using: &rng))
        }
        let shares = ParameterImportance.estimate(positions: positions, objectives: objectives).map(\.share)
        #expect(shares[0] > 0.95, "\(shares)")
        #expect(shares[1] < 0.05, "\(shares)")
    }

    /// Pure noise: nothing explains anything much, and too few trials give no estimate.
    @Test func tooFewTrialsGiveNothing() {
        let estimate = ParameterImportance.estimate(positions: [[1], [2], [3]], objectives: [1, 2, 3])
        #expect(estimate.map(\.share) == [0])
    }
}
