import Foundation
@testable import HPOKit
@testable import OptimizerBench
import Testing

/// `tpe`: seeded runs on Branin and a mixed problem against thresholds measured with
/// `make bench-optimizers` (median over seeds), pending points, inactive coordinates.
@Suite struct TPETests {
    static func medianGap(_ problem: TestProblem, _ method: MethodName, evaluations: Int, seeds: UInt64) -> Double {
        let gaps = (0..<seeds).map { BenchRun(problem: problem, method: method, evaluations: evaluations, seed: $0)
            .gap(after: evaluations) }.sorted()
        return gaps[gaps.count / 2]
    }

    @Test(.timeLimit(.minutes(2))) func tpeBeatsRandomSearchOnBraninAndTheMixedProblem() {
        for problem in [TestProblem.branin, TestProblem.mixed] {
            let tpe = Self.medianGap(problem, .tpe, evaluations: 60, seeds: 5)
            let random = Self.medianGap(problem, .random, evaluations: 60, seeds: 5)
            #expect(tpe < TPETests.thresholds[problem.name]!, "\(problem.name): tpe \(tpe), random \(random)")
            #expect(tpe < random, "\(problem.name): tpe \(tpe), random \(random)")
        }
    }

    /// Measured (5 seeds, 60 evaluations): branin below 0.1, mixed 0.21 (random 0.29).
    static let thresholds = ["branin": 0.1, "mixed": 0.25]

    @Test func pendingPointsSpreadParallelProposals() {
        // 30 finished trials near one corner; four proposals in a row, each seeing the ones before as pending.
        var rng = SplitMix64(seed: 4)
        let history = (0..<30).map { _ -> Observation in
            let point = [Double.random(in: 0...1, using: &rng), Double.random(in: 0...1, using: &rng)]
            return Observation(point: point, outcome: .value(hypot(point[0] - 0.2, point[1] - 0.2)))
        }
        let optimizer = TPEOptimizer()
        var pending: [Point] = []
        for stream in 0..<4 {
            var streamRNG = SplitMix64(seed: 9, stream: UInt64(stream))
            pending.append(optimizer.suggest(dimensions: [.continuous, .continuous], history: history, pending: pending,
                                             using: &streamRNG)!)
        }
        var closest = Double.infinity
        for i in pending.indices { for j in pending.indices where j > i {
            closest = min(closest, hypot(pending[i][0] - pending[j][0], pending[i][1] - pending[j][1]))
        } }
        #expect(closest > 0.01, "\(pending)")
        #expect(pending.allSatisfy { hypot($0[0] - 0.2, $0[1] - 0.2) < 0.4 }, "still near the good region: \(pending)")
    }

    @Test(arguments: [true, false]) func inactiveCoordinatesAreLeftOutAndProposalsAreFinite(_ multivariate: Bool) {
        // The second parameter exists only when the first (categorical) is 1.
        var settings = TPEOptimizer.Settings()
        settings.multivariate = multivariate
        settings.startupTrials = 5
        let optimizer = TPEOptimizer(settings: settings)
        let dimensions: [HPOKit.Dimension] = [.categorical(choices: 2), .continuous, .ordinal(levels: 4)]
        var history: [Observation] = []
        for trial in 0..<40 {
            var rng = SplitMix64(seed: 3, stream: UInt64(trial))
            var point = optimizer.suggest(dimensions: dimensions, history: history, pending: [], using: &rng)!
            #expect(point.allSatisfy { $0.isFinite })
            if point[0] == 0 { point[1] = .nan }
            let value = point[0] == 0 ? 1.0 : abs(point[1] - 0.8) + abs(point[2] - 2) / 10
            history.append(Observation(point: point, outcome: .value(value)))
        }
        let late = history.suffix(15)
        #expect(late.filter { $0.point[0] == 1 }.count >= 10, "the active branch is the better one")
        let active = late.filter { $0.point[0] == 1 }.map { $0.point[1] }
        #expect(active.sorted()[active.count / 2] > 0.6 && active.sorted()[active.count / 2] < 1, "\(active)")
    }

    @Test func linearForgettingWeighsTheLast25Fully() {
        #expect(TPEOptimizer.forgettingWeights(10) == [Double](repeating: 1, count: 10))
        let weights = TPEOptimizer.forgettingWeights(35)
        #expect(weights.count == 35 && weights.suffix(25).allSatisfy { $0 == 1 })
        #expect(abs(weights[0] - 1.0 / 35) < 1e-12 && abs(weights[9] - 1) < 1e-12 && weights[1] < weights[2])
    }

