import Foundation

/// The per-peer counts the methods' targets are stated in: on how many problems the median
/// gap is at or below each peer's median (both below `SuiteBench.floor` counting as equal),
/// over the problems where that peer has data at this budget (the others are named, not
/// counted either way).
enum SuitePeerCounts {
    static func print(ours: [String: [Int: Double]], peers: PeerGaps, budget: Int, checkpoint: Int, method: String) {
        for peer in PeerGaps.order where peer != "random" {
            var compared = 0, atOrBelow = 0
            var behind: [String] = [], missing: [String] = []
            for (problem, gaps) in ours.sorted(by: { $0.key < $1.key }) {
                guard let gap = gaps[checkpoint] else { continue }
                guard let theirs = peers.gap(budget: budget, problem: problem, peer: peer, checkpoint: checkpoint)?[0] else {
                    missing.append(problem)
                    continue
                }
                compared += 1
                if SuiteBench.atOrBelow(gap, theirs) { atOrBelow += 1 } else {
                    behind.append("\(problem) (\(SuiteBench.format(gap)) vs \(SuiteBench.format(theirs)))")
                }
            }
            guard compared > 0 else {
                Swift.print("  vs \(peer) @\(checkpoint): no data at budget \(budget)")
                continue
            }
            Swift.print("  vs \(peer) @\(checkpoint): \(method) at or below on \(atOrBelow)/\(compared)"
                + (missing.isEmpty ? "" : "; no data for \(missing.joined(separator: " "))"))
            if !behind.isEmpty { Swift.print("    behind: \(behind.joined(separator: ", "))") }
        }
    }
}
