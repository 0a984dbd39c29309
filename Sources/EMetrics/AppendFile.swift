import Foundation

/// A file opened with `O_APPEND` where each `append` is one `write(2)` of a whole line, so a
/// reader tailing the file never sees half a record from us and a crash loses at most the
/// record being written. Not thread-safe by itself: `EMetrics` serialises calls.
struct AppendFile: ~Copyable {
    let path: String
    private var descriptor: Int32

    init(path: String) throws(EMetricsError) {
        self.path = path
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .cannotOpen(path: path, reason: describeErrno(errno)) }
        descriptor = fd
    }

    /// Writes `bytes` with as few `write(2)` calls as the kernel allows (one for any line of
    /// a sane size), retrying on EINTR and short writes.
    func append(_ bytes: [UInt8]) throws(EMetricsError) {
        guard descriptor >= 0 else { throw .closed(path: path) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw .cannotWrite(path: path, reason: describeErrno(errno))
            }
            offset += written
        }
    }

    mutating func close() {
        guard descriptor >= 0 else { return }
        closeDescriptor(descriptor)
        descriptor = -1
    }

    deinit {
        if descriptor >= 0 { closeDescriptor(descriptor) }
    }
}

/// `close(2)`, outside the type so its name does not clash with `AppendFile.close()`.
private func closeDescriptor(_ descriptor: Int32) {
    _ = close(descriptor)
}
