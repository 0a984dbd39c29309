import Foundation

/// Reads an emetrics file incrementally while the training program writes it: each `poll`
/// reads only the bytes added since the last one, hands back the complete lines as records,
/// and keeps a partial last line until its newline arrives. Blank and garbage lines are
/// skipped and counted, never fatal. A file that shrinks (truncated) or is replaced (a new
/// inode) is read again from its start.
///
/// Polling, not a Dispatch source: on Linux a regular file is always "readable"
/// (LINUX.md item 4).
public struct MetricsTail: Sendable {
    public let path: String
    /// Lines that were not emetrics records (garbage, blank, not JSON).
    public private(set) var skippedLines = 0
    /// Complete records read so far.
    public private(set) var recordCount = 0
    private var offset: UInt64 = 0
    private var inode: UInt64?
    private var partial: [UInt8] = []

    /// The most a single poll reads, so a huge backlog is consumed in bounded steps.
    static let chunkSize = 4 << 20

    public init(path: String) {
        self.path = path
    }

    /// The records completed since the last poll (an empty list when the file does not
    /// exist yet or has nothing new).
    public mutating func poll() -> [MetricRecord] {
        var records: [MetricRecord] = []
        poll { records.append($0) }
        return records
    }

    /// Streams the new records to `body` without collecting them (for very large files).
    public mutating func poll(_ body: (MetricRecord) -> Void) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return }
        let size = UInt64(info.st_size)
        if inode != nil && (inode != UInt64(info.st_ino) || size < offset) {
            offset = 0  // replaced or truncated: start over
            partial.removeAll()
        }
        inode = UInt64(info.st_ino)
        var buffer = [UInt8](repeating: 0, count: Self.chunkSize)
        while true {
            let count = buffer.withUnsafeMutableBytes { raw in
                pread(fd, raw.baseAddress, raw.count, off_t(offset))
            }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            offset += UInt64(count)
            consume(buffer[0..<count], body)
        }
    }

    private mutating func consume(_ bytes: ArraySlice<UInt8>, _ body: (MetricRecord) -> Void) {
        var start = bytes.startIndex
        while let newline = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) {
            let record: MetricRecord?
            if partial.isEmpty {
                record = MetricRecord.parse(bytes[start..<newline])
            } else {
                partial.append(contentsOf: bytes[start..<newline])
                record = MetricRecord.parse(partial)
                partial.removeAll(keepingCapacity: true)
            }
            if let record {
                recordCount += 1
                body(record)
            } else {
                skippedLines += 1
            }
            start = newline + 1
        }
        partial.append(contentsOf: bytes[start...])
    }
}
