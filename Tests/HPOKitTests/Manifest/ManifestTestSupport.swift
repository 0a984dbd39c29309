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

func fixtureURL(_ path: String) throws -> URL {
    guard let url = Bundle.module.url(forResource: "Fixtures/" + path, withExtension: nil) else {
        throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: path])
    }
    return url
}
