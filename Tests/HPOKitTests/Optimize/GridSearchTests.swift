import Foundation
import HPOKit
import Testing

/// `grid`: the exact product, its diagonal order, the cap, pending points and resume.
@Suite struct GridSearchTests {
    /// Runs the grid to the end (or `limit` proposals), `parallel` trials pending at a time.
    static func enumerate(_ dimensions: [HPOKit.Dimension], limit: Int = .max, parallel: Int = 1) -> [Point] {
        let grid = GridSearch()
        var history: [Observation] = [], pending: [Point] = [], proposed: [Point] = []
        var rng = SplitMix64(seed: 1)
        while proposed.count < limit {
            guard let point = grid.suggest(dimensions: dimensions, history: history, pending: pending, using: &rng) else {
                if pending.isEmpty { break }
                history.append(Observation(point: pending.removeFirst(), outcome: .value(0)))
                continue
            }
            proposed.append(point)
            pending.append(point)
            if pending.count >= parallel { history.append(Observation(point: pending.removeFirst(), outcome: .failure)) }
        }
        return proposed
    }

    /// The WML seed manifest with its `step"` typo corrected: 6 x 2 x 2 x 6 = 144 points.
    @Test func theWMLSeedManifestsSpaceIsEnumeratedExactly() throws {
        var text = try String(contentsOf: try fixtureURL("Manifest/wml-experiment-manifest.yml"), encoding: .utf8)
        text = text.replacingOccurrences(of: "step\":", with: "step:").replacingOccurrences(of: "name: random", with: "name: grid")
        let manifest = try ManifestLoader.parse(text, fileName: "exp.yml")
        #expect(manifest.method.numOptimizerSteps == 4, "the manifest's own cap is kept")
        let space = manifest.space
        let points = Self.enumerate(space.dimensions)
        #expect(points.count == 144)
        let configs = Set(points.map { space.decode($0).jsonText })
        #expect(configs.count == 144)
        let lrs = Set(points.map { space.decode($0)["learning_rate"]!.description })
        #expect(lrs == ["0.005", "0.006", "0.007", "0.008", "0.009", "0.01"])
        let fcs = Set(points.map { space.decode($0)["fc"]!.description })
        #expect(fcs == ["32", "64", "128", "256", "512", "1024"])
        let uncapped = try ManifestLoader.parse(text.replacingOccurrences(of: "int_value: 4", with: "int_value: 1000"),
                                                fileName: "exp.yml")
        #expect(uncapped.method.numOptimizerSteps == 144, "a cap above the product is cut to it")
    }

    @Test func theOrderIsDiagonalSoAnyPrefixSpreadsOverEveryParameter() {
        let dimensions: [HPOKit.Dimension] = [.ordinal(levels: 2), .categorical(choices: 3), .ordinal(levels: 6)]
        let points = Self.enumerate(dimensions)
        #expect(points.count == 36 && Set(points).count == 36)
        // The parameter with the most values is the fastest digit; the others follow it.
        #expect(Array(points.prefix(7)) == [[0, 0, 0], [1, 1, 1], [0, 2, 2], [1, 0, 3], [0, 1, 4], [1, 2, 5], [1, 1, 0]])
        // The first 6 (the largest count) give each parameter all its values equally often.
        let first = points.prefix(6)
        for (index, count) in [2, 3, 6].enumerated() {
            let counts = Dictionary(grouping: first, by: { $0[index] }).mapValues(\.count)
            #expect(counts.count == count && Set(counts.values).count == 1, "parameter \(index): \(counts)")
        }
        #expect(points.enumerated().allSatisfy { GridSearch.point($0.offset, of: dimensions) == $0.element })
    }

    @Test func parallelTrialsTakeDistinctPointsAndResumeContinues() {
        let dimensions: [HPOKit.Dimension] = [.ordinal(levels: 4), .categorical(choices: 5)]
        let serial = Self.enumerate(dimensions)
        let parallel = Self.enumerate(dimensions, parallel: 4)
        #expect(parallel == serial, "pending points are skipped, so 4 at a time take the same order")
        #expect(Set(parallel).count == 20)
        // Resume: a new optimizer with the first 7 finished and 2 running continues at the 10th.
        let history = serial.prefix(7).map { Observation(point: $0, outcome: .value(1)) }
        var rng = SplitMix64(seed: 9)
        let next = GridSearch().suggest(dimensions: dimensions, history: history, pending: Array(serial[7...8]), using: &rng)
        #expect(next == serial[9])
    }

    @Test func anInactiveCoordinateCoversEveryValueOfItsParameter() {
        let dimensions: [HPOKit.Dimension] = [.categorical(choices: 2), .ordinal(levels: 3)]
        // Category 0 has no second parameter: one trial (0, NaN) stands for (0, 0), (0, 1), (0, 2).
        let history = [Observation(point: [0, .nan], outcome: .value(1))]
        var rng = SplitMix64(seed: 2)
        var pending: [Point] = []
        while let point = GridSearch().suggest(dimensions: dimensions, history: history, pending: pending, using: &rng) {
            pending.append(point)
        }
        #expect(Set(pending) == [[1, 0], [1, 1], [1, 2]])
    }

    @Test func aContinuousParameterIsRefusedWithTheFix() {
        let errors = manifestErrors(bareManifest(method: "grid", hyperParameters: """
              - {name: lr, double_range: {min_value: 0.1, max_value: 1.0}}
              - {name: layers, int_range: {min_value: 1, max_value: 3}}
            """))
        #expect(errors.count == 1)
        #expect(errors.first?.message == "method grid needs finitely many values, but 'lr' is a continuous range")
        #expect(errors.first?.fix?.contains("'step'") == true)
        #expect(manifestErrors(bareManifest(method: "grid", hyperParameters: """
              - {name: lr, double_range: {min_value: 0.1, max_value: 1.0, step: 0.1}}
            """)).isEmpty)
    }
}