    @Test func theSplitTakesCeilGammaNOfTheBestAsGoodAtMost25() {
        let optimizer = TPEOptimizer()
        let history = (0..<100).map { Observation(point: [Double($0) / 100], outcome: .value(Double(100 - $0))) }
        let (good, bad, _) = optimizer.split(history + [Observation(point: [0.5], outcome: .failure)], pending: [[0.25]])
        #expect(good.map(\.point) == (75..<100).map { [Double($0) / 100] }, "ceil(0.25 * 100) capped at 25")
        #expect(bad.count == 77, "the 75 others, the failure and the pending point")
        #expect(optimizer.split(Array(history.prefix(10)), pending: []).good.count == 3, "ceil(0.25 * 10)")
    }

    @Test func theGoodTrialsWeighByTheirImprovementOnTheThreshold() {
        let weights = TPEOptimizer.improvementWeights([3, 1, 2], threshold: 3) ?? []
        #expect(weights.count == 3 && zip(weights, [0.1, 1.1, 0.35]).allSatisfy { abs($0 - $1) < 1e-12 },
                "0.1 + r^2 with r = (3 - value) / (3 - 1): \(weights)")
        #expect(TPEOptimizer.improvementWeights([2, 2], threshold: 2) == nil, "none better than the threshold")
        // 20 trials of values 20, 19, ..., 1: the good group is the best ceil(0.25 * 20) = 5
        // (values 1...5, the last five in start order), the threshold the best bad value 6.
        let history = (0..<20).map { Observation(point: [Double($0) / 20], outcome: .value(Double(20 - $0))) }
        let (good, bad, _) = TPEOptimizer().split(history, pending: [])
        #expect(good.map(\.point) == (15..<20).map { [Double($0) / 20] })
        let expected: [Double] = [5.0, 4, 3, 2, 1].map { (v: Double) -> Double in 0.1 + ((6 - v) / 5) * ((6 - v) / 5) }
        #expect(zip(good.map(\.weight), expected).allSatisfy { abs($0 - $1) < 1e-12 }, "\(good.map(\.weight))")
        #expect(bad.allSatisfy { $0.weight == 1 }, "fewer than 26 trials: no forgetting")
    }

    @Test func lateInARunAShareOfTheCandidatesIsDrawnAroundTheBestTrial() {
        let counts = [10, 50, 52, 53, 75, 100, 400].map { TPEOptimizer.exploitingCandidates(trials: $0, of: 24) }
        #expect(counts == [0, 0, 0, 1, 6, 12, 12], "none to trial 52, then linearly to half at 100: \(counts)")
        // 40 trials of values 40, ..., 1 and a failure: the good group is the last 10 in start
        // order, the best (value 1, trial 39) the last of them.
        var history = (0..<40).map { Observation(point: [Double($0) / 40], outcome: .value(Double(40 - $0))) }
        history.insert(Observation(point: [0.5], outcome: .failure), at: 35)
        #expect(TPEOptimizer().split(history, pending: []).bestGood == 9)
        history.swapAt(0, 40)
        #expect(TPEOptimizer().split(history, pending: []).bestGood == 0, "the best trial first in start order")
        #expect(TPEOptimizer().split([Observation(point: [0.5], outcome: .failure)], pending: []).bestGood == nil)
    }

    @Test func aComponentsDrawsSpreadByItsScaledBandwidth() {
        // Components at 0.3, 0.5 and 0.7 (sigma 0.2 each, the larger gap) and the prior.
        let l = ParzenEstimator(dimensions: [.continuous, .categorical(choices: 3)], points: [[0.3, 0], [0.5, 2], [0.7, 1]],
                                weights: [1, 1, 1], priorWeight: 1, bandwidth: .neighboursWithEndpoints)
        var rng = SplitMix64(seed: 11)
        func spread(_ scale: Double) -> (deviation: Double, onCentre: Double) {
            let draws = (0..<4000).map { _ in l.sample(component: 1, sigmaScale: scale, using: &rng) }
            let deviation = (draws.map { ($0[0] - 0.5) * ($0[0] - 0.5) }.reduce(0, +) / Double(draws.count)).squareRoot()
            return (deviation, Double(draws.filter { $0[1] == 2 }.count) / Double(draws.count))
        }
        let (full, half) = (spread(1), spread(0.5))
        // Truncation to [0, 1] narrows the full kernel (0.2 -> about 0.19); the half one is 0.1.
        #expect(abs(half.deviation - 0.1) < 0.01 && full.deviation > 0.16 && full.deviation < 0.2, "\(full) \(half)")
        // The categorical kernel is not scaled: 1 + eps on the observed choice, eps = 1 / 4 each.
        #expect(abs(half.onCentre - 1.25 / 1.75) < 0.03 && abs(full.onCentre - 1.25 / 1.75) < 0.03, "\(full) \(half)")
    }
}
