import Foundation
@testable import HPOKit
import Testing

/// The runner's board of curves: each record is judged against every finished curve and the
/// other running ones, as the pruner alone would judge them, without re-sorting the board.
@Suite struct PruneBoardTests {
    /// A finished trial with a curve of 27 epochs rising to `level`.
    func finished(_ number: Int, level: Double) -> TrialRecord {
        var record = TrialRecord(subid: ExperimentDirectory.subid(number), point: [level], config: Config())
        record.state = .completed
        record.testHistory = TestHistory(metrics: ["accuracy": (1...27).map {
            .init(iteration: $0, value: level * (1 - exp(-Double($0) / 5)))
        }])
        record.objective = level
        return record
    }

    @Test func onAThousandFinishedTrialsEachRecordIsJudgedAsThePrunerAloneJudgesIt() {
        let board = PruneBoard()
        let trials = (1...1000).map { finished($0, level: 0.5 + 0.4 * Double(($0 * 7919) % 1000) / 1000) }
        board.seed(trials, objective: "accuracy")
        let pruner = MedianPruner(warmupIterations: 2)
        let others = trials.map { PruneBoard.curve($0, objective: "accuracy") }
        // Three running trials, record by record, interleaved: the first two at the median level,
        // the third below it; each decision must be the pruner's on the same curves.
        let levels = [0.71, 0.69, 0.6]
        var live: [[TestHistory.Entry]] = [[], [], []]
        var stops: [Int?] = [nil, nil, nil]
        for epoch in 1...27 {
            for index in 0..<3 where stops[index] == nil {
                let subid = ExperimentDirectory.subid(1001 + index)
                let entry = TestHistory.Entry(iteration: epoch, value: levels[index] * (1 - exp(-Double(epoch) / 5)))
                live[index].append(entry)
                let running = (0..<3).filter { $0 != index && !live[$0].isEmpty }
                    .map { TrialCurve(subid: ExperimentDirectory.subid(1001 + $0), entries: live[$0]) }
                let expected = pruner.decide(PruneInput(trial: TrialCurve(subid: subid, entries: live[index]),
                                                        others: others + running, direction: .maximize))
                let stop = board.add(subid, entry, pruner: pruner, direction: .maximize)
                #expect((stop != nil) == expected.isStop, "\(subid) at \(epoch)")
                if let stop {
                    #expect(.stop(reason: stop.reason) == expected)
                    stops[index] = epoch
                }
            }
        }
        #expect(stops == [nil, 2, 2], "the two below the median of the thousand are stopped after the warm-up")
        // A finished trial joins the others in SUBID order; an interrupted one leaves.
        var done = finished(1001, level: 0.71)
        done.testHistory = TestHistory(metrics: ["accuracy": live[0]])
        board.finish(done, objective: "accuracy")
        var interrupted = finished(1002, level: 0.69)
        interrupted.state = .interrupted
        board.finish(interrupted, objective: "accuracy")
        #expect(board.stop(of: ExperimentDirectory.subid(1003)) != nil)
    }
}
