import Foundation
import HPOKit
import Testing

/// `pruner_adaptive`: asha and hyperband skip a rung whose ranking, among the trials that went
/// furthest, does not predict their ranking at the end (Spearman's rank correlation below 0.5
/// once 5 such trials exist; `RungTrust`).
@Suite struct AdaptiveRungTests {
    /// Six finished crossing curves over 10 iterations: the faster a trial starts, the worse it
    /// ends ("1" leads at iteration 1 with 0.31 and ends at 0.5; "6" starts at 0.06 and ends at
    /// 1.0). Until iteration 3 their ranking is the end's reversed; from iteration 9 it is the end's.
    let crossing = (1...6).map { k in
        let start = 0.05 * Double(7 - k), end = 0.4 + 0.1 * Double(k)
        return curve("\(k)", (1...10).map { i in
            i <= 3 ? start + 0.01 * Double(i) : i < 9 ? (start + end) / 2 : end
        })
    }
    /// The same ends reached along curves that rank early: the best start is the best end.
    let ranking = (1...6).map { k in
        curve("\(k)", (1...10).map { i in (0.4 + 0.1 * Double(k)) * (i < 9 ? 0.5 : 1) })
    }
    let adaptive = SuccessiveHalvingPruner(minResource: 1, eta: 3, trust: RungTrust())
    let plain = SuccessiveHalvingPruner(minResource: 1, eta: 3)

