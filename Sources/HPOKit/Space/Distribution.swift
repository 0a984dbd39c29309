import Foundation

/// A prior distribution of one hyperparameter, as hyperopt, Polyaxon and DeepHyper declare
/// them. `random` draws from it; the model-based optimizers search its natural box: the
/// bounds of a bounded kind, the central 99.8% (mean +- 3.09 sigma) of an unbounded one, on
/// the log scale for the log kinds.
///
/// `q` rounds a draw to a multiple of q (hyperopt's `round(x / q) * q`, so the draw may
/// fall a half q outside the bounds). A q kind whose q is a whole number gives integers in
/// `config.json`; every other continuous kind gives doubles.
public enum Distribution: Sendable, Hashable {
    /// Uniform on [low, high] (`uniform`, `quniform`).
    case uniform(low: Double, high: Double, q: Double? = nil)
    /// base^x for x uniform on [low, high]: `low` and `high` are EXPONENTS. hyperopt's and
    /// Polyaxon's `loguniform` give natural-log bounds (base e, the default); WML's `power`
    /// gives base 10 (`loguniform`, `qloguniform`).
    case logUniform(low: Double, high: Double, base: Double = Distribution.e, q: Double? = nil)
    /// Normal with mean mu and standard deviation sigma (`normal`, `qnormal`).
    case normal(mu: Double, sigma: Double, q: Double? = nil)
    /// exp(x) for x normal(mu, sigma) (`lognormal`, `qlognormal`).
    case logNormal(mu: Double, sigma: Double, q: Double? = nil)
    /// An integer uniform in low ..< high, high EXCLUSIVE as in hyperopt and numpy
    /// (hyperopt's `randint(upper)` is low 0).
    case randint(low: Int, high: Int)
    /// One of the values, unordered (a categorical dimension); with `weights` (one per
    /// value, summing to 1: Polyaxon's `pvalues`, hyperopt's `pchoice`), drawn with those
    /// probabilities, else uniformly.
    case choice([ParameterValue], weights: [Double]? = nil)

    public static let e = M_E
    /// Phi^-1(0.999): an unbounded distribution is searched on mu +- z sigma.
    public static let boxQuantile = 3.090232306167813

    /// hyperopt's name of the kind: `uniform`, `qloguniform`, `pchoice`, ...
    public var kindName: String {
        let prefix = q == nil ? "" : "q"
        switch self {
        case .uniform: return prefix + "uniform"
        case .logUniform: return prefix + "loguniform"
        case .normal: return prefix + "normal"
        case .logNormal: return prefix + "lognormal"
        case .randint: return "randint"
        case .choice(_, let weights): return weights == nil ? "choice" : "pchoice"
        }
    }

    /// The rounding step of a q kind.
    public var q: Double? {
        switch self {
        case .uniform(_, _, let q), .logUniform(_, _, _, let q), .normal(_, _, let q), .logNormal(_, _, let q): q
        case .randint, .choice: nil
        }
    }

    /// Whether `config.json` gets integers: randint, and the q kinds with a whole q.
    public var givesIntegers: Bool {
        if case .randint = self { return true }
        guard let q else { return false }
        return q.rounded() == q && abs(q) < 9e15
    }

    /// The box a model-based optimizer searches, before the log: [low, high] of a uniform,
    /// the exponents of a log kind, mu +- z sigma of a normal kind. Nil for randint and choice.
    var searchBounds: (low: Double, high: Double, base: Double?)? {
        switch self {
        case .uniform(let low, let high, _): return (low, high, nil)
        case .logUniform(let low, let high, let base, _): return (low, high, base)
        case .normal(let mu, let sigma, _):
            return (mu - Self.boxQuantile * sigma, mu + Self.boxQuantile * sigma, nil)
        case .logNormal(let mu, let sigma, _):
            return (mu - Self.boxQuantile * sigma, mu + Self.boxQuantile * sigma, Self.e)
        case .randint, .choice: return nil
        }
    }
}
