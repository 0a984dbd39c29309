/// A setting of one method (`tpe_gamma`, `bo_kernel`, ...): which method takes it, its
/// type, its default and what values it accepts. WML manifests give them as method
/// parameters; the other dialects map their own names onto these. `Method.options` holds
/// the ones a manifest gives, each checked here.
public struct MethodOption: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case int, double, string

        /// The WML key that carries a value of this kind.
        public var wmlKey: String { "\(rawValue)_value" }
    }

    public let name: String
    public let method: MethodName
    public let kind: Kind
    /// The value used when the manifest gives none, as text for `help` and the README.
    public let defaultText: String
    /// What the setting does, one line.
    public let summary: String

    /// Every method setting, grouped by method.
    public static let all: [MethodOption] = [
        MethodOption(name: "tpe_startup_trials", method: .tpe, kind: .int, defaultText: "10",
                     summary: "random trials before the Parzen estimators are used"),
        MethodOption(name: "tpe_gamma", method: .tpe, kind: .double, defaultText: "0.25",
                     summary: "the share of the finished trials that count as good: ceil(gamma n), at most 25"),
        MethodOption(name: "tpe_candidates", method: .tpe, kind: .int, defaultText: "24",
                     summary: "candidates drawn from the good density; the best ratio wins"),
        MethodOption(name: "tpe_prior_weight", method: .tpe, kind: .double, defaultText: "1.0",
                     summary: "weight of the uniform prior component in each density"),
        MethodOption(name: "tpe_multivariate", method: .tpe, kind: .string, defaultText: "true",
                     summary: "one joint density over all parameters (true) or one per parameter (false)"),
        MethodOption(name: "rbf_noise", method: .rbfopt, kind: .string, defaultText: "auto",
                     summary: "noisy values: auto (smooth once they show noise), on (always may smooth) or off (interpolate)"),
        MethodOption(name: "bo_initial_trials", method: .bo, kind: .int, defaultText: "10",
                     summary: "space-filling trials before the Gaussian process is used"),
        MethodOption(name: "bo_acquisition", method: .bo, kind: .string, defaultText: "ei",
                     summary: "ucb, ei (expected improvement) or poi (probability of improvement)"),
        MethodOption(name: "bo_kappa", method: .bo, kind: .double, defaultText: "2.576",
                     summary: "ucb's exploration weight on the posterior standard deviation"),
        MethodOption(name: "bo_xi", method: .bo, kind: .double, defaultText: "0.0",
                     summary: "ei's and poi's margin of improvement, in units of the objective's spread"),
        MethodOption(name: "bo_kernel", method: .bo, kind: .string, defaultText: "matern",
                     summary: "matern or rbf"),
        MethodOption(name: "bo_nu", method: .bo, kind: .double, defaultText: "2.5",
                     summary: "the Matern kernel's smoothness: 0.5, 1.5 or 2.5"),
    ]

    public static func named(_ name: String) -> MethodOption? {
        all.first { $0.name == name }
    }

    /// What is wrong with a value of the right type, nil when it is acceptable.
    public func problem(with value: ParameterValue) -> String? {
        switch (name, value) {
        case ("tpe_startup_trials", .int(let count)) where count < 0,
             ("bo_initial_trials", .int(let count)) where count < 1,
             ("tpe_candidates", .int(let count)) where count < 1:
            return "\(name) is \(count); it must be at least \(name == "tpe_startup_trials" ? 0 : 1)"
        case ("tpe_gamma", .double(let gamma)) where !(gamma > 0 && gamma < 1):
            return "tpe_gamma is \(ParameterValue.readable(gamma)); it must be above 0 and below 1"
        case ("tpe_prior_weight", .double(let weight)) where !(weight > 0):
            return "tpe_prior_weight is \(ParameterValue.readable(weight)); it must be above 0"
        case ("bo_kappa", .double(let number)) where number < 0, ("bo_xi", .double(let number)) where number < 0:
            return "\(name) is \(ParameterValue.readable(number)); it must not be negative"
        case ("bo_nu", .double(let nu)) where ![0.5, 1.5, 2.5].contains(nu):
            return "bo_nu is \(ParameterValue.readable(nu)); use 0.5, 1.5 or 2.5"
        case (_, .string(let text)) where !choices.isEmpty && !choices.contains(text):
            return "\(name) is '\(text)'; use \(choices.map { "'\($0)'" }.joined(separator: ", "))"
        default:
            return nil
        }
    }

    /// The accepted texts of a string setting.
    public var choices: [String] {
        switch name {
        case "tpe_multivariate": ["true", "false"]
        case "bo_acquisition": ["ucb", "ei", "poi"]
        case "bo_kernel": ["matern", "rbf"]
        case "rbf_noise": RBFNoise.allCases.map(\.rawValue)
        default: []
        }
    }
}

extension Dictionary where Key == String, Value == ParameterValue {
    /// A method setting as an integer, nil when the manifest does not give it.
    public func integer(_ name: String) -> Int? {
        if case .int(let value)? = self[name] { return value }
        return nil
    }

    /// A method setting as a number (an integer is taken as a number).
    public func number(_ name: String) -> Double? {
        self[name]?.numericValue
    }

    /// A method setting as text.
    public func text(_ name: String) -> String? {
        if case .string(let value)? = self[name] { return value }
        return nil
    }
}
