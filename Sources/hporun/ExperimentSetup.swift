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
        let manifestsName = manifest.experimentName ?? manifestURL.deletingPathExtension().lastPathComponent
        let directoryPath = run.experimentDir ?? "hpo-runs/\(Self.safeFileName(manifestsName))"
        directory = ExperimentDirectory(URL(fileURLWithPath: directoryPath))
        // A resumed experiment keeps the name it was started under: it is the trials'
        // TRAINING_ID and part of Slurm's job names, and a manifest copied under another file
        // name (with --experiment-dir) must not rename the experiment halfway through.
        name = (try? directory.loadExperiment())?.name ?? manifestsName

        let (trialCommand, typedIn) = try Self.trialCommand(run.command, manifest: manifest, manifestURL: manifestURL,
                                                 manifestPath: run.manifest)
        let method = manifest.method
        let seed = run.seed ?? method.randomSeed ?? UInt64.random(in: 0...UInt64(UInt32.max))
        // With --gpus, one trial per group at most: without --parallel, as many as there are
        // groups (or the manifest's max_concurrent_trials, when fewer).
        let devices = try run.deviceGroups()
        let parallel = run.parallel ?? devices.map { min(method.maxConcurrentTrials ?? $0.groups.count, $0.groups.count) }
            ?? method.maxConcurrentTrials ?? 1
        var options = RunOptions(
            budget: method.numOptimizerSteps, parallel: parallel,
            trialTimeout: (run.trialTimeout ?? method.trialTimeoutSeconds).map(RunOptions.duration(seconds:)),
            grace: RunOptions.duration(seconds: run.grace), maxFailedTrials: run.maxFailedTrials ?? method.maxFailedTrials,
            seed: seed, force: run.force, tee: run.tee)
        options.seedGiven = run.seed ?? method.randomSeed != nil
        options.devices = devices
        self.options = options
        launcherKind = run.launcher ?? method.launcher ?? .local
        if devices != nil, launcherKind == .slurm {
            printError("hporun: \(DeviceListError.underSlurm.errorDescription ?? "--gpus needs --launcher local"); nothing was run")
            throw ExitCode(2)
        }
        switch launcherKind {
        case .local:
            if run.slurmArgs != nil { throw ValidationError("--slurm-args needs --launcher slurm") }
            // hporun reaps its trials' orphans, and runs each trial under a watcher of its own
            // executable, so that a run resumed after hporun died can collect or follow it.
            launcher = LocalLauncher(adoptsOrphans: true, watcher: TrialWatcher.ownExecutable)
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
        // After the launcher's own check (Slurm's commands). A Slurm job runs on a compute node,
        // whose PATH (modules, a conda environment) may have what this login node lacks: there
        // a missing program is a warning, not a refusal.
        try Self.checkProgram(trialCommand, typedIn: typedIn, refusing: launcherKind == .local)
        record = ExperimentRecord(
            name: name, version: HPORunVersion.current, seed: seed, manifestPath: manifestURL.standardizedFileURL.path,
            manifest: manifest, command: trialCommand)
    }

    /// The command the trials run, as experiment.json records it: the words after `--` (a
    /// placeholder the shell cut in three joined back, paths resolved against the folder hporun
    /// was started in), else the manifest's `command` (paths resolved against its folder);
    /// checked: every placeholder names a hyperparameter and stands where a value can go.
    static func trialCommand(_ words: [String], manifest: Manifest, manifestURL: URL, manifestPath: String) throws
        -> (command: TrialCommand, typedIn: String) {
        let invokingDirectory = FileManager.default.currentDirectoryPath
        let manifestDirectory = manifestURL.standardizedFileURL.deletingLastPathComponent().path
        let command: TrialCommand
        let typedIn: String
        if !words.isEmpty {
            command = .argv(CommandPaths.resolving(CommandTemplate.joiningSplitPlaceholders(words), in: invokingDirectory))
            typedIn = invokingDirectory
        } else if let shell = manifest.command {
            command = .shell(CommandPaths.resolving(shellLine: shell, in: manifestDirectory))
            typedIn = manifestDirectory
        } else if let note = manifest.commandNote {
            throw ValidationError(
                "no training command: \(note); give it after -- (hporun --manifest \(manifestPath) -- python3 train.py)")
        } else {
            throw ValidationError(
                "no training command: give one after -- (hporun --manifest \(manifestPath) -- python3 train.py), "
                    + "or a 'command' in the manifest's training reference")
        }
        let template = CommandTemplate(command)
        let unknown = template.unknownPlaceholders(in: manifest.space)
        if !unknown.isEmpty {
            let known = manifest.hyperParameters.map(\.name).joined(separator: ", ")
            printError(
                "hporun: the command uses {{ \(unknown.joined(separator: " }}, {{ ")) }}, which names no hyperparameter "
                    + "(they are: \(known)); nothing was run")
            throw ExitCode(2)
        }
        if let name = template.halfWrittenPlaceholders(in: manifest.space).first {
            printError("hporun: the command writes '\(name)' with a brace missing around it: write {{ \(name) }} "
                       + "(two braces each side), or the program gets the braces as they are; nothing was run")
            throw ExitCode(2)
        }
        if let problem = template.problems.first {
            printError("hporun: in the command, \(problem.message)\n    fix: \(problem.fix)")
            throw ExitCode(2)
        }
        return (command, typedIn)
    }

    /// Refuses (exit 2, nothing created) a command whose program cannot start; with
    /// `refusing` false, only warns.
    static func checkProgram(_ command: TrialCommand, typedIn directory: String, refusing: Bool) throws {
        guard let problem = CommandCheck.problem(
            in: command, path: ProcessInfo.processInfo.environment["PATH"], directory: directory) else { return }
        let message = problem.errorDescription ?? "\(problem)"
        guard refusing else {
            printError("hporun: warning: \(message)\n    (going on: the Slurm jobs run with the compute nodes' PATH)")
            return
        }
        printError("hporun: " + message)
        throw ExitCode(2)
    }

    /// An experiment name as a folder name: path separators and odd characters become '_'.
    static func safeFileName(_ name: String) -> String {
        let cleaned = String(name.map { $0.isLetter || $0.isNumber || "-_.".contains($0) ? $0 : "_" })
        return cleaned.isEmpty || cleaned.allSatisfy({ $0 == "." }) ? "experiment" : cleaned
    }
}
