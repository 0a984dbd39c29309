import Foundation
import HPOKit

extension ExperimentReport {
    var historyAid: String {
        "Each dot is a trial in start order, coloured by \(HTML.escape(objectiveName)) (bright is better); the line is the "
            + "best so far. A flat line means recent trials found nothing better. \(TrialMark.legend): a pruned trial "
            + "at the best value it reached before it was stopped, the others at the bottom edge as they have no objective."
    }

    /// The objective of every started trial in start order, the best-so-far line (completed
    /// trials only), failed, superseded, pruned and interrupted trials marked.
    func history() -> String {
        let started = self.started
        guard !started.isEmpty else { return empty("No trial has started yet.") }
        var plot = SVGPlot(width: 860, height: 300, x: Scale(domain: 1...Double(max(started.count, 1)), pixels: (0, 1)),
                           y: nil, xTitle: "trial (start order)", yTitle: objectiveName)
        plot.x = Scale(domain: 1...Double(max(started.count, 1)), pixels: plot.xPixels)
        let y = Scale(domain: objectiveRange, pixels: plot.yPixels)
        plot.y = y
        let floor = plot.yPixels.start - 3
        var dots = "", misses = "", line = "", bestSoFar: Double?
        var canvas = CanvasMarks(), glyphs = CanvasMarks()
        let usesCanvas = self.usesCanvas
        for (index, trial) in started.enumerated() {
            let x = px(plot.x(Double(index + 1)))
            let t = HTML.escape(trial.subid)
            if trial.state == .completed, let objective = trial.objective, objective.isFinite {
                if bestSoFar.map({ better(objective, $0) }) ?? true { bestSoFar = objective }
                if usesCanvas {
                    canvas.dot(trial.subid, fill: color(objective), x: x, y: px(y(objective)), r: "3.5")
                } else {
                    dots += "<circle data-t=\"\(t)\" cx=\"\(x)\" cy=\"\(px(y(objective)))\" r=\"3.5\" "
                        + "fill=\"\(color(objective))\"/>"
                }
            } else if trial.state == .pruned, let objective = trial.objective, objective.isFinite {
                // A triangle pointing down at the value the trial had reached when it was stopped.
                let x0 = plot.x(Double(index + 1)), y0 = y(objective)
                if usesCanvas {
                    canvas.polygon(trial.subid, fill: color(objective),
                                   points: [(px(x0 - 4.5), px(y0 - 3.5)), (px(x0 + 4.5), px(y0 - 3.5)), (px(x0), px(y0 + 4.5))])
                } else {
                    dots += "<path data-t=\"\(t)\" class=\"prune\" d=\"M\(px(x0 - 4.5)) \(px(y0 - 3.5))h9l-4.5 8z\" "
                        + "fill=\"\(color(objective))\"/>"
                }
            } else if usesCanvas {
                glyphs.glyph(trial.subid, cssClass: TrialMark.cssClass(trial.state), x: x, y: px(floor),
                             glyph: TrialMark.glyph(trial.state))
            } else {
                misses += "<text data-t=\"\(t)\" class=\"\(TrialMark.cssClass(trial.state))\" x=\"\(x)\" y=\"\(px(floor))\" "
                    + "text-anchor=\"middle\">\(TrialMark.glyph(trial.state))</text>"
            }
            if let bestSoFar {
                line += (line.isEmpty ? "M" : "L") + "\(x) \(px(y(bestSoFar)))"
            }
        }
        let label = "objective of each trial in start order"
        if usesCanvas {
            canvas.append(contentsOf: glyphs)  // drawn over the dots
            return plot.render(kind: "history", marks: "<path class=\"best\" d=\"\(line)\"/>", count: started.count,
                               label: label, canvas: ("m-history", canvas))
        }
        let marks = "<path class=\"best\" d=\"\(line)\"/><g class=\"pts\">\(dots)\(misses)</g>"
        return plot.render(kind: "history", marks: marks, count: started.count, label: label)
    }
}
