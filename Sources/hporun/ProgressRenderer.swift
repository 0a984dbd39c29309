import Foundation
import HPOKit
import Synchronization

/// Shows a run as it goes. On a terminal: one line per finished trial (with its
/// hyperparameters), and below them a live block redrawn in place at least once a second:
/// each running trial with its latest TEST value of the objective, the progress line
/// (done/total, running, failed, best so far, elapsed, ETA), and after Ctrl-C what is being
/// stopped and the grace left. Otherwise (a log file, CI): one plain line per event.
/// Every name, value and line from a trial is escaped (`TerminalText`).
///
/// Plain output is gathered in a buffer: a trial's `--tee` lines are written 64 KiB at a time
/// (or within a tenth of a second), any other line at once with what came before it, so a
/// trial printing 200 MB costs hporun a few times what `cat` takes, not a write per line.
final class ProgressRenderer: Sendable {
    let setup: ExperimentSetupSummary
    private let interactive: Bool
    let state = Mutex(LiveState())
    private let ticker = Mutex<Ticker?>(nil)
    /// Plain output waiting for stdout (not on a terminal).
    private let plain = Mutex(OutputBuffer())
    /// Set on a hangup (`hangUp`): nothing more goes to the terminal or a pipe.
    private let hungUp = Atomic(false)
    /// Whether stdout is a regular file (a log), which a hangup does not take away.
    private let logsToFile = RawOutput.isRegularFile(STDOUT_FILENO)

    init(setup: ExperimentSetup) {
        self.setup = ExperimentSetupSummary(setup)
        interactive = Self.canDrawLive()
    }

    /// A live block needs a terminal on stderr that nobody else writes to between two
    /// redraws: not when stdout goes into a pipe (`| tee log` writes the lines to the same
    /// terminal at its own pace), nor on a dumb terminal.
    private static func canDrawLive() -> Bool {
        guard isatty(STDERR_FILENO) == 1, ProcessInfo.processInfo.environment["TERM"] != "dumb" else { return false }
        var info = stat()
        guard fstat(STDOUT_FILENO, &info) == 0 else { return false }
        let type = info.st_mode & S_IFMT
        return type != S_IFIFO && type != S_IFSOCK
    }

    func begin() {
        emit("hporun: experiment '\(TerminalText.escaped(setup.name))' in \(TerminalText.escaped(setup.directory))")
        emit("hporun: \(setup.method), \(setup.budget) trials, \(setup.direction) '\(setup.objective)', up to \(setup.parallel) at once"
             + (setup.slurm ? " as Slurm jobs" : "") + (setup.devices.map { ", GPUs \($0)" } ?? ""))
        if !setup.ignoredKeys.isEmpty {
            emit("hporun: WML service keys accepted and ignored: \(setup.ignoredKeys.joined(separator: ", "))")
        }
        for caution in setup.cautions { emit("hporun: note: \(TerminalText.escaped(caution))") }
        // On a terminal the clock redraws the live block; otherwise it writes the trials'
        // held output lines, so that a quiet trial's last lines do not wait.
        let ticker = interactive ? Ticker(every: .milliseconds(250)) { [self] in redraw() }
            : Ticker(every: .milliseconds(100)) { [self] in
                guard !hungUp.load(ordering: .acquiring) else { return }
                plain.withLock { $0.write(to: STDOUT_FILENO) }
            }
        self.ticker.withLock { $0 = ticker }
    }

