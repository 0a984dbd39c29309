/// The RBF optimizer's two views of the encoded box.
///
/// - The *unit* view has one coordinate in [0, 1] per dimension; candidates are generated
///   and perturbed there, then snapped: a lattice index is rounded, a category is the
///   sub-interval the coordinate falls in.
/// - The *feature* view is where distances and the surrogate live: continuous and ordinal
///   coordinates scaled to [0, 1], categories one-hot (as RBFOpt 4.2+) scaled so two
///   different categories are at distance 1, like the two ends of a range.
struct FeatureMap {
    let dimensions: [Dimension]
    let width: Int
    /// Feature columns that are ordered (continuous or ordinal): the linear tail's terms.
    let orderedColumns: [Int]

    init(_ dimensions: [Dimension]) {
        self.dimensions = dimensions
        var width = 0
        var ordered: [Int] = []
        for dimension in dimensions {
            if case .categorical(let choices) = dimension {
                width += choices
            } else {
                ordered.append(width)
                width += 1
            }
        }
        self.width = width
        orderedColumns = ordered
    }

    static let categoryScale = 0.5.squareRoot()

    func features(_ point: Point) -> [Double] {
        var out: [Double] = []
        out.reserveCapacity(width)
        for (index, dimension) in dimensions.enumerated() {
            switch dimension {
            case .continuous: out.append(point[index])
            case .ordinal(let levels): out.append(levels > 1 ? point[index] / Double(levels - 1) : 0.5)
            case .categorical(let choices):
                let chosen = Int(point[index])
                for choice in 0..<choices { out.append(choice == chosen ? Self.categoryScale : 0) }
            }
        }
        return out
    }

    /// A valid point (on the lattice) from a unit coordinate per dimension.
    func point(fromUnit unit: [Double]) -> Point {
        dimensions.enumerated().map { index, dimension in
            let u = min(max(unit[index], 0), 1)
            switch dimension {
            case .continuous: return u
            case .ordinal(let levels): return (u * Double(levels - 1)).rounded()
            case .categorical(let choices): return Double(min(Int(u * Double(choices)), choices - 1))
            }
        }
    }

    /// The point with every non-finite coordinate (a conditional parameter that was
    /// inactive for that trial is NaN) replaced by the box midpoint's, so the surrogate and
    /// the distances never see NaN and never learn anything about that coordinate from it.
    func imputed(_ point: Point) -> Point {
        guard point.contains(where: { !$0.isFinite }) else { return point }
        let middle = self.point(fromUnit: Array(repeating: 0.5, count: dimensions.count))
        return point.indices.map { point[$0].isFinite ? point[$0] : middle[$0] }
    }

    func unit(_ point: Point) -> [Double] {
        dimensions.enumerated().map { index, dimension in
            switch dimension {
            case .continuous: point[index]
            case .ordinal(let levels): levels > 1 ? point[index] / Double(levels - 1) : 0.5
            case .categorical(let choices): (point[index] + 0.5) / Double(choices)
            }
        }
    }

    /// Indices of the categorical dimensions, in order.
    var categoricalIndices: [Int] {
        dimensions.indices.filter { index in
            if case .categorical = dimensions[index] { return true }
            return false
        }
    }

    /// Indices of the ordered dimensions (continuous, integer, ordinal: every one that is not
    /// categorical), in order.
    var orderedIndices: [Int] {
        dimensions.indices.filter { index in
            if case .categorical = dimensions[index] { return false }
            return true
        }
    }

    /// The lattice spacing of each unit coordinate (0 for continuous), so perturbations of
    /// a discrete coordinate move it by at least one step.
    var unitSteps: [Double] {
        dimensions.map { dimension in
            switch dimension {
            case .continuous: 0
            case .ordinal(let levels): levels > 1 ? 1 / Double(levels - 1) : 1
            case .categorical(let choices): 1 / Double(choices)
            }
        }
    }
}
