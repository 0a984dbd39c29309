import Foundation

/// Writes a whole file so that a reader, or a run resumed after `kill -9`, sees either the
/// old content or the new one, never a mix: write a temp file beside it, rename it over the
/// target. A `durable` write also survives a power cut: the temp file is fsynced before the
/// rename and the directory after it (LINUX.md item 8: `Data.write(.atomic)` skips that).
/// The fsyncs are most of what a write costs (about 0.3 ms each on this machine's ext4), so
/// what only matters while the machine stays up is written without them.
public enum AtomicFile {
    public static func write(_ data: Data, to url: URL, durable: Bool = true) throws(TrialStoreError) {
        let directory = url.deletingLastPathComponent().path
        let temp = directory + "/.\(url.lastPathComponent).tmp-\(getpid())"
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .system(.write, temp) }
        let ok = writeAll(data, to: fd) && (!durable || fsync(fd) == 0)
        let writeError = errno
        close(fd)
        guard ok else {
            unlink(temp)
            throw .system(.write, url.path, code: writeError)
        }
        guard rename(temp, url.path) == 0 else {
            let code = errno
            unlink(temp)
            throw .system(.write, url.path, code: code)
        }
        if durable { syncDirectory(directory) }
    }

    /// Writes a NEW file in place, with no temp file: for files in a staging folder that is
    /// renamed into view afterwards (the rename is what makes them atomic).
    static func writeNew(_ data: Data, to url: URL) throws(TrialStoreError) {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .system(.write, url.path) }
        defer { close(fd) }
        guard writeAll(data, to: fd) else { throw .system(.write, url.path) }
    }

    /// fsync of a file written earlier without it.
    static func sync(_ path: String) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd >= 0 {
            fsync(fd)
            close(fd)
        }
    }

    /// All of `data` to `fd`, through short writes and EINTR; false on an error (errno set).
    private static func writeAll(_ data: Data, to fd: Int32) -> Bool {
        data.withUnsafeBytes { raw -> Bool in
            var offset = 0
            while offset < raw.count {
                let written = Foundation.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += written
            }
            return true
        }
    }

    /// fsync of a directory, so a rename in it survives a power cut.
    static func syncDirectory(_ path: String) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 {
            fsync(fd)
            close(fd)
        }
    }

    public static func write(_ text: String, to url: URL, durable: Bool = true) throws(TrialStoreError) {
        try write(Data(text.utf8), to: url, durable: durable)
    }
}
