/// Random search. Given the space (`init(space:)`), it draws each parameter from its
/// declared prior (`SearchSpace.sample`: a weighted choice by its weights, a normal as a
/// normal, a WML range uniformly in its box); without it, uniformly in the encoded box.
/// In a finite space it never proposes a configuration that is finished or pending (two
/// points that differ only in an inactive parameter are the same configuration), so when
/// the budget covers the space it enumerates it; it returns nil once every one is used.
public struct RandomSearch: Optimizer {
    /// The space whose priors to draw from; nil draws uniformly in the box.
    public let space: SearchSpace?

    public init(space: SearchSpace? = nil) {
        self.space = space
    }

    public func suggest<G: RandomNumberGenerator>(
        dimensions: [Dimension], history: [Observation], pending: [Point], using rng: inout G
    ) -> Point? {
        let space = self.space.flatMap { $0.dimensions == dimensions ? $0 : nil }
        func draw(_ rng: inout G) -> Point {
            if let space { return space.sample(using: &rng) }
            return dimensions.map { SearchSpace.uniformCoordinate($0, using: &rng) }
        }
        guard dimensions.finiteSize != nil else { return draw(&rng) }
        let used = Set((history.map(\.point) + pending).map { key($0, space) })
        let size = space.map { $0.isConditional ? $0.configurationCount : $0.finiteSize } ?? dimensions.finiteSize
        if let size, used.count >= size { return nil }
        // Rejection sampling is exact and cheap while most of the space is free...
        var point = draw(&rng)
        for _ in 0..<64 {
            if !used.contains(key(point, space)) { return point }
            point = draw(&rng)
        }
        guard size != nil, let total = dimensions.finiteSize else { return point }
        // ...and when most is used, pick uniformly among the free configurations by index.
        var free: [Point] = []
        var seen = used
        for index in 0..<total {
            let candidate = Self.latticePoint(index, dimensions)
            if seen.insert(key(candidate, space)).inserted { free.append(candidate) }
        }
        return free.randomElement(using: &rng)
    }

    /// A point as a set member: inactive coordinates (NaN) made equal.
    private func key(_ point: Point, _ space: SearchSpace?) -> [Double] {
        (space?.canonical(point) ?? point).map { $0.isNaN ? -1 : $0 }
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
