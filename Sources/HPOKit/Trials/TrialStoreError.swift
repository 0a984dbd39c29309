import Foundation

/// What can go wrong with an experiment directory; each names the path and what to do.
public enum TrialStoreError: Error, LocalizedError, Equatable, Sendable {
    /// A file could not be written, with a reason that is already plain words.
    case io(path: String, reason: String)
    /// A file or folder could not be created, written or read (the system's errno).
    case file(FileProblem)
    case locked(path: String, holder: String)
    case corrupt(path: String, reason: String)
    /// `status`, `best`, `export` on a directory no hporun run wrote (or none at all);
    /// `nearby`: experiment directories next to it (`ExperimentDirectory.nearby`).
    case notAnExperiment(path: String, exists: Bool, nearby: [String] = [])
    /// A resume whose manifest or command differs from the recorded experiment's;
    /// `failedTrials` of it could be run again with `--retry-failed`.
    case mismatch(path: String, changes: [ExperimentChange], failedTrials: Int)
    /// A `--warm-start` directory this experiment cannot take (its own, or under `grid`).
    case refusedWarmStart(path: String, reason: String)

    /// A failed system call on `path`, from `errno`.
    static func system(_ operation: FileProblem.Operation, _ path: String, code: Int32 = errno) -> TrialStoreError {
        .file(FileProblem(operation, path: path, code: code))
    }

    public var errorDescription: String? {
        switch self {
        case .io(let path, let reason): "cannot write \(path): \(reason)"
        case .file(let problem): problem.description
        case .locked(let path, let holder):
            "another hporun (\(holder)) is running the experiment in \(path); wait for it, stop it, "
                + "or choose another --experiment-dir"
        case .refusedWarmStart(let path, let reason): "--warm-start \(path): \(reason)"
        case .corrupt(let path, let reason): "\(path) cannot be read: \(reason); fix the file or move it away, then run again"
        case .notAnExperiment(let path, let exists, let nearby):
            (exists ? "\(path) is not an experiment directory (it has no experiment.json); " : "\(path) does not exist; ")
                + (nearby.isEmpty
                    ? "give the directory an hporun run wrote, e.g. hpo-runs/<experiment name>"
                    : nearby.count > 3
                        ? "did you mean one of \(nearby.prefix(3).joined(separator: ", ")) (\(nearby.count) in all)?"
                        : "did you mean \(Self.list(nearby, or: true))?")
        case .mismatch(let path, let changes, let failedTrials):
            "the experiment in \(path) was started with a different "
                + Self.list(changes.map { $0.what.hasPrefix("search space") ? "search space" : $0.what }) + ":\n"
                + changes.map { "  \($0)" }.joined(separator: "\n") + "\n"
                + "rerun with --force to accept the change"
                + (failedTrials > 0
                    ? ", and --retry-failed to run the failed trials' points again (\(failedTrials) failed)" : "")
                + "; or choose another --experiment-dir"
        }
    }

    /// `a`, `a and b`, `a, b and c` (or `a, b or c`), without repeats.
    private static func list(_ items: [String], or: Bool = false) -> String {
        var unique: [String] = []
        for item in items where !unique.contains(item) { unique.append(item) }
        guard unique.count > 1 else { return unique.first ?? "" }
        return unique.dropLast().joined(separator: ", ") + (or ? " or " : " and ") + unique.last!
    }
}
