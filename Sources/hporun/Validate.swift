import ArgumentParser
import Foundation
import HPOKit

extension HPORun {
    /// `hporun validate MANIFEST`: the resolved space, or every error (exit status 2).
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a manifest and print the search space it defines.",
            discussion: """
                Prints the dialect it read, one line per hyperparameter (kind, range, values or \
                distribution, how many values, its default, and when a condition says it exists), \
                the method and its parameters, and the number of configurations when finite. \
                Besides WML's manifest, hporun reads Polyaxon's experiment group (v1, kind: group) \
                and operation (v1.1, kind: operation with a matrix), Log(ML)'s hyper_parameter_optimization \
                section and a DeepHyper problem (deephyper: dimensions), detected from the document; \
                --dialect forces one. A hyperopt nested choice (a Log(ML) choice whose options are \
                mappings or expressions) prints as a categorical over its options, each option's \
                parameters existing only when it is chosen; config.json gets the chosen option. \
                The command: line says where a dialect's command comes from (a Polyaxon \
                operation's inline component or pathRef file), or why the file gives none and \
                the command after -- is used. \
                A manifest with errors gets every error with its file:line:column and a fix, \
                and exit status 2.
                """)

        @Argument(help: "The experiment manifest (YAML or JSON).")
        var manifestPath: String?

        // `hporun --manifest exp.yml -- cmd` is how a run names it, so `validate --manifest`
        // is what a user types next; it means the same as the argument.
        @Option(name: .customLong("manifest"), help: "The same manifest, written as a run names it.")
        var manifestOption: String?

        var manifest: String { manifestPath ?? manifestOption ?? "" }

        func validate() throws {
            switch (manifestPath, manifestOption) {
            case (nil, nil):
                throw ValidationError("Missing the manifest: hporun validate exp.yml")
            case let (path?, option?) where path != option:
                throw ValidationError("Two manifests, '\(path)' and --manifest '\(option)': give one")
            default: break
            }
        }

        @Option(help: "The training reference to use when the manifest has several.")
        var trainingReference: String?

        @OptionGroup var reading: ManifestReading

        func run() throws {
            let loaded = try loadManifest(manifest, trainingReference: trainingReference, reading: reading)
            print(ManifestSummary(loaded).lines.map(TerminalText.escaped).joined(separator: "\n"))
        }
    }
}

/// Loads a manifest, printing every error to stderr and exiting with status 2 when it is wrong.
func loadManifest(_ path: String, trainingReference: String?, reading: ManifestReading) throws -> Manifest {
    do {
        let manifest = try ManifestLoader.load(
            contentsOf: URL(fileURLWithPath: path), trainingReference: trainingReference, dialect: reading.dialect)
        return reading.applied(to: manifest)
    } catch let errors as ManifestErrors {
        printError(TerminalText.escapedLines(errors.errorDescription ?? ""))
        throw ExitCode(2)
    }
}
