import Foundation
import HPOKit

/// Parses YAML text as the manifest `exp.yml`, returning its errors (empty when valid).
func manifestErrors(_ yaml: String, trainingReference: String? = nil) -> [ManifestError] {
    do {
        _ = try ManifestLoader.parse(yaml, fileName: "exp.yml", trainingReference: trainingReference)
        return []
    } catch let errors as ManifestErrors {
        return errors.errors
    } catch {
        return [ManifestError(.unreadable, file: "?", line: 0, column: 0, message: "unexpected \(error)")]
    }
}

/// A bare manifest around the given hyper_parameters lines (each already indented by 2).
func bareManifest(method: String = "rbfopt", parameters: String = """
        - {name: objective, string_value: accuracy}
        - {name: maximize_or_minimize, string_value: maximize}
    """, hyperParameters: String) -> String {
    """
    hyper_parameters_optimization:
      method:
        name: \(method)
        parameters:
    \(parameters)
      hyper_parameters:
    \(hyperParameters)
    """
}

/// The experiment.json record a run of `bareManifest` would write (maximize accuracy over
/// one `lr`), with `methodLines` (each indented by 4) after the objective's.
func experimentRecord(method: String = "rbfopt", _ methodLines: String) throws -> ExperimentRecord {
    let manifest = try ManifestLoader.parse(bareManifest(method: method, parameters: """
            - {name: objective, string_value: accuracy}
            - {name: maximize_or_minimize, string_value: maximize}
        \(methodLines)
        """, hyperParameters: "  - {name: lr, double_range: {min_value: 0.1, max_value: 1.0}}"), fileName: "exp.yml")
    return ExperimentRecord(name: "e", version: "1", seed: 1, manifestPath: "/m.yml", manifest: manifest,
                            command: .argv(["python3", "train.py"]))
}

func fixtureURL(_ path: String) throws -> URL {
    guard let url = Bundle.module.url(forResource: "Fixtures/" + path, withExtension: nil) else {
        throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: path])
    }
    return url
}
