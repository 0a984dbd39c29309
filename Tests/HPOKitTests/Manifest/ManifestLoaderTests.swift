import Foundation
import HPOKit
import Testing

@Suite struct ManifestLoaderTests {
    @Test func theBareSectionGivesEveryKind() throws {
        let yaml = bareManifest(parameters: """
                - {name: objective, string_value: loss}
                - {name: maximize_or_minimize, string_value: minimize}
                - {name: num_optimizer_steps, int_value: 30}
                - {name: objective_strategy, string_value: last}
                - {name: max_concurrent_trials, int_value: 2}
                - {name: random_seed, int_value: 7}
                - {name: trial_timeout_seconds, double_value: 90}
                - {name: max_failed_trials, int_value: 5}
                - {name: time_interval, string_value: epoch}
            """, hyperParameters: """
              - name: learning_rate
                double_range: {min_value: -4, max_value: -1, power: 10}
              - name: momentum
                double_range: {min_value: 0.5, max_value: 0.99}
              - name: dropout
                double_range: {min_value: 0.1, max_value: 0.5, step: 0.1}
              - name: fc
                int_range: {min_value: 5, max_value: 10, power: 2}
              - name: layers
                int_range: {min_value: 1, max_value: 4}
              - name: batch
                int_values: [32, 64, 128]
              - name: scale
                double_values: [0.5, 1, 2.5]
              - name: optimizer
                string_values: [sgd, adam]
            """)
        let manifest = try ManifestLoader.parse(yaml, fileName: "exp.yml")
        #expect(manifest.method == Method(
            name: .rbfopt, objective: "loss", direction: .minimize, numOptimizerSteps: 30, timeInterval: "epoch",
            objectiveStrategy: .last, maxConcurrentTrials: 2, randomSeed: 7, trialTimeoutSeconds: 90, maxFailedTrials: 5))
        #expect(manifest.hyperParameters.map(\.domain) == [
            .doubleRange(min: -4, max: -1, power: 10), .doubleRange(min: 0.5, max: 0.99),
            .doubleRange(min: 0.1, max: 0.5, step: 0.1), .intRange(min: 5, max: 10, power: 2),
            .intRange(min: 1, max: 4), .intValues([32, 64, 128]), .doubleValues([0.5, 1, 2.5]),
            .stringValues(["sgd", "adam"]),
        ])
        #expect(manifest.experimentName == nil && manifest.command == nil)
        #expect(manifest.space.dimensions.count == 8)
    }

    @Test func defaultsAreDocumentedValues() throws {
        let manifest = try ManifestLoader.parse(
            bareManifest(hyperParameters: "  - {name: x, int_range: {min_value: 1, max_value: 3}}"), fileName: "exp.yml")
        #expect(manifest.method.numOptimizerSteps == 20)
        #expect(manifest.method.objectiveStrategy == .best)
        #expect(manifest.method.filename == "val_dict_list.json")
        #expect(manifest.method.maxConcurrentTrials == nil && manifest.method.randomSeed == nil)
    }

    /// WML's own full manifest, exactly as its documentation prints it.
    @Test func wmlsSampleReportsTheStrayQuoteAndWorksOnceFixed() throws {
        let url = try fixtureURL("Manifest/wml-experiment-manifest.yml")
        #expect {
            try ManifestLoader.load(contentsOf: url)
        } throws: { error in
            let errors = (error as? ManifestErrors)?.errors ?? []
            return errors.count == 1 && errors[0].kind == .unknownKey && errors[0].line == 30
                && errors[0].column == 9 && errors[0].fix == "did you mean 'step'?"
                && errors[0].errorDescription?.hasPrefix(url.path + ":30:9: unknown key 'step\"'") == true
        }
        let fixed = try String(contentsOf: url, encoding: .utf8).replacingOccurrences(of: "step\": 0.001", with: "step: 0.001")
        let manifest = try ManifestLoader.parse(fixed, fileName: "wml.yml")
        #expect(manifest.experimentName == "Experiment1")
        #expect(manifest.trainingReference == "model1")
        #expect(manifest.command?.hasPrefix("python3 convolutional_network.py --trainImagesFile ${DATA_DIR}/") == true)
        #expect(manifest.method.name == .random && manifest.method.numOptimizerSteps == 4)
        #expect(manifest.space.finiteSize == 144)
        #expect(manifest.space.dimensions == [.ordinal(levels: 6), .ordinal(levels: 2), .ordinal(levels: 2), .ordinal(levels: 6)])
        #expect(manifest.notes.contains("training_results_reference is for WML's service; ignored"))
        #expect(manifest.notes.contains("training_references[model1].compute_configuration is for WML's service; ignored"))
    }

    @Test func severalTrainingReferencesAreChosenByName() throws {
        let yaml = """
            training_references:
            - name: small
              command: python3 small.py
              hyper_parameters_optimization:
                method: {name: random, parameters: [{name: objective, string_value: acc}, {name: maximize_or_minimize, string_value: maximize}]}
                hyper_parameters: [{name: x, int_values: [1, 2]}]
            - name: large
              command: python3 large.py
              hyper_parameters_optimization:
                method: {name: rbfopt, parameters: [{name: objective, string_value: loss}, {name: maximize_or_minimize, string_value: minimize}]}
                hyper_parameters: [{name: y, string_values: [a]}]
            """
        let errors = manifestErrors(yaml)
        #expect(errors.map(\.kind) == [.noTrainingReference])
        #expect(errors.first?.fix == "choose one with --training-reference NAME: small, large")
        let large = try ManifestLoader.parse(yaml, fileName: "exp.yml", trainingReference: "large")
        #expect(large.command == "python3 large.py" && large.method.name == .rbfopt)
        #expect(manifestErrors(yaml, trainingReference: "medium").first?.message == "no training reference named 'medium'")
    }

    @Test func aJSONManifestOfTheSameShapeWorks() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("manifest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("exp.json")
        try Data("""
            {"hyper_parameters_optimization": {
              "method": {"name": "random", "parameters": [
                {"name": "objective", "string_value": "accuracy"},
                {"name": "maximize_or_minimize", "string_value": "maximize"},
                {"name": "num_optimizer_steps", "int_value": 4}]},
              "hyper_parameters": [
                {"name": "lr", "double_range": {"min_value": 0.005, "max_value": 0.01, "step": 0.001}},
                {"name": "opt", "string_values": ["sgd", "adam"]}]}}
            """.utf8).write(to: url)
        let manifest = try ManifestLoader.load(contentsOf: url)
        #expect(manifest.space.finiteSize == 12)
        #expect(manifest.method.numOptimizerSteps == 4)
    }

    @Test func aMissingFileIsACleanError() {
        #expect(throws: ManifestErrors.self) {
            try ManifestLoader.load(contentsOf: URL(fileURLWithPath: "/nonexistent/exp.yml"))
        }
    }
}

