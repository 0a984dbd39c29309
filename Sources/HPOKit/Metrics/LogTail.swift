import Foundation

/// Reads the complete lines added to a text log since the last poll (a trial's stdout.log
/// or stderr.log), for `--tee`, in time linear in what it reads: each poll reads at most
/// `pollBudget` bytes, a line over `LineReader.lineLimit` is cut with a note, a partial last
/// line waits for its newline (or `flush`). A log that is not a regular file is not read
/// (one note says so).
public struct LogTail: Sendable {
    public let path: String
    private var reader: LineReader
    private var refusalNoted = false

    /// The most one poll reads, and the most the final poll reads after the trial ended
    /// (a sparse file of a terabyte costs a trial nothing to make).
    public static let pollBudget: UInt64 = 8 << 20
    public static let finalBudget: UInt64 = 1 << 30

    public init(path: String) {
        self.path = path
        reader = LineReader(path: path)
    }

    /// New complete lines; with `flush`, a final line without a newline too.
    public mutating func poll(flush: Bool = false) -> [String] {
        var lines: [String] = []
        poll(flush: flush) { lines.append($0) }
        return lines
    }

    /// Streams the new lines to `body`; returns whether the file held more than this poll
    /// read. With `flush` (the writer is done) it reads what is left, up to `finalBudget`,
    /// then the last line without a newline, and notes how much it did not show.
    @discardableResult
    public mutating func poll(flush: Bool = false, _ body: (String) -> Void) -> Bool {
        var name: String { URL(fileURLWithPath: path).lastPathComponent }
        let handler: (LineReader.Event) -> Void = { event in
            switch event {
            case .line(let bytes): body(String(decoding: bytes, as: UTF8.self))
            case .cut(let bytes):
                body(
                    String(decoding: bytes, as: UTF8.self)
                        + " [hporun: line cut at \(LineReader.lineLimit >> 20) MiB]")
            case .restarted: body("[hporun: \(name) was truncated or replaced; shown again from its start]")
            }
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
            if remaining > 0 { body("[hporun: the last \(remaining) bytes of \(name) are not shown]") }
            reader.flush(handler)
            more = false
        } else {
            more = reader.read(budget: Self.pollBudget, handler).remaining > 0
        }
        if let refusal = reader.refusal, !refusalNoted {
            refusalNoted = true
            body("[hporun: \(refusal)]")
        }
        return more
    }
}
