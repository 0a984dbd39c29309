import Foundation
import Synchronization

/// One trial from start to its final trial.json.
extension ExperimentRunner {
    /// Runs the trial, or with `handle` follows one that an earlier run started.
    func runTrial(_ pending: TrialRecord, attachingTo handle: TrialHandle? = nil) async throws -> TrialRecord {
        var record = pending
        let trialDirectory = directory.trialDirectory(record.subid)
        record.state = .running
        record.startedAt = record.startedAt ?? Date()

        let spec = launchSpec(record)
        let metricsFile = trialDirectory.appendingPathComponent("evaluation-metrics.txt").path
        // A followed trial's output from the resume on: what came before was shown, or lost, then.
        let logs = options.tee ? [spec.stdoutFile.path, spec.stderrFile.path].enumerated().map { index, path in
            (tail: LogTail(path: path, fromNow: handle != nil), isError: index == 1)
        } : []
        // Said once its output's starting point is set (a line written after this is shown).
        events(handle == nil ? .trialStarted(record) : .trialFollowed(record))
        let subid = pending.subid  // captured alone: a TrialRecord copied per line of --tee cost more than reading it
        // The trial's handle once it exists, for the pruner's stop.
        let launched = TrialHandleBox(handle)
        let pruner = pruner
        let earlyStopping = manifest.method.earlyStoppingRules
        let tailing = Task { [options, manifest, events, pruning] in
            await Self.tail(metricsFile, logs: logs, every: options.pollInterval, objective: manifest.method.objective,
                            watching: earlyStopping.metrics) { event in
                switch event {
                case .metric(let iteration, let value):
                    events(.objectiveReported(subid: subid, iteration: iteration, value: value))
                    if let pruner { self.judge(subid, iteration: iteration, value: value, pruner: pruner, handle: launched) }
                case .lines(let lines, let isError):
                    events(.output(subid: subid, lines: lines, isError: isError))
                case .restarted:
                    pruning.restart(subid)
                case .watched(let metric, let value):
                    if let rule = earlyStopping.rule(metBy: value, of: metric) {
                        Task { await self.stop(.earlyStopping(subid: subid, value: value, rule)) }
                    }
                }
            }
        }
        let exit: TrialExit
        if let handle {
            stopIfStopping(running.add(record.subid, handle), handle)
            exit = await launcher.attach(handle, spec: spec)
        } else {
            let startedRecord = record
            exit = await launcher.run(spec) { [directory, running] handle in
                launched.value = handle
                try? directory.recordLaunch(startedRecord.subid, handle)
                self.stopIfStopping(running.add(startedRecord.subid, handle), handle)
            }
            record.handle = launched.value
        }
        running.remove(record.subid)
        pruning.exited(record.subid)
        tailing.cancel()
        let tailed = await tailing.value

        // A followed trial that ended while no hporun ran ended when its launcher recorded it.
        // (Not after now: a file server's clock may be ahead of this machine's.)
        let now = Date()
        record.endedAt = (handle != nil ? launcher.recordedEnd(of: spec) : nil).map { min($0, now) } ?? now
        record.testHistory = tailed.history
        record.skippedMetricLines = tailed.skipped > 0 ? tailed.skipped : nil
        record.firstSkippedMetricLine = tailed.skipped > 0 ? tailed.firstSkipped : nil
        // Read off the actor: a large file must not hold up the runner (nor Ctrl-C).
        let valDictList = await Self.readValDictList(trialDirectory.appendingPathComponent(manifest.method.filename),
                                                     keeping: manifest.method.objective)
        let valDictHistory = (try? valDictList.get()) ?? nil
        if record.testHistory.isEmpty, let valDictHistory { record.testHistory = valDictHistory }
        var objective = ObjectiveRule(manifest.method).objective(emetrics: tailed.history, valDictList: valDictHistory,
                                                                 skippedLines: tailed.skipped,
                                                                 firstSkipped: tailed.firstSkipped)
        var refusal = tailed.refusal
        if case .failure(let why) = valDictList { refusal = refusal ?? why }
        if let refusal { objective = .failure(.unreadable(refusal)) }
        settle(&record, exit: exit, objective: objective, interrupted: isInterrupted)
        settlePruned(&record, exit: exit)
        try directory.save(record)
        pruning.finish(record, objective: manifest.method.objective)
        noteUnjudgeableCurve(record)
        if case .refused(let message) = exit { stop(.launcherRefused(message)) }
        return record
    }