@Suite struct ManifestLauncherTests {
    @Test func launcherAndSlurmArgsAreMethodParameters() throws {
        let manifest = try ManifestLoader.parse(bareManifest(parameters: """
                - {name: objective, string_value: accuracy}
                - {name: maximize_or_minimize, string_value: maximize}
                - {name: launcher, string_value: slurm}
                - {name: slurm_args, string_value: "--partition=gpu --comment='a b'"}
            """, hyperParameters: "  - {name: x, double_range: {min_value: 0, max_value: 1}}"), fileName: "exp.yml")
        #expect(manifest.method.launcher == .slurm)
        #expect(manifest.method.slurmArguments == ["--partition=gpu", "--comment=a b"])
    }

    @Test func aBadLauncherOrAnUnclosedQuoteIsAnErrorWithItsPlace() {
        let errors = manifestErrors(bareManifest(parameters: """
                - {name: objective, string_value: accuracy}
                - {name: maximize_or_minimize, string_value: maximize}
                - {name: launcher, string_value: pbs}
                - {name: slurm_args, string_value: "--comment='a"}
            """, hyperParameters: "  - {name: x, double_range: {min_value: 0, max_value: 1}}"))
        #expect(errors.map(\.message) == ["launcher is 'pbs'", "slurm_args: a ' quote is not closed"])
        #expect(errors.map(\.line) == [7, 8])
        #expect(errors.first?.fix == "use 'local' or 'slurm'")
    }
}
