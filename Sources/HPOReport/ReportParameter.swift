import Foundation
import HPOKit

/// A hyperparameter as the plots draw it: on a linear axis, a log axis (a range with a
/// `power`, log-uniform) or a categorical one (string values, in the manifest's order).
struct ReportParameter: Sendable, Equatable {
    enum Axis: Sendable, Equatable {
        case linear
        case log
        case categorical([String])
    }

    var name: String
    var domain: String
    var axis: Axis

    /// From experiment.json's summary of the parameter (`SearchSpace.describe`): a power
    /// range reads `double_range 10^[-3 .. 0] = ...`, string values `string_values [a, b]`.
    /// The categories are the values the trials took, sorted (read from the trials rather
    /// than from the summary, where a value holding `, ` would split in two).
    init(_ parameter: ExperimentRecord.ResolvedParameter, trials: [TrialRecord]) {
        name = parameter.name
        domain = parameter.domain
        if parameter.domain.hasPrefix("string_values") {
            var seen = Set<String>()
            var values: [String] = []
            for trial in trials {
                guard let value = trial.config[parameter.name]?.value else { continue }
                if seen.insert(value.description).inserted { values.append(value.description) }
            }
            axis = .categorical(values.sorted())
        } else if parameter.domain.contains("^[") {
            axis = .log
        } else {
            axis = .linear
        }
    }

    var isCategorical: Bool {
        if case .categorical = axis { return true }
        return false
    }

    /// The position of a value on this parameter's axis, in axis units (log10 for a log
    /// axis, the category's index for a categorical one); nil when it has none.
    func position(_ value: ParameterValue?) -> Double? {
        guard let value else { return nil }
        switch axis {
        case .categorical(let values):
            return values.firstIndex(of: value.description).map(Double.init)
        case .log:
            guard let number = value.numericValue, number > 0 else { return nil }
            return log10(number)
        case .linear:
            return value.numericValue
        }
    }

    /// The scale of this parameter over the given trials, onto `pixels`.
    func scale(_ trials: [TrialRecord], pixels: Pixels) -> Scale {
        if case .categorical(let values) = axis {
            return Scale.categorical(values, pixels: pixels)
        }
        let positions = trials.compactMap { position($0.config[name]?.value) }
        return Scale(domain: (positions.min() ?? 0)...(positions.max() ?? 1), pixels: pixels, log: axis == .log)
    }
}
