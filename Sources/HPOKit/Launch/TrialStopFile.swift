import Foundation

/// `hporun-stopping` in a watched local trial's directory: written by hporun before it sends
/// the trial's group its first signal, so that a run resumed after hporun died in the middle of
/// a stop knows that the trial's end was hporun's doing, not the trial's own: a trial that was
/// timing out is recorded as timed out; one stopped for any other reason (Ctrl-C, the pruner,
/// the same-failure rule) is not collected but run again, as hporun decided when it stopped it.
/// The first reason stays (a trial timing out and then interrupted timed out).
enum TrialStopFile {
    static let name = "hporun-stopping"

    enum Reason: String {
        case timeout
        case stop
    }

    /// Records the reason unless one is recorded already. The file is created exclusively
    /// and then written: read in between, it is empty, which counts as `stop`.
    static func record(_ reason: Reason, in trialDirectory: URL) {
        let path = trialDirectory.appendingPathComponent(name).path
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return }
        defer { close(fd) }
        let line = reason.rawValue + "\n"
        _ = line.utf8CString.withUnsafeBufferPointer { write(fd, $0.baseAddress, $0.count - 1) }
    }

    /// The recorded reason, nil when hporun never began to stop the trial.
    static func read(in trialDirectory: URL) -> Reason? {
        guard let data = FileManager.default.contents(atPath: trialDirectory.appendingPathComponent(name).path)
        else { return nil }
        return String(decoding: data, as: UTF8.self).hasPrefix(Reason.timeout.rawValue) ? .timeout : .stop
    }
}
