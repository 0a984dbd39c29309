import Foundation

/// How to run an experiment: the manifest's method parameters, overridden by CLI flags.
public struct RunOptions: Sendable {
    /// How many trials finish (completed or failed) before the experiment ends.
    public var budget: Int
    /// Up to this many trials run at once.
    public var parallel: Int
    /// The GPUs shared out among local trials (`--gpus`), one group per running trial; nil:
    /// the trials' environment says nothing of GPUs. At least `parallel` groups.
    public var devices: DeviceGroups?
    public var trialTimeout: Duration?
    /// Between SIGTERM and SIGKILL when a trial is stopped.
    public var grace: Duration
    /// Stop launching once this many trials have failed (nil: the whole budget may fail).
    public var maxFailedTrials: Int?
    /// The seed of a new experiment (a resumed one keeps its recorded seed).
    public var seed: UInt64
    /// Whether `seed` was asked for (`--seed`, `random_seed`) rather than drawn: a resume
    /// that keeps another seed then says so.
    public var seedGiven = false
    /// Continue an experiment whose manifest or command differs from the recorded one.
    public var force: Bool
    /// How often a running trial's emetrics file is read.
    public var pollInterval: Duration
    /// Also report each line the trials write to stdout.log and stderr.log.
    public var tee: Bool
    /// Set the failed trials aside (`superseded`, recorded in experiment.json) and run their
    /// points again under the budget.
    public var retryFailed = false
    /// Other experiments whose finished trials the optimizer is told of (`--warm-start`),
    /// besides those experiment.json recorded.
    public var warmStart: [URL] = []

    public init(
        budget: Int, parallel: Int = 1, trialTimeout: Duration? = nil, grace: Duration = .seconds(10),
        maxFailedTrials: Int? = nil, seed: UInt64, force: Bool = false, pollInterval: Duration = .milliseconds(200),
        tee: Bool = false
    ) {
        self.budget = budget
        self.parallel = max(1, parallel)
        self.trialTimeout = trialTimeout
        self.grace = grace
        self.maxFailedTrials = maxFailedTrials
        self.seed = seed
        self.force = force
        self.pollInterval = pollInterval
        self.tee = tee
    }

    /// The longest trial timeout or grace period accepted: one year, in seconds. Beyond it a
    /// Duration would overflow (1e18 s), and nobody means it.
    public static let longestSeconds: Double = 365 * 24 * 3600

    /// Whether a number of seconds is a usable timeout or grace (finite, in 0 ... one year).
    public static func acceptsSeconds(_ seconds: Double) -> Bool {
        seconds.isFinite && seconds >= 0 && seconds <= longestSeconds
    }

    /// Seconds as a Duration, clamped to 0 ... one year (NaN as 0), so no input can trap.
    public static func duration(seconds: Double) -> Duration {
        let clamped = seconds.isNaN ? 0 : Swift.min(Swift.max(seconds, 0), longestSeconds)
        return .milliseconds(Int64((clamped * 1000).rounded()))
    }
}
