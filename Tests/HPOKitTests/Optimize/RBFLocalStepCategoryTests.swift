import Foundation
@testable import HPOKit
import Testing

/// The RBF optimizer's local step keeps the best point's categories (CandidateSearch.swift):
/// its perturbations move the ordered coordinates only, while a global step's perturbations
/// still try other categories.
@Suite struct RBFLocalStepCategoryTests {
    /// Two continuous coordinates around a categorical of five choices, the middle one chosen:
    /// a perturbation that treats the category as ordered moves it to 1 or 3 every time.
    static let dimensions: [HPOKit.Dimension] = [.continuous, .categorical(choices: 5), .continuous]
    static let map = FeatureMap(dimensions)
    static let center: Point = [0.4, 2, 0.7]

    static func perturbations(keepingCategories: Bool, scale: Double) -> [Point] {
        var rng = SplitMix64(seed: 11)
        return CandidateSearch(map: map, used: [center])
            .perturbations(of: center, count: 200, scale: scale, keepingCategories: keepingCategories, using: &rng)
    }

    @Test func localPerturbationsKeepTheCategoryAndMoveTheRest() {
        let local = Self.perturbations(keepingCategories: true, scale: 0.03)
        #expect(local.allSatisfy { $0[1] == 2 })
        #expect(local.allSatisfy { $0[0] != 0.4 || $0[2] != 0.7 })
        #expect(local.filter { abs($0[0] - 0.4) > 1e-9 }.count > 150)
        let spread = local.map { max(abs($0[0] - 0.4), abs($0[2] - 0.7)) }.max()!
        #expect(spread < 0.2)
    }

    @Test func globalPerturbationsStillTryOtherCategories() {
        let global = Self.perturbations(keepingCategories: false, scale: 0.03)
        #expect(global.filter { $0[1] != 2 }.count > 150)
    }

    /// The local step refines the best point in its own category: a bowl at (0.45, 0.65),
    /// the same in every category, sampled on a grid in category 2 and once far away in each
    /// other one. Perturbations that moved the category (to 1 or 3) led the surrogate's
    /// minimum to category 3, away from the bowl.
    @Test func localStepStaysInTheBestCategory() throws {
        var points: [Point] = []
        for i in 0..<4 {
            for j in 0..<4 { points.append([0.2 + 0.15 * Double(i), 2, 0.4 + 0.15 * Double(j)]) }
        }
        points += [[0.1, 0, 0.1], [0.9, 4, 0.9], [0.5, 1, 0.2], [0.2, 3, 0.8]]
        let values = points.map { p in (p[0] - 0.45) * (p[0] - 0.45) + (p[2] - 0.65) * (p[2] - 0.65) }
        let model = try #require(RBFModel(centers: points.map(Self.map.features), values: values, kernel: .cubic,
                                          orderedColumns: Self.map.orderedColumns))
        let best = points[values.indices.min { values[$0] < values[$1] }!]
        var rng = SplitMix64(seed: 3)
        let proposal = try #require(CandidateSearch(map: Self.map, used: points)
            .localStep(around: best, model: model, count: 300, using: &rng))
        #expect(proposal[1] == 2)
        #expect(abs(proposal[0] - 0.45) < 0.1 && abs(proposal[2] - 0.65) < 0.1)
    }

    /// Without categories, keeping them changes nothing: the same draws, the same points.
    @Test func noCategoriesSamePerturbations() {
        let map = FeatureMap([.continuous, .ordinal(levels: 7), .continuous])
        let search = CandidateSearch(map: map, used: [])
        var first = SplitMix64(seed: 5)
        var second = SplitMix64(seed: 5)
        let plain = search.perturbations(of: [0.3, 3, 0.6], count: 50, scale: 0.1, using: &first)
        let kept = search.perturbations(of: [0.3, 3, 0.6], count: 50, scale: 0.1, keepingCategories: true, using: &second)
        #expect(plain == kept)
        #expect(first.next() == second.next())
    }

    /// Above 20 dimensions each coordinate is drawn with probability 20/d besides one always
    /// drawn, so a kept category may be all that is drawn: then a coordinate that may move
    /// moves. 99 categories and one continuous coordinate: every local perturbation moves the
    /// continuous one. With every coordinate categorical there is none to move, and none is
    /// returned.
    @Test func manyDimensionsEveryPerturbationMoves() {
        let dimensions: [HPOKit.Dimension] = [.continuous] + Array(repeating: .categorical(choices: 3), count: 99)
        let search = CandidateSearch(map: FeatureMap(dimensions), used: [])
        let center: Point = [0.5] + Array(repeating: 1, count: 99)
        var rng = SplitMix64(seed: 7)
        let local = search.perturbations(of: center, count: 300, scale: 0.05, keepingCategories: true, using: &rng)
        #expect(local.count == 300)
        #expect(local.allSatisfy { $0[0] != 0.5 && $0.dropFirst().allSatisfy { $0 == 1 } })
        let allCategorical = CandidateSearch(map: FeatureMap([.categorical(choices: 3), .categorical(choices: 4)]), used: [])
        #expect(allCategorical.perturbations(of: [1, 2], count: 10, scale: 0.05, keepingCategories: true, using: &rng)
            .isEmpty)
    }
}
