import Foundation
import HPOKit
import Testing

/// Conditional parameters: absent from the config when inactive, NaN in the recorded point,
/// never proposed by random; defaults; groups nested in config.json.
@Suite struct ConditionalSpaceTests {
    /// optimizer in {sgd, adam}; momentum only with sgd; nesterov only when momentum is there
    /// and is 0.9 (a chain of two conditions).
    static let space = SearchSpace([
        HyperParameter(name: "nesterov", domain: .stringValues(["yes", "no"]),
                       conditions: [Condition(parent: "momentum", values: [.double(0.9)])]),
        HyperParameter(name: "optimizer", domain: .stringValues(["sgd", "adam"]), defaultValue: .string("adam")),
        HyperParameter(name: "momentum", domain: .doubleValues([0.5, 0.9]),
                       conditions: [Condition(parent: "optimizer", values: [.string("sgd")])], defaultValue: .double(0.9)),
        HyperParameter(name: "lr", domain: .distribution(.logUniform(low: -5, high: -1, base: 10))),
    ])

    @Test func anInactiveParameterIsLeftOutOfTheConfigAndIsNaNInThePoint() throws {
        let space = Self.space
        let adam = space.decode([0, 1, 1, 0.5])
        #expect(adam.names == ["optimizer", "lr"], "momentum and nesterov follow optimizer: \(adam.names)")
        #expect(!adam.jsonText.contains("momentum") && !adam.jsonText.contains("nesterov"))
        let canonical = space.canonical([0, 1, 1, 0.5])
        #expect(canonical[0].isNaN && canonical[2].isNaN && canonical[1] == 1 && canonical[3] == 0.5)
        let encoded = try space.encode(adam)
        #expect(encoded[0].isNaN && encoded[2].isNaN && encoded[1] == 1 && abs(encoded[3] - 0.5) < 1e-12)
        #expect(SearchSpace.samePoint(canonical, [.nan, 1, .nan, 0.5]) && !SearchSpace.samePoint(canonical, [0, 1, .nan, 0.5]))

        let sgd = space.decode([0, 0, 1, 0.5])
        #expect(sgd.names == ["nesterov", "optimizer", "momentum", "lr"])
        #expect(sgd["nesterov"] == .string("yes") && sgd["momentum"] == .double(0.9))
        let slow = space.decode([0, 0, 0, 0.5])
        #expect(slow.names == ["optimizer", "momentum", "lr"], "nesterov needs momentum 0.9")
        #expect(try space.encode(slow)[0].isNaN)
    }

