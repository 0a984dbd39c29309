import Foundation
import Testing

/// The Swift training sample (Samples/swift-training, built by `make test` before the tests)
/// tuned briefly through the built hporun: every trial completes with a TEST accuracy in
/// (0, 1], and the best trial beats a deliberately bad configuration.
@Suite(.serialized) struct DigitsSampleTests {
    static let sample = HPORunBinary.repositoryRoot.appendingPathComponent("Samples/swift-training")
    static let binary = sample.appendingPathComponent(".build/release/digits-mlp")

    @Test(.timeLimit(.minutes(2))) func aShortTuningBeatsABadConfiguration() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary.path),
                     "build the sample first: make digits-sample (make test does)")
        let space = try Workspace()
        defer { space.remove() }
        let manifest = try String(contentsOf: Self.sample.appendingPathComponent("digits.yml"), encoding: .utf8)
            .replacingOccurrences(of: "int_value: 30}", with: "int_value: 8}")
            .replacingOccurrences(of: "int_range: {min_value: 5, max_value: 30}", with: "int_range: {min_value: 3, max_value: 6}")
        try space.write("exp.yml", manifest)
        let data = Self.sample.appendingPathComponent("digits.csv").path
        let result = try HPORunBinary.run(["--manifest", "exp.yml", "--experiment-dir", space.experiment.path,
                                           "--", Self.binary.path, "--data", data], in: space.url)
        #expect(result.status == 0, "\(result.stderr)")
        let accuracies = try space.trialNames().map { subid -> Double in
            let record = try space.record(subid)
            #expect(record["state"] as? String == "completed", "\(subid): \(record["failureReason"] ?? "")")
            return record["objective"] as? Double ?? -1
        }
        #expect(accuracies.count == 8)
        #expect(accuracies.allSatisfy { $0 > 0 && $0 <= 1 })

        // The same program on a deliberately bad configuration, outside hporun.
        let bad = space.url.appendingPathComponent("bad")
        try FileManager.default.createDirectory(at: bad, withIntermediateDirectories: true)
        try Data(#"{"learning_rate": 0.001, "hidden_units": 16, "weight_decay": 0.01, "batch_size": 128, "epochs": 3, "activation": "tanh"}"#.utf8)
            .write(to: bad.appendingPathComponent("config.json"))
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = ["--data", data]
        process.currentDirectoryURL = bad
        process.environment = ["LOG_DIR": bad.path, "RESULT_DIR": bad.path, "SUBID": "bad"]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let history = try JSONSerialization.jsonObject(with: Data(contentsOf: bad.appendingPathComponent("val_dict_list.json")))
            as? [[String: Any]]
        let badAccuracy = try #require(history?.compactMap { $0["accuracy"] as? Double }.max())
        #expect(accuracies.max()! > badAccuracy + 0.2, "best \(accuracies.max()!) vs bad \(badAccuracy)")
    }

    /// A wrong config.json ends the program (it runs its body in `EMetrics.main`) with one
    /// line on stderr and status 1, not Swift's crash report.
    @Test(.timeLimit(.minutes(1))) func aWrongConfigEndsWithOneLineAndStatus1() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary.path),
                     "build the sample first: make digits-sample (make test does)")
        let space = try Workspace()
        defer { space.remove() }
        let cases = [
            (#"{"learning_rate": 0.1, "hidden_units": "abc", "weight_decay": 0.0, "batch_size": 8, "epochs": 1, "activation": "relu"}"#,
             #"digits-mlp: config.json: 'hidden_units' is the string "abc", not an integer"#),
            (#"{"learning_rate": 0.1, "hidden_units": 16, "weight_decay": 0.0, "batch_size": 8, "epochs": 1, "activation": "sigmoid"}"#,
             "digits-mlp: activation must be relu or tanh, not sigmoid"),
        ]
        for (config, message) in cases {
            try space.write("config.json", config)
            let stderr = space.url.appendingPathComponent("stderr.log")
            _ = FileManager.default.createFile(atPath: stderr.path, contents: nil)
            let process = Process()
            process.executableURL = Self.binary
            process.arguments = ["--data", Self.sample.appendingPathComponent("digits.csv").path]
            process.currentDirectoryURL = space.url
            process.environment = ["LOG_DIR": space.url.path, "RESULT_DIR": space.url.path, "SUBID": "bad"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = try FileHandle(forWritingTo: stderr)
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 1)
            #expect(try String(contentsOf: stderr, encoding: .utf8) == message + "\n")
        }
    }
}
