import Foundation
import Testing

/// hporun on a terminal (a pseudo-terminal, read through an emulated screen): the live
/// block ticks, shows each running trial's latest TEST value, fits a narrow terminal, and
/// after Ctrl-C says what is being stopped and counts the grace down.
@Suite(.serialized) struct TerminalTests {
    /// A trial that ignores SIGTERM and writes a TEST accuracy every 0.2 s for 30 s.
    static let slowTrial = """
        #!/bin/sh
        trap '' TERM
        out="$LOG_DIR/$SUBID/evaluation-metrics.txt"
        i=1
        while [ $i -le 150 ]; do
          echo "{\\"grouplabel\\": \\"test\\", \\"etimes\\": {\\"iteration\\": {\\"type\\": 2, \\"value\\": \\"$i\\"}}, \\"values\\": {\\"accuracy\\": {\\"type\\": 3, \\"value\\": \\"0.$i\\"}}}" >> "$out"
          i=$((i + 1))
          sleep 0.2
        done
        """

    /// The screen read twice, a second apart: the clock moved and the running trial's
    /// iteration and value are shown; every line fits the 60 columns; the block is drawn once
    /// (no stale copy above it). Then Ctrl-C: the stop, the grace left counting down and the
    /// way to kill now are shown; a second Ctrl-C kills, and the block leaves the screen.
    @Test(.timeLimit(.minutes(1))) func theLiveBlockTicksShowsTheTrainingAndTheStop() throws {
        let space = try Workspace()
        defer { space.remove() }
        try space.write("trial.sh", Self.slowTrial, executable: true)
        let manifest = try space.manifest(steps: 3, hyperParameters: """
              - {name: a_rather_long_hyperparameter_name, double_range: {min_value: 0, max_value: 1}}
              - {name: optimizer, string_values: ["two words"]}
            """)
        let terminal = try PseudoTerminal(
            ["--manifest", manifest.path, "--experiment-dir", space.experiment.path, "--grace", "5", "--",
             space.url.appendingPathComponent("trial.sh").path],
            in: space.url, columns: 60, rows: 20)

        #expect(terminal.waitForScreen { $0.lines.contains { $0.hasPrefix("  0001") && $0.contains("iteration ") } },
                "\(terminal.screen.text)")
        let first = terminal.screen
        terminal.pump(for: 1.5)
        let second = terminal.screen
        let clock = { (screen: TerminalScreen) in screen.lines.first { $0.contains(" done ") }.flatMap(Self.elapsed) }
        #expect(clock(first) != nil && clock(second) != nil && clock(first) != clock(second),
                "elapsed did not tick:\n\(first.text)\n---\n\(second.text)")
        let trialLine = try #require(second.lines.first { $0.hasPrefix("  0001") })
        #expect(trialLine.range(of: #"iteration \d+  accuracy 0\.\d+"#, options: .regularExpression) != nil, "\(trialLine)")
        #expect(Self.iteration(trialLine) != first.lines.first { $0.hasPrefix("  0001") }.flatMap(Self.iteration))
        #expect(trialLine.hasSuffix("…"), "cut to the width: \(trialLine)")
        for screen in [first, second] {
            #expect(screen.lines.filter { $0.hasPrefix("  ") || $0.contains(" done ") }.allSatisfy { $0.count < 60 })
            #expect(screen.lines.filter { $0.contains(" done ") }.count == 1, "\(screen.text)")
            #expect(screen.lines.filter { $0.hasPrefix("  0001") }.count == 1, "\(screen.text)")
            #expect(screen.unknownEscapes.isEmpty, "\(screen.unknownEscapes)")
        }

        kill(terminal.process.processIdentifier, SIGINT)
        var countdown: [Int] = []
        #expect(terminal.waitForScreen(seconds: 10) { screen in
            if let left = screen.lines.lazy.compactMap(Self.secondsLeft).first, countdown.last != left { countdown.append(left) }
            return countdown.count >= 2
        }, "\(terminal.screen.text)")
        #expect(countdown.count >= 2 && countdown[0] > countdown[1] && countdown[0] <= 5, "\(countdown)")
        #expect(terminal.screen.text.contains("Ctrl-C again kills them now"))
        #expect(terminal.screen.text.contains("interrupted: stopping 1 running trial (SIGTERM sent)"))

        kill(terminal.process.processIdentifier, SIGINT)
        #expect(terminal.waitForExit() == 130)
        let final = terminal.screen
        #expect(final.text.contains("trial 0001 interrupted"), "\(final.text)")
        #expect(final.flowing.contains("optimizer=\"two words\""), "a string value with a space is quoted: \(final.text)")
        #expect(!final.text.contains(" done "), "the live block is erased at the end:\n\(final.text)")
        #expect(final.flowing.contains("no trial completed before the interruption: run the same command again to resume"))
        #expect(!final.text.contains("stderr.log"), "an interruption is not a failed command")
        #expect(final.unknownEscapes.isEmpty, "\(final.unknownEscapes)")
    }

    /// The emulated screen catches what the live block must avoid: a line wider than the
    /// terminal wraps onto two rows, so erasing "one line up" leaves half of it behind.
    @Test func theEmulatedScreenWrapsAndErasesAsATerminalDoes() {
        var screen = TerminalScreen(columns: 10, rows: 4)
        screen.feed(ArraySlice(Array("kept\r\n0123456789ab\r\n".utf8)))
        #expect(screen.lines == ["kept", "0123456789", "ab", ""])
        screen.feed(ArraySlice(Array("\r\u{1B}[1A\u{1B}[Jnew\r\n".utf8)))
        #expect(screen.lines == ["kept", "0123456789", "new", ""], "a wrapped line erased as one row leaves a stale row")
        screen.feed(ArraySlice(Array("\r\u{1B}[2A\u{1B}[Jé学\r\n".utf8)))
        #expect(screen.lines == ["kept", "é学", "", ""])
        screen.feed(ArraySlice(Array("1\r\n2\r\n3\r\n".utf8)))
        #expect(screen.scrolledOff == ["kept", "é学"] && screen.lines == ["1", "2", "3", ""])
    }

    /// `elapsed 12s` (or `1m02s`) on the progress line.
    static func elapsed(_ line: String) -> String? {
        line.range(of: #"elapsed [0-9hms]+"#, options: .regularExpression).map { String(line[$0]) }
    }

    static func iteration(_ line: String) -> Int? {
        line.range(of: #"iteration \d+"#, options: .regularExpression).flatMap { Int(line[$0].dropFirst(10)) }
    }

    /// The seconds left in `SIGKILL in 4s`.
    static func secondsLeft(_ line: String) -> Int? {
        line.range(of: #"SIGKILL in \d+s"#, options: .regularExpression).flatMap { Int(line[$0].dropFirst(11).dropLast()) }
    }
}
