import Foundation
import HPOKit

/// `MetricsBench FILE METRIC`: reads an emetrics file with the runner's incremental reader,
/// as a trial's tail would, and prints records, skipped lines, seconds, throughput and the
/// process's peak resident memory. Used by `make bench-runner` on a generated 1M-line file.
@main
enum MetricsBenchMain {
    static func main() {
        let arguments = CommandLine.arguments
        guard arguments.count == 3 else {
            FileHandle.standardError.write(Data("usage: MetricsBench FILE METRIC\n".utf8))
            exit(2)
        }
        let start = ContinuousClock.now
        var tail = MetricsTail(path: arguments[1])
        var history = TestHistory()
        tail.poll { history.add($0) }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let objective = ObjectiveRule(metric: arguments[2], direction: .maximize, strategy: .best)
            .objective(emetrics: history, valDictList: nil)
        print(String(format: "reader: %d records (%d TEST values of '%@', %d TRAIN), %d skipped, %.2f s, %.0f lines/s, peak RSS %@",
                     tail.recordCount, history.metrics[arguments[2]]?.count ?? 0, arguments[2], history.trainRecords,
                     tail.skippedLines, seconds, Double(tail.recordCount + tail.skippedLines) / seconds, peakMemory()))
        if case .success(let value) = objective { print("reader: objective (best) = \(value)") }
    }

    /// VmHWM from /proc/self/status: the peak resident set size.
    static func peakMemory() -> String {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") }
        return line.map { $0.dropFirst(6).trimmingCharacters(in: .whitespaces) } ?? "unknown"
    }
}
