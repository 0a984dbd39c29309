import Foundation
import HPOKit

/// `OptimizerBench --pruning`: `make bench-pruning`'s two curve workloads simulated in
/// process, one trial at a time, as the runner drives them: the same manifest, the optimizer
/// told the finished trials as `PrunedObservation` says, the pruner asked on each epoch's
/// TEST value with every finished trial's curve, a pruned trial's objective its value at the
/// pruning iteration. No processes and no sleeps, so a pruning rule can be compared on many
/// seeds in a minute (the real bench needs about 2 minutes per run). What it leaves out: the
/// late epochs a real trial writes before it sees the stop (the bench does not count them
/// either) and the digits workload. `curves-noisy` and `powerlaw-noisy` are the same with
/// noise of sd 0.01 instead of 0.003, so that a rule is not tuned to one noise level.
///
/// Printed per workload and pruner: epochs until a completed trial's configuration is within
/// 0.5% of the workload's best noiseless value, median over the seeds with a missed target
/// counted at the budget (what no pruning spends on 60 trials), the seeds that reached it,
/// that median over no pruning's, the geometric mean of the epochs (misses at the budget;
/// steadier than the median on few seeds), and the median number of trials started until then.
enum SuitePruning {
    struct Options {
        var seeds: UInt64 = 20
        var firstSeed: UInt64 = 1
        var workloads = ["curves", "powerlaw"]
        var pruners = ["none", "median", "asha", "hyperband"]
        var rule = PrunedRule.hporun
        var perSeed = false
    }

    /// What the optimizer is told of a pruned trial: `hporun` is `PrunedObservation` (its
    /// value carried to the end where the completed trials vouch for the iteration, else at
    /// worst their median); `median`: at worst their median always (hporun's rule before);
    /// `early`: its value when pruned, as it is.
    enum PrunedRule: String, CaseIterable {
        case hporun, median, early
    }

    static let epochs = 27
    static let trialsWithoutPruning = 60
    static var budgetEpochs: Int { trialsWithoutPruning * epochs }

    static let workloadNames = ["curves", "powerlaw", "curves-noisy", "powerlaw-noisy"]
    static let prunerNames = ["none", "median", "asha", "hyperband"]

    static func run(_ options: Options) {
        for (given, known) in [(options.workloads, workloadNames), (options.pruners, prunerNames)] {
            if let unknown = given.first(where: { !known.contains($0) }) {
                print("OptimizerBench --pruning: '\(unknown)' is not one of \(known.joined(separator: ", "))")
                exit(2)
            }
        }
        print("pruning simulation: seeds \(options.firstSeed)...\(options.firstSeed + options.seeds - 1), budget \(budgetEpochs) epochs, one trial at a time, rule for pruned trials: \(options.rule.rawValue)")
        print("epochs to target: median over the seeds, a miss counted at the budget; reached: seeds that reached it; trials: median trials started until then")
        for workload in options.workloads {
            let curve = Workload(name: workload)
            print("")
            print("\(workload): target \(String(format: "%.4f", curve.target)) (0.5% below the best noiseless \(String(format: "%.4f", curve.best)))")
            var noneMedian: Double?
            for pruner in options.pruners {
                let runs = (options.firstSeed..<(options.firstSeed + options.seeds)).map { seed in
                    SimulatedRun(workload: curve, pruner: pruner, seed: seed, rule: options.rule)
                }
                let epochs = runs.map { Double($0.epochsToTarget ?? budgetEpochs) }
                let median = OptimizerBenchMain.quantile(epochs, 0.5)
                if pruner == "none" { noneMedian = median }
                let trials = OptimizerBenchMain.quantile(runs.map { Double($0.trialsToTarget ?? $0.trialsStarted) }, 0.5)
                let ratio = noneMedian.map { String(format: "%.2f", median / $0) } ?? "-"
                let logMean = exp(epochs.map { log($0) }.reduce(0, +) / Double(epochs.count))
                print(String(format: "  %@ epochs to target %6.0f (geo mean %6.0f)  reached %2d/%-2d  vs none %@  trials %5.0f  pruned %5.0f",
                             pruner.padding(toLength: 10, withPad: " ", startingAt: 0), median, logMean, runs.filter { $0.epochsToTarget != nil }.count, runs.count, ratio, trials,
                             OptimizerBenchMain.quantile(runs.map { Double($0.pruned) }, 0.5)))
                if options.perSeed {
                    print("    per seed: " + runs.map { $0.epochsToTarget.map(String.init) ?? "-" }.joined(separator: " "))
                }
            }
        }
    }

