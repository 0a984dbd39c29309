import Foundation
import HPOKit
import Testing

/// `random` draws each kind from its declared distribution: seeded draws through
/// `RandomSearch` (as the runner makes them) pass a Kolmogorov-Smirnov test (continuous
/// kinds) or a chi-square test (discrete ones) at the 0.1% level, and a wrong reference
/// distribution fails the same test (so the tests can tell).
@Suite struct DistributionSamplingTests {
    static let count = 2000

    @Test func uniformIsUniform() {
        let x = Self.numbers(.distribution(.uniform(low: -2, high: 3)))
        #expect(x.allSatisfy { $0 >= -2 && $0 <= 3 })
        #expect(Stats.ks(x) { ($0 + 2) / 5 } < Stats.ksCritical(x.count))
        #expect(Stats.ks(x) { ($0 + 2.3) / 5.3 } > Stats.ksCritical(x.count), "a shifted reference is told apart")
    }

    @Test func logUniformIsUniformInTheExponent() {
        let natural = Self.numbers(.distribution(.logUniform(low: log(1e-4), high: log(0.1))))
        #expect(Stats.ks(natural.map(log)) { ($0 - log(1e-4)) / (log(0.1) - log(1e-4)) } < Stats.ksCritical(natural.count))
        #expect(Stats.ks(natural) { ($0 - 1e-4) / (0.1 - 1e-4) } > Stats.ksCritical(natural.count), "not uniform in the value")
        let ten = Self.numbers(.distribution(.logUniform(low: -3, high: 1, base: 10)))
        #expect(Stats.ks(ten.map(log10)) { ($0 + 3) / 4 } < Stats.ksCritical(ten.count))
        let wml = Self.numbers(.doubleRange(min: -3, max: 1, power: 10))
        #expect(Stats.ks(wml.map(log10)) { ($0 + 3) / 4 } < Stats.ksCritical(wml.count))
    }

    @Test func normalIsNormalWithinItsBox() {
        let x = Self.numbers(.distribution(.normal(mu: 1, sigma: 2)))
        let z = Distribution.boxQuantile
        #expect(x.allSatisfy { abs($0 - 1) <= z * 2 + 1e-9 })
        #expect(Stats.ks(x) { Stats.truncatedNormalCDF(($0 - 1) / 2) } < Stats.ksCritical(x.count))
        #expect(Stats.ks(x) { Stats.truncatedNormalCDF(($0 - 1) / 2.4) } > Stats.ksCritical(x.count), "a wider normal is told apart")
        let mean = x.reduce(0, +) / Double(x.count)
        #expect(abs(mean - 1) < 4 * 2 / Double(x.count).squareRoot())
    }

    @Test func logNormalIsNormalInTheLog() {
        let x = Self.numbers(.distribution(.logNormal(mu: -1, sigma: 0.5)))
        #expect(x.allSatisfy { $0 > 0 })
        #expect(Stats.ks(x.map(log)) { Stats.truncatedNormalCDF(($0 + 1) / 0.5) } < Stats.ksCritical(x.count))
        #expect(Stats.ks(x) { Stats.truncatedNormalCDF(($0 - exp(-1)) / 0.5) } > Stats.ksCritical(x.count))
    }

    @Test func quantizedUniformRoundsToMultiplesOfQ() {
        // 0 .. 10 by 2.5: the end values have half the mass of the inner ones.
        let draws = Self.values(.distribution(.uniform(low: 0, high: 10, q: 2.5)))
        let expected = Dictionary(uniqueKeysWithValues: [0, 2.5, 5, 7.5, 10].map { v in
            ("\(v)", (min(10, v + 1.25) - max(0, v - 1.25)) / 10)
        })
        #expect(Stats.chiSquareFits(draws.map(\.description), expected))
        #expect(!Stats.chiSquareFits(draws.map(\.description), expected.mapValues { _ in 0.2 }), "uniform over values is told apart")
        // A whole q gives integers.
        let ints = Self.values(.distribution(.uniform(low: 0.5, high: 6.5, q: 1)))
        #expect(ints.allSatisfy { if case .int = $0 { true } else { false } })
        let sixths: [String: Double] = Dictionary(uniqueKeysWithValues: (1...6).map { ("\($0)", 1.0 / 6) })
        #expect(Stats.chiSquareFits(ints.map(\.description), sixths))
    }

