import Foundation

/// Reads the lines appended to a file a trial writes, in bounded time and memory whatever
/// the file is: it opens only regular files, never blocking (`RegularFile`); each read takes
/// at most a given number of bytes, never more than the file held when it was looked at
/// (a writer that never stops cannot keep a read going); a line longer than `lineLimit` is
/// never held whole (its first `lineLimit` bytes are handed over as `.cut`, the rest
/// dropped); with a `sizeLimit`, reading stops there and the file is refused.
///
/// A file that shrank, was replaced (a new inode) or was rewritten (its first or last bytes
/// read so far changed) is read again from its start, after a `.restarted` event.
/// The lines are handed over as views of a buffer, valid only during the call.
struct LineReader: Sendable {
    enum Event {
        case line(UnsafeBufferPointer<UInt8>)
        /// The first `lineLimit` bytes of a longer line; the rest of it is dropped.
        case cut(UnsafeBufferPointer<UInt8>)
        /// The file is read again from its start: forget what came from it.
        case restarted
    }

    static let lineLimit = 1 << 20
    static let chunkSize = 1 << 20
    /// How many bytes at the file's start and before the offset are compared at each read.
    static let fingerprintSize = 512

    let path: String
    let sizeLimit: UInt64?
    /// Why the file is not read (sticky: a trial that made it a FIFO once is not trusted).
    private(set) var refusal: FileRefusal?
    private var offset: UInt64 = 0
    private var inode: UInt64?
    private var partial: [UInt8] = []
    /// Inside a line past `lineLimit`: bytes are dropped until its newline.
    private var discarding = false
    private var head: [UInt8] = []
    private var tail: [UInt8] = []

    init(path: String, sizeLimit: UInt64? = nil) {
        self.path = path
        self.sizeLimit = sizeLimit
    }

    /// Reads at most `budget` new bytes; returns how many were read and how many more the
    /// file held when it was opened.
    mutating func read(budget: UInt64, _ body: (Event) -> Void) -> (read: UInt64, remaining: UInt64) {
        guard refusal == nil else { return (0, 0) }
        let fd: Int32
        let size: UInt64
        let fileInode: UInt64
        switch RegularFile.reading(path) {
        case .missing: return (0, 0)
        case .refused(let why):
            refusal = why
            return (0, 0)
        case .file(let descriptor, let info):
            (fd, size, fileInode) = (descriptor, UInt64(max(info.st_size, 0)), UInt64(info.st_ino))
        }
        defer { close(fd) }
        if inode != nil, inode != fileInode || size < offset || !sameBytesAsRead(fd) {
            restart()
            body(.restarted)
        }
        inode = fileInode
        var end = offset + min(budget, size - offset)
        if let sizeLimit, end > sizeLimit {
            end = sizeLimit
            if offset >= sizeLimit {
                refusal = .tooLarge(path: path, limit: Int(sizeLimit))
                return (0, 0)
            }
        }
        let start = offset
        guard end > offset else { return (0, size - offset) }
        var buffer = [UInt8](repeating: 0, count: Int(min(UInt64(Self.chunkSize), end - offset)))
        while offset < end {
            let wanted = Int(min(UInt64(buffer.count), end - offset))
            let count = buffer.withUnsafeMutableBytes { raw in
                RegularFile.read(fd, into: UnsafeMutableRawBufferPointer(rebasing: raw[..<wanted]), at: offset)
            }
            guard count > 0 else { break }
            buffer.withUnsafeBufferPointer { all in
                let bytes = UnsafeBufferPointer(rebasing: all[..<count])
                remember(bytes)
                split(bytes, body)
            }
            offset += UInt64(count)
        }
        return (offset - start, size > offset ? size - offset : 0)
    }

    /// Hands over a last line without its newline (when the writer is done).
    mutating func flush(_ body: (Event) -> Void) {
        if !partial.isEmpty, !discarding { partial.withUnsafeBufferPointer { body(.line($0)) } }
        partial.removeAll()
        discarding = false
    }

    private mutating func split(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (Event) -> Void) {
        guard let base = bytes.baseAddress else { return }
        var start = 0
        while start < bytes.count {
            guard let found = memchr(base + start, 0x0A, bytes.count - start) else {
                keep(UnsafeBufferPointer(rebasing: bytes[start...]), body)
                return
            }
            let newline = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            let line = UnsafeBufferPointer(rebasing: bytes[start..<newline])
            if discarding {
                discarding = false
            } else if partial.isEmpty {
                body(
                    line.count > Self.lineLimit
                        ? .cut(UnsafeBufferPointer(rebasing: line[..<Self.lineLimit])) : .line(line))
            } else {
                keep(line, body)
                if !discarding { partial.withUnsafeBufferPointer { body(.line($0)) } }
                partial.removeAll(keepingCapacity: partial.count <= 64 << 10)
                discarding = false
            }
            start = newline + 1
        }
    }

    /// Holds the start of a line until its newline; past `lineLimit`, hands over its first
    /// `lineLimit` bytes as `.cut` and drops the rest.
    private mutating func keep(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (Event) -> Void) {
        guard !discarding else { return }
        let room = Self.lineLimit - partial.count
        if bytes.count <= room {
            partial.append(contentsOf: bytes)
            return
        }
        partial.append(contentsOf: bytes[..<room])
        partial.withUnsafeBufferPointer { body(.cut($0)) }
        partial.removeAll()
        discarding = true
    }

    private mutating func restart() {
        offset = 0
        partial.removeAll()
        discarding = false
        head.removeAll()
        tail.removeAll()
    }

    /// Keeps the first bytes of the file and the last ones read, to notice a rewrite.
    private mutating func remember(_ bytes: UnsafeBufferPointer<UInt8>) {
        if head.count < Self.fingerprintSize {
            head.append(contentsOf: bytes.prefix(Self.fingerprintSize - head.count))
        }
        if bytes.count >= Self.fingerprintSize {
            tail = Array(bytes.suffix(Self.fingerprintSize))
        } else {
            tail.append(contentsOf: bytes)
            if tail.count > Self.fingerprintSize { tail.removeFirst(tail.count - Self.fingerprintSize) }
        }
    }

    /// Whether the bytes read so far are still there (first and last `fingerprintSize`).
    private func sameBytesAsRead(_ fd: Int32) -> Bool {
        func matches(_ expected: [UInt8], at position: UInt64) -> Bool {
            guard !expected.isEmpty else { return true }
            var found = [UInt8](repeating: 0, count: expected.count)
            let count = found.withUnsafeMutableBytes { RegularFile.read(fd, into: $0, at: position) }
            return count == expected.count && found == expected
        }
        return matches(head, at: 0) && matches(tail, at: offset - UInt64(tail.count))
    }
}
