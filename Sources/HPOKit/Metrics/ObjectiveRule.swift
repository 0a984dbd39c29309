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
    }

    /// The objective, or why there is none. The emetrics history wins when it has TEST
    /// records for the metric; `val_dict_list.json`'s otherwise.
    public func objective(emetrics: TestHistory, valDictList: TestHistory?) -> Result<Double, ObjectiveFailure> {
        let entries: [TestHistory.Entry]
        if let fromLog = emetrics.metrics[metric], !fromLog.isEmpty {
            entries = fromLog
        } else if let fromFile = valDictList?.metrics[metric], !fromFile.isEmpty {
            entries = fromFile
        } else {
            return .failure(.noRecords(metric: metric))
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
    case noRecords(metric: String)
    case nonFinite(metric: String, value: Double)

    public var description: String {
        switch self {
        case .noRecords(let metric): "no TEST records for metric '\(metric)'"
        case .nonFinite(let metric, let value): "the TEST value of '\(metric)' is \(value), not a finite number"
        }
    }
}
