import Foundation
@testable import HPOKit
import Testing

@Suite struct RBFModelTests {
    @Test(arguments: RBFModel.Kernel.allCases) func theInterpolantReproducesTheDataAtTheNodes(_ kernel: RBFModel.Kernel) throws {
        var rng = SplitMix64(seed: 4)
        let centers = (0..<25).map { _ in (0..<3).map { _ in Double.random(in: 0...1, using: &rng) } }
        let values = centers.map { sin(3 * $0[0]) + $0[1] * $0[1] - 2 * $0[2] }
        let model = try #require(RBFModel(centers: centers, values: values, kernel: kernel, orderedColumns: [0, 1, 2]))
        #expect(!model.regularized)
        for (center, value) in zip(centers, values) { #expect(abs(model.value(at: center) - value) < 1e-8) }
    }

    @Test func aLinearFunctionIsReproducedEverywhereByTheTail() throws {
        let centers = [[0.0, 0], [1, 0], [0, 1], [1, 1], [0.5, 0.3]]
        let model = try #require(RBFModel(centers: centers, values: centers.map { 2 * $0[0] - $0[1] + 1 }, kernel: .cubic,
                                          orderedColumns: [0, 1]))
        #expect(abs(model.value(at: [0.25, 0.75]) - (2 * 0.25 - 0.75 + 1)) < 1e-9)
    }

    @Test func duplicatePointsFallBackToARidgeInsteadOfCrashing() throws {
        let centers = [[0.2, 0.2], [0.2, 0.2], [0.8, 0.1], [0.5, 0.9], [0.1, 0.6]]
        let model = try #require(RBFModel(centers: centers, values: [1, 1, 2, 3, 4], kernel: .cubic, orderedColumns: [0, 1]))
        #expect(model.regularized)
        #expect(model.value(at: [0.5, 0.5]).isFinite)
    }

    @Test func valueTransformClipsAboveTheMedianAndLogsWideRanges() {
        // A far upper tail is clipped to the median; values spread evenly are kept.
        #expect(ValueTransform.apply([1, 2, 3, 4, 100]) == [1, 2, 3, 3, 3])
        #expect(ValueTransform.apply([1, 2, 3, 4, 5]) == [1, 2, 3, 4, 5])
        #expect(ValueTransform.apply([-6, -0.3, -0.1, -0.08, -0.05]) == [-6, -0.3, -0.1, -0.08, -0.05])
        let wide = ValueTransform.apply([0, 1, 10, 1e6, 1e7])
        #expect(wide[0] == 0 && abs(wide[1] - log(2)) < 1e-12 && abs(wide[4] - log1p(1e7)) < 1e-9)
        let skewed = ValueTransform.apply([0, 1, 2, 3, 900])
        #expect(skewed[4] == skewed[2])
    }

    @Test func rippasLeaveOneOutErrorEqualsRefittingWithoutEachPoint() throws {
        var rng = SplitMix64(seed: 5)
        let centers = (0..<12).map { _ in (0..<2).map { _ in Double.random(in: 0...1, using: &rng) } }
        let values = centers.map { sin(4 * $0[0]) + $0[1] }
        var direct = 0.0
        for left in centers.indices {
            let others = centers.indices.filter { $0 != left }
            let model = try #require(RBFModel(centers: others.map { centers[$0] }, values: others.map { values[$0] },
                                              kernel: .cubic, orderedColumns: [0, 1]))
            direct += pow(model.value(at: centers[left]) - values[left], 2)
        }
        let closed = try #require(RBFModel.leaveOneOutError(centers: centers, values: values, kernel: .cubic, orderedColumns: [0, 1]))
        #expect(abs(closed - direct) < 1e-8 * max(1, direct))
    }

    @Test func lengthScalesStretchTheAxisAFunctionVariesAlong() throws {
        // Varies fast along the first coordinate, slowly along the second.
        var rng = SplitMix64(seed: 6)
        let centers = (0..<20).map { _ in (0..<2).map { _ in Double.random(in: 0...1, using: &rng) } }
        let values = centers.map { sin(6 * $0[0]) + 0.1 * $0[1] }
        let map = FeatureMap([.continuous, .continuous])
        let scales = try #require(RBFOptimizer.lengthScales(centers: centers, values: values, kernel: .cubic, map: map))
        #expect(scales[0] > scales[1])
        // Too few points: isotropic.
        #expect(RBFOptimizer.lengthScales(centers: Array(centers.prefix(6)), values: Array(values.prefix(6)), kernel: .cubic,
                                          map: map) == nil)
    }

    /// Per-dimension scales are fitted only when asked (the cycle's local step); the global
    /// steps' surrogate keeps the plain metric even where the scales would differ.
    @Test func onlyTheLocalStepsSurrogateGetsPerDimensionScales() throws {
        var rng = SplitMix64(seed: 9)
        let map = FeatureMap([.continuous, .continuous, .continuous])
        let evaluated: [(Point, Double)] = (0..<40).map { _ in
            let point = (0..<3).map { _ in Double.random(in: 0...1, using: &rng) }
            return (point, sin(7 * point[0]) + 0.1 * point[1] + 0.05 * point[2])
        }
        let optimizer = RBFOptimizer(budget: 50)
        let local = try #require(optimizer.fit(evaluated, map: map, scaled: true))
        let global = try #require(optimizer.fit(evaluated, map: map, scaled: false))
        let scales = try #require(local.inputScales)
        #expect(scales[0] > scales[1] && scales[0] > scales[2])
        #expect(global.inputScales == nil)
    }
}
