import Foundation
import HPOKit
import Testing

/// Curves by (iteration, value) pairs, SUBIDs by position.
func curve(_ subid: String, _ values: [Double], from first: Int = 1) -> TrialCurve {
    TrialCurve(subid: subid, entries: values.enumerated().map { .init(iteration: first + $0.offset, value: $0.element) })
}

/// The decision for `trial` at each of its records in turn (its curve cut after each).
func decisions(_ pruner: any Pruner, _ trial: TrialCurve, others: [TrialCurve], _ direction: Direction = .maximize)
    -> [PruneDecision] {
    trial.entries.indices.map { end in
        pruner.decide(PruneInput(trial: TrialCurve(subid: trial.subid, entries: Array(trial.entries[...end])),
                                 others: others, direction: direction))
    }
}

/// The first iteration at which the pruner stops the trial, nil if never.
func stopIteration(_ pruner: any Pruner, _ trial: TrialCurve, others: [TrialCurve], _ direction: Direction = .maximize)
    -> Int? {
    let all = decisions(pruner, trial, others: others, direction)
    return all.firstIndex(where: \.isStop).map { trial.entries[$0].iteration }
}

@Suite struct MedianPrunerTests {
    let others = [curve("1", [0.5, 0.6, 0.7, 0.8]), curve("2", [0.3, 0.4, 0.5, 0.6]), curve("3", [0.4, 0.5, 0.6, 0.7])]

    @Test func aTrialBelowTheMedianIsStoppedAtTheFirstIterationPastTheWarmUp() {
        let bad = curve("4", [0.1, 0.2, 0.3, 0.4])
        #expect(stopIteration(MedianPruner(), bad, others: others) == 1)
        #expect(stopIteration(MedianPruner(warmupIterations: 3), bad, others: others) == 3)
        let reason = MedianPruner().decide(PruneInput(trial: curve("4", [0.1]), others: others, direction: .maximize))
        #expect(reason == .stop(reason: "its best 0.1 is below the median 0.4 of 3 other trials at iteration 1 (median)"))
    }

    @Test func aTrialAtOrAboveTheMedianGoesOn() {
        #expect(stopIteration(MedianPruner(), curve("4", [0.4, 0.5, 0.6, 0.7]), others: others) == nil)
    }

    @Test func theBestSoFarCountsNotTheLastValue() {
        // Its last value (0.2) is below the median at iteration 2 (0.5); its best (0.9) is not.
        #expect(stopIteration(MedianPruner(), curve("4", [0.9, 0.2]), others: others) == nil)
    }

    @Test func minimumTrialsAndIntervalHoldTheDecision() {
        let bad = curve("4", [0.1, 0.2, 0.3, 0.4])
        #expect(stopIteration(MedianPruner(minimumTrials: 4), bad, others: others) == nil)
        #expect(stopIteration(MedianPruner(warmupIterations: 1, interval: 2), bad, others: others) == 1)
        #expect(stopIteration(MedianPruner(warmupIterations: 2, interval: 2), bad, others: others) == 2)
        // Trials that have not reached the iteration have no value there.
        let short = [curve("1", [0.9]), curve("2", [0.9])]
        #expect(stopIteration(MedianPruner(), curve("3", [0.95, 0.1]), others: short) == nil)
    }

    @Test func minimizingStopsTheHigherCurve() {
        let losses = [curve("1", [1.0, 0.8]), curve("2", [1.2, 0.9])]
        #expect(stopIteration(MedianPruner(), curve("3", [2.0, 1.5]), others: losses, .minimize) == 1)
        #expect(stopIteration(MedianPruner(), curve("3", [0.9, 0.5]), others: losses, .minimize) == nil)
        let reason = MedianPruner().decide(PruneInput(trial: curve("3", [2.0]), others: losses, direction: .minimize))
        #expect(reason == .stop(reason: "its best 2 is above the median 1.1 of 2 other trials at iteration 1 (median)"))
    }
}

@Suite struct SuccessiveHalvingPrunerTests {
    @Test func rungsAreMinResourceTimesPowersOfEtaBelowTheMaximum() {
        #expect(SuccessiveHalvingPruner(minResource: 1, eta: 3).rungs(upTo: 30) == [1, 3, 9, 27])
        #expect(SuccessiveHalvingPruner(minResource: 2, eta: 2, maxResource: 16).rungs(upTo: 100) == [2, 4, 8])
        #expect(SuccessiveHalvingPruner(minResource: 1, eta: 3).rungs(upTo: Int.max).count < 64)
    }

