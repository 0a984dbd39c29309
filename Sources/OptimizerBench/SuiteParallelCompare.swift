import Foundation
import HPOKit

/// `OptimizerBench --suite --compare-parallel 4,8`: the issue's parallel target in one
/// command. Per problem, the median gap at the budget of the sequential run and of each
/// `--parallel K` run (the same seeds, the same number of completed evaluations) and their
/// ratio; then per K the count of problems within the target ratio (1.5 for K <= 4, 2
/// above) and the worst one. Gaps below `SuiteBench.floor` count as equal.
enum SuiteParallelCompare {
    static func run(_ options: SuiteBench.Options, levels: [Int]) {
        let problems = options.problems.filter { options.only?.contains($0.name) ?? true }
        let all = [1] + levels.filter { $0 > 1 }
        print("compare-parallel: \(options.method.rawValue), budget \(options.budget), \(options.seeds) seeds, parallel \(all.dropFirst().map(String.init).joined(separator: ", ")) against sequential")
        print("median gap at \(options.budget) evaluations; ratio = max(parallel, \(SuiteBench.format(SuiteBench.floor))) / max(sequential, \(SuiteBench.format(SuiteBench.floor)))")
        var rows: [[String]] = []
        var ratios: [Int: [(String, Double)]] = [:]
        var times: [Int: [Double]] = [:]
        for problem in problems {
            var medians: [Int: Double] = [:]
            for level in all {
                let optimizer = OptimizerFactory.make(options.method, budget: options.budget)
                let runs = (0..<options.seeds).map { seed in
                    SuiteRun(problem: problem, optimizer: optimizer, evaluations: options.budget, seed: seed, parallel: level)
                }
                times[level, default: []] += runs.flatMap(\.suggestSeconds)
                medians[level] = SuiteBench.quantile(runs.map { $0.gap(after: options.budget) }, 0.5)
            }
            var row = [problem.name, SuiteBench.format(medians[1]!)]
            for level in all.dropFirst() {
                let ratio = ratio(medians[level]!, medians[1]!)
                ratios[level, default: []].append((problem.name, ratio))
                row += [SuiteBench.format(medians[level]!), String(format: "%.3g", ratio)]
            }
            rows.append(row)
            FileHandle.standardError.write(Data("  \(problem.name) done\n".utf8))
        }
        let header = ["problem", "sequential"] + all.dropFirst().flatMap { ["parallel \($0)", "ratio \($0)"] }
        print(OptimizerBenchMain.table(header: header, rows: rows))
        for level in all {
            let spent = times[level] ?? []
            print(String(format: "suggestion time, parallel %d: mean %.2f ms, max %.2f ms", level,
                         SuiteBench.mean(spent) * 1000, (spent.max() ?? 0) * 1000))
        }
        for level in all.dropFirst() {
            let bound = target(level)
            let list = ratios[level] ?? []
            let within = list.filter { $0.1 <= bound }.count
            let worst = list.max { $0.1 < $1.1 } ?? ("-", 0)
            print(String(format: "summary parallel %d: within %.1fx of sequential on %d/%d problems; worst ratio %.3g (%@)",
                         level, bound, within, list.count, worst.1, worst.0))
            let outside = list.filter { $0.1 > bound }.map { "\($0.0) (\(String(format: "%.3g", $0.1)))" }
            if !outside.isEmpty { print("  beyond \(String(format: "%.1f", bound))x: \(outside.joined(separator: " "))") }
        }
    }

    /// The issue's bound: 1.5x at up to 4 trials at once, 2x above.
    static func target(_ level: Int) -> Double { level <= 4 ? 1.5 : 2 }

    static func ratio(_ parallel: Double, _ sequential: Double) -> Double {
        max(parallel, SuiteBench.floor) / max(sequential, SuiteBench.floor)
    }
}