    @Test func onCrossingCurvesTheEarlyRungsAreSkippedAndTheSlowStarterGoesOn() throws {
        // A slow starter (0.05 at iteration 1, below every trial there) that would end best.
        let slow = curve("7", [0.05, 0.06, 0.07, 0.2, 0.3, 0.4, 0.5, 0.6, 1.1, 1.1])
        #expect(stopIteration(plain, slow, others: crossing) == 1)
        #expect(stopIteration(adaptive, slow, others: crossing) == nil)
        let trust = RungTrust()
        let input = PruneInput(trial: slow, others: crossing, direction: .maximize)
        #expect(trust.evidence(crossing, rung: 1, input) == .init(correlation: -1, trials: 6))
        #expect(trust.evidence(crossing, rung: 3, input) == .init(correlation: -1, trials: 6))
        #expect(trust.evidence(crossing, rung: 9, input) == .init(correlation: 1, trials: 6))
        // At iteration 9 (rung 2) the ranking is the end's: a slow starter that stays low is cut
        // there, and the reason says which rungs were skipped and why.
        let stays = curve("7", [0.05, 0.06, 0.07, 0.2, 0.3, 0.4, 0.5, 0.6, 0.6])
        #expect(stopIteration(adaptive, stays, others: crossing) == 9)
        let reason = adaptive.decide(PruneInput(trial: stays, others: crossing, direction: .maximize))
        #expect(reason == .stop(reason: "0.6 is below the rung-2 cut 0.9 at iteration 9 among 7 trials (asha, eta 3; "
            + "rung 2 judged: rank correlation 1.00 with the final among 6 trials; rungs 0, 1 skipped: -1.00, -1.00)"))
    }

    @Test func onCurvesThatRankEarlyTheRungsAreJudgedAsWithoutIt() {
        for start in [0.05, 0.2, 0.3, 0.45] {
            let trial = curve("7", [start, start, start, start])
            #expect(stopIteration(adaptive, trial, others: ranking) == stopIteration(plain, trial, others: ranking))
        }
        #expect(stopIteration(adaptive, curve("7", [0.2]), others: ranking) == 1)
        let reason = adaptive.decide(PruneInput(trial: curve("7", [0.2]), others: ranking, direction: .maximize))
        #expect(reason == .stop(reason: "0.2 is below the rung-0 cut 0.45 at iteration 1 among 7 trials (asha, eta 3; "
            + "rung 0 judged: rank correlation 1.00 with the final among 6 trials)"))
    }

    @Test func withFewerThanFiveFinishedTrialsEveryRungIsJudged() {
        let slow = curve("7", [0.05, 0.06, 0.07])
        let four = Array(crossing.suffix(4))
        #expect(stopIteration(adaptive, slow, others: four) == 1)
        let reason = adaptive.decide(PruneInput(trial: curve("7", [0.05]), others: four, direction: .maximize))
        #expect(reason == .stop(reason: "0.05 is below the rung-0 cut 0.21 at iteration 1 among 5 trials (asha, eta 3; "
            + "rung 0 judged: fewer than 5 trials finished)"))
        // Only the trials that went furthest count: five pruned at iteration 3 are no evidence.
        let pruned = (10...14).map { curve("\($0)", [0.5, 0.5, 0.5]) }
        #expect(stopIteration(adaptive, slow, others: four + pruned) == 1)
    }

    @Test func theEvidenceIsTheLastFiftyBySubidNumberAndTheOrderOfTheOthersDoesNotMatter() throws {
        // "1"..."10" cross, "11"..."60" rank early: the last 50 by number (not "9" after "60").
        let early = (1...10).map { k in curve("\(k)", [0.01 * Double(11 - k), 1 + 0.01 * Double(k)]) }
        let late = (11...60).map { k in curve("\(k)", [0.01 * Double(k), 0.01 * Double(k) + 0.3]) }
        let trial = curve("61", [0.05])
        let input = PruneInput(trial: trial, others: early + late, direction: .maximize)
        #expect(RungTrust().evidence(early + late, rung: 1, input) == .init(correlation: 1, trials: 50))
        #expect(RungTrust(window: 60).evidence(early + late, rung: 1, input)?.correlation ?? 1 < 0.5)
        var generator = SystemRandomNumberGenerator()
        let shuffled = (early + late).shuffled(using: &generator)
        #expect(adaptive.decide(PruneInput(trial: trial, others: shuffled, direction: .maximize))
            == adaptive.decide(input))
        #expect(RungTrust().evidence(shuffled, rung: 1, input) == .init(correlation: 1, trials: 50))
    }

    @Test func spearmanAveragesTiedRanksAndIsZeroForAConstantSide() {
        #expect(abs(RungTrust.spearman([1, 2, 2, 3], [1, 2, 3, 4]) - 4.5 / 22.5.squareRoot()) < 1e-12)
        #expect(RungTrust.spearman([3, 1, 2], [30, 10, 20]) == 1)
        #expect(RungTrust.spearman([3, 1, 2], [10, 30, 20]) == -1)
        #expect(RungTrust.spearman([1, 1, 1], [1, 2, 3]) == 0)
    }

    @Test func minimizingTheRanksFollowTheDirection() {
        // Losses: the crossing curves mirrored (1 - value), so the ranking is the same.
        let losses = crossing.map { curve($0.subid, $0.entries.map { 1 - $0.value }) }
        let slow = curve("7", [0.95, 0.94, 0.93, 0.8, 0.7, 0.6, 0.5, 0.4, -0.1, -0.1])
        #expect(stopIteration(plain, slow, others: losses, .minimize) == 1)
        #expect(stopIteration(adaptive, slow, others: losses, .minimize) == nil)
    }

    @Test func hyperbandSkipsFromEveryBracketsTrials() throws {
        let hyperband = HyperbandPruner(minResource: 1, eta: 3, maxResource: 27, trust: RungTrust())
        // Finished crossing curves to 27 in bracket 0 (first rung at 1), and a slow starter there.
        let subids = (1...400).map(String.init).filter { hyperband.bracket(of: $0) == 0 }.prefix(7)
        let finished = zip(subids.prefix(6), crossing).map { subid, trial in
            curve(subid, trial.entries.map(\.value) + Array(repeating: trial.entries.last?.value ?? 0, count: 17))
        }
        let slow = curve(try #require(subids.last), [0.05, 0.06, 0.07])
        #expect(stopIteration(HyperbandPruner(minResource: 1, eta: 3, maxResource: 27), slow, others: finished) == 1)
        #expect(stopIteration(hyperband, slow, others: finished) == nil)
    }

    @Test func theSettingIsReadValidatedAndSummarised() throws {
        #expect(PrunerSettings.adaptiveByDefault == false)
        let settings = PrunerSettings(kind: .asha, adaptive: true)
        #expect(settings.summary == "asha (min_resource 1, eta 3, adaptive)")
        #expect((settings.makePruner() as? SuccessiveHalvingPruner)?.trust == RungTrust())
        #expect((PrunerSettings(kind: .asha).makePruner() as? SuccessiveHalvingPruner)?.trust == nil)
        let hyperband = PrunerSettings(kind: .hyperband, maxResource: 27, adaptive: true)
        #expect((hyperband.makePruner() as? HyperbandPruner)?.trust == RungTrust())
        #expect(PrunerSettings(kind: .median, adaptive: true).problem == "pruner_adaptive is for the asha and hyperband pruners")
        let yaml = bareManifest(parameters: """
                - {name: objective, string_value: accuracy}
                - {name: maximize_or_minimize, string_value: maximize}
                - {name: pruner, string_value: asha}
                - {name: pruner_adaptive, string_value: "true"}
            """, hyperParameters: "  - {name: lr, double_range: {min_value: 0.1, max_value: 1.0}}")
        #expect(try ManifestLoader.parse(yaml, fileName: "exp.yml").method.pruner == settings)
        let bad = manifestErrors(yaml.replacingOccurrences(of: "\"true\"", with: "maybe"))
        #expect(bad.first?.message == "pruner_adaptive must be true or false, not the text 'maybe'")
    }
}
