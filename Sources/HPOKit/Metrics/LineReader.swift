import Foundation

/// Reads the lines appended to a file a trial writes, in bounded time and memory whatever
/// the file is: it opens only regular files, never blocking (`RegularFile`); each read takes
/// at most a given number of bytes, never more than the file held when it was looked at
/// (a writer that never stops cannot keep a read going); a line longer than `lineLimit` is
/// never held whole (its first `lineLimit` bytes are kept, the rest counted and dropped, and
/// handed over as `.cut` when the line ends); with a `sizeLimit`, reading stops there and
/// the file is refused.
///
/// A file that shrank, was replaced (a new inode) or was rewritten (its first or last bytes
/// read so far changed) is read again from its start, after a `.restarted` event.
/// The lines are handed over as views of a buffer, valid only during the call. Lines are
/// found with `memchr`; with `runs`, the complete lines of each read chunk go in one
/// `.lines` event (for `--tee`, which copies them as they are) instead of one event each.
struct LineReader: Sendable {
    enum Event {
        case line(UnsafeBufferPointer<UInt8>)
        /// Complete lines, each ending in its newline, none over `lineLimit` (only with `runs`).
        case lines(UnsafeBufferPointer<UInt8>)
        /// The first `lineLimit` bytes of a line of `length` bytes; the rest of it was dropped.
        case cut(UnsafeBufferPointer<UInt8>, length: UInt64)
        /// The file is read again from its start: forget what came from it.
        case restarted
    }

    static let lineLimit = 1 << 20
    /// At most `lineLimit`: a line that fits in one chunk is never over the limit, so a run
    /// of them needs no check.
    static let chunkSize = 1 << 20
    /// How many bytes at the file's start and before the offset are compared at each read.
    static let fingerprintSize = 512

    let path: String
    let sizeLimit: UInt64?
    /// Hands the complete lines of a chunk over as one `.lines` event.
    let runs: Bool
    /// Why the file is not read (sticky: a trial that made it a FIFO once is not trusted).
    private(set) var refusal: FileRefusal?
    private var offset: UInt64 = 0
    private var inode: UInt64?
    private var partial: [UInt8] = []
    /// Inside a line past `lineLimit`: bytes are dropped until its newline.
    private var discarding = false
    /// The length so far of the line being dropped.
    private var cutLength: UInt64 = 0
    private var head: [UInt8] = []
    private var tail: [UInt8] = []

    /// Dropping, unseen, the rest of a line begun before `skipExisting` (one too long to
    /// show whole from its start).
    private var skippingToNewline = false

    /// Inside a line past `lineLimit` (its `.cut` comes with its newline, or `flush`).
    var isCutting: Bool { discarding }

    init(path: String, sizeLimit: UInt64? = nil, runs: Bool = false) {
        self.path = path
        self.sizeLimit = sizeLimit
        self.runs = runs
    }

    /// Starts after what the file holds now, so that only lines written from now on are read
    /// (`--tee` on a trial a resumed run follows): at the start of its last line if that line
    /// is not complete yet (a line is shown whole), or past it if it began more than
    /// `lineLimit` bytes ago (the rest of it is dropped).
    mutating func skipExisting() {
        guard case .file(let fd, let info) = RegularFile.reading(path) else { return }
        defer { close(fd) }
        let size = UInt64(max(info.st_size, 0))
        let window = min(size, UInt64(Self.lineLimit))
        var last = [UInt8](repeating: 0, count: Int(window))
        let count = last.withUnsafeMutableBytes { RegularFile.read(fd, into: $0, at: size - window) }
        guard count == Int(window) else { return }
        if let newline = last.lastIndex(of: 0x0A) {
            offset = size - window + UInt64(newline) + 1
        } else if window == size {
            offset = 0
        } else {
            offset = size
            skippingToNewline = true
        }
        // The fingerprints of what counts as read, as `remember` keeps them.
        func bytes(at position: UInt64, _ length: UInt64) -> [UInt8] {
            var found = [UInt8](repeating: 0, count: Int(length))
            let count = found.withUnsafeMutableBytes { RegularFile.read(fd, into: $0, at: position) }
            return Array(found.prefix(max(0, count)))
        }
        let fingerprint = min(offset, UInt64(Self.fingerprintSize))
        head = bytes(at: 0, fingerprint)
        tail = bytes(at: offset - fingerprint, fingerprint)
        inode = UInt64(info.st_ino)
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
        if skippingToNewline { return }
        if discarding || !partial.isEmpty { endLine(body) }
    }

    private mutating func split(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (Event) -> Void) {
        guard let base = bytes.baseAddress else { return }
        var start = 0
        if skippingToNewline {
            guard let found = memchr(base, 0x0A, bytes.count) else { return }
            skippingToNewline = false
            start = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
        }
        while start < bytes.count {
            guard let found = memchr(base + start, 0x0A, bytes.count - start) else {
                keep(UnsafeBufferPointer(rebasing: bytes[start...]))
                return
            }
            let newline = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            if partial.isEmpty, !discarding {
                if runs {
                    // Every line from here to the chunk's last newline, in one event.
                    var last = bytes.count - 1
                    while bytes[last] != 0x0A { last -= 1 }
                    body(.lines(UnsafeBufferPointer(rebasing: bytes[start...last])))
                    start = last + 1
                    continue
                }
                let line = UnsafeBufferPointer(rebasing: bytes[start..<newline])
                body(
                    line.count > Self.lineLimit
                        ? .cut(UnsafeBufferPointer(rebasing: line[..<Self.lineLimit]), length: UInt64(line.count))
                        : .line(line))
            } else {
                keep(UnsafeBufferPointer(rebasing: bytes[start..<newline]))
                endLine(body)
            }
            start = newline + 1
        }
    }

    /// Hands over the line held (whole, or cut with its length) and starts the next one.
    private mutating func endLine(_ body: (Event) -> Void) {
        partial.withUnsafeBufferPointer { body(discarding ? .cut($0, length: cutLength) : .line($0)) }
        partial.removeAll(keepingCapacity: partial.count <= 64 << 10)
        discarding = false
        cutLength = 0
    }

    /// Holds the start of a line until its newline; past `lineLimit`, keeps its first
    /// `lineLimit` bytes and only counts the rest.
    private mutating func keep(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard !discarding else {
            cutLength += UInt64(bytes.count)
            return
        }
        let room = Self.lineLimit - partial.count
        if bytes.count <= room {
            partial.append(contentsOf: bytes)
            return
        }
        partial.append(contentsOf: bytes[..<room])
        discarding = true
        cutLength = UInt64(Self.lineLimit + bytes.count - room)
    }

    private mutating func restart() {
        offset = 0
        skippingToNewline = false
        partial.removeAll()
        discarding = false
        cutLength = 0
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