    /// A curve workload of `Scripts/bench-pruning.py`: the same plateaus, curves and noise size.
    struct Workload {
        let name: String
        let best: Double
        var target: Double { best * 0.995 }

        init(name: String) {
            self.name = name
            var best = 0.0
            // The noiseless value at the last epoch peaks at width 256 and dropout 0.1; the
            // learning rate is searched finely.
            for step in 0...20_000 {
                let lr = pow(10, -5 + 5 * Double(step) / 20_000)
                best = max(best, Self.value(name, lr: lr, width: 256, dropout: 0.1, epoch: Self.lastEpoch))
            }
            self.best = best
        }

        static let lastEpoch = SuitePruning.epochs

        static func plateau(lr: Double, width: Double, dropout: Double) -> Double {
            max(0.1, 0.97 - 0.3 * pow(log10(lr) + 2, 2) - 0.03 * pow(log2(width) - 8, 2) - 1.5 * pow(dropout - 0.1, 2))
        }

        /// The configuration's noiseless TEST accuracy at `epoch`.
        static func value(_ name: String, lr: Double, width: Double, dropout: Double, epoch: Int) -> Double {
            let final = plateau(lr: lr, width: width, dropout: dropout)
            if name.hasPrefix("curves") {
                let tau = 1 + 8 / (1 + 100 * lr)
                return final * (1 - exp(-Double(epoch) / tau))
            }
            let alpha = 1.2 + 0.1 * (log10(lr) + 5)
            return final - (final - 0.1) * pow(1 + Double(epoch), -alpha)
        }

        /// The noise of a configuration at an epoch: Gaussian, sd 0.003, the same in every run.
        static func noise(_ name: String, lr: Double, width: Double, dropout: Double, epoch: Int) -> Double {
            var hash: UInt64 = 0x9E37_79B9_7F4A_7C15
            for bits in [lr.bitPattern, width.bitPattern, dropout.bitPattern, UInt64(epoch)] {
                hash = (hash ^ bits) &* 0xBF58_476D_1CE4_E5B9
                hash ^= hash >> 31
            }
            var rng = SplitMix64(seed: hash)
            let u1 = max(Double(rng.next() >> 11) / Double(1 << 53), 1e-300)
            let u2 = Double(rng.next() >> 11) / Double(1 << 53)
            return (name.hasSuffix("-noisy") ? 0.01 : 0.003) * sqrt(-2 * log(u1)) * cos(2 * .pi * u2)
        }

        func manifest(pruner: String, seed: UInt64) -> Manifest {
            let settings: String = switch pruner {
            case "none": ""
            case "median": "    - {name: pruner, string_value: median}\n    - {name: pruner_warmup_iterations, int_value: 3}\n    - {name: pruner_min_trials, int_value: 3}\n"
            default: "    - {name: pruner, string_value: \(pruner)}\n    - {name: pruner_max_resource, int_value: \(SuitePruning.epochs)}\n"
            }
            let text = """
            hyper_parameters_optimization:
              method:
                name: rbfopt
                parameters:
                - {name: objective, string_value: accuracy}
                - {name: maximize_or_minimize, string_value: maximize}
                - {name: num_optimizer_steps, int_value: \(10 * SuitePruning.trialsWithoutPruning)}
                - {name: random_seed, int_value: \(seed)}
                - {name: objective_strategy, string_value: last}
            \(settings)  hyper_parameters:
              - {name: learning_rate, double_range: {min_value: -5, max_value: 0, power: 10}}
              - {name: width, int_values: [16, 32, 64, 128, 256, 512]}
              - {name: dropout, double_range: {min_value: 0, max_value: 0.5}}

            """
            do {
                return try ManifestLoader.parse(text, fileName: "pruning.yml")
            } catch {
                fatalError("the simulation's manifest does not read: \(error)")
            }
        }
    }

    /// One run: trials one at a time until the epoch budget is spent or a completed trial's
    /// configuration reaches the target.
    struct SimulatedRun {
        var epochsToTarget: Int?
        var trialsToTarget: Int?
        var trialsStarted = 0
        var pruned = 0

