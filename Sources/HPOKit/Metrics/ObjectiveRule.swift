/// How a trial's objective is taken from its TEST history (PROTOCOL.md section 4).
public struct ObjectiveRule: Sendable, Equatable {
    public var metric: String
    public var direction: Direction
    public var strategy: ObjectiveStrategy

    public init(metric: String, direction: Direction, strategy: ObjectiveStrategy) {
        self.metric = metric
        self.direction = direction
        self.strategy = strategy
    }

    public init(_ method: Method) {
        self.init(metric: method.objective, direction: method.direction, strategy: method.objectiveStrategy)
        valDictListFile = method.filename
    }

    /// The files the history is read from, named when the metric is in neither.
    public var emetricsFile = "evaluation-metrics.txt"
    public var valDictListFile = Method.defaultFilename

    /// The objective, or why there is none. The emetrics history wins when it has TEST
    /// records for the metric; `val_dict_list.json`'s otherwise.
    /// `skippedLines`: how many lines of the emetrics file were not records, said when the
    /// metric is missing, with the first of them (`firstSkipped`).
    public func objective(emetrics: TestHistory, valDictList: TestHistory?, skippedLines: Int = 0,
                          firstSkipped: SkippedLine? = nil) -> Result<Double, ObjectiveFailure>
    {
        let entries: [TestHistory.Entry]
        if let fromLog = emetrics.metrics[metric], !fromLog.isEmpty {
            entries = fromLog
        } else if let fromFile = valDictList?.metrics[metric], !fromFile.isEmpty {
            entries = fromFile
        } else {
            let written = Set(emetrics.metrics.keys).union(valDictList.map { Array($0.metrics.keys) } ?? []).sorted()
            let texts = emetrics.textMetrics + (valDictList?.textMetrics ?? [])
            return .failure(.noRecords(metric: metric, files: [emetricsFile, valDictListFile], written: written,
                                       trainRecords: emetrics.trainRecords, skippedLines: skippedLines,
                                       otherGroups: emetrics.otherGroups,
                                       textMetrics: texts.contains(metric) ? [metric] : [],
                                       firstSkipped: skippedLines > 0 ? firstSkipped : nil))
        }
        switch strategy {
        case .last:
            let last = entries.last!.value
            return last.isFinite ? .success(last) : .failure(.nonFinite(metric: metric, value: last))
        case .best:
            let finite = entries.map(\.value).filter(\.isFinite)
            guard let best = direction == .maximize ? finite.max() : finite.min() else {
                return .failure(.nonFinite(metric: metric, value: entries.last!.value))
            }
            return .success(best)
        }
    }
}

/// Why a trial that exited 0 still has no objective.
public enum ObjectiveFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The metric is in none of `files`; `written` are the TEST metrics the trial did write
    /// (a metric under another name is the usual cause), `trainRecords` its TRAIN records.
    /// `skippedLines`: lines of the emetrics file (`files[0]`) that were not records (metrics
    /// written in a format of the trial's own is the usual cause). Their count, not their
    /// text, is said: the text often differs from trial to trial (values), and the reason
    /// must stay the same for the same failure (`SameFailureRule`).
    /// `otherGroups`: the groups of the records that were not TEST (`train`, or a group of the
    /// trial's own such as `validation`; "" for none). `textMetrics`: the objective, when the trial
    /// wrote it with values that are not numbers (`"93%"`, a list); empty otherwise.
    /// `firstSkipped`: the first skipped line, named by its number and why (not by its text).
    case noRecords(metric: String, files: [String], written: [String], trainRecords: Int, skippedLines: Int = 0,
                   otherGroups: [String] = [], textMetrics: [String] = [], firstSkipped: SkippedLine? = nil)
    case nonFinite(metric: String, value: Double)
    /// A result file the trial wrote was not read (not a regular file, too large).
    case unreadable(FileRefusal)

    public var description: String {
        switch self {
        case .noRecords(let metric, let files, let written, let trainRecords, let skippedLines, let otherGroups,
                        let textMetrics, let firstSkipped):
            "no TEST records for '\(metric)' in \(files.joined(separator: " or ")); the trial wrote "
                + (written.isEmpty
                    ? (textMetrics.isEmpty
                        ? "no TEST records" + (trainRecords > 0 ? " (\(Self.others(trainRecords, groups: otherGroups)))" : "")
                        : Self.texts(textMetrics))
                    : "TEST \(written.joined(separator: ", "))" + (textMetrics.isEmpty ? "" : ", and " + Self.texts(textMetrics)))
                + (skippedLines == 0 ? "" : "; " + Self.skipped(skippedLines, of: files.first ?? "the metrics file",
                                                                  first: firstSkipped))
        case .nonFinite(let metric, let value): "the TEST value of '\(metric)' is \(value), not a finite number"
        case .unreadable(let refusal): refusal.description
        }
    }

    /// "only 3 TRAIN records", or when other groups than train were written, which (the
    /// objective is read from the TEST group only).
    private static func others(_ count: Int, groups: [String]) -> String {
        let plural = count == 1 ? "" : "s"
        guard groups.contains(where: { $0 != "train" }) else { return "only \(count) TRAIN record\(plural)" }
        let named = groups.map { $0.isEmpty ? "none" : "'\($0)'" }.joined(separator: ", ")
        return "only \(count) record\(plural) with grouplabel \(named); the objective is read from grouplabel 'test'"
    }

    /// "TEST 'accuracy' only as values that are not numbers (...)": the value itself is not
    /// said, as it differs from trial to trial (see `skippedLines`).
    private static func texts(_ names: [String]) -> String {
        "TEST \(names.map { "'\($0)'" }.joined(separator: ", ")) only as values that are not numbers "
            + "(text such as \"93%\", a list, null): write each as a number (0.93, or the string \"0.93\")"
    }

    private static func skipped(_ count: Int, of file: String, first: SkippedLine?) -> String {
        // The first is named, and why when it is other than a line that is no JSON record.
        if let first, first.reason != .notARecord {
            return (count == 1 ? "line \(first.line) of \(file) was skipped: "
                        : "\(count) lines of \(file) were skipped, the first, line \(first.line), as ")
                + first.why(value: false)
        }
        return (count == 1 ? "1 line of \(file) is not an emetrics JSON record" : "\(count) lines of \(file) are not emetrics JSON records")
            + " (" + (first.map { "the first is line \($0.line); " } ?? "") + "EMetrics' record writes them)"
    }
}
