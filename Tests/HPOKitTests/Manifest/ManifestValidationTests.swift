import Foundation
import HPOKit
import Testing

/// Each validation error is found before anything runs, with its line and column and a fix.
/// Hyperparameter lines start at line 8 of `bareManifest`.
@Suite struct ManifestValidationTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var line: String
        var kind: ManifestError.Kind
        var column: Int
        var fragment: String
        var testDescription: String { "\(kind): \(line)" }
    }

    static let cases: [Case] = [
        Case(line: "  - {name: x, double_range: {min_value: 5, max_value: 1}}", kind: .minAboveMax, column: 41,
             fragment: "min_value 5 is above max_value 1 for 'x'"),
        Case(line: "  - {name: x, string_values: []}", kind: .emptyList, column: 30, fragment: "string_values of 'x' is empty"),
        Case(line: "  - {name: x, double_range: {min_value: 0, max_value: 1, step: 0}}", kind: .badStep, column: 64,
             fragment: "step 0 of 'x' must be above 0"),
        Case(line: "  - {name: x, int_range: {min_value: 1, max_value: 2, step: 5}}", kind: .badStep, column: 61,
             fragment: "step 5 of 'x' is larger than its range 1 .. 2"),
        Case(line: "  - {name: x, int_range: {min_value: 1, max_value: 4, step: 1, power: 2}}", kind: .stepAndPower,
             column: 64, fragment: "'x' has both step and power"),
        Case(line: "  - {name: x, double_range: {min_value: 1, max_value: 4, power: 1}}", kind: .badPower, column: 65,
             fragment: "power 1 of 'x' must be above 0 and not 1"),
        Case(line: "  - {name: x, double_range: {min_value: 1, max_value: 4, power: -2}}", kind: .badPower, column: 65,
             fragment: "power -2 of 'x' must be above 0 and not 1"),
        Case(line: "  - {name: x, int_range: {min_value: 1.5, max_value: 4}}", kind: .nonIntegerBound, column: 38,
             fragment: "min_value of 'x' must be an integer, not the number 1.5"),
        Case(line: "  - {name: learning rate, int_values: [1]}", kind: .badName, column: 12,
             fragment: "hyperparameter name 'learning rate' is not a usable identifier"),
        Case(line: "  - {name: x, int_values: [1, two]}", kind: .mixedTypes, column: 31,
             fragment: "int_values of 'x' holds the text 'two' among integer values"),
        Case(line: "  - {name: x, string_values: [a, 3]}", kind: .mixedTypes, column: 34,
             fragment: "string_values of 'x' holds the integer 3 among text values"),
        Case(line: "  - {name: x, double_values: [0.5, 0.5]}", kind: .duplicateValue, column: 36,
             fragment: "double_values of 'x' lists 0.5 twice"),
        Case(line: "  - {name: x, int_range: {min_value: 1, max_value: 4, stpe: 1}}", kind: .unknownKey, column: 55,
             fragment: "unknown key 'stpe' in int_range of 'x'"),
        Case(line: "  - {name: x, int_ranges: {min_value: 1, max_value: 4}}", kind: .unknownKey, column: 15,
             fragment: "unknown key 'int_ranges' in a hyperparameter"),
        Case(line: "  - {name: x}", kind: .missingKey, column: 5, fragment: "hyperparameter 'x' has no range or values"),
    ]

    @Test(arguments: cases) func eachErrorNamesItsLineColumnAndFix(_ testCase: Case) throws {
        let errors = manifestErrors(bareManifest(hyperParameters: testCase.line))
        let error = try #require(errors.first, "expected a \(testCase.kind) error")
        #expect(errors.count == 1, "\(errors.map(\.message))")
        #expect(error.kind == testCase.kind)
        #expect(error.line == 8)
        #expect(error.column == testCase.column)
        #expect(error.message.contains(testCase.fragment), "\(error.message)")
        #expect(error.errorDescription?.hasPrefix("exp.yml:8:\(testCase.column): ") == true)
    }

    @Test func unknownKeysSuggestTheNearestValidOne() {
        let errors = manifestErrors(bareManifest(hyperParameters: "  - {name: x, int_range: {min_value: 1, maxvalue: 4}}"))
        #expect(errors.map(\.fix).contains("did you mean 'max_value'?"))
        #expect(errors.map(\.kind).contains(.missingKey), "max_value is still missing")
    }

    @Test func duplicateNamesPointAtTheSecondAndNameTheFirst() {
        let errors = manifestErrors(bareManifest(hyperParameters: """
              - {name: x, int_values: [1]}
              - {name: x, int_values: [2]}
            """))
        #expect(errors.map(\.kind) == [.duplicateName])
        #expect(errors.first?.line == 9)
        #expect(errors.first?.message == "hyperparameter 'x' is defined twice (first at line 8)")
    }

    @Test func methodErrors() {
        let unknown = manifestErrors(bareManifest(method: "rbfop", hyperParameters: "  - {name: x, int_values: [1]}"))
        #expect(unknown.map(\.kind) == [.unknownMethod])
        #expect(unknown.first?.line == 3 && unknown.first?.fix == "did you mean 'rbfopt'?")
        // Other tools' names: the GP method is bo (the nearest spelling of 'gp' was 'tpe'); a
        // pruner named as the method says where it goes.
        for (name, fix) in [("gp", "did you mean 'bo'?"), ("grid_search", "did you mean 'grid'?"), ("TPE", "did you mean 'tpe'?")] {
            let error = manifestErrors(bareManifest(method: name, hyperParameters: "  - {name: x, int_values: [1]}")).first
            #expect(error?.kind == .unknownMethod && error?.fix == fix, "\(name): \(String(describing: error?.fix))")
        }
        let pruner = manifestErrors(bareManifest(method: "hyperband", hyperParameters: "  - {name: x, int_values: [1]}")).first
        #expect(pruner?.fix?.hasPrefix("'hyperband' is a pruner, not a method: keep a method (e.g. 'name: random') and add "
            + "'- {name: pruner, string_value: hyperband}'") == true, "\(String(describing: pruner?.fix))")

        let direction = manifestErrors(bareManifest(parameters: """
                - {name: objective, string_value: accuracy}
                - {name: maximize_or_minimize, string_value: max}
                - {name: num_optimizer_steps, int_value: 0}
            """, hyperParameters: "  - {name: x, int_values: [1]}"))
        #expect(direction.map(\.kind) == [.badDirection, .badSteps])
        #expect(direction.map(\.line) == [6, 7])
        #expect(direction.first?.fix == "use 'maximize' or 'minimize'")

        let missing = manifestErrors(bareManifest(parameters: """
                - {name: num_optimizer_steps, int_value: 5}
                - {name: objectve, string_value: accuracy}
            """, hyperParameters: "  - {name: x, int_values: [1]}"))
        #expect(missing.map(\.kind).sorted { $0.rawValue < $1.rawValue } == [.missingKey, .missingKey, .unknownKey])
        #expect(missing.contains { $0.fix == "did you mean 'objective'?" })
    }

    /// All errors are reported, not only the first.
    @Test func everyErrorIsReportedSortedByPosition() {
        let errors = manifestErrors(bareManifest(method: "bayes", hyperParameters: """
              - {name: a, double_range: {min_value: 5, max_value: 1}}
              - {name: b, int_values: []}
              - {name: c, int_range: {min_value: 1, max_value: 2, power: 1}}
            """))
        #expect(errors.map(\.kind) == [.unknownMethod, .minAboveMax, .emptyList, .badPower])
        #expect(errors.map(\.line) == [3, 8, 9, 10])
    }

    @Test func malformedYAMLGetsYamsMessageWithItsPosition() {
        let tabs = manifestErrors("hyper_parameters_optimization:\n\tmethod:\n\t\tname: random\n")
        #expect(tabs.count == 1)
        #expect(tabs.first?.kind == .syntax && tabs.first?.line == 2)
        #expect(tabs.first?.fix == "indent with spaces, not tabs")

        let indentation = manifestErrors("hyper_parameters_optimization:\n  method:\n    name: random\n   parameters: []\n")
        #expect(indentation.first?.kind == .syntax)
        #expect(indentation.first?.line == 4)
        #expect(indentation.first?.errorDescription?.contains("invalid YAML") == true)

        #expect(manifestErrors("").first?.message == "the manifest is empty")
        #expect(manifestErrors("- just\n- a list\n").first?.message.contains("the manifest must be a mapping") == true)
    }
}
