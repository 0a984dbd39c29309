import Foundation
import HPOKit

extension ExperimentReport {
    var tableAid: String {
        "Every trial, best first. Click a column's name to sort by it (again to reverse); type in the box to keep "
            + "the rows that contain the text. The links open the trial's files, next to this report."
    }

    /// Every trial (none thinned): SUBID, state, objective, duration, each hyperparameter,
    /// why it failed, and links to its config.json, stdout.log, stderr.log and trial.json.
    func table() -> String {
        var out = "<p><input id=\"filter\" type=\"search\" placeholder=\"filter rows\" aria-label=\"filter rows\"> "
            + "<span id=\"shown\">\(trials.count) trials</span></p>"
        out += "<div class=\"scroll\"><table id=\"table\"><thead><tr><th>SUBID</th><th>state</th>"
            + "<th>\(HTML.escape(objectiveName))</th><th>duration (s)</th>"
            + (queuedUntil.isEmpty ? "" : "<th>queued (s)</th>")
        for parameter in parameters { out += "<th>\(HTML.escape(parameter.name))</th>" }
        out += "<th>failure</th><th>files</th></tr></thead><tbody>\n"
        let best = self.best?.subid
        for trial in TrialRanking.ranked(trials, direction: direction) {
            let subid = HTML.escape(trial.subid)
            let folder = HTML.href(linkBase + "trials/" + trial.subid + "/")
            out += "<tr id=\"t\(subid)\" class=\"\(trial.state.rawValue)\(trial.subid == best ? " bestrow" : "")\">"
            out += "<td>\(subid)</td><td>\(trial.state.rawValue)</td>"
            out += "<td>\(trial.objective.map(HTML.number) ?? "")</td>"
            out += "<td>\(trial.duration.map { String(format: "%.1f", $0) } ?? "")</td>"
            if !queuedUntil.isEmpty {
                var queued = ""
                if let start = trial.startedAt, let end = queuedUntil[trial.subid] {
                    queued = String(format: "%.1f", end.timeIntervalSince(start))
                }
                out += "<td>\(queued)</td>"
            }
            for parameter in parameters {
                out += "<td>\(HTML.escape(trial.config[parameter.name]?.value.description ?? ""))</td>"
            }
            out += "<td>\(HTML.escape(trial.failureReason ?? ""))</td><td class=\"files\">"
            out += "<a href=\"\(folder)config.json\">config</a> <a href=\"\(folder)stdout.log\">stdout</a> "
                + "<a href=\"\(folder)stderr.log\">stderr</a> <a href=\"\(folder)trial.json\">trial</a></td></tr>\n"
        }
        return out + "</tbody></table></div>"
    }
}
