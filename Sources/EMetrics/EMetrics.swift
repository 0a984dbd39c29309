import Foundation
import Synchronization

/// Reports a training program's metrics in the emetrics format hporun (and IBM Watson
/// Machine Learning's HPO) reads: one JSON line per record in `evaluation-metrics.txt`,
/// and on close the TEST history in `val_dict_list.json`.
///
/// ```swift
/// try EMetrics.with { em in
///     for epoch in 1...epochs {
///         try em.record(.train, iteration: epoch, values: ["loss": trainLoss])
///         try em.record(.test, iteration: epoch, values: ["accuracy": accuracy, "loss": testLoss])
///     }
/// }
/// ```
///
/// Safe to share between threads and tasks: records are serialised, each one a single
/// `write(2)` of a whole line.
public final class EMetrics: Sendable {
    /// The resolved files this writer uses.
    public let location: MetricsLocation
    /// The SUBID the records carry (`meta.subid`), nil when none was given.
    public let subID: String?
    private let trainingID: String
    private let state: Mutex<State>

    private struct State: ~Copyable {
        var file: AppendFile
        var rindex = 0
        var testHistory: [[String: MetricValue]] = []
        var closed = false
    }

    /// Opens the metrics file for append, creating its folder.
    ///
    /// - Parameters:
    ///   - subID: the trial's SUBID; nil takes the `SUBID` environment variable (as set by
    ///     hporun); with neither, records go to the folder without a SUBID and no
    ///     `val_dict_list.json` is written.
    ///   - environment: where LOG_DIR, JOB_STATE_DIR, RESULT_DIR, TRAINING_ID and SUBID
    ///     come from; the process environment by default.
    public static func open(
        subID: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> EMetrics {
        try EMetrics(subID: subID, environment: environment)
    }

    private init(subID: String?, environment: [String: String]) throws(EMetricsError) {
        let subID = subID ?? environment["SUBID"].flatMap { $0.isEmpty ? nil : $0 }
        let location = MetricsLocation(subID: subID, environment: environment)
        do {
            try FileManager.default.createDirectory(
                atPath: location.folder, withIntermediateDirectories: true)
        } catch {
            throw .cannotCreateFolder(path: location.folder, reason: error.localizedDescription)
        }
        self.location = location
        self.subID = subID
        trainingID = environment["TRAINING_ID"] ?? ""
        state = Mutex(State(file: try AppendFile(path: location.metricsFile)))
    }

    /// Appends one record: the metrics of `group` at `iteration` (an epoch, step, ...).
    /// TEST records are also kept for `val_dict_list.json`.
    public func record(_ group: MetricsGroup, iteration: Int, values: [String: MetricValue]) throws {
        try state.withLock { (state: inout State) throws(EMetricsError) in
            guard !state.closed else { throw .closed(path: location.metricsFile) }
            state.rindex += 1
            let line = RecordLine.format(
                trainingID: trainingID, timeMilliseconds: Self.nowMilliseconds(), rindex: state.rindex,
                subID: subID, group: group, iteration: iteration, values: values)
            try state.file.append(Array(line.utf8))
            if group == .test {
                var entry = values
                entry["steps"] = .int(iteration)
                state.testHistory.append(entry)
            }
        }
    }

    /// Closes the metrics file and, when a SUBID was given, writes the TEST history to
    /// `val_dict_list.json`. Closing twice is harmless.
    public func close() throws {
        let history: [[String: MetricValue]]? = state.withLock { state in
            guard !state.closed else { return nil }
            state.closed = true
            state.file.close()
            return state.testHistory
        }
        guard let history, subID != nil else { return }
        try ValDictList.write(history, to: location.historyFile)
    }

    /// Opens a writer, runs `body`, and closes it on every path, errors included.
    public static func with<Result>(
        subID: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment,
        _ body: (EMetrics) throws -> Result
    ) throws -> Result {
        let metrics = try open(subID: subID, environment: environment)
        let result: Result
        do {
            result = try body(metrics)
        } catch {
            try? metrics.close()
            throw error
        }
        try metrics.close()
        return result
    }

    /// Opens a writer, runs the async `body`, and closes it on every path, errors included.
    public static func with<Result>(
        subID: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment,
        _ body: (EMetrics) async throws -> Result
    ) async throws -> Result {
        let metrics = try open(subID: subID, environment: environment)
        let result: Result
        do {
            result = try await body(metrics)
        } catch {
            try? metrics.close()
            throw error
        }
        try metrics.close()
        return result
    }

    deinit {
        try? close()
    }

    private static func nowMilliseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }
}
