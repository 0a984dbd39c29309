import Foundation

/// The goodness-of-fit tests the distribution tests use.
enum Stats {
    /// The Kolmogorov-Smirnov statistic of samples against a CDF.
    static func ks(_ samples: [Double], cdf: (Double) -> Double) -> Double {
        let sorted = samples.sorted()
        let n = Double(sorted.count)
        var d = 0.0
        for (index, x) in sorted.enumerated() {
            let f = min(max(cdf(x), 0), 1)
            d = max(d, abs(Double(index + 1) / n - f), abs(f - Double(index) / n))
        }
        return d
    }

    /// The KS critical value at the 0.1% level.
    static func ksCritical(_ n: Int) -> Double { 1.949 / Double(n).squareRoot() }

    /// Whether labels fit the expected probabilities at the 0.1% level (Pearson's chi-square;
    /// bins expecting fewer than 5 pooled; a label outside `expected` fails).
    static func chiSquareFits(_ labels: [String], _ expected: [String: Double]) -> Bool {
        let n = Double(labels.count)
        var counts: [String: Int] = [:]
        for label in labels { counts[label, default: 0] += 1 }
        guard counts.keys.allSatisfy({ expected[$0] != nil }) else { return false }
        var statistic = 0.0, bins = 0, pooledObserved = 0.0, pooledExpected = 0.0
        for (label, p) in expected {
            let observed = Double(counts[label] ?? 0), wanted = p * n
            if wanted < 5 {
                pooledObserved += observed
                pooledExpected += wanted
            } else {
                statistic += (observed - wanted) * (observed - wanted) / wanted
                bins += 1
            }
        }
        if pooledExpected > 0 {
            statistic += (pooledObserved - pooledExpected) * (pooledObserved - pooledExpected) / max(pooledExpected, 1)
            bins += 1
        }
        let df = Double(max(bins - 1, 1))
        // Wilson-Hilferty: the 99.9th percentile of chi-square with df degrees of freedom.
        let critical = df * pow(1 - 2 / (9 * df) + 3.090 * (2 / (9 * df)).squareRoot(), 3)
        return statistic < critical
    }

    static func normalCDF(_ z: Double) -> Double { 0.5 * (1 + erf(z / 2.0.squareRoot())) }

    /// The standard normal truncated to +-3.0902 (the box `random` draws an unbounded kind in).
    static func truncatedNormalCDF(_ z: Double) -> Double {
        let bound = 3.090232306167813
        let low = normalCDF(-bound), high = normalCDF(bound)
        return min(max((normalCDF(z) - low) / (high - low), 0), 1)
    }
}
