import Foundation
import Yams

/// hyperopt's parameter expressions written as YAML lists, as Log(ML) takes them:
/// `['uniform', low, high]`, `['quniform', low, high, q]`, `['loguniform', low, high]` (natural-log
/// bounds), `['qloguniform', low, high, q]`, `['normal', mu, sigma]`, `['qnormal', mu, sigma, q]`,
/// `['lognormal', mu, sigma]`, `['qlognormal', mu, sigma, q]`, `['randint', upper]` or
/// `['randint', low, upper]` (upper excluded), `['uniformint', low, high]`, `['choice', [...]]`,
/// `['pchoice', [[p, value], ...]]`.
extension ManifestReader {
    static let hyperoptKinds: [String: Int] = [
        "uniform": 2, "quniform": 3, "loguniform": 2, "qloguniform": 3, "normal": 2, "qnormal": 3, "lognormal": 2,
        "qlognormal": 3, "randint": 1, "uniformint": 2, "choice": 1, "pchoice": 1,
    ]

    mutating func hyperoptExpression(_ node: Node, name: String) -> Prior? {
        let example = "e.g. ['uniform', 0.0, 0.5], ['randint', 10] or ['choice', [a, b]]"
        guard let items = node.sequence.map(Array.init), let kindNode = items.first, let kind = kindNode.scalar?.string else {
            fail(.wrongType, at: node, "'\(name)' must be a hyperopt expression list, not \(describe(node))",
                 fix: node.scalar.flatMap { Self.hyperoptCallAsList($0.string) } ?? example)
            return nil
        }
        guard let arity = Self.hyperoptKinds[kind] else {
            fail(.unknownKey, at: kindNode, "'\(kind)' is not a hyperopt expression",
                 fix: nearestKey(to: kind, in: Self.hyperoptKinds.keys.sorted()).map { "did you mean '\($0)'?" }
                    ?? "use one of: \(Self.hyperoptKinds.keys.sorted().joined(separator: ", "))")
            return nil
        }
        let arguments = Array(items.dropFirst())
        let allowed = kind == "randint" ? [1, 2] : [arity]
        guard allowed.contains(arguments.count) else {
            // ['choice', relu, tanh], as hp.choice's options are written without their list.
            let options = arguments.map { $0.scalar?.string ?? "..." }.joined(separator: ", ")
            let fix = ["choice", "pchoice"].contains(kind) && arguments.count > 1
                ? "put the options in one list: ['\(kind)', [\(options)]]" : example
            fail(.wrongType, at: node, "['\(kind)', ...] takes \(allowed.map(String.init).joined(separator: " or ")) "
                 + "argument\(arity == 1 ? "" : "s"), not \(arguments.count)", fix: fix)
            return nil
        }
        switch kind {
        case "choice":
            guard let options = sequence(arguments[0], "the options of '\(name)'") else { return nil }
            if options.isEmpty { fail(.emptyList, at: arguments[0], "the options of '\(name)' are empty", fix: "list at least one option"); return nil }
            // A mapping or an expression makes a nested choice (ManifestReader+HyperoptNested),
            // read before this; what is left that is not a plain value is no option hyperopt has.
            if let nested = options.first(where: { $0.scalar == nil }) {
                if reportedMisspeltExpression(nested, name: name) { return nil }
                fail(.wrongType, at: nested,
                     "an option of '\(name)' is \(describe(nested)), which is neither a plain value, a mapping nor a hyperopt expression",
                     fix: "write a value, a mapping such as {type: svm, C: ['lognormal', 0, 1]} (a nested choice), or an expression such as ['randint', 10]")
                return nil
            }
            let values = options.compactMap { typedValue($0, "an option of '\(name)'") }
            return values.count == options.count ? .choice(values) : nil
        case "pchoice":
            guard let pairs = sequence(arguments[0], "the options of '\(name)'") else { return nil }
            var values: [ParameterValue] = [], weights: [Double] = []
            for pair in pairs {
                guard let both = pair.sequence.map(Array.init), both.count == 2 else {
                    fail(.wrongType, at: pair, "each pchoice option is a [probability, value] pair", fix: "e.g. [0.3, relu]")
                    return nil
                }
                guard let weight = double(both[0], "a probability of '\(name)'"),
                      let value = typedValue(both[1], "an option of '\(name)'") else { return nil }
                weights.append(weight)
                values.append(value)
            }
            guard !values.isEmpty, weights.allSatisfy({ $0 > 0 }) else {
                fail(.badValue, at: arguments[0], "the options of '\(name)' need a probability above 0 each",
                     fix: "e.g. ['pchoice', [[0.3, relu], [0.7, tanh]]]")
                return nil
            }
            return weighted(values, weights, what: "the options of '\(name)'")
        default:
            let numbers = arguments.compactMap { double($0, "an argument of ['\(kind)', ...] for '\(name)'") }
            guard numbers.count == arguments.count else { return nil }
            return hyperoptNumeric(kind, numbers, at: node, name: name)
        }
    }

