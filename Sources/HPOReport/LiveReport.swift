import Foundation
import HPOKit
import Synchronization

/// Keeps `DIR/report.html` current during a run: fed the runner's events, it rewrites the
/// report off the runner's path, on its own queue, at most once every `interval` seconds
/// (longer when a write takes long: at most a fifth of the time), and once more at
/// the end. Writing it is best effort: a report that cannot be written never stops a run.
public final class LiveReport: Sendable {
    private struct State {
        var dirty = false
        var scheduled = false
        var lastWrite = Date.distantPast
        var lastCost: TimeInterval = 0
        var finished = false
    }

    public let directory: ExperimentDirectory
    public let interval: TimeInterval
    private let state = Mutex(State())
    private let queue = DispatchQueue(label: "hporun.live-report", qos: .utility)

    public init(directory: ExperimentDirectory, interval: TimeInterval = 3) {
        self.directory = directory
        self.interval = interval
    }

    /// Called from the runner's event callback: cheap (a flag and at most one scheduled write).
    public func handle(_ event: RunEvent) {
        switch event {
        case .trialStarted, .trialFollowed, .trialFinished, .stopping, .resumed, .retrying: break
        case .objectiveReported, .output, .notice: return
        }
        let delay: TimeInterval? = state.withLock { state in
            guard !state.finished else { return nil }
            state.dirty = true
            guard !state.scheduled else { return nil }
            state.scheduled = true
            let wait = max(interval, 5 * state.lastCost)
            return max(0, state.lastWrite.addingTimeInterval(wait).timeIntervalSinceNow)
        }
        if let delay {
            queue.asyncAfter(deadline: .now() + delay) { [self] in write(live: true) }
        }
    }

    /// The final write, once the run is over: waits for a write under way, then writes the
    /// report one last time if anything happened since.
    public func finish() {
        let dirty = state.withLock { state in
            state.finished = true
            return state.dirty || state.lastWrite != .distantPast
        }
        guard dirty else { return }
        queue.sync { write(live: false, final: true) }
    }

    private func write(live: Bool, final: Bool = false) {
        let go = state.withLock { state -> Bool in
            state.scheduled = false
            if state.finished, !final { return false }
            state.dirty = false
            return true
        }
        guard go else { return }
        let start = Date()
        _ = try? ExperimentReport.write(directory: directory, live: live)
        let cost = Date().timeIntervalSince(start)
        state.withLock { state in
            state.lastWrite = Date()
            state.lastCost = cost
        }
    }
}
