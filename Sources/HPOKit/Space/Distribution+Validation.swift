import Foundation

extension Distribution {
    /// What is wrong with the distribution's parameters, each with a fix; empty when it is
    /// valid. Every dialect's reader checks a distribution with this before using it.
    public var problems: [DomainError] {
        var problems: [DomainError] = []
        if let q, !(q > 0 && q.isFinite) {
            problems.append(DomainError("q \(show(q)) of \(kindName) must be a number above 0", fix: "e.g. q: 1 for whole numbers"))
        }
        switch self {
        case .uniform(let low, let high, _):
            problems += bounds(low, high, "low", "high")
        case .logUniform(let low, let high, let base, _):
            problems += bounds(low, high, "low", "high")
            if !(base > 0 && base != 1 && base.isFinite) {
                problems.append(DomainError("the base \(show(base)) of \(kindName) must be above 0 and not 1"))
            } else if low < high, !(pow(base, high).isFinite && pow(base, low) > 0) {
                problems.append(DomainError("\(kindName) \(show(base))^[\(show(low)) .. \(show(high))] overflows",
                                            fix: "low and high are exponents: e.g. low: -9.2, high: -2.3 for e^-9.2 .. e^-2.3 = 0.0001 .. 0.1"))
            }
        case .normal(let mu, let sigma, _), .logNormal(let mu, let sigma, _):
            if !mu.isFinite { problems.append(DomainError("mu of \(kindName) must be a finite number")) }
            if !(sigma > 0 && sigma.isFinite) {
                problems.append(DomainError("sigma \(show(sigma)) of \(kindName) must be above 0", fix: "sigma is the standard deviation"))
            } else if let box = searchBounds, box.base != nil, !(exp(box.high).isFinite && exp(box.low) > 0) {
                problems.append(DomainError("\(kindName) with mu \(show(mu)) and sigma \(show(sigma)) overflows",
                                            fix: "mu and sigma are those of the log of the value"))
            }
        case .randint(let low, let high):
            if low >= high {
                problems.append(DomainError("randint \(low) ..< \(high) has no values (high is exclusive)",
                                            fix: "make high above low: randint with high 10 gives 0 .. 9"))
            } else if UInt(bitPattern: high &- low) > 1 << 53 {
                problems.append(DomainError("randint \(low) ..< \(high) has more than 2^53 values",
                                            fix: "use a uniform distribution for so wide a range"))
            }
        case .choice(let values, let weights):
            problems += choiceProblems(values, weights)
        }
        if problems.isEmpty, let box = searchBounds, !(box.low.isFinite && box.high.isFinite && (box.high - box.low).isFinite) {
            problems.append(DomainError("\(kindName) spans more than a Double can hold",
                                        fix: "use bounds (or mu and sigma) below about 1e307"))
        }
        if problems.isEmpty, let q, let box = searchBounds {
            let largest = box.base.map { Swift.max(pow($0, box.low), pow($0, box.high)) } ?? Swift.max(abs(box.low), abs(box.high))
            if !(largest / q).isFinite || largest / q > 1e300 {
                problems.append(DomainError("q \(show(q)) of \(kindName) is too small for its range", fix: "use a larger q"))
            }
        }
        if problems.isEmpty, givesIntegers, let box = searchBounds {
            let largest = box.base.map { Swift.max(abs(pow($0, box.low)), abs(pow($0, box.high))) }
                ?? Swift.max(abs(box.low), abs(box.high))
            if !(largest < 9e15) {
                problems.append(DomainError("\(kindName) reaches \(show(largest)), too large for an integer"))
            }
        }
        return problems
    }

    private func bounds(_ low: Double, _ high: Double, _ lowName: String, _ highName: String) -> [DomainError] {
        guard low.isFinite, high.isFinite else { return [DomainError("the bounds of \(kindName) must be finite numbers")] }
        guard low < high else {
            return [DomainError("\(lowName) \(show(low)) of \(kindName) must be below \(highName) \(show(high))",
                                fix: low == high ? "for one value, use a list of one value" : "swap them")]
        }
        return []
    }

    private func choiceProblems(_ values: [ParameterValue], _ weights: [Double]?) -> [DomainError] {
        var problems: [DomainError] = []
        if values.isEmpty { problems.append(DomainError("\(kindName) has no values", fix: "list at least one value")) }
        for (index, value) in values.enumerated() {
            if case .double(let number) = value, !number.isFinite {
                problems.append(DomainError("\(kindName) holds \(show(number)), not a finite number"))
            }
            if values[..<index].contains(where: { ParameterEncoding.same($0, value) }) {
                problems.append(DomainError("\(kindName) lists \(value.jsonText) twice", fix: "remove one"))
            }
        }
        guard let weights else { return problems }
        if weights.count != values.count {
            problems.append(DomainError("\(kindName) has \(values.count) values but \(weights.count) probabilities",
                                        fix: "give one probability per value"))
        }
        if let bad = weights.first(where: { !($0 >= 0 && $0.isFinite) }) {
            problems.append(DomainError("the probability \(show(bad)) of \(kindName) must be from 0 to 1"))
        } else if abs(weights.reduce(0, +) - 1) > 1e-6 {
            problems.append(DomainError("the probabilities of \(kindName) add up to \(show(weights.reduce(0, +))), not 1",
                                        fix: "make them add up to 1"))
        }
        return problems
    }

    private func show(_ value: Double) -> String { ParameterValue.readable(value) }
}
