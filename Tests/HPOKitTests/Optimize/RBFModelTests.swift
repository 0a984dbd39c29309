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
        #expect(ValueTransform.apply([1, 2, 3, 4, 100]) == [1, 2, 3, 3, 3])
        let wide = ValueTransform.apply([0, 1, 10, 1e6, 1e7])
        #expect(wide[0] == 0 && abs(wide[1] - log(2)) < 1e-12 && wide[3] == wide[2])
    }
}
