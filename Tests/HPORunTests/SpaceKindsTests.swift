import Foundation
import Testing

/// The built hporun on a space with distributions and a conditional parameter: an inactive
/// parameter never reaches config.json, its coordinate is NaN in trial.json, and validate,
/// status, best, export, report and a resumed run all take the absent value in their stride.
@Suite(.serialized) struct SpaceKindsTests {
    static let parameters = """
          - {name: optimizer, string_values: [sgd, adam]}
          - name: momentum
            double_range: {min_value: 0.5, max_value: 0.99}
            condition: {name: optimizer, values: [sgd]}
          - {name: lr, distribution: {kind: loguniform, low: -9.2, high: -2.3}}
          - {name: layers, distribution: {kind: randint, low: 1, high: 5}}
          - {name: width, distribution: {kind: qnormal, mu: 64, sigma: 16, q: 8}}
        """

    static let train = """
        import json, os
        config = json.load(open("config.json"))
        score = 0.5 + 0.05 * config["layers"] + (0.4 * config["momentum"] if "momentum" in config else 0)
        with open(os.path.join(os.environ["RESULT_DIR"], "val_dict_list.json"), "w") as handle:
            json.dump([{"steps": 1, "accuracy": score}], handle)
        """

    /// Runs the built hporun without holding a pool thread while it runs (as PruningTests do).
    static func hporun(in space: Workspace, _ arguments: [String]) async throws -> HPORunBinary.Result {
        let logs = space.url.appendingPathComponent("logs-\(UUID().uuidString)")
        let process = try HPORunBinary.start(arguments, in: space.url, logs: logs)
        while process.isRunning { try await Task.sleep(for: .milliseconds(50)) }
        process.waitUntilExit()
        func text(_ name: String) throws -> String {
            String(decoding: try Data(contentsOf: logs.appendingPathComponent(name)), as: UTF8.self)
        }
        return HPORunBinary.Result(status: process.terminationStatus, stdout: try text("stdout"), stderr: try text("stderr"))
    }

    // Twelve trials and eight hporun commands: two minutes, since one was measured at 76 s
    // on a machine at load 15 (5 s idle).
    @Test(.timeLimit(.minutes(2))) func aConditionalParameterIsAbsentWhenInactiveEverywhere() async throws {
        let space = try Workspace()
        defer { space.remove() }
        try space.write("train.py", Self.train)
        let manifest = try space.manifest(steps: 10, hyperParameters: Self.parameters)

        let validate = try await Self.hporun(in: space, ["validate", manifest.path])
        #expect(validate.status == 0, "\(validate.stderr)")
        #expect(validate.stdout.contains(#"momentum   double_range 0.5 .. 0.99, uniform  (continuous), only if optimizer in ["sgd"]"#),
                "\(validate.stdout)")
        #expect(validate.stdout.contains("width      qnormal mu 64 sigma 16 q 8, searched on 14.56 .. 113.4, integers"))

        let run = try await Self.hporun(in: space, ["--manifest", manifest.path, "--experiment-dir", space.experiment.path, "--",
                                        "python3", space.url.appendingPathComponent("train.py").path])
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        var optimizers: Set<String> = []
        for subid in space.trialNames() {
            let data = try Data(contentsOf: space.trial(subid).appendingPathComponent("config.json"))
            let config = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let optimizer = try #require(config["optimizer"] as? String)
            optimizers.insert(optimizer)
            #expect((config["momentum"] != nil) == (optimizer == "sgd"), "\(subid): \(config)")
            #expect(config["layers"] is Int && config["width"] is Int, "randint and a whole q give integers: \(config)")
            let point = try #require(try space.record(subid)["point"] as? [Any])
            // NaN is written "NaN" (or null, as the warm-start branch records it).
            let inactive = point[1] as? String == "NaN" || point[1] is NSNull
            #expect(inactive == (optimizer == "adam"), "\(subid): \(point)")
        }
        #expect(optimizers == ["sgd", "adam"], "both branches ran")

        let status = try await Self.hporun(in: space, ["status", space.experiment.path])
        #expect(status.status == 0, "\(status.stderr)")
        let adamRow = status.stdout.split(separator: "\n").first { $0.contains(" adam ") }
        #expect(adamRow?.split(separator: " ", omittingEmptySubsequences: true).contains("-") == true, "\(status.stdout)")
        let export = try await Self.hporun(in: space, ["export", space.experiment.path, "--format", "csv"])
        #expect(export.status == 0, "\(export.stderr)")
        #expect(export.stdout.split(separator: "\n").contains { $0.contains(",adam,,") }, "an empty momentum cell:\n\(export.stdout)")
        let json = try await Self.hporun(in: space, ["export", space.experiment.path, "--format", "json"])
        #expect(json.status == 0 && (try? JSONSerialization.jsonObject(with: Data(json.stdout.utf8))) != nil, "\(json.stderr)")
        let best = try await Self.hporun(in: space, ["best", space.experiment.path])
        #expect(best.status == 0 && best.stdout.contains("\"optimizer\": \"sgd\""), "momentum makes sgd best:\n\(best.stdout)")
        let report = try await Self.hporun(in: space, ["report", space.experiment.path])
        #expect(report.status == 0, "\(report.stderr)")

        // A resumed run reads the NaN coordinates back and goes on.
        let more = try space.manifest(steps: 12, hyperParameters: Self.parameters)
        let resumed = try await Self.hporun(in: space, ["--manifest", more.path, "--experiment-dir", space.experiment.path, "--",
                                            "python3", space.url.appendingPathComponent("train.py").path])
        #expect(resumed.status == 0, "\(resumed.stdout)\n\(resumed.stderr)")
        #expect(space.trialNames().count == 12)
    }
}
