import Foundation

/// Fits the kernel's length scales, signal and noise by maximising the log marginal
/// likelihood plus weak log-normal priors (so a handful of points cannot drive a length
/// scale to zero or infinity), with a few restarts of a small bounded L-BFGS. Works in
/// θ = (log ℓ_1 ... log ℓ_D, log signal, log noise); the targets are standardised.
struct GPFit {
    var family: GPKernel.Family
    var restarts = 2
    var iterations = 40

    /// Bounds of θ: length scales 0.01 ... 20 of the unit box, signal 0.05 ... 20, noise 1e-8 ... 1.
    static func bounds(_ d: Int) -> (low: [Double], high: [Double]) {
        (Array(repeating: log(0.01), count: d) + [log(0.05), log(1e-8)],
         Array(repeating: log(20), count: d) + [log(20), log(1)])
    }

    /// Prior means and spreads of θ (log-normal priors).
    static func prior(_ d: Int) -> (mean: [Double], spread: [Double]) {
        (Array(repeating: log(0.5), count: d) + [0, log(1e-3)], Array(repeating: 1.5, count: d) + [1.5, 4])
    }

    func kernel(_ theta: [Double]) -> GPKernel {
        let d = theta.count - 2
        return GPKernel(family: family, lengthScales: theta[0..<d].map(exp), signal: exp(theta[d]), noise: exp(theta[d + 1]))
    }

    /// The negative log posterior of θ and its gradient; nil when K cannot be factorised.
    func objective(_ theta: [Double], categorical: [Bool], rows: [Double], targets: [Double]) -> (Double, [Double])? {
        guard let gp = GaussianProcess(kernel: kernel(theta), categorical: categorical, rows: rows, targets: targets)
        else { return nil }
        var value = -gp.logMarginalLikelihood
        var gradient = gp.logMarginalLikelihoodGradient().map { -$0 }
        let prior = Self.prior(theta.count - 2)
        for i in theta.indices {
            let z = (theta[i] - prior.mean[i]) / prior.spread[i]
            value += 0.5 * z * z
            gradient[i] += z / prior.spread[i]
        }
        return (value, gradient)
    }

    /// The best kernel found from the default start and `restarts - 1` random ones.
    func fit<G: RandomNumberGenerator>(categorical: [Bool], rows: [Double], targets: [Double], using rng: inout G) -> GPKernel {
        let d = categorical.count
        let (low, high) = Self.bounds(d)
        var starts = [Self.prior(d).mean.enumerated().map { $0.offset < d ? log(0.3) : $0.element }]
        for _ in 1..<max(restarts, 1) {
            starts.append((0..<d).map { _ in Double.random(in: log(0.05)...log(2), using: &rng) } + [0, log(1e-4)])
        }
        var best: (value: Double, theta: [Double])?
        for start in starts {
            let f: ([Double]) -> (Double, [Double])? = { objective($0, categorical: categorical, rows: rows, targets: targets) }
            if let result = BoundedLBFGS.minimize(f, start: start, low: low, high: high, iterations: iterations),
               result.value < best?.value ?? .infinity {
                best = result
            }
        }
        return kernel(best?.theta ?? starts[0])
    }
}

/// A limited-memory BFGS with box bounds by projection and a backtracking line search:
/// small, for the few parameters of a kernel.
enum BoundedLBFGS {
    static func minimize(_ f: ([Double]) -> (Double, [Double])?, start: [Double], low: [Double], high: [Double],
                         iterations: Int, memory: Int = 6) -> (value: Double, theta: [Double])? {
        func project(_ x: [Double]) -> [Double] { x.indices.map { min(max(x[$0], low[$0]), high[$0]) } }
        var x = project(start)
        guard var (value, gradient) = f(x) else { return nil }
        var steps: [[Double]] = [], changes: [[Double]] = []
        for _ in 0..<iterations {
            // Two-loop recursion for the search direction -H g.
            var q = gradient
            var alphas: [Double] = []
            for (s, y) in zip(steps, changes).reversed() {
                let rho = 1 / dot(y, s)
                let a = rho * dot(s, q)
                alphas.append(a)
                q = zip(q, y).map { $0 - a * $1 }
            }
            if let s = steps.last, let y = changes.last { q = q.map { $0 * dot(s, y) / dot(y, y) } }
            for ((s, y), a) in zip(zip(steps, changes), alphas.reversed()) {
                let b = dot(y, q) / dot(y, s)
                q = zip(q, s).map { $0 + (a - b) * $1 }
            }
            var direction = q.map { -$0 }
            if dot(direction, gradient) >= 0 { direction = gradient.map { -$0 } }
            if steps.isEmpty {
                let norm = dot(direction, direction).squareRoot()
                if norm > 1 { direction = direction.map { $0 / norm } }
            }
            var step = 1.0
            var accepted: (x: [Double], value: Double, gradient: [Double])?
            for _ in 0..<20 {
                let candidate = project(zip(x, direction).map { $0 + step * $1 })
                let moved = zip(candidate, x).map { $0 - $1 }
                if let (v, g) = f(candidate), v <= value + 1e-4 * dot(gradient, moved) {
                    accepted = (candidate, v, g)
                    break
                }
                step *= 0.5
            }
            guard let next = accepted else { break }
            let s = zip(next.x, x).map { $0 - $1 }, y = zip(next.gradient, gradient).map { $0 - $1 }
            if dot(s, y) > 1e-12 {
                steps.append(s)
                changes.append(y)
                if steps.count > memory { steps.removeFirst(); changes.removeFirst() }
            }
            let improvement = value - next.value
            (x, value, gradient) = (next.x, next.value, next.gradient)
            if improvement < 1e-7 * max(1, abs(value)) { break }
        }
        return (value, x)
    }

    static func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }
}
