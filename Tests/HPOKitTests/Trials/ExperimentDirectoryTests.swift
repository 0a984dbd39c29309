import Foundation
import HPOKit
import Testing

@Suite struct ExperimentDirectoryTests {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString)")
    }

    static let manifest = Manifest(
        method: Method(name: .random, objective: "accuracy", direction: .maximize, numOptimizerSteps: 3),
        hyperParameters: [HyperParameter(name: "lr", domain: .doubleRange(min: 0.005, max: 0.01, step: 0.001)),
                          HyperParameter(name: "opt", domain: .stringValues(["sgd", "adam"]))])

    @Test func trialsRoundTripThroughTrialJSON() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let directory = ExperimentDirectory(root)
        try directory.create()
        let space = Self.manifest.space
        var record = TrialRecord(subid: "0001", point: [1, 1], config: space.decode([1, 1]))
        try directory.createTrial(record, config: space.decode([1, 1]))
        #expect(try String(contentsOf: directory.trialDirectory("0001").appendingPathComponent("config.json"), encoding: .utf8)
            == "{\n  \"lr\": 0.006,\n  \"opt\": \"adam\"\n}\n")
        record.state = .completed
        record.objective = 0.5
        record.startedAt = Date(timeIntervalSince1970: 1_700_000_000.125)
        record.endedAt = Date(timeIntervalSince1970: 1_700_000_002.5)
        var history = TestHistory()
        history.add(MetricRecord(group: "test", iteration: 1, values: ["accuracy": 0.5]))
        record.testHistory = history
        try directory.save(record)
        let loaded = try directory.loadTrials()
        #expect(loaded == [record])
        // NaN is kept through JSON as the text "nan" (NaN != NaN, so checked on its own).
        record.testHistory.add(MetricRecord(group: "test", iteration: 2, values: ["loss": .nan]))
        try directory.save(record)
        #expect(try directory.loadTrials().first?.testHistory.metrics["loss"]?.first?.value.isNaN == true)
        #expect(abs((loaded.first?.duration ?? 0) - 2.375) < 1e-6)
        #expect(directory.nextSubidNumber() == 2)
        // No temp files are left beside the real ones.
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.trialDirectory("0001").path)
        #expect(names.sorted() == ["config.json", "trial.json"])
    }

    @Test func aRunningTrialGetsItsHandleFromLaunchesLog() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let directory = ExperimentDirectory(root)
        try directory.create()
        let space = Self.manifest.space
        for (subid, point) in [("0001", [0.0, 0.0]), ("0002", [1.0, 1.0])] {
            var record = TrialRecord(subid: subid, point: point, config: space.decode(point))
            record.state = .running
            try directory.createTrial(record, config: space.decode(point))
        }
        try directory.recordLaunch("0001", .processGroup(4242))
        try directory.recordLaunch("0002", .slurmJob("77"))
        try directory.recordLaunch("0002", .slurmJob("78"))  // the latest line wins
        // A line cut short by a crash is skipped.
        let log = try FileHandle(forWritingTo: root.appendingPathComponent("launches.log"))
        try log.seekToEnd()
        try log.write(contentsOf: Data("0001 pid 42".utf8))  // cut from "0001 pid 4243\n"
        try log.close()
        #expect(try String(contentsOf: root.appendingPathComponent("launches.log"), encoding: .utf8)
            == "0001 pid 4242\n0002 slurm-job 77\n0002 slurm-job 78\n0001 pid 42")
        let trials = try directory.loadTrials()
        #expect(trials.map(\.handle) == [.processGroup(4242), .slurmJob("78")])
        // trial.json itself was not rewritten at the start.
        let onDisk = try String(contentsOf: directory.trialDirectory("0001").appendingPathComponent("trial.json"), encoding: .utf8)
        #expect(!onDisk.contains("4242"))
    }

    @Test func anEmptyTrialJSONLeftByAPowerCutIsSkippedAndItsSubidNotReused() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let directory = ExperimentDirectory(root)
        try directory.create()
        let space = Self.manifest.space
        try directory.createTrial(TrialRecord(subid: "0001", point: [0, 0], config: space.decode([0, 0])),
                                  config: space.decode([0, 0]))
        try Data().write(to: directory.trialDirectory("0001").appendingPathComponent("trial.json"))
        #expect(try directory.loadTrials().isEmpty)
        #expect(directory.nextSubidNumber() == 2)
    }

    @Test func aSecondLockOnTheSameDirectoryIsRefused() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let directory = ExperimentDirectory(root)
        try directory.create()
        let lock = try ExperimentLock(directory: root)
        // flock locks belong to open file descriptions: a second open in this process conflicts too.
        #expect(throws: TrialStoreError.locked(path: root.path, holder: "pid \(getpid())")) {
            _ = try ExperimentLock(directory: root)
        }
        withExtendedLifetime(lock) {}
    }

    @Test func experimentRecordsNoticeWhatChanged() {
        let a = ExperimentRecord(name: "e", version: "1", seed: 1, manifestPath: "/m.yml", manifest: Self.manifest,
                                 command: .argv(["python3", "train.py"]))
        var steps = Self.manifest
        steps.method.numOptimizerSteps = 50
        let b = ExperimentRecord(name: "e", version: "1", seed: 2, manifestPath: "/m.yml", manifest: steps,
                                 command: .argv(["python3", "train.py"]))
        #expect(a.differences(from: b).isEmpty, "a larger budget continues the same experiment")
        var other = Self.manifest
        other.hyperParameters[1] = HyperParameter(name: "opt", domain: .stringValues(["sgd"]))
        let c = ExperimentRecord(name: "e", version: "1", seed: 1, manifestPath: "/m.yml", manifest: other,
                                 command: .shell("python3 train.py"))
        #expect(a.differences(from: c).map(\.description) == [
            "search space 'opt': recorded: string_values [sgd, adam]  (2 values, unordered) / now: string_values [sgd]  (1 value, unordered)",
            "command: recorded: python3 train.py / now: python3 train.py",
        ])
    }

    @Test func exportWritesCSVAndJSONThatParse() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let directory = ExperimentDirectory(root)
        try directory.create()
        try directory.save(ExperimentRecord(name: "e", version: "1", seed: 1, manifestPath: "/m.yml", manifest: Self.manifest,
                                            command: .argv(["true"])))
        let space = Self.manifest.space
        for (index, objective) in [0.25, 0.75].enumerated() {
            var record = TrialRecord(subid: ExperimentDirectory.subid(index + 1), point: [Double(index), 0], config: space.decode([Double(index), 0]))
            try directory.createTrial(record, config: space.decode([Double(index), 0]))
            record.state = .completed
            record.objective = objective
            record.testHistory = TestHistory(metrics: ["accuracy": [.init(iteration: 1, value: objective)]])
            try directory.save(record)
        }
        var failed = TrialRecord(subid: "0003", point: [2, 1], config: space.decode([2, 1]))
        failed.origin = .startingPoint
        failed.startingPoint = 2
        failed.state = .failed
        failed.failureReason = "the command exited with status 1, \"badly\""
        try directory.createTrial(failed, config: space.decode([2, 1]))
        let export = try ExperimentExport(directory: directory)
        #expect(export.best?.subid == "0002")
        #expect(export.ranked.map(\.subid) == ["0002", "0001", "0003"])
        #expect(export.csv() == """
            subid,state,objective,duration_s,lr,opt,test_accuracy,failure_reason,from
            0001,completed,0.25,,0.005,sgd,0.25,,optimizer
            0002,completed,0.75,,0.006,sgd,0.75,,optimizer
            0003,failed,,,0.007,adam,,"the command exited with status 1, ""badly\"\"\",start 2

            """)
        let json = try JSONSerialization.jsonObject(with: Data(export.json().utf8)) as? [[String: Any]]
        #expect(json?.count == 3 && json?[1]["objective"] as? Double == 0.75 && json?[0]["opt"] as? String == "sgd")
        #expect(json?.map { $0["from"] as? String } == ["optimizer", "optimizer", "start 2"])
    }

    /// Hyperparameters named as export's own columns (`state`, `from`, `test_accuracy`) are
    /// exported as param_<name>: every JSON row keeps both values, none hides another.
    @Test func parametersNamedAsColumnsAreExportedApart() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let manifest = Manifest(
            method: Method(name: .random, objective: "accuracy", direction: .maximize, numOptimizerSteps: 1),
            hyperParameters: [HyperParameter(name: "state", domain: .stringValues(["on", "off"])),
                              HyperParameter(name: "from", domain: .intValues([1, 2])),
                              HyperParameter(name: "test_accuracy", domain: .intValues([7])),
                              HyperParameter(name: "lr", domain: .intValues([3]))])
        let directory = ExperimentDirectory(root)
        try directory.create()
        try directory.save(ExperimentRecord(name: "e", version: "1", seed: 1, manifestPath: "/m.yml", manifest: manifest,
                                            command: .argv(["true"])))
        let config = manifest.space.decode([1, 1, 0, 0])
        var record = TrialRecord(subid: "0001", point: [1, 1, 0, 0], config: config)
        try directory.createTrial(record, config: config)
        record.state = .completed
        record.objective = 0.5
        record.testHistory = TestHistory(metrics: ["accuracy": [.init(iteration: 1, value: 0.5)]])
        try directory.save(record)
        let export = try ExperimentExport(directory: directory)
        #expect(export.columns == ["subid", "state", "objective", "duration_s", "param_state", "param_from",
                                   "param_test_accuracy", "lr", "test_accuracy", "failure_reason", "from"])
        let row = try #require((try JSONSerialization.jsonObject(with: Data(export.json().utf8)) as? [[String: Any]])?.first)
        #expect(row["state"] as? String == "completed" && row["param_state"] as? String == "off")
        #expect(row["from"] as? String == "optimizer" && row["param_from"] as? Int == 2)
        #expect(row["test_accuracy"] as? Double == 0.5 && row["param_test_accuracy"] as? Int == 7)
        #expect(export.csv().hasPrefix("subid,state,objective,duration_s,param_state,param_from,param_test_accuracy,lr,"))
    }
}
