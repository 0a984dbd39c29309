import Foundation

/// A hyperparameter as the other dialects declare it (Polyaxon's matrix kinds, hyperopt's
/// expressions, DeepHyper's dimensions), before it becomes a `Domain`. One vocabulary for
/// every reader, lowered to the space in one place (`Prior+Domain.swift`).
enum Prior: Sendable, Hashable {
    /// Unordered values (Polyaxon `values`/`choice`, hyperopt `choice`, DeepHyper's lists).
    case choice([ParameterValue])
    /// Values with probabilities (Polyaxon `pvalues`/`pchoice`, hyperopt `pchoice`).
    case weightedChoice([ParameterValue], weights: [Double])
    /// Polyaxon's `range`, `linspace`, `logspace`, `geomspace`, as the space lowers them.
    case grid(Domain)
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
