import Foundation
import Yams

/// One hyperparameter of a Polyaxon matrix: its kind (`values`, `range`, `logspace`,
/// `uniform`, ...) and its value, given as a list (`[0.01, 0.1, 5]`), a `start:stop:step`
/// string (`0.01:0.1:5`) or a mapping (`{start: 0.01, stop: 0.1, num: 5}`). The v1 group
/// and the v1.1 operation share it; v1.1 spells `values` and `pvalues` `choice` and `pchoice`.
extension ManifestReader {
    static let polyaxonKinds = [
        "values", "pvalues", "choice", "pchoice", "range", "linspace", "logspace", "geomspace", "uniform", "quniform",
        "loguniform", "qloguniform", "normal", "qnormal", "lognormal", "qlognormal",
    ]

    /// `kindNode`: where the kind is written, for an unknown kind (the value's node when nil).
    mutating func polyaxonPrior(_ kind: String, _ node: Node, name: String, kindNode: Node? = nil) -> Prior? {
        let what = "\(kind) of '\(name)'"
        switch kind {
        case "values", "choice":
            guard let items = sequence(node, what) else { return nil }
            if items.isEmpty { fail(.emptyList, at: node, "\(what) is empty", fix: "list at least one value") }
            let values = items.compactMap { typedValue($0, "a value of '\(name)'") }
            return values.count == items.count && !items.isEmpty ? .choice(values) : nil
        case "pvalues", "pchoice":
            return weightedValues(node, what: what)
        case "range":
            guard let (numbers, _) = numbers(node, what, fields: ["start", "stop", "step"]) else { return nil }
            return grid(node, what) { () throws(DomainError) in
                try Domain.range(start: numbers[0], stop: numbers[1], step: numbers[2])
            }
        case "linspace", "logspace", "geomspace":
            let optional = kind == "logspace" ? ["base"] : []
            guard let (numbers, _) = numbers(node, what, fields: ["start", "stop", "num"], optional: optional),
                  let num = positiveCount(numbers[2], node, what) else { return nil }
            return grid(node, what) { () throws(DomainError) in
                switch kind {
                case "linspace": try Domain.linspace(start: numbers[0], stop: numbers[1], num: num)
                case "logspace":
                    try Domain.logspace(start: numbers[0], stop: numbers[1], num: num, base: numbers.count > 3 ? numbers[3] : 10)
                default: try Domain.geomspace(start: numbers[0], stop: numbers[1], num: num)
                }
            }
        case "uniform", "quniform", "loguniform", "qloguniform":
            let quantized = kind.hasPrefix("q")
            let fields = ["low", "high"] + (quantized ? ["q"] : [])
            guard let (numbers, _) = numbers(node, what, fields: fields) else { return nil }
            if numbers[0] >= numbers[1] {
                fail(.minAboveMax, at: node, "\(what): low \(readable(numbers[0])) is not below high \(readable(numbers[1]))",
                     fix: "write [low, high] with low < high")
                return nil
            }
            let q = quantized ? numbers[2] : nil
            if let q, q <= 0 { fail(.badStep, at: node, "the q of \(what) must be above 0", fix: "use a q above 0, e.g. 1"); return nil }
            return kind.contains("log") ? .logUniform(low: numbers[0], high: numbers[1], q: q)
                : .uniform(low: numbers[0], high: numbers[1], q: q)
        case "normal", "qnormal", "lognormal", "qlognormal":
            let quantized = kind.hasPrefix("q")
            let fields = ["loc", "scale"] + (quantized ? ["q"] : [])
            guard let (numbers, _) = numbers(node, what, fields: fields) else { return nil }
            if numbers[1] <= 0 { fail(.badValue, at: node, "the scale of \(what) must be above 0", fix: "use a scale above 0"); return nil }
            let q = quantized ? numbers[2] : nil
            if let q, q <= 0 { fail(.badStep, at: node, "the q of \(what) must be above 0", fix: "use a q above 0, e.g. 1"); return nil }
            return kind.contains("log") ? .logNormal(mu: numbers[0], sigma: numbers[1], q: q)
                : .normal(mu: numbers[0], sigma: numbers[1], q: q)
        default:
            fail(.unknownKey, at: kindNode ?? node, "unknown kind '\(kind)' for '\(name)'",
                 fix: nearestKey(to: kind, in: Self.polyaxonKinds).map { "did you mean '\($0)'?" }
                    ?? "use one of: \(Self.polyaxonKinds.joined(separator: ", "))")
            return nil
        }
    }

