import Foundation

/// Lowers a dialect's `Prior` to the space's `Domain`: the one place that knows which kinds
/// the space holds.
extension Prior {
    enum Lowered {
        case domain(Domain)
        /// Why it cannot be, and what to write instead.
        case refused(String, fix: String)
    }

    var lowered: Lowered {
        switch self {
        case .choice(let values), .grid(let values):
            return Self.values(values)
        case .constant(let value):
            return Self.values([value])
        case .uniform(let low, let high, nil):
            return .domain(.doubleRange(min: low, max: high))
        case .logUniform(let low, let high, nil):
            // power^x for x in [low, high] with power e is exp(uniform(low, high)).
            return .domain(.doubleRange(min: low, max: high, power: M_E))
        case .randint(let low, let high):
            return .domain(.intRange(min: low, max: high - 1))
        case .integers(let low, let high):
            return .domain(.intRange(min: low, max: high))
        case .weightedChoice, .uniform, .logUniform, .normal, .logNormal:
            return .refused("hporun's search space has no \(kindName) kind yet",
                            fix: "use a uniform, loguniform, randint or choice kind instead")
        }
    }

    /// A list of values: all integers, all numbers, or all text (booleans as text).
    private static func values(_ values: [ParameterValue]) -> Lowered {
        var ints: [Int] = [], doubles: [Double] = [], strings: [String] = []
        for value in values {
            switch value {
            case .int(let int): ints.append(int); doubles.append(Double(int))
            case .double(let double): doubles.append(double)
            case .string(let string): strings.append(string)
            }
        }
        if strings.count == values.count { return .domain(.stringValues(strings)) }
        if !strings.isEmpty {
            return .refused("the values mix text and numbers",
                            fix: "quote the numbers to make every value text, or keep only numbers")
        }
        if ints.count == values.count { return .domain(.intValues(ints)) }
        return .domain(.doubleValues(doubles))
    }
}