    /// Runs `body` (the run); if it throws, the live block is taken off the screen first, so
    /// the error is printed on a clean line and nothing is drawn over it.
    func showing<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            endLive()
            throw error
        }
    }

    func handle(_ event: RunEvent) {
        if case .output(let subid, let lines, let isError) = event {
            return output(lines, subid: subid, isError: isError)
        }
        let now = Date()
        switch event {
        case .resumed(let completed, let failed, let interrupted, let attached, let pruned, let followed):
            state.withLock { state in
                state.done = completed + failed + pruned
                state.failed = failed
            }
            var following = attached > 0 ? ", \(attached) Slurm job(s) of the earlier run followed, not resubmitted" : ""
            if followed > 0 {
                following += ", \(followed) trial(s) the earlier run left running followed to their end, not run again"
            }
            let prunedText = pruned > 0 ? ", \(pruned) pruned" : ""
            // Failed trials left as they are (no --retry-failed): after a fix, the flag is what is missing.
            let retry = failed > 0 ? " (the failed ones count against the budget: --retry-failed runs their points again)" : ""
            emit("resuming: \(completed) completed, \(failed) failed\(prunedText), \(interrupted) interrupted trial(s) to run again"
                 + following + retry)
        case .retrying(let subids):
            emit("retrying the points of \(subids.count) failed trial(s) (\(subids.joined(separator: ", ")) are kept, as superseded)")
        case .trialStarted(let record):
            let config = describeConfig(record)
            state.withLock {
                $0.running[record.subid] = LiveState.Trial(startedAt: record.startedAt ?? now, config: config,
                                                           devices: record.devices)
            }
            if interactive { redraw() } else { emit("trial \(record.subid) started\(onDevices(record)): \(config)") }
        case .trialFollowed(let record):
            // Started by an earlier run: its clock runs from then, and it is not said to start.
            let config = describeConfig(record)
            let startedAt = record.startedAt ?? now
            state.withLock {
                $0.running[record.subid] = LiveState.Trial(startedAt: startedAt, config: config, devices: record.devices,
                                                           followed: true)
            }
            if interactive {
                redraw()
            } else {
                emit("trial \(record.subid) followed (started by an earlier run \(duration(now.timeIntervalSince(startedAt))) ago)\(onDevices(record)): \(config)")
            }
        case .objectiveReported(let subid, let iteration, let value):
            state.withLock { state in
                state.running[subid]?.iteration = iteration
                state.running[subid]?.value = value
            }
            // On a terminal the ticker shows it within a quarter of a second.
            if !interactive { emit("trial \(subid) iteration \(iteration): \(setup.objective) = \(format(value))") }
        case .trialFinished(let record):
            state.withLock { state in
                state.running[record.subid] = nil
                if record.state.countsAsFinished {
                    state.done += 1
                    state.finishedThisRun += 1
                }
                if record.state == .failed { state.failed += 1 }
                if let objective = record.objective, record.state == .completed,
                   state.best.map({ setup.isBetter(objective, than: $0.value) }) ?? true {
                    state.best = (record.subid, objective)
                }
            }
            let finished = describeFinished(record)
            emit(interactive ? finished + "  " + describeConfig(record) : finished)
        case .notice(let message):
            emit("hporun: " + TerminalText.escaped(message))
        case .output:
            break  // above
        case .stopping(let reason):
            let running = state.withLock { state in
                state.stopping = LiveState.Stopping(reason: reason, since: now)
                return state.running.count
            }
            if !interactive { announceStop(reason, running: running) }
        }
    }

    /// A stop in plain output: said once, here when trials are still running (the wait that
    /// follows then has its reason), else in the summary.
    private func announceStop(_ reason: StopReason, running: Int) {
        guard running > 0 else { return }
        state.withLock { $0.reasonShown = true }
        if reason == .interrupted {
            emit("hporun: interrupted: stopping \(running) running trial(s): SIGTERM now, SIGKILL after "
                 + "\(duration(setup.graceSeconds)); interrupt again (Ctrl-C) to kill them at once")
        } else {
            // The count first: a reason may run over several lines (the same-failure stop's).
            emit("hporun: stopping, \(running) running trial(s) to end first: \(reason)")
        }
    }

    /// A second Ctrl-C (or SIGTERM): the running trials are killed at once.
    func interrupted(immediately: Bool) {
        guard immediately else { return }
        let running = state.withLock { state in
            state.killedAt = state.killedAt ?? Date()
            return state.running.count
        }
        if interactive { redraw() } else if running > 0 { emit("hporun: killing the \(running) running trial(s) now (SIGKILL)") }
    }

    func finish(_ summary: RunSummary) {
        endLive()
        let (reasonShown, finishedThisRun) = state.withLock { ($0.reasonShown, $0.finishedThisRun) }
        let completed = summary.completed.count
        let pruned = summary.trials.filter { $0.state == .pruned }.count
        emit("hporun: \(completed) completed, \(summary.failedCount) failed" + (pruned > 0 ? ", \(pruned) pruned" : "")
            + (reasonShown ? "" : "; \(summary.stopReason)"))
        if let best = summary.best, let objective = best.objective {
            emit("best: trial \(best.subid), \(setup.objective) = \(format(objective))  \(describeConfig(best))")
            emit("      \(setup.directory)/trials/\(best.subid)")
        }
        for line in ClosingHint(summary: summary, directory: setup.directory, objective: setup.objective).lines {
            emit(line)
        }
        if summary.stopReason == .budgetReached, finishedThisRun == 0 {
            // The same command run again on a finished experiment: how to get more trials.
            emit("nothing was left to run: raise num_optimizer_steps in the manifest to run more trials (the experiment "
                 + "resumes), or choose another --experiment-dir to start afresh")
        }
    }

    /// SIGHUP: the terminal is gone, or going. From now on nothing is written to it nor to a
    /// pipe (a hung-up terminal answers EIO, a pipe whose reader went with it EPIPE, and a
    /// reader that stopped reading would hold hporun): the clock stops and the live block
    /// is left as it is. Into a regular file (`hporun ... > run.log`), lines still go.
    func hangUp() {
        hungUp.store(true, ordering: .releasing)
        ticker.withLock { ticker in
            ticker?.cancel()
            ticker = nil
        }
        plain.withLock { buffer in
            if logsToFile { buffer.write(to: STDOUT_FILENO) } else { buffer.discard() }
        }
        state.withLock { state in
            state.held = ""
            state.ended = true
        }
    }

    /// The run leaves its trials running (a hangup): said in the log, if it goes to a file.
    func leftRunning(_ subids: [String]) {
        guard !subids.isEmpty else { return emit("hporun: hung up (SIGHUP); no trial was running") }
        emit("hporun: hung up (SIGHUP): \(subids.count) trial(s) left running unattended (\(subids.joined(separator: " "))); "
             + "run the same command again to follow them (hporun status \(TerminalText.shellWord(setup.directory)) shows them)")
    }

    /// Stops the clock and takes the live block off the screen (writes what is held).
    private func endLive() {
        ticker.withLock { ticker in
            ticker?.cancel()
            ticker = nil
        }
        if hungUp.load(ordering: .acquiring) { return }
        guard interactive else { return plain.withLock { $0.write(to: STDOUT_FILENO) } }
        state.withLock { state in
            Self.flush(&state)
            state.ended = true
        }
    }

    /// Redraws the live block if what it shows has changed (the clock included).
    private func redraw() {
        guard !hungUp.load(ordering: .acquiring) else { return }
        state.withLock { state in
            guard !state.ended else { return Self.flush(&state) }
            let size = TerminalBlock.size(of: STDERR_FILENO)
            let lines = liveLines(state, now: Date(), rows: size.rows).map(TerminalText.escaped)
            Self.flush(&state)
            if let bytes = state.block.redraw(lines, columns: size.columns) { RawOutput.write(bytes, to: STDERR_FILENO) }
        }
    }

    /// A line that stays. On a terminal it goes above the live block: the block is erased,
    /// the line written and the block drawn again.
    private func emit(_ line: String) {
        let text = TerminalText.escapedLines(line) + "\n"
        if hungUp.load(ordering: .acquiring) {
            if logsToFile { RawOutput.write(text, to: STDOUT_FILENO) }
            return
        }
        guard interactive else {
            plain.withLock { buffer in
                buffer.append(text)
                buffer.write(to: STDOUT_FILENO)
            }
            return
        }
        hold(text, now: true)
    }

    /// Text for above the live block. A trial's output waits for the next tick (a quarter of
    /// a second, or 64 KiB), so that a chatty trial costs one redraw per tick rather than one
    /// per line, and the block does not flicker.
    private func hold(_ text: String, now: Bool) {
        let now = state.withLock { state in
            state.held += text
            return now || state.ended || state.held.utf8.count >= 65536
        }
        if now { redraw() }
    }

    /// A batch of a trial's output lines (`--tee`), as bytes: a line of printable ASCII is
    /// copied as it is, any other escaped. Plain output: into the buffer, written whenever it
    /// is full, at the next tick or with the next other line. On a terminal: held for the tick.
    private func output(_ lines: OutputLines, subid: String, isError: Bool) {
        guard !hungUp.load(ordering: .acquiring) else { return }
        guard interactive else {
            return plain.withLock { $0.appendOutputLines(lines, subid: subid, isError: isError, writingTo: STDOUT_FILENO) }
        }
        var shown = OutputBuffer()
        shown.appendOutputLines(lines, subid: subid, isError: isError)
        hold(String(decoding: shown.bytes, as: UTF8.self), now: false)
    }

    /// Writes the lines held for the terminal above the block (erasing the block first).
    private static func flush(_ state: inout LiveState) {
        guard !state.held.isEmpty else { return }
        RawOutput.write(state.block.erase(), to: STDERR_FILENO)
        RawOutput.write(state.held, to: STDOUT_FILENO)
        state.held = ""
    }

    func describeFinished(_ record: TrialRecord) -> String {
        let time = record.duration.map { " (\(duration($0)))" } ?? ""
        switch record.state {
        case .completed:
            return "trial \(record.subid) completed: \(setup.objective) = \(record.objective.map(format) ?? "?")\(time)"
                + (record.skippedLinesNote(in: setup.directory).map { "; " + $0 } ?? "")
        case .failed:
            return "trial \(record.subid) failed: \(TerminalText.escaped(record.failureReason ?? "unknown reason"))\(time)"
        case .pruned:
            return "trial \(record.subid) \(TerminalText.escaped(record.failureReason ?? "pruned"))\(time)"
        default:
            return "trial \(record.subid) \(record.state.rawValue)\(time)"
        }
    }

    /// ` on GPU 1`, ` on GPUs 2,3`: where a trial runs, under --gpus (else nothing).
    func onDevices(_ record: TrialRecord) -> String {
        record.devices.map { " on " + DeviceGroups.label($0) } ?? ""
    }

    func describeConfig(_ record: TrialRecord) -> String {
        setup.parameterNames.compactMap { name in
            record.config[name].map { "\(TerminalText.escaped(name))=\(TerminalText.value($0.value))" }
        }.joined(separator: " ")
    }
}

