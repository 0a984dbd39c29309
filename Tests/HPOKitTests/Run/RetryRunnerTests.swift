import Foundation
import HPOKit
import Synchronization
import Testing

/// `--retry-failed` in process, to see what the optimizer is told: a real RandomSearch behind
/// a recorder of the histories it receives, real trials run by the LocalLauncher.
@Suite(.serialized) struct RetryRunnerTests {
    /// RandomSearch, recording each history it is given.
    final class RecordingOptimizer: Optimizer {
        let histories = Mutex<[[Observation]]>([])
        let base = RandomSearch()

        func suggest<G: RandomNumberGenerator>(dimensions: [HPOKit.Dimension], history: [Observation], pending: [Point],
                                               using rng: inout G) -> Point? {
            histories.withLock { $0.append(history) }
            return base.suggest(dimensions: dimensions, history: history, pending: pending, using: &rng)
        }
    }

    static let manifest = Manifest(
        method: Method(name: .random, objective: "accuracy", direction: .maximize, numOptimizerSteps: 4),
        hyperParameters: [HyperParameter(name: "x", domain: .doubleRange(min: 0, max: 1, step: nil, power: nil))])

    func run(_ directory: ExperimentDirectory, _ line: String, retryFailed: Bool, optimizer: any Optimizer) async throws -> RunSummary {
        let record = ExperimentRecord(name: "e", version: "1", seed: 7, manifestPath: "/m.yml", manifest: Self.manifest,
                                      command: .argv(["sh", "-c", line]))
        var options = RunOptions(budget: 4, grace: .milliseconds(500), seed: 7, force: true,
                                 pollInterval: .milliseconds(20))
        options.retryFailed = retryFailed
        return try await ExperimentRunner(manifest: Self.manifest, experiment: record, directory: directory,
                                          options: options, optimizer: optimizer).run()
    }

    @Test(.timeLimit(.minutes(1))) func retriedFailuresAreNeverToldToTheOptimizer() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("retry-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let directory = ExperimentDirectory(root)
        let failing = try await run(directory, "echo 'ModuleNotFoundError: torch' >&2; exit 1", retryFailed: false,
                                    optimizer: RandomSearch())
        guard case .sameFailure(let failure, _) = failing.stopReason else {
            Issue.record("not stopped by the same-failure rule: \(failing.stopReason)")
            return
        }
        #expect(failure.subids == ["0001", "0002", "0003"])
        #expect(failure.signature == FailureSignature(cause: "the command exited with status 1",
                                                      lastErrorLine: "ModuleNotFoundError: torch"))
        let failedBytes = try Data(contentsOf: directory.trialDirectory("0001").appendingPathComponent("trial.json"))

        let recorder = RecordingOptimizer()
        let write = #"echo '{"grouplabel": "test", "values": {"accuracy": 0.5}}' >> "$LOG_DIR/$SUBID/evaluation-metrics.txt""#
        let fixed = try await run(directory, write, retryFailed: true, optimizer: recorder)
        #expect(fixed.stopReason == .budgetReached)
        #expect(fixed.trials.map(\.state) == [.superseded, .superseded, .superseded, .completed, .completed, .completed, .completed])
        // The failed points ran again first; the optimizer was asked once, and told only of completed trials.
        #expect(fixed.trials[3...5].map(\.point) == fixed.trials[0...2].map(\.point))
        let histories = recorder.histories.withLock { $0 }
        #expect(histories.count == 1)
        #expect(histories.first?.count == 3 && histories.first?.allSatisfy { $0.value == -0.5 } == true)
        // The failed trials' records are as they were written; experiment.json holds the retry.
        #expect(try Data(contentsOf: directory.trialDirectory("0001").appendingPathComponent("trial.json")) == failedBytes)
        #expect(try directory.loadTrials().prefix(3).allSatisfy { $0.state == .failed })
        #expect(try directory.loadExperiment()?.retries?.map(\.subids) == [["0001", "0002", "0003"]])
    }
}
