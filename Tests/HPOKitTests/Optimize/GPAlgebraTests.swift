@testable import HPOKit
import Testing

/// The GP's algebra against numpy/scipy: the numbers below are printed by
/// Scripts/reference/gp_reference.py (Matern through scipy's Bessel function, scipy's
/// Cholesky, the likelihood gradient by central differences).
@Suite struct GPAlgebraTests {
    static let rows: [Double] = [0.10, 0.20, 0, 0.40, 0.90, 1, 0.75, 0.30, 0, 0.95, 0.85, 2, 0.50, 0.50, 1, 0.20, 0.70, 2]
    static let targets: [Double] = [0.3, -1.2, 0.8, 1.5, -0.4, 0.1]
    static let tests: [[Double]] = [[0.30, 0.40, 0], [0.80, 0.60, 1]]
    static let categorical = [false, false, true]

    struct Reference: Sendable, CustomTestStringConvertible {
        var family: GPKernel.Family
        var diagonal: [Double], row5: [Double], lml: Double, gradient: [Double], mean: [Double], variance: [Double]
        var testDescription: String { "\(family)" }
    }

    static let references = [
        Reference(family: .matern(nu: 0.5),
                  diagonal: [1.1445523142259597, 1.1365110938010452, 1.1302366000914392, 1.1243144546307913, 1.0178655754527182, 1.0914877151039115],
                  row5: [0.22140373771509836, 0.23607683008781621, 0.05711085251221366, 0.05156451531748303, 0.08934279089057039, 1.0914877151039115],
                  lml: -7.963174998747762,
                  gradient: [-0.10488057977653398, 0.26536876340799154, -0.0310405789960555, -1.1473990384480715, -0.010883828061025724],
                  mean: [0.13106169687288785, 0.16501598424429142], variance: [0.941015966168649, 1.0476317356486837]),
        Reference(family: .matern(nu: 1.5),
                  diagonal: [1.1445523142259597, 1.1367144945848162, 1.1305921326381472, 1.1215057497053829, 0.9258054379668856, 1.0748846931983622],
                  row5: [0.2563165823217812, 0.2869301685162141, 0.03775214565068125, 0.037887578815362366, 0.06111539266241293, 1.0748846931983622],
                  lml: -7.835357646889843,
                  gradient: [-0.08788261807168851, 0.4100922148531083, 0.05032979544239424, -1.1612781269931816, -0.012686998118738302],
                  mean: [0.18316395263999377, 0.2378750910919911], variance: [0.715451779935727, 0.9059305247084016]),
        Reference(family: .matern(nu: 2.5),
                  diagonal: [1.1445523142259597, 1.1371525186715252, 1.1313363444248874, 1.1209806440246475, 0.8861428496350322, 1.068280046201131],
                  row5: [0.26733187909525585, 0.3054975882534078, 0.029340072495408202, 0.03194555606675635, 0.04583966047878181, 1.068280046201131],
                  lml: -7.784701468420889,
                  gradient: [-0.07689634706764537, 0.4537174445040648, 0.09797779254583361, -1.1618624924381038, -0.013384380714853705],
                  mean: [0.20066479582018562, 0.27229336594906645], variance: [0.6280725802062139, 0.8438790753355173]),
        Reference(family: .rbf,
                  diagonal: [1.1445523142259597, 1.1384144252254353, 1.1334861986282023, 1.1192084312484696, 0.7940987740295323, 1.0460909408809866],
                  row5: [0.29835988310274797, 0.35542913075109916, 0.006064671537408496, 0.015885856371241115, 0.007491054776236925, 1.0460909408809866],
                  lml: -7.666197542070804,
                  gradient: [-0.06617802306152498, 0.5054729133036062, 0.23397237836064733, -1.1495324381272098, -0.014983797314016556],
                  mean: [0.22186573088935313, 0.3495098330679011], variance: [0.4472577246878233, 0.6829637998262896]),
    ]

