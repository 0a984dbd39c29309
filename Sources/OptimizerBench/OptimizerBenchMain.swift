import Foundation
import HPOKit

/// `make bench-optimizers`: runs the optimizers in process on the standard problems over
/// several seeds and prints, per problem and optimizer, the median and quartiles of the
/// relative gap (f_best - f_min) / max(1, |f_min|) after 20 and 50 evaluations, the
/// evaluations needed to reach a gap of 1e-2, and the time per suggestion; then the
/// suggestion time of one method (`--method`, rbfopt by default) against the number of
/// finished trials (`--problem curve` for that alone).
@main
enum OptimizerBenchMain {
    static func main() {
        let arguments = CommandLine.arguments.dropFirst()
        let seeds = number(after: "--seeds", in: arguments, or: UInt64(10))
        let evaluations = number(after: "--evaluations", in: arguments, or: 50)
        let only = value(after: "--problem", in: arguments)
        let methods = value(after: "--method", in: arguments).map { name in
            // An unknown name ran rbfopt under the name given.
            guard let method = MethodName(rawValue: name) else {
                refuse("--method is one of \(MethodName.allCases.map(\.rawValue).joined(separator: ", ")), not \(name)")
            }
            return [method]
        } ?? OptimizerFactory.general
        if value(after: "--trace", in: arguments) != nil {
            let traced = number(after: "--trace", in: arguments, or: UInt64(0))
            // Without a problem it found, it ran the whole benchmark instead.
            guard let problem = TestProblem.all.first(where: { $0.name == only })
                    ?? (Suite.named(only ?? "") ?? SuiteHeldout.named(only ?? ""))?.benchProblem else {
                refuse("--trace SEED needs --problem NAME, a problem of the benchmark, the suite or the held-out set"
                       + (only.map { " (no problem \($0))" } ?? ""))
            }
            let run = BenchRun(problem: problem, method: methods[0], evaluations: evaluations, seed: traced, trace: true)
            print("gap@end \(run.gap(after: evaluations))")
            return
        }
        if let folder = value(after: "--explain-experiment", in: arguments) {
            let directory = ExperimentDirectory(URL(fileURLWithPath: folder))
            guard let trials = try? directory.loadTrials(), !trials.isEmpty else {
                refuse("no trials in \(folder) (give the experiment directory, the one with experiment.json)")
            }
            let sorted = trials.sorted { $0.number < $1.number }
            for end in stride(from: 50, through: sorted.count, by: 50) {
                print("after \(end): " + SuitePruning.explain(Array(sorted.prefix(end))))
            }
            return
        }
        if arguments.contains("--pruning") {
            var options = SuitePruning.Options()
            options.seeds = number(after: "--seeds", in: arguments, or: UInt64(20))
            options.firstSeed = number(after: "--first-seed", in: arguments, or: UInt64(1))
            if let workloads = value(after: "--workloads", in: arguments) { options.workloads = workloads.split(separator: ",").map(String.init) }
            if let pruners = value(after: "--pruners", in: arguments) { options.pruners = pruners.split(separator: ",").map(String.init) }
            if let rule = value(after: "--rule", in: arguments) {
                guard let parsed = SuitePruning.PrunedRule(rawValue: rule) else {
                    refuse("--rule is one of \(SuitePruning.PrunedRule.allCases.map(\.rawValue).joined(separator: ", ")), not \(rule)")
                }
                options.rule = parsed
            }
            options.perSeed = arguments.contains("--per-seed")
            SuitePruning.run(options)
            return
        }
        if arguments.contains("--suite") {
            var options = SuiteBench.Options()
            options.method = methods.first ?? .rbfopt
            options.budget = number(after: "--budget", in: arguments, or: 50)
            options.seeds = seeds
            options.firstSeed = number(after: "--first-seed", in: arguments, or: UInt64(0))
            options.parallel = number(after: "--parallel", in: arguments, or: 1)
            options.noise = SuiteNoise(value(after: "--noise", in: arguments) ?? "0")
            options.problemSet = value(after: "--set", in: arguments) ?? "suite"
            for (flag, kind) in [("--fail-region", SuiteFailure.Kind.region), ("--fail-worst", .worst), ("--fail-random", .random)]
            where arguments.contains(flag) {
                guard let failure = SuiteFailure(kind: kind, text: value(after: flag, in: arguments)) else {
                    refuse("\(flag) takes the share of the box that fails, above 0 and below 1 (0.4)")
                }
                options.failure = failure
            }
            guard ["suite", "heldout"].contains(options.problemSet) else {
                refuse("--set is suite or heldout, not \(options.problemSet)")
            }
            if options.problemSet == "heldout" { options.peers = "Scripts/heldout/peers/gaps.json" }
            options.noise.reportSmoothed = arguments.contains("--report-smoothed")
            options.only = only.map { Set($0.split(separator: ",").map(String.init)) }
            options.peers = value(after: "--peers", in: arguments) ?? options.noise.peersPath ?? options.peers
            options.perSeed = arguments.contains("--per-seed")
            options.noisyMode = arguments.contains("--noisy-mode") || arguments.contains("--rbf-noise")
            options.rbfNoise = value(after: "--rbf-noise", in: arguments).map { name in
                guard let mode = RBFNoise(rawValue: name) else {
                    refuse("--rbf-noise is one of \(RBFNoise.allCases.map(\.rawValue).joined(separator: ", ")), not \(name)")
                }
                return mode
            } ?? .on
            // A misspelt problem ran nothing and printed empty summaries.
            let unknown = (options.only ?? []).subtracting(options.problems.map(\.name))
            guard unknown.isEmpty else {
                refuse("no problem \(unknown.sorted().joined(separator: ", ")) in --set \(options.problemSet); "
                       + "its problems: \(options.problems.map(\.name).joined(separator: ", "))")
            }
            // Run from another folder, the peers' relative path read nothing and every count
            // came out 0/0 (--compare-parallel reads no peers).
            let parallelLevels = numbers(after: "--compare-parallel", in: arguments)
            guard parallelLevels != nil || FileManager.default.isReadableFile(atPath: options.peers) else {
                refuse("cannot read the peers' gaps \(options.peers): run from the repository's root, or give --peers FILE")
            }
            if let parallelLevels {
                SuiteParallelCompare.run(options, levels: parallelLevels)
                return
            }
            if arguments.contains("--long-run") {
                if value(after: "--budget", in: arguments) == nil { options.budget = 300 }
                if value(after: "--seeds", in: arguments) == nil { options.seeds = 5 }
                SuiteLongRun.run(options)
                return
            }
            SuiteBench.run(options)
            return
        }
        if arguments.contains("--help") {
            print("usage: OptimizerBench --suite [--set suite|heldout] [--method NAME] [--budget N] [--seeds N] [--first-seed N (0)] [--parallel K] [--noise SD|PCT%] [--problem A,B] [--peers FILE] [--per-seed] [--noisy-mode | --rbf-noise auto|on|off] [--report-smoothed] [--fail-region SHARE | --fail-worst SHARE | --fail-random SHARE]")
            print("       OptimizerBench --pruning [--seeds N (20)] [--first-seed N] [--rule hporun|median|early] [--workloads curves,powerlaw,curves-noisy,powerlaw-noisy] [--pruners none,median,asha,hyperband] [--per-seed]")
            print("       OptimizerBench --explain-experiment DIR (a bench-pruning curve run's experiment: what the pruned trials were told, every 50 trials)")
            print("       OptimizerBench --suite --long-run [--method NAME] [--budget N (300)] [--seeds N (5)] [--set suite|heldout] [--problem A,B (default: 6 or more dimensions)]")
            print("       OptimizerBench --suite --compare-parallel K,K... [--method NAME] [--budget N] [--seeds N] [--first-seed N (0; the floor from N + 100000)] [--problem A,B]")
            print("       OptimizerBench [--seeds N] [--evaluations N] [--problem NAME|curve] [--method NAME] [--per-seed] [--trace SEED (with --problem: a benchmark, suite or held-out problem)] [--curve-sizes N,N,...] [--curve-repeats K]")
            return
        }
        print("hporun optimizer benchmark: \(seeds) seeds, \(evaluations) evaluations; gap = (f_best - f_min) / max(1, |f_min|)")
        print("median [q1, q3] of the gap; 'to 1e-2' = median evaluations to reach a gap of 1e-2 (- when not reached by half the seeds)")
        print("")
        let header = ["problem", "optimizer", "gap@20", "gap@50", "to 1e-2", "ms/suggest mean", "ms/suggest max"]
        var rows: [[String]] = []
        for problem in TestProblem.all where only == nil || problem.name == only {
            for method in methods {
                let runs = (0..<seeds).map { seed in
                    BenchRun(problem: problem, method: method, evaluations: evaluations, seed: seed)
                }
                let times: [Double] = runs.flatMap { $0.suggestSeconds }
                if arguments.contains("--per-seed") {
                    let gaps = runs.map { String(format: "%.1e/%.1e", $0.gap(after: 20), $0.gap(after: 50)) }
                    print("  \(problem.name) \(method.rawValue) per seed (gap@20/gap@50): \(gaps.joined(separator: " "))")
                }
                let gap20 = quartiles(runs.map { $0.gap(after: 20) })
                let gap50 = quartiles(runs.map { $0.gap(after: 50) })
                let meanTime = String(format: "%.2f", mean(times) * 1000)
                let maxTime = String(format: "%.2f", (times.max() ?? 0) * 1000)
                rows.append([problem.name, method.rawValue, gap20, gap50, toTarget(runs), meanTime, maxTime])
                print(table(header: header, rows: [rows.last!]).split(separator: "\n").last!)
            }
        }
        print("")
        print(table(header: header, rows: rows))
        if only == nil || only == "curve" {
            print("")
            let timed = methods.count == 1 ? methods[0] : .rbfopt
            print("\(timed.rawValue) suggestion time on hartmann6 after N random observations (ms): median / max of the suggestions at N, N+1, ..., wall and thread CPU")
            let sizes = numbers(after: "--curve-sizes", in: arguments) ?? [50, 100, 500, 1000, 2000]
            let repeats = number(after: "--curve-repeats", in: arguments, or: 6)
            for count in sizes {
                let times = SuggestionCurve.measure(method: timed, observations: count, repeats: repeats)
                print(String(format: "  N = %4d: wall %8.2f / %8.2f   cpu %8.2f / %8.2f", count, times.wall.median * 1000,
                             times.wall.max * 1000, times.cpu.median * 1000, times.cpu.max * 1000))
            }
        }
    }

