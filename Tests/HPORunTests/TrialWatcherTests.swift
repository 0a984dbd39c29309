import Foundation
import HPOKit
import Testing

/// A local trial's command runs under hporun's watcher (`TrialWatcher`), which records how it
/// ended for a resumed run: the command must not notice it.
@Suite(.serialized) struct TrialWatcherTests {
    /// The command gets its argv as written, no signal blocked or ignored, and runs in the
    /// watcher's process group, the one launches.log names.
    @Test(.timeLimit(.minutes(1))) func theCommandRunsAsWithoutTheWatcher() throws {
        let space = try Workspace()
        defer { space.remove() }
        let script = try space.write("show.sh", """
            #!/bin/sh
            printf '%s|' "$0" "$@" > seen
            cat /proc/self/status | grep -E '^(SigBlk|SigIgn):' >> seen
            ps -o pgid= -p $$ | tr -d ' ' >> seen
            echo '{"grouplabel": "test", "values": {"accuracy": 0.5}}' >> evaluation-metrics.txt
            """, executable: true)
        let manifest = try space.manifest(steps: 1)
        let run = try HPORunBinary.run(["--manifest", manifest.path, "--experiment-dir", space.experiment.path, "--",
                                        script.path, "a", "b c", ""], in: space.url)
        #expect(run.status == 0, "\(run.stderr)")
        let seen = try String(contentsOf: space.trial("0001").appendingPathComponent("seen"), encoding: .utf8)
        let lines = seen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first?.hasPrefix("\(script.path)|a|b c||SigBlk:") == true, "\(seen)")
        let masks = seen.split(separator: "\n").compactMap { line -> (String, UInt64)? in
            let parts = line.split(separator: ":").map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let value = UInt64(parts[1], radix: 16) else { return nil }
            return (parts[0].components(separatedBy: "|").last ?? parts[0], value)
        }
        let standard: UInt64 = (1 << 31) - 1  // signals 1 to 31 (bit n-1 for signal n)
        #expect(masks.count == 2 && masks.allSatisfy { $0.1 & standard == 0 }, "nothing blocked or ignored: \(seen)")
        #expect(lines.dropLast().last.flatMap { Int32($0) } == space.launchedGroup("0001"), "\(seen)")
        let group = try #require(space.launchedGroup("0001"))
        #expect(try String(contentsOf: space.trial("0001").appendingPathComponent("hporun-exit-status"), encoding: .utf8)
            == "exited 0\nwatcher \(group)\n", "the end, then the watcher: the trial's process group")
    }

    /// The watcher between hporun and the command keeps the command's end exact: an exit
    /// status above 128 is not a signal, and a signal is not an exit status.
    @Test(.timeLimit(.minutes(1))) func exitStatusesAndSignalsStayApart() throws {
        let space = try Workspace()
        defer { space.remove() }
        let script = try space.write("end.sh", "#!/bin/sh\nif [ \"$SUBID\" = 0001 ]; then exit 137; fi\nkill -KILL $$\n",
                                     executable: true)
        let manifest = try space.manifest(steps: 2)
        let run = try HPORunBinary.run(["--manifest", manifest.path, "--experiment-dir", space.experiment.path,
                                        "--max-failed-trials", "3", "--", script.path], in: space.url)
        #expect(run.status == 1)
        let exited = try space.record("0001"), killed = try space.record("0002")
        #expect(exited["exitCode"] as? Int == 137)
        #expect(exited["signal"] == nil)
        #expect(killed["signal"] as? Int == Int(SIGKILL))
        #expect(killed["exitCode"] == nil)
    }
}
