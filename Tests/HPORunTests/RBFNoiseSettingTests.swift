import Foundation
import Testing

/// rbfopt's `rbf_noise` through `hporun validate`: shown with its value (or `auto (default)`),
/// a value outside auto|on|off refused with its line, and refused for another method.
@Suite(.serialized) struct RBFNoiseSettingTests {
    @Test(.timeLimit(.minutes(1))) func validateShowsAndChecksRBFNoise() throws {
        let space = try Workspace()
        defer { space.remove() }
        let given = try space.manifest(method: "rbfopt", steps: 10, extra: "    - {name: rbf_noise, string_value: on}")
        let shown = try HPORunBinary.run(["validate", given.path])
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains("rbf_noise: on"), "\(shown.stdout)")

        let plain = try space.manifest(method: "rbfopt", steps: 10)
        let byDefault = try HPORunBinary.run(["validate", plain.path])
        #expect(byDefault.stdout.contains("rbf_noise: auto (default)"), "\(byDefault.stdout)")

        let bad = try space.manifest(method: "rbfopt", steps: 10, extra: "    - {name: rbf_noise, string_value: maybe}")
        let refused = try HPORunBinary.run(["validate", bad.path])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("rbf_noise is 'maybe'; use 'auto', 'on', 'off'"), "\(refused.stderr)")

        let elsewhere = try space.manifest(method: "tpe", steps: 10, extra: "    - {name: rbf_noise, string_value: on}")
        let misplaced = try HPORunBinary.run(["validate", elsewhere.path])
        #expect(misplaced.status != 0)
        #expect(misplaced.stderr.contains("'rbf_noise' is a setting of method rbfopt, but the method is tpe"), "\(misplaced.stderr)")
    }
}
