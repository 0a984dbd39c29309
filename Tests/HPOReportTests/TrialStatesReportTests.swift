import Foundation
import Testing

@testable import HPOKit
@testable import HPOReport

/// Trials that did not complete are marked as such in the history, the curves, the
/// timeline, the table and the counts; Slurm trials show their time in the queue.
@Suite struct TrialStatesReportTests {
    static let parameters = [("x", "double_range 0 .. 1, uniform  (continuous)")]

    /// 0001-0003 completed, 0004 pruned at iteration 3 (best value 0.3), 0005 pruned before
    /// any objective, 0006 failed, 0007 failed and superseded by a retry.
    static func trials() -> [TrialRecord] {
        var trials = (1...3).map { ReportFixtures.trial($0, config: [("x", .double(Double($0) / 4))],
                                                         objective: 0.5 + Double($0) / 10, iterations: 6) }
        var pruned = ReportFixtures.trial(4, config: [("x", .double(0.9))], objective: 0.3, iterations: 5,
                                          state: .pruned, start: 1)
        pruned.prunedAtIteration = 3
        pruned.failureReason = "pruned at iteration 3: under the median"
        var early = ReportFixtures.trial(5, config: [("x", .double(0.1))], objective: nil, iterations: 1,
                                         state: .pruned, start: 2)
        early.testHistory = TestHistory()
        early.prunedAtIteration = 1
        trials += [pruned, early]
        trials.append(ReportFixtures.trial(6, config: [("x", .double(0.7))], objective: nil, state: .failed, start: 3))
        trials.append(ReportFixtures.trial(7, config: [("x", .double(0.6))], objective: nil, state: .superseded, start: 4))
        return trials
    }

    static func report() throws -> ExperimentReport {
        ExperimentReport(experiment: try ReportFixtures.experiment(steps: 7, parameters: parameters), trials: trials())
    }

    /// The SVG element of a plot kind.
    static func plot(_ kind: String, in html: String) throws -> String {
        let start = try #require(html.range(of: "<svg class=\"plot \(kind)\""))
        let end = try #require(html.range(of: "</svg>", range: start.upperBound..<html.endIndex))
        return String(html[start.lowerBound..<end.upperBound])
    }

    @Test func prunedFailedAndSupersededTrialsAreMarkedInEveryPart() throws {
        let report = try Self.report()
        let html = report.html()
        let history = try Self.plot("history", in: html)
        // The pruned trial with a value: a triangle at it; without one: ▼ at the bottom edge.
        #expect(history.contains(#"<path data-t="0004" class="prune" d="M"#))
        #expect(history.contains(#"<text data-t="0005" class="prune""#) && history.contains(">▼</text>"))
        #expect(history.contains(#"<text data-t="0006" class="fail""#))
        #expect(history.contains(#"<text data-t="0007" class="sup""#))
        #expect(ExperimentReportTests.plotMarks(html)["history"] == 7)
        // The best-so-far line follows completed trials only (0.8 is the best; 0.3 never leads).
        #expect(report.best?.subid == "0003")

        // The curve of the pruned trial ends with ▼ at iteration 3, not at its last point (5).
        let curves = try Self.plot("curves", in: html)
        let plotX = SVGPlot(width: 860, height: 320, x: Scale(domain: 1...6, pixels: (0, 1)), y: nil, xTitle: "", yTitle: "")
        let x3 = report.px(Scale(domain: 1...6, pixels: plotX.xPixels)(3))
        #expect(curves.contains(#"<text class="end prune" x="\#(x3)""#), "\(curves)")
        #expect(curves.contains(#"<text class="end fail""#) && curves.contains(#"<text class="end sup""#))

        // Timeline bars: brown pruned, red failed, pale red superseded.
        let timeline = try Self.plot("timeline", in: html)
        #expect(timeline.contains(#"data-t="0004""#) && timeline.contains(##"fill="#b0803f""##))
        #expect(timeline.contains(##"fill="#d62728""##) && timeline.contains(##"fill="#eeb4b4""##))

        // The table and the header's counts.
        #expect(html.contains(#"<tr id="t0004" class="pruned">"#) && html.contains("<td>pruned at iteration 3: under the median</td>"))
        #expect(html.contains(#"<tr id="t0007" class="superseded">"#))
        #expect(html.contains("6 of 7 trials finished: 3 completed, 2 pruned, 1 failed, 1 superseded"), "\(html.prefix(3000))")
    }