    static func close(_ a: [Double], _ b: [Double], _ tolerance: Double) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance * max(1, abs($1)) }
    }

    @Test(arguments: references) func choleskyLikelihoodAndPosteriorMatchScipy(_ reference: Reference) throws {
        let kernel = GPKernel(family: reference.family, lengthScales: [0.3, 0.5, 0.8], signal: 1.3, noise: 0.01)
        let gp = try #require(GaussianProcess(kernel: kernel, categorical: Self.categorical, rows: Self.rows,
                                              targets: Self.targets))
        #expect(gp.factor.jitter == 0)
        let diagonal = (0..<6).map { gp.factor.lower[$0 * 6 + $0] }
        #expect(Self.close(diagonal, reference.diagonal, 1e-12), "\(diagonal)")
        #expect(Self.close(Array(gp.factor.lower[30..<36]), reference.row5, 1e-12))
        #expect(abs(gp.logMarginalLikelihood - reference.lml) < 1e-12)
        // The reference gradient is a central difference: agreement to ~1e-8.
        #expect(Self.close(gp.logMarginalLikelihoodGradient(), reference.gradient, 1e-7), "\(gp.logMarginalLikelihoodGradient())")
        let predictions = Self.tests.map { gp.predict($0) }
        #expect(Self.close(predictions.map(\.mean), reference.mean, 1e-12))
        #expect(Self.close(predictions.map(\.variance), reference.variance, 1e-12))
        // The batch form (the acquisition search's) gives the same numbers.
        let batch = gp.predict(rows: Self.tests.flatMap { $0 })
        #expect(Self.close(batch.map(\.mean), reference.mean, 1e-12))
        #expect(Self.close(batch.map(\.variance), reference.variance, 1e-12))
    }

    @Test func batchPredictionMatchesOneAtATimeOnALargerProblem() throws {
        var rng = SplitMix64(seed: 21)
        let rows = (0..<60 * 3).map { index in index % 3 == 2 ? Double(Int.random(in: 0..<4, using: &rng))
            : Double.random(in: 0...1, using: &rng) }
        let targets = (0..<60).map { _ in Double.random(in: -1...1, using: &rng) }
        let kernel = GPKernel(family: .matern(nu: 2.5), lengthScales: [0.2, 0.4, 1], signal: 1.1, noise: 1e-4)
        let gp = try #require(GaussianProcess(kernel: kernel, categorical: Self.categorical, rows: rows, targets: targets))
        let points = (0..<37).map { _ in [Double.random(in: 0...1, using: &rng), Double.random(in: 0...1, using: &rng),
                                          Double(Int.random(in: 0..<4, using: &rng))] }
        let batch = gp.predict(rows: points.flatMap { $0 })
        for (point, predicted) in zip(points, batch) {
            let single = gp.predict(point)
            #expect(abs(single.mean - predicted.mean) < 1e-10 && abs(single.variance - predicted.variance) < 1e-10)
        }
    }

    @Test func logExpectedImprovementIsFiniteAndOrderedWhereExpectedImprovementUnderflows() {
        // mpmath (50 digits): log(z Φ(z) + φ(z)) at z = 1, -3, -7, -10, -40 and log Φ(z) at -10, -40.
        let logH: [(Double, Double)] = [(1, 0.08002621884930694), (-3, -7.869686059603029), (-7, -29.368107183141277),
                                        (-10, -55.55312203612235), (-40, -808.29856835662)]
        for (z, expected) in logH { #expect(abs(Acquisition.logH(z) - expected) < 1e-4 * max(1, abs(expected)), "z = \(z)") }
        #expect(abs(Acquisition.logCDF(-10) - -53.23128515051247) < 1e-4)
        #expect(abs(Acquisition.logCDF(-40) - -804.6084420137538) < 1e-3)
        // Far from the best, plain EI is exactly 0 at both points; its logarithm still prefers the nearer.
        let ei = Acquisition.ei(xi: 0)
        let near = ei.score(mean: 40, variance: 1, best: 0), far = ei.score(mean: 45, variance: 1, best: 0)
        #expect(near.isFinite && far.isFinite && near > far)
        #expect(ei.score(mean: 0.1, variance: 0.04, best: 0) > ei.score(mean: 0.3, variance: 0.04, best: 0))
    }

    @Test func choleskyAddsJitterOnlyWhenItMustAndInverts() throws {
        // Rank one (all entries 1): positive semi-definite, factorised with a small jitter.
        let ones = [Double](repeating: 1, count: 9)
        let factor = try #require(Cholesky(ones, size: 3))
        #expect(factor.jitter > 0 && factor.jitter <= 1e-6)
        #expect(Cholesky([1, 2, 2, 1], size: 2) == nil, "indefinite: no jitter makes it positive definite")
        #expect(Cholesky([.nan, 0, 0, 1], size: 2) == nil)
        let a: [Double] = [4, 2, 0.4, 2, 5, 1, 0.4, 1, 3]
        let exact = try #require(Cholesky(a, size: 3))
        #expect(exact.jitter == 0)
        let inverse = exact.inverse()
        for i in 0..<3 { for j in 0..<3 {
            let product = (0..<3).reduce(0.0) { $0 + a[i * 3 + $1] * inverse[$1 * 3 + j] }
            #expect(abs(product - (i == j ? 1 : 0)) < 1e-12)
        } }
        let x = exact.solve([1, 2, 3])
        for i in 0..<3 { #expect(abs((0..<3).reduce(0.0) { $0 + a[i * 3 + $1] * x[$1] } - Double(i + 1)) < 1e-12) }
    }
}
