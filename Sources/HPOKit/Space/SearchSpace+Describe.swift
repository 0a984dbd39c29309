import Foundation

/// Human-readable summaries of the space, for `hporun validate` and error messages.
extension SearchSpace {
    /// One line per hyperparameter: name, kind, range or values, how many values.
    public func describe() -> [String] {
        let width = hyperParameters.map(\.name.count).max() ?? 0
        return hyperParameters.map { parameter in
            let padded = parameter.name.padding(toLength: width, withPad: " ", startingAt: 0)
            return "\(padded)  \(describe(parameter))"
        }
    }

    /// A parameter's kind, range or values, and its number of values.
    func describe(_ parameter: HyperParameter) -> String {
        let encoding = ParameterEncoding(parameter.domain)
        let count = encoding.dimension.cardinality.map { $0 == 1 ? "1 value" : "\($0) values" } ?? "continuous"
        switch parameter.domain {
        case .doubleRange(let min, let max, let step?, _):
            return "double_range \(format(min)) .. \(format(max)) step \(format(step))  (\(count))"
        case .doubleRange(let min, let max, nil, let power?):
            return "double_range \(format(power))^[\(format(min)) .. \(format(max))] = "
                + "\(format(pow(power, min))) .. \(format(pow(power, max))), log-uniform  (\(count))"
        case .doubleRange(let min, let max, nil, nil):
            return "double_range \(format(min)) .. \(format(max)), uniform  (\(count))"
        case .intRange(let min, let max, let step, nil):
            return "int_range \(min) .. \(max)" + (step.map { " step \($0)" } ?? "") + "  (\(count))"
        case .intRange(let min, let max, _, let power?):
            let values = encoding.latticeValues
            return "int_range \(format(power))^[\(min) .. \(max)] = \(values.first ?? "") .. \(values.last ?? "")  (\(count))"
        case .doubleValues, .intValues:
            let kind = if case .intValues = parameter.domain { "int_values" } else { "double_values" }
            return "\(kind) [\(encoding.latticeValues.joined(separator: ", "))]  (\(count))"
        case .stringValues(let values):
            return "string_values [\(values.joined(separator: ", "))]  (\(count), unordered)"
        }
    }

    private func format(_ value: Double) -> String {
        ParameterValue.readable(value)
    }
}

extension ParameterEncoding {
    /// The values of a lattice as text, empty for other encodings.
    var latticeValues: [String] {
        if case .lattice(let values) = self { return values.map(\.description) }
        return []
    }
}