    /// A conditional space: `momentum` is inactive (absent from config.json) in half of the
    /// trials. Nothing breaks: its slice shows the trials that have it, every completed trial
    /// has its line in the parallel coordinates (passing that axis by), importance is computed.
    @Test func trialsWithoutAValueForAParameterAreShownWithoutIt() throws {
        let experiment = try ReportFixtures.experiment(
            steps: 12, parameters: [("opt", "string_values [sgd, adam]  (2 values, unordered)"),
                                    ("momentum", "double_range 0 .. 1, uniform  (continuous)")])
        let trials = (1...12).map { number in
            let sgd = number.isMultiple(of: 2)
            let config: [(String, ParameterValue)] = sgd ? [("opt", .string("sgd")), ("momentum", .double(Double(number) / 12))]
                : [("opt", .string("adam"))]
            return ReportFixtures.trial(number, config: config, objective: Double(number) / 12)
        }
        let html = ExperimentReport(experiment: experiment, trials: trials).html()
        let counts = ExperimentReportTests.plotMarks(html)
        #expect(counts["slice"] == 12 + 6)
        #expect(counts["parallel"] == 12 && counts["importance"] == 2 && counts["history"] == 12)
        let parallel = try Self.plot("parallel", in: html)
        let adam = try #require(ExperimentReportTests.matches(#"data-t="0001" d="([^"]*)""#, in: parallel).first)
        let sgd = try #require(ExperimentReportTests.matches(#"data-t="0002" d="([^"]*)""#, in: parallel).first)
        #expect(adam.components(separatedBy: "L").count == 2 && sgd.components(separatedBy: "L").count == 3)
        #expect(html.contains("<td>0001</td><td>completed</td><td>0.08333</td><td>2.0</td><td>adam</td><td></td>"))
    }

