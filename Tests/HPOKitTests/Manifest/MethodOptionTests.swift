import Foundation
import HPOKit
import Testing

/// The methods' own settings (`tpe_*`, `bo_*`): read into `Method.options`, checked.
@Suite struct MethodOptionTests {
    static let space = "  - {name: lr, double_range: {min_value: 0.1, max_value: 1.0}}"

    func yaml(_ method: String, _ lines: String) -> String {
        bareManifest(method: method, parameters: """
                - {name: objective, string_value: accuracy}
                - {name: maximize_or_minimize, string_value: maximize}
            \(lines)
            """, hyperParameters: Self.space)
    }

    @Test func everySettingIsKnownWithItsMethodAndKind() {
        #expect(MethodOption.all.filter { $0.method == .tpe }.map(\.name)
            == ["tpe_startup_trials", "tpe_gamma", "tpe_candidates", "tpe_prior_weight", "tpe_multivariate"])
        #expect(MethodOption.all.filter { $0.method == .bo }.map(\.name)
            == ["bo_initial_trials", "bo_acquisition", "bo_kappa", "bo_xi", "bo_kernel", "bo_nu"])
        #expect(MethodOption.named("bo_nu")?.kind == .double)
    }

    @Test func badValuesAreRefusedWithTheirRange() {
        let cases: [(String, String, String)] = [
            ("tpe", "- {name: tpe_gamma, double_value: 1.5}", "tpe_gamma is 1.5; it must be above 0 and below 1"),
            ("tpe", "- {name: tpe_startup_trials, int_value: -1}", "tpe_startup_trials is -1; it must be at least 0"),
            ("tpe", "- {name: tpe_candidates, int_value: 0}", "tpe_candidates is 0; it must be at least 1"),
            ("tpe", "- {name: tpe_prior_weight, double_value: 0}", "tpe_prior_weight is 0; it must be above 0"),
            ("tpe", "- {name: tpe_multivariate, string_value: yes}", "tpe_multivariate is 'yes'; use 'true', 'false'"),
            ("bo", "- {name: bo_acquisition, string_value: pi}", "bo_acquisition is 'pi'; use 'ucb', 'ei', 'poi'"),
            ("bo", "- {name: bo_kernel, string_value: linear}", "bo_kernel is 'linear'; use 'matern', 'rbf'"),
            ("bo", "- {name: bo_nu, double_value: 2}", "bo_nu is 2; use 0.5, 1.5 or 2.5"),
            ("bo", "- {name: bo_kappa, double_value: -1}", "bo_kappa is -1; it must not be negative"),
            ("bo", "- {name: bo_initial_trials, int_value: 0}", "bo_initial_trials is 0; it must be at least 1"),
            ("bo", "- {name: bo_initial_trials, double_value: 2.5}", "bo_initial_trials must be an integer, not the number 2.5"),
            ("bo", "- {name: bo_xi, string_value: big}", "bo_xi must be a finite number, not the text 'big'"),
        ]
        for (method, line, message) in cases {
            let errors = manifestErrors(yaml(method, "    " + line))
            #expect(errors.map(\.message).contains(message), "\(line): \(errors.map(\.message))")
        }
    }

    @Test func aSettingOfAnotherMethodIsRefusedWithTheFix() {
        let errors = manifestErrors(yaml("random", "    - {name: tpe_gamma, double_value: 0.2}"))
        #expect(errors.count == 1)
        #expect(errors.first?.message == "'tpe_gamma' is a setting of method tpe, but the method is random")
        #expect(errors.first?.fix == "remove it, or use 'name: tpe'")
        #expect(errors.first?.line == 7)
        let typo = manifestErrors(yaml("random", "    - {name: tpe_gama, double_value: 0.2}"))
        #expect(typo.first?.fix == "did you mean 'tpe_gamma'?")
    }
}
