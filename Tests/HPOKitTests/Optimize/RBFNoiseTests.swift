import Foundation
@testable import HPOKit
@testable import OptimizerBench
import Testing

/// rbfopt's `rbf_noise` (RBFNoise.swift): the smoothed surrogate's choice is truly better on
/// noisy values; `auto` sees noise in the values and changes nothing on exact ones. The
/// bench's noise is the one the peers ran on.
@Suite(.serialized) struct RBFNoiseTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The smoothed model's choice against the interpolating one: on noisy values of a smooth
    /// bowl sampled as a converging search samples it (spread points and a cluster near the
    /// optimum), the point the search centres on (`judged`: the smoothed surrogate's best with
    /// `on`, the lowest draw with `off`) has a lower TRUE gap (noise sd 0.1, cluster of radius 0.15).
    /// Over 20 seeds, the median true gap
    /// of the smoothed choice is below half the interpolating one's; without smoothing the two
    /// choices are the same point and the bound fails.
    @Test func theSmoothedModelsChoiceHasALowerTrueGap() {
        let sd = 0.1, radius = 0.15
        let map = FeatureMap([.continuous, .continuous])
        func truth(_ x: Point) -> Double { 4 * pow(x[0] - 0.3, 2) + 8 * pow(x[1] - 0.7, 2) }
        var smoothedGaps: [Double] = [], interpolatingGaps: [Double] = []
        for seed in 0..<UInt64(20) {
            var rng = SplitMix64(seed: seed, stream: 7)
            var points = (0..<30).map { _ in [Double.random(in: 0...1, using: &rng), Double.random(in: 0...1, using: &rng)] }
            points += (0..<20).map { _ in
                [0.3 + radius * Double.random(in: -1...1, using: &rng), 0.7 + radius * Double.random(in: -1...1, using: &rng)]
            }
            let observed = points.map { ($0, truth($0) + sd * SuiteRun.gaussian(using: &rng)) }
            func choice(_ noise: RBFNoise) -> Point {
                let model = RBFOptimizer(budget: 60, noise: noise).fit(observed, map: map)!
                return RBFOptimizer.judged(observed, model: model, map: map).min { $0.1 < $1.1 }!.0
            }
            smoothedGaps.append(truth(choice(.on)))
            interpolatingGaps.append(truth(choice(.off)))
        }
        let smoothed = OptimizerBenchMain.quantile(smoothedGaps, 0.5)
        let interpolating = OptimizerBenchMain.quantile(interpolatingGaps, 0.5)
        #expect(smoothed < 0.5 * interpolating, "smoothed \(smoothed), interpolating \(interpolating)")
    }

    /// The detector: close points whose values differ by more than the function can change
    /// between them. Exact values of a smooth function with a cluster of close points (a
    /// converging search) do not show noise; the same points with noise do.
    @Test func autoSeesNoiseInValuesAndNotInAnExactFunction() {
        var rng = SplitMix64(seed: 9)
        var points = (0..<30).map { _ in [Double.random(in: 0...1, using: &rng), Double.random(in: 0...1, using: &rng)] }
        points += (0..<15).map { _ in [0.4 + 0.01 * Double.random(in: -1...1, using: &rng), 0.6 + 0.01 * Double.random(in: -1...1, using: &rng)] }
        let exact = points.map { 10 * (pow($0[0] - 0.4, 2) + 2 * pow($0[1] - 0.6, 2)) + sin(5 * $0[0]) }
        let noisy = exact.map { $0 + 0.1 * SuiteRun.gaussian(using: &rng) }
        #expect(!RBFNoise.showsNoise(features: points, values: exact))
        #expect(RBFNoise.showsNoise(features: points, values: noisy))
        // Two evaluations of one point with two values are noise at once.
        #expect(RBFNoise.showsNoise(features: points + [points[0]], values: exact + [exact[0] + 1e-3]))
    }

    /// On exact values `auto` proposes exactly what `off` does after every history in which it
    /// sees no noise, and it sees noise in few: on hartmann3 (seed 3) in 3 of 25, on mixed in
    /// none. Where it does, a smoothed fit keeps the cubic kernel in the global steps
    /// (KernelChoice), so a whole run of `auto` may part from `off`'s there.
    @Test(.timeLimit(.minutes(1))) func onExactValuesAutoIsTheInterpolatingSearchWhereverItSeesNoNoise() throws {
        for name in ["hartmann3", "mixed"] {
            let problem = try #require(Suite.named(name))
            let map = FeatureMap(problem.dimensions)
            let off = RBFOptimizer(budget: 25, noise: .off)
            let auto = RBFOptimizer(budget: 25, noise: .auto)
            var history: [Observation] = []
            var seen = 0
            for number in 0..<25 {
                // SuiteRun's streams: the history is `--suite`'s seed 3 run of `off`.
                var offRNG = SplitMix64(seed: 3 &* 7919 &+ 17, stream: UInt64(number + 1))
                var autoRNG = SplitMix64(seed: 3 &* 7919 &+ 17, stream: UInt64(number + 1))
                let proposal = try #require(off.suggest(dimensions: problem.dimensions, history: history, pending: [], using: &offRNG))
                let autoProposal = auto.suggest(dimensions: problem.dimensions, history: history, pending: [], using: &autoRNG)
                if RBFNoise.showsNoise(features: history.map { map.features(map.imputed($0.point)) }, values: history.map { $0.value! }) {
                    seen += 1
                } else {
                    #expect(autoProposal == proposal, "\(name), \(history.count) points")
                }
                history.append(Observation(point: proposal, outcome: .value(problem.evaluate(proposal))))
            }
            #expect(seen <= 3, "\(name): auto saw noise in \(seen) of 25 exact histories")
        }
    }

    /// The manifest setting: `rbf_noise` is rbfopt's, auto by default, one of auto|on|off.
    @Test func theSettingIsRBFOptsAndTakesItsChoices() {
        let option = MethodOption.named("rbf_noise")
        #expect(option?.method == .rbfopt && option?.kind == .string && option?.defaultText == "auto")
        #expect(option?.problem(with: .string("on")) == nil)
        #expect(option?.problem(with: .string("maybe")) == "rbf_noise is 'maybe'; use 'auto', 'on', 'off'")
        #expect(RBFNoise(options: [:]) == .auto && RBFNoise(options: ["rbf_noise": .string("off")]) == .off)
        let made = OptimizerFactory.make(.rbfopt, budget: 20, options: ["rbf_noise": .string("on")]) as? RBFOptimizer
        #expect(made?.noise == .on)
    }

    /// The bench's noise draws are those Scripts/suite/noisy_problems.py gives the peers.
    @Test(.timeLimit(.minutes(1))) func theNoiseDrawsAreThePeers() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.repository.appendingPathComponent("Scripts/suite/noisy_problems.py").path, "--draws", "3"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let python = try #require(try JSONSerialization.jsonObject(with: data) as? [Double])
        var rng = SplitMix64(seed: 3 &* 31 &+ 5, stream: 99)
        let swift = (0..<5).map { _ in SuiteRun.gaussian(using: &rng) }
        #expect(python.count == 5)
        for (a, b) in zip(python, swift) { #expect(abs(a - b) <= 1e-12 * max(1, abs(a)), "\(python) \(swift)") }
    }
}
