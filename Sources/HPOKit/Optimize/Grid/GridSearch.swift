/// Every point of a finite space, each once, in a fixed order (Polyaxon's `grid_search`).
///
/// The order is a diagonal one rather than nested loops, so that any first N points (a
/// `num_optimizer_steps` cap below the product, or a run stopped early) spread over every
/// parameter instead of varying only the innermost one: point k takes the digits of k in
/// mixed radix, the parameter with the most values as the fastest digit (ties in the
/// manifest's order), and each parameter's value index is the sum of its digit and the
/// digits faster than it, modulo its number of values. So the first max(count) points give
/// every parameter each of its values in turn, and each block of that length after is the
/// same walk shifted by one on the slower parameters. The map from k to points is a
/// bijection (each index can be solved for the digits from the fastest up), so the whole
/// product is enumerated exactly once.
///
/// The next proposal is the first point in that order that is neither finished nor
/// pending: a pure function of (history, pending), so parallel trials take distinct points
/// and a resumed run continues the enumeration. An inactive (NaN) coordinate of a recorded
/// point matches every value of that parameter, since those points are the same trial.
public struct GridSearch: Optimizer {
    public init() {}

    public func suggest<G: RandomNumberGenerator>(
        dimensions: [Dimension], history: [Observation], pending: [Point], using rng: inout G
    ) -> Point? {
        guard let size = dimensions.finiteSize else { return nil }
        let used = UsedPoints(history.map(\.point) + pending)
        let order = Self.digitOrder(dimensions)
        for rank in 0..<size {
            let point = Self.point(rank, dimensions, order: order)
            if !used.contains(point) { return point }
        }
        return nil
    }

    /// The dimensions' indices from the fastest digit to the slowest.
    static func digitOrder(_ dimensions: [Dimension]) -> [Int] {
        dimensions.indices.sorted { a, b in
            let (ca, cb) = (dimensions[a].cardinality ?? 1, dimensions[b].cardinality ?? 1)
            return ca != cb ? ca > cb : a < b
        }
    }

    /// The rank-th point of the diagonal order.
    static func point(_ rank: Int, _ dimensions: [Dimension], order: [Int]) -> Point {
        var point = Point(repeating: 0, count: dimensions.count)
        var rest = rank, sum = 0
        for index in order {
            let count = dimensions[index].cardinality ?? 1
            sum += rest % count
            rest /= count
            point[index] = Double(sum % count)
        }
        return point
    }

    /// The rank-th point of the grid in its documented order (for tests and `validate`).
    public static func point(_ rank: Int, of dimensions: [Dimension]) -> Point {
        point(rank, dimensions, order: digitOrder(dimensions))
    }
}

/// The finished and pending points, looked up exactly, or with NaN as a wildcard.
private struct UsedPoints {
    var exact: Set<Point> = []
    var partial: [Point] = []

    init(_ points: [Point]) {
        for point in points {
            if point.contains(where: \.isNaN) { partial.append(point) } else { exact.insert(point) }
        }
    }

    func contains(_ point: Point) -> Bool {
        if exact.contains(point) { return true }
        return partial.contains { used in zip(used, point).allSatisfy { $0.isNaN || $0 == $1 } }
    }
}
