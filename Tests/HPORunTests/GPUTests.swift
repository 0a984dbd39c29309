import Foundation
import HPOKit
import Testing

/// `--gpus`: each running local trial holds a group of the listed GPUs, named in its
/// CUDA_VISIBLE_DEVICES and HIP_VISIBLE_DEVICES, and every trial gets HPORUN_SLOT.
@Suite(.serialized) struct GPUTests {
    /// Writes what it was given (`CUDA|HIP|SLOT`) and when it ran (`start end`, in seconds)
    /// into its trial directory, holding its GPU $HOLD seconds.
    static let recordingTrial = """
        #!/bin/sh
        start=$(date +%s.%N)
        echo "$CUDA_VISIBLE_DEVICES|$HIP_VISIBLE_DEVICES|$HPORUN_SLOT" > "$RESULT_DIR/given"
        sleep "${HOLD:-0.3}"
        echo '{"grouplabel": "test", "etimes": {"iteration": 1}, "values": {"accuracy": 0.5}}' >> "$RESULT_DIR/evaluation-metrics.txt"
        echo "$start $(date +%s.%N)" > "$RESULT_DIR/times"
        """

    /// What one trial was given, and when it ran.
    struct Given {
        var subid: String
        var cuda: String
        var hip: String
        var slot: String
        var start: Double
        var end: Double

        func overlaps(_ other: Given) -> Bool { start < other.end && other.start < end }
    }

    static func given(_ space: Workspace) throws -> [Given] {
        try space.trialNames().map { subid in
            let fields = try String(contentsOf: space.trial(subid).appendingPathComponent("given"), encoding: .utf8)
                .trimmingCharacters(in: .newlines).split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            let times = try String(contentsOf: space.trial(subid).appendingPathComponent("times"), encoding: .utf8)
                .split(separator: " ").compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            try #require(fields.count == 3 && times.count == 2)
            return Given(subid: subid, cuda: fields[0], hip: fields[1], slot: fields[2], start: times[0], end: times[1])
        }
    }

    private func run(_ space: Workspace, steps: Int, _ flags: [String], environment: [String: String] = [:]) throws
        -> HPORunBinary.Result {
        let script = try space.write("trial.sh", Self.recordingTrial, executable: true)
        let manifest = try space.manifest(steps: steps)
        return try HPORunBinary.run(
            ["--manifest", manifest.path, "--experiment-dir", space.experiment.path] + flags + ["--", script.path],
            in: space.url, environment: environment)
    }

