import Foundation
import HPOKit

extension ExperimentReport {
    var parallelAid: String {
        "One vertical axis per hyperparameter and one for \(HTML.escape(objectiveName)); each line is a completed trial "
            + "crossing the axes at its values, coloured by \(HTML.escape(objectiveName)) (bright is better). Follow the "
            + "bright lines to see which values the best trials share. A line passes by the axis of a parameter the trial "
            + "had no value for (inactive under a condition)."
    }

    /// Axes for every hyperparameter and the objective; one line per completed trial.
    func parallelCoordinates() -> String {
        let scored = self.scored.sorted { a, b in better(b.objective!, a.objective!) }  // best drawn last
        guard !scored.isEmpty else { return empty("No trial has completed yet.") }
        let axes = parameters.count + 1
        let width = Double(max(620, 140 * axes)), height = 320.0
        let left = 60.0, right = width - 60, top = 22.0, bottom = height - 30
        let pixels: Pixels = (bottom, top)
        let xs = (0..<axes).map { axes == 1 ? (left + right) / 2 : left + (right - left) * Double($0) / Double(axes - 1) }
        let scales = parameters.map { $0.scale(scored, pixels: pixels) } + [Scale(domain: objectiveRange, pixels: pixels)]
        var lines = "", count = 0
        var canvas = usesCanvas ? CanvasMarks() : nil
        for trial in scored {
            var positions = parameters.map { $0.position(trial.config[$0.name]?.value) }
            positions.append(trial.objective)
            // A parameter the trial has no value for (inactive in a conditional space): its line passes that axis by.
            let points = zip(xs, zip(scales, positions)).compactMap { x, pair in pair.1.map { (px(x), px(pair.0($0))) } }
            count += 1
            if canvas != nil {
                canvas?.line(trial.subid, stroke: color(trial.objective!), points: points)
                continue
            }
            lines += "<path data-t=\"\(HTML.escape(trial.subid))\" d=\"M\(points.map { "\($0.0) \($0.1)" }.joined(separator: "L"))\" "
                + "stroke=\"\(color(trial.objective!))\"/>"
        }
        var axisMarks = ""
        let titles = parameters.map { $0.name + ($0.axis == .log ? " (log)" : "") } + [objectiveName]
        for (index, x) in xs.enumerated() {
            let axisX = px(x)
            axisMarks += "<line x1=\"\(axisX)\" x2=\"\(axisX)\" y1=\"\(top)\" y2=\"\(bottom)\"/>"
            axisMarks += "<text class=\"title\" x=\"\(axisX)\" y=\"\(top - 8)\" text-anchor=\"middle\">"
                + "\(HTML.escape(SVGPlot.short(titles[index])))</text>"
            for (position, text) in scales[index].ticks(scales[index].categories == nil ? 4 : 0) {
                axisMarks += "<text x=\"\(px(x + 4))\" y=\"\(px(scales[index](position)))\" "
                    + "dy=\"0.32em\">\(HTML.escape(SVGPlot.short(text)))</text>"
            }
        }
        let svg = SVGPlot.open(kind: "parallel", count: count, canvas: canvas.map { _ in "m-parallel" }, width: width,
                               height: height, label: "parallel coordinates")
            + "<rect class=\"area\" x=\"0\" y=\"0\" width=\"\(Int(width))\" height=\"\(Int(height))\"/>"
            + "<g class=\"lines\">\(lines)</g><g class=\"axis paxis\">\(axisMarks)</g></svg>"
        guard let canvas else { return svg }
        return SVGPlot.wrap(svg, canvas, id: "m-parallel")
    }
}