    /// A Slurm trial's time in the queue comes from its job's `job-started` file (written by
    /// the job script when the job starts): a grey bar in the timeline and a table column.
    @Test func slurmQueueTimeComesFromTheJobStartedFile() throws {
        #expect(ExperimentReport.slurmStartedFile == SlurmJobScript.startedFile)
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("report-slurm-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let directory = ExperimentDirectory(root)
        try directory.create()
        try directory.save(try ReportFixtures.experiment(steps: 3, parameters: Self.parameters))
        let origin = Date(timeIntervalSince1970: 1_800_000_000)
        for number in 1...3 {
            var trial = ReportFixtures.trial(number, config: [("x", .double(0.5))], objective: 0.5, start: 0, seconds: 100)
            if number < 3 { trial.slurmJobID = "\(40 + number)" }  // 0003 ran locally
            try directory.createTrial(trial, config: Config([("x", .double(0.5))]))
            try directory.save(trial)
        }
        // 0001's job waited 30 s; 0002's job never started (it left the queue at its end).
        let started = directory.trialDirectory("0001").appendingPathComponent("job-started")
        try "node1 1234\n".write(to: started, atomically: false, encoding: .utf8)
        let at = origin.addingTimeInterval(30).timeIntervalSince1970
        var times = [timeval(tv_sec: Int(at), tv_usec: 0), timeval(tv_sec: Int(at), tv_usec: 0)]
        #expect(utimes(started.path, &times) == 0)

        let ends = ExperimentReport.slurmQueueEnds(try directory.loadTrials(), directory: directory, now: Date())
        #expect(ends == ["0001": origin.addingTimeInterval(30), "0002": origin.addingTimeInterval(100)])

        let file = try ExperimentReport.write(directory: directory)
        let html = try String(contentsOf: file, encoding: .utf8)
        #expect(html.contains("<th>queued (s)</th>"))
        #expect(html.contains("<td>0001</td><td>completed</td><td>0.5</td><td>100.0</td><td>30.0</td>"))
        #expect(html.contains("<td>0003</td><td>completed</td><td>0.5</td><td>100.0</td><td></td>"))
        let timeline = try Self.plot("timeline", in: html)
        #expect(timeline.components(separatedBy: "<rect class=\"queue\"").count - 1 == 2)
        #expect(ExperimentReportTests.plotMarks(html)["timeline"] == 3)
    }

    /// No trial completed: the header says why the trials failed (the commonest reason, with
    /// its stderr.log line), and the table's failure cell has each failed command's last
    /// stderr.log line, as `hporun status` shows it. It said only "no trial has completed
    /// yet" and "the command exited with status 1".
    @Test func failedCommandsShowTheirStderrLine() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("report-stderr-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let directory = ExperimentDirectory(root)
        try directory.create()
        try directory.save(try ReportFixtures.experiment(steps: 4, parameters: Self.parameters))
        for number in 1...4 {
            var trial = ReportFixtures.trial(number, config: [("x", .double(0.5))], objective: nil, state: .failed, start: 0)
            trial.exitCode = number == 4 ? 0 : 1
            trial.failureReason = number == 4 ? "no TEST records for 'accuracy'" : "the command exited with status 1"
            try directory.createTrial(trial, config: Config([("x", .double(0.5))]))
            try directory.save(trial)
            let said = number == 2 ? "Traceback\n  ...\nModuleNotFoundError: No module named <torch>\n\n" : "Killed\n"
            try said.write(to: directory.trialDirectory(trial.subid).appendingPathComponent("stderr.log"),
                           atomically: false, encoding: .utf8)
        }
        let html = try String(contentsOf: try ExperimentReport.write(directory: directory), encoding: .utf8)
        #expect(html.contains("<td>the command exited with status 1; stderr.log ends: "
            + "ModuleNotFoundError: No module named &lt;torch&gt;</td>"), "\(html)")
        #expect(html.contains("<td>the command exited with status 1; stderr.log ends: Killed</td>"))
        // A trial that exited 0 keeps its reason alone: its stderr.log is not why it failed.
        #expect(html.contains("<td>no TEST records for &#39;accuracy&#39;</td>"))
        #expect(html.contains("no trial has completed yet; 3 of the 4 failed trials: the command exited with status 1; "
            + "stderr.log ends: Killed (trial <a href=\"#t0001\">0001</a>)"), "\(html.prefix(3000))")
    }

    /// `-o` naming a folder (an existing one, or a path ending with `/`) writes report.html in
    /// it: it wrote a file named like the folder, or failed with "it is a directory". A place
    /// that cannot be written names the report's file and -o, not the temp file and
    /// --experiment-dir.
    @Test func aFolderGetsReportHTMLAndAnUnwritablePlaceNamesTheFlag() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("report-out-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let directory = ExperimentDirectory(root.appendingPathComponent("exp"))
        try directory.create()
        try directory.save(try ReportFixtures.experiment(steps: 1, parameters: Self.parameters))
        let existing = root.appendingPathComponent("existing")
        try FileManager.default.createDirectory(at: existing, withIntermediateDirectories: true)
        #expect(try ExperimentReport.write(directory: directory, to: URL(fileURLWithPath: existing.path)).path
            == existing.path + "/report.html")
        let fresh = root.path + "/new/"
        let written = try ExperimentReport.write(directory: directory, to: URL(fileURLWithPath: fresh))
        #expect(written.path == root.path + "/new/report.html")
        let html = try String(contentsOf: written, encoding: .utf8)
        #expect(html.contains("data-base=\"../exp/trials/\""), "links from the folder the report is in")

        try "".write(to: root.appendingPathComponent("plain"), atomically: false, encoding: .utf8)
        let blocked = URL(fileURLWithPath: root.path + "/plain/sub/r.html")
        #expect(throws: TrialStoreError.self) { try ExperimentReport.write(directory: directory, to: blocked) }
        do {
            try ExperimentReport.write(directory: directory, to: blocked)
        } catch {
            let message = error.errorDescription ?? ""
            #expect(message.hasPrefix("cannot write \(blocked.path): "), "\(message)")
            #expect(message.hasSuffix("; choose another -o FILE, or fix that place"), "\(message)")
        }
    }
}

