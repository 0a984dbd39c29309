import Foundation

/// Generates and scores candidate points for the RBF optimizer, keeping away from every
/// point already used (finished, failed or pending): a proposal is never a duplicate.
struct CandidateSearch {
    let map: FeatureMap
    let usedFeatures: [[Double]]
    let usedLattice: Set<Point>
    /// Closer than this (in feature space) to a used point counts as the same point.
    let minimumDistance: Double

    /// Running trials' points in feature space, and how close a proposal may come to one:
    /// K proposals made at once from the same history would otherwise crowd onto the same
    /// local step (four Branin proposals after 25 trials were 2e-4 to 1.5e-3 apart).
    let pendingFeatures: [[Double]]
    let pendingRadius: Double

    /// - Parameter localScale: the distance from the best point to its nearest evaluated
    ///   neighbour, when known: the radius shrinks with it as the search converges, so
    ///   parallel trials keep refining an optimum instead of being held away from it
    ///   (a fixed radius of 1% of the diagonal took camel6's median gap at 50 with
    ///   --parallel 4 from 1.7e-7 to 7.2e-4).
    init(map: FeatureMap, used: [Point], pending: [Point] = [], localScale: Double? = nil) {
        self.map = map
        usedFeatures = used.map(map.features)
        usedLattice = Set(used)
        minimumDistance = 1e-5 * Double(max(map.width, 1)).squareRoot()
        pendingFeatures = pending.map(map.features)
        let largest = Self.pendingShare * Double(max(map.dimensions.count, 1)).squareRoot()
        pendingRadius = localScale.map { min(largest, 0.5 * $0) } ?? largest
    }

    /// The largest exclusion radius around a pending point, a share of the unit box's diagonal.
    static let pendingShare = 0.01

    /// The box midpoint for the first point of an experiment; afterwards the Latin-hypercube
    /// candidate farthest from every used point (maximin).
    func designPoint<G: RandomNumberGenerator>(isFirst: Bool, using rng: inout G) -> Point? {
        if isFirst {
            let middle = map.point(fromUnit: Array(repeating: 0.5, count: map.dimensions.count))
            if isNew(middle) { return middle }
        }
        let count = min(512, max(64, 32 * map.dimensions.count))
        let candidates = LatinHypercube.sample(count: count, dimensions: map.dimensions.count, using: &rng)
            .map(map.point(fromUnit:))
        let best = candidates.filter(isNew).max { distanceToUsed($0) < distanceToUsed($1) }
        return best ?? anyFreeLatticePoint(using: &rng)
    }

    /// An MSRSM step: candidates scored by `w * surrogate + (1 - w) * (far from used)`,
    /// both scaled to [0, 1] over the candidates.
    func globalStep<G: RandomNumberGenerator>(
        around centers: [Point], model: RBFModel, surrogateWeight: Double, scale: Double, count: Int, using rng: inout G
    ) -> Point? {
        let uniform = LatinHypercube.sample(count: count / 4, dimensions: map.dimensions.count, using: &rng)
            .map(map.point(fromUnit:))
        // Most candidates perturb the best point; the rest perturb the next best ones, so a
        // second basin keeps being looked at.
        let share = [count / 2] + Array(repeating: (count - count / 4 - count / 2) / max(1, centers.count - 1), count: max(0, centers.count - 1))
        // The best point's perturbations mostly keep its categories (`CategorySwitch.bestMoveShare`).
        let local = zip(centers.indices, share).flatMap { index, count in
            perturbations(of: centers[index], count: count, scale: scale,
                          categoryShare: index == 0 ? CategorySwitch.bestMoveShare : 1, using: &rng)
        }
        let candidates = (uniform + local).filter(isNew)
        guard !candidates.isEmpty else { return nil }
        let features = candidates.map(map.features)
        let surrogate = features.map(model.value(at:))
        let distances = features.map(distanceToUsedFeatures)
        let (sLow, sHigh) = (surrogate.min()!, surrogate.max()!)
        let (dLow, dHigh) = (distances.min()!, distances.max()!)
        var bestIndex = 0
        var bestScore = Double.infinity
        for index in candidates.indices {
            let s = sHigh > sLow ? (surrogate[index] - sLow) / (sHigh - sLow) : 0
            let d = dHigh > dLow ? (dHigh - distances[index]) / (dHigh - dLow) : 0
            let score = surrogateWeight * s + (1 - surrogateWeight) * d
            if score < bestScore {
                bestScore = score
                bestIndex = index
            }
        }
        return candidates[bestIndex]
    }

