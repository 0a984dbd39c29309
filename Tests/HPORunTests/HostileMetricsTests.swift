import Foundation
import Testing

/// A trial's files can never stop or exhaust hporun (issue 12, items 4-8): what a hostile
/// or careless trial leaves under the names hporun reads, run through the built binary.
@Suite(.serialized) struct HostileMetricsTests {
    static let good = #"{"grouplabel": "test", "etimes": {"iteration": 1}, "values": {"accuracy": 0.5}}"#

    /// Each trial leaves something that is not a regular file; each fails with a reason
    /// naming it, and hporun goes on to the next at once.
    @Test(.timeLimit(.minutes(1))) func anythingButARegularFileFailsTheTrialWithAReason() throws {
        let space = try Workspace()
        defer { space.remove() }
        let good = Self.good
        try space.write(
            "trial.sh",
            """
            #!/bin/sh
            case $SUBID in
              0001) ln -s /dev/urandom evaluation-metrics.txt ;;
              0002) ln -s /dev/zero evaluation-metrics.txt ;;
              0003) mkfifo evaluation-metrics.txt ;;
              0004) mkdir evaluation-metrics.txt ;;
              0005) python3 -c "import socket; socket.socket(socket.AF_UNIX).bind('evaluation-metrics.txt')" ;;
              0006) echo '\(good)' > evaluation-metrics.txt; mkfifo val_dict_list.json ;;
              0007) ln -s /dev/zero val_dict_list.json ;;
            esac
            """, executable: true)
        let manifest = try space.manifest(steps: 7)
        let result = try HPORunBinary.run(
            [
                "--manifest", manifest.path, "--experiment-dir", space.experiment.path, "--",
                space.url.appendingPathComponent("trial.sh").path,
            ], in: space.url)
        #expect(result.status == 1, "every trial fails: \(result.stderr)")
        let reasons = try space.trialNames().map { try space.record($0)["failureReason"] as? String ?? "" }
        let suffix = "; hporun reads only regular files"
        #expect(
            reasons == [
                "evaluation-metrics.txt is not a regular file (a character device)" + suffix,
                "evaluation-metrics.txt is not a regular file (a character device)" + suffix,
                "evaluation-metrics.txt is not a regular file (a FIFO)" + suffix,
                "evaluation-metrics.txt is not a regular file (a directory)" + suffix,
                "evaluation-metrics.txt is not a regular file (a socket)" + suffix,
                "val_dict_list.json is not a regular file (a FIFO)" + suffix,
                "val_dict_list.json is not a regular file (a character device)" + suffix,
            ])
    }

    /// Metrics in a format of the trial's own: the reason counts the lines that are not
    /// emetrics records, in trial.json and in what the run prints.
    @Test(.timeLimit(.minutes(1))) func linesThatAreNotRecordsAreNamedInTheReason() throws {
        let space = try Workspace()
        defer { space.remove() }
        let result = try HPORunBinary.run(
            ["--manifest", try space.manifest(steps: 1).path, "--experiment-dir", space.experiment.path, "--",
             "sh", "-c", "printf 'accuracy=0.9\\n{not json\\n' > evaluation-metrics.txt"], in: space.url)
        #expect(result.status == 1, "\(result.stderr)")
        let reason = "no TEST records for 'accuracy' in evaluation-metrics.txt or val_dict_list.json; the trial wrote no "
            + "TEST records; 2 lines of evaluation-metrics.txt are not emetrics JSON records (the first is line 1; "
            + "EMetrics' record writes them)"
        #expect(try space.record("0001")["failureReason"] as? String == reason)
        #expect(result.stdout.contains("trial 0001 failed: \(reason)"), "\(result.stdout)")
    }

    /// An iteration written as a string: one holding a number is that number; one that is
    /// not ("epoch 3") skips its line, counted with the other skipped lines and named (file,
    /// line, why, how to fix) once, rather than putting its values at iteration 0. A trial
    /// whose every line is so fails with a reason that says it.
    @Test(.timeLimit(.minutes(1))) func anIterationThatIsNotANumberIsNamedNotReadAsZero() throws {
        let space = try Workspace()
        defer { space.remove() }
        try space.write("trial.sh", """
            #!/bin/sh
            line() { echo "{\\"grouplabel\\": \\"test\\", \\"etimes\\": {\\"iteration\\": $1}, \\"values\\": {\\"accuracy\\": $2}}"; }
            if [ "$SUBID" = 0001 ]; then
              line '"1"' 0.5 >> evaluation-metrics.txt
              line '{"type": 2, "value": "2"}' 0.6 >> evaluation-metrics.txt
              line '"epoch 3"' 0.9 >> evaluation-metrics.txt
              line '"epoch 4"' 0.95 >> evaluation-metrics.txt
            else
              line '"epoch 1"' 0.5 >> evaluation-metrics.txt
            fi
            """, executable: true)
        let result = try HPORunBinary.run(
            ["--manifest", try space.manifest(steps: 2).path, "--experiment-dir", space.experiment.path, "--",
             space.url.appendingPathComponent("trial.sh").path], in: space.url)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        let record = try space.record("0001")
        #expect(record["state"] as? String == "completed")
        #expect(record["objective"] as? Double == 0.6, "the 0.9 and 0.95 of the skipped lines do not count")
        let history = (record["testHistory"] as? [String: Any])?["metrics"] as? [String: [[String: Any]]]
        #expect(history?["accuracy"]?.map { $0["iteration"] as? Int } == [1, 2], "\(record)")
        #expect(record["skippedMetricLines"] as? Int == 2)
        let note = "2 lines of \(space.trial("0001").path)/evaluation-metrics.txt were skipped (the first, line 3: its "
            + #"etimes.iteration is "epoch 3", not a number; write it as a number: 3, or {"type": 2, "value": "3"}): "#
            + "their values did not count"
        #expect(result.stdout.contains("trial 0001 completed: accuracy = 0.6 (") && result.stdout.contains("); " + note),
                "\(result.stdout)")
        #expect(result.stdout.components(separatedBy: "epoch").count == 2, "said once:\n\(result.stdout)")
        let status = try HPORunBinary.run(["status", space.experiment.path], in: space.url)
        #expect(status.stdout.contains("  0001 completed, but " + note), "\(status.stdout)")

        let failed = try space.record("0002")
        #expect(failed["state"] as? String == "failed")
        #expect((failed["failureReason"] as? String)?.hasSuffix("; line 1 of evaluation-metrics.txt was skipped: its "
            + #"etimes.iteration is not a number; write it as a number: 3, or {"type": 2, "value": "3"}"#) == true, "\(failed)")
    }

    /// Every trial writes its records with text iterations only: the end of the run says the
    /// records were skipped and why, not to check the objective's name.
    @Test(.timeLimit(.minutes(1))) func recordsAllSkippedAreTheHintNotTheObjectiveName() throws {
        let space = try Workspace()
        defer { space.remove() }
        let line = #"{"grouplabel": "test", "etimes": {"iteration": "epoch 1"}, "values": {"accuracy": 0.5}}"#
        let result = try HPORunBinary.run(
            ["--manifest", try space.manifest(steps: 5).path, "--experiment-dir", space.experiment.path, "--",
             "sh", "-c", "echo '\(line)' > evaluation-metrics.txt"], in: space.url)
        #expect(result.status == 1, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("""
            3 trials exited 0 without a usable TEST 'accuracy': trial 0001's records were in its 1 skipped line (line 1: \
            its etimes.iteration is "epoch 1", not a number; write it as a number: 3, or {"type": 2, "value": "3"}); \
            see \(space.trial("0001").path)/evaluation-metrics.txt
            """), "\(result.stdout)")
        #expect(!result.stdout.contains("check the objective's name"), "\(result.stdout)")
    }

    /// A trial that fails and leaves a FIFO as its stderr.log (and its config.json): the
    /// same-failure rule and the closing hint read the last stderr line, and `best` reads
    /// config.json, without blocking on the FIFO.
    @Test(.timeLimit(.minutes(1))) func aFIFOInPlaceOfStderrOrConfigBlocksNothing() throws {
        let space = try Workspace()
        defer { space.remove() }
        try space.write(
            "trial.sh",
            """
            #!/bin/sh
            rm -f stderr.log && mkfifo stderr.log
            exit 3
            """, executable: true)
        let manifest = try space.manifest(steps: 5)
        let result = try HPORunBinary.run(
            ["--manifest", manifest.path, "--experiment-dir", space.experiment.path, "--",
             space.url.appendingPathComponent("trial.sh").path], in: space.url)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(space.trialNames() == ["0001", "0002", "0003"], "the same failure stopped the run")
        #expect(result.stdout.contains("stderr: (empty)"), "\(result.stdout)")

        // A completed trial whose config.json became a FIFO afterwards: best still answers.
        let good = Self.good
        try space.write("good.sh", "#!/bin/sh\necho '\(good)' > evaluation-metrics.txt\n", executable: true)
        let other = space.url.appendingPathComponent("other")
        let run = try HPORunBinary.run(
            ["--manifest", manifest.path, "--experiment-dir", other.path, "--",
             space.url.appendingPathComponent("good.sh").path], in: space.url)
        #expect(run.status == 0, "\(run.stderr)")
        let config = other.appendingPathComponent("trials/0001/config.json").path
        try FileManager.default.removeItem(atPath: config)
        #expect(mkfifo(config, 0o644) == 0)
        let best = try HPORunBinary.run(["best", other.path, "--json"])
        #expect(best.status == 0, "\(best.stderr)")
        #expect(best.stdout.contains("\"subid\""), "\(best.stdout)")
    }

    /// While a trial runs with its metrics file a FIFO (or /dev/urandom), SIGTERM still
    /// stops hporun promptly: exit 130, the trial interrupted, its process group gone.
    @Test(
        .timeLimit(.minutes(1)),
        arguments: ["mkfifo evaluation-metrics.txt", "ln -s /dev/urandom evaluation-metrics.txt"])
    func sigtermWorksWhateverTheTrialMade(_ making: String) throws {
        let space = try Workspace()
        defer { space.remove() }
        try space.write("trial.sh", "#!/bin/sh\n\(making)\ntouch made\nexec sleep 30\n", executable: true)
        let manifest = try space.manifest(steps: 1)
        let process = try HPORunBinary.start(
            [
                "--manifest", manifest.path, "--experiment-dir", space.experiment.path, "--tee", "--",
                space.url.appendingPathComponent("trial.sh").path,
            ], in: space.url, logs: space.url.appendingPathComponent("logs"))
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        #expect(
            waitFor {
                FileManager.default.fileExists(
                    atPath: space.trial("0001").appendingPathComponent("made").path)
            })
        // hporun appends the trial to launches.log just after starting it, so the trial's
        // marker may come first on a busy machine: wait for the line too.
        #expect(waitFor { space.launchedGroup("0001") != nil })
        let group = try #require(space.launchedGroup("0001"))
        usleep(500_000)  // a few of hporun's polls meet the file (the test holds without them too)
        kill(process.processIdentifier, SIGTERM)
        #expect(waitFor({ !process.isRunning }, seconds: 15), "hporun must exit promptly on SIGTERM")
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        #expect(try space.record("0001")["state"] as? String == "interrupted")
        #expect(waitFor { livingProcesses(inGroup: group).isEmpty })
    }

    /// A line over 1 MiB (with or without its newline yet) is skipped and counted; lines
    /// nested 300,000 levels deep (read by the fast parser or the general one) are skipped.
    /// The same in val_dict_list.json's entries. The run and `status` say that a completed
    /// trial's lines were skipped.
    @Test(.timeLimit(.minutes(1))) func longAndDeepLinesAreSkippedAndCounted() throws {
        let space = try Workspace()
        defer { space.remove() }
        try space.write(
            "trial.py",
            """
            import os
            if os.environ["SUBID"] == "0002":
                with open("val_dict_list.json", "w") as f:
                    f.write('[{"steps": 1, "accuracy": ' + "[" * 300_000 + "]" * 300_000 + '}, {"steps": 2, "accuracy": 0.5}, '
                            + '{"steps": 3, "accuracy": 0.99, "pad": "' + "x" * 2_000_000 + '"}]')
                raise SystemExit(0)
            out = open("evaluation-metrics.txt", "w")
            def line(accuracy):
                return '{"grouplabel": "test", "etimes": {"iteration": 1}, "values": {"accuracy": %s}}\\n' % accuracy
            out.write(line(0.25))
            out.write('{"grouplabel": "test", "values": {"accuracy": 0.99, "pad": "' + "x" * 3_000_000 + '"}}\\n')
            out.write('{"grouplabel": "test", "values": {"accuracy": ' + "[" * 300_000 + "\\n")
            out.write('{"grouplabel": "te\\\\u0073t", "values": {"accuracy": ' + "[" * 300_000 + "0.99" + "]" * 300_000 + "}}\\n")
            out.write('{"a": ' * 100_000 + "1" + "}" * 100_000 + "\\n")
            out.write(line(0.75))
            out.write('{"grouplabel": "test", "values": {"accuracy": 0.99, "pad": "' + "x" * 2_000_000)  # no newline yet
            out.close()
            """)
        let manifest = try space.manifest(steps: 2)
        let result = try HPORunBinary.run(
            [
                "--manifest", manifest.path, "--experiment-dir", space.experiment.path, "--", "python3",
                space.url.appendingPathComponent("trial.py").path,
            ], in: space.url)
        #expect(result.status == 0, "\(result.stderr)")
        let record = try space.record("0001")
        #expect(record["objective"] as? Double == 0.75)
        #expect(
            record["skippedMetricLines"] as? Int == 5,
            "4 lines, and the last one (over 1 MiB before its newline)")
        #expect(try space.record("0002")["objective"] as? Double == 0.5, "from val_dict_list.json")
        // A completed trial whose lines were skipped says so: the 0.99 they held did not count.
        let note = "5 lines of \(space.trial("0001").path)/evaluation-metrics.txt were skipped (the first, line 2: "
            + "over 1 MiB): their values did not count"
        #expect(result.stdout.contains("trial 0001 completed: accuracy = 0.75 ("), "\(result.stdout)")
        #expect(result.stdout.contains("); " + note), "\(result.stdout)")
        let status = try HPORunBinary.run(["status", space.experiment.path], in: space.url)
        #expect(status.stdout.contains("  0001 completed, but " + note), "\(status.stdout)")
        #expect(!status.stdout.contains("0002 completed, but"), "\(status.stdout)")
    }

    /// 20,000 TEST records and 150 metrics: trial.json keeps each metric's count and at most
    /// 1,000 points, with the first, the best and the last; the objective is exact; the
    /// objective's metric is kept though 100 others came first. The same through
    /// val_dict_list.json.
    @Test(.timeLimit(.minutes(1))) func aLongHistoryIsKeptBoundedAndTheObjectiveExact() throws {
        let space = try Workspace()
        defer { space.remove() }
        try space.write(
            "trial.py",
            """
            import json, os
            def accuracy(i):
                return 0.987 if i == 12345 else (i % 1000) / 2000
            if os.environ["SUBID"] == "0001":
                with open("evaluation-metrics.txt", "w") as out:
                    first = {"m%d" % k: 1 for k in range(150)}
                    first["accuracy"] = accuracy(0)
                    out.write(json.dumps({"grouplabel": "test", "etimes": {"iteration": 0}, "values": first}) + "\\n")
                    for i in range(1, 20000):
                        out.write('{"grouplabel": "test", "etimes": {"iteration": %d}, "values": {"accuracy": %r}}\\n' % (i, accuracy(i)))
            else:
                with open("val_dict_list.json", "w") as out:
                    json.dump([{"steps": i, "accuracy": accuracy(i)} for i in range(20000)], out)
            """)
        let manifest = try space.manifest(steps: 2)
        let result = try HPORunBinary.run(
            [
                "--manifest", manifest.path, "--experiment-dir", space.experiment.path, "--", "python3",
                space.url.appendingPathComponent("trial.py").path,
            ], in: space.url)
        #expect(result.status == 0, "\(result.stderr)")
        for subid in ["0001", "0002"] {
            let record = try space.record(subid)
            #expect(record["objective"] as? Double == 0.987)
            let history = try #require(record["testHistory"] as? [String: Any])
            let counts = try #require(history["counts"] as? [String: Int])
            #expect(counts["accuracy"] == 20000)
            let curve = try #require((history["metrics"] as? [String: Any])?["accuracy"] as? [[String: Any]])
            #expect(curve.count <= 1000 && curve.count >= 400)
            let iterations = curve.compactMap { $0["iteration"] as? Int }
            #expect(iterations.first == 0 && iterations.last == 19999 && iterations.contains(12345))
            #expect(iterations == iterations.sorted())
            if subid == "0001" {
                #expect(counts.count == 101 && history["droppedValues"] as? Int == 50)
            }
        }
        let status = try HPORunBinary.run(["status", space.experiment.path])
        #expect(status.status == 0 && status.stdout.contains("0.987"))
    }

    /// --tee passes a burst of output, cuts a line over 1 MiB with a note, and prints a last
    /// line without a newline.
    @Test(.timeLimit(.minutes(1))) func teePassesABurstCutsAHugeLineAndPrintsTheLastLine() throws {
        let space = try Workspace()
        defer { space.remove() }
        try space.write(
            "trial.sh",
            """
            #!/bin/sh
            seq 1 50000
            head -c 3000000 /dev/zero | tr '\\0' y; echo
            printf 'the end'
            """, executable: true)
        let manifest = try space.manifest(steps: 1)
        let result = try HPORunBinary.run(
            [
                "--manifest", manifest.path, "--experiment-dir", space.experiment.path, "--tee", "--",
                space.url.appendingPathComponent("trial.sh").path,
            ], in: space.url)
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        let numbers = lines.filter { $0.hasPrefix("[0001] ") && $0.dropFirst(7).allSatisfy(\.isNumber) }
        #expect(numbers.count == 50000 && numbers.last == "[0001] 50000")
        let cut = lines.filter { $0.hasSuffix(" [hporun: line of 3000000 bytes cut at 1 MiB]") }
        #expect(cut.count == 1 && cut.first?.count == 7 + (1 << 20) + 45)
        #expect(lines.contains("[0001] the end"))
    }

    /// A metrics file truncated, replaced (a new inode) or rewritten larger in place after
    /// hporun read it is read again from its start: its old records no longer count.
    @Test(.timeLimit(.minutes(1))) func aTruncatedReplacedOrRewrittenFileIsReadAgain() throws {
        let space = try Workspace()
        defer { space.remove() }
        func line(_ iteration: Int, _ accuracy: Double) -> String {
            #"{"grouplabel": "test", "etimes": {"iteration": \#(iteration)}, "values": {"accuracy": \#(accuracy)}}"#
        }
        try space.write(
            "trial.sh",
            """
            #!/bin/sh
            f=evaluation-metrics.txt
            echo '\(line(1, 0.9))' > $f
            while [ ! -e go ]; do sleep 0.02; done
            case $SUBID in
              0001) : > $f; echo '\(line(1, 0.3))' >> $f ;;
              0002) echo '\(line(1, 0.3))' > new; mv new $f ;;
              0003) printf '%s\\n%s\\n' '\(line(1, 0.2))' '\(line(2, 0.3))' > $f ;;
            esac
            """, executable: true)
        let manifest = try space.manifest(steps: 3)
        let logs = space.url.appendingPathComponent("logs")
        let process = try HPORunBinary.start(
            [
                "--manifest", manifest.path, "--experiment-dir", space.experiment.path, "--",
                space.url.appendingPathComponent("trial.sh").path,
            ], in: space.url, logs: logs)
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        for subid in ["0001", "0002", "0003"] {
            // hporun has read the 0.9 (it says so) before the trial rewrites its file.
            let seen = waitFor {
                let out =
                    (try? String(contentsOf: logs.appendingPathComponent("stdout"), encoding: .utf8)) ?? ""
                return out.contains("trial \(subid) iteration 1: accuracy = 0.9")
            }
            #expect(seen)
            _ = FileManager.default.createFile(
                atPath: space.trial(subid).appendingPathComponent("go").path, contents: nil)
        }
        #expect(waitFor({ !process.isRunning }, seconds: 30))
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        for subid in ["0001", "0002", "0003"] {
            #expect(try space.record(subid)["objective"] as? Double == 0.3, "trial \(subid)")
        }
    }
}
