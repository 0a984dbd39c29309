import Foundation
import HPOKit
import Testing

/// What the manifest reader refuses about values, numbers and the `command`, each with the
/// line and column where it is written.
@Suite struct ManifestCommandTests {
    func document(command: String, values: String = "[adam, sgd]", extra: String = "") -> String {
        """
        training_references:
        - name: main
          command: \(command)
          hyper_parameters_optimization:
            method:
              name: random
              parameters:
              - {name: objective, string_value: accuracy}
              - {name: maximize_or_minimize, string_value: maximize}
        \(extra)
            hyper_parameters:
            - name: opt
              string_values: \(values)
        """
    }

    @Test func aNulByteInAStringValueIsRefusedNamingTheParameter() {
        let errors = manifestErrors(document(command: "train {{ opt }}", values: #"[adam, "a\0b"]"#))
        #expect(errors.count == 1)
        #expect(errors.first?.kind == .badValue)
        #expect(errors.first.map { "\($0.line):\($0.column)" } == "13:29")
        #expect(errors.first?.message.contains("a string value of 'opt' contains a NUL byte") == true)
    }

    @Test func unsafePlaceholdersAreRefusedAtTheirColumn() {
        let errors = manifestErrors(document(command: #"train "$(echo {{ opt }})" --x={{ opt }}"#))
        #expect(errors.map { "\($0.line):\($0.column)" } == ["3:26"])
        #expect(errors.first?.kind == .badCommand)
        #expect(errors.first?.message.contains("{{ opt }} stands inside $(...)") == true)
        // In a block scalar, on its own line.
        let block = manifestErrors(document(command: "|\n    train \\\n      `echo {{ opt }}`"))
        #expect(block.map { "\($0.line):\($0.column)" } == ["5:13"])
        // Every safe form passes.
        #expect(manifestErrors(document(command: #"train {{opt}} "{{ opt }}" '{{ opt }}' --o="{{ opt }}" --o={{opt}}"#)).isEmpty)
    }

    @Test func anUnknownPlaceholderInTheCommandSuggestsTheName() {
        let errors = manifestErrors(document(command: "train {{ opt }} {{ otp }}"))
        #expect(errors.map { "\($0.line):\($0.column)" } == ["3:28"])
        #expect(errors.first?.fix == "did you mean {{ opt }}?")
    }

    @Test func aNameWithABraceMissingInTheCommandIsRefused() {
        let errors = manifestErrors(document(command: "train --opt={{opt}"))
        #expect(errors.map { "\($0.line):\($0.column)" } == ["3:26"], "\(errors)")
        #expect(errors.first?.kind == .badCommand)
        #expect(errors.first?.message == "the command writes 'opt' with a brace missing around it")
        #expect(errors.first?.fix == "write {{ opt }} (two braces each side)")
    }

    @Test func timeoutsAndIntegersOutOfRangeAreCleanErrors() {
        for (parameter, fragment) in [
            ("{name: trial_timeout_seconds, double_value: 1e300}", "trial_timeout_seconds is 1e300; it must be above 0 and at most 31536000"),
            ("{name: trial_timeout_seconds, double_value: .inf}", "trial_timeout_seconds must be a finite number"),
            ("{name: trial_timeout_seconds, double_value: -1}", "it must be above 0"),
            ("{name: random_seed, int_value: 18446744073709551615}", "random_seed is 18446744073709551615, not an integer from"),
            ("{name: num_optimizer_steps, int_value: 1e300}", "num_optimizer_steps is 1e300, not an integer from"),
        ] {
            let errors = manifestErrors(document(command: "train", extra: "      - \(parameter)"))
            #expect(errors.count == 1 && errors[0].line == 10, "\(parameter): \(errors.map(\.message))")
            #expect(errors.first?.message.contains(fragment) == true, "\(errors.map(\.message))")
        }
        #expect(manifestErrors(document(command: "train", extra: "      - {name: trial_timeout_seconds, double_value: 31536000}"))
            .isEmpty)
    }
}
