import Foundation

/// Where a writer puts its files, resolved from the environment exactly as PROTOCOL.md
/// section 3 says: the metrics folder is LOG_DIR, else JOB_STATE_DIR/logs, else /tmp, then
/// `/<SUBID>` when a SUBID is given; `val_dict_list.json` goes to RESULT_DIR, else /tmp.
public struct MetricsLocation: Sendable, Hashable {
    /// The folder holding `evaluation-metrics.txt`.
    public var folder: String
    /// The folder receiving `val_dict_list.json` on close.
    public var resultFolder: String

    public static let metricsFileName = "evaluation-metrics.txt"
    public static let historyFileName = "val_dict_list.json"

    public var metricsFile: String { folder + "/" + Self.metricsFileName }
    public var historyFile: String { resultFolder + "/" + Self.historyFileName }

    public init(subID: String?, environment: [String: String]) {
        let base: String
        if let logDir = environment["LOG_DIR"], !logDir.isEmpty {
            base = logDir
        } else if let stateDir = environment["JOB_STATE_DIR"], !stateDir.isEmpty {
            base = stateDir + "/logs"
        } else {
            base = "/tmp"
        }
        folder = subID.map { base + "/" + $0 } ?? base
        resultFolder = environment["RESULT_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
    }
}
