import Foundation

/// Stops an experiment whose first trials all failed the same way: a command that cannot
/// start, a missing module, a metric under another name. Running the rest of the budget
/// would only repeat the failure (issue 11 item 2).
///
/// The rule is a pure function of this run's first trials, in the order they started: when
/// the first `count` of them (3, or the budget when smaller) have all failed with the same
/// cause (the failure reason, which holds the exit status, signal, timeout or missing
/// metric) and the same last non-empty line of stderr.log, and no trial of the run has
/// completed, the run stops.
public struct SameFailureRule: Sendable, Equatable {
    public static let defaultCount = 3

    /// How many first trials must fail alike.
    public let count: Int

    public init(budget: Int, count: Int = SameFailureRule.defaultCount) {
        self.count = max(1, min(count, budget))
    }

    /// A trial of the run as far as the rule goes.
    public struct Outcome: Sendable, Equatable {
        public enum State: Sendable, Equatable {
            case running, completed
            case failed(FailureSignature)
            /// Interrupted, or refused by the launcher: says nothing about the command.
            case other
        }

        public var subid: String
        public var state: State

        public init(subid: String, state: State) {
            self.subid = subid
            self.state = state
        }
    }

    /// The repeated failure, or nil while the run should go on. `trials`: this run's trials
    /// in the order they started.
    public func verdict(_ trials: [Outcome]) -> RepeatedFailure? {
        guard trials.count >= count, !trials.contains(where: { $0.state == .completed }) else { return nil }
        let first = trials.prefix(count)
        guard case .failed(let signature) = first.first?.state,
              first.allSatisfy({ $0.state == .failed(signature) })
        else { return nil }
        return RepeatedFailure(signature: signature, subids: first.map(\.subid))
    }
}

/// How a trial failed, to tell one failure from another.
public struct FailureSignature: Sendable, Hashable {
    /// The trial's failure reason (`the command exited with status 2`, ...).
    public var cause: String
    /// The last non-empty line of the trial's stderr.log, nil when it has none; the trial's
    /// own directory in it is `trialDirectoryMark` (see `lastErrorLine(in:)`).
    public var lastErrorLine: String?
    /// What failures are compared by: the cause and the line without what belongs to the one
    /// trial (its directory; its Slurm job's id, node and end time: `SlurmJobMention`).
    private var compared: [String?]

    /// Stands for the trial's directory in `lastErrorLine`: every trial runs in its own, so a
    /// line naming it (Python's "can't open file '.../trials/0002/trian.py'" for a misspelt
    /// script) would otherwise differ from trial to trial for the same failure.
    public static let trialDirectoryMark = "<trial directory>"

    public init(cause: String, lastErrorLine: String?, trialDirectory: String? = nil, slurmJobID: String? = nil) {
        self.cause = cause
        func marked(_ line: String) -> String {
            guard let trialDirectory, !trialDirectory.isEmpty else { return line }
            let resolved = URL(fileURLWithPath: trialDirectory).resolvingSymlinksInPath().path
            return [trialDirectory, resolved].reduce(line) {
                $0.replacingOccurrences(of: $1, with: Self.trialDirectoryMark)
            }
        }
        self.lastErrorLine = lastErrorLine.map(marked)
        let general = { (text: String) in slurmJobID.map { SlurmJobMention.generalized(text, jobID: $0) } ?? text }
        compared = [general(marked(cause)), self.lastErrorLine.map(general)]
    }

    public static func == (left: Self, right: Self) -> Bool { left.compared == right.compared }
    public func hash(into hasher: inout Hasher) { hasher.combine(compared) }

    /// The last line as the trial in `trialDirectory` wrote it.
    public func lastErrorLine(in trialDirectory: String) -> String? {
        lastErrorLine?.replacingOccurrences(of: Self.trialDirectoryMark, with: trialDirectory)
    }

    /// The last non-empty line of a file, from at most its last 64 KiB (a trial may write
    /// gigabytes); nil when the file is missing, blank or not a regular file (a trial may
    /// have put a FIFO there: it must not block hporun).
    public static func lastLine(of url: URL) -> String? {
        RegularFile.lastLine(of: url.path)
    }
}

/// The first trials of a run, failed alike.
public struct RepeatedFailure: Sendable, Equatable {
    public var signature: FailureSignature
    /// The trials that failed alike, by SUBID; the first one's stderr.log is the one to read.
    public var subids: [String]

    public init(signature: FailureSignature, subids: [String]) {
        self.signature = signature
        self.subids = subids
    }
}
