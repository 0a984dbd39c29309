import Foundation
import HPOKit

extension ExperimentReport {
    var slicesAid: String {
        "\(HTML.escape(objectiveName)) against each hyperparameter, one dot per completed trial (bright is better). "
            + "Where the bright dots gather is the good region; a flat cloud means that parameter matters little. "
            + "Log ranges have log axes; string values one column each (spread sideways so dots do not hide each other)."
    }

    /// One small plot per hyperparameter: the objective of every completed trial against it.
    func slices() -> String {
        let scored = self.scored
        guard !scored.isEmpty else { return empty("No trial has completed yet.") }
        guard !parameters.isEmpty else { return empty("The search space has no hyperparameters.") }
        var out = "<div class=\"grid\">"
        for (index, parameter) in parameters.enumerated() {
            var plot = SVGPlot(width: 300, height: 230, x: Scale(domain: 0...1, pixels: (0, 1)), y: nil,
                               xTitle: parameter.name + (parameter.axis == .log ? " (log)" : ""), yTitle: objectiveName)
            plot.x = parameter.scale(scored, pixels: plot.xPixels)
            let y = Scale(domain: objectiveRange, pixels: plot.yPixels)
            plot.y = y
            var dots = "", count = 0
            var canvas = usesCanvas ? CanvasMarks() : nil
            for trial in scored {
                guard var position = parameter.position(trial.config[parameter.name]?.value),
                      let objective = trial.objective else { continue }
                if parameter.isCategorical { position += Self.jitter(trial.number) }
                count += 1
                if canvas != nil {
                    canvas?.dot(trial.subid, fill: color(objective), x: px(plot.x(position)), y: px(y(objective)), r: "3")
                    continue
                }
                dots += "<circle data-t=\"\(HTML.escape(trial.subid))\" cx=\"\(px(plot.x(position)))\" "
                    + "cy=\"\(px(y(objective)))\" r=\"3\" fill=\"\(color(objective))\"/>"
            }
            out += plot.render(kind: "slice", marks: "<g class=\"pts\">\(dots)</g>", count: count,
                               label: "\(objectiveName) against \(parameter.name)", canvas: canvas.map { ("m-slice-\(index)", $0) })
        }
        return out + "</div>"
    }

    /// A fixed sideways offset in -0.3...0.3 for a trial's dot on a categorical axis.
    static func jitter(_ number: Int) -> Double {
        let golden = 0.618_033_988_749_895
        let fraction = (Double(number) * golden).truncatingRemainder(dividingBy: 1)
        return (fraction - 0.5) * 0.6
    }
}
