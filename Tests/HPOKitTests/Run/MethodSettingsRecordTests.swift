import Foundation
import HPOKit
import Testing

/// experiment.json records the method's settings (tpe_gamma, bo_kernel, rbf_noise, ...); a
/// resume with others is refused like another method. They were recorded nowhere: a resume
/// with an edited tpe_gamma went on silently, and nothing showed what proposed the trials.
@Suite struct MethodSettingsRecordTests {
    func record(method: String = "tpe", _ settings: String) throws -> ExperimentRecord {
        try experimentRecord(method: method, settings)
    }

    @Test func otherSettingsAreAChangeAndUnrecordedOnesAreNot() throws {
        let plain = try record("")
        let tuned = try record("    - {name: tpe_gamma, double_value: 0.5}\n    - {name: tpe_candidates, int_value: 48}")
        #expect(plain.settings == "defaults")
        #expect(tuned.settings == "tpe_candidates 48, tpe_gamma 0.5")
        #expect(tuned.differences(from: tuned).isEmpty)
        #expect(plain.differences(from: tuned)
            == [ExperimentChange(what: "method setting", recorded: "defaults", now: "tpe_candidates 48, tpe_gamma 0.5")])
        // An experiment.json from before the settings were recorded: nothing to compare.
        var old = plain
        old.settings = nil
        #expect(old.differences(from: tuned).isEmpty)
        let decoded = try JSONDecoder().decode(ExperimentRecord.self, from: JSONEncoder().encode(tuned))
        #expect(decoded.settings == tuned.settings)
    }
}
