import Foundation

/// How one hyperparameter maps to its coordinate in the optimizer's box, and back.
/// Built once from a validated `HyperParameter`; `SearchSpace` holds one per parameter.
enum ParameterEncoding: Sendable, Hashable {
    /// A uniform range: coordinate u in [0, 1] -> min + u (max - min).
    case linear(min: Double, max: Double)
    /// A log-uniform range: coordinate u -> base^(min + u (max - min)).
    case exponential(base: Double, minExponent: Double, maxExponent: Double)
    /// An ordered list of values (int ranges, step grids, integer powers, numeric lists):
    /// coordinate = index.
    case lattice([ParameterValue])
    /// Unordered labels: coordinate = index.
    case categories([String])

    init(_ domain: Domain) {
        switch domain {
        case .doubleRange(let min, let max, let step?, _):
            self = .lattice(Self.grid(min: min, max: max, step: step).map { .double($0) })
        case .doubleRange(let min, let max, nil, let power?):
            self = .exponential(base: power, minExponent: min, maxExponent: max)
        case .doubleRange(let min, let max, nil, nil):
            self = .linear(min: min, max: max)
        case .intRange(let min, let max, let step, nil):
            self = .lattice(stride(from: min, through: max, by: Swift.max(step ?? 1, 1)).map { .int($0) })
        case .intRange(let min, let max, _, let power?):
            // Integer exponents; the values are rounded to integers and kept distinct.
            var values: [Int] = []
            for exponent in min...max {
                let value = Int(pow(power, Double(exponent)).rounded())
                if values.last != value { values.append(value) }
            }
            self = .lattice(values.map { .int($0) })
        case .doubleValues(let values):
            self = .lattice(Array(Set(values)).sorted().map { .double($0) })
        case .intValues(let values):
            self = .lattice(Array(Set(values)).sorted().map { .int($0) })
        case .stringValues(let values):
            self = .categories(values)
        }
    }

    var dimension: Dimension {
        switch self {
        case .linear, .exponential: .continuous
        case .lattice(let values): .ordinal(levels: values.count)
        case .categories(let labels): .categorical(choices: labels.count)
        }
    }

    /// The value at a coordinate; an off-lattice coordinate goes to the nearest valid one.
    func decode(_ coordinate: Double) -> ParameterValue {
        switch self {
        case .linear(let min, let max):
            return .double(min + Self.unit(coordinate) * (max - min))
        case .exponential(let base, let low, let high):
            return .double(pow(base, low + Self.unit(coordinate) * (high - low)))
        case .lattice(let values):
            return values[Self.index(coordinate, count: values.count)]
        case .categories(let labels):
            return .string(labels[Self.index(coordinate, count: labels.count)])
        }
    }

    /// The coordinate of a value, nil when the value is not in this parameter's domain.
    func encode(_ value: ParameterValue) -> Double? {
        switch (self, value) {
        case (.linear(let min, let max), _):
            guard let number = value.numericValue, number.isFinite else { return nil }
            guard max > min else { return number == min ? 0 : nil }
            let u = (number - min) / (max - min)
            return Self.inUnitInterval(u)
        case (.exponential(let base, let low, let high), _):
            guard let number = value.numericValue, number > 0 else { return nil }
            guard high > low else { return 0 }
            let exponent = log(number) / log(base)
            return Self.inUnitInterval((exponent - low) / (high - low))
        case (.lattice(let values), _):
            guard let number = value.numericValue else { return nil }
            let index = values.firstIndex { candidate in
                guard let level = candidate.numericValue else { return false }
                return abs(level - number) <= 1e-9 * Swift.max(1, abs(level))
            }
            return index.map(Double.init)
        case (.categories(let labels), .string(let label)):
            return labels.firstIndex(of: label).map(Double.init)
        case (.categories, _):
            return nil
        }
    }

    private static func unit(_ coordinate: Double) -> Double {
        coordinate.isNaN ? 0.5 : Swift.min(Swift.max(coordinate, 0), 1)
    }

    private static func index(_ coordinate: Double, count: Int) -> Int {
        guard coordinate.isFinite else { return coordinate == .infinity ? count - 1 : 0 }
        return Swift.min(Swift.max(Int(coordinate.rounded()), 0), count - 1)
    }

    /// A unit coordinate, allowing for rounding in the value (a value printed to config.json
    /// with 17 digits decodes to within ~1e-12 of the original).
    private static func inUnitInterval(_ u: Double) -> Double? {
        guard u.isFinite, u >= -1e-9, u <= 1 + 1e-9 else { return nil }
        return Swift.min(Swift.max(u, 0), 1)
    }

    /// The grid min, min + step, ... up to max inclusive when max falls on it despite
    /// floating point (0.005 ... 0.01 step 0.001 has 6 values), each rounded to the decimals
    /// of the step and min so config.json shows 0.006, not 0.006000000000000001.
    static func grid(min: Double, max: Double, step: Double) -> [Double] {
        let count = Int(((max - min) / step * (1 + 1e-12) + 1e-9).rounded(.down)) + 1
        let decimals = Swift.max(decimalPlaces(step), decimalPlaces(min))
        let scale = pow(10, Double(decimals))
        return (0..<Swift.max(count, 1)).map { index in
            let raw = min + Double(index) * step
            return decimals <= 15 ? (raw * scale).rounded() / scale : raw
        }
    }

    /// The number of decimals in the shortest text of a value: 0.001 -> 3, 1e-05 -> 5, 5 -> 0.
    static func decimalPlaces(_ value: Double) -> Int {
        let text = abs(value).description
        var mantissa = Substring(text), exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        var fraction = 0
        if let dot = mantissa.firstIndex(of: ".") {
            fraction = mantissa[mantissa.index(after: dot)...].reversed().drop { $0 == "0" }.count
        }
        return Swift.max(fraction - exponent, 0)
    }
}
