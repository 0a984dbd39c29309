import Foundation
import HPOKit

/// What the end of a run says to do next, following the reasons its trials actually failed:
/// a command that failed points to its stderr.log (and shows its last line); a trial that
/// exited 0 without the objective points to the metric's name and the metrics file; a
/// timeout to the time limit; an interruption to resuming; the usual first-run mistakes of a
/// Python trial (`commandHints`). Said when no trial completed, or when too many failed; after
/// the same-failure stop, what its message did not say; after an interruption, how to resume.
struct ClosingHint {
    let lines: [String]

    init(summary: RunSummary, directory: String, objective: String) {
        lines = Self.lines(summary, directory: directory, objective: objective)
    }

    private static func lines(_ summary: RunSummary, directory: String, objective: String) -> [String] {
        let noneCompleted = summary.completed.isEmpty
        switch summary.stopReason {
        case .launcherRefused: return []  // the stop reason said what to fix; no trial ran
        case .sameFailure(let failure, _):
            // The stop reason quoted the failure, its stderr line and file; trials that exited 0
            // without the metric (their stderr.log most often empty) are told where it goes.
            let alike = summary.trials.filter { $0.state == .failed && failure.subids.contains($0.subid) }
            return noObjectiveLines(FailureKinds(alike).noObjective, directory: directory, objective: objective)
                + commandHints(failure.signature.lastErrorLine, trial: alike.first, directory: directory)
        case .tooManyFailures: break
        case .interrupted where !noneCompleted:
            return ["interrupted: run the same command again to resume (the interrupted trials' points run again)"]
        default: guard noneCompleted else { return [] }
        }
        let failures = FailureKinds(summary.trials.filter { $0.state == .failed })
        var lines: [String] = []
        if let first = failures.commandFailed.first {
            let file = "\(directory)/trials/\(first.subid)/stderr.log"
            lines.append("\(count(failures.commandFailed)) failed in the command itself (an exit status or a signal): see \(file)")
            if let last = lastLine(of: file) {
                lines.append("  its last line: \(last)")
                lines += commandHints(last, trial: first, directory: directory)
            }
        }
        lines += noObjectiveLines(failures.noObjective, directory: directory, objective: objective)
        if !failures.timedOut.isEmpty {
            lines.append("\(count(failures.timedOut)) ran out of time: give them longer (--trial-timeout, trial_timeout_seconds)")
        }
        // Each kind once, the commonest first: Slurm jobs that reached their time limit, that
        // were cancelled, ... (without each job's id, which `hporun status` shows).
        var other = failures.other
        while let (reason, _) = FailureKinds.commonest(other) {
            let alike = other.filter { ($0.failureKind ?? "unknown reason") == reason }
            other.removeAll { ($0.failureKind ?? "unknown reason") == reason }
            let stderr = "\(directory)/trials/\(alike[0].subid)/stderr.log"
            let said = alike[0].slurmJobID != nil ? lastLine(of: stderr).map { "; \(stderr) ends: \($0)" } ?? "" : ""
            lines.append("\(count(alike)) failed: \(reason)\(said)")
        }
        if noneCompleted, summary.stopReason == .interrupted {
            lines.append("no trial completed before the interruption: run the same command again to resume")
        }
        return lines
    }

    /// Trials that exited 0 without the objective: the metric's name to check and the file
    /// to read, or when the first wrote no metrics file at all, where it goes and what writes it.
    private static func noObjectiveLines(_ trials: [TrialRecord], directory: String, objective: String) -> [String] {
        guard let first = trials.first else { return [] }
        let trialDirectory = "\(directory)/trials/\(first.subid)"
        let written = first.testHistory.metrics.keys.sorted()
        let noFile = ["evaluation-metrics.txt", Method.defaultFilename].allSatisfy {
            !FileManager.default.fileExists(atPath: "\(trialDirectory)/\($0)")
        }
        if written.isEmpty, noFile, let stray = strayMetricsFile(in: "\(directory)/trials") {
            return ["\(count(trials)) exited 0 without writing metrics in \(trialDirectory), but \(stray.path) exists: "
                    + stray.why + ", not in the trial's own directory; the training code opens it with "
                    + "EMetrics.open(os.environ[\"SUBID\"]) (hporun's emetrics.py also takes the SUBID from the "
                    + "environment with EMetrics.open())"]
        }
        if written.isEmpty, noFile {
            let printed = printedObjective(objective, in: "\(trialDirectory)/stdout.log").map { line in
                ["  its stdout.log prints it (line \(line.number): \(line.text)), but hporun reads the objective only from "
                 + "evaluation-metrics.txt: record it there too, e.g. in Python `em.record(EMetrics.TEST_GROUP, epoch, "
                 + "{'\(objective)': value})` after `em = EMetrics.open()`"]
            } ?? []
            return ["\(count(trials)) exited 0 without writing metrics (no evaluation-metrics.txt in \(trialDirectory)): "
                    + "the training code writes its TEST '\(objective)' there with EMetrics (emetrics.py; README, "
                    + "\"What the training command gets\")"] + printed
        }
        if first.testHistory.textMetrics.contains(objective) {
            return ["\(count(trials)) exited 0 with TEST '\(objective)' values that are not numbers: the training code "
                    + "writes each as a number (0.93, or the string \"0.93\"); see \(trialDirectory)/evaluation-metrics.txt"]
        }
        // Its records were there but skipped (iterations written as text): that is the fix,
        // not the objective's name.
        if written.isEmpty, let skipped = first.firstSkippedMetricLine, let skippedCount = first.skippedMetricLines, skippedCount > 0 {
            let lines = skippedCount == 1 ? "its 1 skipped line" : "its \(skippedCount) skipped lines"
            return ["\(count(trials)) exited 0 without a usable TEST '\(objective)': trial \(first.subid)'s records were in "
                    + "\(lines) (line \(skipped.line): \(TerminalText.escaped(skipped.why()))); see "
                    + "\(trialDirectory)/evaluation-metrics.txt"]
        }
        let wrote = written.isEmpty
            ? "trial \(first.subid) wrote no TEST metric"
            : "trial \(first.subid) wrote TEST \(written.map { "'\($0)'" }.joined(separator: ", "))"
        return ["\(count(trials)) exited 0 without a usable TEST '\(objective)' (\(wrote)): check the "
                + "objective's name in the manifest, and \(trialDirectory)/evaluation-metrics.txt"]
    }