    /// The number after `flag`, `fallback` when the flag is absent. A value that is not a
    /// number is refused: it used to fall back silently (`--first-seed abc` ran seed 0).
    static func number<T: LosslessStringConvertible>(after flag: String, in arguments: ArraySlice<String>, or fallback: T) -> T {
        guard let text = value(after: flag, in: arguments) else { return fallback }
        guard let parsed = T(text) else { refuse("\(flag) wants a whole number, not \(text)") }
        return parsed
    }

    /// The comma-separated whole numbers after `flag` (`--compare-parallel 4,8`), nil when
    /// the flag is absent; an entry that is not a number is refused (it was dropped).
    static func numbers(after flag: String, in arguments: ArraySlice<String>) -> [Int]? {
        guard let text = value(after: flag, in: arguments) else { return nil }
        return text.split(separator: ",", omittingEmptySubsequences: false).map { entry in
            guard let parsed = Int(entry.trimmingCharacters(in: .whitespaces)) else {
                refuse("\(flag) wants whole numbers separated by commas, not \(text)")
            }
            return parsed
        }
    }

    /// Prints why the arguments are refused and exits with status 2.
    static func refuse(_ message: String) -> Never {
        print("OptimizerBench: \(message)")
        exit(2)
    }

    static func value(after flag: String, in arguments: ArraySlice<String>) -> String? {
        guard let index = arguments.firstIndex(of: flag), arguments.index(after: index) < arguments.endIndex else { return nil }
        return arguments[arguments.index(after: index)]
    }