    /// hyperopt's Python call pasted as text, `hp.quniform('units', 16, 128, 16)`: the list to
    /// write instead, `['quniform', 16, 128, 16]` (the label is the parameter's name already).
    static func hyperoptCallAsList(_ text: String) -> String? {
        let call = text.trimmingCharacters(in: .whitespaces)
        guard call.hasPrefix("hp."), call.hasSuffix(")"), let open = call.firstIndex(of: "(") else { return nil }
        let kind = call[call.index(call.startIndex, offsetBy: 3)..<open]
        guard hyperoptKinds[String(kind)] != nil else { return nil }
        let inside = call[call.index(after: open)..<call.index(before: call.endIndex)]
        guard let comma = inside.firstIndex(of: ",") else { return nil }
        let arguments = inside[inside.index(after: comma)...].trimmingCharacters(in: .whitespaces)
        return "write it as a list: ['\(kind)', \(arguments)]"
    }

    private mutating func hyperoptNumeric(_ kind: String, _ numbers: [Double], at node: Node, name: String) -> Prior? {
        let q = kind.hasPrefix("q") ? numbers[2] : nil
        if let q, q <= 0 { fail(.badStep, at: node, "the q of '\(name)' must be above 0", fix: "use a q above 0, e.g. 1"); return nil }
        switch kind {
        case "randint", "uniformint":
            let bounds = kind == "uniformint" || numbers.count == 2 ? (numbers[0], numbers[1]) : (0, numbers[0])
            guard let low = Int(exactly: bounds.0), let high = Int(exactly: bounds.1) else {
                fail(.nonIntegerBound, at: node, "the bounds of ['\(kind)', ...] for '\(name)' must be integers",
                     fix: "write whole numbers, e.g. ['randint', 10]")
                return nil
            }
            let upper = kind == "uniformint" ? high + 1 : high
            guard upper > low else {
                fail(.minAboveMax, at: node, "['\(kind)', ...] for '\(name)' has no integer in its range",
                     fix: kind == "randint" ? "['randint', upper] draws 0 ..< upper: upper must be at least 1" : "swap the bounds")
                return nil
            }
            return .randint(low: low, high: upper)
        case "normal", "qnormal", "lognormal", "qlognormal":
            if numbers[1] <= 0 { fail(.badValue, at: node, "the sigma of '\(name)' must be above 0", fix: "use a sigma above 0"); return nil }
            return kind.contains("log") ? .logNormal(mu: numbers[0], sigma: numbers[1], q: q)
                : .normal(mu: numbers[0], sigma: numbers[1], q: q)
        default:
            guard numbers[0] < numbers[1] else {
                fail(.minAboveMax, at: node, "['\(kind)', low, high] for '\(name)': \(readable(numbers[0])) is not below "
                     + "\(readable(numbers[1]))", fix: "swap them")
                return nil
            }
            return kind.contains("log") ? .logUniform(low: numbers[0], high: numbers[1], q: q)
                : .uniform(low: numbers[0], high: numbers[1], q: q)
        }
    }
}
