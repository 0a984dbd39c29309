/// Polyaxon's `hyperband: {max_iter, eta, resource: {name, type}, resume}` as WML method
/// parameters (`hyperband_max_iter`, `hyperband_eta`, `hyperband_resource`,
/// `hyperband_resource_type`, `hyperband_resume`): the hyperband pruner with max_resource
/// max_iter, and the resource, a hyperparameter that every trial finds in its config.json
/// with the value max_iter (e.g. `num_steps`: how long to train).
///
/// hporun's Hyperband is asynchronous (ASHA brackets, `HyperbandPruner`): a trial runs
/// towards max_iter and is stopped at the first rung of its bracket where it is not among the
/// best 1/eta; a trial that goes on simply keeps training. So no configuration is run a second
/// time with a larger budget, and nothing needs to resume from a checkpoint: Polyaxon's
/// `resume: true` (continue from the checkpoint) is what always happens, and `resume: false`
/// (start again from scratch with the larger budget) would only spend more. Both are accepted
/// and recorded. A trial that hporun itself runs again (after an interruption) starts in a new
/// directory, from scratch.
public struct HyperbandResource: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case int
        case float
    }

    /// The hyperparameter's name in config.json.
    public var name: String
    public var type: Kind
    /// Polyaxon's `resume` (see above: accepted, recorded, the same behaviour either way).
    public var resume: Bool?

    public init(name: String, type: Kind = .int, resume: Bool? = nil) {
        self.name = name
        self.type = type
        self.resume = resume
    }

    /// The method parameters of Polyaxon's hyperband form.
    public static let parameterNames = [
        "hyperband_max_iter", "hyperband_eta", "hyperband_resource", "hyperband_resource_type", "hyperband_resume",
    ]

    /// What config.json holds for a trial whose budget is `maxIter`.
    public func value(_ maxIter: Int) -> ParameterValue {
        type == .int ? .int(maxIter) : .double(Double(maxIter))
    }

    /// "num_steps (int)", or with resume "num_steps (int, resume)".
    public var summary: String {
        "\(name) (\(type.rawValue)\(resume == true ? ", resume" : ""))"
    }
}

extension PrunerSettings {
    /// The resource entry of every trial's config.json, when the settings have one.
    public var resourceEntry: (name: String, value: ParameterValue)? {
        guard let resource, let maxResource else { return nil }
        return (resource.name, resource.value(maxResource))
    }
}
