import ArgumentParser
import Foundation
import HPOKit

extension HPORun {
    /// `hporun export DIR --format csv|json`: one row per trial.
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Export the trials as CSV or JSON: every hyperparameter, the objective and the final TEST metrics.",
            discussion: """
                Columns: subid, state, objective, duration_s, each hyperparameter (param_<name> for one \
                named as another column, such as from or state), test_<metric> (each TEST \
                metric's last value), failure_reason, and from: where the trial's point came from, as the \
                report's from column says it (optimizer, default, start N for the manifest's Nth starting \
                point, enqueued), and gpus (0,1) when some trial ran with --gpus. Loads straight into pandas: pd.read_csv("trials.csv") or pd.read_json("trials.json").
                """)

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case csv, json
        }

        @Argument(help: "The experiment directory.")
        var directory: String

        @Option(help: "csv or json.")
        var format: Format = .csv

        @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
        var output: String?

        func run() async throws {
            let export = try await reportingErrors { try ExperimentExport(directory: ExperimentDirectory(URL(fileURLWithPath: directory))) }
            let text = format == .csv ? export.csv() : export.json()
            if let output {
                try await reportingErrors {
                    do {
                        try AtomicFile.write(text, to: URL(fileURLWithPath: output))
                    } catch TrialStoreError.file(var problem) {
                        problem.advice = problem.isBadInput ? "choose another --output" : "free some space, then export again"
                        throw TrialStoreError.file(problem)
                    }
                }
            } else {
                print(text, terminator: "")
            }
        }
    }
}
