import Foundation
import HPOKit
import Synchronization

/// Shows a run as it goes. On a terminal: one line per finished trial and a progress line
/// kept at the bottom (done/total, running, failed, best so far, elapsed, ETA). Otherwise
/// (a log file, CI): one plain line per event.
final class ProgressRenderer: Sendable {
    private struct State {
        var done = 0
        var failed = 0
        var running: Set<String> = []
        var best: (subid: String, value: Double)?
        var latest: [String: Double] = [:]
        var startedAt = Date()
        var finishedThisRun = 0
    }

    private let setup: ExperimentSetupSummary
    private let interactive: Bool
    private let state = Mutex(State())

    init(setup: ExperimentSetup) {
        self.setup = ExperimentSetupSummary(setup)
        interactive = isatty(STDERR_FILENO) == 1
    }

    func begin() {
        emit("hporun: experiment '\(setup.name)' in \(setup.directory)")
        emit("hporun: \(setup.method), \(setup.budget) trials, \(setup.direction) '\(setup.objective)', up to \(setup.parallel) at once\(setup.slurm ? " as Slurm jobs" : "")")
        if !setup.ignoredKeys.isEmpty {
            emit("hporun: WML service keys accepted and ignored: \(setup.ignoredKeys.joined(separator: ", "))")
        }
    }

    func handle(_ event: RunEvent) {
        switch event {
        case .resumed(let completed, let failed, let interrupted, let attached):
            state.withLock { state in
                state.done = completed + failed
                state.failed = failed
            }
            let following = attached > 0 ? ", \(attached) Slurm job(s) of the earlier run followed, not resubmitted" : ""
            emit("resuming: \(completed) completed, \(failed) failed, \(interrupted) interrupted trial(s) to run again\(following)")
        case .trialStarted(let record):
            state.withLock { _ = $0.running.insert(record.subid) }
            if !interactive { emit("trial \(record.subid) started: \(describeConfig(record))") }
        case .objectiveReported(let subid, let iteration, let value):
            state.withLock { $0.latest[subid] = value }
            if !interactive { emit("trial \(subid) iteration \(iteration): \(setup.objective) = \(format(value))") }
        case .trialFinished(let record):
            state.withLock { state in
                state.running.remove(record.subid)
                state.latest[record.subid] = nil
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
            emit(describeFinished(record))
        case .output(let subid, let line, let isError):
            emit("[\(subid)\(isError ? " stderr" : "")] \(line)")
        case .stopping(let reason):
            emit("hporun: stopping: \(reason)")
        }
        if interactive { drawProgress() }
    }

    func finish(_ summary: RunSummary) {
        if interactive { StandardStreams.err("\r\u{1B}[K") }
        let completed = summary.completed.count
        emit("hporun: \(completed) completed, \(summary.failedCount) failed; \(summary.stopReason)")
        if let best = summary.best, let objective = best.objective {
            emit("best: trial \(best.subid), \(setup.objective) = \(format(objective))  \(describeConfig(best))")
            emit("      \(setup.directory)/trials/\(best.subid)")
        } else if case .launcherRefused = summary.stopReason {
            // The stop reason above already said what to fix; no trial ran.
        } else {
            emit("no trial completed: see the stderr.log of the trials in \(setup.directory)/trials")
        }
    }

    private func drawProgress() {
        let line = state.withLock { state -> String in
            let elapsed = Date().timeIntervalSince(state.startedAt)
            var parts = ["\(state.done)/\(setup.budget) done", "\(state.running.count) running", "\(state.failed) failed"]
            if let best = state.best { parts.append("best \(format(best.value)) (\(best.subid))") }
            parts.append("elapsed \(duration(elapsed))")
            if state.finishedThisRun > 0, state.done < setup.budget {
                // Wall time per finished trial already reflects trials running side by side.
                let perTrial = elapsed / Double(state.finishedThisRun)
                let remaining = Double(setup.budget - state.done) * perTrial
                parts.append("eta \(duration(remaining))")
            }
            return parts.joined(separator: "  ")
        }
        StandardStreams.err("\r\u{1B}[K\(line)")
    }

    private func emit(_ line: String) {
        if interactive {
            StandardStreams.err("\r\u{1B}[K")
        }
        StandardStreams.out((line + "\n"))
    }

    private func describeFinished(_ record: TrialRecord) -> String {
        let time = record.duration.map { " (\(duration($0)))" } ?? ""
        switch record.state {
        case .completed:
            return "trial \(record.subid) completed: \(setup.objective) = \(record.objective.map(format) ?? "?")\(time)"
        case .failed:
            return "trial \(record.subid) failed: \(record.failureReason ?? "unknown reason")\(time)"
        default:
            return "trial \(record.subid) \(record.state.rawValue)\(time)"
        }
    }

    private func describeConfig(_ record: TrialRecord) -> String {
        setup.parameterNames.compactMap { name in record.config[name].map { "\(name)=\($0.value)" } }
            .joined(separator: " ")
    }
}

/// The parts of the setup the renderer shows (Sendable copies).
struct ExperimentSetupSummary: Sendable {
    let name: String
    let directory: String
    let method: String
    let budget: Int
    let parallel: Int
    let slurm: Bool
    let objective: String
    let direction: String
    let parameterNames: [String]
    let ignoredKeys: [String]

    init(_ setup: ExperimentSetup) {
        name = setup.name
        directory = setup.directory.url.path
        method = setup.manifest.method.name.rawValue
        budget = setup.options.budget
        parallel = setup.options.parallel
        slurm = setup.launcherKind == .slurm
        objective = setup.manifest.method.objective
        direction = setup.manifest.method.direction.rawValue
        parameterNames = setup.manifest.hyperParameters.map(\.name)
        ignoredKeys = setup.manifest.ignoredKeys
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
