import Foundation
import HPOKit

extension ExperimentReport {
    var tableAid: String {
        "Every trial, best first. Click a column's name to sort by it (again to reverse); type in the box to keep "
            + "the rows that contain the text. The links open the trial's files, next to this report."
    }

    /// Rows written as HTML past `canvasTrials` trials; the page's script adds the others
    /// from data as the table is scrolled, sorted or filtered.
    static let rowsInHTML = 200

    /// Every trial (none thinned): SUBID, state, objective, duration, where its point came
    /// from (when any came from elsewhere than the optimizer), each hyperparameter,
    /// why it failed, and links to its config.json, stdout.log, stderr.log and trial.json.
    /// In a large report the first `rowsInHTML` rows are markup and the rest JSON.
    func table() -> String {
        var out = "<p><input id=\"filter\" type=\"search\" placeholder=\"filter rows\" aria-label=\"filter rows\"> "
            + "<span id=\"shown\">\(trials.count) trials</span></p>"
        out += "<div class=\"scroll\"><table id=\"table\" data-base=\"\(HTML.href(linkBase + "trials/"))\"><thead><tr>"
            + "<th>SUBID</th><th>state</th><th>\(HTML.escape(objectiveName))</th><th>duration (s)</th>"
            + (queuedUntil.isEmpty ? "" : "<th>queued (s)</th>") + (showsOrigins ? "<th>from</th>" : "")
        for parameter in parameters { out += "<th>\(HTML.escape(parameter.name))</th>" }
        out += "<th>failure</th><th>files</th></tr></thead><tbody>\n"
        let ranked = TrialRanking.ranked(trials, direction: direction)
        let inHTML = usesCanvas ? Self.rowsInHTML : ranked.count
        for trial in ranked.prefix(inHTML) {
            let subid = HTML.escape(trial.subid)
            let folder = HTML.href(linkBase + "trials/" + trial.subid + "/")
            out += "<tr id=\"t\(subid)\" class=\"\(rowClass(trial))\">"
            out += rowCells(trial).map { "<td>\(HTML.escape($0))</td>" }.joined()
            out += "<td class=\"files\">"
            out += "<a href=\"\(folder)config.json\">config</a> <a href=\"\(folder)stdout.log\">stdout</a> "
                + "<a href=\"\(folder)stderr.log\">stderr</a> <a href=\"\(folder)trial.json\">trial</a></td></tr>\n"
        }
        out += "</tbody></table></div>"
        guard ranked.count > inHTML else { return out }
        // The other rows: [SUBID, class, cell...], in the same order.
        let rows = ranked.dropFirst(inHTML).map { trial in
            "[" + ([trial.subid, rowClass(trial)] + rowCells(trial)).map(HTML.jsonString).joined(separator: ",") + "]"
        }
        return out + "<script type=\"application/json\" id=\"rows\">[" + rows.joined(separator: ",\n") + "]</script>"
    }

    /// Whether a `from` column says where each trial's point came from (`default`,
    /// `start 2`, `enqueued`, `optimizer`), as `status`'s FROM: when any came from elsewhere
    /// than the optimizer.
    var showsOrigins: Bool {
        trials.contains { ($0.origin ?? .optimizer) != .optimizer }
    }

    private func rowClass(_ trial: TrialRecord) -> String {
        trial.state.rawValue + (trial.subid == best?.subid ? " bestrow" : "")
    }

    /// The text of a trial's cells but its files.
    private func rowCells(_ trial: TrialRecord) -> [String] {
        var cells = [trial.subid, trial.state.rawValue, trial.objective.map(HTML.number) ?? "",
                     trial.duration.map { String(format: "%.1f", $0) } ?? ""]
        if !queuedUntil.isEmpty {
            var queued = ""
            if let start = trial.startedAt, let end = queuedUntil[trial.subid] {
                queued = String(format: "%.1f", end.timeIntervalSince(start))
            }
            cells.append(queued)
        }
        if showsOrigins { cells.append((trial.origin ?? .optimizer).label(startingPoint: trial.startingPoint)) }
        for parameter in parameters { cells.append(trial.config[parameter.name]?.value.description ?? "") }
        cells.append(failure(trial))
        return cells
    }

    /// Why a trial failed (or was pruned, interrupted): its reason, and for a command that
    /// failed what its stderr.log ends with.
    func failure(_ trial: TrialRecord) -> String {
        (trial.failureReason ?? "") + (stderrEnds[trial.subid].map { "; stderr.log ends: \($0)" } ?? "")
    }
}