    /// What the launcher gets to run the trial (or to follow it, for an earlier run's trial).
    nonisolated func launchSpec(_ record: TrialRecord) -> LaunchSpec {
        let trialDirectory = directory.trialDirectory(record.subid)
        return LaunchSpec(
            command: template.filled(with: trialConfig(record.point)), workingDirectory: trialDirectory,
            environment: trialEnvironment(record.subid, place: record.place), stdoutFile: trialDirectory.appendingPathComponent("stdout.log"),
            stderrFile: trialDirectory.appendingPathComponent("stderr.log"), timeout: options.trialTimeout,
            grace: options.grace)
    }

    /// A trial that started after the runner began stopping is stopped too.
    nonisolated func stopIfStopping(_ stoppingImmediately: Bool?, _ handle: TrialHandle) {
        guard let stoppingImmediately else { return }
        Task { [launcher, options] in await launcher.stop(handle, grace: stoppingImmediately ? nil : options.grace) }
    }

    /// The final state of a trial from how its process ended and what it reported.
    nonisolated func settle(_ record: inout TrialRecord, exit: TrialExit, objective: Result<Double, ObjectiveFailure>,
                            interrupted: Bool) {
        switch exit {
        case .exited(let code): record.exitCode = code
        case .signaled(let signal): record.signal = signal
        default: break
        }
        if case .exited(0) = exit, case .success(let value) = objective {
            record.state = .completed
            record.objective = value
            return
        }
        if case .refused(let message) = exit {
            record.state = .interrupted
            record.failureReason = "not run: \(message)"
            return
        }
        if interrupted {
            record.state = .interrupted
            record.failureReason = running.stoppedBecause ?? "interrupted: hporun was stopped while the trial ran"
            return
        }
        record.state = .failed
        switch (exit, objective) {
        case (.exited(0), .failure(let failure)): record.failureReason = failure.description
        case (.exited(let code), _): record.failureReason = "the command exited with status \(code)"
        case (.signaled(let signal), _): record.failureReason = "the command was killed by signal \(signal) (\(signalName(signal)))"
        case (.timedOut, _):
            let seconds = options.trialTimeout.map { "\($0.components.seconds)" } ?? "?"
            record.failureReason = "timed out after \(seconds) s (--trial-timeout); the trial was stopped"
        case (.launchFailed(let message), _), (.lost(let message), _), (.refused(let message), _):
            record.failureReason = message
        }
    }

    /// The protocol's variables (PROTOCOL.md section 2) over the runner's own environment, and
    /// hporun's own: the trial's slot, and with --gpus its GPUs (for CUDA and ROCm alike).
    nonisolated func trialEnvironment(_ subid: String, place: TrialSlots.Place?) -> [String: String] {
        var environment = baseEnvironment
        environment["SUBID"] = subid
        if let place {
            environment["HPORUN_SLOT"] = String(place.slot)
            if let devices = place.devices {
                environment["CUDA_VISIBLE_DEVICES"] = DeviceGroups.text(devices)
                environment["HIP_VISIBLE_DEVICES"] = DeviceGroups.text(devices)
            }
        }
        environment["LOG_DIR"] = directory.trialsDirectory.path
        environment["RESULT_DIR"] = directory.trialDirectory(subid).path
        environment["JOB_STATE_DIR"] = directory.url.path
        environment["TRAINING_ID"] = experiment.name
        // Python's output reaches stdout.log as it is written, in order with stderr.log
        // (LINUX.md item 11), unless the user chose otherwise.
        if environment["PYTHONUNBUFFERED"] == nil { environment["PYTHONUNBUFFERED"] = "1" }
        // Beyond WML's protocol: where the manifest is, so its `command` can name files kept
        // beside it (`python3 ${HPORUN_MANIFEST_DIR}/train.py`).
        environment["HPORUN_MANIFEST_DIR"] = URL(fileURLWithPath: experiment.manifestPath).deletingLastPathComponent().path
        return environment
    }

