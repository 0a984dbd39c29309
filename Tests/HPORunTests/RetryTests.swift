import Foundation
import Testing

/// Running again after a fix, without deleting the experiment: `--retry-failed`; and an
/// experiment.json written by hporun 0.1 still resumes.
@Suite(.serialized) struct RetryTests {
    static let write = #"import json, os; open(os.path.join(os.environ["RESULT_DIR"], "val_dict_list.json"), "w").write(json.dumps([{"steps": 1, "accuracy": 0.5}]))"#

    @Test(.timeLimit(.minutes(1))) func aFixedCommandRunsTheFailedPointsAgainWithRetryFailed() throws {
        let space = try Workspace()
        defer { space.remove() }
        let manifest = try space.manifest(steps: 4)
        let base = ["--manifest", manifest.path, "--experiment-dir", space.experiment.path]
        let broken = try HPORunBinary.run(base + ["--", "python3", "-c", "import torchh"], in: space.url)
        #expect(broken.status == 1)
        #expect(space.trialNames() == ["0001", "0002", "0003"])
        let failedRecord = try Data(contentsOf: space.trial("0001").appendingPathComponent("trial.json"))

        let fixed = ["--", "python3", "-c", Self.write]
        let refused = try HPORunBinary.run(base + fixed, in: space.url)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("  command: recorded: python3 -c import torchh / now: python3 -c \(Self.write)\n"))
        #expect(refused.stderr.contains(
            "rerun with --force to accept the change, and --retry-failed to run the failed trials' points again (3 failed)"))

        let retried = try HPORunBinary.run(base + ["--force", "--retry-failed"] + fixed, in: space.url)
        #expect(retried.status == 0, "\(retried.stderr)")
        #expect(retried.stdout.contains("retrying the points of 3 failed trial(s) (0001, 0002, 0003 are kept, as superseded)"))
        #expect(retried.stdout.contains("4 completed, 0 failed"), "\(retried.stdout)")
        #expect(space.trialNames() == ["0001", "0002", "0003", "0004", "0005", "0006", "0007"])
        // The failed points ran again first, as new trials; the failed trials' records are untouched.
        for (old, new) in zip(["0001", "0002", "0003"], ["0004", "0005", "0006"]) {
            #expect(try space.record(old)["point"] as? [Double] == space.record(new)["point"] as? [Double])
        }
        #expect(try Data(contentsOf: space.trial("0001").appendingPathComponent("trial.json")) == failedRecord)
        let experiment = try JSONSerialization.jsonObject(
            with: Data(contentsOf: space.experiment.appendingPathComponent("experiment.json"))) as? [String: Any]
        #expect((experiment?["retries"] as? [[String: Any]])?.first?["subids"] as? [String] == ["0001", "0002", "0003"])

        let status = try HPORunBinary.run(["status", space.experiment.path, "--by-subid"])
        #expect(status.stdout.contains("4/4 finished"), "\(status.stdout)")
        #expect(status.stdout.split(separator: "\n").filter { $0.contains(" superseded ") }.count == 3, "\(status.stdout)")
        let csv = try HPORunBinary.run(["export", space.experiment.path])
        #expect(csv.stdout.contains("\n0001,superseded,"))

        // Run again as it is: nothing left to do, the superseded trials stay aside.
        let again = try HPORunBinary.run(base + fixed, in: space.url)
        #expect(again.status == 0)
        #expect(again.stdout.contains("nothing was left to run: raise num_optimizer_steps in the manifest to run more trials"),
                "\(again.stdout)")
        #expect(!retried.stdout.contains("nothing was left to run"))
        #expect(space.trialNames().count == 7)
        #expect(try HPORunBinary.run(["export", space.experiment.path]).stdout.contains("\n0003,superseded,"))
    }

    /// The script fixed in place and the same command run again without --retry-failed: the
    /// failed trials still count against the budget, and the resume line says how to run
    /// their points again.
    @Test(.timeLimit(.minutes(1))) func aResumeWithFailedTrialsNamesRetryFailed() throws {
        let space = try Workspace()
        defer { space.remove() }
        let script = try space.write("train.py", "import torchh\n")
        let base = ["--manifest", try space.manifest(steps: 4).path, "--experiment-dir", space.experiment.path,
                    "--", "python3", script.path]
        #expect(try HPORunBinary.run(base, in: space.url).status == 1)
        try space.write("train.py", Self.write + "\n")
        let resumed = try HPORunBinary.run(base, in: space.url)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("resuming: 0 completed, 3 failed, 0 interrupted trial(s) to run again "
                                        + "(the failed ones count against the budget: --retry-failed runs their points again)"),
                "\(resumed.stdout)")
    }

    /// experiment.json as hporun 0.1.0 wrote it (the command in Swift's `_0` form) resumes,
    /// and is written back in the plain form.
    @Test(.timeLimit(.minutes(1))) func anExperimentFromHporun010Resumes() throws {
        let space = try Workspace()
        defer { space.remove() }
        let command = ["--", "python3", "-c", Self.write]
        let first = try HPORunBinary.run(["--manifest", try space.manifest(steps: 1).path, "--experiment-dir",
                                          space.experiment.path] + command, in: space.url)
        #expect(first.status == 0)
        let file = space.experiment.appendingPathComponent("experiment.json")
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        #expect(object["command"] as? [String] == Array(command.dropFirst()))
        object["command"] = ["argv": ["_0": Array(command.dropFirst())]]
        try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]).write(to: file)

        let resumed = try HPORunBinary.run(["--manifest", try space.manifest(steps: 2).path, "--experiment-dir",
                                            space.experiment.path] + command, in: space.url)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("resuming: 1 completed"))
        #expect(space.trialNames() == ["0001", "0002"])
        let rewritten = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any]
        #expect(rewritten?["command"] as? [String] == Array(command.dropFirst()))
    }
}
