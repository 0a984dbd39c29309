import Foundation
import Testing

@testable import HPOKit

/// `LogTail(path:fromNow:)`, for `--tee` on a trial a resumed run follows: only the lines
/// written from the resume on, a line under way at that moment whole, and the file's earlier
/// bytes never taken for a rewrite.
@Suite struct LogTailFromNowTests {
    let file: URL

    init() throws {
        file = FileManager.default.temporaryDirectory.appendingPathComponent("from-now-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: file.path, contents: nil)
    }

    func append(_ text: String) throws {
        let handle = try FileHandle(forWritingTo: file)
        defer { try? handle.close() }
        _ = try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
    }

    @Test func onlyWhatIsWrittenFromNowOnWithALineUnderWayWhole() throws {
        defer { try? FileManager.default.removeItem(at: file) }
        try append(String(repeating: "old line\n", count: 200) + "half a ")
        var tail = LogTail(path: file.path, fromNow: true)
        #expect(tail.poll().isEmpty)
        try append("line\nnew line\n")
        #expect(tail.poll() == ["half a line", "new line"])
        try append("last")
        #expect(tail.poll(flush: true) == ["last"], "no restart: the old bytes are where they were")
    }

    @Test func aLineBegunOverAMebibyteAgoIsDroppedToItsEnd() throws {
        defer { try? FileManager.default.removeItem(at: file) }
        try append("old\n" + String(repeating: "x", count: LineReader.lineLimit + 10))
        var tail = LogTail(path: file.path, fromNow: true)
        try append("xx\nnew\n")
        #expect(tail.poll() == ["new"])
    }

    @Test func aMissingOrEmptyLogIsReadFromItsStart() throws {
        try FileManager.default.removeItem(at: file)
        var tail = LogTail(path: file.path, fromNow: true)
        try Data("first\n".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(tail.poll() == ["first"])
    }
}
