/// Latin hypercube samples in [0, 1]^d: each of the `count` strata of every dimension holds
/// exactly one point (McKay, Beckman & Conover 1979).
enum LatinHypercube {
    static func sample<G: RandomNumberGenerator>(count: Int, dimensions: Int, using rng: inout G) -> [[Double]] {
        guard count > 0 else { return [] }
        var points = Array(repeating: Array(repeating: 0.0, count: dimensions), count: count)
        for dimension in 0..<dimensions {
            var strata = Array(0..<count)
            strata.shuffle(using: &rng)
            for (index, stratum) in strata.enumerated() {
                points[index][dimension] = (Double(stratum) + Double.random(in: 0..<1, using: &rng)) / Double(count)
            }
        }
        return points
    }

    /// The best of `tries` samples by the maximin criterion (largest smallest pairwise distance).
    static func maximin<G: RandomNumberGenerator>(count: Int, dimensions: Int, tries: Int, using rng: inout G) -> [[Double]] {
        var best: [[Double]] = []
        var bestDistance = -1.0
        for _ in 0..<max(1, tries) {
            let candidate = sample(count: count, dimensions: dimensions, using: &rng)
            var smallest = Double.infinity
            for i in 0..<candidate.count {
                for j in (i + 1)..<max(i + 1, candidate.count) {
                    smallest = min(smallest, squaredDistance(candidate[i], candidate[j]))
                }
            }
            if smallest > bestDistance {
                bestDistance = smallest
                best = candidate
            }
        }
        return best
    }
}

func squaredDistance(_ a: [Double], _ b: [Double]) -> Double {
    var sum = 0.0
    for index in a.indices {
        let difference = a[index] - b[index]
        sum += difference * difference
    }
    return sum
}
