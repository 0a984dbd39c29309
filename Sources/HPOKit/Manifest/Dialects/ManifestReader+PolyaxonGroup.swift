import Yams

/// Polyaxon's experiment group file, v1 (`version: 1`, `kind: group`): `declarations`
/// (fixed values, which reach config.json and `{{ name }}` as one-value hyperparameters;
/// Polyaxon 0.5 and later also take them as `params`, plain or `{value: ...}`, and as the
/// `value` of typed `inputs`),
/// `settings` (or `hptuning`) with `matrix`, `concurrency`, one of `grid_search`,
/// `random_search`, `hyperband`, `bo`, and `early_stopping`; `run.cmd` is the command.
/// The cluster's keys (`run.image`, `run.build_steps`, `project`, ...) are noted and ignored.
extension ManifestReader {
    static let polyaxonGroupKeys = [
        "version", "kind", "project", "declarations", "settings", "hptuning", "run", "environment", "logging", "tags",
        "description", "name", "build", "framework", "backend", "params", "inputs", "outputs",
    ]
    static let polyaxonSettingsKeys = [
        "matrix", "concurrency", "grid_search", "random_search", "hyperband", "bo", "early_stopping", "seed",
    ]
    static let polyaxonSearchKeys = [
        "grid_search": ["n_experiments"], "random_search": ["n_experiments", "seed"],
        "hyperband": ["max_iter", "eta", "resource", "metric", "resume", "seed"],
        "bo": ["n_iterations", "n_initial_trials", "metric", "utility_function", "seed"],
    ]

    mutating func polyaxonGroup(_ root: Node) -> Manifest? {
        guard let entries = mapping(root, "the Polyaxon file") else { return nil }
        checkKeys(entries, allowed: Self.polyaxonGroupKeys, in: "the Polyaxon experiment group")
        if let version = entry("version", in: entries), let number = double(version.value, "version"), number != 1 {
            fail(.badValue, at: version.value, "version \(readable(number)) is not an experiment group's",
                 fix: "an experiment group is version: 1; a v1.1 file is an operation (kind: operation, matrix: ...)")
        }
        if let kind = entry("kind", in: entries), let text = string(kind.value, "kind"), text != "group" {
            fail(.badValue, at: kind.value, "kind '\(text)' has no search to run",
                 fix: "a search is kind: group with settings.matrix")
        }
        var parameters: [HyperParameter] = []
        if let declarations = entry("declarations", in: entries), let items = mapping(declarations.value, "declarations") {
            for item in items {
                if let value = typedValue(item.value, "declaration '\(item.key)'") {
                    addParameter(item.key, .constant(value), at: item.value, nameNode: item.keyNode, to: &parameters)
                }
            }
        }
        polyaxonGroupParams(entries, into: &parameters)
        let settingsEntry = entry("settings", in: entries) ?? entry("hptuning", in: entries)
        guard let settingsEntry, let settings = mapping(settingsEntry.value, settingsEntry.key) else {
            fail(.missingKey, at: root, "the experiment group has no 'settings' with a 'matrix'",
                 fix: "add settings: {matrix: {lr: {values: [0.01, 0.1]}}}")
            return nil
        }
        checkKeys(settings, allowed: Self.polyaxonSettingsKeys, in: settingsEntry.key)
        polyaxonMatrix(entry("matrix", in: settings), at: settingsEntry.value, into: &parameters)
        polyaxonGroupInputs(entries, into: &parameters)
        let search = polyaxonGroupSearch(settings, at: settingsEntry.value)
        var method = polyaxonMethod(search, parameters: &parameters)
        if let seed = entry("seed", in: settings), let value = count(seed.value, "seed", atLeast: 0) {
            method.seed = UInt64(value)
        }
        let command = polyaxonRun(entry("run", in: entries), parameters: parameters)
        for item in entries where !["version", "kind", "declarations", "params", "inputs", "settings", "hptuning", "run"]
            .contains(item.key) {
            dialectNotes.append("\(item.key) is for Polyaxon's platform; ignored")
        }
        guard let built = build(method, parameters: parameters) else { return nil }
        return Manifest(command: command, method: built, hyperParameters: parameters)
    }

    /// The group's other fixed values (Polyaxon 0.5 on): `params: {name: value}` (or
    /// `{name: {value: v}}`, the v1.1 form). A name given twice among declarations, params
    /// and the matrix is an error (`addParameter`).
    mutating func polyaxonGroupParams(_ entries: [Entry], into parameters: inout [HyperParameter]) {
        if let params = entry("params", in: entries), let items = mapping(params.value, "params") {
            for item in items {
                var valueNode = item.value
                if case .mapping = item.value, let fields = mapping(item.value, "param '\(item.key)'") {
                    guard let value = entry("value", in: fields) else {
                        fail(.missingKey, at: item.value, "param '\(item.key)' has no 'value'",
                             fix: "write \(item.key): 0.01, or \(item.key): {value: 0.01}")
                        continue
                    }
                    valueNode = value.value
                }
                if let typed = typedValue(valueNode, "param '\(item.key)'") {
                    addParameter(item.key, .constant(typed), at: valueNode, nameNode: item.keyNode, to: &parameters)
                }
            }
        }
    }

