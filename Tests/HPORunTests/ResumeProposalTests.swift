import Foundation
import Testing

/// Interrupting a run and resuming it proposes what an uninterrupted run proposes: the
/// interrupted trial's point runs again under a new SUBID, and the trials after it are
/// drawn as they would have been (each trial's random stream is its place in the
/// experiment, not its SUBID).
@Suite(.serialized) struct ResumeProposalTests {
    /// Writes a value that depends only on the trial's configuration; on trial 0003, while
    /// the file `flag` exists, it removes it and waits to be interrupted.
    static func trial(flag: String) -> String {
        """
        #!/usr/bin/env python3
        import json, os, time
        x = json.load(open("config.json"))["x"]
        if os.environ["SUBID"] == "0003" and os.path.exists("\(flag)"):
            os.remove("\(flag)")
            time.sleep(60)
        line = {"grouplabel": "test", "values": {"accuracy": {"type": 3, "value": str(1 - (x - 0.3) ** 2)}}}
        with open(os.path.join(os.environ["LOG_DIR"], os.environ["SUBID"], "evaluation-metrics.txt"), "a") as log:
            log.write(json.dumps(line) + "\\n")
        """
    }

    /// The x of every completed trial, in SUBID order.
    private func completedPoints(_ space: Workspace) throws -> [Double] {
        try space.trialNames().compactMap { subid in
            guard try space.record(subid)["state"] as? String == "completed" else { return nil }
            let data = try Data(contentsOf: space.trial(subid).appendingPathComponent("config.json"))
            return (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["x"] as? Double
        }
    }

    @Test(.timeLimit(.minutes(2)), arguments: ["random", "rbfopt", "tpe"])
    func anInterruptedTrialDoesNotChangeTheProposalsAfterIt(method: String) throws {
        var points: [[Double]] = []
        for interrupted in [false, true] {
            let space = try Workspace()
            defer { space.remove() }
            let flag = space.url.appendingPathComponent("hang")
            let script = try space.write("train.py", Self.trial(flag: flag.path), executable: true)
            let manifest = try space.manifest(method: method, steps: 7)
            let arguments = ["--manifest", manifest.path, "--experiment-dir", space.experiment.path, "--grace", "1",
                             "--", script.path]
            if interrupted {
                try Data().write(to: flag)
                let process = try HPORunBinary.start(arguments, in: space.url, logs: space.url.appendingPathComponent("logs"))
                #expect(waitFor({ space.launchedGroup("0003") != nil && !FileManager.default.fileExists(atPath: flag.path) },
                                seconds: 60))
                kill(process.processIdentifier, SIGINT)
                process.waitUntilExit()
                #expect(try space.record("0003")["state"] as? String == "interrupted")
            }
            let run = try HPORunBinary.run(arguments, in: space.url)
            #expect(run.status == 0, "\(run.stderr)")
            if interrupted { #expect(run.stdout.contains("1 interrupted")) }
            points.append(try completedPoints(space))
        }
        #expect(points[0].count == 7)
        #expect(points[1] == points[0], "uninterrupted \(points[0]), interrupted and resumed \(points[1])")
    }

    /// A resume keeps the experiment's seed: one asked for that differs (`--seed`, or the
    /// manifest's random_seed edited) is said not to apply, where it was silently dropped.
    @Test(.timeLimit(.minutes(1))) func aResumeSaysItKeepsItsSeed() throws {
        let space = try Workspace()
        defer { space.remove() }
        let script = try space.write("trial.py", Self.trial(flag: space.url.appendingPathComponent("never").path), executable: true)
        func run(steps: Int, _ extra: [String] = []) throws -> String {
            let result = try HPORunBinary.run(["--manifest", try space.manifest(method: "tpe", steps: steps).path,
                                               "--experiment-dir", space.experiment.path] + extra + ["--", script.path],
                                              in: space.url)
            #expect(result.status == 0, "\(result.stderr)")
            return result.stdout
        }
        #expect(!(try run(steps: 1, ["--seed", "9"])).contains("keeps the seed"))
        let other = try run(steps: 2, ["--seed", "11"])
        #expect(other.contains("hporun: the experiment keeps the seed it began with, 9, not 11: its proposals go on from it"),
                "\(other)")
        #expect(try String(contentsOf: space.experiment.appendingPathComponent("experiment.json"), encoding: .utf8)
            .contains("\"seed\" : 9"))
        let manifests = try run(steps: 3)
        #expect(manifests.contains("keeps the seed it began with, 9, not 5"), "the manifest's random_seed 5: \(manifests)")
        #expect(!(try run(steps: 4, ["--seed", "9"])).contains("keeps the seed"))
    }
}
