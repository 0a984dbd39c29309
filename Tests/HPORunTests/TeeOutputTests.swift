import Foundation
import HPOKit
import Testing

@testable import hporun

/// `--tee`'s buffered output: lines of printable ASCII go in as their bytes, anything else
/// escaped exactly as line by line; the buffer is written whole.
struct OutputBufferTests {
    func appended(_ line: String, subid: String = "0001", isError: Bool = false) -> String {
        var buffer = OutputBuffer()
        buffer.appendOutputLines(OutputLines([line]), subid: subid, isError: isError)
        return String(decoding: buffer.bytes, as: UTF8.self)
    }

    @Test func plainLinesPassAsTheyAre() {
        #expect(appended("epoch 3: loss=0.25 ~ {ok} [done]") == "[0001] epoch 3: loss=0.25 ~ {ok} [done]\n")
        #expect(appended("oops", subid: "0042", isError: true) == "[0042 stderr] oops\n")
        #expect(appended("") == "[0001] \n")
    }

    /// Every line that is not printable ASCII is escaped as `TerminalText.outputLine` does:
    /// ESC, a C1 control, a right-to-left override, DEL, a tab, a redrawn progress bar; text
    /// in other scripts is kept.
    @Test(arguments: ["\u{1B}[2J clear", "csi \u{9B}31m", "\u{202E}reversed", "del \u{7F}", "a\tb",
                      "progress 10%\rprogress 100%\r", "naïve 学习 ✓", "bell \u{07}", "nul \u{0}"])
    func otherLinesAreEscapedAsBefore(line: String) {
        let shown = appended(line)
        #expect(shown == "[0001] " + TerminalText.outputLine(line) + "\n")
        #expect(!shown.unicodeScalars.contains { TerminalText.needsEscape($0) && $0 != "\n" }, "\(shown.debugDescription)")
    }

    /// In a batch each line is judged alone: a hostile line between plain ones is escaped,
    /// the plain ones around it pass as they are, every one with its prefix.
    @Test func eachLineOfABatchIsEscapedOnItsOwn() {
        let lines = ["step 1", "\u{1B}]0;title\u{07}evil", "", "naïve", "step 2"]
        var buffer = OutputBuffer()
        buffer.appendOutputLines(OutputLines(lines), subid: "0003", isError: true)
        let expected = lines.map { "[0003 stderr] " + TerminalText.outputLine($0) + "\n" }.joined()
        #expect(String(decoding: buffer.bytes, as: UTF8.self) == expected)
        #expect(!buffer.bytes.contains(0x1B) && !buffer.bytes.contains(0x07))
    }

    /// Whatever the byte and wherever it stands in the line (the check takes 8 bytes at a
    /// time, then the rest one by one).
    @Test func printableASCIIIsExactlyTheRange0x20To0x7E() {
        let text = Array("a line of text that is long enough for two blocks and a tail".utf8)
        for byte in 0...255 {
            for position in [0, 5, 15, 16, 31, 32, 40, text.count - 1] {
                var bytes = text
                bytes[position] = UInt8(byte)
                let plain = bytes.withUnsafeBufferPointer { OutputBuffer.isPrintableASCII($0) }
                #expect(plain == (0x20...0x7E).contains(byte), "byte \(byte) at \(position)")
            }
        }
        #expect([UInt8]().withUnsafeBufferPointer { OutputBuffer.isPrintableASCII($0) })
    }

    /// Written whole to a file (through many lines), then empty.
    @Test func writeEmptiesTheBufferIntoTheDescriptor() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("buffer-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        let descriptor = open(file.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        try #require(descriptor >= 0)
        var buffer = OutputBuffer()
        var expected = ""
        for batch in 0..<4 {
            let lines = (1...20_000).map { "line \(batch) \($0)" }
            buffer.appendOutputLines(OutputLines(lines), subid: "0007", isError: false, writingTo: descriptor)
            // Written as it filled: what stays is less than one write's worth.
            let held = buffer.count  // (OutputBuffer is not copyable: read before #expect)
            #expect(held < OutputBuffer.limit)
            expected += lines.map { "[0007] \($0)\n" }.joined()
        }
        buffer.append("hporun: the end\n")
        buffer.write(to: descriptor)
        close(descriptor)
        let empty = buffer.isEmpty
        #expect(empty)
        #expect(try String(contentsOf: file, encoding: .utf8) == expected + "hporun: the end\n")
    }
}

/// The built hporun with `--tee` and its output in a file (not a terminal).
@Suite(.serialized) struct TeeOutputTests {
    /// A trial's lines come in order between its start and end lines, each trial's own.
    @Test(.timeLimit(.minutes(1))) func linesKeepTheirOrderAmongTheProgressLines() throws {
        let space = try Workspace()
        defer { space.remove() }
        let manifest = try space.manifest(steps: 2)
        let command = #"seq 1 3000; echo '{"grouplabel": "test", "values": {"accuracy": 0.5}}' >> "$LOG_DIR/$SUBID/evaluation-metrics.txt""#
        let result = try HPORunBinary.run(["--manifest", manifest.path, "--experiment-dir", space.experiment.path, "--tee",
                                           "--", "sh", "-c", command], in: space.url)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        for subid in ["0001", "0002"] {
            let started = try #require(lines.firstIndex { $0.hasPrefix("trial \(subid) started") })
            let completed = try #require(lines.firstIndex { $0.hasPrefix("trial \(subid) completed") })
            let own = lines.indices.filter { lines[$0].hasPrefix("[\(subid)] ") }
            #expect(own.map { lines[$0] } == (1...3000).map { "[\(subid)] \($0)" })
            #expect(own.allSatisfy { $0 > started && $0 < completed })
        }
    }

