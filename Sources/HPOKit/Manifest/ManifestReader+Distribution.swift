import Foundation
import Yams

/// hporun's WML-form `distribution:` key: `{kind: normal, mu: 0, sigma: 1, q: 0.5}`.
extension ManifestReader {
    /// The keys of each kind, required first; `base` of the log-uniform kinds, `low` of
    /// randint and `weights` of choice are optional.
    static let distributionKeys: [String: (required: [String], optional: [String])] = [
        "uniform": (["low", "high"], []), "quniform": (["low", "high", "q"], []),
        "loguniform": (["low", "high"], ["base"]), "qloguniform": (["low", "high", "q"], ["base"]),
        "normal": (["mu", "sigma"], []), "qnormal": (["mu", "sigma", "q"], []),
        "lognormal": (["mu", "sigma"], []), "qlognormal": (["mu", "sigma", "q"], []),
        "randint": (["high"], ["low"]), "choice": (["values"], ["weights"]), "pchoice": (["values", "weights"], []),
    ]
    static let distributionKinds = [
        "uniform", "quniform", "loguniform", "qloguniform", "normal", "qnormal", "lognormal", "qlognormal",
        "randint", "choice", "pchoice",
    ]

    mutating func distribution(_ node: Node, name: String) -> Domain? {
        guard let entries = mapping(node, "distribution of '\(name)'") else { return nil }
        guard let kindEntry = entries.first(where: { $0.key == "kind" }) else {
            fail(.missingKey, at: node, "the distribution of '\(name)' has no 'kind'",
                 fix: "add kind: one of \(Self.distributionKinds.joined(separator: ", "))")
            return nil
        }
        guard let kind = string(kindEntry.value, "the kind of '\(name)'") else { return nil }
        guard let keys = Self.distributionKeys[kind] else {
            fail(.badValue, at: kindEntry.value, "unknown distribution kind '\(kind)' for '\(name)'",
                 fix: nearestKey(to: kind, in: Self.distributionKinds).map { "did you mean '\($0)'?" }
                    ?? "use one of: \(Self.distributionKinds.joined(separator: ", "))")
            return nil
        }
        checkKeys(entries, allowed: ["kind"] + keys.required + keys.optional, in: "\(kind) of '\(name)'")
        let missing = keys.required.filter { key in !entries.contains { $0.key == key } }
        if !missing.isEmpty {
            fail(.missingKey, at: node, "\(kind) of '\(name)' needs \(missing.joined(separator: " and "))",
                 fix: "\(kind) takes " + (keys.required + keys.optional).joined(separator: ", "))
            return nil
        }
        func value(_ key: String) -> Node? { entries.first { $0.key == key }?.value }
        var valid = true
        func number(_ key: String) -> Double? {
            guard let node = value(key) else { return nil }
            let result = double(node, "\(key) of '\(name)'")
            if result == nil { valid = false }
            return result
        }
        let distribution: Distribution?
        switch kind {
        case "uniform", "quniform":
            distribution = number("low").flatMap { low in number("high").map { .uniform(low: low, high: $0, q: number("q")) } }
        case "loguniform", "qloguniform":
            let base = number("base") ?? Distribution.e
            distribution = number("low").flatMap { low in
                number("high").map { .logUniform(low: low, high: $0, base: base, q: number("q")) }
            }
        case "normal", "qnormal":
            distribution = number("mu").flatMap { mu in number("sigma").map { .normal(mu: mu, sigma: $0, q: number("q")) } }
        case "lognormal", "qlognormal":
            distribution = number("mu").flatMap { mu in number("sigma").map { .logNormal(mu: mu, sigma: $0, q: number("q")) } }
        case "randint":
            let low = value("low").flatMap { int($0, "low of '\(name)'") } ?? 0
            distribution = value("high").flatMap { int($0, "high of '\(name)'") }.map { .randint(low: low, high: $0) }
        default:
            distribution = choice(values: value("values"), weights: value("weights"), name: name)
        }
        guard valid, let distribution else { return nil }
        if case .logUniform(let low, let high, let base, _) = distribution, base > 1, Self.looksLikeValues(low: low, high: high) {
            cautions.append(Self.exponentCaution(name: name, low: low, high: high, base: base, keys: ("low", "high")))
        }
        for problem in distribution.problems {
            fail(.badValue, at: node, "'\(name)': \(problem.message)", fix: problem.fix)
        }
        return distribution.problems.isEmpty ? .distribution(distribution) : nil
    }

    private mutating func choice(values: Node?, weights: Node?, name: String) -> Distribution? {
        guard let values, let items = sequence(values, "values of '\(name)'") else { return nil }
        var result: [ParameterValue] = []
        for item in items {
            guard let value = parameterValue(item, "a value of '\(name)'") else { continue }
            result.append(value)
        }
        guard result.count == items.count else { return nil }
        guard let weights else { return .choice(result) }
        guard let weightItems = sequence(weights, "weights of '\(name)'") else { return nil }
        let probabilities = weightItems.compactMap { double($0, "a weight of '\(name)'") }
        guard probabilities.count == weightItems.count else { return nil }
        return .choice(result, weights: probabilities)
    }

    /// A plain value (text, integer or number) as `config.json` will hold it.
    mutating func parameterValue(_ node: Node, _ what: String) -> ParameterValue? {
        guard let scalar = node.scalar else {
            fail(.wrongType, at: node, "\(what) must be a plain value, not \(describe(node))")
            return nil
        }
        switch kindTag(node) {
        case .int:
            if let int = node.int { return .int(int) }
        case .float:
            if let double = node.float, double.isFinite { return .double(double) }
        case .str:
            return .string(scalar.string)
        default:
            break
        }
        fail(.wrongType, at: node, "\(what) is \(describe(node)), which config.json cannot hold as a hyperparameter",
             fix: "quote it to make it text ('\(scalar.string)'), or use a number")
        return nil
    }
}
