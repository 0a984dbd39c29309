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

    /// A parameter's kind, range or values, its number of values, its default and when it
    /// is active.
    func describe(_ parameter: HyperParameter) -> String {
        var text = describe(parameter.domain)
        if let value = parameter.defaultValue { text += ", default \(value.jsonText)" }
        if !parameter.conditions.isEmpty { text += ", only if " + describe(parameter.conditions) }
        return text
    }

    /// `optimizer in [sgd, momentum] and layers in [2]`.
    func describe(_ conditions: [Condition]) -> String {
        conditions.map { condition in
            "\(condition.parent) in [\(condition.values.map(\.jsonText).joined(separator: ", "))]"
        }.joined(separator: " and ")
    }

    /// A domain's kind, range or values, and its number of values.
    func describe(_ domain: Domain) -> String {
        let parameter = HyperParameter(name: "", domain: domain)
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
        case .distribution(let distribution):
            return describe(distribution, encoding: encoding) + "  (\(count)\(distribution.kindName.hasSuffix("choice") ? ", unordered" : ""))"
        }
    }

    /// `qnormal mu 0 sigma 1 q 0.5, searched on -3.09 .. 3.09, doubles`.
    private func describe(_ distribution: Distribution, encoding: ParameterEncoding) -> String {
        let kind = distribution.kindName
        let q = distribution.q.map { " q \(format($0))" } ?? ""
        let type = distribution.q == nil ? "" : distribution.givesIntegers ? ", integers" : ", doubles"
        switch distribution {
        case .uniform(let low, let high, _):
            return "\(kind) \(format(low)) .. \(format(high))\(q)\(type)"
        case .logUniform(let low, let high, let base, _):
            return "\(kind) \(baseName(base))^[\(format(low)) .. \(format(high))] = "
                + "\(short(pow(base, low))) .. \(short(pow(base, high)))\(q)\(type)"
        case .normal(let mu, let sigma, _):
            let box = distribution.searchBounds ?? (0, 0, nil)
            return "\(kind) mu \(format(mu)) sigma \(format(sigma))\(q), searched on \(short(box.low)) .. \(short(box.high))\(type)"
        case .logNormal(let mu, let sigma, _):
            let box = distribution.searchBounds ?? (0, 0, nil)
            return "\(kind) mu \(format(mu)) sigma \(format(sigma))\(q), searched on e^[\(short(box.low)) .. \(short(box.high))] = "
                + "\(short(exp(box.low))) .. \(short(exp(box.high)))\(type)"
        case .randint(let low, let high):
            return "randint \(low) ..< \(high)"
        case .choice(let values, let weights?):
            return "\(kind) [" + zip(values, weights).map { "\($0.description): \(short($1))" }.joined(separator: ", ") + "]"
        case .choice(let values, nil):
            return "\(kind) [\(values.map(\.description).joined(separator: ", "))]"
        }
    }

    private func baseName(_ base: Double) -> String {
        base == Distribution.e ? "e" : format(base)
    }

    /// A computed bound to 4 significant digits: 0.6090232306167813 -> 0.609.
    private func short(_ value: Double) -> String {
        guard value.isFinite else { return value.description }
        return ParameterValue.readable(Double(String(format: "%.4g", value)) ?? value)
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
