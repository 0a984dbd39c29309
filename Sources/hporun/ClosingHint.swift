import Foundation
import HPOKit

/// What the end of a run says to do next, following the reasons its trials actually failed:
/// a command that failed points to its stderr.log (and shows its last line); a trial that
/// exited 0 without the objective points to the metric's name and the metrics file; a
/// timeout to the time limit; an interruption to resuming. Said when no trial completed, or
/// when too many failed.
struct ClosingHint {
    let lines: [String]

    init(summary: RunSummary, directory: String, objective: String) {
        lines = Self.lines(summary, directory: directory, objective: objective)
    }

    private static func lines(_ summary: RunSummary, directory: String, objective: String) -> [String] {
        let noneCompleted = summary.completed.isEmpty
        switch summary.stopReason {
        case .launcherRefused: return []  // the stop reason said what to fix; no trial ran
        case .sameFailure: return []  // the stop reason quoted the failure, its stderr line and file
        case .tooManyFailures: break
        default: guard noneCompleted else { return [] }
        }
        let failures = FailureKinds(summary.trials.filter { $0.state == .failed })
        var lines: [String] = []
        if let first = failures.commandFailed.first {
            let file = "\(directory)/trials/\(first.subid)/stderr.log"
            lines.append("\(count(failures.commandFailed)) failed in the command itself (an exit status or a signal): see \(file)")
            if let last = lastLine(of: file) { lines.append("  its last line: \(last)") }
        }
        if let first = failures.noObjective.first {
            let written = first.testHistory.metrics.keys.sorted()
            let wrote = written.isEmpty
                ? "trial \(first.subid) wrote no TEST metric"
                : "trial \(first.subid) wrote TEST \(written.map { "'\($0)'" }.joined(separator: ", "))"
            lines.append("\(count(failures.noObjective)) exited 0 without a usable TEST '\(objective)' (\(wrote)): check the "
                         + "objective's name in the manifest, and \(directory)/trials/\(first.subid)/evaluation-metrics.txt")
        }
        if !failures.timedOut.isEmpty {
            lines.append("\(count(failures.timedOut)) ran out of time: give them longer (--trial-timeout, trial_timeout_seconds)")
        }
        if let first = failures.other.first {
            lines.append("\(count(failures.other)) failed: \(first.failureReason ?? "unknown reason")")
        }
        if noneCompleted, summary.stopReason == .interrupted {
            lines.append("no trial completed before the interruption: run the same command again to resume")
        }
        return lines
    }

    private static func count(_ trials: [TrialRecord]) -> String {
        trials.count == 1 ? "1 trial" : "\(trials.count) trials"
    }

    /// The last non-empty line of a file (read without blocking, only if it is a regular
    /// file: the trial may have left a FIFO there), escaped for the terminal.
    static func lastLine(of path: String) -> String? {
        RegularFile.lastLine(of: path, window: 4096).map(TerminalText.escaped)
    }
}

/// Failed trials sorted by what went wrong, from their recorded exit and reason.
struct FailureKinds {
    var commandFailed: [TrialRecord] = []
    var noObjective: [TrialRecord] = []
    var timedOut: [TrialRecord] = []
    var other: [TrialRecord] = []

    init(_ failed: [TrialRecord]) {
        for trial in failed {
            if trial.exitCode == 0 {
                noObjective.append(trial)
            } else if trial.exitCode != nil || trial.signal != nil {
                commandFailed.append(trial)
            } else if trial.failureReason?.hasPrefix("timed out") == true {
                timedOut.append(trial)
            } else {
                other.append(trial)
            }
        }
    }

    /// The reason most trials failed with, and how many (on a tie, the earliest trial's).
    static func commonest(_ failed: [TrialRecord]) -> (reason: String, count: Int)? {
        var counts: [String: Int] = [:]
        var order: [String] = []
        for trial in failed {
            let reason = trial.failureReason ?? "unknown reason"
            if counts[reason] == nil { order.append(reason) }
            counts[reason, default: 0] += 1
        }
        var best: (reason: String, count: Int)?
        for reason in order where counts[reason, default: 0] > (best?.count ?? 0) {
            best = (reason, counts[reason, default: 0])
        }
        return best
    }
}
