import ArgumentParser
import Foundation
import HPOKit

extension HPORun {
    /// `hporun validate MANIFEST`: the resolved space, or every error (exit status 2).
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a manifest and print the search space it defines.",
            discussion: """
                Prints one line per hyperparameter (kind, range, values or distribution, how \
                many values, its default, and when a condition says it exists), \
                the method and its parameters, and the number of configurations when finite. \
                A manifest with errors gets every error with its file:line:column and a fix, \
                and exit status 2.
                """)

        @Argument(help: "The experiment manifest (YAML or JSON).")
        var manifest: String

        @Option(help: "The training reference to use when the manifest has several.")
        var trainingReference: String?

        func run() throws {
            let loaded = try loadManifest(manifest, trainingReference: trainingReference)
            print(ManifestSummary(loaded).lines.map(TerminalText.escaped).joined(separator: "\n"))
        }
    }
}

/// Loads a manifest, printing every error to stderr and exiting with status 2 when it is wrong.
func loadManifest(_ path: String, trainingReference: String?) throws -> Manifest {
    do {
        return try ManifestLoader.load(contentsOf: URL(fileURLWithPath: path), trainingReference: trainingReference)
    } catch let errors as ManifestErrors {
        printError(TerminalText.escapedLines(errors.errorDescription ?? ""))
        throw ExitCode(2)
    }
}
