import Foundation

/// Reads an emetrics file incrementally while the training program writes it: each `poll`
/// reads only the bytes added since the last one (at most `pollBudget` of them), hands back
/// the complete lines as records, and keeps a partial last line until its newline arrives.
/// Blank, garbage, too deep (`EMetricsLineParser.maxDepth`) and too long (over
/// `lineLimit`, never held whole) lines are skipped and counted, never fatal. A file that
/// shrinks (truncated), is replaced (a new inode) or rewritten is read again from its start,
/// its earlier records to be forgotten (`restarted`). A file that is not a regular file, or
/// is larger than `sizeLimit`, is not read: `refusal` says why (the trial fails with it).
///
/// Polling, not a Dispatch source: on Linux a regular file is always "readable"
/// (LINUX.md item 4).
public struct MetricsTail: Sendable {
    public let path: String
    /// Lines that were not emetrics records (garbage, blank, not JSON, too deep, too long).
    /// A line past `lineLimit` counts from then on, before its newline comes (if it ever does).
    public var skippedLines: Int { skippedComplete + (reader.isCutting ? 1 : 0) }
    /// Of the skipped lines, those longer than `lineLimit`.
    public var overlongLines: Int { overlongComplete + (reader.isCutting ? 1 : 0) }
    private var skippedComplete = 0
    private var overlongComplete = 0
    /// The first line skipped (of the file as it is now) and why; nil while none was. A line
    /// past `lineLimit` is, from then on, as it is counted.
    public var firstSkipped: SkippedLine? {
        firstSkippedComplete ?? (reader.isCutting ? SkippedLine(line: recordCount + skippedComplete + 1, reason: .overlong) : nil)
    }
    private var firstSkippedComplete: SkippedLine?
    /// Complete records read so far (from the file as it is now).
    public private(set) var recordCount = 0
    /// How many times the file was read again from its start.
    public private(set) var restarts = 0
    private var reader: LineReader

    /// The longest line read, in bytes.
    public static let lineLimit = LineReader.lineLimit
    /// The most of the file read; past it the file is refused.
    public static let sizeLimit: UInt64 = 2 << 30
    /// The most a single poll reads, so a huge backlog is consumed in bounded steps.
    public static let pollBudget: UInt64 = 64 << 20

    public init(path: String) {
        self.path = path
        reader = LineReader(path: path, sizeLimit: Self.sizeLimit)
    }

    /// Why the file is not read, if it is not.
    public var refusal: FileRefusal? { reader.refusal }

    /// The records completed since the last poll (an empty list when the file does not
    /// exist yet or has nothing new).
    public mutating func poll() -> [MetricRecord] {
        var records: [MetricRecord] = []
        poll { records.append($0) }
        return records
    }

    /// Streams the new records to `body` without collecting them; `restarted` is called
    /// first when the file is read again from its start. Returns whether the file held more
    /// than this poll read (poll again soon).
    @discardableResult
    public mutating func poll(restarted: () -> Void = {}, _ body: (MetricRecord) -> Void) -> Bool {
        read(budget: Self.pollBudget, restarted: restarted, body).remaining > 0
    }

    /// Reads what the file holds now, to its end (new bytes that keep coming meanwhile are
    /// left: a writer that never stops cannot keep this going).
    public mutating func drain(restarted: () -> Void = {}, _ body: (MetricRecord) -> Void) {
        var left: UInt64?
        while true {
            let (read, remaining) = read(budget: Self.pollBudget, restarted: restarted, body)
            let target = left ?? read + remaining
            left = target - min(target, read)
            if read == 0 || left == 0 { return }
        }
    }

    private mutating func read(budget: UInt64, restarted: () -> Void, _ body: (MetricRecord) -> Void)
        -> (read: UInt64, remaining: UInt64)
    {
        var records = 0
        var skipped = 0
        var overlong = 0
        var restart = false
        var first = firstSkippedComplete
        // Lines read before this one, of the file as it is now.
        func skip(_ reason: SkippedLine.Reason) {
            let before = restart ? records + skipped : recordCount + skippedComplete + records + skipped
            if first == nil { first = SkippedLine(line: before + 1, reason: reason) }
            skipped += 1
        }
        let result = reader.read(budget: budget) { event in
            switch event {
            case .line(let bytes):
                switch MetricRecord.read(bytes) {
                case .record(let record):
                    records += 1
                    body(record)
                case .skipped(let reason):
                    skip(reason)
                }
            case .cut:
                skip(.overlong)
                overlong += 1
            case .restarted:
                restart = true
                first = nil
                restarted()
            case .lines:
                break  // only with `runs`, which this reader does not ask for
            }
        }
        firstSkippedComplete = first
        if restart {
            restarts += 1
            (recordCount, skippedComplete, overlongComplete) = (0, 0, 0)
        }
        recordCount += records
        skippedComplete += skipped
        overlongComplete += overlong
        return result
    }
}
