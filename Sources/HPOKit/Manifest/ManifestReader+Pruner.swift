import Yams

/// The `pruner*` method parameters (hporun's own; PrunerSettings says what each means).
extension ManifestReader {
    mutating func pruner(_ name: String, _ node: Node, _ nameNode: Node, _ values: inout MethodValues) {
        var settings = values.pruner ?? PrunerSettings(kind: .none)
        switch name {
        case "pruner":
            if let text = string(node, name) {
                if let kind = PrunerSettings.Kind(rawValue: text.lowercased()) {
                    settings.kind = kind
                } else {
                    let kinds = PrunerSettings.Kind.allCases.map(\.rawValue)
                    fail(.badValue, at: node, "pruner is '\(text)'",
                         fix: nearestKey(to: text, in: kinds).map { "did you mean '\($0)'?" }
                            ?? "use one of: \(kinds.joined(separator: ", "))")
                }
            }
        case "pruner_warmup_iterations": settings.warmupIterations = atLeast(0, node, name)
        case "pruner_min_trials": settings.minimumTrials = atLeast(1, node, name)
        case "pruner_interval": settings.interval = atLeast(1, node, name)
        case "pruner_min_resource": settings.minResource = atLeast(1, node, name)
        case "pruner_eta": settings.eta = atLeast(2, node, name)
        case "pruner_max_resource": settings.maxResource = atLeast(1, node, name)
        case "pruner_patience": settings.patience = atLeast(1, node, name)
        case "pruner_min_delta":
            if let delta = double(node, name) {
                if delta < 0 { fail(.badValue, at: node, "pruner_min_delta is \(delta); it must not be negative") }
                settings.minDelta = delta
            }
        default:
            fail(.unknownKey, at: nameNode, "unknown method parameter '\(name)'",
                 fix: nearestKey(to: name, in: PrunerSettings.parameterNames).map { "did you mean '\($0)'?" }
                    ?? "pruner parameters: \(PrunerSettings.parameterNames.joined(separator: ", "))")
        }
        values.pruner = settings
    }

    /// A pruner's settings without their pruner, or a pruner without what it needs.
    mutating func checkPruner(_ settings: PrunerSettings?, at node: Node) {
        guard var settings else { return }
        if settings.kind == .none, settings.patience != nil { settings.kind = .patience }
        if settings.kind == .none, settings != PrunerSettings(kind: .none) {
            fail(.missingKey, at: node, "pruner settings are given without a pruner",
                 fix: "add '- {name: pruner, string_value: asha}' (or median, hyperband, patience)")
        } else if let problem = settings.problem {
            fail(.missingKey, at: node, problem)
        } else if let min = settings.minResource, let max = settings.maxResource, max <= min {
            fail(.badValue, at: node, "pruner_max_resource \(max) must be above pruner_min_resource \(min)")
        }
    }

    private mutating func atLeast(_ low: Int, _ node: Node, _ what: String) -> Int? {
        guard let value = int(node, what) else { return nil }
        if value < low { fail(.badValue, at: node, "\(what) is \(value); it must be at least \(low)") }
        return value
    }
}
