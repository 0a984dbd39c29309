import Foundation

/// Writes a training program's metrics in the emetrics format (PROTOCOL.md section 3), the
/// format IBM Watson Machine Learning's HPO service reads and `hporun` reads.
///
/// ```swift
/// try EMetrics.with { em in                       // SUBID, LOG_DIR, ... from the environment
///     for epoch in 1...epochs {
///         try em.record(.train, iteration: epoch, values: ["loss": loss])
///         try em.record(.test, iteration: epoch, values: ["accuracy": accuracy])
///     }
/// }                                               // closed here, errors included
/// ```
///
/// Each record is one line of JSON appended to `evaluation-metrics.txt` with ONE `write(2)`
/// on an `O_APPEND` descriptor, so lines never interleave and a crash loses at most the
/// record being written. (A reader tailing the file can still catch a line cut at a page
/// boundary while the kernel copies it; it must keep a partial last line until its newline,
/// as hporun's reader does.) The line is byte for byte what
/// the project's Python writer (`Samples/quickstart/emetrics.py`) writes for the same
/// record: Python's `json.dumps` spacing, the envelope keys in the fixed order `meta`,
/// `grouplabel`, `etimes`, `values`, and the metric names sorted by Unicode code point.
///
/// Safe to use from several threads and tasks: records are serialised by a lock, so
/// `rindex` follows the order of the lines in the file.
public final class EMetrics: @unchecked Sendable {
    /// The SUBID this writer was opened with (`nil`: none), e.g. `"0007"`.
    public let subId: String?
    /// `meta.training_id` of every record: the `TRAINING_ID` environment variable, or `""`.
    public let trainingId: String
    /// The file the records are appended to: `<folder>/evaluation-metrics.txt`.
    public let metricsPath: String
    /// Where `close()` writes the TEST history when a SUBID was given:
    /// `$RESULT_DIR/val_dict_list.json` (or `/tmp/val_dict_list.json`).
    public let resultsPath: String
    /// The file hporun writes in the trial's directory when its pruner stops the trial:
    /// `$RESULT_DIR/hporun-stop` (nil without `RESULT_DIR`). See `shouldStop`.
    public let stopMarkerPath: String?

    // Guarded by `lock`: everything below.
    private let lock = NSLock()
    private var descriptor: Int32
    private var nextIndex = 1
    private var testHistory: [String] = []

    private init(subId: String?, trainingId: String, metricsPath: String, resultsPath: String, stopMarkerPath: String?,
                 descriptor: Int32) {
        self.subId = subId
        self.trainingId = trainingId
        self.metricsPath = metricsPath
        self.resultsPath = resultsPath
        self.stopMarkerPath = stopMarkerPath
        self.descriptor = descriptor
    }

    deinit {
        if descriptor >= 0 { _ = POSIXFile.close(descriptor) }
    }

