/// A point in the encoded box the optimizers work in: one coordinate per `Dimension`
/// of the search space, in the same order as `SearchSpace.dimensions`.
///
/// - a `.continuous` coordinate lies in `[0, 1]`;
/// - an `.ordinal(levels:)` coordinate is an integer index `0 ..< levels`, stored as a Double;
/// - a `.categorical(choices:)` coordinate is an integer index `0 ..< choices`, stored as a
///   Double; the indices are unordered labels (an optimizer may one-hot encode them).
public typealias Point = [Double]

/// What kind of coordinate an optimizer sees for one hyperparameter. The encoding layer
/// (`SearchSpace`) owns the meaning of each (step grids, powers, value lists); optimizers
/// only know the kind, never names or YAML.
public enum Dimension: Sendable, Hashable, CustomStringConvertible {
    /// A real coordinate in `[0, 1]`, mapped linearly (or via a power) to the range.
    case continuous
    /// An ordered lattice of `levels` values (int ranges, step grids, integer powers,
    /// numeric value lists), coordinate an integer index `0 ..< levels`.
    case ordinal(levels: Int)
    /// An unordered set of `choices` labels (string values), coordinate an index.
    case categorical(choices: Int)

    /// The number of distinct coordinate values, or nil when the dimension is continuous.
    public var cardinality: Int? {
        switch self {
        case .continuous: nil
        case .ordinal(let levels): levels
        case .categorical(let choices): choices
        }
    }

    public var description: String {
        switch self {
        case .continuous: "continuous"
        case .ordinal(let levels): "ordinal(\(levels))"
        case .categorical(let choices): "categorical(\(choices))"
        }
    }
}

extension Array where Element == Dimension {
    /// The number of distinct points when every dimension is discrete, nil when any is
    /// continuous or when the count overflows `Int` (treated as unbounded).
    public var finiteSize: Int? {
        var size = 1
        for dimension in self {
            guard let count = dimension.cardinality else { return nil }
            let (product, overflow) = size.multipliedReportingOverflow(by: count)
            if overflow { return nil }
            size = product
        }
        return size
    }
}
