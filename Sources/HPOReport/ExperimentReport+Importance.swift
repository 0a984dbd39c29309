import Foundation
import HPOKit

extension ExperimentReport {
    var importanceAid: String {
        "How much of the spread of \(HTML.escape(objectiveName)) each hyperparameter explains on its own (fANOVA's "
            + "main effects, estimated from binned means of the completed trials; the shares add up to 100%). "
            + "Tune the long bars first; a parameter near 0% can be fixed. Effects that only show together are not counted."
    }

    func importance() -> String {
        let scored = self.scored
        guard scored.count >= ParameterImportance.minimumTrials else {
            return empty("Needs at least \(ParameterImportance.minimumTrials) completed trials "
                + "(\(scored.count) so far).")
        }
        guard !parameters.isEmpty else { return empty("The search space has no hyperparameters.") }
        let positions = scored.map { trial in parameters.map { $0.position(trial.config[$0.name]?.value) } }
        let estimates = ParameterImportance.estimate(positions: positions, objectives: scored.map { $0.objective! })
        let rowHeight = 24.0, labelWidth = 170.0, barWidth = 520.0
        let height = rowHeight * Double(parameters.count) + 8
        var marks = ""
        let order = parameters.indices.sorted { estimates[$0].share > estimates[$1].share }
        for (row, index) in order.enumerated() {
            let y = 4 + Double(row) * rowHeight
            let share = estimates[index].share
            marks += "<text x=\"\(labelWidth - 8)\" y=\"\(HTML.coordinate(y + rowHeight / 2))\" dy=\"0.32em\" "
                + "text-anchor=\"end\">\(HTML.escape(SVGPlot.short(parameters[index].name)))</text>"
            marks += "<rect class=\"bar\" x=\"\(labelWidth)\" y=\"\(HTML.coordinate(y + 3))\" "
                + "width=\"\(HTML.coordinate(max(barWidth * share, 1)))\" height=\"\(rowHeight - 6)\"/>"
            marks += "<text x=\"\(HTML.coordinate(labelWidth + max(barWidth * share, 1) + 6))\" "
                + "y=\"\(HTML.coordinate(y + rowHeight / 2))\" dy=\"0.32em\">\(String(format: "%.0f%%", share * 100))</text>"
        }
        let width = Int(labelWidth + barWidth + 60)
        return "<svg class=\"plot importance\" data-marks=\"\(parameters.count)\" viewBox=\"0 0 \(width) \(Int(height))\" "
            + "width=\"\(width)\" height=\"\(Int(height))\" role=\"img\" aria-label=\"parameter importance\">"
            + "<g class=\"axis\">\(marks)</g></svg>"
    }
}
