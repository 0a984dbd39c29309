import ArgumentParser
import Foundation
import HPOKit

/// The root command. Each subcommand lives in its own file as `extension HPORun`.
@main
struct HPORun: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hporun",
        abstract: "Tune the hyperparameters of any training program through the filesystem.",
        discussion: """
            Each trial runs in its own directory with config.json (the hyperparameters) and \
            writes emetrics (IBM Watson Machine Learning's HPO protocol); hporun takes the \
            objective from the TEST metrics and picks the next trial with the manifest's \
            method: rbfopt (an RBF surrogate), random, grid, tpe (Parzen estimators) or bo \
            (a Gaussian process). The manifest may also be a Polyaxon, Log(ML) or DeepHyper \
            file, read as it is (hporun help validate). Running the same command again resumes \
            an experiment; status shows why each failed trial failed.

              hporun validate exp.yml
              hporun --manifest exp.yml -- python3 train.py
              hporun --manifest exp.yml --launcher slurm -- python3 train.py
              hporun status hpo-runs/exp
              hporun best hpo-runs/exp
              hporun enqueue hpo-runs/exp config.json
              hporun export hpo-runs/exp --format csv
              hporun report hpo-runs/exp
            """,
        version: HPORunVersion.current,
        subcommands: [RunExperiment.self, Validate.self, Status.self, Best.self, Export.self, Report.self,
                      EnqueueConfigurations.self],
        defaultSubcommand: RunExperiment.self
    )

    /// ArgumentParser's own entry point, with one change: bad input (a usage or validation
    /// error, exit status 64 by default) exits 2, as all of hporun's bad input does.
    static func main() async {
        // A local trial's watcher: hporun's own executable under another name (LocalLauncher).
        let arguments = CommandLine.arguments
        if arguments.first == TrialWatcher.name { TrialWatcher.main(Array(arguments.dropFirst())) }
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                let arguments = Array(CommandLine.arguments.dropFirst())
                if let corrected = withTerminator(arguments) {
                    printError("""
                        hporun: put the training command after -- (else hporun takes its words for its own options):
                          hporun \(corrected.map(TerminalText.shellWord).joined(separator: " "))
                        """)
                } else if let directories = experimentsForMissingDirectory(arguments) {
                    printError("hporun: \(arguments[0]) needs the experiment directory; did you mean:\n"
                               + directories.map { "  hporun \(arguments[0]) \(TerminalText.shellWord($0))" }.joined(separator: "\n"))
                } else if let corrected = withSubcommandSpelled(arguments) {
                    printError("hporun: '\(arguments[0])' is not a subcommand; did you mean:\n  hporun \(corrected)")
                } else if let corrected = withManifestFlag(arguments) {
                    printError("""
                        hporun: the manifest goes after --manifest, the training command after --:
                          hporun \(corrected)
                        (hporun validate FILE checks a manifest)
                        """)
                } else {
                    printError(fullMessage(for: error))
                }
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

extension HPORun {
    /// The arguments with `--` put where it makes them a valid run with a training command
    /// (`--manifest exp.yml python3 train.py` -> `--manifest exp.yml -- python3 train.py`),
    /// or nil when no such place exists or `--` is already there.
    static func withTerminator(_ arguments: [String]) -> [String]? {
        guard !arguments.contains("--") else { return nil }
        for index in arguments.indices where !arguments[index].hasPrefix("-") {
            var candidate = arguments
            candidate.insert("--", at: index)
            if let run = try? parseAsRoot(candidate) as? RunExperiment, !run.command.isEmpty { return candidate }
        }
        return nil
    }
}

extension HPORun {
    /// The arguments with `--manifest` before the first manifest file named without it
    /// (`hporun exp.yml -- python3 train.py`, or after a misspelt `--manifset`), shown as a command line (`<training command>`
    /// standing for a missing one), or nil when a manifest is given or none is named.
    static func withManifestFlag(_ arguments: [String]) -> String? {
        guard !arguments.contains(where: { $0 == "--manifest" || $0.hasPrefix("--manifest=") }),
              let index = arguments.firstIndex(where: { word in
                  [".yml", ".yaml", ".json"].contains { word.lowercased().hasSuffix($0) } && !word.hasPrefix("-")
              }),
              // Not after another subcommand's name (`valdate exp.yml`); `run` is the one it belongs to.
              index == 0 || arguments[0].hasPrefix("-") || arguments[0] == "run",
              !arguments[..<index].contains("--")
        else { return nil }
        var candidate = arguments
        // A misspelt flag before it (`--manifset exp.yml`) is replaced, not kept beside the right one.
        if index > 0, arguments[index - 1].hasPrefix("-"), distance(arguments[index - 1], "--manifest") <= 2 {
            candidate[index - 1] = "--manifest"
        } else {
            candidate.insert("--manifest", at: index)
        }
        if !candidate.contains("--") { candidate = withTerminator(candidate) ?? candidate }
        let line = candidate.map(TerminalText.shellWord).joined(separator: " ")
        return candidate.contains("--") ? line : line + " -- <training command>"
    }
}

extension HPORun {
    /// `hporun status` (best, export, report) with no directory: the experiment directories
    /// in and under the current folder (`hpo-runs/exp`), at most 3; nil when there are none.
    static func experimentsForMissingDirectory(_ arguments: [String]) -> [String]? {
        guard arguments.count == 1, ["status", "best", "export", "report"].contains(arguments[0]) else { return nil }
        let found = ExperimentDirectory.nearby(URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        return found.isEmpty ? nil : Array(found.prefix(3))
    }

    /// The arguments with a misspelt subcommand name (`valdate`, `stauts`) spelt right, as a
    /// command line, or nil when the first word is no near miss of one.
    static func withSubcommandSpelled(_ arguments: [String]) -> String? {
        guard let first = arguments.first, !first.hasPrefix("-") else { return nil }
        let names = configuration.subcommands.map { $0._commandName } + ["help"]
        guard !names.contains(first),
              let near = names.map({ ($0, distance(first.lowercased(), $0)) }).min(by: { $0.1 < $1.1 }),
              near.1 <= 2, near.1 < near.0.count / 2 + 1
        else { return nil }
        return ([near.0] + arguments.dropFirst()).map(TerminalText.shellWord).joined(separator: " ")
    }

    /// Levenshtein distance between two words.
    private static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}

enum HPORunVersion {
    static let current = "0.1.0"
}
