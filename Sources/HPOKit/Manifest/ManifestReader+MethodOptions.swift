import Yams

/// The methods' own settings (`MethodOption`) and whether a method fits the space.
extension ManifestReader {
    /// Reads one method setting, checking its type and range.
    mutating func option(_ option: MethodOption, _ node: Node, _ nameNode: Node, _ values: inout MethodValues) {
        var value: ParameterValue?
        switch option.kind {
        case .int: value = int(node, option.name).map { .int($0) }
        case .double: value = double(node, option.name).map { .double($0) }
        case .string: value = string(node, option.name).map { .string($0.lowercased()) }
        }
        guard let value else { return }
        if let problem = option.problem(with: value) {
            fail(.badValue, at: node, problem)
            return
        }
        values.options[option.name] = value
        values.optionNodes[option.name] = nameNode
    }

    /// A setting of another method is an error: it would be silently ignored.
    mutating func checkOptions(_ values: MethodValues, belongTo method: MethodName) {
        for name in values.options.keys.sorted() {
            guard let option = MethodOption.named(name), option.method != method else { continue }
            fail(.badValue, at: values.optionNodes[name], "'\(name)' is a setting of method \(option.method.rawValue), "
                    + "but the method is \(method.rawValue)",
                 fix: "remove it, or use 'name: \(option.method.rawValue)'")
        }
    }

    /// `grid` needs every hyperparameter to have finitely many values; its budget defaults
    /// to the number of points, and a budget above it is cut to it.
    mutating func fit(_ method: inout Method, to parameters: [HyperParameter], stepsGiven: Bool, at node: Node) {
        guard method.name == .grid, !parameters.isEmpty else { return }
        let space = SearchSpace(parameters)
        let continuous = zip(parameters, space.dimensions).filter { $0.1.cardinality == nil }.map(\.0.name)
        if !continuous.isEmpty {
            let names = continuous.map { "'\($0)'" }.joined(separator: ", ")
            fail(.badValue, at: node, "method grid needs finitely many values, but \(names) "
                    + (continuous.count == 1 ? "is a continuous range" : "are continuous ranges"),
                 fix: "give \(continuous.count == 1 ? "it" : "each") a 'step' (double_range) or a list of values, "
                    + "or use method random, tpe or rbfopt")
            return
        }
        guard let size = space.finiteSize else {
            fail(.badValue, at: node, "method grid: the product of the hyperparameters' values is too large to enumerate",
                 fix: "use fewer values, or method random")
            return
        }
        if !stepsGiven || method.numOptimizerSteps > size { method.numOptimizerSteps = size }
    }
}
