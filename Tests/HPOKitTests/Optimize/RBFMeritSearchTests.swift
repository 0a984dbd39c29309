import Foundation
@testable import HPOKit
import Testing

/// The box search of the global step's score (MeritSearch.swift).
@Suite struct RBFMeritSearchTests {
    /// A bowl in the unit cube with its minimum at (0.8, 0.15, 0.6), far from every seed.
    static func bowl(_ unit: [Double]) -> Double {
        zip(unit, [0.8, 0.15, 0.6]).map { ($0 - $1) * ($0 - $1) }.reduce(0, +)
    }

    /// Seeded in one corner, it finds the bowl's minimum across the box, on every seed.
    @Test func itFindsAMinimumAwayFromItsSeeds() throws {
        for seed: UInt64 in 1...5 {
            var rng = SplitMix64(seed: seed)
            let seeds = [[0.05, 0.9, 0.05], [0.1, 0.95, 0.1]].map { ($0, Self.bowl($0)) }
            let found = try #require(MeritSearch().minimize(seeds: seeds, steps: [0, 0, 0], using: &rng, score: Self.bowl))
            #expect(found.1 < 1e-3, "seed \(seed): \(found)")
            #expect(abs(found.1 - Self.bowl(found.0)) < 1e-12)
        }
    }

    /// It never returns worse than its best seed, and nothing when no seed has a finite score
    /// (every point it tries there is refused).
    @Test func itKeepsTheBestSeedAndNeedsAFiniteOne() {
        var rng = SplitMix64(seed: 7)
        let optimum = [0.8, 0.15, 0.6]
        let kept = MeritSearch().minimize(seeds: [(optimum, 0)], steps: [0, 0, 0], using: &rng) { Self.bowl($0) + 1e-9 }
        #expect(kept?.0 == optimum)
        let none = MeritSearch().minimize(seeds: [(optimum, .infinity)], steps: [0, 0, 0], using: &rng) { _ in .infinity }
        #expect(none == nil)
    }

    /// A mutation moves a discrete coordinate by at least one lattice step and keeps every
    /// coordinate in [0, 1].
    @Test func mutationsRespectTheLatticeAndTheBox() {
        var rng = SplitMix64(seed: 3)
        let steps = [0.25, 0, 0.5]
        for _ in 0..<200 {
            let parent = [0.5, 0.99, 0.5]
            let child = MeritSearch().mutated(parent, scale: 0.001, probability: 1, steps: steps, using: &rng)
            #expect(child.allSatisfy { (0...1).contains($0) })
            #expect(abs(child[0] - parent[0]) >= 0.25 - 1e-12)
            #expect(abs(child[2] - parent[2]) >= 0.5 - 1e-12)
        }
    }

    /// Through the global step on a mixed space (a lattice, a category, a continuous
    /// coordinate), with a running trial: every proposal is a valid point that is new and
    /// outside the running trial's exclusion radius.
    @Test func globalStepsWithTheBoxSearchRespectTheSpaceAndPendingPoints() throws {
        let dimensions: [HPOKit.Dimension] = [.ordinal(levels: 5), .categorical(choices: 3), .continuous]
        let map = FeatureMap(dimensions)
        var rng = SplitMix64(seed: 11)
        let points = (0..<12).map { _ in map.point(fromUnit: (0..<3).map { _ in Double.random(in: 0...1, using: &rng) }) }
        let history = points.map { point in
            Observation(point: point, outcome: .value(pow(point[0] - 3, 2) + (point[1] == 2 ? 0 : 1) + pow(point[2] - 0.3, 2)))
        }
        let pending = [[3.0, 2, 0.3]]
        let search = CandidateSearch(map: map, used: points + pending, pending: pending)
        let observed = history.map { ($0.point, $0.value!) }
        let model = try #require(RBFOptimizer(budget: 50).fit(observed, map: map, scaled: false))
        for seed: UInt64 in 1...5 {
            for weight in RBFOptimizer.surrogateWeights {
                var rng = SplitMix64(seed: seed)
                let proposal = try #require(search.globalStep(
                    around: [points[0]], model: model, surrogateWeight: weight, scale: 0.1, count: 200,
                    boxSearch: MeritSearch(), using: &rng))
                #expect((0...4).contains(proposal[0]) && proposal[0] == proposal[0].rounded())
                #expect([0.0, 1, 2].contains(proposal[1]))
                #expect((0...1).contains(proposal[2]))
                #expect(search.isNew(proposal), "seed \(seed), weight \(weight): \(proposal)")
            }
        }
    }
}