    static func mean(_ values: [Double]) -> Double { values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count) }

    static func quantile(_ values: [Double], _ q: Double) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        let position = q * Double(sorted.count - 1)
        let low = Int(position.rounded(.down)), high = Int(position.rounded(.up))
        return sorted[low] + (sorted[high] - sorted[low]) * (position - Double(low))
    }

    static func quartiles(_ values: [Double]) -> String {
        String(format: "%.2g [%.2g, %.2g]", quantile(values, 0.5), quantile(values, 0.25), quantile(values, 0.75))
    }

    static func toTarget(_ runs: [BenchRun]) -> String {
        let counts = runs.map { $0.evaluationsToReach(1e-2) ?? Int.max }.sorted()
        let median = counts[(counts.count - 1) / 2]
        return median == Int.max ? "-" : String(median)
    }

    static func table(header: [String], rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }
                .joined(separator: "  ")
        }.joined(separator: "\n")
    }
}

/// One optimizer on one problem with one seed, exactly as the runner drives it: one
/// suggestion per trial, a generator seeded per trial, the history passed in each time.
struct BenchRun {
    var bestSoFar: [Double] = []
    var suggestSeconds: [Double] = []
    let minimum: Double

    init(problem: TestProblem, method: MethodName, evaluations: Int, seed: UInt64, trace: Bool = false) {
        minimum = problem.minimum
        let optimizer = OptimizerFactory.make(method, budget: evaluations)
        var history: [Observation] = []
        var best = Double.infinity
        for trial in 1...evaluations {
            var rng = SplitMix64(seed: seed &* 7919 &+ 17, stream: UInt64(trial))
            let start = ContinuousClock.now
            guard let point = optimizer.suggest(dimensions: problem.dimensions, history: history, pending: [], using: &rng)
            else { break }
            let elapsed = ContinuousClock.now - start
            suggestSeconds.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
            let value = problem.evaluate(point)
            history.append(Observation(point: point, outcome: .value(value)))
            best = min(best, value)
            if trace {
                let coordinates = point.map { String(format: "%.5f", $0) }.joined(separator: " ")
                print(String(format: "%3d  %@  f=%.6f  gap=%.2e", trial, coordinates, value, max(0, best - minimum) / max(1, abs(minimum))))
            }
            bestSoFar.append(best)
        }
    }

