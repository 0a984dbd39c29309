import Yams

/// `hyper_parameters_optimization.method`: `name` and WML's list of typed parameters.
extension ManifestReader {
    static let methodParameterNames = [
        "objective", "maximize_or_minimize", "num_optimizer_steps", "time_interval", "filename",
        "objective_strategy", "max_concurrent_trials", "random_seed", "trial_timeout_seconds",
        "max_failed_trials", "launcher", "slurm_args",
    ] + PrunerSettings.parameterNames + ["early_stopping_metric", "early_stopping_value", "early_stopping_optimization"]
        + MethodOption.all.map(\.name)

    /// The method; `hyperParameters` (when they were read without error) let it check that the
    /// method fits the space (`grid` needs a finite one) and size `grid`'s default budget.
    mutating func method(_ node: Node, hyperParameters: [HyperParameter]? = nil) -> Method? {
        guard let entries = mapping(node, "method") else { return nil }
        checkKeys(entries, allowed: ["name", "parameters"], in: "method")
        var name: MethodName?
        if let nameNode = entries.first(where: { $0.key == "name" })?.value {
            if let text = string(nameNode, "method.name") {
                name = MethodName(rawValue: text)
                if name == nil {
                    let options = MethodName.allCases.map(\.rawValue)
                    fail(.unknownMethod, at: nameNode, "unknown method '\(text)'",
                         fix: Self.methodHint(text) ?? nearestKey(to: text, in: options).map { "did you mean '\($0)'?" }
                            ?? "use one of: \(options.joined(separator: ", "))")
                }
            }
        } else {
            fail(.missingKey, at: node, "method has no 'name'", fix: "add 'name: rbfopt' or 'name: random'")
        }
        let values = parameters(entries.first { $0.key == "parameters" }?.value, method: node)
        guard let name, let values else { return nil }
        checkOptions(values, belongTo: name)
        guard var method = values.build(name: name) else { return nil }
        if let hyperParameters { fit(&method, to: hyperParameters, stepsGiven: values.steps != nil, at: node) }
        return method
    }

    /// What a name from another tool is called here: `gp` is `bo` (the nearest spelling was
    /// `tpe`), `grid_search` is `grid`; `hyperband`, `asha`, `median` are pruners, which go
    /// with a method.
    static func methodHint(_ text: String) -> String? {
        let name = text.lowercased().replacingOccurrences(of: "-", with: "_")
        let aliases: [String: MethodName] = [
            "gp": .bo, "bayes": .bo, "bayesian": .bo, "bayesian_optimization": .bo, "gaussian_process": .bo, "skopt": .bo,
            "grid_search": .grid, "gridsearch": .grid, "random_search": .random, "randomsearch": .random,
        ]
        if let method = MethodName(rawValue: name) ?? aliases[name] {
            return "did you mean '\(method.rawValue)'?"
        }
        guard let pruner = ["hyperband", "asha", "median"].first(where: { $0 == name }) else { return nil }
        return "'\(pruner)' is a pruner, not a method: keep a method (e.g. 'name: random') and add "
            + "'- {name: pruner, string_value: \(pruner)}' to its parameters"
            + (pruner == "hyperband" ? " with '- {name: pruner_max_resource, int_value: N}' (the last iteration)" : "")
    }

