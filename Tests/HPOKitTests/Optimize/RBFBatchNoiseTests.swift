import Foundation
@testable import HPOKit
import Testing

/// The RBF optimizer with inactive conditional coordinates (NaN) and in its noisy mode; its
/// parallel batches are in RBFParallelBatchTests.
@Suite struct RBFBatchNoiseTests {
    static let box: [HPOKit.Dimension] = [.continuous, .continuous]

    static func branin(_ u: Point) -> Double {
        let x = -5 + 15 * u[0], y = 15 * u[1]
        let inner = y - 5.1 / (4 * .pi * .pi) * x * x + 5 / .pi * x - 6
        return inner * inner + 10 * (1 - 1 / (8 * .pi)) * cos(x) + 10
    }

    /// `count` sequential suggestions on `f`, each seeded per trial.
    static func history(_ optimizer: RBFOptimizer, dimensions: [HPOKit.Dimension], count: Int, seed: UInt64,
                        f: (Point) -> Double) -> [Observation] {
        var history: [Observation] = []
        for trial in 1...count {
            var rng = SplitMix64(seed: seed, stream: UInt64(trial))
            let point = optimizer.suggest(dimensions: dimensions, history: history, pending: [], using: &rng)!
            history.append(Observation(point: point, outcome: .value(f(point))))
        }
        return history
    }

    /// Contract: an inactive conditional coordinate is NaN in history and pending points;
    /// the optimizer learns nothing from it and never proposes NaN.
    @Test func nanCoordinatesAreImputedAndNeverProposed() {
        let dimensions: [HPOKit.Dimension] = [.continuous, .categorical(choices: 2), .continuous, .ordinal(levels: 5)]
        let optimizer = RBFOptimizer(budget: 40)
        var history: [Observation] = []
        var pending: [Point] = []
        for trial in 1...40 {
            var rng = SplitMix64(seed: 9, stream: UInt64(trial))
            guard let point = optimizer.suggest(dimensions: dimensions, history: history, pending: pending, using: &rng) else {
                Issue.record("no proposal at trial \(trial)")
                return
            }
            #expect(point.allSatisfy { $0.isFinite }, "trial \(trial): \(point)")
            // Category 0 switches the two conditional coordinates off: they are NaN.
            var recorded = point
            if point[1] == 0 {
                recorded[2] = .nan
                recorded[3] = .nan
            }
            let value = (point[0] - 0.3) * (point[0] - 0.3) + (point[1] == 0 ? 0.5 : pow(point[2] - 0.6, 2) + 0.01 * point[3])
            if trial % 5 == 0 { pending.append(recorded) } else {
                history.append(Observation(point: recorded, outcome: .value(value)))
            }
        }
        let map = FeatureMap(dimensions)
        #expect(map.imputed([0.2, 0, .nan, .nan]) == [0.2, 0, 0.5, 2])
    }

    /// The noisy mode's ridge, chosen by leave-one-out error: none to speak of on exact
    /// values of a smooth function, a clear one on the same values with noise.
    @Test func theNoisyModeSmoothsNoisyValuesOnly() {
        let map = FeatureMap(Self.box)
        var rng = SplitMix64(seed: 4)
        let points = (0..<40).map { _ in [Double.random(in: 0...1, using: &rng), Double.random(in: 0...1, using: &rng)] }
        let exact = points.map { pow($0[0] - 0.4, 2) + 2 * pow($0[1] - 0.6, 2) }
        let noisy = exact.map { $0 + 0.05 * (Double.random(in: 0..<1, using: &rng) - 0.5) * 3.46 }
        let centers = points.map(map.features)
        let none = RBFOptimizer.smoothing(centers: centers, values: exact, kernel: .cubic, map: map, scales: nil)
        let some = RBFOptimizer.smoothing(centers: centers, values: noisy, kernel: .cubic, map: map, scales: nil)
        #expect(none == 0, "exact values: \(none)")
        #expect(some >= 1e-3, "noisy values: \(some)")
        // The smoothed model is closer to the truth than the interpolant at new points.
        let interpolant = RBFModel(centers: centers, values: noisy, kernel: .cubic, orderedColumns: map.orderedColumns)!
        let smoothed = RBFModel(centers: centers, values: noisy, kernel: .cubic, orderedColumns: map.orderedColumns, smoothing: some)!
        var errors = (interpolant: 0.0, smoothed: 0.0)
        for _ in 0..<200 {
            let x = [Double.random(in: 0...1, using: &rng), Double.random(in: 0...1, using: &rng)]
            let truth = pow(x[0] - 0.4, 2) + 2 * pow(x[1] - 0.6, 2)
            errors.interpolant += pow(interpolant.value(at: x) - truth, 2)
            errors.smoothed += pow(smoothed.value(at: x) - truth, 2)
        }
        #expect(errors.smoothed < errors.interpolant, "\(errors)")
    }
}
