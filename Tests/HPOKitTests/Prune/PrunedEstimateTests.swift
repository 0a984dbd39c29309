import Foundation
import HPOKit
import Testing

/// What the optimizer is told of a pruned trial (issue 14, item 4).
@Suite struct PrunedEstimateTests {
    func trial(_ subid: String, _ state: TrialState, _ values: [Double], objective: Double? = nil,
               prunedAt: Int? = nil) -> TrialRecord {
        var record = TrialRecord(subid: subid, point: [Double(subid) ?? 0], config: Config())
        record.state = state
        record.testHistory = TestHistory(metrics: ["accuracy": values.enumerated().map {
            .init(iteration: $0.offset + 1, value: $0.element)
        }])
        record.objective = objective ?? values.last
        record.prunedAtIteration = prunedAt
        return record
    }

    @Test func aPrunedTrialIsShiftedByTheCompletedTrialsGainAndCappedAtTheWorstCompleted() {
        // Completed: gains from iteration 1 to the end of 0.6 and 0.5 (median 0.55).
        let done = [trial("1", .completed, [0.2, 0.5, 0.8]), trial("2", .completed, [0.3, 0.6, 0.8])]
        // Pruned at iteration 1 just behind them (0.19): nearly as good, below the worst completed.
        let close = trial("3", .pruned, [0.19, 0.3], objective: 0.19, prunedAt: 1)
        // Pruned at 1 far behind; and one that wrote on after its pruning iteration.
        let far = trial("4", .pruned, [0.05], prunedAt: 1)
        let wroteOn = trial("5", .pruned, [0.1, 0.9], objective: 0.1, prunedAt: 1)
        let estimates = PrunedEstimate.estimates(done + [close, far, wroteOn], objective: "accuracy", direction: .maximize)
        #expect(abs((estimates["3"] ?? 0) - 0.74) < 1e-12)
        #expect(abs((estimates["4"] ?? 0) - 0.60) < 1e-12)
        #expect(abs((estimates["5"] ?? 0) - 0.65) < 1e-12, "its value at the pruning iteration, not what it wrote later")
        // A pruned trial that led at its iteration is still not rated above a completed one.
        let ahead = trial("6", .pruned, [0.5], prunedAt: 1)
        #expect(PrunedEstimate.estimates(done + [ahead], objective: "accuracy", direction: .maximize)["6"] == 0.8)
        #expect(estimates["1"] == nil && estimates["2"] == nil)
    }

    @Test func withoutACompletedTrialItsOwnValueIsUsedAndMinimizingMirrors() {
        let alone = trial("1", .pruned, [0.4], prunedAt: 1)
        #expect(PrunedEstimate.estimates([alone], objective: "accuracy", direction: .maximize)["1"] == 0.4)
        // Minimizing a loss: completed losses fall by 1.0 and 0.5 from iteration 1 (median 0.75);
        // never below (better than) the worst completed loss, 2.0.
        let done = [trial("1", .completed, [2.0, 1.0]), trial("2", .completed, [2.5, 2.0])]
        let lagging = trial("3", .pruned, [3.0], prunedAt: 1)
        let estimate = PrunedEstimate.estimates(done + [lagging], objective: "accuracy", direction: .minimize)["3"]
        #expect(estimate.map { abs($0 - 2.25) < 1e-12 } == true, "\(String(describing: estimate))")
        let close = trial("4", .pruned, [1.9], prunedAt: 1)
        #expect(PrunedEstimate.estimates(done + [close], objective: "accuracy", direction: .minimize)["4"] == 2.0)
    }
}
