import Yams

/// Polyaxon's operation file, v1.1 (`kind: operation`): `matrix` with `kind: random | grid |
/// hyperband | bayes | hyperopt`, `params: {name: {kind, value}}`, `numRuns`, `concurrency`,
/// `earlyStopping`; the operation's own `params: {name: {value}}` are fixed values; the
/// command comes from the component (`run.container.command` and `args`), inline or in the
/// file `pathRef` names; a `urlRef` or `hubRef` is not fetched: the command after `--` is used,
/// and validate says so (ManifestReader+PolyaxonComponent).
extension ManifestReader {
    static let polyaxonOperationKeys = [
        "version", "kind", "name", "description", "tags", "matrix", "params", "component", "pathRef", "urlRef", "hubRef",
        "dagRef", "presets", "queue", "cache", "termination", "plugins", "build", "hooks", "events", "joins", "schedule",
        "dependencies", "trigger", "conditions", "skipOnUpstreamSkip", "runPatch", "patchStrategy", "isPreset",
        "isApproved", "cost", "owner", "project",
    ]
    static let polyaxonMatrixKinds = ["random", "grid", "hyperband", "bayes", "hyperopt"]
    static let polyaxonMatrixKeys = [
        "random": ["numRuns", "seed"], "grid": ["numRuns"],
        "hyperband": ["maxIterations", "eta", "resource", "metric", "resume", "seed"],
        "bayes": ["numInitialRuns", "maxIterations", "utilityFunction", "metric", "seed"],
        "hyperopt": ["algorithm", "numRuns", "maxIterations", "seed", "metric"],
    ]

    mutating func polyaxonOperation(_ root: Node) -> Manifest? {
        guard let entries = mapping(root, "the Polyaxon file") else { return nil }
        checkKeys(entries, allowed: Self.polyaxonOperationKeys, in: "the Polyaxon operation")
        if let kind = entry("kind", in: entries), let text = string(kind.value, "kind"), text != "operation" {
            fail(.badValue, at: kind.value, "kind '\(text)' is not an operation",
                 fix: "a v1.1 search is kind: operation with a matrix")
        }
        var parameters: [HyperParameter] = []
        if let params = entry("params", in: entries), let items = mapping(params.value, "params") {
            for item in items {
                guard let fields = mapping(item.value, "param '\(item.key)'") else { continue }
                checkKeys(fields, allowed: ["value", "ref", "contextOnly", "connection", "toInit", "toEnv"],
                          in: "param '\(item.key)'")
                guard let value = entry("value", in: fields) else {
                    fail(.missingKey, at: item.value, "param '\(item.key)' has no 'value'",
                         fix: "give it a value (hporun cannot follow a ref)")
                    continue
                }
                if let typed = typedValue(value.value, "param '\(item.key)'") {
                    addParameter(item.key, .constant(typed), at: value.value, nameNode: item.keyNode, to: &parameters)
                }
            }
        }
        guard let matrixEntry = entry("matrix", in: entries), let matrix = mapping(matrixEntry.value, "matrix") else {
            fail(.missingKey, at: root, "the operation has no 'matrix'",
                 fix: "add matrix: {kind: random, numRuns: 10, params: {lr: {kind: uniform, value: [0, 1]}}}")
            return nil
        }
        let search = operationSearch(matrix, at: matrixEntry.value, into: &parameters)
        let method = polyaxonMethod(search, parameters: &parameters)
        let command = operationCommand(entries, parameters: parameters)
        for item in entries where !["version", "kind", "name", "matrix", "params", "component", "pathRef", "urlRef", "hubRef"]
            .contains(item.key) {
            dialectNotes.append("\(item.key) is for Polyaxon's platform; ignored")
        }
        guard let built = build(method, parameters: parameters) else { return nil }
        return Manifest(experimentName: entry("name", in: entries)?.value.string, command: command, method: built,
                        hyperParameters: parameters)
    }

