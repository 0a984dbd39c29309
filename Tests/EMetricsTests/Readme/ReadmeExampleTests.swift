import EMetrics
import Foundation
import Testing

/// The README's example, compiled and run here so it cannot go stale. `Model` stands in
/// for the user's own model; the code between the markers is the README's text (the first
/// test checks that, line for line).
@Suite(.serialized, .timeLimit(.minutes(1))) struct ReadmeExampleTests {
    struct Model {
        var width: Int
        var quality = 0.5
        mutating func trainEpoch(learningRate: Double) -> Double {
            quality += (1 - quality) * learningRate * Double(width) / 100
            return 1 - quality
        }
        func accuracy() -> Double { quality }
    }

    func training() {
        // README example begins
        struct Settings: Decodable { var learning_rate: Double; var fc: Int; var epochs: Int? }

        EMetrics.main {  // an error ends the program with its message on stderr and status 1
            let settings = try HyperParameters().decode(Settings.self)  // ./config.json from hporun
            var model = Model(width: settings.fc)

            try EMetrics.with { em in  // SUBID, LOG_DIR, RESULT_DIR from the environment
                for epoch in 1...(settings.epochs ?? 10) {
                    let loss = model.trainEpoch(learningRate: settings.learning_rate)
                    try em.record(.train, iteration: epoch, values: ["loss": loss])
                    try em.record(.test, iteration: epoch, values: ["accuracy": model.accuracy()])
                }
            }  // closed here, on errors too: val_dict_list.json is written
        }
        // README example ends
    }

    static let childVariable = "EMETRICS_TEST_README_TRIAL"

    /// The example as a trial runs it: in a process of its own, started by the test below
    /// in the trial's directory with hporun's variables (skipped in an ordinary run).
    @Test(.enabled(if: ProcessInfo.processInfo.environment[childVariable] != nil))
    func readmeTrialProcess() {
        training()
    }

    /// The README's Swift block and the code between the markers above, line for line
    /// (indentation and blank lines aside; the block's `import` is this file's).
    @Test func theExampleIsTheReadmeText() throws {
        let readme = try String(contentsOf: Python.repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let blocks = readme.components(separatedBy: "```swift\n").dropFirst().map { $0.components(separatedBy: "```")[0] }
        let block = try #require(blocks.first { $0.contains("EMetrics.main {") }, "no Swift block with EMetrics.main in README.md")
        let source = try String(contentsOf: URL(fileURLWithPath: #filePath), encoding: .utf8)
        let marked = try #require(source.components(separatedBy: "// README example begins\n").dropFirst().first)
            .components(separatedBy: "// README example ends")[0]
        func lines(_ text: String) -> [String] {
            text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty && !$0.hasPrefix("import ") }
        }
        #expect(lines(block) == lines(marked))
    }

    /// Starts the example in a child process, in `<scratch>/trials/0003` holding `config`.
    func runTrial(config: String, in scratch: Scratch) throws -> (status: Int32, stderr: String) {
        let trial = scratch.path + "/trials/0003"
        try FileManager.default.createDirectory(atPath: trial, withIntermediateDirectories: true)
        try Data(config.utf8).write(to: URL(fileURLWithPath: trial + "/config.json"))
        let environment = [
            "SUBID": "0003", "LOG_DIR": scratch.path + "/trials", "RESULT_DIR": trial, "TRAINING_ID": "readme",
            Self.childVariable: "1",
        ]
        let stderr = scratch.url.appendingPathComponent("child.stderr")
        let process = try TestBinary.start(test: "readmeTrialProcess", environment: environment, directory: trial,
                                           stderr: stderr)
        process.waitUntilExit()
        return (process.terminationStatus, try scratch.text("child.stderr"))
    }

    @Test func readmeExampleRunsAsATrial() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let child = try runTrial(config: #"{"learning_rate": 0.5, "fc": 64, "epochs": 3}"#, in: scratch)
        #expect(child.status == 0, "\(child.stderr)")

        let lines = completeLines(try scratch.text("trials/0003/evaluation-metrics.txt"))
        #expect(lines.count == 6)
        #expect(try lines.allSatisfy { (try jsonObject($0)["meta"] as? [String: Any])?["training_id"] as? String == "readme" })
        let history = try jsonArray(try scratch.text("trials/0003/val_dict_list.json"))
        #expect(history.map { $0["steps"] as? Int } == [1, 2, 3])
        let accuracies = history.compactMap { $0["accuracy"] as? Double }
        #expect(accuracies.count == 3 && accuracies == accuracies.sorted())
    }

    /// A bad config.json: the README's promised message on stderr and status 1, not Swift's
    /// crash report for an error thrown at top level (status 132 with a backtrace).
    @Test func aBadConfigEndsWithItsMessageAndStatus1() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let child = try runTrial(config: #"{"learning_rate": 0.5, "fc": "abc"}"#, in: scratch)
        #expect(child.status == 1, "\(child.stderr)")
        let program = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().lastPathComponent
        #expect(child.stderr.contains("\(program): config.json: 'fc' is the string \"abc\", not an integer\n"),
                "\(child.stderr)")
        #expect(!child.stderr.contains("Fatal error"))
        #expect(!child.stderr.contains("Error raised at top level"))
        #expect(!scratch.exists("trials/0003/evaluation-metrics.txt"))

        let missing = try runTrial(config: "{", in: scratch)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("config.json: not valid JSON"), "\(missing.stderr)")
    }
}
