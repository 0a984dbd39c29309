import HPOKit

extension TrialRecord {
    /// For a trial that completed although lines of its emetrics file were skipped (a line
    /// over 1 MiB, not an emetrics JSON record, an iteration that is not a number), what that
    /// means: its objective was taken without their values. Names the file (in the experiment
    /// `directory`) and the first such line, with why. Nil when none was skipped, or the trial
    /// did not complete (a failed trial's reason counts them already).
    func skippedLinesNote(in directory: String) -> String? {
        guard state == .completed, let count = skippedMetricLines, count > 0 else { return nil }
        let file = directory + "/trials/" + subid + "/evaluation-metrics.txt"
        let lines = count == 1 ? "1 line of \(file) was skipped" : "\(count) lines of \(file) were skipped"
        let why = firstSkippedMetricLine.map { count == 1 ? "line \($0.line): \($0.why())" : "the first, line \($0.line): \($0.why())" }
            ?? "over 1 MiB, or not an emetrics JSON record"
        return TerminalText.escaped(lines + " (" + why + "): " + (count == 1 ? "its values" : "their values") + " did not count")
    }
}