    /// The `value` of each typed input (`inputs: [{name, type, value}]`) that the
    /// declarations, params and matrix did not give: the defaults of Polyaxon's typed inputs.
    mutating func polyaxonGroupInputs(_ entries: [Entry], into parameters: inout [HyperParameter]) {
        guard let inputs = entry("inputs", in: entries) else { return }
        guard case .sequence(let list) = inputs.value else {
            fail(.badValue, at: inputs.value, "inputs is a list of {name, type, value}",
                 fix: "write inputs: [{name: batch_size, type: int, value: 128}]")
            return
        }
        for input in list {
            guard let fields = mapping(input, "an input") else { continue }
            guard let name = entry("name", in: fields).flatMap({ string($0.value, "an input's name") }) else {
                fail(.missingKey, at: input, "an input has no 'name'", fix: "write {name: batch_size, type: int, value: 128}")
                continue
            }
            // An input without a value (`is_optional: false`) is given by params or the matrix.
            guard let value = entry("value", in: fields), !parameters.contains(where: { $0.name == name }),
                  let typed = typedValue(value.value, "input '\(name)'") else { continue }
            addParameter(name, .constant(typed), at: value.value, nameNode: input, to: &parameters)
        }
    }

    /// `matrix: {name: {kind: value}}`, one kind per hyperparameter.
    mutating func polyaxonMatrix(_ matrix: Entry?, at settings: Node, into parameters: inout [HyperParameter]) {
        guard let matrix else {
            fail(.missingKey, at: settings, "the search has no 'matrix'", fix: "add matrix: {lr: {values: [0.01, 0.1]}}")
            return
        }
        guard let items = mapping(matrix.value, "matrix") else { return }
        if items.isEmpty { fail(.emptyList, at: matrix.value, "the matrix is empty", fix: "give at least one hyperparameter") }
        for item in items {
            guard let kinds = mapping(item.value, "matrix entry '\(item.key)'") else { continue }
            guard kinds.count == 1, let kind = kinds.first else {
                fail(.conflictingKeys, at: item.value, "matrix entry '\(item.key)' needs exactly one kind, not \(kinds.count)",
                     fix: "one of: \(Self.polyaxonKinds.filter { !["choice", "pchoice"].contains($0) }.joined(separator: ", "))")
                continue
            }
            if ["choice", "pchoice"].contains(kind.key) {
                fail(.unknownKey, at: kind.keyNode, "a v1 matrix spells '\(kind.key)' as '\(kind.key == "choice" ? "values" : "pvalues")'",
                     fix: "write \(kind.key == "choice" ? "values" : "pvalues"): [...]")
                continue
            }
            if let prior = polyaxonPrior(kind.key, kind.value, name: item.key, kindNode: kind.keyNode) {
                addParameter(item.key, prior, at: kind.value, nameNode: item.keyNode, to: &parameters)
            }
        }
    }

    /// Which search `settings` names, with its options.
    private mutating func polyaxonGroupSearch(_ settings: [Entry], at node: Node) -> PolyaxonSearch {
        var search = PolyaxonSearch(node: node)
        if let concurrency = entry("concurrency", in: settings) { search.concurrency = count(concurrency.value, "concurrency") }
        if let rules = entry("early_stopping", in: settings) { search.earlyStopping = polyaxonEarlyStopping(rules.value) }
        let named = settings.filter { Self.polyaxonSearchKeys[$0.key] != nil }
        if named.count > 1 {
            fail(.conflictingKeys, at: named[1].keyNode, "settings name two searches, \(named[0].key) and \(named[1].key)",
                 fix: "keep one")
        }
        guard let chosen = named.first, let options = mapping(chosen.value, chosen.key) else { return search }
        checkKeys(options, allowed: Self.polyaxonSearchKeys[chosen.key] ?? [], in: chosen.key)
        search.node = chosen.keyNode
        search.spelled = chosen.key
        search.kind = ["grid_search": .grid, "random_search": .random, "hyperband": .hyperband][chosen.key] ?? .bo
        func value(_ key: String) -> Node? { entry(key, in: options)?.value }
        if let node = value("n_experiments") { search.runs = count(node, "n_experiments") }
        if let node = value("seed"), let seed = count(node, "seed", atLeast: 0) { search.seed = UInt64(seed) }
        if let node = value("metric") { search.metric = polyaxonMetric(node) }
        if let node = value("max_iter") { search.maxIterations = count(node, "max_iter") }
        if let node = value("eta") { search.eta = count(node, "eta", atLeast: 2) }
        if let node = value("resource") { search.resource = polyaxonResource(node) }
        if let node = value("resume") { dialectNotes.append("hyperband's resume is not used (\(node.scalar?.string ?? ""))") }
        if let node = value("n_initial_trials") { search.initialTrials = count(node, "n_initial_trials") }
        if let node = value("n_iterations") { search.iterations = count(node, "n_iterations", atLeast: 0) }
        if let node = value("utility_function") {
            polyaxonUtility(node, &search, keys: (acquisition: "acquisition_function", process: "gaussian_process",
                                                  lengthScale: "length_scale", restarts: "n_restarts_optimizer"))
        }
        if search.kind == .random, value("n_experiments") == nil {  // one given wrong has its own error
            fail(.missingKey, at: chosen.keyNode, "random_search needs n_experiments (how many trials)",
                 fix: "add n_experiments: 20 under random_search")
        }
        if search.kind == .hyperband {
            requireHyperband(search, at: chosen.keyNode, keys: ("max_iter", "eta", "resource", "metric"))
        }
        return search
    }
}
