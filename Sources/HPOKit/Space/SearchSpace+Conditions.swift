import Foundation

/// Counting configurations and checking conditions and defaults.
extension SearchSpace {
    /// How many distinct configurations there are, nil when a range is continuous. Two
    /// points that differ only in an inactive parameter are one configuration.
    public var finiteSize: Int? {
        isConditional ? configurationCount : dimensions.finiteSize
    }

    /// The distinct configurations of a conditional space, counted by enumerating its
    /// lattice when it has at most 2^20 points; above, the lattice's size (an upper bound).
    var configurationCount: Int? {
        let dimensions = dimensions
        guard let total = dimensions.finiteSize else { return nil }
        guard isConditional, total <= 1 << 20 else { return total }
        var seen: Set<[Double]> = []
        for index in 0..<total {
            let point = canonical(RandomSearch.latticePoint(index, dimensions))
            seen.insert(point.map { $0.isNaN ? -1 : $0 })
        }
        return seen.count
    }

    /// The configuration of the parameters' defaults, nil when a parameter that is active
    /// under them has no default (the warm-start helper runs it first).
    public var defaultConfig: Config? {
        var values: [ParameterValue?] = Array(repeating: nil, count: hyperParameters.count)
        for index in order where isActive(index, values) {
            guard let value = hyperParameters[index].defaultValue else { return nil }
            values[index] = Self.typed(value, of: hyperParameters[index].domain) ?? value
        }
        return config(values)
    }

    /// What is wrong with the conditions and defaults of these parameters, each with the
    /// parameter, which part (to place the error in the file) and a fix. Every dialect's
    /// reader checks its space with this.
    public static func problems(_ parameters: [HyperParameter]) -> [SpaceProblem] {
        var problems: [SpaceProblem] = []
        let names = parameters.map(\.name)
        let byName = Dictionary(parameters.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        for parameter in parameters {
            for (index, condition) in parameter.conditions.enumerated() {
                let place = SpaceProblem.Place.conditionName(index)
                guard condition.parent != parameter.name else {
                    problems.append(SpaceProblem(parameter: parameter.name, place: place,
                        message: "'\(parameter.name)' has a condition on itself", fix: "name another hyperparameter"))
                    continue
                }
                guard let parent = byName[condition.parent] else {
                    let near = nearestKey(to: condition.parent, in: names.filter { $0 != parameter.name })
                    problems.append(SpaceProblem(parameter: parameter.name, place: place,
                        message: "the condition of '\(parameter.name)' names '\(condition.parent)', which is not a hyperparameter",
                        fix: near.map { "did you mean '\($0)'?" } ?? "name one of: \(names.joined(separator: ", "))"))
                    continue
                }
                problems += valueProblems(condition, of: parameter.name, parent: parent, place: .conditionValues(index))
            }
        }
        if let cycle = firstCycle(parameters) {
            let index = parameters.first { $0.name == cycle[0] }?.conditions.firstIndex { $0.parent == cycle[1] } ?? 0
            problems.append(SpaceProblem(parameter: cycle[0], place: .conditionName(index),
                message: "the conditions go round in a circle: \(cycle.joined(separator: " -> "))",
                fix: "a parameter cannot depend, even indirectly, on itself: remove one of these conditions"))
        }
        for parameter in parameters {
            guard let value = parameter.defaultValue else { continue }
            let space = SearchSpace([HyperParameter(name: parameter.name, domain: parameter.domain)])
            if space.encodings[0].encode(value) == nil {
                problems.append(SpaceProblem(parameter: parameter.name, place: .defaultValue,
                    message: "the default \(value.jsonText) of '\(parameter.name)' is not in its space (\(space.describe(parameter.domain)))",
                    fix: "give a value the parameter can take"))
            }
        }
        return problems
    }

    private static func valueProblems(_ condition: Condition, of name: String, parent: HyperParameter,
                                      place: SpaceProblem.Place) -> [SpaceProblem] {
        let parentSpace = SearchSpace([HyperParameter(name: parent.name, domain: parent.domain)])
        let encoding = parentSpace.encodings[0]
        guard encoding.dimension.cardinality != nil else {
            return [SpaceProblem(parameter: name, place: place,
                message: "the condition of '\(name)' is on '\(parent.name)', which is continuous (\(parentSpace.describe(parent.domain)))",
                fix: "condition on a parameter with a list of values (string_values, int_values, a choice, ...)")]
        }
        if condition.values.isEmpty {
            return [SpaceProblem(parameter: name, place: place, message: "the condition of '\(name)' lists no values",
                                 fix: "list the values of '\(parent.name)' for which '\(name)' exists")]
        }
        return condition.values.filter { encoding.encode($0) == nil }.map { value in
            SpaceProblem(parameter: name, place: place,
                message: "the condition of '\(name)' needs '\(parent.name)' = \(value.jsonText), which '\(parent.name)' cannot take",
                fix: "'\(parent.name)' is \(parentSpace.describe(parent.domain))")
        }
    }

    /// The names along the first cycle of conditions (child -> parent -> ... -> child).
    private static func firstCycle(_ parameters: [HyperParameter]) -> [String]? {
        let byName = Dictionary(parameters.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var state: [String: Int] = [:]  // 1 on the path, 2 done
        var path: [String] = []
        func visit(_ name: String) -> [String]? {
            if state[name] == 2 { return nil }
            if state[name] == 1, let start = path.firstIndex(of: name) { return Array(path[start...]) + [name] }
            state[name] = 1
            path.append(name)
            for condition in byName[name]?.conditions ?? [] where byName[condition.parent] != nil && condition.parent != name {
                if let cycle = visit(condition.parent) { return cycle }
            }
            path.removeLast()
            state[name] = 2
            return nil
        }
        for parameter in parameters {
            if let cycle = visit(parameter.name) { return cycle }
        }
        return nil
    }
}

/// One thing wrong with a space's conditions or defaults, for a reader to place in its file.
public struct SpaceProblem: Sendable, Hashable {
    public enum Place: Sendable, Hashable {
        /// The parent's name in the parameter's condition at this index.
        case conditionName(Int)
        /// The values in the parameter's condition at this index.
        case conditionValues(Int)
        case defaultValue
        case domain
    }

    public var parameter: String
    public var place: Place
    public var message: String
    public var fix: String?
}

extension SearchSpace {
    /// A value of the domain with the domain's type (an int of a double range becomes a
    /// double, a list's value the listed one); nil when the domain does not hold it.
    public static func typed(_ value: ParameterValue, of domain: Domain) -> ParameterValue? {
        let encoding = ParameterEncoding(domain)
        guard let coordinate = encoding.encode(value) else { return nil }
        if case .continuous(_, nil, _) = encoding, let number = value.numericValue { return .double(number) }
        return encoding.decode(coordinate)
    }
}