    /// The local step: the surrogate's minimum among small perturbations of the best point,
    /// refined by a short coordinate search on the surrogate.
    ///
    /// The perturbations keep the best point's categories (trying other categories is
    /// `CategorySwitch`'s): below 20 dimensions every coordinate of a perturbation moves, and
    /// a category moved to the next index every time, so a best point in a middle category
    /// was never refined in its own (hartmann6_cat, budget 300, 5 seeds: the two seeds whose
    /// best was in category 2 of 0...4 left it in 53 of 56 local steps and stayed at gap
    /// 0.02-0.04 for 200 evaluations; the seeds in category 4 were reflected back to it and
    /// converged). The coordinate search may still move a category: it keeps to the
    /// surrogate's minimum; also freezing it there was measured no better (ex8_1_1_cat at 50:
    /// 8.5e-5 -> 0.0023).
    func localStep<G: RandomNumberGenerator>(
        around best: Point, model: RBFModel, count: Int, using rng: inout G
    ) -> Point? {
        let candidates = perturbations(of: best, count: count, scale: 0.03, keepingCategories: true, using: &rng).filter(isNew)
        guard var current = candidates.min(by: { model.value(at: map.features($0)) < model.value(at: map.features($1)) })
        else { return nil }
        var currentValue = model.value(at: map.features(current))
        var step = 0.01
        let steps = map.unitSteps
        for _ in 0..<20 {
            var improved = false
            for index in map.dimensions.indices {
                for direction in [-1.0, 1.0] {
                    var unit = map.unit(current)
                    unit[index] += direction * max(step, steps[index])
                    let trial = map.point(fromUnit: unit)
                    guard trial != current, isNew(trial) else { continue }
                    let value = model.value(at: map.features(trial))
                    if value < currentValue {
                        current = trial
                        currentValue = value
                        improved = true
                    }
                }
            }
            if !improved { step /= 2 }
            if step < 1e-4 { break }
        }
        return current
    }

    /// Gaussian perturbations of `center` in the unit view. Each coordinate moves with
    /// probability min(1, 20/d) (DYCORS), at least one always; a discrete coordinate that
    /// moves changes by at least one lattice step.
    /// - Parameters:
    ///   - keepingCategories: categorical coordinates stay at `center`'s (the local step's
    ///     candidates); none are returned when every coordinate is categorical.
    ///   - categoryShare: the probability that a categorical coordinate drawn to move does
    ///     move (one more draw, made for categorical coordinates only).
    func perturbations<G: RandomNumberGenerator>(
        of center: Point, count: Int, scale: Double, keepingCategories: Bool = false, categoryShare: Double = 1,
        using rng: inout G
    ) -> [Point] {
        let origin = map.unit(center)
        let steps = map.unitSteps
        let dimensionCount = origin.count
        let probability = min(1, 20 / Double(max(dimensionCount, 1)))
        let kept = keepingCategories ? Set(map.categoricalIndices) : []
        let movable = keepingCategories ? map.orderedIndices : Array(0..<dimensionCount)
        guard !movable.isEmpty else { return [] }
        return (0..<count).map { _ in
            var unit = origin
            func move(_ index: Int) {
                var delta = scale * Self.gaussian(using: &rng)
                if steps[index] > 0, abs(delta) < steps[index] {
                    delta = delta < 0 ? -steps[index] : steps[index]
                }
                unit[index] = Self.reflect(unit[index] + delta)
            }
            var moved = false
            let forced = Int.random(in: 0..<dimensionCount, using: &rng)
            for index in 0..<dimensionCount where index == forced || Double.random(in: 0..<1, using: &rng) < probability {
                if kept.contains(index) { continue }
                if categoryShare < 1, case .categorical = map.dimensions[index],
                   Double.random(in: 0..<1, using: &rng) >= categoryShare { continue }
                move(index)
                moved = true
            }
            // Above 20 dimensions a kept category may be the only coordinate drawn: then one
            // that may move moves (below, every coordinate is drawn, so the draws are as before).
            if !moved { move(movable[Int.random(in: 0..<movable.count, using: &rng)]) }
            return map.point(fromUnit: unit)
        }
    }

    func isNew(_ point: Point) -> Bool {
        guard !usedLattice.contains(point), distanceToUsed(point) > minimumDistance else { return false }
        guard !pendingFeatures.isEmpty else { return true }
        let features = map.features(point)
        return pendingFeatures.allSatisfy { squaredDistance($0, features) > pendingRadius * pendingRadius }
    }

    func distanceToUsed(_ point: Point) -> Double {
        distanceToUsedFeatures(map.features(point))
    }

    func distanceToUsedFeatures(_ features: [Double]) -> Double {
        var smallest = Double.infinity
        for used in usedFeatures {
            smallest = min(smallest, squaredDistance(features, used))
        }
        return smallest.squareRoot()
    }

    /// In a finite space nearly used up, a free point found by enumeration.
    private func anyFreeLatticePoint<G: RandomNumberGenerator>(using rng: inout G) -> Point? {
        guard map.dimensions.finiteSize != nil else { return nil }
        return RandomSearch().suggest(dimensions: map.dimensions, history: [], pending: Array(usedLattice), using: &rng)
    }

    /// Keeps a perturbed coordinate in [0, 1] by reflecting at the bounds.
    static func reflect(_ value: Double) -> Double {
        var v = value
        if v < 0 { v = -v }
        if v > 1 { v = 2 - v }
        return min(max(v, 0), 1)
    }

    /// A standard normal draw (Box-Muller).
    static func gaussian<G: RandomNumberGenerator>(using rng: inout G) -> Double {
        let u1 = Double.random(in: Double.ulpOfOne..<1, using: &rng)
        let u2 = Double.random(in: 0..<1, using: &rng)
        return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }
}
