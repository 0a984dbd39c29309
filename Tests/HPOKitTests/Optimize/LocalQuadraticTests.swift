import Foundation
@testable import HPOKit
import Testing

/// The local phase's quadratic step: exact on a quadratic, bounded by its region, silent
/// where a quadratic does not describe the data, categories left alone.
@Suite struct LocalQuadraticTests {
    /// `count` points uniform in the square of half-width `radius` around `center`.
    static func cloud(around center: [Double], radius: Double, count: Int, seed: UInt64) -> [Point] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { _ in center.map { $0 + Double.random(in: -radius...radius, using: &rng) } }
    }

    static func bowl(_ p: Point) -> Double {
        let a = p[0] - 0.3, b = p[1] - 0.7
        return 4 * a * a + 9 * b * b + 3 * a * b
    }

    @Test func onAQuadraticTheStepLandsOnItsMinimum() throws {
        let points = Self.cloud(around: [0.35, 0.62], radius: 0.08, count: 12, seed: 1)
        let evaluated = points.map { ($0, Self.bowl($0)) }
        let best = evaluated.min { $0.1 < $1.1 }!.0
        let map = FeatureMap([.continuous, .continuous])
        let step = try #require(LocalQuadratic(map: map).step(best: best, evaluated: evaluated))
        #expect(abs(step[0] - 0.3) < 1e-6 && abs(step[1] - 0.7) < 1e-6, "\(step)")
    }

    @Test func theStepStaysInsideItsRegion() throws {
        // The bowl's minimum is far from a small cloud: the step stops at the region's edge,
        // twice the neighbourhood's radius from the best point, but does go towards it.
        let points = Self.cloud(around: [0.8, 0.2], radius: 0.01, count: 12, seed: 2)
        let evaluated = points.map { ($0, Self.bowl($0)) }
        let best = evaluated.min { $0.1 < $1.1 }!.0
        let map = FeatureMap([.continuous, .continuous])
        let step = try #require(LocalQuadratic(map: map).step(best: best, evaluated: evaluated))
        // The fit uses the 9 nearest points (1.6 per term of 6); the region's half-width is
        // twice the farthest one's distance.
        let reach = points.map { hypot($0[0] - best[0], $0[1] - best[1]) }.sorted()[8]
        let moved = max(abs(step[0] - best[0]), abs(step[1] - best[1]))
        #expect(moved <= 2 * reach + 1e-12)
        #expect(moved > 2 * reach - 1e-9, "the model says keep going: the step reaches the edge")
        #expect(Self.bowl(step) < Self.bowl(best), "downhill: \(Self.bowl(step)) vs \(Self.bowl(best))")
    }

    @Test func aStepTheHistoryRefutedIsShortened() throws {
        // The same far bowl: first the step as the model proposes it, then the same history
        // with a worse value already measured at that step's end. That point is too far to
        // enter the fit, so only the refutation can change the step: it is halved.
        let points = Self.cloud(around: [0.8, 0.2], radius: 0.01, count: 12, seed: 2)
        let evaluated = points.map { ($0, Self.bowl($0)) }
        let best = evaluated.min { $0.1 < $1.1 }!
        let map = FeatureMap([.continuous, .continuous])
        let step = try #require(LocalQuadratic(map: map).step(best: best.0, evaluated: evaluated))
        let length = hypot(step[0] - best.0[0], step[1] - best.0[1])
        let refuted = evaluated + [(step, best.1 + 1)]
        let shorter = try #require(LocalQuadratic(map: map).step(best: best.0, evaluated: refuted))
        let shorterLength = hypot(shorter[0] - best.0[0], shorter[1] - best.0[1])
        #expect(shorterLength <= 0.75 * length, "\(shorterLength) vs \(length)")
        #expect(shorterLength >= 0.25 * length, "one halving, not a collapse: \(shorterLength) vs \(length)")
        #expect(Self.bowl(shorter) < best.1, "still downhill")
        // A better value at the step's end refutes nothing: the step is the model's.
        let confirmed = evaluated + [(step, best.1 - 1)]
        #expect(LocalQuadratic(map: map).step(best: best.0, evaluated: confirmed) == step)
    }

    @Test func aModelThatDoesNotFitIsNotUsed() {
        // Scattered points of a wavy function: no quadratic explains them.
        let points = Self.cloud(around: [0.5, 0.5], radius: 0.5, count: 30, seed: 3)
        let evaluated = points.map { ($0, sin(17 * $0[0]) * cos(13 * $0[1])) }
        let best = evaluated.min { $0.1 < $1.1 }!.0
        #expect(LocalQuadratic(map: FeatureMap([.continuous, .continuous])).step(best: best, evaluated: evaluated) == nil)
    }

    @Test func tooFewPointsGiveNoStep() {
        let points = Self.cloud(around: [0.5, 0.5], radius: 0.1, count: 7, seed: 4)
        let evaluated = points.map { ($0, Self.bowl($0)) }
        #expect(LocalQuadratic(map: FeatureMap([.continuous, .continuous])).step(best: points[0], evaluated: evaluated) == nil)
    }

    @Test func categoriesStayAtTheBestPointsAndOnlyItsCategoryIsFitted() throws {
        // Category 1 holds the bowl; category 0 holds far better but unrelated values that
        // must not enter the fit.
        let inside = Self.cloud(around: [0.35, 0.62], radius: 0.08, count: 12, seed: 5).map { $0 + [1] }
        let outside = Self.cloud(around: [0.35, 0.62], radius: 0.08, count: 12, seed: 6).map { $0 + [0] }
        let evaluated = inside.map { ($0, Self.bowl($0)) } + outside.map { ($0, -10 + sin(40 * $0[0])) }
        let best = inside.min { Self.bowl($0) < Self.bowl($1) }!
        let map = FeatureMap([.continuous, .continuous, .categorical(choices: 3)])
        let step = try #require(LocalQuadratic(map: map).step(best: best, evaluated: evaluated))
        #expect(step[2] == 1)
        #expect(abs(step[0] - 0.3) < 1e-6 && abs(step[1] - 0.7) < 1e-6, "\(step)")
    }
}
