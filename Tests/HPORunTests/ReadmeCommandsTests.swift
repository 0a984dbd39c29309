import Foundation
import Testing

/// Every command the README and the samples' comments show, run as written (through
/// `/bin/sh`, with the built hporun first on PATH) from the folder the text implies, in a
/// fresh copy of the repository's samples. The commands are read from the text itself, so a
/// command added to the README is run here, or named in `exempt` with the reason.
@Suite(.serialized) struct ReadmeCommandsTests {
    /// Commands shown but not run here, and why.
    static let exempt: [String: String] = [
        "make test": "it runs this very test suite",
        "make slurm-up": "it installs Debian packages and starts daemons; .ci/run runs it before make test",
        "make slurm-down": "it would stop the cluster that the Slurm tests use",
        "make tune-digits": "30 trials after a release build; the same run, on fewer trials, is digits.yml's command",
        "make bench": "a benchmark: minutes, and it prints numbers without asserting anything",
        "make bench-optimizers": "a benchmark: minutes, and it prints numbers without asserting anything",
        "make bench-runner": "a benchmark: minutes, and it prints numbers without asserting anything",
        "make bench-digits": "a benchmark: minutes, and it prints numbers without asserting anything",
        "make bench-pruning": "a benchmark: minutes, and it prints numbers without asserting anything",
        "make bench-pruning-rbfopt": "a benchmark: minutes, and it prints numbers without asserting anything",
        "make bench-suite": "a benchmark: minutes, and it prints numbers without asserting anything",
        "make bench-suite-long": "a benchmark: minutes, and it prints numbers without asserting anything",
        "make bench-suite-peers": "it runs the peers for hours (and needs their virtual environment)",
        "make bench-heldout": "a benchmark: minutes, and it prints numbers without asserting anything",
        "make bench-heldout-peers": "it runs the peers for hours (and needs their virtual environment)",
        "hporun status": "a subcommand named in a sentence, not a command line",
        "hporun best": "a subcommand named in a sentence, not a command line",
        #"hporun --manifest exp.yml --launcher slurm --parallel 8 --slurm-args "--partition=gpu --gres=gpu:1 --time=02:00:00 --mem=16G" -- python3 train.py"#:
            "an illustration: /shared/project and the gpu partition are the reader's; the next block runs --launcher slurm on the one-node cluster",
    ]

    /// Commands the README shows failing, with the exit status they must end with (their
    /// output, shown after them, is checked as for any command).
    static let failing: [String: Int32] = [
        "hporun --manifest exp.yml -- pythn3 train.py": 2,  // a typo in the program: exit 2, nothing run
    ]

    static let all: [ShownScenario] = (try? ShownCommands.all(repository: HPORunBinary.repositoryRoot)) ?? []

    /// The scenarios to run: commands not exempt; a one-command scenario whose command another
    /// scenario runs too (the README repeats its headline) is left to that one.
    static var planned: [ShownScenario] {
        var scenarios = all.map { scenario in
            ShownScenario(name: scenario.name, commands: scenario.commands.filter { exempt[$0.text] == nil })
        }.filter { !$0.commands.isEmpty }
        var index = 0
        while index < scenarios.count {
            let scenario = scenarios[index]
            let elsewhere = scenarios.indices.filter { $0 != index }.flatMap { scenarios[$0].commands }
            if scenario.commands.count == 1, elsewhere.contains(where: { $0.isSame(as: scenario.commands[0]) }) {
                scenarios.remove(at: index)
            } else {
                index += 1
            }
        }
        return scenarios
    }

    static func isSlurm(_ scenario: ShownScenario) -> Bool {
        scenario.commands.contains { $0.text.contains("--launcher slurm") }
    }

    @Test func everyShownCommandIsRunOrExempt() throws {
        let shown = Self.all.flatMap(\.commands)
        #expect(shown.count >= 15, "found only: \(shown)")
        let run = Self.planned.flatMap(\.commands)
        for command in shown where Self.exempt[command.text] == nil {
            #expect(run.contains { $0.isSame(as: command) }, "shown but not run: \(command)")
        }
        for text in Self.exempt.keys {
            #expect(shown.contains { $0.text == text }, "exempt but no longer shown: \(text)")
        }
        for text in Self.failing.keys {
            #expect(run.contains { $0.text == text }, "expected to fail but no longer shown: \(text)")
        }
        #expect(shown.contains { $0.text == "make demo" && $0.folder == "" })
        #expect(shown.contains { $0.text == "hporun --manifest exp.yml -- python3 train.py" && $0.folder == "Samples/quickstart" })
    }

    @Test(.timeLimit(.minutes(2)), arguments: planned.filter { !isSlurm($0) })
    func runsAsWritten(_ scenario: ShownScenario) throws {
        try run(scenario)
    }

    @Test(.timeLimit(.minutes(3)), .enabled(if: SlurmCluster.isUp, "no Slurm cluster: start one with `make slurm-up`"),
          arguments: planned.filter(isSlurm))
    func runsAsWrittenOnSlurm(_ scenario: ShownScenario) throws {
        try run(scenario)
    }

    func run(_ scenario: ShownScenario) throws {
        // The quickstart's 12 trials run for `make demo`, whose README text says 12; the other
        // commands run it on 4, to keep this test short.
        let demo = scenario.commands.contains { $0.text == "make demo" }
        let copy = try RepositoryCopy(quickstartSteps: demo ? nil : 4)
        defer { copy.remove() }
        for command in scenario.commands {
            let before = copy.trialRecords().count
            let result = try copy.run(command)
            let expected = Self.failing[command.text] ?? 0
            #expect(result.status == expected, "\(command)\nstdout: \(result.stdout)\nstderr: \(result.stderr)")
            for line in command.output {
                let printed = "stdout: \(result.stdout)\nstderr: \(result.stderr)"
                #expect(Self.shows(line, in: result.stdout + result.stderr), "\(command) did not print: \(line)\n\(printed)")
            }
            if expected != 0 {
                #expect(copy.trialRecords().count == before, "\(command) failed but ran trials")
            } else if command.text.hasPrefix("hporun --manifest") {
                let records = copy.trialRecords()
                #expect(records.count > before, "\(command): no trial ran")
                let failed = records.filter { !["completed", "pruned"].contains($0.value["state"] as? String) }.sorted { $0.key < $1.key }
                let first = failed.first.map { "\($0.key): \($0.value["failureReason"] ?? "")" } ?? ""
                #expect(failed.count == 0, "\(command): \(failed.count) of \(records.count) trials did not complete; \(first)")
            } else if command.text.hasPrefix("hporun ") {
                #expect(!result.stdout.isEmpty, "\(command) printed nothing")
            }
            if command.text == "make demo" {
                // The note comes before the build it announces, then the demo's own table.
                let lines = result.stdout.split(separator: "\n")
                #expect(lines.first?.hasPrefix("make demo: building hporun first (a minute or two the first time") == true,
                        "\(result.stdout)")
                #expect(lines.dropFirst().first?.hasSuffix(" build") == true, "\(result.stdout)")
                #expect(copy.trialRecords().count == 12)
            }
        }
    }

    /// Whether `output` holds `line` as the README shows it, `(...)` standing for any text.
    static func shows(_ line: String, in output: String) -> Bool {
        output.split(separator: "\n").contains { printed in
            var rest = Substring(printed)
            for piece in line.components(separatedBy: "(...)") {
                guard let range = rest.range(of: piece) else { return false }
                rest = rest[range.upperBound...]
            }
            return true
        }
    }
}
