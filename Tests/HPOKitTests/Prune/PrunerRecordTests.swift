import Foundation
import HPOKit
import Testing

/// experiment.json records the pruner; a resume with another one is refused like another method.
@Suite struct PrunerRecordTests {
    func record(_ pruner: String) throws -> ExperimentRecord {
        let manifest = try ManifestLoader.parse(bareManifest(parameters: """
                - {name: objective, string_value: accuracy}
                - {name: maximize_or_minimize, string_value: maximize}
            \(pruner)
            """, hyperParameters: "  - {name: lr, double_range: {min_value: 0.1, max_value: 1.0}}"), fileName: "exp.yml")
        return ExperimentRecord(name: "e", version: "1", seed: 1, manifestPath: "/m.yml", manifest: manifest,
                                command: .argv(["python3", "train.py"]))
    }

    @Test func anotherPrunerIsAChangeAndAnUnrecordedOneIsNot() throws {
        let asha = try record("    - {name: pruner, string_value: asha}")
        let median = try record("    - {name: pruner, string_value: median}")
        let none = try record("")
        #expect(asha.pruner == "asha (min_resource 1, eta 3)" && none.pruner == "none")
        #expect(asha.differences(from: asha).isEmpty)
        #expect(asha.differences(from: median)
            == [ExperimentChange(what: "pruner", recorded: "asha (min_resource 1, eta 3)",
                                 now: "median (warm-up 0, min trials 1, interval 1)")])
        #expect(none.differences(from: asha).map(\.what) == ["pruner"])
        // An experiment.json from before the pruner was recorded: nothing to compare.
        var old = none
        old.pruner = nil
        #expect(old.differences(from: asha).isEmpty)
        let decoded = try JSONDecoder().decode(ExperimentRecord.self, from: JSONEncoder().encode(asha))
        #expect(decoded.pruner == asha.pruner)
    }
}