    func gap(after evaluations: Int) -> Double {
        guard !bestSoFar.isEmpty else { return .nan }
        let best = bestSoFar[min(evaluations, bestSoFar.count) - 1]
        return max(0, best - minimum) / max(1, abs(minimum))
    }

    func evaluationsToReach(_ target: Double) -> Int? {
        bestSoFar.firstIndex { max(0, $0 - minimum) / max(1, abs(minimum)) <= target }.map { $0 + 1 }
    }
}

/// Suggestion time of a method against history length: N random points of hartmann6 observed.
/// Both the wall time and the thread's CPU time (which a loaded machine inflates far less).
enum SuggestionCurve {
    struct Times {
        var wall: (median: Double, max: Double)
        var cpu: (median: Double, max: Double)
    }

    static func measure(method: MethodName, observations count: Int, repeats: Int) -> Times {
        let problem = TestProblem.hartmann6
        var rng = SplitMix64(seed: 1)
        let history = (0..<count).map { _ -> Observation in
            let point = problem.dimensions.map { _ in Double.random(in: 0...1, using: &rng) }
            return Observation(point: point, outcome: .value(problem.evaluate(point)))
        }
        let optimizer = OptimizerFactory.make(method, budget: count + repeats)
        var wall: [Double] = [], cpu: [Double] = []
        // Histories of N, N+1, ... points, so the suggestions fall on different steps of
        // the optimizer's cycle (global steps, the local step, exploration).
        let extra = (0..<repeats).map { _ -> Observation in
            let point = problem.dimensions.map { _ in Double.random(in: 0...1, using: &rng) }
            return Observation(point: point, outcome: .value(problem.evaluate(point)))
        }
        for index in 0..<repeats {
            var suggestionRNG = SplitMix64(seed: 2, stream: UInt64(index))
            let start = ContinuousClock.now, startCPU = threadCPUSeconds()
            _ = optimizer.suggest(dimensions: problem.dimensions, history: history + extra.prefix(index), pending: [],
                                  using: &suggestionRNG)
            let elapsed = ContinuousClock.now - start
            cpu.append(threadCPUSeconds() - startCPU)
            wall.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
        }
        wall.sort()
        cpu.sort()
        return Times(wall: (wall[wall.count / 2], wall.last!), cpu: (cpu[cpu.count / 2], cpu.last!))
    }

    static func threadCPUSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) * 1e-9
    }
}
