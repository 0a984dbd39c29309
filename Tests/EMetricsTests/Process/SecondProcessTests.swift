import EMetrics
import Foundation
import Testing

/// A reader tailing the log of a writer in another process, and a writer killed with
/// SIGKILL: the guarantees of one `write(2)` per line on an `O_APPEND` descriptor.
@Suite(.serialized, .timeLimit(.minutes(1))) struct SecondProcessTests {
    /// Reads the file incrementally while another process writes it, noting every time the
    /// end of what it has read falls inside a line. Cheap per read (no parsing while the
    /// writer runs) so it samples the file's end as often as it can; a protocol reader would
    /// consume only the `\n`-terminated lines of `data` and keep the rest for later.
    struct Tail {
        var data = Data()
        /// The distinct end offsets at which the file was seen ending inside a line.
        var partialEnds: [Int] = []
        var samples = 0

        mutating func drain(_ file: FileHandle) throws {
            while let chunk = try file.read(upToCount: 1 << 20), !chunk.isEmpty {
                data.append(chunk)
            }
            samples += 1
            if let last = data.last, last != 0x0A, partialEnds.last != data.count { partialEnds.append(data.count) }
        }
    }

    @Test(arguments: WriterProcess.allCases)
    func readerTailingTheLogNeverSeesAPartialLine(writer: WriterProcess) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let count = 10_000
        let path = scratch.path + "/trials/0007/evaluation-metrics.txt"
        let process = try writer.start(count: count, environment: scratch.trialEnvironment(), scratch: scratch)
        var file: FileHandle?
        var tail = Tail()
        var running = true
        var round = 0
        while running {
            if round % 256 == 0 { running = process.isRunning }
            round += 1
            if file == nil { file = FileHandle(forReadingAtPath: path) }
            if let file { try tail.drain(file) }
        }
        process.waitUntilExit()
        if let file { try tail.drain(file) }
        try file?.close()
        #expect(process.terminationStatus == 0)
        #expect(tail.data.last == 0x0A)
        let lines = completeLines(String(decoding: tail.data, as: UTF8.self))
        #expect(lines.count == count)
        let indexes = lines.map { line in
            ((try? jsonObject(line))?["meta"] as? [String: Any])?["rindex"] as? Int
        }
        #expect(indexes == Array(1...count))
        // The kernel copies one write into the page cache a page at a time, so a reader can
        // catch a line cut at a page boundary; a line cut anywhere else would mean the writer
        // wrote it in more than one piece.
        #expect(tail.partialEnds.allSatisfy { $0 % 4096 == 0 }, "cut inside a page at \(tail.partialEnds.filter { $0 % 4096 != 0 }.prefix(5))")
        print("\(writer): \(count) lines, \(tail.samples) reads to EOF, \(tail.partialEnds.count) ended inside a line (at page boundaries)")
    }

    @Test(arguments: WriterProcess.allCases)
    func writerKilledMidRunLeavesOnlyWholeLines(writer: WriterProcess) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = scratch.path + "/trials/0007/evaluation-metrics.txt"
        let process = try writer.start(count: 0, environment: scratch.trialEnvironment(), scratch: scratch)
        var seen = 0
        while seen < 500, process.isRunning {
            usleep(2000)
            seen = (FileManager.default.contents(atPath: path) ?? Data()).reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(process.terminationStatus == SIGKILL)

        let bytes = try #require(FileManager.default.contents(atPath: path))
        let text = String(decoding: bytes, as: UTF8.self)
        let lines = completeLines(text)
        #expect(lines.count >= 500)
        let indexes = lines.map { line in ((try? jsonObject(line))?["meta"] as? [String: Any])?["rindex"] as? Int }
        #expect(indexes == Array(1...lines.count).map { $0 })
        #expect(!scratch.exists("trials/0007/val_dict_list.json"))
    }
}
