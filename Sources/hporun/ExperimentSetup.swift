import ArgumentParser
import Foundation
import HPOKit

/// Resolves a `run`'s flags and manifest into what the runner needs: the manifest's method
/// parameters, overridden by flags; the command; the directory; the seed.
struct ExperimentSetup {
    let name: String
    let directory: ExperimentDirectory
    let options: RunOptions
    let record: ExperimentRecord
    let manifest: Manifest
    let launcher: any Launcher
    let launcherKind: LauncherKind

    init(command run: HPORun.RunExperiment, manifest: Manifest) throws {
        self.manifest = manifest
        let manifestURL = URL(fileURLWithPath: run.manifest)
        name = manifest.experimentName ?? manifestURL.deletingPathExtension().lastPathComponent
        let directoryPath = run.experimentDir ?? "hpo-runs/\(Self.safeFileName(name))"
        directory = ExperimentDirectory(URL(fileURLWithPath: directoryPath))

        let trialCommand: TrialCommand
        if !run.command.isEmpty {
            trialCommand = .argv(run.command)
        } else if let shell = manifest.command {
            trialCommand = .shell(shell)
        } else {
            throw ValidationError(
                "no training command: give one after -- (hporun --manifest \(run.manifest) -- python3 train.py), "
                    + "or a 'command' in the manifest's training reference")
        }
        let unknown = CommandTemplate(trialCommand).unknownPlaceholders(in: manifest.space)
        if !unknown.isEmpty {
            let known = manifest.hyperParameters.map(\.name).joined(separator: ", ")
            throw ValidationError(
                "the command uses {{ \(unknown.joined(separator: " }}, {{ ")) }}, which names no hyperparameter (they are: \(known))")
        }
        let method = manifest.method
        let seed = run.seed ?? method.randomSeed ?? UInt64.random(in: 0...UInt64(UInt32.max))
        options = RunOptions(
            budget: method.numOptimizerSteps, parallel: run.parallel ?? method.maxConcurrentTrials ?? 1,
            trialTimeout: (run.trialTimeout ?? method.trialTimeoutSeconds).map { .milliseconds(Int64($0 * 1000)) },
            grace: .milliseconds(Int64(run.grace * 1000)), maxFailedTrials: run.maxFailedTrials ?? method.maxFailedTrials,
            seed: seed, force: run.force, tee: run.tee)
        launcherKind = run.launcher ?? method.launcher ?? .local
        switch launcherKind {
        case .local:
            if run.slurmArgs != nil { throw ValidationError("--slurm-args needs --launcher slurm") }
            launcher = LocalLauncher()
        case .slurm:
            var slurmArguments = method.slurmArguments ?? []
            if let text = run.slurmArgs {
                do {
                    slurmArguments = try ShellWords.split(text)
                } catch {
                    throw ValidationError("--slurm-args: \(error) in \(text)")
                }
            }
            launcher = try SlurmLauncher(
                experimentDirectory: directory.url, extraArguments: slurmArguments,
                path: ProcessInfo.processInfo.environment["PATH"])
        }
        record = ExperimentRecord(
            name: name, version: HPORunVersion.current, seed: seed, manifestPath: manifestURL.standardizedFileURL.path,
            manifest: manifest, command: trialCommand)
    }

    /// An experiment name as a folder name: path separators and odd characters become '_'.
    static func safeFileName(_ name: String) -> String {
        let cleaned = String(name.map { $0.isLetter || $0.isNumber || "-_.".contains($0) ? $0 : "_" })
        return cleaned.isEmpty || cleaned.allSatisfy({ $0 == "." }) ? "experiment" : cleaned
    }
}
