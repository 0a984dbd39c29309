import Foundation

/// What went wrong while writing metrics, naming the file or folder concerned.
public enum EMetricsError: Error, LocalizedError, Equatable, Sendable {
    /// The metrics folder could not be created.
    case cannotCreateFolder(path: String, reason: String)
    /// `evaluation-metrics.txt` could not be opened for appending.
    case cannotOpen(path: String, reason: String)
    /// A record could not be appended.
    case writeFailed(path: String, reason: String)
    /// `record` was called after `close`.
    case closed(path: String)
    /// `val_dict_list.json` could not be written on close.
    case cannotWriteResults(path: String, reason: String)

    public var errorDescription: String? {
        switch self {
        case .cannotCreateFolder(let path, let reason):
            return "cannot create the metrics folder \(path): \(reason). "
                + "Set LOG_DIR (or JOB_STATE_DIR) to a writable folder."
        case .cannotOpen(let path, let reason):
            return "cannot open \(path) for appending: \(reason). "
                + "Check that the folder is writable, or set LOG_DIR to one that is."
        case .writeFailed(let path, let reason):
            return "cannot append a metrics record to \(path): \(reason)."
        case .closed(let path):
            return "metrics record after close: \(path) is already closed. "
                + "Record inside EMetrics.with { ... } or before calling close()."
        case .cannotWriteResults(let path, let reason):
            return "cannot write \(path): \(reason). Set RESULT_DIR to a writable folder."
        }
    }
}
