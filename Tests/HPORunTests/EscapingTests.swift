import Foundation
import Testing

@testable import hporun

/// Names and values that hold terminal controls (an ANSI escape, a right-to-left override)
/// are shown escaped by every human-readable output, and kept exact by `--json` and `export`.
@Suite(.serialized) struct EscapingTests {
    static let clearScreen = "\u{1B}[2J"
    static let override = "\u{202E}"
    /// What may never reach a terminal raw.
    static let forbidden: [Unicode.Scalar] = ["\u{1B}", "\u{9B}", "\u{202E}", "\u{2066}", "\u{07}"]

    static func isClean(_ text: String) -> Bool {
        !text.unicodeScalars.contains { forbidden.contains($0) }
    }

    @Test(.timeLimit(.minutes(1))) func terminalControlsAreEscapedEverywhereAPersonReads() throws {
        let space = try Workspace()
        defer { space.remove() }
        let hostile = "x\(Self.clearScreen)y\(Self.override)z"
        // YAML double-quoted strings spell ESC as \e and U+202E as \u202E.
        try space.write("exp.yml", """
            settings:
              name: "exp\\e]0;title\\a\\u202E"
            training_references:
            - name: model
              hyper_parameters_optimization:
                method:
                  name: random
                  parameters:
                  - {name: objective, string_value: accuracy}
                  - {name: maximize_or_minimize, string_value: maximize}
                  - {name: num_optimizer_steps, int_value: 2}
                  - {name: random_seed, int_value: 5}
                hyper_parameters:
                - {name: opt, string_values: ["x\\e[2Jy\\u202Ez"]}
                - {name: words, string_values: ["two words"]}
                - {name: empty, string_values: [""]}
                - {name: quote, string_values: ['say "hi"']}
            """)
        let good = #"{"grouplabel": "test", "etimes": {"iteration": {"type": 2, "value": "1"}}, "values": {"accuracy": {"type": 3, "value": "0.75"}}}"#
        try space.write("trial.sh", """
            #!/bin/sh
            printf 'out \\033[2J\\342\\200\\256 done\\n'
            printf 'progress 10%%\\rprogress 100%%\\n' >&2
            echo '\(good)' >> "$LOG_DIR/$SUBID/evaluation-metrics.txt"
            """, executable: true)

        let validate = try HPORunBinary.run(["validate", "exp.yml"], in: space.url)
        #expect(validate.status == 0, "\(validate.stderr)")
        #expect(Self.isClean(validate.stdout), "\(validate.stdout.debugDescription)")
        #expect(validate.stdout.contains(#"x\e[2Jy\u{202E}z"#), "\(validate.stdout)")

        let run = try HPORunBinary.run(
            ["--manifest", "exp.yml", "--experiment-dir", space.experiment.path, "--tee", "--",
             space.url.appendingPathComponent("trial.sh").path], in: space.url)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(Self.isClean(run.stdout) && Self.isClean(run.stderr), "\(run.stdout.debugDescription)")
        #expect(run.stdout.contains(#"hporun: experiment 'exp\e]0;title\u{7}\u{202E}'"#), "\(run.stdout)")
        #expect(run.stdout.contains(#"opt="x\e[2Jy\u{202E}z""#), "quoted and escaped: \(run.stdout)")
        #expect(run.stdout.contains(#"[0001] out \e[2J\u{202E} done"#), "\(run.stdout)")
        #expect(run.stdout.contains("[0001 stderr] progress 100%\n"), "what the terminal would show of a redrawn line")

        let status = try HPORunBinary.run(["status", space.experiment.path])
        #expect(status.status == 0 && Self.isClean(status.stdout), "\(status.stdout.debugDescription)")
        // String values with a space, a quote, or nothing are quoted wherever they are shown.
        for output in [validate.stdout, run.stdout, status.stdout] {
            #expect(output.contains(#""two words""#) && output.contains(#""say \"hi\"""#) && output.contains(#""""#), "\(output)")
        }
        #expect(run.stdout.contains(#"words="two words" empty="" quote="say \"hi\"""#), "\(run.stdout)")
        #expect(status.stdout.contains(#""x\e[2Jy\u{202E}z""#), "\(status.stdout)")

        let best = try HPORunBinary.run(["best", space.experiment.path])
        #expect(best.status == 0 && Self.isClean(best.stdout), "\(best.stdout.debugDescription)")

        // Data outputs keep the exact value.
        let json = try HPORunBinary.run(["best", space.experiment.path, "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((object["config"] as? [String: Any])?["opt"] as? String == hostile)
        let csv = try HPORunBinary.run(["export", space.experiment.path, "--format", "csv"])
        #expect(csv.stdout.contains(hostile))
    }

    /// A failure reason that quotes the command (one that cannot start) is escaped in the
    /// progress, the closing lines, `status` and `best`.
    @Test(.timeLimit(.minutes(1))) func failureReasonsAreEscaped() throws {
        let space = try Workspace()
        defer { space.remove() }
        let manifest = try space.manifest(steps: 2)
        let command = "no\(Self.clearScreen)such\(Self.override)"
        let run = try HPORunBinary.run(["--manifest", manifest.path, "--experiment-dir", space.experiment.path, "--", command],
                                       in: space.url)
        #expect(run.status != 0)
        #expect(Self.isClean(run.stdout) && Self.isClean(run.stderr), "\(run.stdout.debugDescription) \(run.stderr.debugDescription)")
        #expect((run.stdout + run.stderr).contains(#"no\e[2Jsuch\u{202E}"#), "\(run.stdout) \(run.stderr)")
        if FileManager.default.fileExists(atPath: space.experiment.appendingPathComponent("experiment.json").path) {
            for arguments in [["status", space.experiment.path], ["best", space.experiment.path]] {
                let result = try HPORunBinary.run(arguments)
                #expect(Self.isClean(result.stdout) && Self.isClean(result.stderr), "\(arguments[0]): \(result.stdout) \(result.stderr)")
            }
        }
    }

    /// A manifest's errors quote what the file holds (a method, a hyperparameter's name):
    /// escaped too.
    @Test(.timeLimit(.minutes(1))) func manifestErrorsAreEscaped() throws {
        let space = try Workspace()
        defer { space.remove() }
        try space.write("exp.yml", """
            hyper_parameters_optimization:
              method:
                name: "rbf\\e[2Jopt\\u202E"
                parameters:
                - {name: objective, string_value: accuracy}
                - {name: maximize_or_minimize, string_value: maximize}
              hyper_parameters:
              - {name: "x\\e[31m", double_range: {min_value: 0, max_value: 1}}
            """)
        let result = try HPORunBinary.run(["validate", "exp.yml"], in: space.url)
        #expect(result.status == 2)
        #expect(Self.isClean(result.stderr), "\(result.stderr.debugDescription)")
        #expect(result.stderr.contains(#"\e[2J"#) && result.stderr.contains(#"x\e[31m"#), "\(result.stderr)")
    }
}

/// The escaping function itself, on each class of character a terminal acts on.
@Suite struct TerminalTextTests {
    @Test func everyControlAndDirectionCharacterIsEscapedAndTheRestKept() {
        #expect(TerminalText.escaped("a\u{1B}[2Jb") == #"a\e[2Jb"#)
        #expect(TerminalText.escaped("\u{9B}31m\u{7F}\u{0}") == #"\u{9B}31m\u{7F}\u{0}"#)
        #expect(TerminalText.escaped("\u{202A}\u{202E}\u{2066}\u{2069}\u{200F}\u{2028}") == #"\u{202A}\u{202E}\u{2066}\u{2069}\u{200F}\u{2028}"#)
        #expect(TerminalText.escaped("line\nnext\ttab\r") == #"line\nnext\ttab\r"#)
        #expect(TerminalText.escaped("café ✓ 学习 \\e") == "café ✓ 学习 \\e")
        #expect(TerminalText.quoted("adam") == "adam")
        #expect(TerminalText.quoted("") == #""""#)
        #expect(TerminalText.quoted(#"a "b" \c"#) == #""a \"b\" \\c""#)
        #expect(TerminalText.outputLine("10%\r50%\r100%\r") == "100%")
        #expect(TerminalText.shellWord("it's") == #"'it'\''s'"#)
        #expect(TerminalText.truncated("学习学习", toColumns: 5) == "学习…")
    }
}
