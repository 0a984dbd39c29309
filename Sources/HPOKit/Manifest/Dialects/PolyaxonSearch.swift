import Foundation
import Yams

/// A Polyaxon search as both file versions give it (v1 `settings`, v1.1 `matrix`), read into
/// one shape, then mapped onto hporun's methods (COMMON contract 3).
struct PolyaxonSearch {
    enum Kind: String {
        case grid, random, hyperband, bo, tpe

        /// hporun's method for it: hyperband is random search with the hyperband pruner.
        var method: MethodName {
            switch self {
            case .grid: .grid
            case .random, .hyperband: .random
            case .bo: .bo
            case .tpe: .tpe
            }
        }
    }
    var kind: Kind = .grid
    /// Where the search is named (`grid_search:`, `kind: bayes`), for errors.
    var node: Node
    /// As the file spells it, for messages.
    var spelled = "grid search (Polyaxon's default)"
    var runs: Int?
    var seed: UInt64?
    var concurrency: Int?
    var metric: (name: String, direction: Direction)?
    /// hyperband
    var maxIterations: Int?
    var eta: Int?
    var resource: (name: String, isInt: Bool, node: Node)?
    /// bo
    var initialTrials: Int?
    var iterations: Int?
    var acquisition: String?
    var kappa: Double?
    var xi: Double?
    var kernel: String?
    var nu: Double?
    var earlyStopping: [EarlyStopping] = []

    init(node: Node) {
        self.node = node
    }

    /// How many configurations Polyaxon's hyperband samples over its brackets: for s_max =
    /// floor(log_eta(max_iter)) and B = (s_max + 1) max_iter, bracket s starts
    /// ceil(B / max_iter / (s + 1) * eta^s) configurations.
    static func hyperbandTrials(maxIterations: Int, eta: Int) -> Int {
        guard maxIterations >= 1, eta >= 2 else { return 1 }
        let sMax = Int((log(Double(maxIterations)) / log(Double(eta)) + 1e-9).rounded(.down))
        let budget = Double((sMax + 1) * maxIterations)
        return (0...sMax).reduce(0) { total, s in
            total + Int((budget / Double(maxIterations) / Double(s + 1) * pow(Double(eta), Double(s))).rounded(.up))
        }
    }
}

extension ManifestReader {
    /// The method of a Polyaxon search: grid, random, hyperband (random with the hyperband
    /// pruner), bo; the objective is the search's metric, else TEST `loss`, minimised.
    mutating func polyaxonMethod(_ search: PolyaxonSearch, parameters: inout [HyperParameter]) -> DialectMethod {
        let objective = search.metric ?? ("loss", .minimize)
        if search.metric == nil {
            dialectNotes.append("\(search.spelled) names no metric: the objective is the TEST metric 'loss', minimised "
                                + "(--objective NAME and --maximize change it)")
        }
        var method = DialectMethod(name: search.kind.method, node: search.node, spelled: search.spelled,
                                   objective: objective.0, direction: objective.1)
        method.steps = search.runs
        method.seed = search.seed
        method.concurrency = search.concurrency
        method.earlyStopping = search.earlyStopping
        switch search.kind {
        case .grid, .random:
            break
        case .tpe:
            // Polyaxon's hyperopt matrix gives its budget as numRuns or maxIterations.
            method.steps = search.runs ?? search.iterations
        case .hyperband:
            let maxIterations = search.maxIterations ?? 1, eta = search.eta ?? 3
            method.pruner = PrunerSettings(kind: .hyperband, minResource: 1, eta: eta, maxResource: maxIterations)
            method.steps = search.runs ?? PolyaxonSearch.hyperbandTrials(maxIterations: maxIterations, eta: eta)
            if let resource = search.resource {
                let value: ParameterValue = resource.isInt ? .int(maxIterations) : .double(Double(maxIterations))
                addParameter(resource.name, .constant(value), at: resource.node, nameNode: resource.node, to: &parameters)
                dialectNotes.append(
                    "hyperband: random search with the hyperband pruner (max_iter \(maxIterations), eta \(eta)); every "
                        + "trial gets \(resource.name) = \(maxIterations) and the pruner stops it at its bracket's rungs "
                        + "(hporun does not start trials with a smaller \(resource.name))")
            }
        case .bo:
            let initial = search.initialTrials ?? 5
            method.options["bo_initial_trials"] = .int(initial)
            method.steps = search.runs ?? (initial + (search.iterations ?? Method.defaultSteps))
            if let acquisition = search.acquisition { method.options["bo_acquisition"] = .string(acquisition.lowercased()) }
            if let kappa = search.kappa { method.options["bo_kappa"] = .double(kappa) }
            if let xi = search.xi { method.options["bo_xi"] = .double(xi) }
            if let kernel = search.kernel { method.options["bo_kernel"] = .string(kernel.lowercased()) }
            if let nu = search.nu {
                let nearest = [0.5, 1.5, 2.5].min { abs($0 - nu) < abs($1 - nu) } ?? 2.5
                if nearest != nu {
                    dialectNotes.append("bo: the Matern kernel's nu \(readable(nu)) is taken as \(readable(nearest)) "
                                        + "(hporun's GP has nu 0.5, 1.5 and 2.5)")
                }
                method.options["bo_nu"] = .double(nearest)
            }
        }
        return method
    }

    /// One rule of `early_stopping` / `earlyStopping`: `{metric, value, optimization}`.
    mutating func polyaxonEarlyStopping(_ node: Node, extraKeys: [String] = []) -> [EarlyStopping] {
        guard let items = sequence(node, "early_stopping") else { return [] }
        var rules: [EarlyStopping] = []
        for item in items {
            guard let entries = mapping(item, "an early-stopping rule") else { continue }
            checkKeys(entries, allowed: ["metric", "value", "optimization", "policy"] + extraKeys, in: "an early-stopping rule")
            if let kind = entry("kind", in: entries), let text = string(kind.value, "kind"), text != "metric_early_stopping" {
                fail(.badValue, at: kind.value, "early stopping of kind '\(text)' is not supported",
                     fix: "use kind: metric_early_stopping (metric, value, optimization)")
                continue
            }
            guard let metric = entry("metric", in: entries), let value = entry("value", in: entries) else {
                fail(.missingKey, at: item, "an early-stopping rule needs 'metric' and 'value'",
                     fix: "e.g. {metric: loss, value: 0.05, optimization: minimize}")
                continue
            }
            let name = string(metric.value, "metric"), threshold = double(value.value, "value")
            var direction = Direction.maximize
        if let node = entry("optimization", in: entries)?.value { direction = self.direction(node, "optimization") ?? .maximize }
            if entry("policy", in: entries) != nil {
                dialectNotes.append("early stopping: the policy of \(name ?? "a rule") is not used (hporun stops the search)")
            }
            if let name, let threshold { rules.append(EarlyStopping(metric: name, value: threshold, optimization: direction)) }
        }
        return rules
    }
}
