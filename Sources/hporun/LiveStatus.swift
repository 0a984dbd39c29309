import Foundation
import HPOKit

/// What the progress renderer knows of a run as it goes.
struct LiveState {
    struct Trial {
        var startedAt: Date
        /// `name=value ...`, escaped.
        var config: String
        /// Its GPUs, under --gpus.
        var devices: [Int]?
        /// The latest TEST value of the objective and its iteration.
        var iteration: Int?
        var value: Double?
        /// Started by an earlier run, followed by this one.
        var followed = false
    }

    struct Stopping {
        var reason: StopReason
        var since: Date
    }

    var done = 0
    var failed = 0
    var running: [String: Trial] = [:]
    var best: (subid: String, value: Double)?
    var startedAt = Date()
    var finishedThisRun = 0
    var stopping: Stopping?
    /// When a second interrupt asked to kill the running trials at once.
    var killedAt: Date?
    /// Whether the stop reason has been printed (it is printed once).
    var reasonShown = false
    var block = TerminalBlock(descriptor: STDERR_FILENO)
    /// Lines for stdout waiting to be written above the block.
    var held = ""
    /// Set when the run is over: nothing is drawn any more.
    var ended = false
}

extension ProgressRenderer {
    /// The live block: a line per running trial (the first few when there are more than the
    /// terminal can hold, then one line naming the rest), the progress line, and while
    /// stopping, what is being stopped and the grace left.
    func liveLines(_ state: LiveState, now: Date, rows: Int) -> [String] {
        let trials = state.running.sorted { $0.key < $1.key }
        let stopping = stoppingLines(state, now: now)
        // The block never reaches the top of the screen (the cursor could not get back up
        // to its first line): room for the progress and stopping lines and the line the
        // cursor rests on, at most 10 trials.
        let room = max(0, min(10, rows - 2 - stopping.count))
        let shown = trials.count > room ? Array(trials.prefix(max(0, room - 1))) : trials
        let progress = shown.map { _, trial in
            trial.iteration.map { "iteration \($0)  \(TerminalText.escaped(setup.objective)) \(trial.value.map(format) ?? "?")" }
                ?? "no TEST \(TerminalText.escaped(setup.objective)) yet"
        }
        let clocks = shown.map { clock(now.timeIntervalSince($0.value.startedAt)) }
        let width = progress.map(\.count).max() ?? 0, clockWidth = clocks.map(\.count).max() ?? 0
        var lines = shown.indices.map { index in
            "  \(shown[index].key)  \(clocks[index].leftPadded(to: clockWidth))  "
                + "\(progress[index].padding(toLength: width, withPad: " ", startingAt: 0))  "
                + (shown[index].value.followed ? "(followed) " : "")
                + (shown[index].value.devices.map { DeviceGroups.label($0) + "  " } ?? "")
                + shown[index].value.config
        }
        if shown.count < trials.count, room > 0 {
            let rest = trials.dropFirst(shown.count).map(\.key)
            lines.append("  … \(rest.count) more running: \(rest.joined(separator: " "))")
        }
        lines.append(progressLine(state, now: now))
        lines += stopping
        return Array(lines.suffix(max(1, rows - 1)))
    }

    private func progressLine(_ state: LiveState, now: Date) -> String {
        let elapsed = now.timeIntervalSince(state.startedAt)
        let followed = state.running.values.filter(\.followed).count
        let running = "\(state.running.count) running" + (followed > 0 ? " (\(followed) followed)" : "")
        var parts = ["\(state.done)/\(setup.budget) done", running, "\(state.failed) failed"]
        parts.append("elapsed \(clock(elapsed))")
        if state.stopping == nil, state.finishedThisRun > 0, state.done < setup.budget {
            // Wall time per finished trial already reflects trials running side by side.
            let perTrial = elapsed / Double(state.finishedThisRun)
            parts.append("eta \(clock(Double(setup.budget - state.done) * perTrial))")
        }
        if let best = state.best { parts.append("best \(format(best.value)) (\(best.subid))") }
        return parts.joined(separator: "  ")
    }

    /// After Ctrl-C: what happens to the running trials, counting the grace period down
    /// (short lines, so that a narrow terminal still shows the countdown).
    private func stoppingLines(_ state: LiveState, now: Date) -> [String] {
        guard let stopping = state.stopping else { return [] }
        let count = state.running.count
        let trials = count == 1 ? "1 running trial" : "\(count) running trials"
        guard stopping.reason == .interrupted else {
            guard count > 0 else { return [] }
            let reason = stopping.reason.description.split(separator: "\n").first.map(String.init) ?? ""
            return ["no new trials: \(reason)", "waiting for \(trials) to finish"]
        }
        if count == 0 { return ["interrupted: stopping"] }
        if state.killedAt != nil { return ["interrupted again: killing \(trials) now (SIGKILL)"] }
        let left = setup.graceSeconds - now.timeIntervalSince(stopping.since)
        if left > 0 {
            return ["interrupted: stopping \(trials) (SIGTERM sent)",
                    "SIGKILL in \(Int(left.rounded(.up)))s; Ctrl-C again kills them now"]
        }
        return ["interrupted: SIGKILL sent; waiting for \(trials) to end"]
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
