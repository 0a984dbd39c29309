import Foundation
@testable import HPOKit
import Testing

/// hyperopt's nested choice in a Log(ML) file: read as a conditional space, written to
/// config.json as the chosen option, read back, and searched by every method.
@Suite struct HyperoptNestedChoiceTests {
    /// hyperopt's own example (its wiki's classifier space) as Log(ML) writes it.
    static let classifier = """
        hyper_parameter_optimization:
          algorithm: tpe
          max_evals: 20
          space:
            model_create:
              classifier: ['choice', [{type: naive_bayes},
                                      {type: svm, C: ['lognormal', 0, 1],
                                       kernel: ['choice', [{ktype: linear}, {ktype: rbf, width: ['lognormal', 0, 1]}]]},
                                      {type: dtree, criterion: ['choice', [gini, entropy]],
                                       max_depth: ['choice', [none, ['randint', 10]]]}]]
            model_train:
              learning_rate: ['uniform', 0.0, 0.5]
        """

    func read(_ yaml: String) throws -> Manifest {
        try ManifestLoader.parse(yaml, fileName: "logml.yml")
    }

    func errors(_ yaml: String) -> [ManifestError] {
        do {
            _ = try read(yaml)
            return []
        } catch {
            return (error as? ManifestErrors)?.errors ?? []
        }
    }

