import EMetrics
import Foundation
import Testing

/// The README's example, compiled and run here so it cannot go stale. `Model` stands in
/// for the user's own model; the code between the markers is the README's text.
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

    func training() throws {
        // README example begins
        struct Settings: Decodable { var learning_rate: Double; var fc: Int; var epochs: Int? }

        let settings = try HyperParameters().decode(Settings.self)  // ./config.json from hporun
        var model = Model(width: settings.fc)

        try EMetrics.with { em in  // SUBID, LOG_DIR, RESULT_DIR from the environment
            for epoch in 1...(settings.epochs ?? 10) {
                let loss = model.trainEpoch(learningRate: settings.learning_rate)
                try em.record(.train, iteration: epoch, values: ["loss": loss])
                try em.record(.test, iteration: epoch, values: ["accuracy": model.accuracy()])
            }
        }  // closed here, on errors too: val_dict_list.json is written
        // README example ends
    }

    static let childVariable = "EMETRICS_TEST_README_TRIAL"

    /// The example as a trial runs it: in a process of its own, started by the test below
    /// in the trial's directory with hporun's variables (skipped in an ordinary run).
    @Test(.enabled(if: ProcessInfo.processInfo.environment[childVariable] != nil))
    func readmeTrialProcess() throws {
        try training()
    }

    @Test func readmeExampleRunsAsATrial() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let trial = scratch.path + "/trials/0003"
        try FileManager.default.createDirectory(atPath: trial, withIntermediateDirectories: true)
        try Data(#"{"learning_rate": 0.5, "fc": 64, "epochs": 3}"#.utf8)
            .write(to: URL(fileURLWithPath: trial + "/config.json"))
        let environment = [
            "SUBID": "0003", "LOG_DIR": scratch.path + "/trials", "RESULT_DIR": trial, "TRAINING_ID": "readme",
            Self.childVariable: "1",
        ]
        let process = try TestBinary.start(test: "readmeTrialProcess", environment: environment, directory: trial)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)

        let lines = completeLines(try scratch.text("trials/0003/evaluation-metrics.txt"))
        #expect(lines.count == 6)
        #expect(try lines.allSatisfy { (try jsonObject($0)["meta"] as? [String: Any])?["training_id"] as? String == "readme" })
        let history = try jsonArray(try scratch.text("trials/0003/val_dict_list.json"))
        #expect(history.map { $0["steps"] as? Int } == [1, 2, 3])
        let accuracies = history.compactMap { $0["accuracy"] as? Double }
        #expect(accuracies.count == 3 && accuracies == accuracies.sorted())
    }
}
