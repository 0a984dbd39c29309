import Foundation

/// Gaussian-process Bayesian optimisation (Polyaxon's `bo`): after `initialTrials` random
/// trials, a GP with a Matern or RBF kernel is fitted to the finished trials (length scales,
/// signal and noise by maximum marginal likelihood, `GPFit`), and the point that maximises
/// the acquisition (ucb, ei or poi) over the box is proposed.
///
/// - Features: a continuous coordinate as is, an ordinal index i of L levels as i / (L - 1),
///   a categorical index as a label compared equal/different; an inactive (NaN) coordinate
///   is the box midpoint 0.5 (a categorical one a label of its own), so it is never learnt from.
/// - Targets: finished values, standardised; a failed trial counts as the worst value seen.
/// - Pending points: added with the posterior mean as their value (the "kriging believer"),
///   which removes the uncertainty there (and counts that value in the best so far), so
///   parallel proposals go elsewhere.
/// - Time: the hyperparameters are fitted on at most `fitLimit` trials (the best quarter and
///   a random rest); the acquisition is searched with fewer random candidates as n grows.
/// In a finite space a finished or pending point is never proposed again; nil once all are.
public struct BayesianOptimizer: Optimizer {
    public struct Settings: Sendable, Hashable {
        public var initialTrials = 10
        public var acquisition = Acquisition.ei(xi: 0)
        public var family = GPKernel.Family.matern(nu: 2.5)

        public init() {}

        /// The settings of `Method.options` (`bo_*`), defaults for the rest.
        public init(options: [String: ParameterValue]) {
            initialTrials = options.integer("bo_initial_trials") ?? initialTrials
            let kappa = options.number("bo_kappa") ?? 2.576, xi = options.number("bo_xi") ?? 0
            switch options.text("bo_acquisition") {
            case "ucb": acquisition = .ucb(kappa: kappa)
            case "poi": acquisition = .poi(xi: xi)
            default: acquisition = .ei(xi: xi)
            }
            family = options.text("bo_kernel") == "rbf" ? .rbf : .matern(nu: options.number("bo_nu") ?? 2.5)
        }
    }

    public let settings: Settings
    static let fitLimit = 80

    public init(settings: Settings = Settings()) {
        self.settings = settings
    }

    public func suggest<G: RandomNumberGenerator>(
        dimensions: [Dimension], history: [Observation], pending: [Point], using rng: inout G
    ) -> Point? {
        let values = history.compactMap(\.value)
        if history.count + pending.count < settings.initialTrials || values.count < 2 || dimensions.isEmpty {
            return RandomSearch().suggest(dimensions: dimensions, history: history, pending: pending, using: &rng)
        }
        let encoder = GPFeatures(dimensions)
        let worst = values.max()!
        let raw = history.map { $0.value ?? worst }
        let mean = raw.reduce(0, +) / Double(raw.count)
        let spread = max((raw.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(raw.count)).squareRoot(), 1e-12)
        let targets = raw.map { ($0 - mean) / spread }
        let rows = history.map { encoder.row($0.point) }
        let kernel = fitKernel(encoder, rows: rows, targets: targets, using: &rng)
        guard var gp = GaussianProcess(kernel: kernel, categorical: encoder.categorical, rows: rows.flatMap { $0 },
                                       targets: targets) else {
            return RandomSearch().suggest(dimensions: dimensions, history: history, pending: pending, using: &rng)
        }
        var best = targets.min()!
        if !pending.isEmpty {
            let believed = pending.map { gp.predict(encoder.row($0)).mean }
            best = min(best, believed.min()!)
            if let extended = GaussianProcess(kernel: kernel, categorical: encoder.categorical,
                                              rows: (rows + pending.map { encoder.row($0) }).flatMap { $0 },
                                              targets: targets + believed) {
                gp = extended
            }
        }
        let search = AcquisitionSearch(dimensions: dimensions, encoder: encoder, gp: gp,
                                       acquisition: settings.acquisition, best: best)
        let used: Set<Point> = dimensions.finiteSize == nil ? [] : Set(history.map(\.point) + pending)
        let incumbents = history.indices.sorted { raw[$0] < raw[$1] }.prefix(3).map { history[$0].point }
        if let point = search.maximise(around: incumbents, avoiding: used, using: &rng) { return point }
        return RandomSearch().suggest(dimensions: dimensions, history: history, pending: pending, using: &rng)
    }

    /// The kernel fitted on the trials, or on the best quarter of `fitLimit` and a random rest.
    private func fitKernel<G: RandomNumberGenerator>(_ encoder: GPFeatures, rows: [[Double]], targets: [Double],
                                                     using rng: inout G) -> GPKernel {
        var chosen = Array(rows.indices)
        if chosen.count > Self.fitLimit {
            let byValue = chosen.sorted { targets[$0] < targets[$1] }
            var rest = Array(byValue.dropFirst(Self.fitLimit / 4))
            rest.shuffle(using: &rng)
            chosen = Array(byValue.prefix(Self.fitLimit / 4)) + rest.prefix(Self.fitLimit - Self.fitLimit / 4)
        }
        let subset = chosen.map { targets[$0] }
        let mean = subset.reduce(0, +) / Double(subset.count)
        let spread = max((subset.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(subset.count)).squareRoot(), 1e-12)
        return GPFit(family: settings.family).fit(categorical: encoder.categorical, rows: chosen.flatMap { rows[$0] },
                                                  targets: subset.map { ($0 - mean) / spread }, using: &rng)
    }
}

/// Points of the box as GP feature rows, and back.
struct GPFeatures {
    let dimensions: [Dimension]
    let categorical: [Bool]

    init(_ dimensions: [Dimension]) {
        self.dimensions = dimensions
        categorical = dimensions.map { if case .categorical = $0 { true } else { false } }
    }

    func row(_ point: Point) -> [Double] {
        zip(point, dimensions).map { value, dimension in
            switch dimension {
            case .continuous: value.isNaN ? 0.5 : value
            case .ordinal(let levels): value.isNaN ? 0.5 : levels > 1 ? value / Double(levels - 1) : 0.5
            case .categorical: value.isNaN ? -1 : value
            }
        }
    }
}