        init(workload: Workload, pruner prunerName: String, seed: UInt64, rule: PrunedRule) {
            let manifest = workload.manifest(pruner: prunerName, seed: seed)
            let space = manifest.space
            let pruner = manifest.method.pruner?.makePruner()
            let optimizer = OptimizerFactory.make(manifest.method.name, budget: manifest.method.numOptimizerSteps,
                                                  options: manifest.method.options, space: space)
            var records: [TrialRecord] = []
            var curves: [TrialCurve] = []
            var spent = 0
            while spent < budgetEpochs, records.count < manifest.method.numOptimizerSteps {
                var rng = SplitMix64(seed: seed, stream: UInt64(records.count + 1))
                let history = SuitePruning.observations(records, rule: rule)
                guard let proposed = optimizer.suggest(dimensions: space.dimensions, history: history, pending: [], using: &rng)
                else { break }
                let point = space.canonical(proposed)
                let config = space.decode(point)
                let subid = ExperimentDirectory.subid(records.count + 1)
                var record = TrialRecord(subid: subid, point: point, config: config)
                trialsStarted += 1
                let lr = config["learning_rate"]?.doubleValue ?? 0
                let width = config["width"]?.doubleValue ?? 0
                let dropout = config["dropout"]?.doubleValue ?? 0
                var entries: [TestHistory.Entry] = []
                var stoppedAt: Int?
                for epoch in 1...SuitePruning.epochs where spent < budgetEpochs {
                    let value = Workload.value(workload.name, lr: lr, width: width, dropout: dropout, epoch: epoch)
                        + Workload.noise(workload.name, lr: lr, width: width, dropout: dropout, epoch: epoch)
                    entries.append(.init(iteration: epoch, value: value))
                    spent += 1
                    if let pruner, pruner.decide(PruneInput(trial: TrialCurve(subid: subid, entries: entries), others: curves,
                                                            direction: .maximize)).isStop {
                        stoppedAt = epoch
                        break
                    }
                }
                record.testHistory = TestHistory(metrics: ["accuracy": entries])
                record.objective = entries.last?.value
                if let stoppedAt {
                    record.state = .pruned
                    record.prunedAtIteration = stoppedAt
                    pruned += 1
                } else if entries.count == SuitePruning.epochs {
                    record.state = .completed
                    let truth = Workload.value(workload.name, lr: lr, width: width, dropout: dropout, epoch: SuitePruning.epochs)
                    if truth >= workload.target {
                        epochsToTarget = spent
                        trialsToTarget = trialsStarted
                        return
                    }
                } else {
                    break  // the budget ran out mid-trial
                }
                records.append(record)
                curves.append(TrialCurve(subid: subid, entries: entries))
            }
        }
    }

    /// What `PrunedGain` sees in an experiment's trials (`OptimizerBench --explain-experiment
    /// DIR`, for a real run of bench-pruning kept with KEEP=1): at asha's rung iterations 1, 3
    /// and 9, the completed trials' rank correlation of their accuracy there with their final
    /// one, the gain told (- when the evidence does not vouch for the iteration), and how many
    /// trials were pruned there.
    static func explain(_ records: [TrialRecord]) -> String {
        let rungs = [1, 3, 9]
        let completed = records.filter { $0.state == .completed }
        let gain = PrunedGain(completed: completed, rule: objective, iterations: Set(rungs))
        return rungs.map { k in
            let shown = gain.evidence[k].map { String(format: "rho %.2f over %d", $0.correlation, $0.trials) } ?? "rho - over <2"
            let told = records.filter { $0.state == .pruned && $0.prunedAtIteration == k }.count
            return "it \(k): \(shown), gain \(gain.gain(at: k).map { String(format: "%.3f", -$0) } ?? "-"), pruned there \(told)"
        }.joined(separator: "; ") + "; completed \(completed.count) of \(records.count)"
    }

    /// The workloads' objective, as their manifest states it (`manifest(pruner:seed:)`).
    static let objective = ObjectiveRule(metric: "accuracy", direction: .maximize, strategy: .last)

    /// The observations of the finished trials under a rule for the pruned ones.
    static func observations(_ records: [TrialRecord], rule: PrunedRule) -> [Observation] {
        switch rule {
        case .hporun:
            return PrunedObservation.observations(records, rule: objective)
        case .median:
            // Every pruned trial at worst the completed median, whatever the curves show.
            let median = PrunedGain(completed: records.filter { $0.state == .completed }, rule: objective, iterations: [])
            return records.map { record in
                Observation(point: record.point, outcome: .value(record.state == .pruned
                    ? PrunedObservation.value(-(record.objective ?? 0), completed: median.median.map { [$0] } ?? [])
                    : -(record.objective ?? 0)))
            }
        case .early:
            return records.map { Observation(point: $0.point, outcome: .value(-($0.objective ?? 0))) }
        }
    }
}

private extension ParameterValue {
    var doubleValue: Double? {
        switch self {
        case .int(let value): Double(value)
        case .double(let value): value
        case .string: nil
        }
    }
}
