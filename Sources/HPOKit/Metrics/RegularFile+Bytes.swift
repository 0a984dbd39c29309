import Foundation

/// Whole small files and the tail of large ones, read the safe way (`RegularFile.reading`):
/// a trial can put anything under a name hporun reads after it (a FIFO as its stderr.log or
/// its config.json, a link to `/dev/zero`), and none of it may block or flood hporun.
extension RegularFile {
    /// The bytes of `range` (from `offset`, at most `limit`), or nil when the file is missing,
    /// not a regular file, or unreadable.
    static func bytes(_ path: String, from offset: UInt64 = 0, limit: Int) -> [UInt8]? {
        guard case .file(let fd, let info) = reading(path) else { return nil }
        defer { close(fd) }
        let size = UInt64(max(0, info.st_size))
        guard offset <= size else { return [] }
        let count = Int(min(UInt64(limit), size - offset))
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let read = bytes.withUnsafeMutableBytes { buffer in
                RegularFile.read(fd, into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]),
                                 at: offset + UInt64(filled))
            }
            if read <= 0 { break }
            filled += read
        }
        return Array(bytes.prefix(filled))
    }

    /// A whole file of at most `limit` bytes (a larger one is nil), read without blocking.
    public static func contents(of path: String, limit: Int = 16 << 20) -> Data? {
        guard case .file(let fd, let info) = reading(path) else { return nil }
        close(fd)
        guard info.st_size <= limit else { return nil }
        return bytes(path, limit: limit).map { Data($0) }
    }

    /// The last non-empty line of a file (a trial's stderr.log), from at most its last
    /// `window` bytes; nil when the file is missing, blank, or not a regular file.
    public static func lastLine(of path: String, window: Int = 64 * 1024) -> String? {
        guard case .file(let fd, let info) = reading(path) else { return nil }
        close(fd)
        let size = UInt64(max(0, info.st_size))
        let start = size > UInt64(window) ? size - UInt64(window) : 0
        guard let tail = bytes(path, from: start, limit: window) else { return nil }
        return String(decoding: tail, as: UTF8.self).split(whereSeparator: \.isNewline).reversed()
            .map { $0.trimmingCharacters(in: .whitespaces) }.first { !$0.isEmpty }
    }
}