    /// A burst of short lines on both streams, a 50 MB line, a last line without a newline:
    /// every short line arrives once and in order; the long line shows its first MiB and a
    /// note of its length (it is never held whole) and the next line follows it; the last
    /// line is printed, before the trial's end.
    @Test(.timeLimit(.minutes(1))) func aBurstAHugeLineAndALastLineWithoutNewlineComeThrough() async throws {
        let space = try Workspace()
        defer { space.remove() }
        try space.write(
            "trial.sh",
            #"""
            #!/bin/sh
            seq 1 200000
            seq 1 1000 | sed 's/^/err /' >&2
            head -c 50000000 /dev/zero | tr '\0' y; echo
            echo 'after the long line'
            echo '[{"steps": 1, "accuracy": 0.5}]' > val_dict_list.json
            printf 'the end'
            """#, executable: true)
        let manifest = try space.manifest(steps: 1)
        // Waited for without holding a pool thread (other suites' async tests need them).
        let logs = space.url.appendingPathComponent("logs")
        let process = try HPORunBinary.start(
            ["--manifest", manifest.path, "--experiment-dir", space.experiment.path, "--tee", "--",
             space.url.appendingPathComponent("trial.sh").path], in: space.url, logs: logs)
        while process.isRunning { try await Task.sleep(for: .milliseconds(50)) }
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let stdout = String(decoding: try Data(contentsOf: logs.appendingPathComponent("stdout")), as: UTF8.self)
        let lines = stdout.split(separator: "\n", omittingEmptySubsequences: false)
        let own = lines.filter { $0.hasPrefix("[0001] ") }
        #expect(own.count == 200_003)
        #expect(own.prefix(200_000).elementsEqual((1...200_000).map { "[0001] \($0)" }))
        let note = " [hporun: line of 50000000 bytes cut at 1 MiB]"
        // Compared by its parts: a failure must not print a line of a megabyte.
        let cut = own.dropFirst(200_000).first ?? ""
        let kept = cut.dropFirst(7).dropLast(note.count)
        #expect(cut.hasSuffix(note) && kept.utf8.count == 1 << 20 && kept.utf8.allSatisfy { $0 == UInt8(ascii: "y") }, "\(cut.utf8.count) bytes: \(cut.prefix(20))...\(cut.suffix(60))")
        #expect(own.suffix(2) == ["[0001] after the long line", "[0001] the end"])
        let errors = lines.filter { $0.hasPrefix("[0001 stderr] ") }
        #expect(errors.elementsEqual((1...1000).map { "[0001 stderr] err \($0)" }))
        let end = try #require(lines.firstIndex(of: "[0001] the end"))
        let completed = try #require(lines.firstIndex { $0.hasPrefix("trial 0001 completed") })
        #expect(end < completed)
    }

    /// On a terminal (a pseudo-terminal): the lines come above the live block, all of them
    /// and in order, a hostile one escaped (its clear-screen never reaches the terminal), the
    /// last one without a newline too.
    @Test(.timeLimit(.minutes(1))) func onATerminalTheLinesComeInOrderAndEscaped() throws {
        let space = try Workspace()
        defer { space.remove() }
        try space.write(
            "trial.sh",
            #"""
            #!/bin/sh
            seq 1 500
            printf 'boom \033[2J\033[H cleared\n'
            echo '[{"steps": 1, "accuracy": 0.5}]' > val_dict_list.json
            printf 'the end'
            """#, executable: true)
        let manifest = try space.manifest(steps: 1)
        let terminal = try PseudoTerminal(
            ["--manifest", manifest.path, "--experiment-dir", space.experiment.path, "--tee", "--",
             space.url.appendingPathComponent("trial.sh").path],
            in: space.url, columns: 100, rows: 20)
        #expect(terminal.waitForExit(seconds: 40) == 0)
        let shown = terminal.screen.scrolledOff + terminal.screen.lines
        let own = shown.filter { $0.hasPrefix("[0001] ") }
        #expect(own.count == 502 && own.prefix(500).elementsEqual((1...500).map { "[0001] \($0)" }), "\(own.suffix(5))")
        #expect(own.dropFirst(500) == [#"[0001] boom \e[2J\e[H cleared"#, "[0001] the end"], "\(own.suffix(3))")
        #expect(terminal.screen.unknownEscapes.isEmpty, "\(terminal.screen.unknownEscapes)")
    }

    /// A line is not held back until the trial ends: a trial that prints one line and waits
    /// sees it in hporun's output (the buffer is written within a tick).
    @Test(.timeLimit(.minutes(1))) func aQuietTrialsLineShowsWhileItRuns() throws {
        let space = try Workspace()
        defer { space.remove() }
        let manifest = try space.manifest(steps: 1)
        let go = space.url.appendingPathComponent("go")
        let command = #"echo "waiting for go"; while [ ! -e "$0" ]; do sleep 0.05; done; "#
            + #"echo '{"grouplabel": "test", "values": {"accuracy": 0.5}}' >> "$LOG_DIR/$SUBID/evaluation-metrics.txt""#
        let logs = space.url.appendingPathComponent("logs")
        let run = try HPORunBinary.start(["--manifest", manifest.path, "--experiment-dir", space.experiment.path, "--tee",
                                          "--", "sh", "-c", command, go.path], in: space.url, logs: logs)
        let shown = waitFor({
            (try? String(contentsOf: logs.appendingPathComponent("stdout"), encoding: .utf8))?
                .contains("[0001] waiting for go\n") ?? false
        }, seconds: 30)
        _ = FileManager.default.createFile(atPath: go.path, contents: nil)
        run.waitUntilExit()
        #expect(shown, "the trial's line did not show while it ran")
        #expect(run.terminationStatus == 0)
    }
}
