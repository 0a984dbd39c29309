import Foundation

/// What can go wrong while writing metrics; each message names the file involved.
public enum EMetricsError: Error, LocalizedError, Equatable, Sendable {
    /// The metrics folder could not be created.
    case cannotCreateFolder(path: String, reason: String)
    /// The emetrics file could not be opened for append.
    case cannotOpen(path: String, reason: String)
    /// A record could not be written (disk full, closed descriptor, ...).
    case cannotWrite(path: String, reason: String)
    /// `record` was called after `close`.
    case closed(path: String)

    public var errorDescription: String? {
        switch self {
        case .cannotCreateFolder(let path, let reason):
            "emetrics: cannot create the folder \(path): \(reason). Check LOG_DIR and its permissions."
        case .cannotOpen(let path, let reason):
            "emetrics: cannot open \(path) for append: \(reason)."
        case .cannotWrite(let path, let reason):
            "emetrics: cannot write to \(path): \(reason)."
        case .closed(let path):
            "emetrics: record called after close on \(path); open a new EMetrics to write more."
        }
    }
}

/// `strerror` as a Swift string, for error messages.
func describeErrno(_ code: Int32) -> String {
    String(cString: strerror(code))
}
