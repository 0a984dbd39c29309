import Foundation
import HPOKit
import Testing

/// What the optimizer is told of a pruned trial (minimising): its value when pruned, or the
/// completed trials' median when that is better.
@Suite struct PrunedObservationTests {
    @Test func aValueWorseThanTheCompletedMedianBecomesIt() {
        // Completed -0.95, -0.9, -0.5 (maximised accuracies negated): median -0.9.
        #expect(PrunedObservation.value(-0.19, completed: [-0.95, -0.5, -0.9]) == -0.9)
        // An even count: the middle two's mean.
        #expect(PrunedObservation.value(10, completed: [1, 2, 4, 8]) == 3)
    }

    @Test func aValueBetterThanTheMedianIsKept() {
        #expect(PrunedObservation.value(-0.93, completed: [-0.95, -0.5, -0.9]) == -0.93)
        #expect(PrunedObservation.value(1.5, completed: [1, 2, 4]) == 1.5)
    }

    @Test func withoutCompletedTrialsTheValueIsKept() {
        #expect(PrunedObservation.value(0.7, completed: []) == 0.7)
        #expect(PrunedObservation.value(0.7, completed: [.nan, .infinity]) == 0.7)
    }
}

/// What the optimizer is told of an experiment's trials (`PrunedObservation.observations`).
@Suite struct PrunedTrialObservationTests {
    private func trial(_ subid: String, _ state: TrialState, _ objective: Double?) -> TrialRecord {
        var record = TrialRecord(subid: subid, point: [Double(Int(subid) ?? 0)], config: Config())
        record.state = state
        record.objective = objective
        return record
    }

    @Test func aPrunedTrialWorseThanTheCompletedMedianIsToldTheMedianMaximising() {
        // Accuracies, maximised: completed 0.95, 0.9, 0.5 (median 0.9); a trial pruned at
        // 0.19 is told 0.9 (negated: -0.9), one pruned at 0.93 keeps its value.
        let trials = [trial("0005", .pruned, 0.93), trial("0001", .completed, 0.95), trial("0002", .completed, 0.5),
                      trial("0003", .completed, 0.9), trial("0004", .pruned, 0.19), trial("0006", .failed, nil),
                      trial("0007", .pruned, nil), trial("0008", .running, nil)]
        let observations = PrunedObservation.observations(trials, rule: .accuracy(.maximize))
        #expect(observations.map(\.point) == [[1], [2], [3], [4], [5], [6], [7]])
        #expect(observations.map(\.outcome) == [.value(-0.95), .value(-0.5), .value(-0.9), .value(-0.9),
                                                .value(-0.93), .failure, .failure])
    }

    @Test func minimisingThePrunedValueIsCappedAtTheMedianFromAbove() {
        // Losses, minimised: completed 1, 3 (median 2); pruned at 7 is told 2, pruned at 1.5 keeps it.
        let trials = [trial("0001", .completed, 1), trial("0002", .completed, 3), trial("0003", .pruned, 7),
                      trial("0004", .pruned, 1.5)]
        #expect(PrunedObservation.observations(trials, rule: .accuracy(.minimize)).map(\.outcome)
                == [.value(1), .value(3), .value(2), .value(1.5)])
    }

    @Test func beforeAnyTrialCompletedAPrunedTrialIsToldItsOwnValue() {
        let trials = [trial("0001", .pruned, 0.2), trial("0002", .failed, nil)]
        #expect(PrunedObservation.observations(trials, rule: .accuracy(.maximize)).map(\.outcome) == [.value(-0.2), .failure])
    }
}

/// A `--warm-start` experiment's pruned trials are told as this experiment's own are: carried
/// by the gain of that experiment's completed trials where they vouch for it, else at worst
/// their median (real experiment directory, real trial.json files).
@Suite struct WarmStartPrunedObservationTests {
    @Test func aWarmStartPrunedTrialIsToldAtWorstTheOtherExperimentsCompletedMedian() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("warm-pruned-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let manifest = Manifest(method: Method(name: .rbfopt, objective: "accuracy", direction: .maximize, numOptimizerSteps: 6),
                                hyperParameters: [HyperParameter(name: "x", domain: .doubleRange(min: 0, max: 1))])
        let other = ExperimentDirectory(root)
        try other.create()
        try other.save(ExperimentRecord(name: "e", version: "1", seed: 1, manifestPath: "/m.yml", manifest: manifest,
                                        command: .argv(["true"])))
        // Completed 0.9, 0.5, 0.8 (median 0.8); pruned at 0.2 and at 0.85; failed.
        let trials: [(TrialState, Double?)] = [(.completed, 0.9), (.completed, 0.5), (.pruned, 0.2), (.completed, 0.8),
                                               (.pruned, 0.85), (.failed, nil)]
        for (index, (state, objective)) in trials.enumerated() {
            let config = Config([("x", .double(Double(index) / 10))])
            var record = try other.createTrial(TrialRecord(subid: ExperimentDirectory.subid(index + 1), point: [Double(index) / 10],
                                                           config: config), config: config)
            record.state = state
            record.objective = objective
            try other.save(record)
        }
        other.waitUntilFlushed()
        let warm = try WarmStart.read(root, space: SearchSpace(manifest.hyperParameters), method: manifest.method)
        #expect(warm.observations.map(\.outcome) == [.value(-0.9), .value(-0.5), .value(-0.8), .value(-0.8),
                                                     .value(-0.85), .failure])
    }

    @Test func aWarmStartPrunedTrialIsCarriedByTheOtherExperimentsGainWhereItsTrialsRankEarly() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("warm-gain-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let manifest = Manifest(method: Method(name: .rbfopt, objective: "accuracy", direction: .maximize, numOptimizerSteps: 8,
                                               objectiveStrategy: .last),
                                hyperParameters: [HyperParameter(name: "x", domain: .doubleRange(min: 0, max: 1))])
        let other = ExperimentDirectory(root)
        try other.create()
        try other.save(ExperimentRecord(name: "e", version: "1", seed: 1, manifestPath: "/m.yml", manifest: manifest,
                                        command: .argv(["true"])))
        // Five completed curves whose iteration-1 values rank as their ends (gains 0.3, 0.3,
        // 0.3, 0.4, 0.5: median 0.3; ends median 0.8), then a trial pruned at 0.2 at iteration 1.
        let curves: [[Double]] = [[0.3, 0.6], [0.4, 0.7], [0.5, 0.8], [0.5, 0.9], [0.45, 0.95], [0.2]]
        for (index, values) in curves.enumerated() {
            let config = Config([("x", .double(Double(index) / 10))])
            var record = try other.createTrial(TrialRecord(subid: ExperimentDirectory.subid(index + 1), point: [Double(index) / 10],
                                                           config: config), config: config)
            record.state = values.count == 1 ? .pruned : .completed
            record.prunedAtIteration = values.count == 1 ? 1 : nil
            record.testHistory = TestHistory(metrics: ["accuracy": values.enumerated().map { .init(iteration: $0.offset + 1, value: $0.element) }])
            record.objective = values.last
            try other.save(record)
        }
        other.waitUntilFlushed()
        let warm = try WarmStart.read(root, space: SearchSpace(manifest.hyperParameters), method: manifest.method)
        guard case .value(let told)? = warm.observations.last?.outcome else {
            Issue.record("the pruned trial is not a value: \(warm.observations)")
            return
        }
        // 0.2 + 0.3, not the median 0.8 the median rule would tell.
        #expect(abs(told - -0.5) < 1e-12)
    }
}
