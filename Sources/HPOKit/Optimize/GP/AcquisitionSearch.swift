import Foundation

/// Maximises the acquisition over the box: random points and perturbations of the best
/// trials, then a pattern search from the best few (continuous coordinates by halving
/// steps, ordinal ones by ±1, categorical ones by trying the other choices). Points in
/// `avoiding` (finished or pending in a finite space) are never returned.
struct AcquisitionSearch {
    let dimensions: [Dimension]
    let encoder: GPFeatures
    let gp: GaussianProcess
    let acquisition: Acquisition
    let best: Double

    func score(_ point: Point) -> Double {
        let (mean, variance) = gp.predict(encoder.row(point))
        return acquisition.score(mean: mean, variance: variance, best: best)
    }

    /// Fewer random candidates as the GP grows, so a suggestion stays within its time.
    var randomCount: Int { max(128, min(1000, 150_000 / max(gp.count, 1))) }

    func maximise<G: RandomNumberGenerator>(around incumbents: [Point], avoiding used: Set<Point>,
                                            using rng: inout G) -> Point? {
        var candidates: [Point] = (0..<randomCount).map { _ in
            dimensions.map { dimension in
                guard let count = dimension.cardinality else { return Double.random(in: 0...1, using: &rng) }
                return Double(Int.random(in: 0..<count, using: &rng))
            }
        }
        for incumbent in incumbents {
            for scale in [0.02, 0.1] {
                for _ in 0..<12 { candidates.append(perturb(incumbent, scale: scale, using: &rng)) }
            }
        }
        let fresh = candidates.filter { !used.contains($0) }
        let posterior = gp.predict(rows: fresh.flatMap { encoder.row($0) })
        var scored = zip(fresh, posterior).map { ($0, acquisition.score(mean: $1.mean, variance: $1.variance, best: best)) }
        scored.sort { $0.1 > $1.1 }
        var starts: [(Point, Double)] = []
        for entry in scored where !starts.contains(where: { $0.0 == entry.0 }) {
            starts.append(entry)
            if starts.count == 3 { break }
        }
        var winner = starts.first
        for start in starts {
            let refined = refine(start, avoiding: used, using: &rng)
            if refined.1 > winner?.1 ?? -.infinity { winner = refined }
        }
        return winner?.0
    }

    private func perturb<G: RandomNumberGenerator>(_ point: Point, scale: Double, using rng: inout G) -> Point {
        zip(point, dimensions).map { value, dimension in
            let base = value.isNaN ? 0.5 : value
            switch dimension {
            case .continuous:
                let u1 = Double.random(in: Double.leastNonzeroMagnitude..<1, using: &rng), u2 = Double.random(in: 0..<1, using: &rng)
                return min(max(base + scale * (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2), 0), 1)
            case .ordinal(let levels):
                let jump = Double.random(in: 0..<1, using: &rng) < 3 * scale ? (Bool.random(using: &rng) ? 1.0 : -1) : 0
                return value.isNaN ? Double(levels / 2) : min(max(base + jump, 0), Double(levels - 1))
            case .categorical(let choices):
                return value.isNaN || Double.random(in: 0..<1, using: &rng) < scale
                    ? Double(Int.random(in: 0..<choices, using: &rng)) : base
            }
        }
    }

    /// Coordinate-wise pattern search: accept any improving move, halve the step when none.
    private func refine<G: RandomNumberGenerator>(_ start: (Point, Double), avoiding used: Set<Point>,
                                                  using rng: inout G) -> (Point, Double) {
        var (point, value) = start
        var step = 0.05
        for _ in 0..<12 {
            var improved = false
            for d in dimensions.indices {
                var moves: [Double] = []
                switch dimensions[d] {
                case .continuous: moves = [point[d] + step, point[d] - step].map { min(max($0, 0), 1) }
                case .ordinal(let levels): moves = [point[d] + 1, point[d] - 1].filter { $0 >= 0 && $0 < Double(levels) }
                case .categorical(let choices):
                    moves = choices <= 6 ? (0..<choices).map(Double.init) : (0..<3).map { _ in
                        Double(Int.random(in: 0..<choices, using: &rng))
                    }
                }
                for move in moves where move != point[d] {
                    var trial = point
                    trial[d] = move
                    if used.contains(trial) { continue }
                    let candidate = score(trial)
                    if candidate > value { (point, value, improved) = (trial, candidate, true) }
                }
            }
            if !improved {
                step /= 2
                if step < 1e-3 { break }
            }
        }
        return (point, value)
    }
}
