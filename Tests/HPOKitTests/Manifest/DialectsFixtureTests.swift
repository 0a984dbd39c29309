import Foundation
import HPOKit
import Testing

/// Every example of the seed documents (Fixtures/dialects/, as written) read by its dialect's
/// reader: the space, method, objective, budget and command each gives.
@Suite struct DialectsFixtureTests {
    func load(_ name: String) throws -> Manifest {
        try ManifestLoader.load(contentsOf: try fixtureURL("dialects/" + name))
    }

    func errors(_ name: String, replacing old: String? = nil, with new: String = "") throws -> [ManifestError] {
        var text = try String(contentsOf: try fixtureURL("dialects/" + name), encoding: .utf8)
        if let old {
            #expect(text.contains(old))
            text = text.replacingOccurrences(of: old, with: new)
        }
        do {
            _ = try ManifestLoader.parse(text, fileName: name)
            return []
        } catch let errors as ManifestErrors {
            return errors.errors
        }
    }

    func parse(_ name: String, replacing old: String, with new: String) throws -> Manifest {
        let text = try String(contentsOf: try fixtureURL("dialects/" + name), encoding: .utf8)
        #expect(text.contains(old))
        return try ManifestLoader.parse(text.replacingOccurrences(of: old, with: new), fileName: name)
    }

    /// np.logspace(0.01, 0.1, 5), to 12 digits.
    static let logspace: [Double] = [1.02329299228, 1.07770525369, 1.13501081567, 1.19536352567, 1.25892541179]

    /// Whether a domain is numpy's logspace(0.01, 0.1, 5).
    static func isLogspace(_ domain: Domain) -> Bool {
        guard case .doubleValues(let values) = domain, values.count == logspace.count else { return false }
        return zip(values, logspace).allSatisfy { abs($0 - $1) < 1e-10 }
    }

    @Test func polyaxonGridSearchIsTheDefault() throws {
        let manifest = try load("polyaxon-grid.yml")
        #expect(manifest.dialect == .polyaxon)
        #expect(manifest.method.name == .grid && manifest.method.numOptimizerSteps == 10)
        #expect(manifest.method.objective == "loss" && manifest.method.direction == .minimize)
        #expect(manifest.hyperParameters.map(\.name) == ["batch_size", "lr", "dropout"])
        #expect(manifest.hyperParameters[0].domain == .intValues([128]))
        #expect(Self.isLogspace(manifest.hyperParameters[1].domain))
        #expect(manifest.hyperParameters[2].domain == .doubleValues([0.2, 0.5]))
        #expect(manifest.space.finiteSize == 10)
        #expect(manifest.command == "python3 train.py --batch-size={{ batch_size }} --lr={{ lr }} --dropout={{ dropout }}")
        #expect(manifest.notes.contains("run.image is for Polyaxon's cluster; ignored"))
        #expect(manifest.notes.contains("run.build_steps is for Polyaxon's cluster; ignored"))
        #expect(manifest.notes.contains("project is for Polyaxon's platform; ignored"))
        #expect(try load("polyaxon-grid-n-experiments.yml").method.numOptimizerSteps == 4)
    }

