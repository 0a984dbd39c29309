import EMetrics
import Foundation

/// `emetrics-writer COUNT [DELAY_MICROSECONDS]`: writes COUNT synthetic TRAIN and TEST
/// records with the EMetrics library, as a training program would, using the protocol's
/// environment (SUBID, LOG_DIR, RESULT_DIR). The tests run it as a second process to check
/// what a concurrent reader, or a SIGKILL in the middle of a run, leaves in the file.
@main
enum EMetricsWriterMain {
    static func main() throws {
        let arguments = CommandLine.arguments.dropFirst()
        guard let count = arguments.first.flatMap(Int.init), count >= 0 else {
            FileHandle.standardError.write(Data("usage: emetrics-writer COUNT [DELAY_MICROSECONDS]\n".utf8))
            exit(2)
        }
        let delay = arguments.dropFirst().first.flatMap(UInt32.init) ?? 0
        try EMetrics.with { em in
            for iteration in stride(from: 1, through: count, by: 1) {
                // A long-ish text value makes each line several hundred bytes, so a torn
                // write would be visible to a reader.
                try em.record(.train, iteration: iteration, values: [
                    "loss": .double(1.0 / Double(iteration)), "note": .string(String(repeating: "x", count: 200)),
                ])
                try em.record(.test, iteration: iteration, values: [
                    "accuracy": .double(Double(iteration) / Double(count + 1)), "step": .int(iteration),
                ])
                if delay > 0 { usleep(delay) }
            }
        }
    }
}
