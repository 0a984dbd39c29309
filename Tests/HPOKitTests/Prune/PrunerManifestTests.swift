import Foundation
import HPOKit
import Testing

/// The `pruner*` method parameters.
@Suite struct PrunerManifestTests {
    func method(_ lines: String) throws -> Method {
        let yaml = bareManifest(parameters: """
                - {name: objective, string_value: accuracy}
                - {name: maximize_or_minimize, string_value: maximize}
            \(lines)
            """, hyperParameters: "  - {name: lr, double_range: {min_value: 0.1, max_value: 1.0}}")
        return try ManifestLoader.parse(yaml, fileName: "exp.yml").method
    }

    @Test func ashaWithItsSettingsIsRead() throws {
        let read = try method("""
                - {name: pruner, string_value: asha}
                - {name: pruner_min_resource, int_value: 2}
                - {name: pruner_eta, int_value: 4}
                - {name: pruner_max_resource, int_value: 50}
            """)
        #expect(read.pruner == PrunerSettings(kind: .asha, minResource: 2, eta: 4, maxResource: 50))
        #expect(read.pruner?.summary == "asha (min_resource 2, eta 4, max_resource 50)")
        let pruner = try #require(read.pruner?.makePruner() as? SuccessiveHalvingPruner)
        #expect(pruner.rungs(upTo: 100) == [2, 8, 32])
    }

    @Test func theCutIsRead() throws {
        let read = try method("""
                - {name: pruner, string_value: asha}
                - {name: pruner_cut, string_value: envelope}
            """)
        #expect(read.pruner == PrunerSettings(kind: .asha, cut: .envelope))
        #expect((read.pruner?.makePruner() as? SuccessiveHalvingPruner)?.cut == .envelope)
        let rank = try method("""
                - {name: pruner, string_value: hyperband}
                - {name: pruner_max_resource, int_value: 27}
                - {name: pruner_cut, string_value: rank}
            """)
        #expect((rank.pruner?.makePruner() as? HyperbandPruner)?.cut == .rank)
    }

    @Test func medianAndPatienceAreRead() throws {
        let read = try method("""
                - {name: pruner, string_value: median}
                - {name: pruner_warmup_iterations, int_value: 5}
                - {name: pruner_min_trials, int_value: 3}
                - {name: pruner_interval, int_value: 2}
                - {name: pruner_patience, int_value: 4}
                - {name: pruner_min_delta, double_value: 0.001}
            """)
        #expect(read.pruner?.summary == "median (warm-up 5, min trials 3, interval 2, patience 4, min_delta 0.001)")
        let patience = try #require(read.pruner?.makePruner() as? PatiencePruner)
        #expect(patience.inner is MedianPruner)
        #expect(try method("    - {name: pruner_patience, int_value: 3}").pruner?.kind == .patience)
        #expect(try method("    - {name: pruner, string_value: none}").pruner == nil)
        #expect(try method("").pruner == nil)
    }

    @Test func badPrunerParametersAreRefusedWithAFix() {
        func errors(_ lines: String) -> [ManifestError] {
            manifestErrors(bareManifest(parameters: """
                    - {name: objective, string_value: accuracy}
                    - {name: maximize_or_minimize, string_value: maximize}
                \(lines)
                """, hyperParameters: "  - {name: lr, double_range: {min_value: 0.1, max_value: 1.0}}"))
        }
        let unknown = errors("    - {name: pruner, string_value: ashaa}")
        #expect(unknown.map(\.kind) == [.badValue])
        #expect(unknown.first?.fix == "did you mean 'asha'?")
        #expect(errors("    - {name: pruner_eta, int_value: 3}").first?.message == "pruner settings are given without a pruner")
        #expect(errors("    - {name: pruner, string_value: asha}\n    - {name: pruner_eta, int_value: 1}").first?.message
            == "pruner_eta is 1; it must be at least 2")
        #expect(errors("    - {name: pruner, string_value: hyperband}").first?.message
            == "the hyperband pruner needs pruner_max_resource (the training's last iteration)")
        #expect(errors("    - {name: pruner_etta, int_value: 3}").first?.fix == "did you mean 'pruner_eta'?")
        let cut = errors("    - {name: pruner, string_value: asha}\n    - {name: pruner_cut, string_value: envelop}")
        #expect(cut.first?.message == "pruner_cut is 'envelop'" && cut.first?.fix == "use 'rank' or 'envelope'")
        #expect(errors("    - {name: pruner, string_value: median}\n    - {name: pruner_cut, string_value: rank}").first?.message
            == "pruner_cut is for the asha and hyperband pruners")
    }
}

