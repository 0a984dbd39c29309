import Foundation
import Testing

@testable import HPOKit

/// `--tee`'s byte path: `LineReader` with `runs` hands the complete lines of each chunk over
/// in one event, and `LogTail` copies them into batches. Both must give exactly the lines
/// (and cut lines, with their lengths) that the reader gives one by one, wherever the reads
/// and chunks fall.
@Suite struct LineReaderRunsTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("runs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func append(_ name: String, _ bytes: [UInt8]) throws {
        let url = folder.appendingPathComponent(name)
        if !FileManager.default.fileExists(atPath: url.path) { _ = FileManager.default.createFile(atPath: url.path, contents: nil) }
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        _ = try handle.seekToEnd()
        try handle.write(contentsOf: Data(bytes))
    }

    /// Lines of every kind, seeded: short and empty ones, non-ASCII bytes, lines a little
    /// under and over the limit, one of 3 MiB.
    static func lines(count: Int, seed: UInt64) -> [[UInt8]] {
        var state = seed
        func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 33
        }
        return (0..<count).map { index in
            let length: Int
            switch next() % 300 {
            case 0: length = LineReader.lineLimit + Int(next() % 3) - 1  // the limit, one under, one over
            case 1: length = index == 7 ? 3 << 20 : Int(next() % 200_000)
            case 2...30: length = 0
            default: length = Int(next() % 300)
            }
            // Printable ASCII, and now and then an "é" (valid UTF-8: a String repairing
            // invalid bytes throws inside, which Swift Testing slows down with a backtrace).
            var line: [UInt8] = []
            line.reserveCapacity(length + 1)
            while line.count < length {
                let random = next()
                if random % 50 == 0, line.count + 2 <= length {
                    line += [0xC3, 0xA9]
                } else {
                    line.append(UInt8(truncatingIfNeeded: 0x20 + random % 0x5F))
                }
            }
            return line
        }
    }

    /// What a reader hands over, one entry per line: `L` and the line, or `C`, the line's
    /// length and the bytes kept.
    static func describe(_ event: LineReader.Event, into out: inout [String]) {
        switch event {
        case .line(let bytes): out.append("L" + String(decoding: bytes, as: UTF8.self))
        case .lines(let bytes):
            var text = String(decoding: bytes, as: UTF8.self)
            #expect(text.hasSuffix("\n"))
            text.removeLast()
            out += text.split(separator: "\n", omittingEmptySubsequences: false).map { "L" + $0 }
        case .cut(let bytes, let length): out.append("C\(length):" + String(decoding: bytes, as: UTF8.self))
        case .restarted: out.append("R")
        }
    }

    /// Written in uneven appends, read with uneven budgets: `runs` or not, the same lines.
    @Test(arguments: [1, 2]) func runsGiveTheLinesTheReaderGivesOneByOne(seed: UInt64) throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let lines = Self.lines(count: 3000, seed: seed)
        let all = lines.flatMap { $0 + [0x0A] } + Array("no newline yet".utf8)
        var single = LineReader(path: folder.appendingPathComponent("log").path)
        var runs = LineReader(path: folder.appendingPathComponent("log").path, runs: true)
        var (one, many) = ([String](), [String]())
        var written = 0
        var step = 0
        while written < all.count {
            step += 1
            let piece = min(all.count - written, [1, 77, 4096, 700_001, 1 << 20, 3 << 20][step % 6])
            try append("log", Array(all[written..<written + piece]))
            written += piece
            let budget = UInt64([4096, 65_536, 999_999, 8 << 20][step % 4])
            while single.read(budget: budget, { Self.describe($0, into: &one) }).read > 0 {}
            while runs.read(budget: budget, { Self.describe($0, into: &many) }).read > 0 {}
        }
        single.flush { Self.describe($0, into: &one) }
        runs.flush { Self.describe($0, into: &many) }
        let expected = lines.map { line in
            line.count > LineReader.lineLimit
                ? "C\(line.count):" + String(decoding: line[..<LineReader.lineLimit], as: UTF8.self)
                : "L" + String(decoding: line, as: UTF8.self)
        } + ["Lno newline yet"]
        #expect(one.count == expected.count && one == expected)
        #expect(many.count == expected.count && many == expected)
    }

    /// The emetrics reader counts a line past the limit as skipped as soon as it is past it
    /// (a trial may never end it), and once only when its newline comes.
    @Test func anOverlongLineCountsBeforeItsNewline() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        var tail = MetricsTail(path: folder.appendingPathComponent("m").path)
        try append("m", Array(repeating: 0x78, count: LineReader.lineLimit + 10))
        #expect(tail.poll().isEmpty && tail.skippedLines == 1 && tail.overlongLines == 1)
        try append("m", Array(repeating: 0x78, count: 3 << 20))
        #expect(tail.poll().isEmpty && tail.skippedLines == 1 && tail.overlongLines == 1)
        try append("m", Array("\n".utf8) + Array(repeating: 0x78, count: 1000) + Array("\n".utf8))
        #expect(tail.poll().isEmpty && tail.skippedLines == 2 && tail.overlongLines == 1)
    }

    /// LogTail's batches: the lines in order, the cut one with its note, the last one on
    /// flush; no batch much over `batchSize` (a chunk, a line and a note past it).
    @Test func logTailBatchesAreTheLinesInBoundedPieces() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let numbers = (1...300_000).map { "\($0)\n" }.joined()
        try append("out", Array(numbers.utf8) + Array(repeating: 0x79, count: 50_000_000) + Array("\nafter\nlast".utf8))
        var tail = LogTail(path: folder.appendingPathComponent("out").path)
        var lines: [String] = []
        var largest = 0
        func take(_ batch: OutputLines) {
            #expect(!batch.isEmpty && batch.bytes.last == 0x0A)
            largest = max(largest, batch.bytes.count)
            lines += batch.strings
        }
        while tail.poll(take) {}
        tail.poll(flush: true, take)
        #expect(lines.count == 300_003)
        #expect(lines.prefix(300_000).elementsEqual((1...300_000).map(String.init)))
        #expect(
            lines.suffix(3) == [
                String(repeating: "y", count: 1 << 20) + " [hporun: line of 50000000 bytes cut at 1 MiB]", "after", "last",
            ])
        #expect(largest <= LogTail.batchSize + LineReader.chunkSize + LineReader.lineLimit + 100)
    }
}
