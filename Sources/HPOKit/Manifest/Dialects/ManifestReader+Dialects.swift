import Foundation
import Yams

/// The one place that picks a dialect's reader, and what the readers share: typed scalars,
/// hyperparameter names, and the method they build.
extension ManifestReader {
    mutating func read(_ root: Node, dialect forced: Dialect?, trainingReference: String?) -> Manifest? {
        // A document of no known form is read as WML's, whose errors name the keys it expects.
        let dialect = forced ?? Dialect.detect(root) ?? .wml
        var manifest: Manifest?
        switch dialect {
        case .wml: manifest = document(root, trainingReference: trainingReference)
        case .polyaxon: manifest = polyaxonGroup(root)
        case .polyaxonOperation: manifest = polyaxonOperation(root)
        case .logml: manifest = logML(root)
        case .deephyper: manifest = deepHyper(root)
        }
        manifest?.dialect = dialect
        manifest?.dialectNotes = dialectNotes
        manifest?.cautions = cautions
        manifest?.commandNote = commandNote
        return manifest
    }

    /// A YAML scalar as a typed value: integers, finite numbers, and anything else as its text
    /// (a boolean as written: `True`).
    mutating func typedValue(_ node: Node, _ what: String) -> ParameterValue? {
        guard let scalar = node.scalar, kindTag(node) != .null else {
            fail(.wrongType, at: node, "\(what) must be a plain value, not \(describe(node))",
                 fix: "write a number or a text")
            return nil
        }
        switch kindTag(node) {
        case .int: if let value = node.int { return .int(value) }
        case .float:
            if let value = node.float, value.isFinite { return .double(value) }
            fail(.badValue, at: node, "\(what) is \(scalar.string), not a finite number", fix: "write a finite number")
            return nil
        default: break
        }
        if scalar.string.utf8.contains(0) {
            fail(.badValue, at: node, "\(what) contains a NUL byte (\\0)", fix: "remove the \\0 from the value")
            return nil
        }
        return .string(scalar.string)
    }

    /// Adds a hyperparameter read by a dialect: its name checked (an identifier, not taken
    /// twice), its prior lowered to a domain or refused with the fix.
    mutating func addParameter(_ name: String, _ prior: Prior, at node: Node, nameNode: Node,
                               to parameters: inout [HyperParameter], group: String? = nil,
                               defaultValue: ParameterValue? = nil) {
        guard checkName(name, at: nameNode) else { return }
        if parameters.contains(where: { $0.name == name }) {
            fail(.duplicateName, at: nameNode, "hyperparameter '\(name)' is defined twice", fix: "rename or remove one of them")
            return
        }
        if case .choice(let values) = prior, Set(values).count < values.count {
            fail(.duplicateValue, at: node, "the values of '\(name)' list one value twice", fix: "remove the repeated value")
            return
        }
        if case .logUniform(let low, let high, _) = prior, Self.looksLikeValues(low: low, high: high) {
            // hyperopt's habit taken for the values: ['loguniform', 0.0001, 0.1] draws 1 .. 1.105.
            func short(_ value: Double) -> String { readable(Double(String(format: "%.4g", value)) ?? value) }
            fail(.badValue, at: node, "'\(name)' (\(prior.kindName)): e^\(readable(low)) .. e^\(readable(high)) is "
                 + "\(short(exp(low))) .. \(short(exp(high))), as the bounds are natural logarithms",
                 fix: "for \(readable(low)) .. \(readable(high)) write the logs, \(short(Foundation.log(low))) and \(short(Foundation.log(high)))")
            return
        }
        switch prior.lowered {
        case .domain(let domain):
            parameters.append(HyperParameter(name: name, domain: domain, defaultValue: defaultValue, group: group))
        case .refused(let problem, let fix): fail(.badValue, at: node, "'\(name)' (\(prior.kindName)): \(problem)", fix: fix)
        }
    }

    /// A non-negative count (`n_experiments`, `max_evals`, ...).
    mutating func count(_ node: Node, _ what: String, atLeast low: Int = 1) -> Int? {
        guard let value = int(node, what) else { return nil }
        if value < low {
            fail(.badValue, at: node, "\(what) is \(value); it must be at least \(low)", fix: "give \(low) or more")
            return nil
        }
        return value
    }

    /// A direction as the dialects spell it (`maximize`, `minimize`, `max`, `min`).
    mutating func direction(_ node: Node, _ what: String) -> Direction? {
        guard let text = string(node, what) else { return nil }
        switch text.lowercased() {
        case "maximize", "maximise", "max": return .maximize
        case "minimize", "minimise", "min": return .minimize
        default:
            fail(.badDirection, at: node, "\(what) is '\(text)'", fix: "use 'maximize' or 'minimize'")
            return nil
        }
    }

    /// The entry of `entries` named `key`.
    func entry(_ key: String, in entries: [Entry]) -> Entry? {
        entries.first { $0.key == key }
    }
}
