import Yams

/// The search a dialect's file asks for, in hporun's terms (COMMON contract 3): a method name,
/// its options, the objective and the budget. Built into a `Method`, or refused with the fix
/// when its settings or the space do not suit it.
struct DialectMethod {
    /// hporun's method (`random`, `grid`, `tpe`, `bo`).
    var name: MethodName
    /// Where the file names the search, for a refusal.
    var node: Node
    /// The dialect's own word for it, for messages (`grid_search`, `bayes`, `tpe`).
    var spelled: String
    var objective: String
    var direction: Direction
    var steps: Int?
    var concurrency: Int?
    var seed: UInt64?
    /// Contract 3's method parameters (`tpe_startup_trials`, `bo_kappa`, ...).
    var options: [String: ParameterValue] = [:]
    var pruner: PrunerSettings?
    var earlyStopping: [EarlyStopping] = []

    init(name: MethodName, node: Node, spelled: String, objective: String, direction: Direction) {
        self.name = name
        self.node = node
        self.spelled = spelled
        self.objective = objective
        self.direction = direction
    }
}

extension ManifestReader {
    /// The method, or nil with an error when a setting is out of range or grid meets a
    /// continuous parameter. Grid's budget, when the file gives none, is the whole grid.
    mutating func build(_ wanted: DialectMethod, parameters: [HyperParameter]) -> Method? {
        let name = wanted.name
        for (option, value) in wanted.options.sorted(by: { $0.key < $1.key }) {
            if let problem = MethodOption.named(option)?.problem(with: value) {
                fail(.badValue, at: wanted.node, "\(wanted.spelled): \(problem)",
                     fix: "change the setting in the file (README: the methods and their settings)")
                return nil
            }
        }
        if name == .grid, let dimension = parameters.first(where: { SearchSpace([$0]).finiteSize == nil }) {
            fail(.badValue, at: wanted.node,
                 "grid search needs values to enumerate, but '\(dimension.name)' is a continuous distribution",
                 fix: "give '\(dimension.name)' values, a range, linspace, logspace or geomspace; or search at random")
            return nil
        }
        let gridSize = name == .grid ? SearchSpace(parameters).finiteSize : nil
        var method = Method(name: name, objective: wanted.objective, direction: wanted.direction,
                            numOptimizerSteps: wanted.steps ?? gridSize ?? Method.defaultSteps,
                            maxConcurrentTrials: wanted.concurrency, randomSeed: wanted.seed, pruner: wanted.pruner)
        method.earlyStoppingRules = wanted.earlyStopping
        method.options = wanted.options
        return method
    }
}
