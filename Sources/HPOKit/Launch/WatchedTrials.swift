import Foundation
import Synchronization

/// The local trials that run under a `TrialWatcher`, by their process group (the watcher's
/// pid): the ones this process launched and the ones it follows for an earlier run. Their
/// directories tell `LocalLauncher.stop` where to record that hporun is stopping them
/// (`TrialStopFile`); their identities find what a followed trial left outside its group.
final class WatchedTrials: Sendable {
    static let shared = WatchedTrials()

    struct Trial: Sendable {
        var directory: URL
        var identity: TrialIdentity?
    }

    private let trials = Mutex<[Int32: Trial]>([:])

    func add(_ group: Int32, _ trial: Trial) {
        trials.withLock { $0[group] = trial }
    }

    func remove(_ group: Int32) {
        _ = trials.withLock { $0.removeValue(forKey: group) }
    }

    func trial(ofGroup group: Int32) -> Trial? {
        trials.withLock { $0[group] }
    }
}
