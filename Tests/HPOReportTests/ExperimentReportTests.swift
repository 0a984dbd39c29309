import Foundation
import HPOKit
import Testing
@testable import HPOReport

/// The report's HTML from experiments built in memory: escaping, self-containment, the
/// number of marks in each plot, and size at 10,000 trials. The browser checks are the
/// end-to-end ReportTests.
@Suite struct ExperimentReportTests {
    static let hostile = "<script>alert(1)</script>"

    /// An experiment whose names and values try to inject markup.
    static func hostileReport() throws -> ExperimentReport {
        let experiment = try ReportFixtures.experiment(
            name: "</title><script>alert('name')</script>", objective: "acc\"><img src=x onerror=alert(2)>",
            parameters: [("lr", "double_range 10^[-3 .. 0] = 0.001 .. 1, log-uniform  (continuous)"),
                         (hostile, "double_range 0 .. 1, uniform  (continuous)"),
                         ("opt", "string_values [sgd, <b>adam</b>]  (2 values, unordered)")])
        let objective = experiment.method.objective
        var trials: [TrialRecord] = []
        for number in 1...12 {
            let config: [(String, ParameterValue)] = [
                ("lr", .double(pow(10, -3 + Double(number) / 4))), (hostile, .double(Double(number) / 12)),
                ("opt", .string(number.isMultiple(of: 2) ? "sgd" : "<b>adam</b>"))]
            let state: TrialState = number == 5 ? .failed : (number == 9 ? .interrupted : .completed)
            trials.append(ReportFixtures.trial(number, config: config, objective: state == .completed ? Double(number) / 20 : nil,
                                               metric: objective, state: state, start: Double(number / 2), seconds: 1.5))
        }
        var running = ReportFixtures.trial(13, config: [("lr", .double(0.01)), (hostile, .double(0.5)), ("opt", .string("sgd"))],
                                           objective: nil, metric: objective, state: .running, start: 7)
        running.failureReason = hostile
        trials.append(running)
        return ExperimentReport(experiment: experiment, trials: trials, live: true)
    }

    @Test func everythingFromTheTrialsIsEscaped() throws {
        let html = try Self.hostileReport().html()
        // Our one script element, and no element the data brought in.
        #expect(html.components(separatedBy: "<script").count - 1 == 1)
        #expect(!html.contains("<img"))
        #expect(!html.contains("<b>adam"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("&lt;/title&gt;&lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt;"))
        #expect(html.contains("acc&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"))
        #expect(html.contains("&lt;b&gt;bold&lt;/b&gt;"), "the command is escaped too")
    }

