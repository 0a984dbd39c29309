import Foundation

/// `experiment.json`: the experiment as resolved when it started, so a resumed run can check
/// it continues the same one, and a person can see what ran.
public struct ExperimentRecord: Sendable, Codable, Equatable {
    public struct ResolvedMethod: Sendable, Codable, Equatable {
        public var name: String
        public var objective: String
        public var direction: String
        public var objectiveStrategy: String
        public var numOptimizerSteps: Int
        public var filename: String
        public var timeInterval: String?

        /// `rbfopt, maximize accuracy (best of the TEST history)`, for a person.
        var summary: String { "\(name), \(direction) \(objective) (\(objectiveStrategy) of the TEST history)" }
    }

    public struct ResolvedParameter: Sendable, Codable, Equatable {
        public var name: String
        public var domain: String
    }

    public var name: String
    public var hporunVersion: String
    public var createdAt: Date
    public var seed: UInt64
    public var manifestPath: String
    public var method: ResolvedMethod
    public var hyperParameters: [ResolvedParameter]
    public var command: TrialCommand
    /// Each `--retry-failed`: the failed trials it set aside (`superseded`) and when. Their
    /// trial.json files stay as they were; this list is what says they no longer count.
    public var retries: [FailedTrialsRetry]?
    /// The other experiments `--warm-start` feeds to the optimizer: a resumed run reads
    /// them again (and any it adds), so it proposes what the first run would have.
    public var warmStarts: [WarmStartSource]?
    /// The training reference the run chose (a manifest with several), for `hporun enqueue`,
    /// which reads the manifest again to check a configuration against the space.
    public var trainingReference: String?
    /// The pruner and its settings (`PrunerSettings.summary`, "none" for none); absent in an
    /// experiment an older hporun started, which is then not compared.
    public var pruner: String?
    /// The method's settings the manifest gives (`tpe_gamma 0.5, tpe_candidates 48`;
    /// "defaults" for none), so a person sees what proposed the trials and a resume with
    /// others is refused like another method; absent in an experiment an older hporun
    /// started, which is then not compared.
    public var settings: String?

    public init(name: String, version: String, seed: UInt64, manifestPath: String, manifest: Manifest,
                command: TrialCommand, createdAt: Date = Date()) {
        self.name = name
        hporunVersion = version
        self.createdAt = createdAt
        self.seed = seed
        self.manifestPath = manifestPath
        let m = manifest.method
        method = ResolvedMethod(
            name: m.name.rawValue, objective: m.objective, direction: m.direction.rawValue,
            objectiveStrategy: m.objectiveStrategy.rawValue, numOptimizerSteps: m.numOptimizerSteps,
            filename: m.filename, timeInterval: m.timeInterval)
        let space = manifest.space
        hyperParameters = manifest.hyperParameters.map {
            ResolvedParameter(name: $0.name, domain: space.describe($0))
        }
        self.command = command
        trainingReference = manifest.trainingReference
        pruner = manifest.method.pruner?.summary ?? "none"
        settings = Self.settings(manifest.method.options)
    }

    /// `tpe_candidates 48, tpe_gamma 0.5`, by name; "defaults" when none is given.
    static func settings(_ options: [String: ParameterValue]) -> String {
        options.isEmpty ? "defaults" : options.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    }

    /// What must match for a run to continue this experiment (the budget may change): each
    /// change with what this record says and what `other` (the run now) says.
    public func differences(from other: ExperimentRecord) -> [ExperimentChange] {
        var changes: [ExperimentChange] = []
        if hyperParameters != other.hyperParameters {
            let old = Dictionary(hyperParameters.map { ($0.name, $0.domain) }, uniquingKeysWith: { a, _ in a })
            let new = Dictionary(other.hyperParameters.map { ($0.name, $0.domain) }, uniquingKeysWith: { a, _ in a })
            var names = hyperParameters.map(\.name)
            names += other.hyperParameters.map(\.name).filter { old[$0] == nil }
            for name in names where old[name] != new[name] {
                changes.append(ExperimentChange(what: "search space '\(name)'", recorded: old[name] ?? "(absent)",
                                                now: new[name] ?? "(absent)"))
            }
            if changes.isEmpty {  // the same parameters in another order
                changes.append(ExperimentChange(
                    what: "search space order", recorded: hyperParameters.map(\.name).joined(separator: ", "),
                    now: other.hyperParameters.map(\.name).joined(separator: ", ")))
            }
        }
        if method.name != other.method.name || method.objective != other.method.objective
            || method.direction != other.method.direction || method.objectiveStrategy != other.method.objectiveStrategy {
            changes.append(ExperimentChange(what: "method", recorded: method.summary, now: other.method.summary))
        }
        // Other settings would have proposed other trials: refused as another method (--force records them).
        if let settings, let now = other.settings, settings != now {
            changes.append(ExperimentChange(what: "method setting", recorded: settings, now: now))
        }
        // Another pruner would have pruned other trials: refused like another method (--force records it).
        if let pruner, let now = other.pruner, pruner != now {
            changes.append(ExperimentChange(what: "pruner", recorded: pruner, now: now))
        }
        if command != other.command {
            changes.append(ExperimentChange(what: "command", recorded: command.display, now: other.command.display))
        }
        return changes
    }

    /// The SUBIDs every recorded `--retry-failed` set aside.
    public var supersededSubids: Set<String> { Set((retries ?? []).flatMap(\.subids)) }

    /// The trials as they count now: a failed trial that a `--retry-failed` set aside is
    /// `superseded` (its trial.json on disk still says `failed`, as it was written).
    public func applyingRetries(to trials: [TrialRecord]) -> [TrialRecord] {
        let superseded = supersededSubids
        guard !superseded.isEmpty else { return trials }
        return trials.map { trial in
            guard trial.state == .failed, superseded.contains(trial.subid) else { return trial }
            var trial = trial
            trial.state = .superseded
            return trial
        }
    }
}

/// One difference between a recorded experiment and the run that would continue it.
public struct ExperimentChange: Sendable, Equatable, CustomStringConvertible {
    public var what: String
    public var recorded: String
    public var now: String

    public init(what: String, recorded: String, now: String) {
        self.what = what
        self.recorded = recorded
        self.now = now
    }

    /// `command: recorded: python3 train.py / now: python3 train2.py`
    public var description: String { "\(what): recorded: \(recorded) / now: \(now)" }
}

/// One `--retry-failed`: which failed trials it set aside, so their points run again.
public struct FailedTrialsRetry: Sendable, Codable, Equatable {
    public var at: Date
    public var subids: [String]

    public init(at: Date, subids: [String]) {
        self.at = at
        self.subids = subids
    }
}