    /// The typed method parameters, each checked; nil when a required one is missing.
    private mutating func parameters(_ node: Node?, method: Node) -> MethodValues? {
        var values = MethodValues()
        var required = (objective: false, direction: false)
        if let node, let items = sequence(node, "method.parameters") {
            var seen: Set<String> = []
            for item in items {
                guard let entries = mapping(item, "a method parameter") else { continue }
                checkKeys(entries, allowed: ["name", "string_value", "int_value", "double_value"],
                          in: "a method parameter")
                guard let nameNode = entries.first(where: { $0.key == "name" })?.value,
                      let name = string(nameNode, "a method parameter's name") else {
                    if !entries.contains(where: { $0.key == "name" }) {
                        fail(.missingKey, at: item, "a method parameter has no 'name'")
                    }
                    continue
                }
                let valueEntries = entries.filter { $0.key.hasSuffix("_value") }
                guard let value = valueEntries.first else {
                    fail(.missingKey, at: item, "method parameter '\(name)' has no value",
                         fix: "add string_value, int_value or double_value")
                    continue
                }
                if !seen.insert(name).inserted {
                    fail(.conflictingKeys, at: nameNode, "method parameter '\(name)' is given twice")
                }
                switch name {
                case "objective":
                    values.objective = string(value.value, "objective")
                    required.objective = true
                case "maximize_or_minimize":
                    required.direction = true
                    if let text = string(value.value, "maximize_or_minimize") {
                        values.direction = Direction(rawValue: text.lowercased())
                        if values.direction == nil {
                            fail(.badDirection, at: value.value, "maximize_or_minimize is '\(text)'",
                                 fix: "use 'maximize' or 'minimize'")
                        }
                    }
                case "num_optimizer_steps":
                    if let steps = int(value.value, "num_optimizer_steps") {
                        if steps < 1 {
                            fail(.badSteps, at: value.value, "num_optimizer_steps is \(steps); at least 1 trial is needed")
                        }
                        values.steps = steps
                    }
                case "time_interval": values.timeInterval = string(value.value, "time_interval")
                case "filename": values.filename = string(value.value, "filename")
                case "objective_strategy":
                    if let text = string(value.value, "objective_strategy") {
                        values.strategy = ObjectiveStrategy(rawValue: text)
                        if values.strategy == nil {
                            fail(.badValue, at: value.value, "objective_strategy is '\(text)'", fix: "use 'best' or 'last'")
                        }
                    }
                case "max_concurrent_trials": values.maxConcurrent = positive(value.value, name)
                case "max_failed_trials": values.maxFailed = positive(value.value, name)
                case "random_seed":
                    if let seed = int(value.value, "random_seed") {
                        if seed < 0 { fail(.badValue, at: value.value, "random_seed must not be negative") }
                        values.seed = UInt64(clamping: seed)
                    }
                case "trial_timeout_seconds":
                    if let seconds = double(value.value, name) {
                        if seconds <= 0 || seconds > RunOptions.longestSeconds {
                            fail(.badValue, at: value.value,
                                 "trial_timeout_seconds is \(value.value.scalar?.string ?? "\(seconds)"); it must be above 0 "
                                    + "and at most \(Int(RunOptions.longestSeconds)) (one year)")
                        }
                        values.timeout = seconds
                    }
                case "launcher":
                    if let text = string(value.value, name) {
                        values.launcher = LauncherKind(rawValue: text)
                        if values.launcher == nil {
                            fail(.badValue, at: value.value, "launcher is '\(text)'", fix: "use 'local' or 'slurm'")
                        }
                    }
                case "slurm_args":
                    if let text = string(value.value, name) {
                        do {
                            values.slurmArguments = try ShellWords.split(text)
                        } catch {
                            fail(.badValue, at: value.value, "slurm_args: \(error)", fix: "close the quote")
                        }
                    }
                case "early_stopping_metric": values.earlyMetric = string(value.value, name)
                case "early_stopping_value": values.earlyValue = double(value.value, name)
                case "early_stopping_optimization":
                    if let text = string(value.value, name) {
                        values.earlyDirection = Direction(rawValue: text.lowercased())
                        if values.earlyDirection == nil {
                            fail(.badDirection, at: value.value, "early_stopping_optimization is '\(text)'",
                                 fix: "use 'maximize' or 'minimize'")
                        }
                    }
                case _ where name.hasPrefix("pruner") || name.hasPrefix("hyperband_"):
                    pruner(name, value.value, nameNode, &values)
                case _ where MethodOption.named(name) != nil:
                    option(MethodOption.named(name)!, value.value, nameNode, &values)
                default:
                    fail(.unknownKey, at: nameNode, "unknown method parameter '\(name)'",
                         fix: nearestKey(to: name, in: Self.methodParameterNames).map { "did you mean '\($0)'?" }
                            ?? "known parameters: \(Self.methodParameterNames.joined(separator: ", "))")
                }
            }
        }
        if !required.objective {
            fail(.missingKey, at: node ?? method, "the method has no 'objective' parameter",
                 fix: "add '- {name: objective, string_value: accuracy}' (the TEST metric to optimise)")
        }
        if !required.direction {
            fail(.missingKey, at: node ?? method, "the method has no 'maximize_or_minimize' parameter",
                 fix: "add '- {name: maximize_or_minimize, string_value: maximize}'")
        }
        checkPruner(values.pruner, at: node ?? method)
        if (values.earlyMetric == nil) != (values.earlyValue == nil) {
            fail(.missingKey, at: node ?? method, "early stopping needs both early_stopping_metric and early_stopping_value")
        }
        return values
    }

    private mutating func positive(_ node: Node, _ what: String) -> Int? {
        guard let value = int(node, what) else { return nil }
        if value < 1 { fail(.badValue, at: node, "\(what) is \(value); it must be at least 1") }
        return value
    }
}

/// The method parameters as read, before the required ones are known to be there.
struct MethodValues {
    var objective: String?
    var direction: Direction?
    var steps: Int?
    var timeInterval: String?
    var filename: String?
    var strategy: ObjectiveStrategy?
    var maxConcurrent: Int?
    var maxFailed: Int?
    var seed: UInt64?
    var timeout: Double?
    var launcher: LauncherKind?
    var slurmArguments: [String]?
    var pruner: PrunerSettings?
    var earlyMetric: String?
    var earlyValue: Double?
    var earlyDirection: Direction?
    var options: [String: ParameterValue] = [:]
    /// Where each option's name is, for an error about its method.
    var optionNodes: [String: Node] = [:]

    /// `pruner: none` is no pruner; `pruner_patience` alone is the patience pruner.
    var prunerSettings: PrunerSettings? {
        guard var pruner else { return nil }
        if pruner.kind == .none, pruner.patience != nil { pruner.kind = .patience }
        return pruner.kind == .none ? nil : pruner
    }

    func build(name: MethodName) -> Method? {
        guard let objective, let direction else { return nil }
        var method = Method(
            name: name, objective: objective, direction: direction,
            numOptimizerSteps: steps ?? Method.defaultSteps, timeInterval: timeInterval,
            filename: filename ?? Method.defaultFilename, objectiveStrategy: strategy ?? .best,
            maxConcurrentTrials: maxConcurrent, randomSeed: seed, trialTimeoutSeconds: timeout,
            maxFailedTrials: maxFailed, launcher: launcher, slurmArguments: slurmArguments,
            pruner: prunerSettings)
        method.options = options
        if let earlyMetric, let earlyValue {
            method.earlyStopping = EarlyStopping(metric: earlyMetric, value: earlyValue,
                                                 optimization: earlyDirection ?? direction)
        }
        return method
    }
}
