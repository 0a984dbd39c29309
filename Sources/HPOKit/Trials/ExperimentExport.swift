import Foundation

/// An experiment directory read back as a table: one row per trial with every
/// hyperparameter, the objective and the final value of every TEST metric. What `status`,
/// `best` and `export` show; loads straight into pandas (`pd.read_csv`).
public struct ExperimentExport: Sendable {
    public let experiment: ExperimentRecord
    /// Trials by SUBID.
    public let trials: [TrialRecord]

    public var direction: Direction { Direction(rawValue: experiment.method.direction) ?? .maximize }
    public var parameterNames: [String] { experiment.hyperParameters.map(\.name) }

    /// Every TEST metric any trial reported, sorted.
    public let metricNames: [String]
    /// Whether some trial ran with `--gpus`.
    public let hasDevices: Bool

    public init(directory: ExperimentDirectory) throws(TrialStoreError) {
        guard let experiment = try directory.loadExperiment() else {
            throw .notAnExperiment(at: directory.url)
        }
        self.experiment = experiment
        trials = experiment.applyingRetries(to: try directory.loadTrials())
        // Once, not per row: each scans every trial.
        metricNames = Set(trials.flatMap { $0.testHistory.metrics.keys }).sorted()
        hasDevices = trials.contains { $0.devices != nil }
    }

    public var ranked: [TrialRecord] { TrialRanking.ranked(trials, direction: direction) }
    public var best: TrialRecord? { TrialRanking.best(trials, direction: direction) }

    /// `from` last (added after the others): where the trial's point came from, as the
    /// report's `from` column and `status`'s FROM say it (`optimizer`, `default`, `start 2`,
    /// `enqueued`), in every row. Then `gpus` (`0,1`), only when some trial ran with `--gpus`,
    /// as status's GPUS column.
    public var columns: [String] { leadingColumns + parameterColumns + trailingColumns }

    /// The columns before the hyperparameters', and after them.
    private var leadingColumns: [String] { ["subid", "state", "objective", "duration_s"] }
    private var trailingColumns: [String] {
        metricNames.map { "test_" + $0 } + ["failure_reason", "from"] + (hasDevices ? ["gpus"] : [])
    }

    /// The hyperparameters' columns: each its name, except a name another column has (a
    /// hyperparameter called `state`, `from` or `test_accuracy`), which becomes
    /// `param_<name>` (so a JSON row never holds one key twice, the second hiding the first).
    public var parameterColumns: [String] {
        let taken = Set(leadingColumns + trailingColumns)
        return parameterNames.map { taken.contains($0) ? "param_" + $0 : $0 }
    }

    /// The row of a trial, as JSON-compatible values (nil for missing), in `columns` order.
    public func row(_ trial: TrialRecord) -> [ParameterValue?] {
        let finals = trial.testHistory.finalValues
        return [.string(trial.subid), .string(trial.state.rawValue), trial.objective.map { .double($0) },
                trial.duration.map { .double(($0 * 1000).rounded() / 1000) }]
            + parameterNames.map { trial.config[$0]?.value }
            + metricNames.map { name in finals[name].map { .double($0) } }
            + [trial.failureReason.map { .string($0) },
               .string((trial.origin ?? .optimizer).label(startingPoint: trial.startingPoint))]
            + (hasDevices ? [trial.devices.map { .string(DeviceGroups.text($0)) }] : [])
    }

    public func csv() -> String {
        var lines = [columns.map(Self.csvField).joined(separator: ",")]
        for trial in trials {
            lines.append(row(trial).map { value in
                guard let value else { return "" }
                if case .double(let number) = value, !number.isFinite { return number.isNaN ? "nan" : "\(number)" }
                return Self.csvField(value.description)
            }.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public func json() -> String {
        let columns = columns
        let objects = trials.map { trial in
            let fields = zip(columns, row(trial)).map { column, value in
                "\(ParameterValue.jsonString(column)): \(value.map { Self.json($0) } ?? "null")"
            }
            return "  {" + fields.joined(separator: ", ") + "}"
        }
        return "[\n" + objects.joined(separator: ",\n") + "\n]\n"
    }

    private static func json(_ value: ParameterValue) -> String {
        if case .double(let number) = value, !number.isFinite { return "null" }
        return value.jsonText
    }

    /// RFC 4180: quote a field holding a comma, quote or line break; double inner quotes.
    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
