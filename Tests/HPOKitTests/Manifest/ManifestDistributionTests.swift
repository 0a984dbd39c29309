import Foundation
import HPOKit
import Testing

/// hporun's WML-form keys: `distribution:`, `condition:` and `default:` on a hyperparameter,
/// read into the space, and their mistakes placed at their line and column with a fix.
@Suite struct ManifestDistributionTests {
    @Test func everyKindIsRead() throws {
        let manifest = try ManifestLoader.parse(bareManifest(hyperParameters: """
              - {name: u, distribution: {kind: uniform, low: 0, high: 1}}
              - {name: qu, distribution: {kind: quniform, low: 0, high: 10, q: 2}}
              - {name: lu, distribution: {kind: loguniform, low: -9.2, high: -2.3}}
              - {name: lu10, distribution: {kind: loguniform, low: -5, high: -1, base: 10}}
              - {name: qlu, distribution: {kind: qloguniform, low: 2, high: 6, q: 1}}
              - {name: n, distribution: {kind: normal, mu: 0, sigma: 1}}
              - {name: qn, distribution: {kind: qnormal, mu: 0, sigma: 1, q: 0.5}}
              - {name: ln, distribution: {kind: lognormal, mu: 0, sigma: 1}}
              - {name: qln, distribution: {kind: qlognormal, mu: 1, sigma: 0.5, q: 1}}
              - {name: r, distribution: {kind: randint, high: 10}}
              - {name: c, distribution: {kind: choice, values: [relu, 3, 0.5]}}
              - {name: p, distribution: {kind: pchoice, values: [elu, relu], weights: [0.25, 0.75]}}
            """), fileName: "exp.yml")
        #expect(manifest.hyperParameters.map(\.domain) == [
            .distribution(.uniform(low: 0, high: 1)), .distribution(.uniform(low: 0, high: 10, q: 2)),
            .distribution(.logUniform(low: -9.2, high: -2.3)), .distribution(.logUniform(low: -5, high: -1, base: 10)),
            .distribution(.logUniform(low: 2, high: 6, q: 1)), .distribution(.normal(mu: 0, sigma: 1)),
            .distribution(.normal(mu: 0, sigma: 1, q: 0.5)), .distribution(.logNormal(mu: 0, sigma: 1)),
            .distribution(.logNormal(mu: 1, sigma: 0.5, q: 1)), .distribution(.randint(low: 0, high: 10)),
            .distribution(.choice([.string("relu"), .int(3), .double(0.5)])),
            .distribution(.choice([.string("elu"), .string("relu")], weights: [0.25, 0.75])),
        ])
        let lines = manifest.space.describe()
        #expect(lines[1] == "qu    quniform 0 .. 10 q 2, integers  (6 values)")
        #expect(lines[3] == "lu10  loguniform 10^[-5 .. -1] = 1e-05 .. 0.1  (continuous)")
        #expect(lines[5] == "n     normal mu 0 sigma 1, searched on -3.09 .. 3.09  (continuous)")
        #expect(lines[9] == "r     randint 0 ..< 10  (10 values)")
        #expect(lines[11] == "p     pchoice [elu: 0.25, relu: 0.75]  (2 values, unordered)")
    }

    /// A log-scale range whose bounds look like the values (0.0001 .. 0.1) rather than their
    /// exponents is valid, and cautioned: what it gives and what to write for what was meant.
    @Test func boundsThatLookLikeValuesAreCautioned() throws {
        let manifest = try ManifestLoader.parse(bareManifest(hyperParameters: """
              - {name: lr, double_range: {min_value: 0.0001, max_value: 0.1, power: 10}}
              - {name: wd, distribution: {kind: loguniform, low: 0.001, high: 0.5}}
              - {name: ok, double_range: {min_value: -4, max_value: -1, power: 10}}
              - {name: ok2, distribution: {kind: loguniform, low: -9.2, high: -2.3}}
              - {name: ok3, double_range: {min_value: 0.0001, max_value: 0.1}}
            """), fileName: "exp.yml")
        #expect(manifest.cautions == [
            "'lr' is on a log scale of base 10, so min_value and max_value are exponents: its values run 10^0.0001 .. "
                + "10^0.1 = 1.0002 .. 1.2589; for values from 0.0001 to 0.1 write min_value: -4, max_value: -1 (the log10 of each)",
            "'wd' is on a log scale of base e, so low and high are exponents: its values run e^0.001 .. e^0.5 = 1.001 .. "
                + "1.6487; for values from 0.001 to 0.5 write low: -6.908, high: -0.6931 (the natural log of each)",
        ])
        #expect(manifest.notes == manifest.cautions)
    }

    @Test func conditionsAndDefaultsAreRead() throws {
        let manifest = try ManifestLoader.parse(bareManifest(hyperParameters: """
              - {name: optimizer, string_values: [sgd, adam], default: adam}
              - name: momentum
                double_values: [0.5, 0.9]
                condition: {name: optimizer, values: [sgd]}
                default: 0.9
              - name: nesterov
                int_values: [0, 1]
                condition: [{name: optimizer, values: sgd}, {name: momentum, values: [0.9]}]
                default: 1
            """), fileName: "exp.yml")
        let momentum = manifest.hyperParameters[1], nesterov = manifest.hyperParameters[2]
        #expect(momentum.conditions == [Condition(parent: "optimizer", values: [.string("sgd")])])
        #expect(momentum.defaultValue == .double(0.9))
        #expect(nesterov.conditions.count == 2 && nesterov.defaultValue == .int(1))
        #expect(manifest.space.describe()[1]
            == #"momentum   double_values [0.5, 0.9]  (2 values), default 0.9, only if optimizer in ["sgd"]"#)
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var line: String
        var column: Int
        var fragment: String
        var fix: String?
        var testDescription: String { line }
    }

    /// Each mistake on hyperparameter line 8 (after `- {name: optimizer, ...}` on it).
    static let cases: [Case] = [
        Case(line: "  - {name: x, distribution: {kind: normall, mu: 0, sigma: 1}}", column: 36,
             fragment: "unknown distribution kind 'normall' for 'x'", fix: "did you mean 'normal'?"),
        Case(line: "  - {name: x, distribution: {kind: normal, mu: 0}}", column: 29, fragment: "normal of 'x' needs sigma"),
        Case(line: "  - {name: x, distribution: {kind: normal, mu: 0, sigma: -1}}", column: 29,
             fragment: "'x': sigma -1 of normal must be above 0"),
        Case(line: "  - {name: x, distribution: {kind: uniform, low: 0, high: 1, q: 1}}", column: 62,
             fragment: "unknown key 'q' in uniform of 'x'"),
        Case(line: "  - {name: x, distribution: {kind: pchoice, values: [a, b], weights: [0.5, 0.6]}}", column: 29,
             fragment: "the probabilities of pchoice add up to 1.1, not 1"),
        Case(line: "  - {name: x, distribution: {kind: choice, values: [a, true]}}", column: 56,
             fragment: "a value of 'x' is the boolean true", fix: "quote it to make it text ('true'), or use a number"),
        Case(line: "  - {name: x, int_values: [1], condition: {name: optimiser, values: [sgd]}}", column: 50,
             fragment: "the condition of 'x' names 'optimiser', which is not a hyperparameter", fix: "did you mean 'optimizer'?"),
        Case(line: "  - {name: x, int_values: [1], condition: {name: optimizer, values: [rmsprop]}}", column: 69,
             fragment: #"needs 'optimizer' = "rmsprop", which 'optimizer' cannot take"#),
        Case(line: "  - {name: x, int_values: [1], condition: {name: x, values: [1]}}", column: 50,
             fragment: "'x' has a condition on itself"),
        Case(line: "  - {name: x, int_values: [1], condition: {name: optimizer}}", column: 43,
             fragment: "the condition of 'x' needs 'name' and 'values'"),
        Case(line: "  - {name: x, int_values: [1, 2], default: 3}", column: 44,
             fragment: "the default 3 of 'x' is not in its space (int_values [1, 2]  (2 values))"),
        Case(line: "  - {name: x, default: 3}", column: 5, fragment: "hyperparameter 'x' has no range or values"),
    ]

    @Test(arguments: cases) func eachMistakeIsPlacedWithAFix(_ testCase: Case) throws {
        let errors = manifestErrors(bareManifest(hyperParameters: """
              - {name: optimizer, string_values: [sgd, adam]}
            \(testCase.line)
            """))
        let error = try #require(errors.first, "expected an error")
        #expect(errors.count == 1, "\(errors.map(\.message))")
        #expect(error.line == 9 && error.column == testCase.column, "\(error.line):\(error.column) \(error.message)")
        #expect(error.message.contains(testCase.fragment), "\(error.message)")
        if let fix = testCase.fix { #expect(error.fix == fix) }
    }

    /// Mutated manifests with the new keys end in a space or clean errors; a space that
    /// loads draws configurations whose config.json holds no null (no NaN nor infinity).
    @Test(.timeLimit(.minutes(1))) func mutatedDistributionsEndInASpaceOrCleanErrors() throws {
        let seed = bareManifest(method: "random", hyperParameters: """
              - name: optimizer
                distribution:
                  kind: pchoice
                  values: [sgd, adam, 3]
                  weights: [0.25, 0.5, 0.25]
                default: sgd
              - name: momentum
                distribution:
                  kind: qnormal
                  mu: 0.5
                  sigma: 0.1
                  q: 0.05
                condition:
                  name: optimizer
                  values: [sgd]
                default: 0.5
              - name: lr
                distribution:
                  kind: qloguniform
                  low: -9.2
                  high: 4
                  q: 1
              - name: layers
                distribution: {kind: randint, low: 1, high: 5}
                condition: [{name: optimizer, values: [sgd, 3]}]
              - name: width
                distribution: {kind: lognormal, mu: 0, sigma: 1}
            """)
        let replacements = ["", "-", ":", "[", "{", "\"", "x", "0", "-1", "1e400", "1e300", "null", "true", "[]", "{}",
                            "[0]", "sgd", "0.5", "momentum", "width", "optimizer", "kind: uniform", "q: 0"]
        var rng = SplitMix64(seed: 15)
        var outcomes = (valid: 0, errors: 0)
        for round in 0..<400 {
            var lines = seed.components(separatedBy: "\n")
            for _ in 0..<(round % 8 == 0 ? 0 : Int.random(in: 1...2, using: &rng)) {
                let index = Int.random(in: 7..<lines.count, using: &rng)
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: lines.remove(at: index)
                case 1: lines.swapAt(index, Int.random(in: 7..<lines.count, using: &rng))
                default:
                    if let colon = lines[index].lastIndex(where: { $0 == ":" || $0 == "-" || $0 == "[" }) {
                        lines[index] = String(lines[index][...colon]) + " " + replacements.randomElement(using: &rng)!
                    }
                }
            }
            do {
                let manifest = try ManifestLoader.parse(lines.joined(separator: "\n"), fileName: "exp.yml")
                outcomes.valid += 1
                let space = manifest.space
                _ = space.describe()
                for _ in 0..<5 {
                    let config = space.decode(space.sample(using: &rng))
                    #expect(!config.jsonText.contains("null"), "\(config.jsonText)\n\(lines.joined(separator: "\n"))")
                    #expect(try space.config(fromJSON: Data(config.jsonText.utf8)).names == config.names)
                }
            } catch let errors as ManifestErrors {
                outcomes.errors += 1
                #expect(errors.errors.allSatisfy { $0.line >= 1 && $0.column >= 1 })
            }
        }
        #expect(outcomes.valid > 60 && outcomes.errors > 100, "\(outcomes)")
    }

    @Test func aCycleIsPlacedAtTheConditionThatClosesIt() throws {
        let errors = manifestErrors(bareManifest(hyperParameters: """
              - {name: a, string_values: [x], condition: {name: b, values: [x]}}
              - {name: b, string_values: [x], condition: {name: a, values: [x]}}
            """))
        #expect(errors.map(\.message) == ["the conditions go round in a circle: a -> b -> a"])
        #expect(errors.first.map { "\($0.line):\($0.column)" } == "8:53")
    }
}