@Suite struct EarlyStoppingManifestTests {
    @Test func earlyStoppingParametersAreReadAndTheDirectionDefaultsToTheObjectives() throws {
        let yaml = bareManifest(parameters: """
                - {name: objective, string_value: accuracy}
                - {name: maximize_or_minimize, string_value: maximize}
                - {name: early_stopping_metric, string_value: loss}
                - {name: early_stopping_value, double_value: 0.05}
                - {name: early_stopping_optimization, string_value: minimize}
            """, hyperParameters: "  - {name: lr, double_range: {min_value: 0.1, max_value: 1.0}}")
        let rule = try #require(try ManifestLoader.parse(yaml, fileName: "exp.yml").method.earlyStopping)
        #expect(rule == EarlyStopping(metric: "loss", value: 0.05, optimization: .minimize))
        #expect(rule.isReached(by: 0.05) && rule.isReached(by: 0.01) && !rule.isReached(by: 0.06) && !rule.isReached(by: .nan))
        let half = manifestErrors(bareManifest(parameters: """
                - {name: objective, string_value: accuracy}
                - {name: maximize_or_minimize, string_value: maximize}
                - {name: early_stopping_value, double_value: 0.9}
            """, hyperParameters: "  - {name: lr, double_range: {min_value: 0.1, max_value: 1.0}}"))
        #expect(half.first?.message == "early stopping needs both early_stopping_metric and early_stopping_value")
    }
}

/// Polyaxon's `hyperband: {max_iter, eta, resource: {name, type}, resume}` as method parameters.
@Suite struct HyperbandResourceManifestTests {
    func parse(_ lines: String, hyperParameters: String = "  - {name: lr, double_range: {min_value: 0.1, max_value: 1.0}}")
        throws -> Manifest {
        try ManifestLoader.parse(bareManifest(parameters: """
                - {name: objective, string_value: accuracy}
                - {name: maximize_or_minimize, string_value: maximize}
            \(lines)
            """, hyperParameters: hyperParameters), fileName: "exp.yml")
    }

    @Test func polyaxonsFormSetsTheHyperbandPrunerAndTheResource() throws {
        let method = try parse("""
                - {name: hyperband_max_iter, int_value: 81}
                - {name: hyperband_eta, int_value: 3}
                - {name: hyperband_resource, string_value: num_steps}
                - {name: hyperband_resource_type, string_value: float}
                - {name: hyperband_resume, string_value: "true"}
            """).method
        let settings = try #require(method.pruner)
        #expect(settings.kind == .hyperband && settings.maxResource == 81 && settings.eta == 3)
        #expect(settings.resource == HyperbandResource(name: "num_steps", type: .float, resume: true))
        #expect(settings.summary == "hyperband (min_resource 1, eta 3, max_resource 81, resource num_steps (float, resume))")
        #expect(settings.resourceEntry?.name == "num_steps" && settings.resourceEntry?.value == .double(81))
        let pruner = try #require(settings.makePruner() as? HyperbandPruner)
        #expect(pruner.minResource == 1 && pruner.maxResource == 81 && pruner.bracketCount == 5)
        // max_iter not a power of eta: the smallest budget is max_iter / eta^s, as Polyaxon's.
        let fifty = try #require(try parse("    - {name: hyperband_max_iter, int_value: 50}").method.pruner)
        #expect(fifty.effectiveMinResource == 2 && fifty.resourceEntry == nil)
        let defaults = try #require(try parse("""
                - {name: hyperband_max_iter, int_value: 27}
                - {name: hyperband_resource, string_value: epochs}
            """).method.pruner)
        #expect(defaults.resourceEntry?.value == .int(27))
    }

    @Test func aResourceWithoutMaxIterOrThatIsAlsoAHyperparameterIsRefused() {
        func messages(_ lines: String, _ hyperParameters: String = "  - {name: lr, double_range: {min_value: 0.1, max_value: 1.0}}")
            -> [String] {
            manifestErrors(bareManifest(parameters: """
                    - {name: objective, string_value: accuracy}
                    - {name: maximize_or_minimize, string_value: maximize}
                \(lines)
                """, hyperParameters: hyperParameters)).map(\.message)
        }
        #expect(messages("    - {name: hyperband_resource, string_value: num_steps}") == [
            "hyperband_resource needs hyperband_max_iter (the value every trial gets) and the hyperband pruner"])
        #expect(messages("    - {name: hyperband_max_iter, int_value: 9}\n    - {name: hyperband_resource_type, string_value: int}")
            == ["hyperband_resource_type or hyperband_resume is given without hyperband_resource"])
        #expect(messages("    - {name: hyperband_max_iter, int_value: 9}\n    - {name: hyperband_resource_type, string_value: long}")
            == ["hyperband_resource_type is 'long'"])
        #expect(messages("    - {name: hyperband_max_iter, int_value: 9}\n    - {name: hyperband_resume, string_value: maybe}").count == 1)
        #expect(messages("    - {name: hyperband_max_iter, int_value: 9}\n    - {name: hyperband_resource, string_value: lr}")
            == ["hyperband_resource 'lr' is also a hyperparameter"])
        #expect(messages("    - {name: hyperband_max_itr, int_value: 9}").count == 1)
    }
}
