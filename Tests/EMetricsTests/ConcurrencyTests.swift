import EMetrics
import Foundation
import Testing

/// Records from many threads at once, and a second process writing while we read.
@Suite(.serialized) struct ConcurrencyTests {
    @Test func concurrentRecordsStayWholeLinesWithUniqueRindex() async throws {
        let folder = try makeScratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let em = try EMetrics.open(environment: trialEnvironment(folder))
        await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<8 {
                group.addTask {
                    for iteration in 0..<250 {
                        try em.record(.train, iteration: iteration, values: ["task": .int(task), "loss": 0.5])
                    }
                }
            }
        }
        try em.close()
        let lines = try parsedLines(folder.appendingPathComponent("0007/evaluation-metrics.txt"))
        let rindexes = lines.compactMap { ($0["meta"] as? [String: Any])?["rindex"] as? Int }
        #expect(rindexes.count == 2000)
        #expect(Set(rindexes) == Set(1...2000))
    }

    /// A reader that consumes only newline-terminated lines (as hporun's tailer does)
    /// never sees a partial record from a writer in another process.
    @Test(.timeLimit(.minutes(1))) func aConcurrentReaderNeverSeesAPartialLine() throws {
        let folder = try makeScratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("0007/evaluation-metrics.txt")
        let writer = try startProcess(productURL("emetrics-writer"), ["3000", "50"],
                                      environment: trialEnvironment(folder))
        var offset: UInt64 = 0
        var pending = Data()
        var complete = 0
        var reads = 0
        func drain() throws {
            guard let handle = try? FileHandle(forReadingFrom: file) else { return }
            defer { try? handle.close() }
            try handle.seek(toOffset: offset)
            let chunk = try handle.readToEnd() ?? Data()
            offset += UInt64(chunk.count)
            reads += chunk.isEmpty ? 0 : 1
            pending.append(chunk)
            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = pending[pending.startIndex..<newline]
                pending = Data(pending[(newline + 1)...])
                let object = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any]
                #expect(object?["values"] != nil)
                complete += 1
            }
        }
        while writer.isRunning {
            try drain()
            usleep(2_000)
        }
        writer.waitUntilExit()
        try drain()
        #expect(writer.terminationStatus == 0)
        #expect(complete == 6000)
        #expect(pending.isEmpty)
        #expect(reads > 1, "the reader should have read while the writer was still writing")
    }

    /// A training program killed with SIGKILL in the middle of a run leaves a file whose
    /// complete lines all parse.
    @Test(.timeLimit(.minutes(1))) func aWriterKilledMidRunLeavesOnlyWholeLines() throws {
        let folder = try makeScratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("0007/evaluation-metrics.txt")
        let writer = try startProcess(productURL("emetrics-writer"), ["1000000"],
                                      environment: trialEnvironment(folder))
        // Let it write a good number of lines, then kill it without warning.
        for _ in 0..<500 {
            if let size = try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int,
               size > 200_000 { break }
            usleep(10_000)
        }
        kill(writer.processIdentifier, SIGKILL)
        writer.waitUntilExit()
        #expect(writer.terminationReason == .uncaughtSignal)
        let data = try Data(contentsOf: file)
        #expect(data.count > 200_000)
        #expect(data.last == UInt8(ascii: "\n"), "one write(2) per line: no torn last line after SIGKILL")
        let lines = try parsedLines(file)
        #expect(lines.count > 100)
        let rindexes = lines.compactMap { ($0["meta"] as? [String: Any])?["rindex"] as? Int }
        #expect(rindexes == Array(1...lines.count))
    }
}