    @Test func onlyTheTopThirdGoesOnAtARung() {
        // Eight trials reached rung 0 (iteration 1) with 0.1 ... 0.8, and this one: 9 / 3 = 3 promoted,
        // the cut is the third best. They end in the same order (the leaders, 8 and 7, led at the rung).
        let others = (1...8).map { curve("\($0)", [Double($0) / 10, Double($0) / 10 + 0.1, Double($0) / 10 + 0.1]) }
        let asha = SuccessiveHalvingPruner(minResource: 1, eta: 3)
        #expect(stopIteration(asha, curve("9", [0.75, 0.8, 0.9]), others: others) == nil)
        #expect(stopIteration(asha, curve("9", [0.55, 0.8, 0.9]), others: others) == 1)
        let reason = asha.decide(PruneInput(trial: curve("9", [0.55]), others: others, direction: .maximize))
        #expect(reason == .stop(reason: "0.55 is below the rung-0 cut 0.6 at iteration 1 among 9 trials (asha, eta 3)"))
    }

    @Test func aRungIsJudgedOnceOnTheRecordThatCrossesIt() {
        let asha = SuccessiveHalvingPruner(minResource: 2, eta: 2)
        let others = [curve("1", [0.5, 0.6, 0.7, 0.8, 0.8]), curve("2", [0.1, 0.2, 0.3, 0.4, 0.5])]
        // At iteration 2 it is second of three (3/2 = 1 promoted: the best only)...
        #expect(stopIteration(asha, curve("3", [0.5, 0.55, 0.9, 0.95, 0.99]), others: others) == 2)
        // ... and with the best value at rung 2 it goes on; rung 4 (iteration 4) judges it again.
        let trial = curve("3", [0.5, 0.65, 0.9, 0.95, 0.99])
        #expect(decisions(asha, trial, others: others).map(\.isStop) == [false, false, false, false, false])
        // A record that jumps over a rung is judged at it, on its best value up to the rung.
        let jump = TrialCurve(subid: "3", entries: [.init(iteration: 1, value: 0.2), .init(iteration: 5, value: 0.99)])
        #expect(decisions(asha, jump, others: others).map(\.isStop) == [false, true])
    }

    @Test func fewerThanEtaTrialsPromoteTheBestOnly() {
        let asha = SuccessiveHalvingPruner(minResource: 1, eta: 3)
        #expect(stopIteration(asha, curve("1", [0.1, 0.2]), others: []) == nil)
        #expect(stopIteration(asha, curve("2", [0.1, 0.2]), others: [curve("1", [0.5])]) == 1)
        #expect(stopIteration(asha, curve("2", [0.6, 0.2]), others: [curve("1", [0.5])]) == nil)
    }

    @Test func minimizingKeepsTheLowest() {
        let asha = SuccessiveHalvingPruner(minResource: 1, eta: 2)
        let others = [curve("1", [1.0]), curve("2", [2.0]), curve("3", [3.0])]
        #expect(stopIteration(asha, curve("4", [1.5]), others: others, .minimize) == nil)
        #expect(stopIteration(asha, curve("4", [2.5]), others: others, .minimize) == 1)
    }

    @Test func theCutIsNeverAboveWhatTheLeadersHadAtTheRung() {
        // Six fast starters level off at 0.6; a slow starter ("7") was last at iteration 1 and ends best.
        let fast = (1...6).map { curve("\($0)", [0.5, 0.6, 0.6]) }
        let asha = SuccessiveHalvingPruner(minResource: 1, eta: 3)
        // 8 at the rung, 2 promoted: the cut is 0.5, but the leaders (7, then 1) had 0.1 there.
        #expect(stopIteration(asha, curve("8", [0.2]), others: fast + [curve("7", [0.1, 0.3, 0.9])]) == nil)
        #expect(stopIteration(asha, curve("8", [0.05]), others: fast + [curve("7", [0.1, 0.3, 0.9])]) == 1)
        #expect(asha.leadersFloor(fast + [curve("7", [0.1, 0.3, 0.9])], rung: 1,
                                  PruneInput(trial: curve("8", [0.2]), others: [], direction: .maximize)) == 0.1)
        // When the slow starter does not end among the best, the cut is Optuna's.
        #expect(stopIteration(asha, curve("8", [0.2]), others: fast + [curve("7", [0.1, 0.3, 0.55])]) == 1)
        // Nobody went past the rung yet: no leaders.
        #expect(asha.leadersFloor(fast, rung: 3, PruneInput(trial: curve("8", [0.2]), others: [], direction: .maximize)) == nil)
    }

    @Test func noRungAtOrPastTheMaximum() {
        let asha = SuccessiveHalvingPruner(minResource: 1, eta: 2, maxResource: 4)
        let others = [curve("1", [0.9, 0.9, 0.9, 0.9, 0.9, 0.9])]
        let late = curve("2", [0.95, 0.95, 0.1, 0.1, 0.1, 0.1])
        #expect(stopIteration(asha, late, others: others) == nil)  // rungs 1 and 2 only
    }
}

