import Foundation

/// An exclusive lock on an experiment directory, held for the life of the runner: a second
/// hporun on the same directory is refused with a clear message. `flock` locks die with
/// their process, so a runner killed with SIGKILL never leaves a stale lock behind.
public final class ExperimentLock: Sendable {
    private let descriptor: Int32

    public init(directory: URL) throws(TrialStoreError) {
        let path = directory.appendingPathComponent(".lock").path
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .system(.create, path) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let holder = (try? String(contentsOfFile: path, encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines)
            close(fd)
            throw .locked(path: directory.path, holder: holder.map { $0.isEmpty ? "unknown pid" : "pid \($0)" } ?? "unknown pid")
        }
        ftruncate(fd, 0)
        let pid = "\(getpid())\n"
        _ = pid.withCString { Foundation.write(fd, $0, strlen($0)) }
        descriptor = fd
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
