import ArgumentParser
import Foundation
import HPOKit

extension HPORun {
    /// `hporun status DIR`: a table of the trials, best first.
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the trials of an experiment: SUBID, state, objective, duration, hyperparameters.",
            discussion: """
                A local trial whose hporun ended without it (killed, or hung up) but whose command still \
                runs reads 'running (unattended)'; one shown as 'running?' was running when its hporun ended \
                and nothing shows it still does (a Slurm job, or its machine went down): no hporun holds the \
                experiment now, and its duration stops at the trial's last sign of life (the newest file in \
                its directory). \
                Running the same hporun command again resumes the experiment: it follows a trial still \
                running to its end, collects one that ended, and runs the point of one it cannot account \
                for again. After a hangup (SIGHUP) status says when, which trials were left running \
                unattended, and the command that follows them; such a local trial reads \
                'running (hporun hung up at 14:03)' while its command runs, and 'ended (exited 0 at 14:20; \
                collected on the next run)' once its watcher has recorded how it ended. A FROM column says where each trial's point came from when any came from \
                elsewhere than the optimizer (default, start N for the manifest's starting_points, \
                enqueued). Below the table, each failed trial's reason (with the last line of its \
                stderr.log when its command failed) and each pruned trial's; the warm-start experiments and the configurations waiting in the queue are \
                listed below the table. String values with spaces or quotes are shown quoted, and control \
                characters in names and values are shown escaped (\\e, \\u{202E}).
                """)

        @Argument(help: "The experiment directory (e.g. hpo-runs/exp1).")
        var directory: String

        @Flag(help: "Order by SUBID instead of best first.")
        var bySubid = false

        func run() async throws {
            let experimentDirectory = ExperimentDirectory(URL(fileURLWithPath: directory))
            // The lock is looked at before and after the trials are read: a trial is called
            // abandoned only when no runner held the experiment at either moment (one may
            // start, or end, while they are read).
            let heldBefore = ExperimentLock.isHeld(directory: experimentDirectory.url)
            let export = try await reportingErrors { try ExperimentExport(directory: experimentDirectory) }
            let live = heldBefore || ExperimentLock.isHeld(directory: experimentDirectory.url)
            let method = export.experiment.method
            let unfinished = export.trials.filter { !$0.state.isFinal }
            var header = "experiment \(TerminalText.escaped(export.experiment.name)): \(method.name), \(method.direction) "
                + "\(TerminalText.escaped(method.objective)), "
                + "\(export.trials.filter { $0.state.countsAsFinished }.count)/\(method.numOptimizerSteps) finished"
            if live {
                let pid = ExperimentLock.holderPID(directory: experimentDirectory.url).map { " (pid \($0))" } ?? ""
                header += "; hporun\(pid) is running it"
            }
            print(header)
            // Trials run as Slurm jobs show their job id, the key to Slurm's own view of them.
            let slurm = export.trials.contains { $0.slurmJobID != nil }
            // Where each trial's point came from, once any came from elsewhere than the optimizer.
            let origins = export.trials.contains { ($0.origin ?? .optimizer) != .optimizer }
            // Trials run with --gpus show theirs: which trial held (or holds) which GPU.
            let gpus = export.hasDevices
            let header2 = ["SUBID", "STATE", method.objective.uppercased(), "DURATION"] + (slurm ? ["JOB"] : [])
                + (gpus ? ["GPUS"] : [])
                + (origins ? ["FROM"] : []) + export.parameterNames
            let hangUp = live ? nil : experimentDirectory.loadHangUp()
            let rows = (bySubid ? export.trials : export.ranked).map { trial in
                let (state, time) = Self.stateAndDuration(trial, live: live, hangUp: hangUp, in: experimentDirectory)
                return [trial.subid, state, trial.objective.map(format) ?? "-", time.map(duration) ?? "-"]
                    + (slurm ? [trial.slurmJobID ?? "-"] : [])
                    + (gpus ? [trial.devices.map(DeviceGroups.text) ?? "-"] : [])
                    + (origins ? [(trial.origin ?? .optimizer).label(startingPoint: trial.startingPoint)] : [])
                    + export.parameterNames.map { trial.config[$0].map { TerminalText.value($0.value) } ?? "-" }
            }
            print(TextTable(header: header2.map(TerminalText.escaped), rows: rows.map { $0.map(TerminalText.escaped) }).render())
            for trial in export.trials where trial.state == .failed {
                // A command that failed: what it said last, as the end of a run shows it.
                let stderr = experimentDirectory.trialDirectory(trial.subid).appendingPathComponent("stderr.log").path
                // So does a Slurm job that ended without its exit status: Slurm's own line.
                let lostJob = trial.slurmJobID != nil && trial.exitCode == nil && trial.signal == nil
                let said = (trial.exitCode ?? 0) != 0 || trial.signal != nil || lostJob
                    ? ClosingHint.lastLine(of: stderr).map { "; stderr.log ends: \($0)" } ?? "" : ""
                print("  \(trial.subid) failed: \(TerminalText.escaped(trial.failureReason ?? "unknown"))\(said)")
            }
            for trial in export.trials {
                if let note = trial.skippedLinesNote(in: experimentDirectory.url.path) {
                    print("  \(trial.subid) completed, but \(note)")
                }
            }
            for trial in export.trials where trial.state == .pruned {
                print("  \(trial.subid) \(TerminalText.escaped(trial.failureReason ?? "pruned"))")
            }
            for source in export.experiment.warmStarts ?? [] {
                print(TerminalText.escaped(source.summary) + "; not counted in the budget, never the best")
            }
            Self.showQueue(ExperimentQueue(experiment: experimentDirectory), live: live)
            if let hangUp {
                print(Self.describe(hangUp))
            } else if !live, !unfinished.isEmpty {
                print("(no hporun holds this experiment; run the same command again to resume it)")
            }
        }

        /// The configurations `hporun enqueue` queued that no trial has taken yet, and those set aside.
        static func showQueue(_ queue: ExperimentQueue, live: Bool) {
            let waiting = queue.entries()
            if !waiting.isEmpty {
                print("queue: \(waiting.count) enqueued configuration\(waiting.count == 1 ? "" : "s") waiting in "
                      + TerminalText.escaped(queue.url.path)
                      + (live ? " (taken before the optimizer's next proposal)" : " (run first when the experiment is run again)"))
            }
            for (name, reason) in queue.rejected() {
                print("queue: \(TerminalText.escaped(name)) was not run: \(TerminalText.escaped(reason))")
            }
        }

        /// A run hung up (SIGHUP) that left its trials running on purpose: when, which, and
        /// the command that follows them.
        static func describe(_ hangUp: HangUpRecord) -> String {
            let formatter = DateFormatter()
            formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
            let trials = hangUp.trials.joined(separator: " ")
            let command = hangUp.command.isEmpty ? "" : "\n  cd \(TerminalText.shellWord(hangUp.folder)) && "
                + hangUp.command.map(TerminalText.shellWord).joined(separator: " ")
            return TerminalText.escapedLines(
                "hporun (pid \(hangUp.pid)) was hung up (SIGHUP) at \(formatter.string(from: hangUp.hungUpAt)) and left "
                    + "\(hangUp.trials.count == 1 ? "trial" : "trials") \(trials) running unattended: they go on by themselves, "
                    + "and running the same command again follows them to their end (those that ended meanwhile are "
                    + "collected, not run again):" + command)
        }

        /// A trial's STATE cell and duration. An unfinished trial that no hporun holds is
        /// `running?` (its duration stops at its last sign of life), unless what became of it
        /// can be known. Its watcher runs: `running (hporun hung up at 14:03)` when a hung-up run
        /// left it on purpose, `running (unattended)` when its run was killed, its clock going
        /// on. It recorded how the command ended: `ended (exited 0 at 14:20; collected on the
        /// next run)`.
        static func stateAndDuration(_ trial: TrialRecord, live: Bool, hangUp: HangUpRecord?,
                                     in directory: ExperimentDirectory, now: Date = Date()) -> (String, TimeInterval?) {
            guard !live, !trial.state.isFinal else { return (trial.state.rawValue, trial.duration) }
            let stale = (trial.state.rawValue + "?", staleDuration(trial, in: directory))
            let hungUp = hangUp.flatMap { $0.trials.contains(trial.subid) ? $0.hungUpAt : nil }
            switch UnattendedTrial.look(at: trial, in: directory) {
            case .running:
                // Left on purpose by a hangup, or by a run that was killed (its watcher outlives it).
                return ("running (" + (hungUp.map { "hporun hung up at \(clockTime($0, now: now))" } ?? "unattended") + ")",
                        trial.startedAt.map { now.timeIntervalSince($0) })
            case .ended(let how, let at):
                return ("ended (\(how)\(at.map { " at " + clockTime($0, now: now) } ?? ""); collected on the next run)",
                        stale.1)
            case .unknown:
                guard let hungUp, trial.slurmJobID != nil else { return stale }
                return ("running? (hporun hung up at \(clockTime(hungUp, now: now)); Slurm has its state)", stale.1)
            }
        }

        /// `14:03` today, `2026-11-22 14:03` another day (local time).
        static func clockTime(_ date: Date, now: Date) -> String {
            let formatter = DateFormatter()
            formatter.dateFormat = Calendar.current.isDate(date, inSameDayAs: now) ? "HH:mm" : "yyyy-MM-dd HH:mm"
            return formatter.string(from: date)
        }

        /// How long a trial whose hporun is gone ran: from its start to its last sign of life,
        /// the newest modification time in its directory (the clock does not run on).
        static func staleDuration(_ trial: TrialRecord, in directory: ExperimentDirectory) -> TimeInterval? {
            guard let startedAt = trial.startedAt else { return nil }
            let folder = directory.trialDirectory(trial.subid)
            let dates = [FileTimes.modified(folder), FileTimes.newestEntry(in: folder)].compactMap { $0 }
            let last = max(dates.max() ?? startedAt, trial.endedAt ?? startedAt, startedAt)
            return last.timeIntervalSince(startedAt)
        }
    }
}

/// Columns padded to their widest cell (in terminal columns).
struct TextTable {
    var header: [String]
    var rows: [[String]]

    func render() -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in
            all.map { $0.indices.contains(column) ? TerminalText.columns($0[column]) : 0 }.max() ?? 0
        }
        return all.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell + String(repeating: " ", count: max(0, widths[index] - TerminalText.columns(cell)))
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
