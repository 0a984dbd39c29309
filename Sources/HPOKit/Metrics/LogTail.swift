import Foundation

/// Reads the complete lines added to a text log since the last poll (a trial's stdout.log
/// or stderr.log), for `--tee`, in time linear in what it reads and with no work per line:
/// the lines go out as bytes in batches (`OutputLines`, about `batchSize` each), copied a
/// chunk at a time as the file holds them. Each poll reads at most `pollBudget` bytes; a
/// line over `LineReader.lineLimit` is never held whole: its first MiB is shown with a note
/// of its length; a partial last line waits for its newline (or `flush`). A log that is not
/// a regular file is not read (one note says so).
public struct LogTail: Sendable {
    public let path: String
    private var reader: LineReader
    private var refusalNoted = false
    /// The batch being filled (its storage is reused from one batch to the next).
    private var batch = OutputLines()

    /// The most one poll reads, and the most the final poll reads after the trial ended
    /// (a sparse file of a terabyte costs a trial nothing to make).
    public static let pollBudget: UInt64 = 8 << 20
    public static let finalBudget: UInt64 = 1 << 30
    /// A batch is handed over once it holds this many bytes (and at the end of each poll).
    public static let batchSize = 1 << 20

    /// With `fromNow`, only the lines written from now on (`LineReader.skipExisting`).
    public init(path: String, fromNow: Bool = false) {
        self.path = path
        reader = LineReader(path: path, runs: true)
        if fromNow { reader.skipExisting() }
    }

    /// New complete lines; with `flush`, a final line without a newline too.
    public mutating func poll(flush: Bool = false) -> [String] {
        var lines: [String] = []
        poll(flush: flush) { lines += $0.strings }
        return lines
    }

    /// Streams the new lines to `body` in batches (none empty); returns whether the file
    /// held more than this poll read. With `flush` (the writer is done) it reads what is
    /// left, up to `finalBudget`, then the last line without a newline, and notes how much
    /// it did not show.
    @discardableResult
    public mutating func poll(flush: Bool = false, _ body: (OutputLines) -> Void) -> Bool {
        var name: String { URL(fileURLWithPath: path).lastPathComponent }
        // Taken out of self, so that it is held once and filled in place.
        var batch = self.batch
        self.batch = OutputLines()
        defer { self.batch = batch }
        func handOver() {
            guard !batch.isEmpty else { return }
            body(batch)
            batch.removeAll()
        }
        func handler(_ event: LineReader.Event) {
            switch event {
            case .lines(let bytes): batch.append(lines: bytes)
            case .line(let bytes): batch.append(line: bytes)
            case .cut(let bytes, let length):
                batch.appendNote(" [hporun: line of \(length) bytes cut at \(LineReader.lineLimit >> 20) MiB]", after: bytes)
            case .restarted: batch.appendNote("[hporun: \(name) was truncated or replaced; shown again from its start]")
            }
            if batch.bytes.count >= Self.batchSize { handOver() }
        }
        var more: Bool
        if flush {
            var budget = Self.finalBudget
            var remaining: UInt64 = 0
            while budget > 0 {
                let result = reader.read(budget: budget, handler)
                budget -= min(budget, result.read)
                remaining = result.remaining
                if result.read == 0 || remaining == 0 { break }
            }
            if remaining > 0 { batch.appendNote("[hporun: the last \(remaining) bytes of \(name) are not shown]") }
            reader.flush(handler)
            more = false
        } else {
            more = reader.read(budget: Self.pollBudget, handler).remaining > 0
        }
        if let refusal = reader.refusal, !refusalNoted {
            refusalNoted = true
            batch.appendNote("[hporun: \(refusal)]")
        }
        handOver()
        return more
    }
}
