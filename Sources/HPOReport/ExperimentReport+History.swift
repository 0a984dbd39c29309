import Foundation
import HPOKit

extension ExperimentReport {
    var historyAid: String {
        "Each dot is a trial in start order, coloured by \(HTML.escape(objectiveName)) (bright is better); the line is the "
            + "best so far. A flat line means recent trials found nothing better. × marks a failed trial, "
            + "○ an interrupted one, at the bottom edge as they have no objective."
    }

    /// The objective of every started trial in start order, the best-so-far line, failed
    /// and interrupted trials marked.
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
        for (index, trial) in started.enumerated() {
            let x = px(plot.x(Double(index + 1)))
            let t = HTML.escape(trial.subid)
            if trial.state == .completed, let objective = trial.objective, objective.isFinite {
                dots += "<circle data-t=\"\(t)\" cx=\"\(x)\" cy=\"\(px(y(objective)))\" r=\"3.5\" "
                    + "fill=\"\(color(objective))\"/>"
                if bestSoFar.map({ better(objective, $0) }) ?? true { bestSoFar = objective }
            } else {
                let kind = trial.state == .failed ? "fail" : (trial.state == .running ? "run" : "int")
                let glyph = trial.state == .failed ? "×" : "○"
                misses += "<text data-t=\"\(t)\" class=\"\(kind)\" x=\"\(x)\" y=\"\(px(floor))\" "
                    + "text-anchor=\"middle\">\(glyph)</text>"
            }
            if let bestSoFar {
                line += (line.isEmpty ? "M" : "L") + "\(x) \(px(y(bestSoFar)))"
            }
        }
        let marks = "<path class=\"best\" d=\"\(line)\"/><g class=\"pts\">\(dots)\(misses)</g>"
        return plot.render(kind: "history", marks: marks, count: started.count,
                           label: "objective of each trial in start order")
    }
}