    @Test func theOptionsBecomeACategoricalAndEachParameterOfAnOptionIsConditionalOnIt() throws {
        let parameters = try read(Self.classifier).hyperParameters
        let c = "model_create.classifier"
        #expect(parameters.map(\.name) == [c, "\(c).C", "\(c).kernel", "\(c).kernel.width", "\(c).criterion",
                                           "\(c).max_depth", "\(c).max_depth.randint", "model_train.learning_rate"])
        #expect(parameters[0].domain == .stringValues(["naive_bayes", "svm", "dtree"]))
        #expect(parameters[0].conditions.isEmpty && parameters[0].place == ["model_create", "classifier"])
        #expect(parameters[1].conditions == [Condition(parent: c, values: [.string("svm")])])
        #expect(parameters[1].place == ["model_create", "classifier", "C"])
        #expect(parameters[3].conditions == [Condition(parent: "\(c).kernel", values: [.string("rbf")])])
        #expect(parameters[3].place == ["model_create", "classifier", "kernel", "width"])
        #expect(parameters[5].domain == .stringValues(["none", "randint"]))
        #expect(parameters[6].place == ["model_create", "classifier", "max_depth"], "an expression option's value is the choice's")
        #expect(parameters[6].domain == .distribution(.randint(low: 0, high: 10)))
    }

    @Test func configJsonHoldsTheChosenOptionAndIsReadBackIntoTheSamePoint() throws {
        let space = try read(Self.classifier).space
        let text = """
            {
              "model_create": {
                "classifier": {
                  "type": "svm",
                  "C": 1.5,
                  "kernel": {
                    "ktype": "rbf",
                    "width": 0.25
                  }
                }
              },
              "model_train": {
                "learning_rate": 0.125
              }
            }

            """
        let config = try space.config(fromJSON: Data(text.utf8))
        #expect(config.jsonText == text)
        #expect(config.entries.map(\.name) == ["model_create.classifier", "model_create.classifier.C", "model_create.classifier.kernel",
                                               "model_create.classifier.kernel.width", "model_train.learning_rate"])
        // Through the optimizer's box and back: the same options, the numbers within rounding.
        let point = try space.encode(config)
        #expect(point.filter(\.isNaN).count == 3, "criterion, max_depth and its randint are inactive")
        let decoded = space.decode(point)
        #expect(decoded.names == config.names && abs((decoded["model_create.classifier.C"]?.numericValue ?? 0) - 1.5) < 1e-9)
        let back = try space.config(fromJSON: Data(decoded.jsonText.utf8))
        #expect(back == decoded)
        #expect(SearchSpace.samePoint(try space.encode(back), try space.encode(decoded)))
        // The other options: a constant-only mapping, a plain value, an expression's value.
        for json in [#"{"model_create": {"classifier": {"type": "naive_bayes"}}, "model_train": {"learning_rate": 0.5}}"#,
                     #"{"model_create": {"classifier": {"type": "dtree", "criterion": "gini", "max_depth": "none"}}, "model_train": {"learning_rate": 0}}"#,
                     #"{"model_create": {"classifier": {"type": "dtree", "criterion": "gini", "max_depth": 7}}, "model_train": {"learning_rate": 0}}"#] {
            let read = try space.config(fromJSON: Data(json.utf8))
            #expect(try space.config(fromJSON: Data(space.decode(space.encode(read)).jsonText.utf8)) == read, "\(json)")
        }
        let seven = try space.config(fromJSON: Data(#"{"model_create": {"classifier": {"type": "dtree", "criterion": "gini", "max_depth": 7}}, "model_train": {"learning_rate": 0}}"#.utf8))
        #expect(seven["model_create.classifier.max_depth"] == .string("randint") && seven["model_create.classifier.max_depth.randint"] == .int(7))
        // What is not an option of the space is refused: an extra key, a wrong constant, a value out of range.
        for json in [#"{"model_create": {"classifier": {"type": "naive_bayes", "C": 1}}, "model_train": {"learning_rate": 0.5}}"#,
                     #"{"model_create": {"classifier": {"type": "knn"}}, "model_train": {"learning_rate": 0.5}}"#,
                     #"{"model_create": {"classifier": {"type": "dtree", "criterion": "gini", "max_depth": 12}}, "model_train": {"learning_rate": 0}}"#] {
            #expect(throws: SpaceError.self, "\(json)") { try space.encode(try space.config(fromJSON: Data(json.utf8))) }
        }
    }

    /// Every method proposes finite points whose configurations are written and read back.
    @Test(arguments: OptimizerFactory.general)
    func everyMethodSearchesIt(_ method: MethodName) throws {
        let space = try read(Self.classifier).space
        let optimizer = OptimizerFactory.make(method, budget: 14, space: space)
        var rng = SplitMix64(seed: 7)
        var history: [Observation] = []
        var labels: Set<String> = []
        for _ in 0..<14 {
            let point = try #require(optimizer.suggest(dimensions: space.dimensions, history: history, pending: [], using: &rng))
            #expect(point.allSatisfy { $0.isFinite }, "\(method): \(point)")
            let config = space.decode(point)
            #expect(try space.config(fromJSON: Data(config.jsonText.utf8)) == config, "\(method): \(config.jsonText)")
            labels.insert(config["model_create.classifier"]?.description ?? "")
            let rate = config["model_train.learning_rate"]?.numericValue ?? 1
            history.append(Observation(point: space.canonical(point), outcome: .value(rate + (config["model_create.classifier.C"]?.numericValue ?? 0))))
        }
        #expect(labels.count >= 2, "\(method) tried \(labels)")
    }

    /// A finite nested space: grid runs each configuration once (inactive parameters do not multiply them).
    @Test func gridEnumeratesAFiniteNestedSpace() throws {
        let space = try read("""
            hyper_parameter_optimization:
              space:
                s:
                  model: ['choice', [{type: a, depth: ['randint', 3]}, {type: b}, small]]
            """).space
        #expect(space.finiteSize == 5)
        let optimizer = OptimizerFactory.make(.grid, budget: 5, space: space)
        var rng = SplitMix64(seed: 1)
        var history: [Observation] = [], texts: Set<String> = []
        while let point = optimizer.suggest(dimensions: space.dimensions, history: history, pending: [], using: &rng) {
            texts.insert(space.decode(point).jsonText)
            history.append(Observation(point: space.canonical(point), outcome: .value(0)))
            if history.count > 10 { break }
        }
        #expect(history.count == 5 && texts.count == 5, "\(texts.sorted())")
        #expect(texts.contains("{\n  \"s\": {\n    \"model\": \"small\"\n  }\n}\n"))
    }

    /// An option that is itself a nested choice: its options' objects sit in the outer choice's place.
    @Test func aChoiceBetweenAValueAndANestedChoiceIsReadBack() throws {
        let space = try read("""
            hyper_parameter_optimization:
              space:
                s:
                  x: ['choice', [off, ['choice', [{type: a}, {type: b, k: ['randint', 2]}]]]]
            """).space
        #expect(space.hyperParameters.map(\.name) == ["s.x", "s.x.choice", "s.x.choice.k"])
        #expect(space.finiteSize == 4)
        for json in [#"{"s": {"x": "off"}}"#, #"{"s": {"x": {"type": "a"}}}"#, #"{"s": {"x": {"type": "b", "k": 1}}}"#] {
            let config = try space.config(fromJSON: Data(json.utf8))
            let text = space.decode(try space.encode(config)).jsonText
            #expect(text.filter { !$0.isWhitespace } == json.filter { !$0.isWhitespace }, "\(json) -> \(text)")
        }
    }

    @Test func labelsAreTheOptionsIndicesWhenTheirConstantsDoNotTellThemApart() throws {
        let parameters = try read("""
            hyper_parameter_optimization:
              space:
                s:
                  opt: ['pchoice', [[0.25, {lr: ['uniform', 0, 1]}], [0.75, {lr: ['loguniform', -5, 0], momentum: 0.9}]]]
            """).hyperParameters
        #expect(parameters.map(\.name) == ["s.opt", "s.opt.0.lr", "s.opt.1.lr"])
        #expect(parameters[0].domain == .distribution(.choice([.string("0"), .string("1")], weights: [0.25, 0.75])))
        // A label that cannot be part of a name (a space in it) gives the option's index there.
        let spaced = try read("""
            hyper_parameter_optimization:
              space:
                s:
                  m: ['choice', [{type: naive bayes, a: ['uniform', 0, 1]}, {type: svm, a: ['uniform', 0, 2]}]]
            """).hyperParameters
        #expect(spaced.map(\.name) == ["s.m", "s.m.0.a", "s.m.svm.a"])
        #expect(spaced[0].domain == .stringValues(["naive bayes", "svm"]))
    }

    @Test func optionsConfigJsonCouldNotTellApartAreRefusedWithTheFix() {
        let twoExpressions = errors("""
            hyper_parameter_optimization:
              space:
                s:
                  x: ['choice', [['uniform', 0, 1], ['randint', 5]]]
            """)
        #expect(twoExpressions.count == 1 && twoExpressions.first?.message.contains("more than one option that is an expression") == true,
                "\(twoExpressions)")
        let alike = errors("""
            hyper_parameter_optimization:
              space:
                s:
                  x: ['choice', [{lr: ['uniform', 0, 1]}, {lr: ['uniform', 1, 2]}]]
            """)
        #expect(alike.count == 1 && alike.first?.line == 4 && alike.first?.fix?.contains("type: a and type: b") == true, "\(alike)")
        let mapping = errors("""
            hyper_parameter_optimization:
              space:
                s:
                  x: ['choice', [{type: a, inner: {y: ['uniform', 0, 1]}}]]
            """)
        #expect(mapping.count == 1 && mapping.first?.message.contains("neither a plain value nor a hyperopt expression") == true,
                "\(mapping)")
        let list = errors("""
            hyper_parameter_optimization:
              space:
                s:
                  x: ['choice', [{type: a}, [1, 2]]]
            """)
        #expect(list.count == 1 && list.first?.line == 4 && list.first?.message.contains("neither a plain value, a mapping nor") == true,
                "\(list)")
    }

    /// A misspelt kind inside an option, as an option, or as an option of a plain choice is
    /// named with the kind meant, not called a stray list.
    @Test func aMisspeltExpressionInAChoiceGetsTheKindMeant() {
        for space in ["x: ['choice', [{type: a, c: ['lognormall', 0, 1]}, {type: b}]]",
                      "x: ['choice', [{type: a}, ['randnt', 10]]]",
                      "x: ['choice', [a, ['unifrom', 0, 1]]]"] {
            let found = errors("""
                hyper_parameter_optimization:
                  space:
                    s:
                      \(space)
                """)
            #expect(found.count == 1 && found.first?.message.contains("is not a hyperopt expression") == true
                    && found.first?.fix?.hasPrefix("did you mean '") == true && found.first?.line == 4, "\(space): \(found)")
        }
    }
}
