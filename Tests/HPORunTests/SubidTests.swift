import Foundation
import HPOKit
import Testing

/// SUBIDs belong to hporun (issue 12 items 11 and 12): what a trial or a person does in
/// trials/ never aborts a run, crashes a resume, or makes a SUBID be used twice.
@Suite(.serialized) struct SubidTests {
    static let metric = #"echo '{"grouplabel": "test", "values": {"accuracy": 0.5}}' >> "$LOG_DIR/$SUBID/evaluation-metrics.txt""#

    /// Each trial makes the folder of the SUBID two after its own (with a file in it): that
    /// name is skipped when its turn comes.
    @Test(.timeLimit(.minutes(1))) func aSubidATrialTookIsSkipped() async throws {
        let space = try Workspace()
        defer { space.remove() }
        let script = try space.write("squat.sh", """
            #!/bin/bash
            later=$(printf %04d $((10#$SUBID + 2)))
            mkdir -p "$LOG_DIR/$later" && echo mine > "$LOG_DIR/$later/squatter.txt"
            \(Self.metric)
            """, executable: true)
        let manifest = try space.manifest(steps: 4)
        let result = try await runToEnd(["--manifest", manifest.path, "--experiment-dir", space.experiment.path, "--",
                                           script.path], in: space.url)
        #expect(result.status == 0, "\(result.stderr)")
        // 0001 takes 0003 and 0002 takes 0004; hporun goes on with 0005 and 0006.
        let trials = try ExperimentDirectory(space.experiment).loadTrials()
        #expect(trials.map(\.subid) == ["0001", "0002", "0005", "0006"])
        #expect(trials.allSatisfy { $0.state == .completed })
        #expect(try String(contentsOf: space.trial("0003").appendingPathComponent("squatter.txt"), encoding: .utf8) == "mine\n")
        #expect(!FileManager.default.fileExists(atPath: space.trial("0003").appendingPathComponent("trial.json").path))
        #expect(!space.trialNames().contains { $0.hasSuffix(".creating") }, "\(space.trialNames())")
    }

    /// The last completed trial's directory deleted by hand: launches.log still names its
    /// SUBID, so it is not used again.
    @Test(.timeLimit(.minutes(1))) func aDeletedTrialsSubidIsNotUsedAgain() async throws {
        let space = try Workspace()
        defer { space.remove() }
        let script = try space.write("quick.sh", "#!/bin/sh\n\(Self.metric)\n", executable: true)
        let arguments = { (steps: Int) in
            ["--manifest", try space.manifest(steps: steps).path, "--experiment-dir", space.experiment.path, "--", script.path]
        }
        let first = try await runToEnd(try arguments(2), in: space.url)
        #expect(first.status == 0, "\(first.stderr)")
        try FileManager.default.removeItem(at: space.trial("0002"))
        let second = try await runToEnd(try arguments(3), in: space.url)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(space.trialNames() == ["0001", "0003", "0004"])
    }

    /// Names hporun never writes (a huge number that overflows, leading zeros, a non-ASCII
    /// digit) and a staging folder left by a crash: ignored, and the staging one removed.
    @Test(.timeLimit(.minutes(1))) func oddNamesInTrialsAreIgnoredAndStagingLeftoversRemoved() async throws {
        let space = try Workspace()
        defer { space.remove() }
        let script = try space.write("quick.sh", "#!/bin/sh\n\(Self.metric)\n", executable: true)
        let manifest = try space.manifest(steps: 2)
        let arguments = ["--manifest", manifest.path, "--experiment-dir", space.experiment.path, "--", script.path]
        let first = try await runToEnd(arguments, in: space.url)
        #expect(first.status == 0, "\(first.stderr)")
        let odd = ["9223372036854775807", "99999999999999999999999", "00001", "\u{0663}", ".0003.creating"]
        for name in odd {
            try FileManager.default.createDirectory(at: space.trial(name), withIntermediateDirectories: true)
        }
        // A record inside the huge one, as if it were a trial.
        try Data(contentsOf: space.trial("0001").appendingPathComponent("trial.json"))
            .write(to: space.trial("9223372036854775807").appendingPathComponent("trial.json"))
        let resumed = try await runToEnd(
            ["--manifest", try space.manifest(steps: 3).path] + arguments.dropFirst(2), in: space.url)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try ExperimentDirectory(space.experiment).loadTrials().map(\.subid) == ["0001", "0002", "0003"])
        #expect(!space.trialNames().contains(".0003.creating"))
        let status = try await runToEnd(["status", space.experiment.path], in: space.url)
        #expect(status.status == 0, "\(status.stderr)")
    }
}
