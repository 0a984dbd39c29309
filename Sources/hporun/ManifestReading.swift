import ArgumentParser
import Foundation
import HPOKit

/// How `run` and `validate` read a manifest: which dialect, and the objective when the file
/// names none or another is wanted.
struct ManifestReading: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Read the manifest as this dialect: wml, polyaxon, polyaxon-v1.1, logml or deephyper (default: detected from the document).",
        valueName: "dialect"))
    var dialect: Dialect?

    @Option(help: ArgumentHelp(
        "The TEST metric to optimise, whatever the manifest says (Log(ML) and Polyaxon's grid and random searches name none: loss).",
        valueName: "metric"))
    var objective: String?

    @Flag(help: "Maximise the objective, whatever the manifest says.")
    var maximize = false

    @Flag(help: "Minimise the objective, whatever the manifest says.")
    var minimize = false

    func validate() throws {
        if maximize && minimize { throw ValidationError("--maximize and --minimize cannot both be given") }
        if let objective, objective.isEmpty { throw ValidationError("--objective needs a metric name") }
    }

    /// The manifest's method with the flags' objective and direction.
    func applied(to manifest: Manifest) -> Manifest {
        var manifest = manifest
        if let objective { manifest.method.objective = objective }
        if maximize { manifest.method.direction = .maximize }
        if minimize { manifest.method.direction = .minimize }
        return manifest
    }
}

extension Dialect: ExpressibleByArgument {}
