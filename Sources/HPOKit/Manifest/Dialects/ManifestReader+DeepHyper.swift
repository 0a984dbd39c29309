import Foundation
import Yams

/// A DeepHyper HPS problem written as YAML: one entry of `dimensions` per `add_dim(name, space,
/// default)`, with DeepHyper's three kinds of parameter:
///
///     deephyper:
///       problem: mnistmlp
///       max_evals: 20
///       dimensions:
///         epochs:     {range: [5, 500], default: 5}         # discrete ordinal: integer bounds
///         dropout:    {range: [0.0, 1.0], default: 0.0}     # continuous: a bound with a decimal point
///         activation: {values: [relu, elu, selu, tanh], default: relu}   # discrete non-ordinal
///         lr:         {range: [0.0001, 0.1], prior: log-uniform}   # (1e-4, 1e-1, "log-uniform")
///
/// DeepHyper maximises what the model's run function returns: the objective is the TEST
/// metric `objective`, maximised, unless the flags say otherwise.
extension ManifestReader {
    static let deepHyperKeys = ["problem", "max_evals", "dimensions"]

    mutating func deepHyper(_ root: Node) -> Manifest? {
        guard let entries = mapping(root, "the DeepHyper problem") else { return nil }
        checkKeys(entries, allowed: ["deephyper"], in: "the DeepHyper problem")
        guard let section = entry("deephyper", in: entries) else {
            fail(.missingKey, at: root, "a DeepHyper problem has no 'deephyper' section",
                 fix: "add deephyper: {dimensions: {...}}, or read the file as its own dialect (leave --dialect out)")
            return nil
        }
        guard let fields = mapping(section.value, "deephyper") else { return nil }
        checkKeys(fields, allowed: Self.deepHyperKeys, in: "deephyper")
        var parameters: [HyperParameter] = []
        if let dimensions = entry("dimensions", in: fields), let items = mapping(dimensions.value, "dimensions") {
            if items.isEmpty { fail(.emptyList, at: dimensions.value, "dimensions is empty", fix: "add at least one dimension") }
            for item in items {
                if let (prior, value) = deepHyperDimension(item.value, name: item.key) {
                    addParameter(item.key, prior, at: item.value, nameNode: item.keyNode, to: &parameters,
                                 defaultValue: value)
                }
            }
        } else {
            fail(.missingKey, at: section.value, "deephyper has no 'dimensions'",
                 fix: "add dimensions: {epochs: {range: [5, 500], default: 5}}")
        }
        var method = DialectMethod(
            name: .random, node: section.value, spelled: "DeepHyper's search",
            objective: "objective", direction: .maximize)
        if let maxEvals = entry("max_evals", in: fields) { method.steps = count(maxEvals.value, "max_evals") }
        dialectNotes.append("DeepHyper maximises what the run function returns: the objective is the TEST metric "
                            + "'objective', maximised (--objective NAME and --minimize change it)")
        commandNote = "a DeepHyper problem names no command"
        guard let built = build(method, parameters: parameters) else { return nil }
        let name = entry("problem", in: fields).flatMap { string($0.value, "problem") }
        return Manifest(experimentName: name, method: built, hyperParameters: parameters)
    }

