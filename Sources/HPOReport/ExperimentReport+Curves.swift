import Foundation
import HPOKit

extension ExperimentReport {
    var curvesAid: String {
        "The TEST \(HTML.escape(objectiveName)) of each trial by iteration: the 5 best trials are drawn thick and bright, "
            + "the others thin. A curve still rising at its end may have stopped too early; × ends a failed trial, "
            + "▼ marks where a pruned trial was stopped (its iteration), ○ ends an interrupted one. Past \(Self.maxCurves) trials only the best and an even sample are drawn, "
            + "each with at most \(Self.maxCurvePoints) points."
    }

    /// The trials whose learning curves are drawn: every trial with a TEST history of the
    /// objective, or past `maxCurves` the best 50 and an even sample of the rest.
    func curveTrials() -> [TrialRecord] {
        let withHistory = TrialRanking.ranked(trials, direction: direction).filter {
            !($0.testHistory.metrics[objectiveName]?.isEmpty ?? true)
        }
        guard withHistory.count > Self.maxCurves else { return withHistory }
        let top = 50, rest = withHistory.dropFirst(top)
        let wanted = Self.maxCurves - top
        let sample = (0..<wanted).map { rest[rest.startIndex + $0 * rest.count / wanted] }
        return Array(withHistory.prefix(top)) + sample
    }

    /// At most `maxCurvePoints` entries: evenly spaced, the first and last kept.
    static func thinned(_ entries: [TestHistory.Entry]) -> [TestHistory.Entry] {
        let finite = entries.filter { $0.value.isFinite }
        guard finite.count > maxCurvePoints else { return finite }
        return (0..<maxCurvePoints).map { finite[$0 * (finite.count - 1) / (maxCurvePoints - 1)] }
    }

    /// Where a stopped trial's curve gets its mark: a pruned trial at the iteration its
    /// pruner stopped it (the last drawn point up to it), any other at its last point.
    static func end(of trial: TrialRecord, _ history: [TestHistory.Entry]) -> TestHistory.Entry? {
        guard trial.state == .pruned, let iteration = trial.prunedAtIteration else { return history.last }
        return history.last { $0.iteration <= iteration } ?? history.last
    }

    func curves() -> String {
        let drawn = curveTrials()
        guard !drawn.isEmpty else { return empty("No trial has reported a TEST \(objectiveName) yet.") }
        let histories = drawn.map { Self.thinned($0.testHistory.metrics[objectiveName] ?? []) }
        let iterations = histories.flatMap { $0.map { Double($0.iteration) } }
        let values = histories.flatMap { $0.map(\.value) }
        var plot = SVGPlot(width: 860, height: 320, x: Scale(domain: 0...1, pixels: (0, 1)), y: nil,
                           xTitle: "iteration", yTitle: "TEST " + objectiveName)
        plot.x = Scale(domain: (iterations.min() ?? 0)...(iterations.max() ?? 1), pixels: plot.xPixels)
        let y = Scale(domain: (values.min() ?? 0)...(values.max() ?? 1), pixels: plot.yPixels)
        plot.y = y
        let highlighted = Set(drawn.prefix(5).filter { $0.state == .completed }.map(\.subid))
        var thin = "", thick = "", ends = ""
        // Drawn worst first, so the best end up on top.
        for (trial, history) in zip(drawn, histories).reversed() {
            guard !history.isEmpty else { continue }
            let points = history.map { "\(px(plot.x(Double($0.iteration)))) \(px(y($0.value)))" }
            let d = "M" + points.joined(separator: "L") + (points.count == 1 ? "h0.1" : "")
            let t = HTML.escape(trial.subid)
            let stroke = trial.objective.map { $0.isFinite ? color($0) : "#999" } ?? "#999"
            if highlighted.contains(trial.subid) {
                thick += "<path data-t=\"\(t)\" class=\"curve top\" d=\"\(d)\" stroke=\"\(stroke)\"/>"
            } else {
                thin += "<path data-t=\"\(t)\" class=\"curve\" d=\"\(d)\" stroke=\"\(stroke)\"/>"
            }
            if [.failed, .superseded, .interrupted, .pruned].contains(trial.state), let end = Self.end(of: trial, history) {
                ends += "<text class=\"end \(TrialMark.cssClass(trial.state))\" x=\"\(px(plot.x(Double(end.iteration))))\" "
                    + "y=\"\(px(y(end.value)))\" dy=\"0.32em\" text-anchor=\"middle\">\(TrialMark.glyph(trial.state))</text>"
            }
        }
        let marks = "<g class=\"curves\">\(thin)\(thick)</g><g class=\"ends\">\(ends)</g>"
        return plot.render(kind: "curves", marks: marks, count: histories.filter { !$0.isEmpty }.count,
                           label: "learning curves")
    }
}
