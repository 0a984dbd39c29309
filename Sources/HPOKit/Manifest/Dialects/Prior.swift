import Foundation

/// A hyperparameter as the other dialects declare it (Polyaxon's matrix kinds, hyperopt's
/// expressions, DeepHyper's dimensions), before it becomes a `Domain`. One vocabulary for
/// every reader, lowered to the space in one place (`Prior+Domain.swift`).
enum Prior: Sendable, Hashable {
    /// Unordered values (Polyaxon `values`/`choice`, hyperopt `choice`, DeepHyper's lists).
    case choice([ParameterValue])
    /// Values with probabilities (Polyaxon `pvalues`/`pchoice`, hyperopt `pchoice`).
    case weightedChoice([ParameterValue], weights: [Double])
    /// An ordered list of numbers (Polyaxon's `range`, `linspace`, `logspace`, `geomspace`).
    case grid([ParameterValue])
    case uniform(low: Double, high: Double, q: Double?)
    /// exp(uniform(low, high)): the bounds are natural logarithms, as hyperopt and Polyaxon give them.
    case logUniform(low: Double, high: Double, q: Double?)
    case normal(mu: Double, sigma: Double, q: Double?)
    /// exp(normal(mu, sigma)).
    case logNormal(mu: Double, sigma: Double, q: Double?)
    /// An integer in low ..< high (hyperopt's `randint`).
    case randint(low: Int, high: Int)
    /// Integers low ... high (DeepHyper's discrete ordinal range).
    case integers(low: Int, high: Int)
    /// One fixed value (Polyaxon's `declarations`, a hyperband resource).
    case constant(ParameterValue)

    /// The kind's name as the user's file spells it, for messages.
    var kindName: String {
        switch self {
        case .choice: "choice"
        case .weightedChoice: "pchoice"
        case .grid: "grid"
        case .uniform(_, _, let q): q == nil ? "uniform" : "quniform"
        case .logUniform(_, _, let q): q == nil ? "loguniform" : "qloguniform"
        case .normal(_, _, let q): q == nil ? "normal" : "qnormal"
        case .logNormal(_, _, let q): q == nil ? "lognormal" : "qlognormal"
        case .randint: "randint"
        case .integers: "range"
        case .constant: "constant"
        }
    }
}

/// Numeric grids as numpy computes them (Polyaxon's matrix evaluates them with numpy).
enum NumericGrid {
    /// np.arange(start, stop, step): stop excluded.
    static func range(start: Double, stop: Double, step: Double) -> [Double] {
        guard step != 0, (stop - start) / step > 0 else { return [] }
        let count = Int(((stop - start) / step).rounded(.up))
        return (0..<min(count, 1_000_000)).map { start + Double($0) * step }
    }

    /// np.linspace(start, stop, num): both ends included.
    static func linspace(start: Double, stop: Double, num: Int) -> [Double] {
        guard num > 1 else { return num == 1 ? [start] : [] }
        return (0..<num).map { index in
            index == num - 1 ? stop : start + Double(index) * (stop - start) / Double(num - 1)
        }
    }

    /// np.logspace(start, stop, num, base): base ** linspace(start, stop, num).
    static func logspace(start: Double, stop: Double, num: Int, base: Double = 10) -> [Double] {
        linspace(start: start, stop: stop, num: num).map { pow(base, $0) }
    }

    /// np.geomspace(start, stop, num): a geometric progression from start to stop.
    static func geomspace(start: Double, stop: Double, num: Int) -> [Double] {
        guard start != 0, stop != 0, (start > 0) == (stop > 0) else { return [] }
        let sign = start < 0 ? -1.0 : 1.0
        let values = logspace(start: log10(abs(start)), stop: log10(abs(stop)), num: num).map { sign * $0 }
        guard values.count > 1 else { return values }
        var ends = values
        ends[0] = start
        ends[ends.count - 1] = stop
        return ends
    }

    /// Numbers rounded to 12 significant digits, so 10^0.0325 prints as numpy shows it and
    /// config.json holds no float noise (0.30000000000000004).
    static func tidy(_ value: Double) -> Double {
        guard value.isFinite, value != 0 else { return value }
        let digits = 12 - Int(log10(abs(value)).rounded(.up))
        let scale = pow(10, Double(digits))
        let rounded = (value * scale).rounded() / scale
        return rounded.isFinite ? rounded : value
    }
}
