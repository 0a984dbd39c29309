import Foundation

/// Which pruner stops trials early, and its settings: the manifest's `pruner*` method
/// parameters, overridden by `hporun run --pruner`. Unset settings take the defaults below.
public struct PrunerSettings: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case none, median, asha, hyperband, patience
    }

    /// How asha's and hyperband's rungs cut (`pruner_cut`). `rank`: a trial goes on if it is
    /// in the top 1/eta of the trials that reached the rung, or at least as good there as the
    /// leaders (the best 1/eta of the trials that went furthest) were. `envelope`: the leaders'
    /// value at the rung is the cut whenever a trial went past the rung (the rank decides only
    /// before that).
    public enum Cut: String, Sendable, Hashable, CaseIterable {
        case rank, envelope

        /// The cut when `pruner_cut` is not given.
        public static let standard = Cut.rank
    }

    public var kind: Kind
    /// median: no decision before this iteration (`pruner_warmup_iterations`, default 0).
    public var warmupIterations: Int?
    /// median: at least this many other trials must have reached the iteration (`pruner_min_trials`, default 1).
    public var minimumTrials: Int?
    /// median: decide every this many iterations past the warm-up (`pruner_interval`, default 1).
    public var interval: Int?
    /// asha, hyperband: the first rung's iteration (`pruner_min_resource`, default 1).
    public var minResource: Int?
    /// asha, hyperband: the reduction factor (`pruner_eta`, default 3).
    public var eta: Int?
    /// asha: no rung at or past it; hyperband: the training's last iteration, required (`pruner_max_resource`).
    public var maxResource: Int?
    /// asha, hyperband: how a rung cuts (`pruner_cut`, default `Cut.standard`).
    public var cut: Cut?
    /// asha, hyperband: skip the rungs whose ranking the experiment's trials show does not
    /// predict the end's (`pruner_adaptive`, default `adaptiveByDefault`; `RungTrust`).
    public var adaptive: Bool?
    /// Stop after this many iterations without improvement (`pruner_patience`): the
    /// `patience` pruner, or a wrapper around any other.
    public var patience: Int?
    /// What counts as an improvement for patience (`pruner_min_delta`, default 0).
    public var minDelta: Double?
    /// Polyaxon's hyperband `resource`: the hyperparameter every trial's config.json gets, with
    /// the value `maxResource` (`hyperband_resource`, `hyperband_resource_type`). The brackets
    /// then stop trials at their rungs; a trial is never run again with more (HyperbandResource).
    public var resource: HyperbandResource?

    public init(kind: Kind, warmupIterations: Int? = nil, minimumTrials: Int? = nil, interval: Int? = nil,
                minResource: Int? = nil, eta: Int? = nil, maxResource: Int? = nil, patience: Int? = nil,
                minDelta: Double? = nil, resource: HyperbandResource? = nil, cut: Cut? = nil, adaptive: Bool? = nil) {
        self.kind = kind
        self.warmupIterations = warmupIterations
        self.minimumTrials = minimumTrials
        self.interval = interval
        self.minResource = minResource
        self.eta = eta
        self.maxResource = maxResource
        self.patience = patience
        self.minDelta = minDelta
        self.resource = resource
        self.cut = cut
        self.adaptive = adaptive
    }

    /// The method parameters that set a pruner, in the manifest.
    public static let parameterNames = [
        "pruner", "pruner_warmup_iterations", "pruner_min_trials", "pruner_interval", "pruner_min_resource",
        "pruner_eta", "pruner_max_resource", "pruner_cut", "pruner_adaptive", "pruner_patience", "pruner_min_delta",
    ] + HyperbandResource.parameterNames

    /// What is wrong with the settings, for people; nil when they make a pruner.
    public var problem: String? {
        switch kind {
        case _ where resource != nil && (kind != .hyperband || maxResource == nil):
            "hyperband_resource needs hyperband_max_iter (the value every trial gets) and the hyperband pruner"
        case .hyperband where maxResource == nil:
            "the hyperband pruner needs pruner_max_resource (the training's last iteration)"
        case _ where cut != nil && kind != .asha && kind != .hyperband:
            "pruner_cut is for the asha and hyperband pruners"
        case _ where adaptive != nil && kind != .asha && kind != .hyperband:
            "pruner_adaptive is for the asha and hyperband pruners"
        case .patience where patience == nil:
            "the patience pruner needs pruner_patience (iterations without improvement)"
        default: nil
        }
    }

    /// The pruner these settings describe (nil: none, or settings with a `problem`).
    public func makePruner() -> (any Pruner)? {
        guard problem == nil else { return nil }
        let eta = eta ?? 3
        let minResource = effectiveMinResource
        let base: (any Pruner)?
        switch kind {
        case .none, .patience: base = nil
        case .median:
            base = MedianPruner(warmupIterations: warmupIterations ?? 0, minimumTrials: minimumTrials ?? 1,
                                interval: interval ?? 1)
        case .asha:
            base = SuccessiveHalvingPruner(minResource: minResource, eta: eta, maxResource: maxResource, cut: effectiveCut,
                                           trust: effectiveTrust)
        case .hyperband:
            base = HyperbandPruner(minResource: minResource, eta: eta, maxResource: maxResource ?? minResource, cut: effectiveCut,
                                   trust: effectiveTrust)
        }
        if let patience { return PatiencePruner(patience: patience, minDelta: minDelta ?? 0, wrapping: base) }
        return base
    }

    /// One line for people: "asha (min_resource 1, eta 3)".
    public var summary: String {
        var parts: [String] = []
        switch kind {
        case .none, .patience: break
        case .median:
            parts = ["warm-up \(warmupIterations ?? 0)", "min trials \(minimumTrials ?? 1)", "interval \(interval ?? 1)"]
        case .asha, .hyperband:
            parts = ["min_resource \(effectiveMinResource)", "eta \(eta ?? 3)"] + (maxResource.map { ["max_resource \($0)"] } ?? [])
            if let resource { parts.append("resource \(resource.summary)") }
            if effectiveCut != .standard { parts.append("cut \(effectiveCut.rawValue)") }
            if effectiveAdaptive != Self.adaptiveByDefault { parts.append(effectiveAdaptive ? "adaptive" : "not adaptive") }
        }
        if let patience { parts.append("patience \(patience), min_delta \(pruneNumber(minDelta ?? 0))") }
        return kind.rawValue + (parts.isEmpty ? "" : " (\(parts.joined(separator: ", ")))")
    }

    /// Whether asha and hyperband skip rungs that do not rank as the end does, when
    /// `pruner_adaptive` is not given.
    public static let adaptiveByDefault = false

    /// `pruner_adaptive`, else `adaptiveByDefault`.
    public var effectiveAdaptive: Bool { adaptive ?? Self.adaptiveByDefault }

    /// The adaptive rungs' rule when they are on (`RungTrust`'s defaults), else nil.
    public var effectiveTrust: RungTrust? { effectiveAdaptive ? RungTrust() : nil }

    /// The cut asha and hyperband use: `pruner_cut`, else `Cut.standard`.
    public var effectiveCut: Cut { cut ?? .standard }

    /// The first rung: `pruner_min_resource`, else for hyperband max_resource / eta^s (s the
    /// most rungs that fit, Polyaxon's and Hyperband's smallest budget: 27 and 3 give 1, 50
    /// and 3 give 2), else 1.
    public var effectiveMinResource: Int {
        if let minResource { return minResource }
        guard kind == .hyperband, let maxResource else { return 1 }
        let eta = Double(eta ?? 3)
        let rungs = (log(Double(maxResource)) / log(eta) + 1e-9).rounded(.down)
        return max(1, Int((Double(maxResource) / pow(eta, rungs)).rounded()))
    }
}
