import ArgumentParser
import Foundation
import HPOKit

extension HPORun {
    /// `hporun status DIR`: a table of the trials, best first.
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the trials of an experiment: SUBID, state, objective, duration, hyperparameters.")

        @Argument(help: "The experiment directory (e.g. hpo-runs/exp1).")
        var directory: String

        @Flag(help: "Order by SUBID instead of best first.")
        var bySubid = false

        func run() async throws {
            let export = try await reportingErrors { try ExperimentExport(directory: ExperimentDirectory(URL(fileURLWithPath: directory))) }
            let method = export.experiment.method
            print("experiment \(export.experiment.name): \(method.name), \(method.direction) \(method.objective), "
                  + "\(export.trials.filter { $0.state.countsAsFinished }.count)/\(method.numOptimizerSteps) finished")
            // Trials run as Slurm jobs show their job id, the key to Slurm's own view of them.
            let slurm = export.trials.contains { $0.slurmJobID != nil }
            let header = ["SUBID", "STATE", method.objective.uppercased(), "DURATION"] + (slurm ? ["JOB"] : [])
                + export.parameterNames
            let rows = (bySubid ? export.trials : export.ranked).map { trial in
                [trial.subid, trial.state.rawValue, trial.objective.map(format) ?? "-",
                 trial.duration.map(duration) ?? "-"] + (slurm ? [trial.slurmJobID ?? "-"] : [])
                    + export.parameterNames.map { trial.config[$0].map { "\($0.value)" } ?? "-" }
            }
            print(TextTable(header: header, rows: rows).render())
            for trial in export.trials where trial.state == .failed {
                print("  \(trial.subid) failed: \(trial.failureReason ?? "unknown")")
            }
        }
    }
}

/// Columns padded to their widest cell.
struct TextTable {
    var header: [String]
    var rows: [[String]]

    func render() -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
