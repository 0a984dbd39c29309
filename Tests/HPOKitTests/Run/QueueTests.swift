import Foundation
import HPOKit
import Testing

/// The experiment's queue (`hporun enqueue`) in process: entries run before the optimizer,
/// oldest first; one a trial already names is removed, not run again (the state a crash
/// between the trial's creation and the entry's removal leaves); one that does not fit is
/// set aside with its reason.
@Suite(.serialized) struct QueueTests {
    static let manifest = Manifest(
        method: Method(name: .random, objective: "accuracy", direction: .maximize, numOptimizerSteps: 3),
        hyperParameters: [HyperParameter(name: "x", domain: .doubleRange(min: 0, max: 1)),
                          HyperParameter(name: "n", domain: .intValues([1, 2, 4]))])

    func run(_ directory: ExperimentDirectory, budget: Int) async throws -> RunSummary {
        var manifest = Self.manifest
        manifest.method.numOptimizerSteps = budget
        let record = ExperimentRecord(name: "e", version: "1", seed: 3, manifestPath: "/m.yml", manifest: manifest,
                                      command: .argv(["sh", "-c", StartingPointsTests.writeX]))
        let options = RunOptions(budget: budget, grace: .milliseconds(500), seed: 3, force: true,
                                 pollInterval: .milliseconds(20))
        return try await ExperimentRunner(manifest: manifest, experiment: record, directory: directory,
                                          options: options, optimizer: RandomSearch()).run()
    }

    @Test(.timeLimit(.minutes(1))) func entriesRunOnceOldestFirstAndACrashLeftoverIsRemoved() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("queue-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let directory = ExperimentDirectory(root)
        try directory.create()
        let queue = ExperimentQueue(experiment: directory)
        let a = try queue.add(Config([("x", .double(0.125)), ("n", .int(4))]))
        let b = try queue.add(Config([("x", .double(0.375)), ("n", .int(2))]))
        try Data(#"{"x": 7, "n": 2}"#.utf8).write(to: queue.url.appendingPathComponent("zz-by-hand.json"))
        #expect(queue.entries() == [a, b, "zz-by-hand.json"])

        let first = try await run(directory, budget: 1)
        #expect(first.trials.map(\.queueEntry) == [a])
        #expect(first.trials[0].origin == .enqueued && first.trials[0].objective == 0.125)
        #expect(queue.entries() == [b, "zz-by-hand.json"])
        // As a crash right after the trial's creation leaves it: the taken entry is back.
        let again = try queue.add(Config([("x", .double(0.125)), ("n", .int(4))]))
        try FileManager.default.moveItem(at: queue.url.appendingPathComponent(again), to: queue.url.appendingPathComponent(a))
        #expect(queue.entries() == [a, b, "zz-by-hand.json"])

        let second = try await run(directory, budget: 3)
        #expect(second.trials.map(\.origin) == [.enqueued, .enqueued, .optimizer])
        #expect(second.trials.map(\.queueEntry) == [a, b, nil])
        #expect(second.trials.filter { $0.config["x"]?.value == .double(0.125) }.count == 1, "entry a ran once")
        #expect(queue.entries().isEmpty)
        let rejected = queue.rejected()
        #expect(rejected.map(\.name) == ["zz-by-hand.json"])
        #expect(rejected.first?.reason == "'x' = 7.0 is not in its space (double_range 0 .. 1, uniform  (continuous))")
    }
}