    @Test(.timeLimit(.minutes(1))) func overlappingTrialsNeverShareAGPUAndEachGetsOneFromTheList() throws {
        let space = try Workspace()
        defer { space.remove() }
        let result = try run(space, steps: 6, ["--gpus", "0,1", "--parallel", "2"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("up to 2 at once, GPUs 0 | 1"), "\(result.stdout)")
        let trials = try Self.given(space)
        #expect(trials.count == 6)
        for trial in trials {
            #expect(["0", "1"].contains(trial.cuda), "\(trial.subid) got '\(trial.cuda)'")
            #expect(trial.hip == trial.cuda)
            #expect(["0", "1"].contains(trial.slot))
            // trial.json says where it ran, and the started line too.
            let record = try space.record(trial.subid)
            #expect(record["devices"] as? [Int] == Int(trial.cuda).map { [$0] })
            #expect((record["slot"] as? Int).map(String.init) == trial.slot)
            #expect(result.stdout.contains("trial \(trial.subid) started on GPU \(trial.cuda): x="), "\(result.stdout)")
        }
        var overlapping = 0
        for (index, one) in trials.enumerated() {
            for other in trials[(index + 1)...] where one.overlaps(other) {
                overlapping += 1
                #expect(one.cuda != other.cuda, "\(one.subid) and \(other.subid) ran at once on GPU \(one.cuda)")
                #expect(one.slot != other.slot, "\(one.subid) and \(other.subid) ran at once in slot \(one.slot)")
            }
        }
        #expect(overlapping >= 2, "the trials ran two at a time")
        // status shows each trial's GPU in a column of its own.
        let status = try HPORunBinary.run(["status", space.experiment.path, "--by-subid"])
        let lines = status.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("SUBID") && $0.contains("GPUS") }, "\(status.stdout)")
        for trial in trials {
            let row = lines.first { $0.hasPrefix(trial.subid + " ") }?.split(separator: " ").map(String.init) ?? []
            #expect(row.count > 4 && row[4] == trial.cuda, "\(status.stdout)")
        }
    }

    @Test(.timeLimit(.minutes(1))) func groupsOfTwoAndParallelDefaultingToTheirNumber() throws {
        let space = try Workspace()
        defer { space.remove() }
        let result = try run(space, steps: 4, ["--gpus", "0-3", "--gpus-per-trial", "2"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("up to 2 at once, GPUs 0,1 | 2,3"), "\(result.stdout)")
        let trials = try Self.given(space)
        #expect(trials.count == 4)
        #expect(trials.allSatisfy { ["0,1", "2,3"].contains($0.cuda) && $0.hip == $0.cuda }, "\(trials)")
        for (index, one) in trials.enumerated() {
            for other in trials[(index + 1)...] where one.overlaps(other) { #expect(one.cuda != other.cuda) }
        }
        #expect(result.stdout.contains("started on GPUs "), "\(result.stdout)")
        // export's last column says each trial's GPUs, as its CUDA_VISIBLE_DEVICES had them.
        let export = try HPORunBinary.run(["export", space.experiment.path, "--format", "csv"])
        let lines = export.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasSuffix(",failure_reason,from,gpus") == true, "\(export.stdout)")
        #expect(lines.count == 5, "\(export.stdout)")
        for trial in trials {
            // A value holding a comma is quoted (RFC 4180).
            #expect(lines.contains { $0.hasPrefix(trial.subid + ",") && $0.hasSuffix(",\"\(trial.cuda)\"") }, "\(export.stdout)")
        }
    }

    /// The manifest's max_concurrent_trials is a bound, not a demand: above the GPU groups it
    /// gives way to them; below, it holds.
    @Test(.timeLimit(.minutes(1)), arguments: [(8, "up to 2 at once, GPUs 0 | 1"), (1, "up to 1 at once, GPUs 0 | 1")])
    func theManifestsMaxConcurrentTrialsGivesWayToTheGroups(concurrent: Int, header: String) throws {
        let space = try Workspace()
        defer { space.remove() }
        let script = try space.write("trial.sh", Self.recordingTrial, executable: true)
        let manifest = try space.manifest(steps: 2, extra: "    - {name: max_concurrent_trials, int_value: \(concurrent)}")
        let result = try HPORunBinary.run(["--manifest", manifest.path, "--experiment-dir", space.experiment.path,
                                           "--gpus", "0,1", "--", script.path], in: space.url, environment: ["HOLD": "0"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains(header), "\(result.stdout)")
    }

    /// Without --gpus the trials' GPU variables are left as hporun got them, and each trial
    /// still has its slot.
    @Test(.timeLimit(.minutes(1))) func everyTrialGetsItsSlotAndWithoutGPUsTheirVariablesAreLeftAlone() throws {
        let space = try Workspace()
        defer { space.remove() }
        let result = try run(space, steps: 4, ["--parallel", "2"],
                             environment: ["CUDA_VISIBLE_DEVICES": "inherited", "HIP_VISIBLE_DEVICES": "inherited-hip"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stdout.contains("GPU"), "\(result.stdout)")
        let trials = try Self.given(space)
        #expect(trials.count == 4)
        #expect(trials.allSatisfy { $0.cuda == "inherited" && $0.hip == "inherited-hip" })
        #expect(trials.allSatisfy { ["0", "1"].contains($0.slot) }, "\(trials)")
        for (index, one) in trials.enumerated() {
            for other in trials[(index + 1)...] where one.overlaps(other) { #expect(one.slot != other.slot) }
        }
        #expect(try space.record("0001")["devices"] == nil)
        let status = try HPORunBinary.run(["status", space.experiment.path])
        #expect(!status.stdout.contains("GPUS"), "\(status.stdout)")
        let export = try HPORunBinary.run(["export", space.experiment.path, "--format", "csv"])
        #expect(export.stdout.split(separator: "\n").first?.hasSuffix(",from") == true, "no gpus column:\n\(export.stdout)")
    }

    /// Each bad --gpus is a usage error (exit 2) that says what is wrong and how to write it,
    /// before anything is created.
    @Test(arguments: [
        (["--gpus", ""], "--gpus is empty: give the ids of the GPUs the trials may use (e.g. --gpus 0,1,2,3 or --gpus 0-3)"),
        (["--gpus", "0,x"], "--gpus 0,x: 'x' is not a GPU id nor a range of them"),
        (["--gpus", "0,1,1"], "--gpus 0,1,1 names GPU 1 twice; a GPU goes to one trial at a time: list each id once"),
        (["--gpus", "3-0"], "the range '3-0' counts down; write it 0-3"),
        (["--gpus", "0-2", "--gpus-per-trial", "2"],
         "--gpus 0,1,2 gives 3 GPU(s), which do not split into groups of 2 (--gpus-per-trial 2): give a multiple of 2 GPUs"),
        (["--gpus", "0,1", "--gpus-per-trial", "0"], "--gpus-per-trial is 0; it must be at least 1"),
        (["--gpus", "0,1", "--parallel", "4"],
         "--gpus 0,1 with 1 per trial runs at most 2 trial(s) at once; drop --parallel 4 (it then defaults to 2) or give more GPUs"),
        (["--gpus-per-trial", "2"], "--gpus-per-trial 2 needs --gpus, the GPUs to share out (e.g. --gpus 0-3)"),
        (["--gpus", "0", "--launcher", "slurm"],
         "under --launcher slurm, Slurm gives each job its GPUs itself: drop --gpus and ask Slurm for them, e.g. --slurm-args \"--gres=gpu:1\""),
    ])
    func badGPUFlagsAreUsageErrorsThatSayHowToFixThem(flags: [String], message: String) throws {
        let space = try Workspace()
        defer { space.remove() }
        let result = try run(space, steps: 1, flags)
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: space.experiment.path), "nothing was created")
    }

    /// The manifest's launcher slurm, with --gpus typed: refused the same way.
    @Test func gpusUnderTheManifestsSlurmLauncherIsRefused() throws {
        let space = try Workspace()
        defer { space.remove() }
        let script = try space.write("trial.sh", Self.recordingTrial, executable: true)
        let manifest = try space.manifest(steps: 1, extra: "    - {name: launcher, string_value: slurm}")
        let result = try HPORunBinary.run(["--manifest", manifest.path, "--experiment-dir", space.experiment.path,
                                           "--gpus", "0,1", "--", script.path], in: space.url)
        #expect(result.status == 2)
        #expect(result.stderr.contains("--slurm-args \"--gres=gpu:1\""), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: space.experiment.path))
    }

    /// hporun killed with SIGKILL while trial 0001 holds GPU 0: the resumed run follows it, and
    /// while it runs every new trial gets GPU 1 and the other slot, never 0001's.
    @Test(.timeLimit(.minutes(1))) func aResumedRunNeverGivesAFollowedTrialsGPUToANewTrial() throws {
        let space = try Workspace()
        defer { space.remove() }
        // Trial 0001 waits for `release`; the others end at once.
        let gated = Self.recordingTrial.replacingOccurrences(
            of: "sleep", with: "[ \"$SUBID\" = 0001 ] && while [ ! -e \"$WORKSPACE/release\" ]; do sleep 0.1; done\nsleep")
        let script = try space.write("trial.sh", gated, executable: true)
        let manifest = try space.manifest(steps: 3)
        let arguments = { (parallel: String) in
            ["--manifest", manifest.path, "--experiment-dir", space.experiment.path, "--gpus", "0,1",
             "--parallel", parallel, "--", script.path]
        }
        let environment = ["WORKSPACE": space.url.path, "HOLD": "0"]
        let first = try HPORunBinary.start(arguments("1"), in: space.url, logs: space.url.appendingPathComponent("logs"),
                                           environment: environment)
        let given = space.trial("0001").appendingPathComponent("given")
        #expect(waitFor { space.launchedGroup("0001") != nil && FileManager.default.fileExists(atPath: given.path) })
        kill(first.processIdentifier, SIGKILL)
        first.waitUntilExit()
        #expect(try String(contentsOf: given, encoding: .utf8) == "0|0|0\n")

        // Two at once now: 0001 still holds GPU 0 and slot 0.
        let logs = space.url.appendingPathComponent("logs-resumed")
        let resumed = try HPORunBinary.start(arguments("2"), in: space.url, logs: logs, environment: environment)
        let output = { (try? String(contentsOf: logs.appendingPathComponent("stdout"), encoding: .utf8)) ?? "" }
        let done = { (subid: String) in (try? space.record(subid)["state"] as? String) == "completed" }
        #expect(waitFor { done("0002") && done("0003") }, "\(output())")
        #expect(resumed.isRunning, "the resumed run waits for 0001")
        #expect(try space.record("0001")["state"] as? String == "running")
        for subid in ["0002", "0003"] {
            let text = try String(contentsOf: space.trial(subid).appendingPathComponent("given"), encoding: .utf8)
            #expect(text == "1|1|1\n", "\(subid) ran beside 0001 and got \(text)")
            #expect(output().contains("trial \(subid) started on GPU 1:"), "\(output())")
        }
        #expect(output().contains("trial 0001 followed (started by an earlier run "), "\(output())")
        _ = FileManager.default.createFile(atPath: space.url.appendingPathComponent("release").path, contents: nil)
        resumed.waitUntilExit()
        #expect(resumed.terminationStatus == 0, "\(output())")
        let record = try space.record("0001")
        #expect(record["state"] as? String == "completed")
        #expect(record["devices"] as? [Int] == [0])
        #expect(record["slot"] as? Int == 0)
        #expect(space.trialNames() == ["0001", "0002", "0003"])
    }
}
