import Foundation
import HPOKit

/// `MetricsBench FILE METRIC`: reads an emetrics file with the runner's incremental reader,
/// as a trial's tail would, and prints records, skipped lines, seconds, throughput and the
/// process's peak resident memory. Used by `make bench-runner` on a generated 1M-line file.
/// `MetricsBench --log FILE`: reads a trial's log as `--tee` does (LogTail), and prints
/// lines, seconds, throughput and peak memory.
@main
enum MetricsBenchMain {
    static func main() {
        let arguments = CommandLine.arguments
        if arguments.count == 3, arguments[1] == "--log" {
            log(arguments[2])
            return
        }
        guard arguments.count == 3 else {
            FileHandle.standardError.write(
                Data("usage: MetricsBench FILE METRIC | MetricsBench --log FILE\n".utf8))
            exit(2)
        }
        let start = ContinuousClock.now
        var tail = MetricsTail(path: arguments[1])
        var history = TestHistory(keeping: arguments[2])
        tail.drain { history.add($0) }
        let seconds = seconds(since: start)
        let objective = ObjectiveRule(metric: arguments[2], direction: .maximize, strategy: .best)
            .objective(emetrics: history, valDictList: nil)
        print(
            String(
                format:
                    "reader: %d records (%d TEST values of '%@' kept of %d, %d TRAIN), %d skipped, %.2f s, %.0f lines/s, peak RSS %@",
                tail.recordCount, history.metrics[arguments[2]]?.count ?? 0, arguments[2],
                history.counts[arguments[2]] ?? 0, history.trainRecords,
                tail.skippedLines, seconds, Double(tail.recordCount + tail.skippedLines) / seconds,
                peakMemory()))
        if case .success(let value) = objective { print("reader: objective (best) = \(value)") }
    }

    static func log(_ path: String) {
        let start = ContinuousClock.now
        var tail = LogTail(path: path)
        var lines = 0
        var bytes = 0
        func count(_ batch: OutputLines) {
            batch.forEachLine { _ in lines += 1 }
            bytes += batch.bytes.count
        }
        while tail.poll(count) {}
        tail.poll(flush: true, count)
        let seconds = seconds(since: start)
        print(
            String(
                format: "log: %d lines, %.0f MB, %.2f s, %.0f MB/s, peak RSS %@",
                lines, Double(bytes) / 1e6, seconds, Double(bytes) / 1e6 / seconds, peakMemory()))
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }

    /// VmHWM from /proc/self/status: the peak resident set size.
    static func peakMemory() -> String {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") }
        return line.map { $0.dropFirst(6).trimmingCharacters(in: .whitespaces) } ?? "unknown"
    }
}
