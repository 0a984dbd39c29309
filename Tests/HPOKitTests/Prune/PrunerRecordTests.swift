import Foundation
import HPOKit
import Testing

/// experiment.json records the pruner; a resume with another one is refused like another method.
@Suite struct PrunerRecordTests {
    func record(_ pruner: String) throws -> ExperimentRecord {
        try experimentRecord(pruner)
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
