import Foundation

/// Draws from the declared priors (what `random` proposes, and what a model-based
/// optimizer may use for its initial design).
extension SearchSpace {
    /// A point drawn from each parameter's declared distribution: a WML range or list
    /// uniformly in its box (so a `power` range is log-uniform), a distribution as declared.
    /// An unbounded distribution is drawn truncated to the box the optimizers search
    /// (mean +- 3.09 sigma: one draw in 500 is drawn again). Every coordinate is finite,
    /// inactive parameters' too (`decode` ignores them; `canonical` makes them NaN).
    public func sample<G: RandomNumberGenerator>(using rng: inout G) -> Point {
        hyperParameters.indices.map { sampleCoordinate($0, using: &rng) }
    }

    func sampleCoordinate<G: RandomNumberGenerator>(_ index: Int, using rng: inout G) -> Double {
        let encoding = encodings[index]
        guard case .distribution(let distribution) = hyperParameters[index].domain else {
            return Self.uniformCoordinate(encoding.dimension, using: &rng)
        }
        switch distribution {
        case .choice(_, let weights?):
            return Double(Self.weightedIndex(weights, using: &rng))
        case .randint, .choice, .uniform(_, _, nil), .logUniform(_, _, _, nil):
            return Self.uniformCoordinate(encoding.dimension, using: &rng)
        case .normal(_, _, nil), .logNormal(_, _, nil):
            // The coordinate is linear in x (or in log x) over mu +- z sigma.
            let z = Self.truncatedStandardNormal(using: &rng)
            return (z + Distribution.boxQuantile) / (2 * Distribution.boxQuantile)
        case .uniform(let low, let high, let q?):
            return coordinate(Double.random(in: low...high, using: &rng), q: q, encoding)
                ?? Self.uniformCoordinate(encoding.dimension, using: &rng)
        case .logUniform(let low, let high, let base, let q?):
            return coordinate(pow(base, Double.random(in: low...high, using: &rng)), q: q, encoding)
                ?? Self.uniformCoordinate(encoding.dimension, using: &rng)
        case .normal(let mu, let sigma, let q?):
            return coordinate(mu + sigma * Self.truncatedStandardNormal(using: &rng), q: q, encoding) ?? 0.5
        case .logNormal(let mu, let sigma, let q?):
            return coordinate(exp(mu + sigma * Self.truncatedStandardNormal(using: &rng)), q: q, encoding) ?? 0.5
        }
    }

    /// The coordinate of x rounded to a multiple of q, as the encoding has it.
    private func coordinate(_ x: Double, q: Double, _ encoding: ParameterEncoding) -> Double? {
        let rounded = (x / q).rounded() * q
        let value: ParameterValue = if let int = Int(exactly: rounded.rounded()), rounded.rounded() == rounded, abs(rounded) < 9e15 {
            .int(int)
        } else {
            .double(rounded)
        }
        return encoding.encode(value)
    }

    static func uniformCoordinate<G: RandomNumberGenerator>(_ dimension: Dimension, using rng: inout G) -> Double {
        guard let count = dimension.cardinality else { return Double.random(in: 0...1, using: &rng) }
        return Double(Int.random(in: 0..<Swift.max(count, 1), using: &rng))
    }

    /// An index drawn with probability proportional to its weight.
    static func weightedIndex<G: RandomNumberGenerator>(_ weights: [Double], using rng: inout G) -> Int {
        let total = weights.reduce(0, +)
        guard total > 0 else { return Int.random(in: 0..<Swift.max(weights.count, 1), using: &rng) }
        var target = Double.random(in: 0..<total, using: &rng)
        for (index, weight) in weights.enumerated() {
            if target < weight { return index }
            target -= weight
        }
        return weights.lastIndex { $0 > 0 } ?? 0
    }

    /// A standard normal draw within +- `Distribution.boxQuantile` (Box-Muller, redrawn
    /// outside).
    static func truncatedStandardNormal<G: RandomNumberGenerator>(using rng: inout G) -> Double {
        while true {
            let u1 = Double.random(in: Double.leastNormalMagnitude..<1, using: &rng)
            let u2 = Double.random(in: 0..<1, using: &rng)
            let z = (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
            if abs(z) <= Distribution.boxQuantile { return z }
        }
    }
}
