import Foundation

/// The few POSIX calls the writer needs, with EINTR and short writes handled. Failures come
/// back as `strerror` text so the caller can name the path in its own error.
enum POSIXFile {
    static func errnoText(_ code: Int32 = errno) -> String { String(cString: strerror(code)) }

    /// Creates `path` and its parents (like `mkdir -p`, mode 0755); `nil` on success, else
    /// the reason (`Permission denied`, `/x/y is a file, not a folder`).
    static func makeFolder(_ path: String) -> POSIXReason? {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
            return isFolder.boolValue ? nil : POSIXReason("\(path) is a file, not a folder")
        }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty, parent != path, let failure = makeFolder(parent) { return failure }
        if mkdir(path, 0o755) != 0, errno != EEXIST { return POSIXReason(errnoText()) }
        return nil
    }

    /// Opens `path` for appending (`O_APPEND`: every write lands at the end, atomically with
    /// respect to other appenders), creating it with mode 0644.
    static func openForAppend(_ path: String) -> Result<Int32, POSIXReason> {
        while true {
            let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
            if fd >= 0 { return .success(fd) }
            if errno != EINTR { return .failure(POSIXReason(errnoText())) }
        }
    }

    /// Writes all of `bytes` with as few `write(2)` calls as the kernel allows: one for a
    /// line on a local file; retried on EINTR and continued after a short write.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> POSIXReason? {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                write(fd, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                return POSIXReason(errnoText())
            }
            offset += written
        }
        return nil
    }

    /// Closes `fd`, ignoring EINTR (on Linux the descriptor is released even then).
    static func close(_ fd: Int32) -> POSIXReason? {
        if Foundation.close(fd) == 0 || errno == EINTR { return nil }
        return POSIXReason(errnoText())
    }

    /// Replaces `path` with `bytes` atomically: a temporary file beside it, fsync, rename,
    /// fsync of the folder, so a reader sees the old file or the new one, never half of one.
    static func writeAtomically(_ path: String, _ bytes: [UInt8]) -> POSIXReason? {
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if fd < 0 { return POSIXReason(errnoText()) }
        if let failure = writeAll(fd, bytes) ?? (fsync(fd) == 0 ? nil : POSIXReason(errnoText())) {
            _ = close(fd)
            unlink(temporary)
            return failure
        }
        if let failure = close(fd) {
            unlink(temporary)
            return failure
        }
        if rename(temporary, path) != 0 {
            let failure = POSIXReason(errnoText())
            unlink(temporary)
            return failure
        }
        let folder = (path as NSString).deletingLastPathComponent
        let folderFD = open(folder.isEmpty ? "." : folder, O_RDONLY | O_CLOEXEC)
        if folderFD >= 0 {
            _ = fsync(folderFD)
            _ = close(folderFD)
        }
        return nil
    }
}

/// Why a POSIX call failed, as `strerror` text.
struct POSIXReason: Error, Equatable {
    let text: String
    init(_ text: String) { self.text = text }
}