    /// Where each trial's point came from, as `status`'s FROM, and the warm-start
    /// experiments: the report showed neither (every trial looked proposed by the method).
    @Test func showsWhereEachPointCameFromAndTheWarmStart() throws {
        var experiment = try ReportFixtures.experiment(parameters: [("x", "double_range 0 .. 1, uniform  (continuous)")])
        var trials = (1...4).map { ReportFixtures.trial($0, config: [("x", .double(Double($0) / 5))], objective: Double($0) / 10) }
        let plain = ExperimentReport(experiment: experiment, trials: trials).html()
        #expect(!plain.contains("<th>from</th>") && !plain.contains("Warm start"), "nothing to say: no column")
        trials[0].origin = .default
        trials[1].origin = .startingPoint
        trials[1].startingPoint = 2
        trials[2].origin = .enqueued
        experiment.warmStarts = [WarmStartSource(directory: "/runs/a", trials: 6, skipped: ["'x' = 2 is not in its space"])]
        let html = ExperimentReport(experiment: experiment, trials: trials).html()
        #expect(html.contains("<th>from</th>"))
        for label in ["default", "start 2", "enqueued", "optimizer"] { #expect(html.contains("<td>\(label)</td>"), "\(label)") }
        #expect(html.contains("Warm start</dt><dd>6 trials from /runs/a (1 skipped: &#39;x&#39; = 2 is not in its space); "
            + "told to the optimizer"), "\(html)")
    }

    /// Nothing is fetched: no scheme, no protocol-relative URL, no src, no @import, no
    /// url() but the page's own pattern; every link is in-page or one of a trial's files.
    @Test func referencesNothingOutsideItselfButTheTrialFiles() throws {
        let html = try Self.hostileReport().html()
        for forbidden in ["http:", "https:", "src=\"", "src='", "@import", "href=\"//", "<link", "<iframe", "<object"] {
            #expect(!html.contains(forbidden), "\(forbidden)")
        }
        #expect(Self.matches(#"url\(([^)]*)\)"#, in: html).allSatisfy { $0 == "#running" })
        let links = Self.matches(#"href="([^"]*)""#, in: html)
        #expect(links.count == 13 * 4 + 1)
        for link in links {
            let trialFile = link.wholeMatch(of: #/trials/\d{4}/(config\.json|stdout\.log|stderr\.log|trial\.json)/#) != nil
            #expect(trialFile || link.wholeMatch(of: #/#t\d{4}/#) != nil, "\(link)")
        }
    }

    /// One mark per trial in the history and the timeline, per trial with a curve, per
    /// completed trial in each slice and in the parallel coordinates, per parameter in the importance.
    @Test func eachPlotHasItsMarks() throws {
        let html = try Self.hostileReport().html()
        let counts = Self.plotMarks(html)
        #expect(counts["importance"] == 3)
        #expect(counts["history"] == 13)
        #expect(counts["curves"] == 13)
        #expect(counts["slice"] == 10 * 3)
        #expect(counts["parallel"] == 10)
        #expect(counts["timeline"] == 13)
        #expect(html.contains("A run is going"))
        #expect(html.contains("<meta http-equiv=\"refresh\""))
    }

    @Test func linksLeadFromTheReportToTheExperiment() {
        let root = URL(fileURLWithPath: "/tmp/a")
        #expect(ExperimentReport.relativePath(from: root.appendingPathComponent("exp"), to: root.appendingPathComponent("exp")) == "")
        #expect(ExperimentReport.relativePath(from: root, to: root.appendingPathComponent("exp")) == "exp/")
        #expect(ExperimentReport.relativePath(from: root.appendingPathComponent("out/x"), to: root.appendingPathComponent("exp"))
            == "../../exp/")
        #expect(HTML.href("my runs/a#b/trials/0001/") == "my%20runs/a%23b/trials/0001/")
        #expect(HTML.href("c:d/trials/") == "./c:d/trials/")
    }

    /// 10,000 trials of 100 iterations each: under 10 MB (curves thinned, every trial in the table).
    @Test func tenThousandTrialsStayUnder10MB() throws {
        let experiment = try ReportFixtures.experiment(
            steps: 10_000, parameters: [("lr", "double_range 10^[-4 .. 0] = 0.0001 .. 1, log-uniform  (continuous)"),
                                        ("momentum", "double_range 0 .. 1, uniform  (continuous)"),
                                        ("layers", "int_range 1 .. 8  (8 values)"),
                                        ("opt", "string_values [adam, sgd]  (2 values, unordered)")])
        var rng = SplitMix64(seed: 3)
        let trials = (1...10_000).map { number in
            let lr = pow(10, Double.random(in: -4...0, using: &rng)), momentum = Double.random(in: 0...1, using: &rng)
            let config: [(String, ParameterValue)] = [("lr", .double(lr)), ("momentum", .double(momentum)),
                                                      ("layers", .int(Int.random(in: 1...8, using: &rng))),
                                                      ("opt", .string(Bool.random(using: &rng) ? "adam" : "sgd"))]
            return ReportFixtures.trial(number, config: config, objective: 1 - abs(log10(lr) + 2) / 4 + momentum / 10,
                                        iterations: 100, start: Double(number) * 0.5 / 8, seconds: 3)
        }
        let start = Date()
        let html = ExperimentReport(experiment: experiment, trials: trials).html()
        let megabytes = Double(html.utf8.count) / 1_000_000
        print("report of 10,000 trials: \(String(format: "%.2f", megabytes)) MB in \(String(format: "%.1f", Date().timeIntervalSince(start))) s")
        #expect(megabytes < 10)
        let counts = Self.plotMarks(html)
        #expect(counts["curves"] == ExperimentReport.maxCurves)
        #expect(counts["history"] == 10_000 && counts["timeline"] == 10_000 && counts["parallel"] == 10_000)
        #expect(counts["slice"] == 4 * 10_000)
        // Every trial in the table: the first rows as markup, the others as data, each once.
        let markup = Self.matches(#"<tr id="t(\d+)""#, in: html)
        let data = try Self.json(id: "rows", in: html).map { try #require(($0 as? [String])?.first) }
        #expect(markup.count == ExperimentReport.rowsInHTML)
        #expect(Set(markup + data) == Set((1...10_000).map(ExperimentDirectory.subid)) && markup.count + data.count == 10_000)
    }

    /// A large report's data (canvas marks, table rows) holds names and values exactly, and
    /// nothing in it can end its script element or start markup.
    @Test func aLargeReportsDataIsEscaped() throws {
        let experiment = try ReportFixtures.experiment(
            steps: 2_001, parameters: [(Self.hostile, "string_values [a]  (1 values, unordered)")])
        let value = "</script><script>alert(3)</script>\u{2028}&amp;\"'\\"
        let trials = (1...2_001).map { number in
            var trial = ReportFixtures.trial(number, config: [(Self.hostile, .string(value))], objective: Double(number),
                                             state: number == 7 ? .failed : .completed)
            if number == 7 { trial.failureReason = value }
            return trial
        }
        let html = ExperimentReport(experiment: experiment, trials: trials).html()
        #expect(html.components(separatedBy: "<script>").count - 1 == 1, "our one script")
        #expect(html.components(separatedBy: "<script").count - 1 == 1 + 5, "and the data of 4 canvas plots and the rows")
        #expect(!html.contains("<script>alert"))
        let rows = try Self.json(id: "rows", in: html).compactMap { $0 as? [String] }
        #expect(rows.count == 2_001 - ExperimentReport.rowsInHTML)
        #expect(rows.allSatisfy { $0[6] == value }, "[SUBID, class, SUBID, state, objective, duration, the value, failure]")
        #expect(rows.first { $0[0] == "0007" }?.last == value)
        #expect(Self.plotMarks(html) == ["history": 2_001, "curves": 600, "slice": 2_000, "parallel": 2_000,
                                         "timeline": 2_001, "importance": 1])
    }

    // MARK: helpers

    /// The JSON array in `<script type="application/json" id="ID">`.
    static func json(id: String, in html: String) throws -> [Any] {
        let open = "<script type=\"application/json\" id=\"\(id)\">"
        let start = try #require(html.range(of: open))
        let end = try #require(html.range(of: "</script>", range: start.upperBound..<html.endIndex))
        let text = html[start.upperBound..<end.lowerBound]
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [Any])
    }

    static func matches(_ pattern: String, in text: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: pattern)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map {
            String(text[Range($0.range(at: 1), in: text)!])
        }
    }

    /// Each plot kind's marks, counted in the markup or, for a canvas plot, in its data
    /// (the marks that belong to a trial; slices summed), checked against the plot's own data-marks.
    static func plotMarks(_ html: String) -> [String: Int] {
        var counts: [String: Int] = [:]
        let regex = try! NSRegularExpression(pattern: #"<svg class="plot (\w+)" data-marks="(\d+)"(.*?)</svg>"#,
                                             options: .dotMatchesLineSeparators)
        for match in regex.matches(in: html, range: NSRange(html.startIndex..., in: html)) {
            let kind = String(html[Range(match.range(at: 1), in: html)!])
            let declared = Int(html[Range(match.range(at: 2), in: html)!])!
            let body = String(html[Range(match.range(at: 3), in: html)!])
            var drawn: Int = switch kind {
            case "importance": body.components(separatedBy: "<rect class=\"bar\"").count - 1
            default: body.components(separatedBy: " data-t=\"").count - 1
            }
            if let canvas = matches(#"data-canvas="([\w-]+)""#, in: String(body.prefix(200))).first {
                drawn = ((try? json(id: canvas, in: html)) ?? []).filter { (($0 as? [Any])?[1] as? String) != "" }.count
            }
            #expect(drawn == declared, "\(kind): \(drawn) marks drawn, data-marks says \(declared)")
            counts[kind, default: 0] += drawn
        }
        return counts
    }
}
