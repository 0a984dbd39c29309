import Foundation
import HPOKit

/// `make bench-suite`: an hporun optimizer on every suite problem (in process), its median
/// [q1, q3] gap at 20/50/100 evaluations beside each peer's (Scripts/suite/peers/gaps.json),
/// then the summary: problems where it is at or below the best peer, at or below RBFOpt 4.3,
/// and the worst ratio to the best peer.
enum SuiteBench {
    struct Options {
        var method: MethodName = .rbfopt
        var budget = 50
        var seeds: UInt64 = 10
        /// --first-seed: the seeds are firstSeed ..< firstSeed + seeds (another set of seeds
        /// shows how much a count against the peers owes to the seeds).
        var firstSeed: UInt64 = 0
        var parallel = 1
        var noise = SuiteNoise("0")
        /// --fail-region / --fail-worst: trials fail in part of the box (SuiteFailure.swift).
        var failure: SuiteFailure?
        var only: Set<String>?
        var peers = "Scripts/suite/peers/gaps.json"
        var perSeed = false
        /// rbfopt's noisy mode (RBFOptimizer(noisy: true)) instead of the factory's optimizer.
        var noisyMode = false
        /// With noisyMode: rbfopt's `rbf_noise` (--rbf-noise auto|on|off; --noisy-mode alone is on).
        var rbfNoise = RBFNoise.on
        /// --set: "suite" (Suite.all) or "heldout" (SuiteHeldout.all, tuned on by no one).
        var problemSet = "suite"

        var problems: [SuiteProblem] { problemSet == "heldout" ? SuiteHeldout.all : Suite.all }
    }

    /// Below this, two gaps count as equal (both have found the minimum).
    static let floor = 1e-6

    static func run(_ options: Options) {
        let peers = PeerGaps(path: options.peers)
        let checkpoints = [20, 50, 100].filter { $0 <= options.budget }
        let problems = options.problems.filter { problem in
            (options.only?.contains(problem.name) ?? true) && options.noise.deviation(for: problem.name) != nil
                && (options.failure.map { $0.rule(for: problem) != nil } ?? true)
        }
        print("bench-\(options.problemSet): \(options.noisyMode ? "rbfopt rbf_noise \(options.rbfNoise.rawValue)" : options.method.rawValue), budget \(options.budget), \(options.seeds) seeds\(options.firstSeed == 0 ? "" : " from seed \(options.firstSeed)"), parallel \(options.parallel)"
            + (options.noise.isNoisy ? ", \(options.noise.label) (gap of the TRUE value of the \(options.noise.reportSmoothed ? "smoothed-best" : "best-reported") trial)" : "")
            + (options.failure.map { ", \($0.label) (gap of the best trial that did not fail; the peers' columns ran without failures)" } ?? "")
            + "; peers from \(options.peers)")
        print("gap = (f_best - f*) / max(1, |f*|); cells median [q1, q3] over seeds; peers at the same budget")
        var rows: [[String]] = []
        var ours: [String: [Int: Double]] = [:]
        var times: [Double] = []
        for problem in problems {
            let optimizer: any Optimizer = options.noisyMode ? RBFOptimizer(budget: options.budget, noise: options.rbfNoise)
                : OptimizerFactory.make(options.method, budget: options.budget)
            let fails = options.failure?.rule(for: problem)
            let runs = (options.firstSeed..<(options.firstSeed + options.seeds)).map { seed in
                SuiteRun(problem: problem, optimizer: optimizer, evaluations: options.budget, seed: seed,
                         parallel: options.parallel, noise: options.noise.deviation(for: problem.name) ?? 0,
                         reportSmoothed: options.noise.reportSmoothed, fails: fails)
            }
            times += runs.flatMap(\.suggestSeconds)
            if options.perSeed {
                print("  \(problem.name) per seed: " + runs.map { format($0.gap(after: options.budget)) }.joined(separator: " "))
            }
            var row = [problem.name]
            for checkpoint in checkpoints {
                let gaps = runs.map { $0.gap(after: checkpoint) }
                ours[problem.name, default: [:]][checkpoint] = quantile(gaps, 0.5)
                row.append(cell([quantile(gaps, 0.5), quantile(gaps, 0.25), quantile(gaps, 0.75)]))
            }
            for peer in PeerGaps.order {
                row.append(peers.gap(budget: options.budget, problem: problem.name, peer: peer, checkpoint: options.budget)
                    .map(cell) ?? "-")
            }
            rows.append(row)
            FileHandle.standardError.write(Data("  \(problem.name) done\n".utf8))
        }
        let header = ["problem"] + checkpoints.map { "hporun \(options.method.rawValue)@\($0)" }
            + PeerGaps.order.map { "peer \($0)@\(options.budget)" }
        print(OptimizerBenchMain.table(header: header, rows: rows))
        print(String(format: "suggestion time: mean %.2f ms, max %.2f ms", mean(times) * 1000, (times.max() ?? 0) * 1000))
        for checkpoint in checkpoints where checkpoint >= 50 {
            summary(ours: ours, peers: peers, budget: options.budget, checkpoint: checkpoint, method: options.method.rawValue)
            SuitePeerCounts.print(ours: ours, peers: peers, budget: options.budget, checkpoint: checkpoint,
                                  method: options.method.rawValue)
        }
    }

    /// The issue's summary line at one checkpoint.
    static func summary(ours: [String: [Int: Double]], peers: PeerGaps, budget: Int, checkpoint: Int, method: String) {
        var compared = 0, atBest = 0, atRBFOpt = 0, withRBFOpt = 0
        var worst = (ratio: 0.0, problem: "-")
        var behind: [String] = []
        for (problem, gaps) in ours.sorted(by: { $0.key < $1.key }) {
            guard let gap = gaps[checkpoint] else { continue }
            let peerGaps = PeerGaps.order.filter { $0 != "random" }.compactMap {
                peers.gap(budget: budget, problem: problem, peer: $0, checkpoint: checkpoint)?[0]
            }
            guard let best = peerGaps.min() else { continue }
            compared += 1
            if atOrBelow(gap, best) { atBest += 1 } else { behind.append(problem) }
            if let rbfopt = peers.gap(budget: budget, problem: problem, peer: "rbfopt", checkpoint: checkpoint)?[0] {
                withRBFOpt += 1
                if atOrBelow(gap, rbfopt) { atRBFOpt += 1 }
            }
            if !(gap < floor && best < floor) {
                let ratio = gap / max(best, floor)
                if ratio > worst.ratio { worst = (ratio, problem) }
            }
        }
        print(String(format: "summary @%d (budget %d): %@ at or below the best peer on %d/%d problems, at or below RBFOpt 4.3 on %d/%d; worst ratio to the best peer %.3g (%@)",
                     checkpoint, budget, method, atBest, compared, atRBFOpt, withRBFOpt, worst.ratio, worst.problem))
        if !behind.isEmpty { print("  behind the best peer @\(checkpoint): \(behind.joined(separator: " "))") }
    }

    static func atOrBelow(_ gap: Double, _ other: Double) -> Bool { gap <= other || (gap < floor && other < floor) }

    static func cell(_ values: [Double]) -> String { "\(format(values[0])) [\(format(values[1])), \(format(values[2]))]" }

    static func format(_ value: Double) -> String {
        if value == 0 { return "0" }
        return abs(value) >= 1e-3 ? String(format: "%.2g", value) : String(format: "%.1e", value)
    }

    static func quantile(_ values: [Double], _ q: Double) -> Double { OptimizerBenchMain.quantile(values, q) }
    static func mean(_ values: [Double]) -> Double { OptimizerBenchMain.mean(values) }
}
