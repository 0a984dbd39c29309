import Yams

/// The forms of experiment file hporun reads. Each has a reader (`ManifestReader+<Dialect>`)
/// producing the same `Manifest`; `detect` tells them apart from the document itself, and
/// `hporun --dialect NAME` forces one.
public enum Dialect: String, Sendable, Hashable, CaseIterable {
    /// IBM WML's experiment document or its `hyper_parameters_optimization:` section.
    case wml
    /// Polyaxon's experiment group, v1: `version: 1`, `kind: group`, `settings.matrix`.
    case polyaxon
    /// Polyaxon's operation, v1.1: `kind: operation` with a `matrix` whose `kind` names the search.
    case polyaxonOperation = "polyaxon-v1.1"
    /// Log(ML)'s config file: its `hyper_parameter_optimization:` section (hyperopt expressions).
    case logml
    /// DeepHyper's HPS problem written as YAML: a `deephyper:` section of `dimensions`.
    case deephyper

    /// What `validate` names it.
    public var title: String {
        switch self {
        case .wml: "WML experiment manifest"
        case .polyaxon: "Polyaxon experiment group (v1)"
        case .polyaxonOperation: "Polyaxon operation (v1.1)"
        case .logml: "Log(ML) hyper_parameter_optimization"
        case .deephyper: "DeepHyper HPS problem"
        }
    }

    /// The dialect of a document, from its top-level keys; nil when none fits.
    static func detect(_ root: Node) -> Dialect? {
        guard let mapping = root.mapping else { return nil }
        let keys = Set(mapping.keys.compactMap(\.string))
        let kind = mapping["kind"]?.string?.lowercased()
        if keys.contains("hyper_parameter_optimization") { return .logml }
        if keys.contains("deephyper") { return .deephyper }
        if kind == "operation" || (keys.contains("matrix") && mapping["matrix"]?.mapping?["kind"] != nil) {
            return .polyaxonOperation
        }
        if kind == "group" || keys.contains("hptuning") || mapping["settings"]?.mapping?["matrix"] != nil {
            return .polyaxon
        }
        if keys.contains("hyper_parameters_optimization") || keys.contains("training_references") { return .wml }
        return nil
    }

    /// The key each form starts with, for the error of a document of none.
    static let startingKeys = [
        "hyper_parameters_optimization: (WML)", "kind: group with settings.matrix (Polyaxon v1)",
        "kind: operation with matrix (Polyaxon v1.1)", "hyper_parameter_optimization: (Log(ML))",
        "deephyper: (a DeepHyper problem)",
    ]
}