    @Test func configJSONMayLeaveAnInactiveParameterOutButNotHoldIt() throws {
        let space = Self.space
        let adam = try space.config(fromJSON: Data(#"{"optimizer": "adam", "lr": 0.001}"#.utf8))
        #expect(adam.names == ["optimizer", "lr"])
        #expect(throws: SpaceError.missing(name: "momentum")) {
            try space.config(fromJSON: Data(#"{"optimizer": "sgd", "lr": 0.001}"#.utf8))
        }
        #expect(throws: SpaceError.inactive(name: "momentum", condition: #"optimizer in ["sgd"]"#)) {
            try space.config(fromJSON: Data(#"{"optimizer": "adam", "momentum": 0.5, "lr": 0.001}"#.utf8))
        }
        #expect(throws: SpaceError.inactive(name: "momentum", condition: #"optimizer in ["sgd"]"#)) {
            try space.encode(Config([("optimizer", .string("adam")), ("momentum", .double(0.5)), ("lr", .double(0.001))]))
        }
    }

    /// A parent's value outside its space makes its child inactive: the parent's value is
    /// the error (it said "'momentum' ... is inactive there", which sent the user to the wrong
    /// key); a string where a number goes is shown quoted (it read "'x' = 2 is not in its space").
    @Test func aMisspeltParentIsTheErrorNotItsInactiveChild() throws {
        let space = Self.space
        func refusal(_ json: String) -> (name: String, value: String)? {
            do {
                _ = try space.config(fromJSON: Data(json.utf8))
            } catch {
                if case .notInSpace(let name, let value, _) = error { return (name, value) }
            }
            return nil
        }
        let parent = refusal(#"{"optimizer": "SGD", "momentum": 0.9, "lr": 0.001}"#)
        #expect(parent?.name == "optimizer" && parent?.value == #""SGD""#, "\(String(describing: parent))")
        let quoted = refusal(#"{"optimizer": "adam", "lr": "0.001"}"#)
        #expect(quoted?.name == "lr" && quoted?.value == #""0.001""#, "\(String(describing: quoted))")
    }

    /// 2 optimizers, sgd with 2 momenta, 0.9 with 2 nesterovs: 1 + 1 + 2 = 4 configurations
    /// of the discrete part. Random proposes each once and then nothing, with no value ever
    /// written for an inactive parameter.
    @Test func randomEnumeratesTheConfigurationsOfAConditionalSpace() {
        let space = SearchSpace(Self.space.hyperParameters.dropLast())
        #expect(space.finiteSize == 4)
        let search = RandomSearch(space: space)
        var history: [Observation] = [], configs: Set<Config> = []
        for index in 0..<5 {
            var rng = SplitMix64(seed: 3, stream: UInt64(index))
            guard let point = search.suggest(dimensions: space.dimensions, history: history, pending: [], using: &rng) else {
                #expect(index == 4, "nil only once all 4 are used")
                break
            }
            #expect(point.allSatisfy { $0.isFinite }, "proposals are finite")
            let config = space.decode(point)
            #expect(configs.insert(config).inserted, "\(config) proposed twice")
            history.append(Observation(point: space.canonical(point), outcome: .value(0)))
        }
        #expect(configs.count == 4)
    }

    @Test func theDefaultsMakeAConfigOfTheActiveParameters() {
        #expect(Self.space.defaultConfig == nil, "lr has no default")
        let space = SearchSpace(Self.space.hyperParameters.dropLast())
        #expect(space.defaultConfig == Config([("optimizer", .string("adam"))]))
        let sgd = SearchSpace([
            HyperParameter(name: "optimizer", domain: .stringValues(["sgd"]), defaultValue: .string("sgd")),
            HyperParameter(name: "momentum", domain: .doubleRange(min: 0, max: 1), defaultValue: .int(1)),
        ])
        #expect(sgd.defaultConfig?["momentum"] == .double(1), "a default takes its parameter's type")
    }

    @Test func problemsNameTheParameterAndThePlace() {
        func problems(_ parameters: [HyperParameter]) -> [String] {
            SearchSpace.problems(parameters).map { "\($0.parameter) \($0.place): \($0.message)" }
        }
        let a = HyperParameter(name: "a", domain: .stringValues(["x", "y"]), conditions: [Condition(parent: "b", values: [.string("x")])])
        let b = HyperParameter(name: "b", domain: .stringValues(["x"]), conditions: [Condition(parent: "a", values: [.string("y")])])
        #expect(problems([a, b]) == ["a conditionName(0): the conditions go round in a circle: a -> b -> a"])
        let typo = HyperParameter(name: "m", domain: .intValues([1]), conditions: [Condition(parent: "optimiser", values: [.string("sgd")])])
        let optimizer = HyperParameter(name: "optimizer", domain: .stringValues(["sgd", "adam"]))
        #expect(SearchSpace.problems([optimizer, typo]).first?.fix == "did you mean 'optimizer'?")
        let impossible = HyperParameter(name: "m", domain: .intValues([1]), conditions: [Condition(parent: "optimizer", values: [.string("rmsprop")])])
        #expect(problems([optimizer, impossible]) == [
            #"m conditionValues(0): the condition of 'm' needs 'optimizer' = "rmsprop", which 'optimizer' cannot take"#,
        ])
        let continuous = HyperParameter(name: "lr", domain: .doubleRange(min: 0, max: 1))
        let onContinuous = HyperParameter(name: "m", domain: .intValues([1]), conditions: [Condition(parent: "lr", values: [.double(0.5)])])
        #expect(problems([continuous, onContinuous]).first?.contains("which is continuous") == true)
        let badDefault = HyperParameter(name: "n", domain: .intRange(min: 1, max: 3), defaultValue: .int(7))
        #expect(problems([badDefault]) == [#"n defaultValue: the default 7 of 'n' is not in its space (int_range 1 .. 3  (3 values))"#])
        #expect(problems([optimizer, HyperParameter(name: "m", domain: .intValues([1]),
                                                     conditions: [Condition(parent: "optimizer", values: [.string("sgd")])])]).isEmpty)
    }

    /// Log(ML)'s steps: `{"model_train": {"learning_rate": 0.1}}`, read back the same way.
    @Test func groupedParametersNestInConfigJSON() throws {
        let space = SearchSpace([
            HyperParameter(name: "model_create.layer_1", domain: .distribution(.randint(low: 0, high: 10)), group: "model_create"),
            HyperParameter(name: "seed", domain: .intValues([1])),
            HyperParameter(name: "model_train.learning_rate", domain: .distribution(.uniform(low: 0, high: 0.5)), group: "model_train"),
            HyperParameter(name: "model_create.layer_2", domain: .distribution(.randint(low: 0, high: 10)), group: "model_create"),
        ])
        let config = space.decode([3, 0, 0.5, 7])
        #expect(config.jsonText == """
            {
              "model_create": {
                "layer_1": 3,
                "layer_2": 7
              },
              "seed": 1,
              "model_train": {
                "learning_rate": 0.25
              }
            }

            """)
        let object = try JSONSerialization.jsonObject(with: Data(config.jsonText.utf8)) as? [String: Any]
        #expect((object?["model_create"] as? [String: Any])?["layer_2"] as? Int == 7)
        #expect(try space.config(fromJSON: Data(config.jsonText.utf8)) == config)
        #expect(config["model_train.learning_rate"] == .double(0.25), "the name stays group.key for status and {{ }}")
    }
}
