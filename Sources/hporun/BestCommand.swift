import ArgumentParser
import Foundation
import HPOKit

extension HPORun {
    /// `hporun best DIR`: the best trial's SUBID, objective and config.json.
    struct Best: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the best trial of an experiment: its SUBID, objective, directory and config.json.",
            discussion: """
                With no completed trial, says why (none finished yet, or how many failed and the \
                commonest reason) and exits 1; 'hporun status DIR' lists every failure. --json prints \
                the values exactly; the text form shows control characters escaped (\\e, \\u{202E}).
                """)

        @Argument(help: "The experiment directory.")
        var directory: String

        @Flag(help: "Print one JSON object (subid, objective, directory, config) for scripts.")
        var json = false

        func run() async throws {
            let experimentDirectory = ExperimentDirectory(URL(fileURLWithPath: directory))
            let export = try await reportingErrors { try ExperimentExport(directory: experimentDirectory) }
            guard let best = export.best, let objective = best.objective else {
                printError(Self.noBest(export, directory: directory))
                throw ExitCode(1)
            }
            let trialDirectory = experimentDirectory.trialDirectory(best.subid)
            // Read the safe way: the trial may have put anything under that name.
            let config = RegularFile.contents(of: trialDirectory.appendingPathComponent("config.json").path)
                .map { String(decoding: $0, as: UTF8.self) } ?? "{}\n"
            if json {
                let configJSON = config.trimmingCharacters(in: .whitespacesAndNewlines)
                    .replacingOccurrences(of: "\n", with: "\n  ")
                print("""
                    {
                      "subid": \(ParameterValue.jsonString(best.subid)),
                      "objective": \(ParameterValue.double(objective).jsonText),
                      "metric": \(ParameterValue.jsonString(export.experiment.method.objective)),
                      "directory": \(ParameterValue.jsonString(trialDirectory.path)),
                      "config": \(configJSON)
                    }
                    """)
            } else {
                print("best trial: \(best.subid)")
                print(TerminalText.escaped("\(export.experiment.method.objective): \(format(objective)) (\(export.experiment.method.direction))"))
                print("directory: \(TerminalText.escaped(trialDirectory.path))")
                print("config.json:")
                print(TerminalText.escapedLines(config), terminator: "")
            }
        }

        /// Why there is no best trial: none finished yet, or every one failed (how many, and
        /// the commonest reason), with where to look.
        static func noBest(_ export: ExperimentExport, directory: String) -> String {
            let failed = export.trials.filter { $0.state == .failed }
            let running = export.trials.filter { !$0.state.isFinal }.count
            let look = "see hporun status \(TerminalText.shellWord(directory))"
            guard !failed.isEmpty else {
                let now = running > 0 ? " (\(running) running)" : ""
                return "hporun: no trial has completed yet\(now) in \(TerminalText.escaped(directory)); \(look)"
            }
            let all = failed.count == export.trials.count ? "all \(failed.count)" : "\(failed.count) of \(export.trials.count)"
            var message = "hporun: no trial completed: \(all) trial\(export.trials.count == 1 ? "" : "s") failed"
            if let commonest = FailureKinds.commonest(failed) {
                let share = commonest.count == failed.count ? "every one" : "\(commonest.count) of them"
                message += " (\(share): \(TerminalText.escaped(commonest.reason)))"
            }
            if running > 0 { message += ", \(running) running" }
            return message + "; \(look)"
        }
    }
}