    @Test func polyaxonRandomSearch() throws {
        let manifest = try load("polyaxon-random.yml")
        let method = manifest.method
        #expect(method.name == .random && method.numOptimizerSteps == 40 && method.maxConcurrentTrials == 2)
        #expect(method.earlyStoppingRules == [EarlyStopping(metric: "accuracy", value: 0.9, optimization: .maximize),
                                              EarlyStopping(metric: "loss", value: 0.05, optimization: .minimize)])
        #expect(!manifest.notes.contains { $0.contains("not watched") })
        let activation = try #require(manifest.hyperParameters.first { $0.name == "activation" })
        #expect(activation.domain == .distribution(.choice([.string("elu"), .string("relu"), .string("sigmoid")],
                                                           weights: [0.1, 0.2, 0.7])))
        #expect(manifest.hyperParameters.last?.domain == .distribution(.uniform(low: 0, high: 1)))
        // The cmd's lines, each ended by a backslash, are one command again.
        #expect(manifest.command == "python3 train.py --batch-size={{ batch_size }} --lr={{ lr }} --dropout={{ dropout }} "
                + "--activation={{ activation }} --param1={{ param1 }}")
    }

    /// The fragment starts with `...` (elided lines), has no run: the command comes after --.
    @Test func polyaxonHyperbandIsRandomWithTheHyperbandPruner() throws {
        let manifest = try load("polyaxon-hyperband.yml")
        let method = manifest.method
        #expect(method.name == .random && method.maxConcurrentTrials == 2)
        #expect(method.pruner == PrunerSettings(kind: .hyperband, minResource: 1, eta: 3, maxResource: 81))
        #expect(method.numOptimizerSteps == 143)
        #expect(method.objective == "loss" && method.direction == .minimize)
        #expect(manifest.hyperParameters.last == HyperParameter(name: "num_steps", domain: .intValues([81])))
        let activation = try #require(manifest.hyperParameters.first { $0.name == "activation" })
        guard case .distribution(.choice(_, let weights?)) = activation.domain else {
            Issue.record("activation is \(activation.domain)")
            return
        }
        #expect(abs(weights[0] - 1.0 / 9) < 1e-12 && abs(weights[1] - 8.0 / 9) < 1e-12)
        #expect(manifest.notes.contains { $0.hasPrefix("the probabilities of pvalues of 'activation' add up to 0.9") })
        #expect(manifest.command == nil)
        #expect(manifest.notes.contains("the file has no run.cmd: give the command after --"))
    }

    /// bo: the GP settings map onto contract 3's names.
    @Test func polyaxonBayesianOptimization() throws {
        for name in ["polyaxon-bo.yml", "polyaxon-v1.1-bayes.yml"] {
            let method = try load(name).method
            #expect(method.name == .bo)
            #expect(method.options["bo_acquisition"] == .string("ucb") && method.options["bo_kappa"] == .double(1.2))
            #expect(method.options["bo_kernel"] == .string("matern") && method.options["bo_nu"] == .double(1.5))
            #expect(method.numOptimizerSteps == (name == "polyaxon-bo.yml" ? 45 : 15))
        }
    }

    @Test func polyaxonOperationWithAnInlineComponent() throws {
        let manifest = try load("polyaxon-v1.1-random.yml")
        #expect(manifest.dialect == .polyaxonOperation && manifest.experimentName == "mnist-random")
        #expect(manifest.method.name == .random && manifest.method.numOptimizerSteps == 20)
        #expect(manifest.method.randomSeed == 7 && manifest.method.maxConcurrentTrials == 2)
        #expect(manifest.method.earlyStopping == EarlyStopping(metric: "loss", value: 0.05, optimization: .minimize))
        #expect(manifest.hyperParameters.map(\.name) == ["batch_size", "lr", "dropout", "activation", "param1"])
        #expect(Self.isLogspace(manifest.hyperParameters[1].domain))
        #expect(manifest.command == "python3 train.py --batch-size={{ batch_size }} --lr={{ lr }} --dropout={{ dropout }} "
                + "--activation={{ activation }} --param1={{ param1 }}")
        #expect(manifest.notes.contains("run.container.image is for Polyaxon's cluster; ignored"))

        let hyperband = try load("polyaxon-v1.1-hyperband.yml")
        #expect(hyperband.method.pruner?.kind == .hyperband && hyperband.method.numOptimizerSteps == 143)
        #expect(hyperband.command == nil)
        #expect(hyperband.notes.contains { $0.contains("pathRef ./polyaxonfile.yml") && $0.contains("after --") })
    }

    /// Log(ML)'s examples name tpe; their spaces are read the same with algorithm 'random'.
    @Test func logMLSpacesGroupedByWorkflowStep() throws {
        let manifest = try parse("logml-three-steps.yml", replacing: "'tpe'", with: "'random'")
        #expect(manifest.dialect == .logml && manifest.method.numOptimizerSteps == 100)
        #expect(manifest.method.objective == "loss" && manifest.method.direction == .minimize)
        #expect(manifest.hyperParameters.map(\.name) == [
            "dataset_preprocess.num_x", "dataset_preprocess.num_y", "model_create.layer_1", "model_create.layer_2",
            "model_train.learning_rate",
        ])
        #expect(manifest.hyperParameters.map(\.group) == [
            "dataset_preprocess", "dataset_preprocess", "model_create", "model_create", "model_train",
        ])
        #expect(manifest.hyperParameters[0].domain == .intValues([100, 200, 300, 400, 500]))
        #expect(manifest.hyperParameters[2].domain == .distribution(.randint(low: 0, high: 20)))
        #expect(manifest.hyperParameters[4].domain == .distribution(.uniform(low: 0, high: 0.5)))
        // config.json nests each step's parameters.
        let config = manifest.space.decode(Array(repeating: 0, count: 5))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(config.jsonText.utf8)) as? [String: Any])
        #expect((json["model_train"] as? [String: Any])?["learning_rate"] as? Double == 0)
        #expect((json["dataset_preprocess"] as? [String: Any])?["num_x"] as? Int == 100)
        for name in ["logml-learning-rate.yml", "logml-two-steps.yml", "logml-three-steps.yml"] {
            #expect(try load(name).method.name == .tpe)
        }
    }

    /// The section's template: enable False is a note; its empty space is an error.
    @Test func logMLTemplateHasNoParameters() throws {
        let found = try errors("logml-template.yml", replacing: "'tpe'", with: "'random'")
        #expect(found.count == 1 && found[0].kind == .emptyList && found[0].line == 7 && found[0].column == 9, "\(found)")
        #expect(found[0].fix?.contains("model_train") == true)
    }

    @Test func deepHyperProblemWithDefaults() throws {
        let manifest = try load("deephyper-mnistmlp.yml")
        #expect(manifest.dialect == .deephyper && manifest.experimentName == "mnistmlp")
        #expect(manifest.method.name == .random && manifest.method.numOptimizerSteps == 20)
        #expect(manifest.method.objective == "objective" && manifest.method.direction == .maximize)
        let byName = Dictionary(uniqueKeysWithValues: manifest.hyperParameters.map { ($0.name, $0) })
        #expect(byName.count == 8)
        #expect(byName["epochs"]?.domain == .intRange(min: 5, max: 500) && byName["epochs"]?.defaultValue == .int(5))
        #expect(byName["dropout"]?.domain == .distribution(.uniform(low: 0, high: 1)))
        #expect(byName["dropout"]?.defaultValue == .double(0))
        #expect(byName["activation"]?.domain == .stringValues(["relu", "elu", "selu", "tanh"]))
        #expect(byName["optimizer"]?.defaultValue == .string("sgd"))
        #expect(byName["learning_rate"]?.domain == .distribution(.uniform(low: 1e-4, high: 10)))
    }

    @Test func wmlManifestIsStillWML() throws {
        let found = try errors("wml-experiment-manifest.yml")
        #expect(found.count == 1 && found[0].line == 30 && found[0].fix == "did you mean 'step'?")
        let fixed = try parse("wml-experiment-manifest.yml", replacing: "step\": 0.001", with: "step: 0.001")
        #expect(fixed.dialect == .wml && fixed.space.finiteSize == 144)
    }
}
