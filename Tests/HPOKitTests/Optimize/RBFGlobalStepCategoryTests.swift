import Foundation
@testable import HPOKit
import Testing

/// A global step's perturbations of the best point mostly keep its categories
/// (`CategorySwitch.bestMoveShare`, CandidateSearch.swift), so the best category is refined
/// near the best point by the global steps too; the next best points' perturbations still
/// try other categories every time.
@Suite struct RBFGlobalStepCategoryTests {
    /// Two continuous coordinates around a categorical of five choices, the middle one chosen:
    /// a category that moves goes to 1 or 3, never stays at 2.
    static let dimensions: [HPOKit.Dimension] = [.continuous, .categorical(choices: 5), .continuous]
    static let map = FeatureMap(dimensions)
    static let center: Point = [0.4, 2, 0.7]

    static func keptShare(categoryShare: Double) -> Double {
        var rng = SplitMix64(seed: 17)
        let points = CandidateSearch(map: map, used: [center])
            .perturbations(of: center, count: 1000, scale: 0.07, categoryShare: categoryShare, using: &rng)
        return Double(points.filter { $0[1] == 2 }.count) / Double(points.count)
    }

    /// With the share, about 1 - share of the perturbations keep the category; with 1 (the
    /// other leaders'), none does.
    @Test func theShareOfPerturbationsThatKeepTheCategory() {
        let kept = Self.keptShare(categoryShare: CategorySwitch.bestMoveShare)
        #expect(abs(kept - (1 - CategorySwitch.bestMoveShare)) < 0.05)
        #expect(Self.keptShare(categoryShare: 1) == 0)
    }

    /// Without categories the share draws nothing: the same points, the same generator state,
    /// so problems without categorical variables are proposed exactly what they were.
    @Test func noCategoriesSamePerturbations() {
        let search = CandidateSearch(map: FeatureMap([.continuous, .ordinal(levels: 7), .continuous]), used: [])
        var first = SplitMix64(seed: 5)
        var second = SplitMix64(seed: 5)
        let plain = search.perturbations(of: [0.3, 3, 0.6], count: 50, scale: 0.1, using: &first)
        let shared = search.perturbations(of: [0.3, 3, 0.6], count: 50, scale: 0.1, categoryShare: 0.2, using: &second)
        #expect(plain == shared)
        #expect(first.next() == second.next())
    }

    /// A bowl at (0.45, 0.65) in category 2, the other categories 0.5 worse, sampled on a
    /// grid in category 2 and at a few points of the others; the best point (0.5, 0.65) is
    /// the grid's nearest to the bowl's centre. The last global step (surrogate weight 0.97,
    /// scale 0.02) refines it in its category, next to the centre. When every perturbation
    /// of the best point moved its category, the step's candidates in category 2 were the
    /// uniform ones only, and 2 of these 5 proposals came within 0.03 of the centre.
    @Test func theLastGlobalStepRefinesTheBestInItsCategory() throws {
        var points: [Point] = []
        for i in 0..<5 {
            for j in 0..<5 { points.append([0.1 + 0.2 * Double(i), 2, 0.05 + 0.2 * Double(j)]) }
        }
        points += [[0.45, 0, 0.65], [0.45, 1, 0.65], [0.45, 3, 0.65], [0.45, 4, 0.65], [0.9, 1, 0.1], [0.1, 3, 0.9]]
        let values = points.map { p in
            (p[0] - 0.45) * (p[0] - 0.45) + (p[2] - 0.65) * (p[2] - 0.65) + (p[1] == 2 ? 0 : 0.5)
        }
        let model = try #require(RBFModel(centers: points.map(Self.map.features), values: values, kernel: .cubic,
                                          orderedColumns: Self.map.orderedColumns))
        let leaders = values.indices.sorted { values[$0] < values[$1] }.prefix(3).map { points[$0] }
        let best = leaders[0]
        #expect(best[1] == 2 && abs(best[0] - 0.5) < 1e-9 && abs(best[2] - 0.65) < 1e-9)
        var near = 0
        for seed in 1...5 {
            var rng = SplitMix64(seed: UInt64(seed))
            let proposal = try #require(CandidateSearch(map: Self.map, used: points).globalStep(
                around: leaders, model: model, surrogateWeight: 0.97, scale: 0.02, count: 600, using: &rng))
            #expect(proposal[1] == 2)
            if abs(proposal[0] - 0.45) < 0.03 && abs(proposal[2] - 0.65) < 0.03 { near += 1 }
        }
        #expect(near == 5)
    }
}
