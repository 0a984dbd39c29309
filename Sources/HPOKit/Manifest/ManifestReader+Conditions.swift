import Foundation
import Yams

/// hporun's `condition:` and `default:` keys on a WML-form hyperparameter.
extension ManifestReader {
    /// Where a parameter's conditions and default were written, to place their errors.
    struct ParameterExtras {
        var conditions: [Condition] = []
        /// For each condition: the node of its name, and of its values.
        var conditionNodes: [(name: Node, values: Node)] = []
        var defaultValue: ParameterValue?
        var defaultNode: Node?
    }

    /// `condition: {name: optimizer, values: [sgd]}`, or a list of them (all must hold);
    /// `default: 0.9`.
    mutating func extras(_ entries: [Entry], name: String) -> ParameterExtras {
        var extras = ParameterExtras()
        if let node = entries.first(where: { $0.key == "condition" })?.value {
            let items = node.sequence.map(Array.init) ?? [node]
            for item in items {
                guard let conditionEntries = mapping(item, "a condition of '\(name)'") else { continue }
                checkKeys(conditionEntries, allowed: ["name", "values"], in: "the condition of '\(name)'")
                guard let parentNode = conditionEntries.first(where: { $0.key == "name" })?.value,
                      let valuesNode = conditionEntries.first(where: { $0.key == "values" })?.value else {
                    fail(.missingKey, at: item, "the condition of '\(name)' needs 'name' and 'values'",
                         fix: "e.g. condition: {name: optimizer, values: [sgd]}")
                    continue
                }
                guard let parent = string(parentNode, "the name in the condition of '\(name)'") else { continue }
                let valueNodes = valuesNode.sequence.map(Array.init) ?? [valuesNode]
                let values = valueNodes.compactMap { parameterValue($0, "a value in the condition of '\(name)'") }
                guard values.count == valueNodes.count else { continue }
                extras.conditions.append(Condition(parent: parent, values: values))
                extras.conditionNodes.append((parentNode, valuesNode))
            }
        }
        if let node = entries.first(where: { $0.key == "default" })?.value {
            extras.defaultValue = parameterValue(node, "the default of '\(name)'")
            extras.defaultNode = node
        }
        return extras
    }

    /// Checks the conditions and defaults of the whole space (unknown names, cycles, values
    /// a parent cannot take, defaults outside their domain) and gives each default the
    /// type of its parameter (`default: 1` of a double range is 1.0).
    mutating func checkSpace(_ parameters: inout [HyperParameter], extras: [String: ParameterExtras]) {
        for problem in SearchSpace.problems(parameters) {
            let extra = extras[problem.parameter]
            let node: Node? = switch problem.place {
            case .conditionName(let index):
                extra.flatMap { index < $0.conditionNodes.count ? $0.conditionNodes[index].name : nil }
            case .conditionValues(let index):
                extra.flatMap { index < $0.conditionNodes.count ? $0.conditionNodes[index].values : nil }
            case .defaultValue: extra?.defaultNode
            case .domain: nil
            }
            fail(.badValue, at: node, problem.message, fix: problem.fix)
        }
        for index in parameters.indices {
            if let value = parameters[index].defaultValue {
                parameters[index].defaultValue = SearchSpace.typed(value, of: parameters[index].domain) ?? value
            }
        }
    }
}