    @Test func quantizedLogUniformRoundsInTheValue() {
        let draws = Self.values(.distribution(.logUniform(low: 0, high: log(20), q: 1)))
        var expected: [String: Double] = [:]
        for v in 1...20 {
            let low = max(1, Double(v) - 0.5), high = min(20, Double(v) + 0.5)
            expected["\(v)"] = (log(high) - log(low)) / log(20)
        }
        #expect(Stats.chiSquareFits(draws.map(\.description), expected))
        #expect(!Stats.chiSquareFits(draws.map(\.description), expected.mapValues { _ in 1.0 / 20 }))
    }

    @Test func quantizedNormalAndLogNormalFollowTheirCDF() {
        let normal = Self.values(.distribution(.normal(mu: 0, sigma: 1, q: 0.5)))
        var expected: [String: Double] = [:]
        for k in -6...6 {
            let v = Double(k) * 0.5
            expected[ParameterValue.double(v).description] =
                Stats.truncatedNormalCDF(v + 0.25) - Stats.truncatedNormalCDF(v - 0.25)
        }
        #expect(Stats.chiSquareFits(normal.map(\.description), expected))
        let logNormal = Self.values(.distribution(.logNormal(mu: 1, sigma: 0.4, q: 1)))
        #expect(logNormal.allSatisfy { if case .int = $0 { true } else { false } })
        var expectedLog: [String: Double] = [:]
        for v in 0...10 {
            let low = Double(v) - 0.5, high = Double(v) + 0.5
            let cdf = { (x: Double) in x <= 0 ? 0 : Stats.truncatedNormalCDF((log(x) - 1) / 0.4) }
            expectedLog["\(v)"] = cdf(high) - cdf(low)
        }
        #expect(Stats.chiSquareFits(logNormal.map(\.description), expectedLog))
    }

    @Test func randintAndChoicesFollowTheirWeights() {
        let randint = Self.values(.distribution(.randint(low: 3, high: 9)))
        let sixths: [String: Double] = Dictionary(uniqueKeysWithValues: (3..<9).map { ("\($0)", 1.0 / 6) })
        #expect(Stats.chiSquareFits(randint.map(\.description), sixths))
        let choice = Self.values(.distribution(.choice([.string("a"), .int(2), .double(0.5)])))
        let thirds: [String: Double] = ["a": 1.0 / 3, "2": 1.0 / 3, "0.5": 1.0 / 3]
        #expect(Stats.chiSquareFits(choice.map(\.description), thirds))
        let weights = [0.1, 0.2, 0.7]
        let pchoice = Self.values(.distribution(.choice([.string("elu"), .string("relu"), .string("sigmoid")], weights: weights)))
        #expect(Stats.chiSquareFits(pchoice.map(\.description), ["elu": 0.1, "relu": 0.2, "sigmoid": 0.7]))
        let even: [String: Double] = ["elu": 1.0 / 3, "relu": 1.0 / 3, "sigmoid": 1.0 / 3]
        #expect(!Stats.chiSquareFits(pchoice.map(\.description), even))
    }

    @Test func wmlRangesAndListsAreUniform() {
        let x = Self.numbers(.doubleRange(min: 0.5, max: 0.99))
        #expect(Stats.ks(x) { ($0 - 0.5) / 0.49 } < Stats.ksCritical(x.count))
        let ints = Self.values(.intRange(min: 1, max: 4))
        #expect(Stats.chiSquareFits(ints.map(\.description), ["1": 0.25, "2": 0.25, "3": 0.25, "4": 0.25]))
    }

    // MARK: - Drawing

    /// `count` independent draws of one parameter, each by a fresh `RandomSearch` call with a
    /// generator seeded per trial as the runner seeds it.
    static func values(_ domain: Domain) -> [ParameterValue] {
        let space = SearchSpace([HyperParameter(name: "x", domain: domain)])
        let search = RandomSearch(space: space)
        return (0..<count).map { index in
            var rng = SplitMix64(seed: 20_261_129, stream: UInt64(index))
            let point = search.suggest(dimensions: space.dimensions, history: [], pending: [], using: &rng) ?? []
            return space.decode(point)["x"] ?? .string("?")
        }
    }

    static func numbers(_ domain: Domain) -> [Double] {
        values(domain).compactMap(\.numericValue)
    }
}
