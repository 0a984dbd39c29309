import Foundation

/// The life of a trial. `completed`, `failed`, `pruned` and `interrupted` are final: a finished
/// record is never rewritten (a resumed run re-runs an interrupted point as a new trial).
/// `superseded` is how a failed trial reads once `--retry-failed` set it aside (recorded in
/// experiment.json, never in its trial.json): it no longer counts, and its point runs again.
/// `pruned` is a trial its pruner stopped early (Prune/): not a failure, it counts against
/// the budget, keeps its TEST history, and is never the best trial.
public enum TrialState: String, Sendable, Codable, CaseIterable {
    case pending, running, completed, failed, interrupted, superseded, pruned

    public var isFinal: Bool {
        self == .completed || self == .failed || self == .interrupted || self == .superseded || self == .pruned
    }
    /// Finished trials count against the budget (num_optimizer_steps).
    public var countsAsFinished: Bool { self == .completed || self == .failed || self == .pruned }
}

/// `trial.json`: everything known about one trial, written atomically at each change.
public struct TrialRecord: Sendable, Codable, Equatable {
    public var subid: String
    public var state: TrialState
    /// The point in the optimizer's box, NaN for a parameter inactive in this trial (`null`
    /// in trial.json); `config` is its decoding, kept for people.
    @RecordedPoint public var point: Point
    public var config: [String: ConfigValueJSON]
    public var startedAt: Date?
    public var endedAt: Date?
    public var pid: Int32?
    /// The process group of the trial (its pid): killed whole on stop, timeout or resume.
    public var pgid: Int32?
    /// The Slurm job of the trial, under `--launcher slurm`.
    public var slurmJobID: String?
    /// The slot it ran in (0 ..< parallel, its `HPORUN_SLOT`), and with `--gpus` its GPUs (its
    /// `CUDA_VISIBLE_DEVICES`): recorded when the trial is created, before it starts, so that a
    /// resumed run following it knows they are held (`TrialSlots`).
    public var slot: Int?
    public var devices: [Int]?
    public var exitCode: Int32?
    public var signal: Int32?
    /// Why it failed, was interrupted, or was pruned ("pruned at iteration 9: ...").
    public var failureReason: String?
    /// The iteration of the TEST record on which its pruner stopped it (state `pruned`).
    public var prunedAtIteration: Int?
    /// The objective in the manifest's direction (not negated).
    public var objective: Double?
    public var testHistory: TestHistory
    public var skippedMetricLines: Int?
    /// The first of them, and why it was skipped.
    public var firstSkippedMetricLine: SkippedLine?
    /// Where its point came from (nil in records older than origins: the optimizer's).
    public var origin: TrialOrigin?
    /// The 1-based index of its configuration in the manifest's `starting_points`.
    public var startingPoint: Int?
    /// The queue file (`hporun enqueue`) its configuration came from: a resumed run removes
    /// that file if a crash left it behind, so the configuration never runs twice.
    public var queueEntry: String?

    public init(subid: String, point: Point, config: Config) {
        self.subid = subid
        state = .pending
        self.point = point
        self.config = Dictionary(uniqueKeysWithValues: config.entries.map { ($0.name, ConfigValueJSON($0.value)) })
        testHistory = TestHistory()
    }

    /// A new trial of a planned point.
    public init(subid: String, planned: PlannedPoint, config: Config) {
        self.init(subid: subid, point: planned.point, config: config)
        origin = planned.origin
        startingPoint = planned.startingPoint
        queueEntry = planned.queueEntry
    }

    public var number: Int { Int(subid) ?? 0 }

    /// What stops or follows the trial: its Slurm job, else its process group.
    public var handle: TrialHandle? {
        get {
            if let slurmJobID { return .slurmJob(slurmJobID) }
            return pgid.map { .processGroup($0) }
        }
        set {
            switch newValue {
            case .processGroup(let pgid)?:
                pid = pgid
                self.pgid = pgid
            case .slurmJob(let id)?: slurmJobID = id
            case nil: break
            }
        }
    }

    public var duration: TimeInterval? {
        guard let startedAt else { return nil }
        return (endedAt ?? Date()).timeIntervalSince(startedAt)
    }
}

/// A config.json value inside trial.json, keeping its JSON type.
public struct ConfigValueJSON: Sendable, Codable, Equatable {
    public var value: ParameterValue

    public init(_ value: ParameterValue) {
        self.value = value
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let string = try? container.decode(String.self) {
            value = .string(string)
        } else if let int = try? container.decode(Int.self) {
            value = .int(int)
        } else {
            value = .double(try container.decode(Double.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch value {
        case .int(let int): try container.encode(int)
        case .double(let double): try container.encode(double)
        case .string(let string): try container.encode(string)
        }
    }
}
