import Foundation
import HPOKit

extension ExperimentReport {
    /// Experiment name, method, objective and direction, budget and progress, the best
    /// trial and its config, the warm-start experiments, the command.
    func header() -> String {
        let method = experiment.method
        let count = { (state: TrialState) in trials.filter { $0.state == state }.count }
        let finished = trials.filter { $0.state.countsAsFinished }.count
        let budget = max(method.numOptimizerSteps, 1)
        let percent = min(100, Int((Double(finished) / Double(budget) * 100).rounded()))
        var states = ["\(count(.completed)) completed"]
        for state in [TrialState.pruned, .failed, .interrupted, .running, .pending, .superseded] where count(state) > 0 {
            states.append("\(count(state)) \(state.rawValue)")
        }
        var out = "<header><h1>\(HTML.escape(experiment.name))</h1>"
        if live {
            out += "<p class=\"live\">A run is going: this page is rewritten as trials finish and reloads every 30 s.</p>"
        }
        out += "<dl class=\"facts\">"
        out += fact("Method", "\(HTML.escape(method.name)), seed \(experiment.seed)"
            + (experiment.settings.map { $0 == "defaults" ? "" : "; \(HTML.escape($0))" } ?? ""))
        out += fact("Objective", "\(HTML.escape(method.direction)) <b>\(HTML.escape(method.objective))</b> "
            + "(\(HTML.escape(method.objectiveStrategy)) of the TEST history)")
        out += fact("Progress", "\(finished) of \(method.numOptimizerSteps) trials finished: \(states.joined(separator: ", "))"
            + "<progress max=\"100\" value=\"\(percent)\">\(percent)%</progress>")
        if let best, let objective = best.objective {
            let config = parameters.map { parameter in
                "<code>\(HTML.escape(parameter.name)) = \(HTML.escape(best.config[parameter.name]?.value.description ?? "-"))</code>"
            }.joined(separator: " ")
            out += fact("Best", "trial <a href=\"#t\(HTML.escape(best.subid))\">\(HTML.escape(best.subid))</a>: "
                + "\(HTML.escape(method.objective)) = <b>\(HTML.number(objective))</b> " + config)
        } else {
            out += fact("Best", "no trial has completed yet" + commonestFailure())
        }
        if let sources = experiment.warmStarts, !sources.isEmpty {
            out += fact("Warm start", sources.map { HTML.escape($0.summary.replacingOccurrences(of: "warm start: ", with: "")) }
                .joined(separator: "<br>") + "; told to the optimizer, not trials of this experiment: not counted in the "
                + "budget, never the best")
        }
        out += fact("Command", "<code>\(HTML.escape(experiment.command.display))</code>")
        out += fact("Space", parameters.map { "<code>\(HTML.escape($0.name))</code> \(HTML.escape($0.domain))" }
            .joined(separator: "<br>"))
        out += fact("Written", "\(generatedAt.formatted(.iso8601)) by hporun \(HTML.escape(experiment.hporunVersion)); "
            + "experiment created \(experiment.createdAt.formatted(.iso8601))")
        out += "</dl></header>"
        return out
    }

    /// With no trial completed, why the failed ones failed: the commonest reason (on a tie,
    /// the earliest trial's) with its first trial's stderr.log line, as HTML.
    private func commonestFailure() -> String {
        let failed = trials.filter { $0.state == .failed }
        guard let first = failed.first else { return "" }
        var counts: [String: Int] = [:]
        for trial in failed { counts[trial.failureReason ?? "", default: 0] += 1 }
        let reason = failed.map { $0.failureReason ?? "" }.max { counts[$0]! < counts[$1]! } ?? ""
        let example = failed.first { ($0.failureReason ?? "") == reason } ?? first
        let share = counts[reason]! == failed.count
            ? (failed.count == 1 ? "the failed trial" : "all \(failed.count) failed trials")
            : "\(counts[reason]!) of the \(failed.count) failed trials"
        return "; \(share): \(HTML.escape(failure(example))) (trial <a href=\"#t\(HTML.escape(example.subid))\">"
            + "\(HTML.escape(example.subid))</a>)"
    }

    private func fact(_ term: String, _ html: String) -> String {
        "<dt>\(term)</dt><dd>\(html)</dd>"
    }
}
