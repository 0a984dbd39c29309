import HPOKit

extension TrialRecord {
    /// For a trial that completed although lines of its emetrics file were skipped (a line
    /// over 1 MiB, or not an emetrics JSON record), what that means: its objective was taken
    /// without their values. Nil when none was skipped, or the trial did not complete (a
    /// failed trial's reason counts them already).
    var skippedLinesNote: String? {
        guard state == .completed, let count = skippedMetricLines, count > 0 else { return nil }
        return (count == 1 ? "1 line of evaluation-metrics.txt was skipped" : "\(count) lines of evaluation-metrics.txt were skipped")
            + " (over 1 MiB, or not an emetrics JSON record): \(count == 1 ? "its values" : "their values") did not count"
    }
}
