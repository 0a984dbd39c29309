/// Uniform random search in the encoded box: continuous coordinates uniform in [0, 1] (so a
/// `power` range is log-uniform), lattice and categorical indices uniform. In a finite space
/// it never proposes a point that is finished or pending, so when the budget covers the
/// space it enumerates it, in random order; it returns nil once every point is used.
public struct RandomSearch: Optimizer {
    public init() {}

    public func suggest<G: RandomNumberGenerator>(
        dimensions: [Dimension], history: [Observation], pending: [Point], using rng: inout G
    ) -> Point? {
        guard let size = dimensions.finiteSize else {
            return dimensions.map { dimension in
                guard let count = dimension.cardinality else { return Double.random(in: 0...1, using: &rng) }
                return Double(Int.random(in: 0..<count, using: &rng))
            }
        }
        let used = Set(history.map(\.point) + pending)
        guard used.count < size else { return nil }
        // Rejection sampling is exact and cheap while most of the space is free...
        for _ in 0..<64 {
            let point = Self.randomLatticePoint(dimensions, using: &rng)
            if !used.contains(point) { return point }
        }
        // ...and when most is used, pick uniformly among the free points by index.
        let free = size - used.count
        var target = Int.random(in: 0..<free, using: &rng)
        for index in 0..<size {
            let point = Self.latticePoint(index, dimensions)
            if used.contains(point) { continue }
            if target == 0 { return point }
            target -= 1
        }
        return nil
    }

    static func randomLatticePoint<G: RandomNumberGenerator>(_ dimensions: [Dimension], using rng: inout G) -> Point {
        dimensions.map { Double(Int.random(in: 0..<($0.cardinality ?? 1), using: &rng)) }
    }

    /// The index-th point of a finite space in mixed-radix order.
    static func latticePoint(_ index: Int, _ dimensions: [Dimension]) -> Point {
        var rest = index
        return dimensions.map { dimension in
            let count = dimension.cardinality ?? 1
            defer { rest /= count }
            return Double(rest % count)
        }
    }
}
