import Foundation
@testable import HPOKit
import Testing

/// The dialects' readers on small documents: detection, the matrix and hyperopt forms, and
/// errors placed at their line and column with a fix.
@Suite struct DialectsReaderTests {
    func read(_ yaml: String, dialect: Dialect? = nil) throws -> Manifest {
        try ManifestLoader.parse(yaml, fileName: "exp.yml", dialect: dialect)
    }

    func errors(_ yaml: String, dialect: Dialect? = nil) -> [ManifestError] {
        do {
            _ = try read(yaml, dialect: dialect)
            return []
        } catch {
            return (error as? ManifestErrors)?.errors ?? []
        }
    }

    func group(_ matrix: String, search: String = "random_search: {n_experiments: 3}") -> String {
        "version: 1\nkind: group\nsettings:\n  \(search)\n  matrix:\n\(matrix)\nrun:\n  cmd: python3 train.py\n"
    }

    @Test func detectsEachDialect() throws {
        #expect(try read(group("    x: {values: [1, 2]}")).dialect == .polyaxon)
        #expect(try read("""
            kind: operation
            matrix: {kind: random, numRuns: 2, params: {x: {kind: uniform, value: '0:1'}}}
            """).dialect == .polyaxonOperation)
        #expect(try read("hyper_parameter_optimization: {algorithm: rand, space: {s: {x: ['uniform', 0, 1]}}}").dialect == .logml)
        #expect(try read("deephyper: {dimensions: {x: {range: [0, 3]}}}").dialect == .deephyper)
        #expect(try read(bareManifest(hyperParameters: "  - {name: x, int_values: [1, 2]}")).dialect == .wml)
    }

    /// A group's fixed values in Polyaxon 0.5's forms: `params` (plain or `{value:}`) and the
    /// values of typed `inputs`, which the matrix overrides; they reach `{{ name }}` as
    /// declarations do, rather than being ignored.
    @Test func polyaxonGroupParamsAndInputsAreFixedValues() throws {
        let yaml = """
            version: 1
            kind: group
            inputs:
            - {name: epochs, type: int, value: 10}
            - {name: lr, type: float, value: 0.1}
            - {name: data, type: str, is_optional: false}
            params:
              batch_size: 128
              data: {value: /data/mnist}
            settings:
              random_search: {n_experiments: 3}
              matrix:
                lr: {values: [0.01, 0.1]}
            run:
              cmd: python3 train.py --epochs={{ epochs }} --bs={{ batch_size }} --lr={{ lr }} --data={{ data }}
            """
        let manifest = try read(yaml)
        let domains = Dictionary(uniqueKeysWithValues: manifest.hyperParameters.map { ($0.name, $0.domain) })
        #expect(domains == ["batch_size": .intValues([128]), "data": .stringValues(["/data/mnist"]),
                            "lr": .doubleValues([0.01, 0.1]), "epochs": .intValues([10])], "\(domains)")
        let twice = errors(yaml.replacingOccurrences(of: "  batch_size: 128", with: "  batch_size: 128\n  lr: 0.5"))
        #expect(twice.count == 1 && twice.first?.message.contains("lr") == true, "\(twice)")
        let noValue = errors(yaml.replacingOccurrences(of: "{value: /data/mnist}", with: "{ref: ops.data}"))
        #expect(noValue.first?.message == "param 'data' has no 'value'", "\(noValue)")
    }

    /// v1.1's hyperopt matrix is tpe (or random for `algorithm: rand`), its budget numRuns or maxIterations.
    @Test func polyaxonHyperoptMatrix() throws {
        func operation(_ settings: String) -> String {
            "kind: operation\nmatrix: {kind: hyperopt, \(settings), params: {x: {kind: uniform, value: '0:1'}}}\n"
        }
        let tpe = try read(operation("algorithm: tpe, maxIterations: 7")).method
        #expect(tpe.name == .tpe && tpe.numOptimizerSteps == 7)
        let random = try read(operation("algorithm: rand, numRuns: 4")).method
        #expect(random.name == .random && random.numOptimizerSteps == 4)
        let found = errors(operation("algorithm: anneal, numRuns: 4"))
        #expect(found.first?.message == "hyperopt algorithm 'anneal' is not supported" && found.first?.fix == "use tpe or rand")
    }

    /// WML's form under Log(ML)'s key (hyper_parameter_optimization, one letter short): one
    /// error that names the WML key, not Log(ML)'s keys.
    @Test func wmlsFormUnderLogMLsKeyNamesTheWMLKey() {
        let wml = bareManifest(hyperParameters: "  - {name: x, int_values: [1, 2]}")
        let found = errors(wml.replacingOccurrences(of: "hyper_parameters_optimization:", with: "hyper_parameter_optimization:"))
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.kind == .unknownKey && found.first?.line == 1 && found.first?.column == 1, "\(found)")
        #expect(found.first?.fix == "did you mean 'hyper_parameters_optimization'? (WML's manifest; Log(ML)'s "
                + "'hyper_parameter_optimization' holds algorithm, max_evals and space)", "\(found)")
    }

    @Test func aForcedDialectReadsTheDocumentItsWay() {
        let found = errors(group("    x: {values: [1, 2]}"), dialect: .logml)
        #expect(found.count == 1 && found[0].kind == .missingKey && found[0].line == 1, "\(found)")
        #expect(found.first?.fix?.contains("leave --dialect out") == true)
        let wml = errors("deephyper: {dimensions: {x: {range: [0, 3]}}}", dialect: .wml)
        #expect(wml.first?.kind == .unknownKey && wml.first?.line == 1 && wml.first?.column == 1)
    }

    @Test func matrixValuesAsListsStringsAndMappings() throws {
        let manifest = try read(group("""
                a: {range: '1:10:2'}
                b: {range: [0, 1, 0.25]}
                c: {linspace: {start: 0, stop: 1, num: 3}}
                d: {geomspace: [1, 1000, 4]}
                e: {qloguniform: [0, 3, 1]}
                f: {qnormal: '0:1:0.5'}
                g: {values: [1, two, 3.5]}
            """))
        let domains = manifest.hyperParameters.map(\.domain)
        #expect(domains[0] == .intRange(min: 1, max: 9, step: 2))
        #expect(domains[1] == .doubleValues([0, 0.25, 0.5, 0.75]))
        #expect(domains[2] == .doubleValues([0, 0.5, 1]))
        #expect(domains[3] == .doubleValues([1, 10, 100, 1000]))
        #expect(domains[4] == .distribution(.logUniform(low: 0, high: 3, base: Distribution.e, q: 1)))
        #expect(domains[5] == .distribution(.normal(mu: 0, sigma: 1, q: 0.5)))
        #expect(domains[6] == .distribution(.choice([.int(1), .string("two"), .double(3.5)])))
    }

    @Test func matrixErrorsHaveTheirPlaceAndAFix() {
        let found = errors(group("""
                lr: {unifrom: [0, 1]}
                n: {range: [5, 1, 1]}
                p: {uniform: [1, 0]}
                q: {linspace: [0, 1]}
            """))
        #expect(found.count == 4, "\(found)")
        #expect(found[0].line == 6 && found[0].column == 10 && found[0].fix == "did you mean 'uniform'?")
        #expect(found[1].line == 7 && found[1].message.contains("stop is exclusive") && found[1].fix != nil)
        #expect(found[2].line == 8 && found[2].kind == .minAboveMax)
        #expect(found[3].line == 9 && found[3].message.contains("needs 3 numbers"))
        let random = errors(group("    x: {values: [1, 2]}", search: "random_search: {}"))
        #expect(random.first?.message == "random_search needs n_experiments (how many trials)")
        let hyperband = errors(group("    x: {values: [1, 2]}", search: "hyperband: {max_iter: 9}"))
        #expect(hyperband.first?.message == "hyperband needs eta, resource, metric" && hyperband.first?.line == 4)
    }

    @Test func hyperoptExpressions() throws {
        let manifest = try read("""
            hyper_parameter_optimization:
              algorithm: random
              max_evals: 5
              space:
                step:
                  a: ['quniform', 0, 10, 2]
                  b: ['loguniform', -5, 0]
                  c: ['lognormal', 0, 1]
                  d: ['randint', 3, 9]
                  e: ['uniformint', 1, 4]
                  f: ['pchoice', [[0.25, x], [0.75, y]]]
                  g: ['choice', [adam, sgd]]
            """)
        let domains = manifest.hyperParameters.map(\.domain)
        #expect(manifest.method.numOptimizerSteps == 5)
        #expect(domains[0] == .distribution(.uniform(low: 0, high: 10, q: 2)))
        #expect(domains[1] == .distribution(.logUniform(low: -5, high: 0, base: Distribution.e)))
        #expect(domains[2] == .distribution(.logNormal(mu: 0, sigma: 1)))
        #expect(domains[3] == .distribution(.randint(low: 3, high: 9)))
        #expect(domains[4] == .distribution(.randint(low: 1, high: 5)))
        #expect(domains[5] == .distribution(.choice([.string("x"), .string("y")], weights: [0.25, 0.75])))
        #expect(domains[6] == .stringValues(["adam", "sgd"]))
        #expect(manifest.hyperParameters.allSatisfy { $0.group == "step" })
        let found = errors("""
            hyper_parameter_optimization:
              algorithm: random
              space:
                step:
                  a: ['unifrom', 0, 1]
                  b: ['uniform', 0]
                  c: 0.5
            """)
        #expect(found.count == 3, "\(found)")
        #expect(found[0].line == 5 && found[0].column == 11 && found[0].fix == "did you mean 'uniform'?")
        #expect(found[1].line == 6 && found[1].message.contains("takes 2 arguments, not 1"))
        #expect(found[2].line == 7 && found[2].fix?.contains("['uniform', 0.0, 0.5]") == true)
    }

    /// hyperopt's nested choice is a conditional space this reader does not take: one error at
    /// the first nested option, naming what it is and the two ways to write it instead.
    @Test func aNestedHyperoptChoiceIsReadAsAConditionalSpace() throws {
        let manifest = try read("""
            hyper_parameter_optimization:
              algorithm: tpe
              max_evals: 10
              space:
                model_train:
                  optimizer: ['choice', [{'name': 'sgd', 'lr': ['loguniform', -5, 0]}, {'name': 'adam'}]]
            """)
        #expect(manifest.hyperParameters.map(\.name) == ["model_train.optimizer", "model_train.optimizer.lr"])
        #expect(manifest.hyperParameters[1].conditions == [Condition(parent: "model_train.optimizer", values: [.string("sgd")])])
    }

    @Test func deepHyperErrors() {
        let found = errors("""
            deephyper:
              dimensions:
                a: {range: [5, 1]}
                b: {values: [x, y], default: z}
                c: {range: [1, 2, 3]}
                d: {}
            """)
        #expect(found.map(\.line) == [3, 4, 5, 6], "\(found)")
        #expect(found[1].message == "the default z of 'b' is not in its space")
        #expect(found[3].fix == "add range: [low, high] or values: [a, b, c]")
    }

    /// hyperopt's loguniform takes natural-log bounds: bounds written as the values themselves
    /// (0.0001 .. 0.1, which draws 1 .. 1.105) are refused, with the logs to write instead.
    @Test func logUniformBoundsWrittenAsValuesAreRefusedWithTheLogs() throws {
        let logml = errors("""
            hyper_parameter_optimization:
              algorithm: tpe
              max_evals: 3
              space:
                s:
                  lr: ['loguniform', 0.0001, 0.1]
            """)
        #expect(logml.count == 1 && logml.first?.line == 6, "\(logml)")
        #expect(logml.first?.message == "'s.lr' (loguniform): e^0.0001 .. e^0.1 is 1 .. 1.105, as the bounds are natural logarithms")
        #expect(logml.first?.fix == "for 0.0001 .. 0.1 write the logs, -9.21 and -2.303")
        let polyaxon = errors(group("    lr: {loguniform: [0.001, 1]}"))
        #expect(polyaxon.first?.fix == "for 0.001 .. 1 write the logs, -6.908 and 0", "\(polyaxon)")
        // Exponents stay as they are.
        _ = try read(group("    lr: {loguniform: [-7, -1]}"))
        _ = try read(group("    lr: {loguniform: [0, 2]}"))
    }

    /// The other tool's habits: a quoted number, one value for a list, choice's options not
    /// in a list, DeepHyper's tuple written as a list or as text. Each has its own fix.
    @Test func anotherToolsHabitsGetTheirFix() {
        let logml = errors("""
            hyper_parameter_optimization:
              algorithm: tpe
              max_evals: '10'
              space:
                s:
                  act: ['choice', relu, tanh]
            """)
        #expect(logml.map(\.line) == [3, 6], "\(logml)")
        #expect(logml.first?.fix == "write 10 without the quotes")
        #expect(logml.last?.fix == "put the options in one list: ['choice', [relu, tanh]]")
        let pasted = errors("hyper_parameter_optimization: {algorithm: tpe, space: {s: {units: \"hp.quniform('units', 16, 128, 16)\"}}}")
        #expect(pasted.first?.fix == "write it as a list: ['quniform', 16, 128, 16]", "\(pasted)")
        let text = errors(group("    x: {values: [1, 2]}", search: "random_search: {n_experiments: five}"))
        #expect(text.map(\.message) == ["n_experiments must be an integer, not the text 'five'"], "\(text)")
        let polyaxon = errors(group("    dropout: {values: 0.2}"))
        #expect(polyaxon.first?.fix == "write [0.2]", "\(polyaxon)")
        let deephyper = errors("deephyper: {dimensions: {dropout: [0.0, 0.5], units: '(16, 128)'}}")
        #expect(deephyper.map(\.fix) == [
            "write {range: [0.0, 0.5]} for DeepHyper's tuple (0.0, 0.5), or {values: [0.0, 0.5]} for its list",
            "write {range: [16, 128]} for DeepHyper's tuple (16, 128), or {values: [16, 128]} for its list",
        ], "\(deephyper)")
    }

    /// DeepHyper's (1e-4, 1e-1, "log-uniform") is `prior: log-uniform`: the range searched on
    /// the log scale; its default checked against the range; integer bounds refused.
    @Test func deepHyperLogUniformPrior() throws {
        let manifest = try read("deephyper: {dimensions: {lr: {range: [0.0001, 0.1], prior: log-uniform, default: 0.01}}}")
        #expect(manifest.hyperParameters.first?.domain == .distribution(.logUniform(
            low: Foundation.log(0.0001), high: Foundation.log(0.1), base: Distribution.e)))
        #expect(manifest.hyperParameters.first?.defaultValue == .double(0.01))
        let found = errors("""
            deephyper:
              dimensions:
                a: {range: [1, 100], prior: log-uniform}
                b: {range: [0.001, 0.1], prior: log-uniform, default: 0.5}
                c: {range: [0.1, 1.0], prior: logit}
                d: '(1e-4, 1e-1, "log-uniform")'
            """)
        #expect(found.map(\.line) == [3, 4, 5, 6], "\(found)")
        #expect(found[0].fix == "write the bounds with a decimal point, e.g. [1.0, 100.0]")
        #expect(found[2].fix == "use log-uniform (or uniform, the default)")
        #expect(found[3].fix == "write {range: [1e-4, 1e-1], prior: log-uniform}")
    }

    /// YAML 1.2 allows `...` before the first document; the lines keep their numbers.
    @Test func aLeadingDocumentEndIsBlanked() {
        let found = errors("...\n\nsettings:\n  matrix:\n    x: {unifrom: [0, 1]}\n")
        #expect(found.first?.line == 5 && found.first?.column == 9, "\(found)")
    }

    /// Every error of every dialect has its place and a fix.
    @Test func everyErrorHasAFix() {
        let documents = [
            group("""
                a: {range: [0, 1, 0]}
                b: {normal: [0, -1]}
                c: {quniform: [0, 1, 0]}
                d: {linspace: [0, 1, 0.5]}
                e: {pvalues: [[x, 2], y]}
                f: {logspace: x}
                g: {values: [.inf]}
                h: {values: [1], range: [0, 1, 1]}
            """, search: "random_search: {n_experiments: 0, seed: -1}"),
            group("    x: {uniform: [0, 1]}", search: "bo: {n_initial_trials: 0}"),
            group("    x: {uniform: [0, 1]}", search: "grid_search: {n_experiments: 2}"),
            "version: 2\nkind: experiment\n",
            "kind: operation\nmatrix: {kind: iterative, params: {x: {kind: values, value: [1]}}, earlyStopping: [{kind: failure_early_stopping}]}\n",
            """
            hyper_parameter_optimization:
              algorithm: anneal
              max_evals: 0
              space:
                s:
                  a: ['choice', []]
                  b: ['qnormal', 0, 1, 0]
                  c: ['randint', 0.5]
                  d: ['normal', 0, 0]
                  e: ['pchoice', [[0, x]]]
                  f: ['uniform', 1, 0]
                  9x: ['uniform', 0, 1]
            """,
            "deephyper: {max_evals: 0, dimensions: {a: {range: [1, 0]}, b: {values: [x], default: y}, c: {}}}",
        ]
        for document in documents {
            let found = errors(document)
            #expect(!found.isEmpty, "\(document)")
            for error in found {
                #expect(error.fix != nil && error.line >= 1 && error.column >= 1, "no fix: \(error.message)")
            }
        }
    }

    @Test func hyperbandBudgetAsPolyaxonCountsIt() {
        #expect(PolyaxonSearch.hyperbandTrials(maxIterations: 81, eta: 3) == 143)
        #expect(PolyaxonSearch.hyperbandTrials(maxIterations: 9, eta: 3) == 17)
        #expect(PolyaxonSearch.hyperbandTrials(maxIterations: 1, eta: 3) == 1)
    }

    @Test func commandWordsAreQuotedForTheShell() {
        #expect(ManifestReader.shellWord("--lr={{ lr }}") == "--lr={{ lr }}")
        #expect(ManifestReader.shellWord("two words") == "'two words'")
        #expect(ManifestReader.shellWord("it's") == #"'it'\''s'"#)
        #expect(ManifestReader.shellWord("$HOME") == "'$HOME'")
    }
}
