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
        case .choice(let values):
            return Self.values(values)
        case .grid(let domain):
            return .domain(domain)
        case .constant(let value):
            return Self.values([value])
        case .uniform(let low, let high, let q):
            return .domain(.distribution(.uniform(low: low, high: high, q: q)))
        case .logUniform(let low, let high, let q):
            return .domain(.distribution(.logUniform(low: low, high: high, base: Distribution.e, q: q)))
        case .normal(let mu, let sigma, let q):
            return .domain(.distribution(.normal(mu: mu, sigma: sigma, q: q)))
        case .logNormal(let mu, let sigma, let q):
            return .domain(.distribution(.logNormal(mu: mu, sigma: sigma, q: q)))
        case .randint(let low, let high):
            return .domain(.distribution(.randint(low: low, high: high)))
        case .integers(let low, let high):
            return .domain(.intRange(min: low, max: high))
        case .weightedChoice(let values, let weights):
            return .domain(.distribution(.choice(values, weights: weights)))
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
        // Text and numbers together: unordered categories that keep each value's type.
        if !strings.isEmpty { return .domain(.distribution(.choice(values))) }
        if ints.count == values.count { return .domain(.intValues(ints)) }
        return .domain(.doubleValues(doubles))
    }
}
