import Foundation

/// Polyaxon's grids, lowered to value lists (numpy's `arange`, `linspace`, `logspace` and
/// `geomspace`, which Polyaxon calls). Each throws a message and a fix for a reader to place.
extension Domain {
    /// `range: [start, stop, step]`: start, start + step, ... before stop (EXCLUSIVE, as
    /// Python's range). Whole numbers give an `int_range`, others a list of doubles.
    public static func range(start: Double, stop: Double, step: Double) throws(DomainError) -> Domain {
        guard start.isFinite, stop.isFinite, step.isFinite else { throw DomainError("range bounds must be finite numbers") }
        guard step != 0 else { throw DomainError("the step of a range cannot be 0", fix: "e.g. range: [0, 10, 2]") }
        let count = Int(Swift.max(((stop - start) / step - 1e-9).rounded(.up), 0))
        guard count >= 1 else {
            throw DomainError("range \(show(start)):\(show(stop)):\(show(step)) has no values (stop is exclusive)",
                              fix: "make stop lie beyond start in the step's direction")
        }
        guard count <= 1_000_000 else { throw DomainError("range \(show(start)):\(show(stop)):\(show(step)) has \(count) values, above 1,000,000") }
        let whole = [start, step].allSatisfy { $0.rounded() == $0 && abs($0) < 9e15 }
        if whole, step > 0 {
            return .intRange(min: Int(start), max: Int(start) + (count - 1) * Int(step), step: Int(step))
        }
        if whole { return .intValues((0..<count).map { Int(start) + $0 * Int(step) }) }
        let decimals = Swift.max(ParameterEncoding.decimalPlaces(step), ParameterEncoding.decimalPlaces(start))
        return .doubleValues((0..<count).map { ParameterEncoding.round(start + Double($0) * step, decimals: decimals) })
    }

    /// `linspace: [start, stop, num]`: num evenly spaced doubles, both ends included.
    public static func linspace(start: Double, stop: Double, num: Int) throws(DomainError) -> Domain {
        try checked(start, stop, num, "linspace")
        return .doubleValues(points(start, stop, num).map(clean))
    }

    /// `logspace: [start, stop, num]`: base^x for num x evenly spaced from start to stop
    /// (base 10 unless given).
    public static func logspace(start: Double, stop: Double, num: Int, base: Double = 10) throws(DomainError) -> Domain {
        try checked(start, stop, num, "logspace")
        guard base > 0, base != 1, base.isFinite else { throw DomainError("the base of logspace must be above 0 and not 1") }
        let values = points(start, stop, num).map { clean(pow(base, $0)) }
        guard values.allSatisfy({ $0.isFinite && $0 > 0 }) else {
            throw DomainError("logspace \(show(start)):\(show(stop)):\(num) overflows", fix: "start and stop are exponents of the base")
        }
        return .doubleValues(values)
    }

    /// `geomspace: [start, stop, num]`: num values from start to stop in a geometric
    /// progression, both ends included.
    public static func geomspace(start: Double, stop: Double, num: Int) throws(DomainError) -> Domain {
        try checked(start, stop, num, "geomspace")
        guard start != 0, stop != 0, (start > 0) == (stop > 0) else {
            throw DomainError("geomspace needs start and stop of the same sign, neither 0",
                              fix: "e.g. geomspace: [0.001, 1, 4] for 0.001, 0.01, 0.1, 1")
        }
        let sign: Double = start > 0 ? 1 : -1
        let values = points(log(abs(start)), log(abs(stop)), num).map { clean(sign * exp($0)) }
        return .doubleValues(values)
    }

    private static func checked(_ start: Double, _ stop: Double, _ num: Int, _ kind: String) throws(DomainError) {
        guard start.isFinite, stop.isFinite else { throw DomainError("the bounds of \(kind) must be finite numbers") }
        guard num >= 1, num <= 1_000_000 else {
            throw DomainError("\(kind) needs from 1 to 1,000,000 values, not \(num)", fix: "the third number is how many values")
        }
        if num > 1, start == stop { throw DomainError("\(kind) from \(show(start)) to itself gives one value \(num) times", fix: "use num: 1 or another stop") }
    }

    private static func points(_ start: Double, _ stop: Double, _ num: Int) -> [Double] {
        guard num > 1 else { return [start] }
        return (0..<num).map { $0 == num - 1 ? stop : start + Double($0) * (stop - start) / Double(num - 1) }
    }

    /// A computed value to 15 significant digits: 0.30000000000000004 -> 0.3.
    private static func clean(_ value: Double) -> Double {
        Double(String(format: "%.15g", value)) ?? value
    }

    private static func show(_ value: Double) -> String { ParameterValue.readable(value) }
}

/// Why a grid or distribution cannot be built, with what to change.
public struct DomainError: Error, Sendable, Hashable {
    public var message: String
    public var fix: String?

    public init(_ message: String, fix: String? = nil) {
        self.message = message
        self.fix = fix
    }
}