    /// Opens the metrics log for appending, creating its folder.
    ///
    /// - Parameters:
    ///   - subId: the trial's SUBID; `nil` takes the `SUBID` environment variable. An empty
    ///     string means no SUBID.
    ///   - environment: where `SUBID`, `LOG_DIR`, `JOB_STATE_DIR`, `RESULT_DIR` and
    ///     `TRAINING_ID` are looked up (the process environment by default).
    public static func open(
        subId: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(EMetricsError) -> EMetrics {
        let subId = (subId ?? environment["SUBID"]).flatMap { $0.isEmpty ? nil : $0 }
        let folder = Self.folder(subId: subId, environment: environment)
        if let reason = POSIXFile.makeFolder(folder) {
            throw .cannotCreateFolder(path: folder, reason: reason.text)
        }
        let path = folder + "/evaluation-metrics.txt"
        let descriptor: Int32
        switch POSIXFile.openForAppend(path) {
        case .success(let fd): descriptor = fd
        case .failure(let reason): throw .cannotOpen(path: path, reason: reason.text)
        }
        let resultDirectory = environment["RESULT_DIR"].flatMap { $0.isEmpty ? nil : $0 }
        let resultFolder = resultDirectory ?? "/tmp"
        return EMetrics(
            subId: subId, trainingId: environment["TRAINING_ID"] ?? "", metricsPath: path,
            resultsPath: resultFolder + "/val_dict_list.json", stopMarkerPath: resultDirectory.map { $0 + "/hporun-stop" },
            descriptor: descriptor)
    }

    /// The folder of `evaluation-metrics.txt`, as the protocol resolves it: `LOG_DIR`, else
    /// `JOB_STATE_DIR/logs`, else `/tmp`; then `/<subId>` when a SUBID is given. Empty
    /// variables count as unset.
    public static func folder(subId: String?, environment: [String: String]) -> String {
        func variable(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        let base = variable("LOG_DIR") ?? variable("JOB_STATE_DIR").map { $0 + "/logs" } ?? "/tmp"
        guard let subId, !subId.isEmpty else { return base }
        return base + "/" + subId
    }

    /// Appends one record: `values` measured at `iteration` (an epoch, step, ...) for
    /// `group` (`.test` is what the optimizer reads). Values are `Int`, `Double`, `Float` or
    /// `String` variables or literals (`["loss": loss, "accuracy": 0.91]`); NaN and
    /// infinities are written as `"nan"`, `"inf"`, `"-inf"`.
    public func record(
        _ group: Group, iteration: Int, values: [String: any MetricValueConvertible]
    ) throws(EMetricsError) {
        let values = values.mapValues(\.metricValue)
        lock.lock()
        defer { lock.unlock() }
        guard descriptor >= 0 else { throw .closed(path: metricsPath) }
        let now = Date().timeIntervalSince1970
        let names = values.keys.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
        let line = Self.line(
            meta: meta(milliseconds: Int64((now * 1000).rounded(.down)), rindex: nextIndex),
            group: group, iteration: iteration, timeStamp: Self.timeStamp(now),
            values: names.map { ($0, values[$0]!) })
        if let reason = POSIXFile.writeAll(descriptor, Array(line.utf8)) {
            throw .writeFailed(path: metricsPath, reason: reason.text)
        }
        nextIndex += 1
        if group == .test {
            var fields = [(key: "steps", json: values["steps"]?.bareJSON ?? String(iteration))]
            fields += names.filter { $0 != "steps" }.map { ($0, values[$0]!.bareJSON) }
            testHistory.append("{" + fields.map { JSONText.quoted($0.key) + ": " + $0.json }.joined(separator: ", ") + "}")
        }
    }

    /// Closes the log and, when a SUBID was given and TEST records were made, writes the
    /// TEST history to `resultsPath` (atomically): `[{"steps": 1, "accuracy": 0.6}, ...]`.
    /// Closing again does nothing.
    public func close() throws(EMetricsError) {
        lock.lock()
        defer { lock.unlock() }
        guard descriptor >= 0 else { return }
        let failure = POSIXFile.close(descriptor)
        descriptor = -1
        if let failure { throw .writeFailed(path: metricsPath, reason: failure.text) }
        guard subId != nil, !testHistory.isEmpty else { return }
        let json = "[" + testHistory.joined(separator: ", ") + "]"
        if let reason = POSIXFile.writeAtomically(resultsPath, Array(json.utf8)) {
            throw .cannotWriteResults(path: resultsPath, reason: reason.text)
        }
    }

    /// Whether `close()` has been called.
    public var isClosed: Bool {
        lock.lock()
        defer { lock.unlock() }
        return descriptor < 0
    }

    private func meta(milliseconds: Int64, rindex: Int) -> String {
        var meta = #"{"training_id": "# + JSONText.quoted(trainingId)
        meta += #", "time": \#(milliseconds), "rindex": \#(rindex)"#
        if let subId { meta += #", "subid": "# + JSONText.quoted(subId) }
        return meta + "}"
    }

    static func line(
        meta: String, group: Group, iteration: Int, timeStamp: String, values: [(String, MetricValue)]
    ) -> String {
        let etimes = #"{"iteration": "# + MetricValue.int(iteration).wireObject
            + #", "time_stamp": "# + MetricValue.string(timeStamp).wireObject + "}"
        let fields = values.map { JSONText.quoted($0.0) + ": " + $0.1.wireObject }
        return #"{"meta": "# + meta + #", "grouplabel": "# + JSONText.quoted(group.label)
            + #", "etimes": "# + etimes + #", "values": {"# + fields.joined(separator: ", ") + "}}\n"
    }

    /// `etimes.time_stamp` as IBM's writer makes it (`strftime("%Y-%m-%dT%H:%M:%S.%s")`):
    /// local wall-clock time to the second, a dot, then the seconds since the epoch.
    static func timeStamp(_ secondsSinceEpoch: Double) -> String {
        var seconds = time_t(secondsSinceEpoch.rounded(.down))
        var parts = tm()
        localtime_r(&seconds, &parts)
        var buffer = [CChar](repeating: 0, count: 64)
        let count = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S", &parts)
        let clock = String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return clock + "." + String(Int64(seconds))
    }
}

extension EMetrics {
    /// The group of a record: `.test` (validation/holdout metrics: the only group the
    /// optimizer reads), `.train`, or any other label (`.custom("holdout")`, or a literal).
    public struct Group: Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
        /// The `grouplabel` written on the wire.
        public let label: String
        public init(_ label: String) { self.label = label }
        public init(stringLiteral label: String) { self.label = label }
        public static let train = Group("train")
        public static let test = Group("test")
        public static func custom(_ label: String) -> Group { Group(label) }
        public var description: String { label }
    }
}
