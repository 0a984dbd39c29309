import Foundation

/// A coordinate to its value and back.
extension ParameterEncoding {
    /// The value at a coordinate; an off-lattice or out-of-box coordinate goes to the
    /// nearest valid one (NaN, which no decoded parameter has, to the middle or the first).
    func decode(_ coordinate: Double) -> ParameterValue {
        switch self {
        case .continuous(let scale, let q, let integer):
            let value = scale.value(Self.unit(coordinate))
            guard let q else { return .double(Self.shortened(value)) }
            let rounded = (value / q).rounded() * q + 0  // + 0: no -0.0 in config.json
            if integer, let int = Int(exactly: rounded.rounded()) { return .int(int) }
            return .double(Self.round(rounded, decimals: Self.decimalPlaces(q)))
        case .intLattice(let start, let step, let count):
            return .int(start &+ Self.index(coordinate, count: count) &* step)
        case .doubleLattice(let start, let step, let count, let decimals):
            return .double(Self.round(start + Double(Self.index(coordinate, count: count)) * step, decimals: decimals) + 0)
        case .lattice(let values):
            return values[Self.index(coordinate, count: values.count)]
        case .categories(let labels):
            return labels[Self.index(coordinate, count: labels.count)]
        }
    }

    /// The coordinate of a value, nil when the value is not in this parameter's domain.
    func encode(_ value: ParameterValue) -> Double? {
        switch self {
        case .continuous(let scale, nil, _):
            guard let number = value.numericValue, number.isFinite else { return nil }
            return Self.inUnitInterval(scale.coordinate(number))
        case .continuous(let scale, _, let integer):
            guard let number = value.numericValue, number.isFinite else { return nil }
            if integer, case .double = value, number.rounded() != number { return nil }
            // A rounded value may lie up to q/2 outside the box (or be 0 on a log scale):
            // take the nearest coordinate and check that it gives the value back.
            var u = scale.coordinate(number)
            if u.isNaN { u = 0 }
            u = Swift.min(Swift.max(u, 0), 1)
            guard let back = decode(u).numericValue, Self.same(back, number) else { return nil }
            return u
        case .intLattice(let start, let step, let count):
            guard let number = value.numericValue, number.isFinite, number.rounded() == number else { return nil }
            let index = ((number - Double(start)) / Double(step)).rounded()
            guard index >= 0, index < Double(count), let int = Int(exactly: index),
                  case .int(let back) = decode(Double(int)), Double(back) == number else { return nil }
            return Double(int)
        case .doubleLattice(let start, let step, let count, _):
            guard let number = value.numericValue, number.isFinite else { return nil }
            let index = ((number - start) / step).rounded()
            guard index >= 0, index < Double(count), let int = Int(exactly: index),
                  let back = decode(Double(int)).numericValue, Self.same(back, number) else { return nil }
            return Double(int)
        case .lattice(let values), .categories(let values):
            return values.firstIndex { Self.same($0, value) }.map(Double.init)
        }
    }

    /// The value at 14 significant digits: a value written by hand (an enqueued configuration,
    /// a starting point, a warm-start trial) then comes back from its coordinate as written,
    /// where the log and the power gave 0.01000000000000001 for 0.01 and 5.00000000000001e-05
    /// for 5e-05 (the round trip's error reaches the 15th digit). No search is finer than
    /// that, and the point the optimizer knows is the trial's recorded coordinate, not this value.
    static func shortened(_ value: Double) -> Double {
        guard value.isFinite, value != 0, let short = Double(String(format: "%.14g", value)) else { return value }
        return abs(short - value) <= 1e-13 * abs(value) ? short + 0 : value
    }

    /// Equal values: the same string, or the same number whatever its JSON type (to within
    /// the rounding of a 17-digit decimal).
    static func same(_ a: ParameterValue, _ b: ParameterValue) -> Bool {
        switch (a, b) {
        case (.string(let x), .string(let y)): return x == y
        case (.string, _), (_, .string): return false
        default:
            guard let x = a.numericValue, let y = b.numericValue else { return false }
            return same(x, y)
        }
    }

    static func same(_ x: Double, _ y: Double) -> Bool {
        abs(x - y) <= 1e-9 * Swift.max(1, abs(x))
    }

    static func unit(_ coordinate: Double) -> Double {
        coordinate.isNaN ? 0.5 : Swift.min(Swift.max(coordinate, 0), 1)
    }

    static func index(_ coordinate: Double, count: Int) -> Int {
        guard coordinate.isFinite else { return coordinate == .infinity ? count - 1 : 0 }
        let clamped = Swift.min(Swift.max(coordinate.rounded(), 0), Double(count - 1))
        return Swift.min(Int(exactly: clamped) ?? count - 1, count - 1)
    }

    /// A unit coordinate, allowing for rounding in the value (a value printed to config.json
    /// with 17 digits decodes to within ~1e-12 of the original).
    static func inUnitInterval(_ u: Double) -> Double? {
        guard u.isFinite, u >= -1e-9, u <= 1 + 1e-9 else { return nil }
        return Swift.min(Swift.max(u, 0), 1)
    }
}