    /// `{range: [low, high], default: d}` or `{values: [...], default: d}`.
    private mutating func deepHyperDimension(_ node: Node, name: String) -> (Prior, ParameterValue?)? {
        // DeepHyper's add_dim(name, (low, high)) written as a list or as the tuple's text.
        let written = node.sequence.map { $0.map { $0.scalar?.string ?? "..." }.joined(separator: ", ") }
            ?? node.scalar.map { $0.string.trimmingCharacters(in: CharacterSet(charactersIn: "()[] ")) }
        if node.mapping == nil, let written, !written.isEmpty {
            let parts = written.split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "'\" ")) }
            let fix = parts.count == 3 && ["log-uniform", "uniform"].contains(parts[2])
                ? "write {range: [\(parts[0]), \(parts[1])], prior: \(parts[2])}"
                : "write {range: [\(written)]} for DeepHyper's tuple (\(written)), or {values: [\(written)]} for its list"
            fail(.wrongType, at: node, "dimension '\(name)' must be a mapping (key: value lines), not \(describe(node))", fix: fix)
            return nil
        }
        guard let fields = mapping(node, "dimension '\(name)'") else { return nil }
        checkKeys(fields, allowed: ["range", "values", "default", "prior"], in: "dimension '\(name)'")
        // DeepHyper's (low, high, "log-uniform"): the range searched on the log scale.
        var logScale = false
        if let priorEntry = entry("prior", in: fields), let text = string(priorEntry.value, "the prior of '\(name)'") {
            switch text {
            case "uniform": break
            case "log-uniform":
                logScale = true
            default:
                fail(.badValue, at: priorEntry.value, "the prior of '\(name)' is '\(text)'",
                     fix: "use log-uniform (or uniform, the default)")
            }
        }
        let prior: Prior?
        if let range = entry("range", in: fields) {
            guard let bounds = sequence(range.value, "the range of '\(name)'") else { return nil }
            guard bounds.count == 2 else {
                fail(.wrongType, at: range.value, "the range of '\(name)' is [low, high], not \(bounds.count) values",
                     fix: "for a list of choices write values: [...]")
                return nil
            }
            let integral = bounds.allSatisfy { kindTag($0) == .int }
            let numbers = bounds.compactMap { double($0, "a bound of '\(name)'") }
            guard numbers.count == 2 else { return nil }
            guard numbers[0] < numbers[1] else {
                fail(.minAboveMax, at: range.value, "the range of '\(name)' is [\(readable(numbers[0])), "
                     + "\(readable(numbers[1]))]: low must be below high", fix: "swap them")
                return nil
            }
            if logScale {
                guard !integral, numbers[0] > 0 else {
                    fail(.badValue, at: range.value, "a log-uniform range of '\(name)' needs decimal bounds above 0",
                         fix: integral ? "write the bounds with a decimal point, e.g. [\(readable(numbers[0])).0, "
                            + "\(readable(numbers[1])).0]" : "give a low bound above 0")
                    return nil
                }
                prior = .logUniform(low: Foundation.log(numbers[0]), high: Foundation.log(numbers[1]), q: nil)
            } else {
                prior = integral ? .integers(low: Int(numbers[0]), high: Int(numbers[1]))
                    : .uniform(low: numbers[0], high: numbers[1], q: nil)
            }
        } else if let values = entry("values", in: fields) {
            prior = polyaxonPrior("choice", values.value, name: name)
        } else {
            fail(.missingKey, at: node, "dimension '\(name)' has no range or values",
                 fix: "add range: [low, high] or values: [a, b, c]")
            return nil
        }
        guard let prior else { return nil }
        let value = entry("default", in: fields).flatMap { deepHyperDefault($0.value, of: prior, name: name) }
        return (prior, value)
    }

    /// The default must be a value of its dimension (DeepHyper's starting point).
    private mutating func deepHyperDefault(_ node: Node, of prior: Prior, name: String) -> ParameterValue? {
        guard let value = typedValue(node, "the default of '\(name)'") else { return nil }
        var fits = false
        switch prior {
        case .integers(let low, let high):
            if case .int(let int) = value { fits = int >= low && int <= high }
        case .uniform(let low, let high, _):
            if let number = value.numericValue { fits = number >= low && number <= high }
        case .logUniform(let low, let high, _):
            if let number = value.numericValue, number > 0 { fits = Foundation.log(number) >= low - 1e-12 && Foundation.log(number) <= high + 1e-12 }
        case .choice(let values):
            fits = values.contains(value) || values.contains { $0.numericValue != nil && $0.numericValue == value.numericValue }
        default: fits = true
        }
        if !fits {
            fail(.badValue, at: node, "the default \(value.description) of '\(name)' is not in its space",
                 fix: "give a default inside the range, or one of the values")
            return nil
        }
        return value
    }
}
