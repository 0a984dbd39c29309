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
        case "pruner_cut":
            if let text = string(node, name) {
                if let cut = PrunerSettings.Cut(rawValue: text.lowercased()) {
                    settings.cut = cut
                } else {
                    fail(.badValue, at: node, "pruner_cut is '\(text)'", fix: "use 'rank' or 'envelope'")
                }
            }
        case "pruner_adaptive": settings.adaptive = flag(node, name)
        case "hyperband_max_iter":
            settings.maxResource = atLeast(2, node, name)
            if settings.kind == .none { settings.kind = .hyperband }
        case "hyperband_eta":
            settings.eta = atLeast(2, node, name)
            if settings.kind == .none { settings.kind = .hyperband }
        case "hyperband_resource":
            if let text = string(node, name) {
                if text.isEmpty { fail(.badValue, at: node, "hyperband_resource is empty", fix: "name the hyperparameter, e.g. num_steps") }
                settings.resource = HyperbandResource(name: text, type: settings.resource?.type ?? .int,
                                                      resume: settings.resource?.resume)
                if settings.kind == .none { settings.kind = .hyperband }
            }
        case "hyperband_resource_type":
            if let text = string(node, name) {
                if let type = HyperbandResource.Kind(rawValue: text.lowercased()) {
                    settings.resource = HyperbandResource(name: settings.resource?.name ?? "", type: type,
                                                          resume: settings.resource?.resume)
                } else {
                    fail(.badValue, at: node, "hyperband_resource_type is '\(text)'", fix: "use 'int' or 'float'")
                }
            }
        case "hyperband_resume":
            if let resume = flag(node, name) {
                settings.resource = HyperbandResource(name: settings.resource?.name ?? "",
                                                      type: settings.resource?.type ?? .int, resume: resume)
            }
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
        if let resource = settings.resource, resource.name.isEmpty {
            fail(.missingKey, at: node, "hyperband_resource_type or hyperband_resume is given without hyperband_resource",
                 fix: "add '- {name: hyperband_resource, string_value: num_steps}' (the hyperparameter that gets max_iter)")
            return
        }
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

    /// The hyperband resource must not be a tuned hyperparameter too (config.json has one value per name).
    mutating func checkResource(_ method: Method, hyperParameters: [HyperParameter], at node: Node) {
        guard let name = method.pruner?.resource?.name, hyperParameters.contains(where: { $0.name == name }) else { return }
        fail(.conflictingKeys, at: node, "hyperband_resource '\(name)' is also a hyperparameter",
             fix: "remove '\(name)' from hyper_parameters: every trial gets hyperband_max_iter there")
    }

    /// true/false as text (Polyaxon's YAML booleans), or 1/0.
    private mutating func flag(_ node: Node, _ what: String) -> Bool? {
        if kindTag(node) == .bool, let value = node.bool { return value }
        if kindTag(node) == .int, let value = node.int, value == 0 || value == 1 { return value == 1 }
        if let text = node.scalar?.string.lowercased(), ["true", "false"].contains(text) { return text == "true" }
        fail(.badValue, at: node, "\(what) must be true or false, not \(describe(node))",
             fix: "write '- {name: \(what), string_value: \"true\"}'")
        return nil
    }

    private mutating func atLeast(_ low: Int, _ node: Node, _ what: String) -> Int? {
        guard let value = int(node, what) else { return nil }
        if value < low { fail(.badValue, at: node, "\(what) is \(value); it must be at least \(low)") }
        return value
    }
}
