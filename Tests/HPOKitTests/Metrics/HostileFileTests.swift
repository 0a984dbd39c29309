import Foundation
import Testing

@testable import HPOKit

/// What a hostile or careless trial may leave where the readers look: they never block,
/// never hold more than a bounded amount, never recurse without bound.
@Suite struct HostileFileTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    func append(_ name: String, _ bytes: some Sequence<UInt8>) throws {
        let handle = try FileHandle(forWritingTo: folder.appendingPathComponent(name))
        defer { try? handle.close() }
        _ = try handle.seekToEnd()
        try handle.write(contentsOf: Data(bytes))
    }

    static func line(_ iteration: Int, _ accuracy: Double, pad: Int = 0) -> String {
        let padding = pad > 0 ? #", "pad": ""# + String(repeating: "x", count: pad) + #"""# : ""
        return
            #"{"grouplabel": "test", "etimes": {"iteration": \#(iteration)}, "values": {"accuracy": \#(accuracy)}\#(padding)}"#
    }

    /// A FIFO, a character device, a directory: refused at once, named in the reason; a
    /// missing file is no refusal (it may come).
    @Test func onlyRegularFilesAreOpened() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(mkfifo(path("fifo"), 0o644) == 0)
        try FileManager.default.createSymbolicLink(atPath: path("zero"), withDestinationPath: "/dev/zero")
        try FileManager.default.createDirectory(atPath: path("dir"), withIntermediateDirectories: false)
        var fifo = MetricsTail(path: path("fifo"))
        #expect(fifo.poll().isEmpty)
        #expect(fifo.refusal == .notRegular(path: path("fifo"), kind: "a FIFO"))
        var zero = MetricsTail(path: path("zero"))
        #expect(zero.poll().isEmpty)
        #expect(
            zero.refusal?.description
                == "zero is not a regular file (a character device); hporun reads only regular files")
        var directory = LogTail(path: path("dir"))
        #expect(
            directory.poll(flush: true) == [
                "[hporun: dir is not a regular file (a directory); hporun reads only regular files]"
            ])
        #expect(directory.poll(flush: true).isEmpty, "said once")
        #expect(
            ValDictListReader.load(URL(fileURLWithPath: path("fifo")))
                == .failure(.notRegular(path: path("fifo"), kind: "a FIFO")))
        var missing = MetricsTail(path: path("missing"))
        #expect(missing.poll().isEmpty && missing.refusal == nil)
    }

    /// A line of exactly the limit is read; one byte more and it is skipped and counted,
    /// whether it arrives whole or across polls, and the next line is read.
    @Test func aLineOverTheLimitIsSkippedWithoutBeingHeld() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = FileManager.default.createFile(atPath: path("m"), contents: nil)
        let base = Self.line(1, 0.5, pad: 1).utf8.count - 1
        let exact = Self.line(1, 0.5, pad: MetricsTail.lineLimit - base)
        let over = Self.line(2, 0.9, pad: MetricsTail.lineLimit - base + 1)
        #expect(exact.utf8.count == MetricsTail.lineLimit)
        var tail = MetricsTail(path: path("m"))
        try append("m", (exact + "\n" + over + "\n" + Self.line(3, 0.7) + "\n").utf8)
        #expect(tail.poll().map(\.iteration) == [1, 3])
        #expect(tail.skippedLines == 1 && tail.overlongLines == 1)
        let half = over.utf8.count / 2
        try append("m", Array(over.utf8)[..<half])
        #expect(tail.poll().isEmpty)
        try append("m", Array(over.utf8)[half...] + Array(("\n" + Self.line(4, 0.6) + "\n").utf8))
        #expect(tail.poll().map(\.iteration) == [4])
        #expect(tail.skippedLines == 2 && tail.overlongLines == 2)
    }

    /// 300,000 levels of nesting: no stack overflow, the line is skipped; 64 levels are
    /// read, 65 are not (by the fast parser and the general one alike).
    @Test func deepNestingIsRefusedWithoutRecursion() {
        let deep = #"{"grouplabel": "test", "values": {"accuracy": "# + String(repeating: "[", count: 300_000)
        #expect(MetricRecord.parse(Array(deep.utf8)) == nil)
        let escaped =
            #"{"grouplabel": "t\u0065st", "values": {"a": "# + String(repeating: "[", count: 300_000)
            + String(repeating: "]", count: 300_000) + "}}"
        #expect(MetricRecord.parse(Array(escaped.utf8)) == nil)
        func nested(_ levels: Int) -> String {  // the record's own two levels, then arrays
            #"{"grouplabel": "test", "values": {"accuracy": 0.5, "deep": "#
                + String(repeating: "[", count: levels - 2)
                + String(repeating: "]", count: levels - 2) + "}}"
        }
        #expect(MetricRecord.parse(Array(nested(64).utf8))?.values == ["accuracy": 0.5])
        #expect(MetricRecord.parse(Array(nested(65).utf8)) == nil)
        #expect(
            MetricRecord.parse(Array(nested(64).replacingOccurrences(of: "test", with: #"t\u0065st"#).utf8))?
                .values
                == ["accuracy": 0.5])
        #expect(
            MetricRecord.parse(Array(nested(65).replacingOccurrences(of: "test", with: #"t\u0065st"#).utf8))
                == nil)
    }

    /// Rewritten in place, larger, with other bytes (same inode, no shrink): read again
    /// from the start, and said so; plain appends are not.
    @Test func aFileRewrittenInPlaceIsReadAgain() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = FileManager.default.createFile(atPath: path("m"), contents: nil)
        var tail = MetricsTail(path: path("m"))
        try append("m", (Self.line(1, 0.9) + "\n").utf8)
        #expect(tail.poll().map(\.values) == [["accuracy": 0.9]])
        try append("m", (Self.line(2, 0.8) + "\n").utf8)
        var restarted = 0
        var records: [MetricRecord] = []
        tail.poll(restarted: { restarted += 1 }) { records.append($0) }
        #expect(restarted == 0 && records.map(\.iteration) == [2])
        let handle = try FileHandle(forWritingTo: folder.appendingPathComponent("m"))
        try handle.write(
            contentsOf: Data(
                (Self.line(1, 0.2) + "\n" + Self.line(2, 0.3) + "\n" + Self.line(3, 0.1) + "\n").utf8))
        try handle.close()
        records = []
        tail.poll(restarted: { restarted += 1 }) { records.append($0) }
        #expect(
            restarted == 1 && records.map(\.iteration) == [1, 2, 3] && tail.restarts == 1
                && tail.recordCount == 3)
    }

    /// --tee's reader: every line of a large burst in one poll, a huge line cut with a note,
    /// the last line without a newline on flush, a truncated log shown again with a note.
    @Test func logTailIsLinearAndBounded() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = FileManager.default.createFile(atPath: path("out"), contents: nil)
        var tail = LogTail(path: path("out"))
        try append("out", (1...200_000).map { "\($0)\n" }.joined().utf8)
        var lines: [String] = []
        while tail.poll({ lines += $0.strings }) {}
        #expect(lines.count == 200_000 && lines.last == "200000")
        try append("out", Array(repeating: UInt8(ascii: "y"), count: 3 << 20) + Array("\nlast".utf8))
        let more = tail.poll(flush: true)
        #expect(
            more.count == 2
                && more[0] == String(repeating: "y", count: 1 << 20) + " [hporun: line of 3145728 bytes cut at 1 MiB]")
        #expect(more[1] == "last")
        try Data("again\n".utf8).write(to: folder.appendingPathComponent("out"))
        #expect(
            tail.poll() == ["[hporun: out was truncated or replaced; shown again from its start]", "again"])
    }

    /// val_dict_list.json is streamed: an entry across the read chunks is read, entries too
    /// long or too deep are skipped, a list cut short keeps the entries before the cut.
    @Test func valDictListIsStreamedInBoundedPieces() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("v.json")
        let pad = String(repeating: " ", count: LineReader.chunkSize - 30)
        let text =
            #"[{"steps": 1, "accuracy": 0.25}, \#(pad){"steps": 2,    "accuracy": 0.5}, "#
            + #"{"steps": 3, "accuracy": 0.99, "pad": ""# + String(repeating: "x", count: 2 << 20) + #""}, "#
            + #"{"steps": 4, "accuracy": "# + String(repeating: "[", count: 100_000)
            + String(repeating: "]", count: 100_000) + "}, "
            + #"{"steps": 5, "acc\u0075racy": NaN}, {"steps": 6, "accuracy": 0.75}, {"steps": 7, "accur"#
        try Data(text.utf8).write(to: url)
        let history = try #require(ValDictListReader.read(url))
        let entries = try #require(history.metrics["accuracy"])
        #expect(entries.map(\.iteration) == [1, 2, 5, 6])
        #expect(
            entries.map(\.value)[0...1] == [0.25, 0.5] && entries[2].value.isNaN && entries[3].value == 0.75)
        try Data("{\"steps\": 1}".utf8).write(to: url)
        #expect(ValDictListReader.read(url) == nil, "not a list")
    }

    /// 200,000 values: the curve holds at most 1,000 points, evenly spaced, with the
    /// first, the last and both extremes; the objective from it equals the one from all.
    @Test func aLongCurveIsThinnedKeepingTheObjectiveExact() throws {
        var rng = SplitMix64(seed: 7, stream: 0)
        var values: [Double] = []
        for _ in 0..<200_000 { values.append(Double(rng.next() % 200_000) / 1e6) }
        values[77_777] = .nan
        var history = TestHistory(keeping: "accuracy")
        for (index, value) in values.enumerated() {
            history.add(MetricRecord(group: "test", iteration: index, values: ["accuracy": value]))
        }
        let curve = try #require(history.metrics["accuracy"])
        #expect(curve.count <= MetricCurve.limit && curve.count >= MetricCurve.limit / 2)
        #expect(history.counts["accuracy"] == 200_000)
        let finite = values.filter(\.isFinite)
        let iterations = curve.map(\.iteration)
        #expect(iterations.first == 0 && iterations.last == 199_999 && iterations == iterations.sorted())
        #expect(
            iterations.contains(values.firstIndex(of: finite.max()!)!)
                && iterations.contains(values.firstIndex(of: finite.min()!)!))
        for direction in [Direction.maximize, .minimize] {
            let rule = ObjectiveRule(metric: "accuracy", direction: direction, strategy: .best)
            #expect(
                try rule.objective(emetrics: history, valDictList: nil).get()
                    == (direction == .maximize ? finite.max() : finite.min()))
        }
        let last = ObjectiveRule(metric: "accuracy", direction: .maximize, strategy: .last)
        #expect(try last.objective(emetrics: history, valDictList: nil).get() == values.last)
        let decoded = try JSONDecoder().decode(TestHistory.self, from: JSONEncoder().encode(history))
        #expect(decoded == history && decoded.metrics == history.metrics && decoded.counts == history.counts)
    }
}
