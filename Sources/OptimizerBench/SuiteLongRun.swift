import Foundation
import HPOKit

/// `OptimizerBench --suite --long-run` (`make bench-suite-long`): the optimizer issue's long-run
/// target. On the suite's problems of 6 or more dimensions, at budget 300 by default, does the
/// median gap keep falling, and does any seed stay flat for more than a third of the run while
/// a peer goes lower?
///
/// A seed is flat from one improvement to the next, where an improvement lowers its gap by at
/// least 1% of itself; once the gap is below `SuiteBench.floor` (the minimum found) it is not
/// flat any more. A stalled seed is flat for more than a third of the budget and ends above the
/// best peer's median at the same budget (Scripts/suite/peers/gaps.json, when the peers were
/// run at that budget; without peer data, above the floor).
enum SuiteLongRun {
    /// The smallest relative fall of the gap that ends a flat stretch.
    static let improvement = 0.01

    static func run(_ options: SuiteBench.Options) {
        let peers = PeerGaps(path: options.peers)
        let budget = options.budget
        let checkpoints = [budget / 3, 2 * budget / 3, budget]
        let problems = options.problems.filter { options.only?.contains($0.name) ?? ($0.kinds.count >= 6) }
        print("bench-suite long run: \(options.method.rawValue), budget \(budget), \(options.seeds) seeds, problems of 6 or more dimensions;"
            + " peers from \(options.peers)")
        print("gap medians at \(checkpoints.map(String.init).joined(separator: "/")); flat = the longest stretch without a 1% fall"
            + " of the gap, as a share of the budget (* = more than a third while the best peer's median is lower)")
        var rows: [[String]] = []
        var falling = 0
        var stalled: [String] = []
        for problem in problems {
            let optimizer = OptimizerFactory.make(options.method, budget: budget)
            let runs = (0..<options.seeds).map { seed in
                SuiteRun(problem: problem, optimizer: optimizer, evaluations: budget, seed: seed, parallel: options.parallel)
            }
            let medians = checkpoints.map { checkpoint in SuiteBench.quantile(runs.map { $0.gap(after: checkpoint) }, 0.5) }
            let bestPeer = PeerGaps.order.filter { $0 != "random" }.compactMap { peer in
                peers.gap(budget: budget, problem: problem.name, peer: peer, checkpoint: budget).map { (peer, $0[0]) }
            }.min { $0.1 < $1.1 }
            let bar = bestPeer?.1 ?? SuiteBench.floor
            let flats = runs.map { run in
                let share = Double(longestFlat(run.gaps(through: budget))) / Double(budget)
                let isStalled = share > 1.0 / 3 && !SuiteBench.atOrBelow(run.gap(after: budget), bar)
                return (share, isStalled)
            }
            let stalledSeeds = flats.filter(\.1).count
            if stalledSeeds > 0 { stalled.append("\(problem.name) (\(stalledSeeds))") }
            let isFalling = keepsFalling(medians)
            if isFalling { falling += 1 }
            rows.append([problem.name] + medians.map(SuiteBench.format)
                + [bestPeer.map { "\(SuiteBench.format($0.1)) \($0.0)" } ?? "-",
                   flats.map { String(format: "%.2f", $0.0) + ($0.1 ? "*" : "") }.joined(separator: " "),
                   isFalling ? "yes" : "no"])
            FileHandle.standardError.write(Data("  \(problem.name) done\n".utf8))
        }
        let header = ["problem"] + checkpoints.map { "median@\($0)" } + ["best peer@\(budget)", "flat share per seed", "falling"]
        print(OptimizerBenchMain.table(header: header, rows: rows))
        print("summary long run (budget \(budget)): median gap falls from third to third on \(falling)/\(problems.count) problems;"
            + " stalled seeds on \(stalled.count) problems" + (stalled.isEmpty ? "" : ": " + stalled.joined(separator: ", ")))
    }

    /// The longest number of evaluations between two improvements (or from the last one to the
    /// end) while the gap is above the floor.
    static func longestFlat(_ gaps: [Double]) -> Int {
        guard var reference = gaps.first else { return 0 }
        var since = 0
        var longest = 0
        for (index, gap) in gaps.enumerated().dropFirst() {
            if reference < SuiteBench.floor { break }
            if gap <= reference * (1 - improvement) || gap < SuiteBench.floor {
                longest = max(longest, index - since)
                reference = gap
                since = index
            }
        }
        if reference >= SuiteBench.floor { longest = max(longest, gaps.count - 1 - since) }
        return longest
    }

    /// Each third's median below the one before, or the minimum found.
    static func keepsFalling(_ medians: [Double]) -> Bool {
        zip(medians, medians.dropFirst()).allSatisfy { earlier, later in later < earlier || later < SuiteBench.floor }
    }
}

extension SuiteRun {
    /// The gap after each of the first `count` trials.
    func gaps(through count: Int) -> [Double] {
        (1...min(count, bestSoFar.count)).map { gap(after: $0) }
    }
}
