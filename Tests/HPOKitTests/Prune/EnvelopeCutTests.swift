import Foundation
import HPOKit
import Testing

/// `pruner_cut: envelope`: a rung's cut is what the leaders (the best 1/eta of the trials that
/// went furthest) had there, whenever a trial went past the rung; the rank decides before.
@Suite struct EnvelopeCutTests {
    /// Two trials ("1", "2") that went furthest (iteration 4) after 0.5 at iteration 1 and 0.9
    /// by iteration 3; four that levelled off at 0.4; six pruned at iteration 1 with 0.1.
    let others = [curve("1", [0.5, 0.8, 0.9, 0.9]), curve("2", [0.5, 0.8, 0.9, 0.9])]
        + (3...6).map { curve("\($0)", [0.3, 0.4, 0.4]) } + (7...12).map { curve("\($0)", [0.1]) }
    let rank = SuccessiveHalvingPruner(minResource: 1, eta: 3, cut: .rank)
    let envelope = SuccessiveHalvingPruner(minResource: 1, eta: 3, cut: .envelope)

    @Test func aTrialInTheTopThirdButBelowTheLeadersIsCut() {
        // 13 at iteration 1, 4 promoted by rank (0.5, 0.5, 0.45, 0.3): the rank lets 0.45 on.
        let trial = curve("13", [0.45, 0.5])
        #expect(stopIteration(rank, trial, others: others) == nil)
        #expect(stopIteration(envelope, trial, others: others) == 1)
        let reason = envelope.decide(PruneInput(trial: curve("13", [0.45]), others: others, direction: .maximize))
        #expect(reason == .stop(reason: "0.45 is below the leaders' cut 0.5 at iteration 1 (rung 0: what the best 1 "
            + "of 2 trials that reached iteration 4 had there) (asha, eta 3, envelope)"))
        // As good as the leaders at iteration 1 goes on; at iteration 3 (rung 1) they had 0.9.
        #expect(stopIteration(envelope, curve("13", [0.5, 0.6, 0.7]), others: others) == 3)
        #expect(stopIteration(envelope, curve("13", [0.5, 0.6, 0.9]), others: others) == nil)
    }

    @Test func aTrialBelowTheRankCutButAsGoodAsTheLeadersGoesOn() {
        // Six fast starters level off at 0.6; a slow starter ("7") had 0.1 at iteration 1 and ends best.
        let fast = (1...6).map { curve("\($0)", [0.5, 0.6, 0.6]) }
        let slow = curve("7", [0.1, 0.3, 0.9])
        #expect(stopIteration(envelope, curve("8", [0.2]), others: fast + [slow]) == nil)
        #expect(stopIteration(envelope, curve("8", [0.05]), others: fast + [slow]) == 1)
        // The leaders are the best third of the 7 at iteration 3 ("7", then "1"): the worse had 0.1.
        let reason = envelope.decide(PruneInput(trial: curve("8", [0.05]), others: fast + [slow], direction: .maximize))
        #expect(reason == .stop(reason: "0.05 is below the leaders' cut 0.1 at iteration 1 (rung 0: what the best 2 "
            + "of 7 trials that reached iteration 3 had there) (asha, eta 3, envelope)"))
    }

    @Test func theRankDecidesWhileNoTrialWentPastTheRung() {
        let early = [curve("1", [0.5]), curve("2", [0.4]), curve("3", [0.3])]
        // 4 at iteration 1, one promoted: the best.
        #expect(stopIteration(envelope, curve("4", [0.45]), others: early) == 1)
        #expect(stopIteration(envelope, curve("4", [0.55]), others: early) == nil)
        let reason = envelope.decide(PruneInput(trial: curve("4", [0.45]), others: early, direction: .maximize))
        #expect(reason == .stop(reason: "0.45 is below the rung-0 cut 0.5 at iteration 1 among 4 trials (asha, eta 3)"))
    }

    @Test func minimizingTheLeadersAreTheLowest() {
        let losses = [curve("1", [0.7, 0.5, 0.2]), curve("2", [0.6, 0.6, 0.6]), curve("3", [0.9, 0.8, 0.7])]
        // The leader ("1", lowest at the end) had 0.7 at iteration 1: 0.65 goes on, 0.75 stops.
        #expect(stopIteration(envelope, curve("4", [0.65]), others: losses, .minimize) == nil)
        #expect(stopIteration(envelope, curve("4", [0.75]), others: losses, .minimize) == 1)
    }

    @Test func hyperbandDrawsTheLeadersFromEveryBracket() {
        let hyperband = HyperbandPruner(minResource: 1, eta: 3, maxResource: 27, cut: .envelope)
        // "2" is in bracket 0 with "1"; "5" (bracket 3, no rung) rose slowly to the best end.
        let slow = curve("5", (1...27).map { Double($0) / 28 })
        #expect(stopIteration(hyperband, curve("2", [0.3]), others: [curve("1", [0.5, 0.5]), slow]) == nil)
        // Without "5", "1" went furthest: the leader, 0.5 at iteration 1.
        #expect(stopIteration(hyperband, curve("2", [0.3]), others: [curve("1", [0.5, 0.5])]) == 1)
        let reason = hyperband.decide(PruneInput(trial: curve("2", [0.02]), others: [curve("1", [0.5, 0.5]), slow],
                                                 direction: .maximize))
        #expect(reason == .stop(reason: "0.02 is below the leaders' cut 0.03571 at iteration 1 (rung 0: what the trial "
            + "that reached iteration 27 had there) (hyperband bracket 0, eta 3, envelope)"))
    }

    @Test func theSettingMakesTheCutAndTheSameHistoriesGiveTheSameDecisions() throws {
        let settings = PrunerSettings(kind: .hyperband, maxResource: 20, cut: .envelope)
        #expect(settings.summary == "hyperband (min_resource 2, eta 3, max_resource 20, cut envelope)")
        #expect((settings.makePruner() as? HyperbandPruner)?.cut == .envelope)
        #expect((PrunerSettings(kind: .asha).makePruner() as? SuccessiveHalvingPruner)?.cut == PrunerSettings.Cut.standard)
        #expect(PrunerSettings(kind: .median, cut: .envelope).problem == "pruner_cut is for the asha and hyperband pruners")
        var generator = SystemRandomNumberGenerator()
        let others = (1...12).map { index in
            curve("\(index)", (0..<Int.random(in: 1...20, using: &generator)).map { _ in Double.random(in: 0...1, using: &generator) })
        }
        let trial = curve("13", (0..<20).map { _ in Double.random(in: 0...1, using: &generator) })
        for pruner: any Pruner in [envelope, try #require(settings.makePruner())] {
            #expect(decisions(pruner, trial, others: others) == decisions(pruner, trial, others: others.reversed()))
        }
    }
}
