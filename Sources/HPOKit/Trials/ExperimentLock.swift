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
        guard Self.acquire(fd) else {
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

    /// Takes the lock without waiting for another runner; a few short retries within 0.2 s
    /// let a momentary probe (`isHeld`, from `hporun status`) pass without refusing this run.
    private static func acquire(_ fd: Int32) -> Bool {
        for attempt in 0..<5 {
            if flock(fd, LOCK_EX | LOCK_NB) == 0 { return true }
            if errno != EWOULDBLOCK && errno != EINTR { return false }
            if attempt < 4 { usleep(50_000) }
        }
        return false
    }

    /// Whether a runner holds the experiment's lock now: a shared lock is tried without
    /// waiting and let go at once (it never blocks, and never creates the lock file).
    /// Unknown (the file cannot be opened for another reason than being absent, or flock
    /// fails otherwise) counts as held: a live runner is never reported dead.
    public static func isHeld(directory: URL) -> Bool {
        let fd = open(directory.appendingPathComponent(".lock").path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return errno != ENOENT }
        defer { close(fd) }
        guard flock(fd, LOCK_SH | LOCK_NB) == 0 else { return true }
        flock(fd, LOCK_UN)
        return false
    }

    /// The pid the holder of the lock wrote, if any (only meaningful while `isHeld`).
    public static func holderPID(directory: URL) -> Int32? {
        let text = try? String(contentsOf: directory.appendingPathComponent(".lock"), encoding: .utf8)
        return text.flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