    /// The first line of a trial's output (its first 256 KB) that prints the objective with a
    /// number after it (`val_accuracy=0.91`, `val_accuracy: 0.91`, `'val_accuracy': 0.91`): a
    /// script that reports its metric by printing it, the commonest first-run mistake.
    static func printedObjective(_ objective: String, in path: String) -> (number: Int, text: String)? {
        guard !objective.isEmpty, let data = RegularFile.contents(of: path, limit: 256 << 10) else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var rest = line[...]
            while let range = rest.range(of: objective) {
                let after = rest[range.upperBound...].drop { " \t\"':=".contains($0) }
                if let first = after.first, first.isNumber || ((first == "-" || first == ".") && after.dropFirst().first?.isNumber == true) {
                    let shown = line.count > 100 ? line.prefix(100) + "..." : line
                    return (index + 1, TerminalText.escaped(String(shown)))
                }
                rest = rest[range.upperBound...]
            }
        }
        return nil
    }

    /// A metrics file written beside the trials instead of in one (`$LOG_DIR/evaluation-metrics.txt`:
    /// IBM's emetrics.py opened without a SUBID; `$LOG_DIR/1/...`: opened with a SUBID of
    /// the code's own, as IBM's example `EMetrics.open("1")`), and how it got there.
    private static func strayMetricsFile(in trials: String) -> (path: String, why: String)? {
        let shared = "\(trials)/evaluation-metrics.txt"
        if FileManager.default.fileExists(atPath: shared) {
            return (shared, "EMetrics.open() without a SUBID (IBM's emetrics.py) writes every trial's records "
                    + "there, in $LOG_DIR")
        }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: trials)) ?? []
        for name in names.sorted() where !(name.count >= 4 && name.allSatisfy { $0.isASCII && $0.isNumber }) && !name.hasPrefix(".") {
            let file = "\(trials)/\(name)/evaluation-metrics.txt"
            if FileManager.default.fileExists(atPath: file) {
                return (file, "EMetrics.open(\"\(TerminalText.escaped(name))\") writes its records there, "
                        + "in $LOG_DIR/\(TerminalText.escaped(name))")
            }
        }
        return nil
    }

    /// What a failed command's last stderr line says of the set-up, for the usual first-run
    /// mistakes of a Python trial: it cannot import the emetrics writer (its own script,
    /// without the file beside it), it reads a hyperparameter under a name config.json does
    /// not hold (`KeyError: 'lr'`), or it opens by a relative name a file that is in the
    /// folder hporun was started in, not in the trial's directory.
    private static func commandHints(_ lastLine: String?, trial: TrialRecord?, directory: String) -> [String] {
        guard let lastLine else { return [] }
        if let trial, let name = missingFile(in: lastLine), !name.hasPrefix("/") {
            let here = FileManager.default.currentDirectoryPath
            let trialDirectory = "\(directory)/trials/\(trial.subid)"
            if FileManager.default.fileExists(atPath: "\(here)/\(name)"),
               !FileManager.default.fileExists(atPath: "\(trialDirectory)/\(name)") {
                return ["'\(name)' is in \(here), but each trial runs in its own directory (\(trialDirectory)): name the file "
                        + "in the command (a path that exists is made absolute), or open it by an absolute path"]
            }
        }
        if ["No module named 'emetrics'", "No module named 'hporun'"].contains(where: lastLine.contains) {
            return ["emetrics is hporun's Python metrics writer: pip install hporun's wheel, or copy "
                    + "Samples/quickstart/emetrics.py (cp follows the link) beside the training script"]
        }
        let prefix = "KeyError: '"
        if let trial, !trial.config.isEmpty, lastLine.hasPrefix(prefix), lastLine.hasSuffix("'") {
            let key = String(lastLine.dropFirst(prefix.count).dropLast())
            guard !key.isEmpty, trial.config[key] == nil else { return [] }
            return ["config.json has no '\(key)': it holds the manifest's hyperparameters, "
                    + trial.config.keys.sorted().map(TerminalText.escaped).joined(separator: ", ")
                    + " (read them by those names, or rename them in the manifest)"]
        }
        return []
    }

    /// The file a "No such file or directory" line names: Python's `...: 'data.csv'`, or a
    /// tool's `cat: data.csv: No such file or directory`.
    private static func missingFile(in line: String) -> String? {
        let marker = "No such file or directory"
        guard let found = line.range(of: marker) else { return nil }
        let after = line[found.upperBound...]
        if let open = after.firstIndex(of: "'"), let close = after.lastIndex(of: "'"), open < close {
            return String(after[after.index(after: open)..<close])
        }
        let before = line[..<found.lowerBound].split(separator: ":").map { $0.trimmingCharacters(in: .whitespaces) }
        return before.count >= 2 ? before[before.count - 2] : nil
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
            let reason = trial.failureKind ?? "unknown reason"  // a Slurm job's id taken out
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
