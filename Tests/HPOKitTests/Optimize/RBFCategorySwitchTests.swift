import Foundation
@testable import HPOKit
import Testing

/// The category switch of the RBF optimizer's local step (CategorySwitch.swift): which switch
/// of the best point's categories it proposes, and when none.
@Suite struct RBFCategorySwitchTests {
    static let dimensions: [HPOKit.Dimension] = [.continuous, .continuous, .categorical(choices: 3)]
    static let map = FeatureMap(dimensions)

    /// A bowl centred at (0.3, 0.6) whatever the category, plus an offset per category.
    static func bowl(_ p: Point, offsets: [Double]) -> Double {
        (p[0] - 0.3) * (p[0] - 0.3) + (p[1] - 0.6) * (p[1] - 0.6) + offsets[Int(p[2])]
    }

    /// A grid over the box in categories 0 and 1, and the best point (0.3, 0.6) in category 0.
    static func points() -> [Point] {
        var points: [Point] = [[0.3, 0.6, 0]]
        for category in 0..<2 {
            for i in 0..<4 {
                for j in 0..<4 { points.append([0.1 + 0.27 * Double(i), 0.05 + 0.3 * Double(j), Double(category)]) }
            }
        }
        return points
    }

    static func proposal(offsets: [Double], extraUsed: [Point] = [], pending: [Point] = [], ruleTwo: Bool = true) -> Point? {
        let points = points()
        let observed = points.map { ($0, bowl($0, offsets: offsets)) }
        let search = CandidateSearch(map: map, used: points + extraUsed + pending, pending: pending)
        let model = CategorySwitch.surrogate(observed, map: map, kernel: .cubic)
        return CategorySwitch(map: map).proposal(best: [0.3, 0.6, 0], model: model, search: search,
                                                 used: ruleTwo ? points + extraUsed + pending : nil)
    }

    /// Rule 1: the category whose additive effect the surrogate's tail learned to be lower is
    /// proposed at the best point's ordered coordinates.
    @Test func proposesTheCategoryPredictedBetter() {
        #expect(Self.proposal(offsets: [0.5, 0, 0.5]) == [0.3, 0.6, 1])
        #expect(Self.proposal(offsets: [0.5, 0, 0.5], ruleTwo: false) == [0.3, 0.6, 1])
    }

    /// Rule 2: no category is predicted better (1 is worse everywhere), so the one never used
    /// near the best point (2) is tried; once a point of it is used there, nothing is proposed.
    /// Without `used` (the search improved over the last cycle), rule 2 is left out.
    @Test func triesAnUnusedCategoryOnceNearTheBest() {
        #expect(Self.proposal(offsets: [0, 0.5, 0.5]) == [0.3, 0.6, 2])
        #expect(Self.proposal(offsets: [0, 0.5, 0.5], ruleTwo: false) == nil)
        #expect(Self.proposal(offsets: [0, 0.5, 0.5], extraUsed: [[0.32, 0.61, 2]]) == nil)
        // A point of category 2 far from the best does not count as tried near it.
        #expect(Self.proposal(offsets: [0, 0.5, 0.5], extraUsed: [[0.9, 0.05, 2]]) == [0.3, 0.6, 2])
    }

    /// A pending point at a switch is respected: that switch is not proposed again (the next
    /// rule's is), and with both switches pending nothing is.
    @Test func aPendingSwitchIsNotProposed() {
        #expect(Self.proposal(offsets: [0.5, 0, 0.5], pending: [[0.3, 0.6, 1]]) == [0.3, 0.6, 2])
        #expect(Self.proposal(offsets: [0.5, 0, 0.5], pending: [[0.3, 0.6, 1], [0.3, 0.6, 2]]) == nil)
    }

    /// The last cycle improved when the last four values hold a new best.
    @Test func cycleImprovement() {
        #expect(CategorySwitch.cycleImproved([5, 4, 3, 6, 7, 2, 8]))
        #expect(!CategorySwitch.cycleImproved([5, 2, 3, 6, 7, 2, 8]))
    }

    /// No categories, no switch and no surrogate.
    @Test func nothingWithoutCategories() {
        let map = FeatureMap([.continuous, .continuous])
        #expect(CategorySwitch.surrogate([([0.1, 0.2], 1), ([0.5, 0.5], 2), ([0.9, 0.1], 3)], map: map, kernel: .cubic) == nil)
        let search = CandidateSearch(map: map, used: [[0.1, 0.2]])
        #expect(CategorySwitch(map: map).proposal(best: [0.1, 0.2], model: nil, search: search, used: [[0.1, 0.2]]) == nil)
    }

    /// The tail's category columns: per categorical dimension, the one-hot columns of the
    /// choices present except the first present one (absent ones would make it singular).
    @Test func tailColumnsSkipAbsentChoicesAndTheReference() {
        let map = FeatureMap([.categorical(choices: 3), .continuous, .categorical(choices: 4)])
        // Columns: 0-2 the first categorical, 3 the continuous, 4-7 the second categorical.
        let points: [Point] = [[1, 0.5, 0], [2, 0.1, 3], [1, 0.9, 2]]
        #expect(CategorySwitch.tailColumns(map: map, points: points) == [2, 6, 7])
    }
}
