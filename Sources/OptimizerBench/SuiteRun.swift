import Foundation
import HPOKit

/// One optimizer on one suite problem with one seed, as the runner drives it: a generator
/// seeded per trial, the history passed in each time. With `parallel` K > 1, K trials run at
/// once: each new proposal sees the running ones as `pending`, and they finish in the order
/// they started (trials of equal length). With `noise` > 0, every observed value gets
/// Gaussian noise of that standard deviation (seeded) and the gap is that of the TRUE value
/// of the trial with the best observed value, what a user of hporun would be handed. With
/// `fails`, a trial at a point where it is true fails (no value).
struct SuiteRun {
    /// After trial t (1-based), the true value of the best-reported trial so far.
    var bestSoFar: [Double] = []
    var suggestSeconds: [Double] = []
    let minimum: Double

    init(problem: SuiteProblem, optimizer: any Optimizer, evaluations: Int, seed: UInt64, parallel: Int = 1,
         noise: Double = 0, reportSmoothed: Bool = false, fails: (@Sendable (Point) -> Bool)? = nil) {
        minimum = problem.minimum
        let dimensions = problem.dimensions
        var history: [Observation] = []
        var running: [Point] = []
        var noiseRNG = SplitMix64(seed: seed &* 31 &+ 5, stream: 99)
        var bestObserved = Double.infinity
        var bestTrue = Double.infinity
        var started = 0
        var truths: [Double] = []
        func finishOldest() {
            let point = running.removeFirst()
            // --fail-region / --fail-worst (SuiteFailure.swift): a failed trial has no value.
            if let fails, fails(point) {
                history.append(Observation(point: point, outcome: .failure))
                truths.append(.infinity)
                bestSoFar.append(bestTrue)
                return
            }
            let truth = problem.evaluate(point)
            let observed = noise > 0 ? truth + noise * SuiteRun.gaussian(using: &noiseRNG) : truth
            history.append(Observation(point: point, outcome: .value(observed)))
            truths.append(truth)
            if observed < bestObserved {
                bestObserved = observed
                bestTrue = truth
            }
            // --report-smoothed (SuiteNoise.swift): the trial rbfopt's smoothed surrogate rates best.
            if reportSmoothed, let rbf = optimizer as? RBFOptimizer,
               let index = rbf.smoothedBest(dimensions: dimensions, history: history) {
                bestTrue = truths[index]
            }
            bestSoFar.append(bestTrue)
        }
        while history.count < evaluations {
            while running.count < max(1, parallel), started < evaluations {
                started += 1
                var rng = SplitMix64(seed: seed &* 7919 &+ 17, stream: UInt64(started))
                let start = ContinuousClock.now
                guard let point = optimizer.suggest(dimensions: dimensions, history: history, pending: running, using: &rng)
                else { started = evaluations; break }
                let elapsed = ContinuousClock.now - start
                suggestSeconds.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
                running.append(point)
            }
            if running.isEmpty { break }
            finishOldest()
        }
    }

    func gap(after evaluations: Int) -> Double {
        guard !bestSoFar.isEmpty else { return .nan }
        let best = bestSoFar[min(evaluations, bestSoFar.count) - 1]
        return max(0, best - minimum) / max(1, abs(minimum))
    }

    /// A standard normal draw (Box-Muller), from uniforms made of the top 53 bits of each
    /// draw: Scripts/suite/noisy_problems.py makes the same ones, so the peers see the same noise.
    static func gaussian(using rng: inout SplitMix64) -> Double {
        let u1 = uniform(above: Double.ulpOfOne, using: &rng)
        let u2 = uniform(above: 0, using: &rng)
        return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }

    /// Uniform in [low, 1).
    static func uniform(above low: Double, using rng: inout SplitMix64) -> Double {
        while true {
            let value = (1 - low) * (Double(rng.next() >> 11) * 0x1p-53) + low
            if value != 1 { return value }
        }
    }
}

/// The peers' gaps as Scripts/suite/collect-peers.py summarizes them (peers/gaps.json):
/// budget -> problem -> optimizer -> {"seeds": n, "20": [median, q25, q75], ...}.
struct PeerGaps {
    static let order = ["rbfopt", "optuna_gp", "optuna_tpe", "hyperopt_tpe", "random"]
    private let table: [String: [String: [String: [String: Any]]]]

    init(path: String) {
        let data = (try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data("{}".utf8)
        table = (try? JSONSerialization.jsonObject(with: data)) as? [String: [String: [String: [String: Any]]]] ?? [:]
    }

    /// [median, q25, q75] of `peer` on `problem` at `checkpoint` evaluations of runs of `budget`.
    func gap(budget: Int, problem: String, peer: String, checkpoint: Int) -> [Double]? {
        table[String(budget)]?[problem]?[peer]?[String(checkpoint)] as? [Double]
    }

    func seeds(budget: Int, problem: String, peer: String) -> Int? {
        table[String(budget)]?[problem]?[peer]?["seeds"] as? Int
    }
}
