import Yams

/// Log(ML)'s config file: its `hyper_parameter_optimization` section (`enable`, `algorithm`,
/// `max_evals`, `show_progressbar`, `space` grouped by workflow step, each parameter a hyperopt
/// expression such as `['uniform', 0.0, 0.5]`). A parameter is named `step.name`
/// (`model_train.learning_rate`, its `{{ }}` placeholder) and config.json nests it by step:
/// `{"model_train": {"learning_rate": 0.1}}`. The section names no objective: hyperopt minimises what the
/// workflow returns, so the objective is the TEST metric `loss`, minimised. The file's other
/// sections configure Log(ML)'s workflow and are ignored.
extension ManifestReader {
    static let logMLKeys = ["enable", "show_progressbar", "algorithm", "max_evals", "space"]

    mutating func logML(_ root: Node) -> Manifest? {
        guard let entries = mapping(root, "the Log(ML) config") else { return nil }
        for item in entries where item.key != "hyper_parameter_optimization" {
            dialectNotes.append("\(item.key) is Log(ML)'s workflow configuration; ignored")
        }
        guard let section = entry("hyper_parameter_optimization", in: entries) else {
            fail(.missingKey, at: root, "a Log(ML) config has no 'hyper_parameter_optimization' section",
                 fix: "add hyper_parameter_optimization: {algorithm: tpe, max_evals: 20, space: {...}}, "
                    + "or read the file as its own dialect (leave --dialect out)")
            return nil
        }
        guard let fields = mapping(section.value, "hyper_parameter_optimization") else { return nil }
        if fields.contains(where: { ["method", "hyper_parameters"].contains($0.key) }) {
            // WML's manifest with its top key one letter short: say that, not Log(ML)'s keys.
            fail(.unknownKey, at: section.keyNode,
                 "'hyper_parameter_optimization' (Log(ML)'s section) holds WML's method and hyper_parameters",
                 fix: "did you mean 'hyper_parameters_optimization'? (WML's manifest; Log(ML)'s "
                    + "'hyper_parameter_optimization' holds algorithm, max_evals and space)")
            return nil
        }
        checkKeys(fields, allowed: Self.logMLKeys, in: "hyper_parameter_optimization")
        if let enable = entry("enable", in: fields), kindTag(enable.value) == .bool, enable.value.bool == false {
            dialectNotes.append("enable is False: Log(ML) would not search; hporun runs the search it is asked to")
        }
        if entry("show_progressbar", in: fields) != nil {
            dialectNotes.append("show_progressbar is not used: hporun shows its own progress")
        }
        var parameters: [HyperParameter] = []
        if let space = entry("space", in: fields) {
            logMLSpace(space.value, into: &parameters)
        } else {
            fail(.missingKey, at: section.value, "hyper_parameter_optimization has no 'space'",
                 fix: "add space: {model_train: {learning_rate: ['uniform', 0.0, 0.5]}}")
        }
        let algorithmNode = entry("algorithm", in: fields)?.value
        let algorithm = algorithmNode.flatMap { string($0, "algorithm") } ?? "tpe"
        let name: MethodName
        switch algorithm {
        case "tpe": name = .tpe
        case "random", "rand": name = .random
        default:
            fail(.badValue, at: algorithmNode, "algorithm '\(algorithm)' is not supported",
                 fix: "use 'tpe' or 'random'")
            return nil
        }
        var method = DialectMethod(
            name: name, node: algorithmNode ?? section.value, spelled: "algorithm '\(algorithm)'",
            objective: "loss", direction: .minimize)
        if let maxEvals = entry("max_evals", in: fields) { method.steps = count(maxEvals.value, "max_evals") }
        dialectNotes.append("Log(ML) names no objective: the TEST metric 'loss', minimised, as hyperopt minimises "
                            + "(--objective NAME and --maximize change it)")
        commandNote = "a Log(ML) config names no command"
        guard let built = build(method, parameters: parameters) else { return nil }
        return Manifest(method: built, hyperParameters: parameters)
    }

    /// `space: {step: {name: expression}}`; an empty step is skipped.
    private mutating func logMLSpace(_ node: Node, into parameters: inout [HyperParameter]) {
        guard let steps = mapping(node, "space") else { return }
        var declared = false
        for step in steps {
            if kindTag(step.value) == .null { continue }
            guard let items = mapping(step.value, "space.\(step.key)") else { continue }
            declared = declared || !items.isEmpty
            for item in items {
                let name = "\(step.key).\(item.key)"
                if isNestedChoice(item.value) {
                    nestedChoice(item.value, name: name, nameNode: item.keyNode, place: [step.key, item.key], group: step.key,
                                 conditions: [], into: &parameters)
                } else if let prior = hyperoptExpression(item.value, name: name) {
                    addParameter(name, prior, at: item.value, nameNode: item.keyNode, to: &parameters, group: step.key)
                }
            }
        }
        if !declared {
            fail(.emptyList, at: node, "the space has no hyperparameter: every workflow step in it is empty",
                 fix: "give a step its parameters, e.g. model_train: {learning_rate: ['uniform', 0.0, 0.5]}")
        }
    }
}
