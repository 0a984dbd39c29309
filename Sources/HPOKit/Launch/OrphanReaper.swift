import Foundation
import Synchronization

/// hporun as the reaper of its trials' orphans. With `PR_SET_CHILD_SUBREAPER` a process
/// whose parent exits is re-parented to hporun rather than to init, so every process a
/// trial started (a `setsid` child, a double-forked daemon) stays a descendant of hporun
/// while hporun lives, and `TrialProcesses` finds it by its environment.
///
/// The zombies of those orphans are then hporun's to reap. swift-subprocess waits for each
/// trial's leader through its pidfd, so the leader's exit status must never be taken from
/// it: only children that are zombies, that are not a trial's leader, and seen while no
/// trial is being spawned (a leader not yet registered) are reaped, each by its own pid.
///
/// Any other child spawned while adopting must go through `spawning`/`spawned`/`collected`
/// too, or its exit status may be taken. The registry of leaders also tells
/// `LocalLauncher.stop` which trial a process group is.
final class OrphanReaper: Sendable {
    static let shared = OrphanReaper()

    private struct State {
        var adopting = false
        var spawning = 0
        var leaders: [Int32: TrialIdentity?] = [:]
    }

    private let state = Mutex(State())

    /// Makes this process the reaper of its descendants' orphans (Linux 3.4+) and reaps
    /// them from then on; idempotent. Only hporun's runner calls it: in a process whose
    /// other children are waited for by someone else (a test runner), nothing is reaped.
    func adoptOrphans() {
        let first = state.withLock { state in
            defer { state.adopting = true }
            return !state.adopting
        }
        guard first else { return }
        _ = Self.setChildSubreaper()
        Task.detached(priority: .background) {
            while true {
                try? await Task.sleep(for: .seconds(1))
                OrphanReaper.shared.reap()
            }
        }
    }

    /// A trial is about to be spawned: no reaping until it is registered (or failed).
    func spawning() {
        state.withLock { $0.spawning += 1 }
    }

    /// The trial's leader exists (its pid is its process group).
    func spawned(_ leader: Int32, _ identity: TrialIdentity?) {
        state.withLock { state in
            state.leaders[leader] = identity
            state.spawning -= 1
        }
    }

    /// The spawn failed: no leader to register.
    func spawnFailed() {
        state.withLock { $0.spawning -= 1 }
    }

    /// swift-subprocess has collected the leader's exit status.
    func collected(_ leader: Int32) {
        _ = state.withLock { $0.leaders.removeValue(forKey: leader) }
        reap()
    }

    /// Which trial a running leader's process group is, if it is one of this process's.
    func identity(ofLeader leader: Int32) -> TrialIdentity? {
        state.withLock { $0.leaders[leader] ?? nil }
    }

    /// Whether some process that is not a trial's leader may hold what a trial left behind.
    /// When adopting, everything a trial started and that still lives is a descendant of
    /// this process through a child that is not a leader (an orphan is re-parented here):
    /// with no such child, nothing escaped, and /proc need not be searched. Without
    /// adopting, nothing can be ruled out.
    func mayHoldEscapees() -> Bool {
        state.withLock { state in
            guard state.adopting else { return true }
            return ProcessTable.childrenOfSelf().contains { child in
                state.leaders[child] == nil && ProcessTable.entry(child)?.isAlive == true
            }
        }
    }

    /// Reaps the zombie orphans now (a no-op unless adopting).
    func reap() {
        state.withLock { state in
            guard state.adopting, state.spawning == 0 else { return }
            for child in ProcessTable.childrenOfSelf() where state.leaders[child] == nil {
                guard ProcessTable.entry(child)?.state == "Z" else { continue }
                var status: Int32 = 0
                _ = waitpid(child, &status, WNOHANG)
            }
        }
    }

    /// prctl(PR_SET_CHILD_SUBREAPER, 1). prctl is variadic in C, which Swift does not
    /// import, so it is called through a fixed-arity pointer (integer arguments are passed
    /// alike on Linux's x86-64 and arm64 ABIs).
    private static func setChildSubreaper() -> Bool {
        #if os(Linux)
            typealias Prctl = @convention(c) (Int32, UInt, UInt, UInt, UInt) -> Int32
            guard let symbol = dlsym(nil, "prctl") else { return false }  // RTLD_DEFAULT
            let prctl = unsafeBitCast(symbol, to: Prctl.self)
            let setChildSubreaper: Int32 = 36  // PR_SET_CHILD_SUBREAPER, <linux/prctl.h>
            return prctl(setChildSubreaper, 1, 0, 0, 0) == 0
        #else
            return false
        #endif
    }
}
