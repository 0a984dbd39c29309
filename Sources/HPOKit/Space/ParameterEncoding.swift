import Foundation

/// How one hyperparameter maps to its coordinate in the optimizer's box, and back.
/// Built once from a validated `HyperParameter`; `SearchSpace` holds one per parameter.
enum ParameterEncoding: Sendable, Hashable {
    /// A coordinate u in [0, 1] through a scale; with `q`, the value is rounded to a multiple
    /// of q (an integer when `integer`).
    case continuous(ContinuousScale, q: Double? = nil, integer: Bool = false)
    /// The integers start, start + step, ... (count of them): coordinate = index.
    case intLattice(start: Int, step: Int, count: Int)
    /// The doubles start + i step (count of them), each rounded to `decimals` places when
    /// `decimals` <= 15: coordinate = index.
    case doubleLattice(start: Double, step: Double, count: Int, decimals: Int)
    /// An ordered list of values (integer powers, numeric lists): coordinate = index.
    case lattice([ParameterValue])
    /// Unordered labels (strings, or a choice of any values): coordinate = index.
    case categories([ParameterValue])

    /// A q kind with more values than this is searched as a continuous range rounded on
    /// decode rather than as an ordinal lattice.
    static let largestLattice = 1_000_000

    init(_ domain: Domain) {
        switch domain {
        case .doubleRange(let min, let max, let step?, _):
            let decimals = Swift.max(Self.decimalPlaces(step), Self.decimalPlaces(min))
            self = .doubleLattice(start: min, step: step, count: Self.gridCount(min: min, max: max, step: step),
                                  decimals: decimals)
        case .doubleRange(let min, let max, nil, let power?):
            self = .continuous(.exponential(base: power, low: min, high: max))
        case .doubleRange(let min, let max, nil, nil):
            self = .continuous(.linear(min: min, max: max))
        case .intRange(let min, let max, let step, nil):
            let step = Swift.max(step ?? 1, 1)
            self = .intLattice(start: min, step: step, count: Self.latticeCount(from: min, through: max, step: step))
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
            self = .categories(values.map { .string($0) })
        case .distribution(let distribution):
            self = Self(distribution)
        }
    }

    private init(_ distribution: Distribution) {
        switch distribution {
        case .randint(let low, let high):
            self = .intLattice(start: low, step: 1, count: high > low ? Self.latticeCount(from: low, through: high - 1, step: 1) : 1)
        case .choice(let values, _):
            self = .categories(values)
        case .uniform(let low, let high, let q?) where q > 0:
            // round(x / q) * q over [low, high]: the multiples of q a draw can round to (a
            // bound on a half multiple rounds inwards, its other side having no mass).
            let first = (low / q + 0.5).rounded(.down), last = (high / q - 0.5).rounded(.up)
            let count = last - first + 1
            guard count.isFinite, count <= Double(Self.largestLattice) else {
                self = .continuous(.linear(min: low, max: high), q: q, integer: distribution.givesIntegers)
                return
            }
            if distribution.givesIntegers {
                self = .intLattice(start: Int(first * q), step: Int(q), count: Int(count))
            } else {
                self = .doubleLattice(start: first * q, step: q, count: Int(count), decimals: Self.decimalPlaces(q))
            }
        default:
            let bounds = distribution.searchBounds ?? (0, 1, nil)
            let scale: ContinuousScale = if let base = bounds.base {
                .exponential(base: base, low: bounds.low, high: bounds.high)
            } else {
                .linear(min: bounds.low, max: bounds.high)
            }
            self = .continuous(scale, q: distribution.q, integer: distribution.givesIntegers)
        }
    }

    var dimension: Dimension {
        switch self {
        case .continuous: .continuous
        case .intLattice(_, _, let count), .doubleLattice(_, _, let count, _): .ordinal(levels: count)
        case .lattice(let values): .ordinal(levels: values.count)
        case .categories(let labels): .categorical(choices: labels.count)
        }
    }

    /// How many integers min, min + step, ... up to max there are (at most Int.max).
    static func latticeCount(from min: Int, through max: Int, step: Int) -> Int {
        guard max > min else { return 1 }
        let span = UInt(bitPattern: max &- min) / UInt(step)
        return span >= UInt(Int.max) ? Int.max : Int(span) + 1
    }

    /// How many values a lattice of min, min + step, ... up to max inclusive has, allowing
    /// for floating point (0.005 ... 0.01 step 0.001 has 6 values).
    static func gridCount(min: Double, max: Double, step: Double) -> Int {
        let count = ((max - min) / step * (1 + 1e-12) + 1e-9).rounded(.down) + 1
        guard count.isFinite, count >= 1 else { return 1 }
        return count >= Double(Int.max) ? Int.max : Int(count)
    }

    /// The grid min, min + step, ... up to max inclusive, each rounded to the decimals of
    /// the step and min so config.json shows 0.006, not 0.006000000000000001.
    static func grid(min: Double, max: Double, step: Double) -> [Double] {
        let count = gridCount(min: min, max: max, step: step)
        let decimals = Swift.max(decimalPlaces(step), decimalPlaces(min))
        return (0..<count).map { round(min + Double($0) * step, decimals: decimals) }
    }

    static func round(_ value: Double, decimals: Int) -> Double {
        guard decimals <= 15 else { return value }
        let scale = pow(10, Double(decimals))
        let rounded = (value * scale).rounded() / scale
        return rounded.isFinite ? rounded : value
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

/// How a continuous coordinate u in [0, 1] maps to a value.
enum ContinuousScale: Sendable, Hashable {
    /// min + u (max - min).
    case linear(min: Double, max: Double)
    /// base^(low + u (high - low)).
    case exponential(base: Double, low: Double, high: Double)

    func value(_ u: Double) -> Double {
        switch self {
        case .linear(let min, let max): min + u * (max - min)
        case .exponential(let base, let low, let high): pow(base, low + u * (high - low))
        }
    }

    /// The unit coordinate of a value (outside [0, 1] when the value is outside the range;
    /// NaN or infinite when it has none, e.g. 0 on a log scale).
    func coordinate(_ value: Double) -> Double {
        switch self {
        case .linear(let min, let max):
            guard max > min else { return value == min ? 0 : .nan }
            return (value - min) / (max - min)
        case .exponential(let base, let low, let high):
            guard value > 0 else { return -.infinity }
            let exponent = log(value) / log(base)
            guard high > low else { return abs(exponent - low) <= 1e-9 * Swift.max(1, abs(low)) ? 0 : .nan }
            return (exponent - low) / (high - low)
        }
    }
}
