import Foundation
import HPOKit

/// The HTML report of an experiment: one self-contained file (inline SVG, CSS and a little
/// plain JavaScript; nothing fetched from anywhere) with a header, the parameter
/// importance, the optimisation history, the learning curves, the slices, the parallel
/// coordinates, the timeline and a sortable table of the trials linking to their files.
///
/// Built from what the experiment directory holds (experiment.json and each trial.json),
/// so it can be written at any moment of a run, or long after it.
public struct ExperimentReport: Sendable {
    public let experiment: ExperimentRecord
    /// Trials by SUBID.
    public let trials: [TrialRecord]
    public let direction: Direction
    /// Whether a run is still going (the page then says so and reloads itself).
    public var live: Bool
    public var generatedAt: Date
    /// The experiment directory as a relative URL path from the report's folder, ending
    /// with `/` (empty when the report sits in the experiment directory).
    public var linkBase: String
    /// Slurm trials: when each one's job left the queue and started running (its
    /// `job-started` file), by SUBID; from its start (the submission) to then it was queued.
    public var queuedUntil: [String: Date] = [:]
    /// Failed trials whose command failed (a non-zero exit, a signal): the last non-empty
    /// line of their stderr.log, by SUBID, shown with the reason as `hporun status` shows it.
    public var stderrEnds: [String: String] = [:]

    let parameters: [ReportParameter]
    /// Trials that have started, in start order (SUBID order among equal times).
    let started: [TrialRecord]
    /// Completed trials with a finite objective: what slices, parallel coordinates and
    /// importance plot.
    let scored: [TrialRecord]
    /// The range of the finite objectives, for colours and axes.
    let objectiveRange: ClosedRange<Double>
    let best: TrialRecord?

    /// Learning curves drawn at most (the best, then evenly through the rest), and points
    /// kept per curve: what keeps a 10,000-trial report small. The table keeps every trial.
    static let maxCurves = 600
    static let maxCurvePoints = 40

    public init(experiment: ExperimentRecord, trials: [TrialRecord], live: Bool = false, linkBase: String = "",
                generatedAt: Date = Date()) {
        self.experiment = experiment
        self.trials = trials
        direction = Direction(rawValue: experiment.method.direction) ?? .maximize
        self.live = live
        self.linkBase = linkBase
        self.generatedAt = generatedAt
        parameters = experiment.hyperParameters.map { ReportParameter($0, trials: trials) }
        started = trials.filter { $0.startedAt != nil }.sorted {
            ($0.startedAt!, $0.number) < ($1.startedAt!, $1.number)
        }
        let scored = trials.filter { $0.state == .completed && ($0.objective?.isFinite ?? false) }
        self.scored = scored
        // Pruned trials' objectives (the best they reached) are drawn too, on the same scale.
        let values = scored.compactMap(\.objective)
            + trials.filter { $0.state == .pruned }.compactMap(\.objective).filter(\.isFinite)
        objectiveRange = (values.min() ?? 0)...(values.max() ?? 1)
        best = TrialRanking.best(trials, direction: direction)
    }

    public init(export: ExperimentExport, live: Bool = false, linkBase: String = "", generatedAt: Date = Date()) {
        self.init(experiment: export.experiment, trials: export.trials, live: live, linkBase: linkBase,
                  generatedAt: generatedAt)
    }

    // MARK: what the plots share

    var objectiveName: String { experiment.method.objective }

    /// A trial's colour: its objective from worst (dark) to best (bright).
    func color(_ objective: Double) -> String {
        let range = objectiveRange
        let span = range.upperBound - range.lowerBound
        let t = span > 0 ? (objective - range.lowerBound) / span : 1
        return Palette.color(direction == .maximize ? t : 1 - t)
    }

    /// A coordinate in a plot: to a tenth of a pixel, or past 2,000 trials to a whole one
    /// (the same picture, a smaller file).
    func px(_ value: Double) -> String {
        trials.count > 2_000 ? String(Int(value.rounded())) : HTML.coordinate(value)
    }

    /// Whether `a` is better than `b` in the experiment's direction.
    func better(_ a: Double, _ b: Double) -> Bool {
        direction == .maximize ? a > b : a < b
    }

    // MARK: the page

    public func html() -> String {
        let title = "hporun report: " + HTML.escape(experiment.name)
        var page = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        page += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        if live { page += "<meta http-equiv=\"refresh\" content=\"30\">" }
        page += "<title>\(title)</title><style>\(ReportAssets.css)</style></head><body>\n"
        page += header() + "\n<main>\n"
        page += section("importance", "Parameter importance", importanceAid, importance())
        page += section("history", "Optimisation history", historyAid, history())
        page += section("curves", "Learning curves", curvesAid, curves())
        page += section("slices", "Slices", slicesAid, slices())
        page += section("parallel", "Parallel coordinates", parallelAid, parallelCoordinates())
        page += section("timeline", "Timeline", timelineAid, timeline())
        page += section("trials", "Trials", tableAid, table())
        page += "</main>\n<div id=\"tip\" hidden></div>\n<script>\(ReportAssets.script)</script>\n</body></html>\n"
        return page
    }

    private func section(_ id: String, _ title: String, _ aid: String, _ body: String) -> String {
        "<section id=\"\(id)\"><h2>\(title)</h2><p class=\"aid\">\(aid)</p>\n\(body)\n</section>\n"
    }

    /// Says why a plot is empty (no trial has finished yet, ...).
    func empty(_ message: String) -> String {
        "<p class=\"empty\">\(HTML.escape(message))</p>"
    }
}