    /// `[[relu, 0.1], [sigmoid, 0.8]]`: each value with its probability; the probabilities must add up to 1.
    private mutating func weightedValues(_ node: Node, what: String) -> Prior? {
        guard let items = sequence(node, what) else { return nil }
        var values: [ParameterValue] = [], weights: [Double] = []
        for item in items {
            guard let pair = item.sequence.map(Array.init), pair.count == 2 else {
                fail(.wrongType, at: item, "each entry of \(what) is a [value, probability] pair, not \(describe(item))",
                     fix: "write e.g. [relu, 0.3]")
                continue
            }
            guard let value = typedValue(pair[0], "a value of \(what)"), let weight = double(pair[1], "a probability of \(what)")
            else { continue }
            if weight <= 0 || weight > 1 { fail(.badValue, at: pair[1], "the probability \(readable(weight)) is not in (0, 1]",
                                        fix: "give each value a probability above 0 and at most 1") }
            values.append(value)
            weights.append(weight)
        }
        guard values.count == items.count, !items.isEmpty else {
            if items.isEmpty { fail(.emptyList, at: node, "\(what) is empty", fix: "list at least one [value, probability] pair") }
            return nil
        }
        return weighted(values, weights, what: what)
    }

    /// Weights that do not add up to 1 (Polyaxon's own example gives 0.1 and 0.8) are scaled
    /// to, with a note.
    mutating func weighted(_ values: [ParameterValue], _ weights: [Double], what: String) -> Prior {
        let total = weights.reduce(0, +)
        guard abs(total - 1) > 1e-9 else { return .weightedChoice(values, weights: weights) }
        let scaled = weights.map { $0 / total }
        let short = { (value: Double) in ParameterValue.readable((value * 1e6).rounded() / 1e6) }
        let shown = zip(values, scaled).map { "\($0.description) \(short($1))" }
        dialectNotes.append("the probabilities of \(what) add up to \(short(total)), not 1: "
                            + "scaled to \(shown.joined(separator: ", "))")
        return .weightedChoice(values, weights: scaled)
    }

    /// The numbers of a kind, in `fields` order, from a list, a `a:b:c` string or a mapping;
    /// and whether all were written as integers.
    private mutating func numbers(_ node: Node, _ what: String, fields: [String], optional: [String] = [])
        -> ([Double], Bool)? {
        let form = (fields + optional.map { "\($0)?" }).joined(separator: ", ")
        var parts: [(text: String, node: Node)] = []
        if let items = node.sequence {
            parts = items.map { ($0.scalar?.string ?? "", $0) }
        } else if let mapping = node.mapping {
            let entries = mapping.map { (key: $0.key.string ?? "", keyNode: $0.key, value: $0.value) }
            checkKeys(entries, allowed: fields + optional, in: what)
            for field in fields + optional {
                if let found = entries.first(where: { $0.key == field }) {
                    parts.append((found.value.scalar?.string ?? "", found.value))
                } else if fields.contains(field) {
                    fail(.missingKey, at: node, "\(what) has no '\(field)'", fix: "give \(form)")
                    return nil
                }
            }
        } else if let text = node.scalar?.string, text.contains(":") {
            parts = text.split(separator: ":", omittingEmptySubsequences: false).map { (String($0), node) }
        } else {
            fail(.wrongType, at: node, "\(what) must be [\(form)] or '\(fields.joined(separator: ":"))', not \(describe(node))",
                 fix: "write [\(fields.joined(separator: ", "))]")
            return nil
        }
        guard parts.count >= fields.count, parts.count <= fields.count + optional.count else {
            fail(.wrongType, at: node, "\(what) needs \(fields.count) numbers (\(form)), not \(parts.count)",
                 fix: "write [\(fields.joined(separator: ", "))] or \(fields.joined(separator: ":"))")
            return nil
        }
        var numbers: [Double] = [], integral = true
        for part in parts {
            let text = part.text.trimmingCharacters(in: .whitespaces)
            guard let number = Double(text), number.isFinite, part.node.sequence == nil, part.node.mapping == nil else {
                fail(.wrongType, at: part.node, "\(what): '\(text)' is not a number", fix: "write [\(form)]")
                return nil
            }
            integral = integral && Int(text) != nil
            numbers.append(number)
        }
        return (numbers, integral)
    }

    private mutating func positiveCount(_ value: Double, _ node: Node, _ what: String) -> Int? {
        guard let count = Int(exactly: value), count >= 1, count <= 100_000 else {
            fail(.badValue, at: node, "the num of \(what) is \(readable(value)); it must be a whole number from 1 to 100000",
                 fix: "give how many values, e.g. 5")
            return nil
        }
        return count
    }

    /// A grid as the space computes it (numpy's arange, linspace, logspace, geomspace).
    private mutating func grid(_ node: Node, _ what: String, _ make: () throws(DomainError) -> Domain) -> Prior? {
        do {
            return .grid(try make())
        } catch {
            fail(.badValue, at: node, "\(what): \(error.message)", fix: error.fix ?? "check its numbers")
            return nil
        }
    }

    func readable(_ value: Double) -> String { ParameterValue.readable(value) }
}
