import Foundation
import HPOKit

extension ExperimentReport {
    var timelineAid: String {
        "Each bar is a trial from its start to its end, one row per slot (a trial takes the first free row): "
            + "the number of rows is the parallelism reached, gaps are idle slots. Bars are coloured by "
            + "\(HTML.escape(objectiveName)); red failed (pale red once retried), brown pruned, grey interrupted, "
            + "hatched still running. Under Slurm the light grey start of a bar is the time the job waited in the queue."
    }

    /// Slots for trials over wall time: each trial takes the first slot free at its start.
    static func slots(_ intervals: [(start: Double, end: Double)]) -> [Int] {
        var freeAt: [Double] = []
        return intervals.map { interval in
            if let slot = freeAt.firstIndex(where: { $0 <= interval.start }) {
                freeAt[slot] = interval.end
                return slot
            }
            freeAt.append(interval.end)
            return freeAt.count - 1
        }
    }

    func timeline() -> String {
        let started = self.started
        guard let origin = started.first?.startedAt else { return empty("No trial has started yet.") }
        let intervals = started.map { trial -> (start: Double, end: Double) in
            let start = trial.startedAt!.timeIntervalSince(origin)
            let end = (trial.endedAt ?? (trial.state.isFinal ? trial.startedAt! : generatedAt)).timeIntervalSince(origin)
            return (start, max(end, start))
        }
        let slots = Self.slots(intervals)
        let lanes = (slots.max() ?? 0) + 1
        let laneHeight = lanes > 40 ? max(2.0, 400.0 / Double(lanes)) : 18.0
        var plot = SVGPlot(width: 860, height: SVGPlot.margin.top + SVGPlot.margin.bottom + laneHeight * Double(lanes),
                           x: Scale(domain: 0...1, pixels: (0, 1)), y: nil, xTitle: "seconds since the first trial started",
                           yTitle: "slot")
        let end = intervals.map(\.end).max() ?? 1
        plot.x = Scale(domain: 0...max(end, 0.001), pixels: plot.xPixels)
        var bars = "", queued = ""
        var canvas = CanvasMarks(), queueMarks = CanvasMarks()
        let usesCanvas = self.usesCanvas
        for (index, trial) in started.enumerated() {
            var x0 = plot.x(intervals[index].start)
            let x1 = plot.x(intervals[index].end)
            let y = SVGPlot.margin.top + Double(slots[index]) * laneHeight + 1
            if let running = queuedUntil[trial.subid] {
                // The queue: from the submission to the job's start, light grey under the bar's start.
                let q1 = plot.x(min(max(running.timeIntervalSince(origin), intervals[index].start), intervals[index].end))
                if q1 - x0 >= 0.5, usesCanvas {
                    queueMarks.bar("", fill: "#dfe3ea", x: px(x0), y: px(y), width: px(q1 - x0), height: px(max(laneHeight - 2, 1)))
                } else if q1 - x0 >= 0.5 {
                    queued += "<rect class=\"queue\" x=\"\(px(x0))\" y=\"\(px(y))\" width=\"\(px(q1 - x0))\" "
                        + "height=\"\(px(max(laneHeight - 2, 1)))\"/>"
                }
                x0 = q1
            }
            let fill = trial.state == .completed ? trial.objective.map { $0.isFinite ? color($0) : "#999" } ?? "#999"
                : TrialMark.fill(trial.state)
            if usesCanvas {
                canvas.bar(trial.subid, fill: fill == "url(#running)" ? "#f4b942" : fill, x: px(x0), y: px(y),
                           width: px(max(x1 - x0, 1.5)), height: px(max(laneHeight - 2, 1)))
                continue
            }
            bars += "<rect data-t=\"\(HTML.escape(trial.subid))\" x=\"\(px(x0))\" y=\"\(px(y))\" "
                + "width=\"\(px(max(x1 - x0, 1.5)))\" height=\"\(px(max(laneHeight - 2, 1)))\" "
                + "fill=\"\(fill)\"/>"
        }
        let pattern = "<defs><pattern id=\"running\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
            + "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#f4b942\"/>"
            + "<rect width=\"3\" height=\"6\" fill=\"#e08a00\"/></pattern></defs>"
        if usesCanvas {
            queueMarks.append(contentsOf: canvas)
            return plot.render(kind: "timeline", marks: "", count: started.count, label: "trials over wall time per slot",
                               canvas: ("m-timeline", queueMarks))
        }
        return plot.render(kind: "timeline", marks: pattern + "<g class=\"bars\">\(queued)\(bars)</g>", count: started.count,
                           label: "trials over wall time per slot")
    }
}
