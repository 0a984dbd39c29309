/// Where a trial's point came from, recorded in its trial.json (`origin`, with
/// `startingPoint` or `queueEntry`): what `status` shows, and what a resumed run reads to
/// know which starting points and enqueued configurations have been taken already.
///
/// A trial.json written before origins were recorded has none: the optimizer's.
public enum TrialOrigin: String, Sendable, Codable, CaseIterable {
    /// Proposed by the method's optimizer.
    case optimizer
    /// The hyperparameters' `default` values (the first trial when the space has defaults).
    case `default`
    /// One of the manifest's `starting_points`, in order.
    case startingPoint = "starting_point"
    /// A configuration dropped in the experiment's queue by `hporun enqueue`.
    case enqueued

    /// How `status` shows it: `optimizer`, `default`, `start 2`, `enqueued`.
    public func label(startingPoint index: Int?) -> String {
        switch self {
        case .optimizer: "optimizer"
        case .default: "default"
        case .startingPoint: index.map { "start \($0)" } ?? "start"
        case .enqueued: "enqueued"
        }
    }
}

/// A point the runner is to run before it asks the optimizer, with where it came from.
public struct PlannedPoint: Sendable, Equatable {
    public var point: Point
    public var origin: TrialOrigin
    /// The 1-based index in the manifest's `starting_points`, for `.startingPoint`.
    public var startingPoint: Int?
    /// The queue file's name, for `.enqueued`.
    public var queueEntry: String?

    public init(point: Point, origin: TrialOrigin, startingPoint: Int? = nil, queueEntry: String? = nil) {
        self.point = point
        self.origin = origin
        self.startingPoint = startingPoint
        self.queueEntry = queueEntry
    }

    /// The point of an earlier trial, run again with the origin that trial had.
    public init(rerunning trial: TrialRecord) {
        self.init(point: trial.point, origin: trial.origin ?? .optimizer, startingPoint: trial.startingPoint,
                  queueEntry: trial.queueEntry)
    }
}