    private mutating func operationSearch(_ matrix: [Entry], at node: Node, into parameters: inout [HyperParameter])
        -> PolyaxonSearch {
        var search = PolyaxonSearch(node: node)
        let kindNode = entry("kind", in: matrix)?.value
        let kind = kindNode.flatMap { string($0, "matrix kind") } ?? "grid"
        checkKeys(matrix, allowed: ["kind", "params", "concurrency", "earlyStopping"] + (Self.polyaxonMatrixKeys[kind] ?? []),
                  in: "a \(kind) matrix")
        search.node = kindNode ?? node
        search.spelled = "kind: \(kind)"
        switch kind {
        case "random": search.kind = .random
        case "grid": search.kind = .grid
        case "hyperband": search.kind = .hyperband
        case "bayes": search.kind = .bo
        case "hyperopt": search.kind = .tpe
        default:
            fail(.badValue, at: kindNode, "matrix kind '\(kind)' is not supported",
                 fix: nearestKey(to: kind, in: Self.polyaxonMatrixKinds).map { "did you mean '\($0)'?" }
                    ?? "use one of: \(Self.polyaxonMatrixKinds.joined(separator: ", "))")
        }
        if let params = entry("params", in: matrix), let items = mapping(params.value, "matrix params") {
            for item in items {
                guard let fields = mapping(item.value, "param '\(item.key)'") else { continue }
                checkKeys(fields, allowed: ["kind", "value"], in: "param '\(item.key)'")
                guard let kind = entry("kind", in: fields), let value = entry("value", in: fields),
                      let kindText = string(kind.value, "kind") else {
                    fail(.missingKey, at: item.value, "param '\(item.key)' needs 'kind' and 'value'",
                         fix: "e.g. {kind: uniform, value: [0, 1]}")
                    continue
                }
                if ["values", "pvalues"].contains(kindText) {
                    fail(.unknownKey, at: kind.value, "v1.1 spells '\(kindText)' as '\(kindText == "values" ? "choice" : "pchoice")'",
                         fix: "write kind: \(kindText == "values" ? "choice" : "pchoice")")
                    continue
                }
                if let prior = polyaxonPrior(kindText, value.value, name: item.key, kindNode: kind.value) {
                    addParameter(item.key, prior, at: value.value, nameNode: item.keyNode, to: &parameters)
                }
            }
        } else {
            fail(.missingKey, at: node, "the matrix has no 'params'", fix: "add params: {lr: {kind: uniform, value: [0, 1]}}")
        }
        func value(_ key: String) -> Node? { entry(key, in: matrix)?.value }
        if let node = value("concurrency") { search.concurrency = count(node, "concurrency") }
        if let node = value("earlyStopping") { search.earlyStopping = polyaxonEarlyStopping(node, extraKeys: ["kind"]) }
        if let node = value("numRuns") { search.runs = count(node, "numRuns") }
        if let node = value("seed"), let seed = count(node, "seed", atLeast: 0) { search.seed = UInt64(seed) }
        if let node = value("metric") { search.metric = polyaxonMetric(node) }
        if let node = value("eta") { search.eta = count(node, "eta", atLeast: 2) }
        if let node = value("resource") { search.resource = polyaxonResource(node) }
        if let node = value("numInitialRuns") { search.initialTrials = count(node, "numInitialRuns") }
        if let node = value("maxIterations") {
            if search.kind == .hyperband { search.maxIterations = count(node, "maxIterations") }
            else { search.iterations = count(node, "maxIterations", atLeast: 0) }
        }
        if let node = value("utilityFunction") {
            polyaxonUtility(node, &search, keys: (acquisition: "acquisitionFunction", process: "gaussianProcess",
                                                  lengthScale: "lengthScale", restarts: "numRestartsOptimizer"))
        }
        if let node = value("algorithm"), let text = string(node, "algorithm") {
            switch text {
            case "tpe": search.kind = .tpe
            case "rand": search.kind = .random
            default: fail(.badValue, at: node, "hyperopt algorithm '\(text)' is not supported", fix: "use tpe or rand")
            }
        }
        if search.kind == .hyperband {
            requireHyperband(search, at: search.node, keys: ("maxIterations", "eta", "resource", "metric"))
        }
        return search
    }
}
