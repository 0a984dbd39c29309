import Foundation

/// How a trial's command runs: argv directly (what follows `--`), or one string through
/// `/bin/sh -c` (the manifest's `command`, as WML ran it).
public enum TrialCommand: Sendable, Codable, Equatable {
    case argv([String])
    case shell(String)

    public var display: String {
        switch self {
        case .argv(let arguments): arguments.joined(separator: " ")
        case .shell(let command): command
        }
    }
}

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
    }

    /// What must match for a run to continue this experiment (the budget may change).
    public func differences(from other: ExperimentRecord) -> [String] {
        var differences: [String] = []
        if hyperParameters != other.hyperParameters { differences.append("search space") }
        if method.name != other.method.name || method.objective != other.method.objective
            || method.direction != other.method.direction || method.objectiveStrategy != other.method.objectiveStrategy {
            differences.append("method or objective")
        }
        if command != other.command { differences.append("command") }
        return differences
    }
}