@Suite struct PatienceAndHyperbandTests {
    @Test func patienceStopsAfterIterationsWithoutImprovement() {
        let patience = PatiencePruner(patience: 3, minDelta: 0.01)
        #expect(stopIteration(patience, curve("1", [0.1, 0.5, 0.505, 0.505, 0.505, 0.6]), others: []) == 5)
        #expect(stopIteration(patience, curve("1", [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]), others: []) == nil)
        #expect(stopIteration(PatiencePruner(patience: 2), curve("1", [1.0, 0.5, 0.6, 0.55]), others: [], .minimize) == 4)
    }

    @Test func patienceWrapsAnotherPrunerWhichDecidesFirst() {
        let others = [curve("1", [0.9, 0.9])]
        let wrapped = PatiencePruner(patience: 5, wrapping: MedianPruner())
        #expect(stopIteration(wrapped, curve("2", [0.1, 0.2]), others: others) == 1)
    }

    @Test func hyperbandPutsEachTrialInOneBracketFromItsSubid() {
        let hyperband = HyperbandPruner(minResource: 1, eta: 3, maxResource: 27)
        // Optuna's brackets and budgets: first rungs at 1, 3, 9, and one that runs to 27.
        #expect(hyperband.bracketCount == 4 && hyperband.bracketWeights == [27, 12, 6, 4])
        #expect(["1", "2", "3", "4", "5"].map(hyperband.bracket(of:)) == [0, 0, 1, 1, 3])
        let shares = (1...4900).reduce(into: [0, 0, 0, 0]) { $0[hyperband.bracket(of: "\($1)")] += 1 }
        #expect(zip(shares, [2700, 1200, 600, 400]).allSatisfy { abs($0 - $1) < 150 }, "\(shares)")
        // "4" (bracket 1, first rung at 3) competes with "3" only, not with the better "1".
        let others = [curve("3", [0.5, 0.5, 0.5]), curve("1", [0.9, 0.9, 0.9])]
        #expect(stopIteration(hyperband, curve("4", [0.6, 0.6, 0.6]), others: others) == nil)
        #expect(stopIteration(hyperband, curve("4", [0.4, 0.4, 0.4]), others: others) == 3)
        let reason = hyperband.decide(PruneInput(trial: curve("4", [0.4, 0.4, 0.4]), others: others, direction: .maximize))
        #expect(reason == .stop(reason: "0.4 is below the rung-0 cut 0.5 at iteration 3 among 2 trials (hyperband bracket 1, eta 3)"))
        // "5" (bracket 3) has no rung below 27: it runs to the end, however low.
        #expect(stopIteration(hyperband, curve("5", Array(repeating: 0.01, count: 27)), others: others) == nil)
        // When it ends best after a slow start, it is the leader of every bracket: "2" (bracket
        // 0), below "1" at rung 0 (iteration 1), goes on as it had more than "5" there.
        let slow = curve("5", (1...27).map { Double($0) / 28 })
        #expect(stopIteration(hyperband, curve("2", [0.3]), others: [curve("1", [0.5, 0.5])]) == 1)
        #expect(stopIteration(hyperband, curve("2", [0.3]), others: [curve("1", [0.5, 0.5]), slow]) == nil)
    }

    @Test func theSameHistoriesGiveTheSameDecisions() {
        var generator = SystemRandomNumberGenerator()
        let others = (1...12).map { index in curve("\(index)", (0..<20).map { _ in Double.random(in: 0...1, using: &generator) }) }
        let trial = curve("13", (0..<20).map { _ in Double.random(in: 0...1, using: &generator) })
        for pruner: any Pruner in [MedianPruner(warmupIterations: 2), SuccessiveHalvingPruner(),
                                   HyperbandPruner(maxResource: 20), PatiencePruner(patience: 4)] {
            #expect(decisions(pruner, trial, others: others) == decisions(pruner, trial, others: others.reversed()))
        }
    }
}