/// The parts of the setup the renderer shows (Sendable copies).
struct ExperimentSetupSummary: Sendable {
    let name: String
    let directory: String
    let method: String
    let budget: Int
    let parallel: Int
    /// `0,1 | 2,3` under --gpus.
    let devices: String?
    let slurm: Bool
    let objective: String
    let direction: String
    let parameterNames: [String]
    let ignoredKeys: [String]
    let cautions: [String]
    let graceSeconds: Double

    init(_ setup: ExperimentSetup) {
        name = setup.name
        directory = setup.directory.url.path
        method = setup.manifest.method.name.rawValue
        budget = setup.options.budget
        parallel = setup.options.parallel
        devices = setup.options.devices?.description
        slurm = setup.launcherKind == .slurm
        objective = setup.manifest.method.objective
        direction = setup.manifest.method.direction.rawValue
        parameterNames = setup.manifest.hyperParameters.map(\.name)
        ignoredKeys = setup.manifest.ignoredKeys
        cautions = setup.manifest.cautions
        let grace = setup.options.grace.components
        graceSeconds = Double(grace.seconds) + Double(grace.attoseconds) / 1e18
    }

    func isBetter(_ value: Double, than other: Double) -> Bool {
        direction == "maximize" ? value > other : value < other
    }
}

/// A metric value for a person: up to 6 significant digits.
func format(_ value: Double) -> String {
    String(format: "%.6g", value)
}

/// `12.3s`, `4m05s`, `2h03m`.
func duration(_ seconds: TimeInterval) -> String {
    if seconds < 60 { return String(format: "%.1fs", seconds) }
    let whole = Int(seconds)
    if whole < 3600 { return String(format: "%dm%02ds", whole / 60, whole % 60) }
    return String(format: "%dh%02dm", whole / 3600, (whole % 3600) / 60)
}

/// A clock that ticks in whole seconds: `7s`, `4m05s`, `2h03m05s`.
func clock(_ seconds: TimeInterval) -> String {
    let whole = max(0, Int(seconds.rounded(.down)))
    if whole < 60 { return "\(whole)s" }
    if whole < 3600 { return String(format: "%dm%02ds", whole / 60, whole % 60) }
    return String(format: "%dh%02dm%02ds", whole / 3600, (whole % 3600) / 60, whole % 60)
}