    enum TailEvent {
        case metric(iteration: Int, value: Double)
        /// Lines of the trial's stdout or stderr (`--tee`).
        case lines(OutputLines, isError: Bool)
        /// The emetrics file was read again from its start: its earlier values no longer count.
        case restarted
        /// A TEST value of an early-stopping rule's metric.
        case watched(metric: String, value: Double)
    }

    /// What the tail of a trial's emetrics found: its TEST history (of the file as it is at
    /// the end), the lines skipped, and why the file was not read, if it was not.
    struct Tailed: Sendable {
        var history: TestHistory
        var skipped: Int
        var firstSkipped: SkippedLine?
        var refusal: FileRefusal?
    }

    /// Reads the trial's emetrics (and with `--tee` its logs) as they grow, until
    /// cancelled, then once more to the end. Every read is bounded (`MetricsTail`, `LogTail`),
    /// so cancellation is seen promptly whatever the trial writes; a backlog is read on
    /// at once, without waiting for the next interval.
    static func tail(
        _ path: String, logs: [(tail: LogTail, isError: Bool)], every interval: Duration, objective: String,
        watching: [String] = [], report: @Sendable (TailEvent) -> Void
    ) async -> Tailed {
        var tail = MetricsTail(path: path)
        var logTails = logs.map { ($0.tail, $0.isError) }
        var history = TestHistory(keeping: objective)
        // A file read again from its start: what came from the old one no longer counts.
        func restarted() {
            history = TestHistory(keeping: objective)
            report(.restarted)
        }
        func take(_ record: MetricRecord) {
            history.add(record)
            if record.group == "test", let value = record.values[objective] {
                report(.metric(iteration: record.iteration, value: value))
            }
            if record.group == "test" {
                for metric in watching { if let value = record.values[metric] { report(.watched(metric: metric, value: value)) } }
            }
        }
        func drainLogs(final: Bool) -> Bool {
            var more = false
            for index in logTails.indices {
                let isError = logTails[index].1
                if logTails[index].0.poll(flush: final, { report(.lines($0, isError: isError)) }) { more = true }
            }
            return more
        }
        while !Task.isCancelled {
            let more = tail.poll(restarted: restarted, take)
            if drainLogs(final: false) || more {
                await Task.yield()
            } else {
                try? await Task.sleep(for: interval)
            }
        }
        tail.drain(restarted: restarted, take)
        _ = drainLogs(final: true)
        return Tailed(history: history, skipped: tail.skippedLines, firstSkipped: tail.firstSkipped, refusal: tail.refusal)
    }

    /// `val_dict_list.json`, read on the global executor.
    static func readValDictList(_ url: URL, keeping objective: String) async -> Result<TestHistory?, FileRefusal> {
        ValDictListReader.load(url, keeping: objective)
    }
}

func signalName(_ signal: Int32) -> String {
    switch signal {
    case SIGKILL: "SIGKILL"
    case SIGTERM: "SIGTERM"
    case SIGINT: "SIGINT"
    case SIGSEGV: "SIGSEGV"
    case SIGABRT: "SIGABRT"
    case SIGBUS: "SIGBUS"
    case SIGHUP: "SIGHUP"
    case SIGFPE: "SIGFPE"
    case SIGILL: "SIGILL"
    case SIGPIPE: "SIGPIPE"
    default: "signal \(signal)"
    }
}
