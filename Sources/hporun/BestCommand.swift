import ArgumentParser
import Foundation
import HPOKit

extension HPORun {
    /// `hporun best DIR`: the best trial's SUBID, objective and config.json.
    struct Best: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the best trial of an experiment: its SUBID, objective, directory and config.json.")

        @Argument(help: "The experiment directory.")
        var directory: String

        @Flag(help: "Print one JSON object (subid, objective, directory, config) for scripts.")
        var json = false

        func run() async throws {
            let experimentDirectory = ExperimentDirectory(URL(fileURLWithPath: directory))
            let export = try await reportingErrors { try ExperimentExport(directory: experimentDirectory) }
            guard let best = export.best, let objective = best.objective else {
                printError("hporun: no completed trial yet in \(experimentDirectory.url.path)")
                throw ExitCode(1)
            }
            let trialDirectory = experimentDirectory.trialDirectory(best.subid)
            let config = (try? String(contentsOf: trialDirectory.appendingPathComponent("config.json"), encoding: .utf8)) ?? "{}\n"
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
                print("\(export.experiment.method.objective): \(format(objective)) (\(export.experiment.method.direction))")
                print("directory: \(trialDirectory.path)")
                print("config.json:")
                print(config, terminator: "")
            }
        }
    }
}
