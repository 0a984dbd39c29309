import Foundation
import HPOKit
import Testing

extension ObjectiveRule {
    /// The TEST metric `accuracy`, its last value by default (bench-pruning's rule).
    static func accuracy(_ direction: Direction, _ strategy: ObjectiveStrategy = .last) -> ObjectiveRule {
        ObjectiveRule(metric: "accuracy", direction: direction, strategy: strategy)
    }
}

/// A pruned trial carried to the end by the completed trials' gain when their values at its
/// pruning iteration rank as their ends do (`PrunedGain`), else at worst their median.
@Suite struct PrunedGainTests {
    /// A trial with an accuracy curve: `values[i]` at iteration i + 1.
    private func trial(_ number: Int, _ state: TrialState, _ values: [Double], prunedAt: Int? = nil) -> TrialRecord {
        var record = TrialRecord(subid: ExperimentDirectory.subid(number), point: [Double(number)], config: Config())
        record.state = state
        let entries = values.enumerated().map { TestHistory.Entry(iteration: $0.offset + 1, value: $0.element) }
        record.testHistory = TestHistory(metrics: ["accuracy": entries])
        record.prunedAtIteration = prunedAt
        record.objective = values.last
        return record
    }

    /// Five completed trials whose accuracy at iteration 1 ranks as at the end (3), each
    /// gaining 0.3, 0.3, 0.3, 0.4, 0.5 (median 0.3); their ends 0.6 ... 0.95 (median 0.8).
    private var rankingEarly: [TrialRecord] {
        [trial(1, .completed, [0.3, 0.5, 0.6]), trial(2, .completed, [0.4, 0.6, 0.7]), trial(3, .completed, [0.5, 0.7, 0.8]),
         trial(4, .completed, [0.5, 0.8, 0.9]), trial(5, .completed, [0.45, 0.9, 0.95])]
    }

    private func expectValues(_ outcomes: [Observation.Outcome], _ expected: [Double]) {
        #expect(outcomes.count == expected.count)
        for (outcome, value) in zip(outcomes, expected) {
            guard case .value(let told) = outcome else {
                Issue.record("not a value: \(outcome)")
                continue
            }
            #expect(abs(told - value) < 1e-12, Comment(rawValue: "told \(told), expected \(value)"))
        }
    }

    @Test func whereTheCompletedTrialsRankEarlyAPrunedTrialIsCarriedByTheirMedianGain() {
        // Ranks at 1: 1, 2, 4.5, 4.5, 3 against 1 ... 5 at the end: correlation 0.82. Pruned at
        // 0.2 after iteration 1: told 0.2 + 0.3 = 0.5, below the median 0.8, so kept; the
        // median rule would have said 0.8. Pruned at 0.45: 0.75. At 0.6: 0.9 is better than
        // the median, so 0.8 (a pruned trial is not among the best).
        let trials = rankingEarly + [trial(6, .pruned, [0.2], prunedAt: 1), trial(7, .pruned, [0.45], prunedAt: 1),
                                     trial(8, .pruned, [0.6], prunedAt: 1)]
        let told = PrunedObservation.observations(trials, rule: .accuracy(.maximize)).suffix(3).map(\.outcome)
        expectValues(Array(told), [-0.5, -0.75, -0.8])
    }

    @Test func whereTheCurvesCrossThePrunedTrialIsToldTheMedian() {
        // The fast starters end worst: ranks at iteration 1 reversed at the end (correlation -1).
        let crossing = [trial(1, .completed, [0.7, 0.7, 0.6]), trial(2, .completed, [0.6, 0.7, 0.7]),
                        trial(3, .completed, [0.5, 0.7, 0.8]), trial(4, .completed, [0.4, 0.8, 0.9]),
                        trial(5, .completed, [0.3, 0.9, 0.95])]
        let gain = PrunedGain(completed: crossing, rule: .accuracy(.maximize), iterations: [1, 2])
        #expect(gain.gain(at: 1) == nil)
        // What it saw, for people: a correlation of -1 among the 5.
        #expect(gain.evidence[1].map { abs($0.correlation - -1) < 1e-12 && $0.trials == 5 } == true)
        let trials = crossing + [trial(6, .pruned, [0.2], prunedAt: 1)]
        #expect(PrunedObservation.observations(trials, rule: .accuracy(.maximize)).last?.outcome == .value(-0.8))
    }

    @Test func fewerThanFiveCompletedTrialsVouchForNothing() {
        let four = Array(rankingEarly.prefix(4))
        #expect(PrunedGain(completed: four, rule: .accuracy(.maximize), iterations: [1]).gain(at: 1) == nil)
        #expect(PrunedGain(completed: rankingEarly, rule: .accuracy(.maximize), iterations: [1]).gain(at: 1)
            .map { abs($0 - -0.3) < 1e-12 } == true)
        // Only the pruning iterations asked for are computed.
        #expect(PrunedGain(completed: rankingEarly, rule: .accuracy(.maximize), iterations: [1]).gain(at: 2) == nil)
    }

    @Test func minimisingTheGainIsADecreaseAndTheMedianCapsFromBelow() {
        // Losses: the accuracies above negated (the same ranks); a gain of -0.3 from iteration 1.
        let losses = rankingEarly.map { record -> TrialRecord in
            var record = record
            let entries = (record.testHistory.metrics["accuracy"] ?? []).map { TestHistory.Entry(iteration: $0.iteration, value: -$0.value) }
            record.testHistory = TestHistory(metrics: ["accuracy": entries])
            record.objective = record.objective.map { -$0 }
            return record
        }
        let trials = losses + [trial(6, .pruned, [-0.2], prunedAt: 1), trial(7, .pruned, [-0.6], prunedAt: 1)]
        let told = PrunedObservation.observations(trials, rule: .accuracy(.minimize)).suffix(2).map(\.outcome)
        expectValues(Array(told), [-0.5, -0.8])
    }

    @Test func theBestStrategyTakesEachCompletedTrialsBestUpToTheIteration() {
        // With `best`, a completed trial's value at iteration 2 is its best up to 2: trials 1-3
        // dip at 2, so they count their value at 1. Gains from 2 with `best`: 0.1, 0.2, 0.2,
        // 0.1, 0.05 (median 0.1); with `last`: 0.2, 0.3, 0.3, 0.1, 0.05 (median 0.2).
        let curves = [trial(1, .completed, [0.3, 0.2, 0.4]), trial(2, .completed, [0.4, 0.3, 0.6]),
                      trial(3, .completed, [0.5, 0.4, 0.7]), trial(4, .completed, [0.6, 0.7, 0.8]),
                      trial(5, .completed, [0.7, 0.9, 0.95])]
        let best = PrunedGain(completed: curves, rule: .accuracy(.maximize, .best), iterations: [2])
        let last = PrunedGain(completed: curves, rule: .accuracy(.maximize, .last), iterations: [2])
        #expect(best.gain(at: 2).map { abs($0 - -0.1) < 1e-12 } == true)
        #expect(last.gain(at: 2).map { abs($0 - -0.2) < 1e-12 } == true)
    }
}
