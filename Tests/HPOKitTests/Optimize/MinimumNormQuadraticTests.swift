import Foundation
@testable import HPOKit
import Testing

/// The least-coupled quadratic: exact from 2m+1 points on a quadratic without coupling
/// (however ill-conditioned), exact on a coupled one once the points determine it, honest
/// leave-one-out errors, and the local step it gives in 10-D before the full model can run.
@Suite struct MinimumNormQuadraticTests {
    static func points(_ count: Int, dimension: Int, radius: Double, seed: UInt64) -> [[Double]] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { _ in (0..<dimension).map { _ in Double.random(in: -radius...radius, using: &rng) } }
    }

    /// An ellipsoid of condition 1e6 (the suite's), minimum at `center`.
    static func ellipsoid(_ z: [Double], center: [Double]) -> Double {
        let n = Double(z.count - 1)
        return z.indices.reduce(0) { $0 + pow(10, 6 * Double($1) / n) * (z[$1] - center[$1]) * (z[$1] - center[$1]) }
    }

    /// The model's stationary point, -H^-1 g.
    static func minimiser(_ model: MinimumNormQuadratic) throws -> [Double] {
        let m = model.gradient.count
        let lu = try #require(DenseLU(model.hessian, size: m))
        return lu.solve(model.gradient.map { -$0 })
    }

    @Test func recoversAnIllConditionedQuadraticsMinimiserFrom2mPlus1PointsIn10D() throws {
        let center = (0..<10).map { 0.3 * sin(Double($0 + 1)) }
        let offsets = Self.points(21, dimension: 10, radius: 1, seed: 11)
        let values = offsets.map { Self.ellipsoid($0, center: center) }
        let model = try #require(MinimumNormQuadratic(offsets: offsets, values: values))
        #expect(model.leaveOneOutFit == nil, "2m+1 points leave nothing to test the fit with")
        let found = try Self.minimiser(model)
        for i in 0..<10 { #expect(abs(found[i] - center[i]) < 1e-6, "coordinate \(i): \(found[i]) vs \(center[i])") }
    }

    @Test func aCoupledQuadraticIsExactOnceThePointsDetermineIt() throws {
        // 5-D, 21 terms: from 24 points the least-squares limit of the fit is the quadratic.
        let center = [0.2, -0.1, 0.3, 0.05, -0.25]
        func coupled(_ z: [Double]) -> Double {
            let d = zip(z, center).map { $0 - $1 }
            var total = 0.0
            for i in 0..<5 {
                total += Double(i + 1) * d[i] * d[i]
                if i > 0 { total += 0.8 * d[i] * d[i - 1] }
            }
            return total
        }
        let offsets = Self.points(24, dimension: 5, radius: 1, seed: 12)
        let model = try #require(MinimumNormQuadratic(offsets: offsets, values: offsets.map(coupled)))
        let found = try Self.minimiser(model)
        for i in 0..<5 { #expect(abs(found[i] - center[i]) < 1e-5, "coordinate \(i): \(found[i]) vs \(center[i])") }
        #expect(try #require(model.leaveOneOutFit) > 0.999999)
    }

    @Test func leaveOneOutErrorsMatchRefittingWithoutEachPoint() throws {
        // A smooth function no quadratic matches: the closed form against refits.
        let offsets = Self.points(16, dimension: 5, radius: 1, seed: 13)
        let values = offsets.map { z in exp(0.7 * z[0]) + sin(2 * z[1]) * z[2] + z[3] * z[3] * z[4] }
        let model = try #require(MinimumNormQuadratic(offsets: offsets, values: values))
        var errors = 0.0
        for k in offsets.indices {
            var rest = offsets, restValues = values
            rest.remove(at: k)
            restValues.remove(at: k)
            let refit = try #require(MinimumNormQuadratic(offsets: rest, values: restValues))
            // The refit's value at the left-out point: its constant is its value at 0.
            let constant = Self.constant(of: refit, offsets: rest, values: restValues)
            let error = values[k] - (constant + refit.change(at: offsets[k]))
            errors += error * error
        }
        let mean = values.reduce(0, +) / Double(values.count)
        let spread = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        let fit = try #require(model.leaveOneOutFit)
        #expect(abs(fit - (1 - errors / spread)) < 1e-6, "closed form \(fit) vs refits \(1 - errors / spread)")
        #expect(fit < 0.99, "no quadratic explains these values: \(fit)")
    }

    /// An interpolant's constant: any point's value less the model's change there.
    static func constant(of model: MinimumNormQuadratic, offsets: [[Double]], values: [Double]) -> Double {
        values[0] - model.change(at: offsets[0])
    }

    @Test func theLocalStepIn10DGoesToTheEllipsoidsMinimumBeforeTheFullModelCouldRun() throws {
        // 30 points (the full model needs 68): the step lands on the minimum, inside its region.
        let center = (0..<10).map { 0.5 + 0.05 * cos(Double($0)) }
        let map = FeatureMap(Array(repeating: .continuous, count: 10))
        var rng = SplitMix64(seed: 14)
        let points = (0..<30).map { _ in (0..<10).map { _ in 0.5 + Double.random(in: -0.1...0.1, using: &rng) } }
        let evaluated = points.map { ($0, Self.ellipsoid($0, center: center)) }
        let best = evaluated.min { $0.1 < $1.1 }!.0
        let step = try #require(LocalQuadratic(map: map).step(best: best, evaluated: evaluated))
        for i in 0..<10 { #expect(abs(step[i] - center[i]) < 1e-6, "coordinate \(i): \(step[i]) vs \(center[i])") }
    }

    @Test func theLocalStepIn10DIsNotTakenWhereNoQuadraticFits() {
        let map = FeatureMap(Array(repeating: .continuous, count: 10))
        var rng = SplitMix64(seed: 15)
        let points = (0..<30).map { _ in (0..<10).map { _ in Double.random(in: 0...1, using: &rng) } }
        let evaluated = points.map { p in (p, p.reduce(0) { $0 + cos(9 * $1) }) }
        let best = evaluated.min { $0.1 < $1.1 }!.0
        #expect(LocalQuadratic(map: map).step(best: best, evaluated: evaluated) == nil)
    }
}
