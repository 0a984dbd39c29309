import Foundation
import Testing

@testable import HPOKit

/// What belongs to a trial: its group, the descendants of its members, and the processes
/// with its SUBID and JOB_STATE_DIR; never this process nor another trial's.
@Suite(.serialized) struct TrialProcessesTests {
    /// Starts `sh -c script` in a new process group with `environment`, without waiting.
    func start(_ script: String, environment: [String: String]) throws -> Int32 {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Only 0, 1 and 2: a descriptor another test has open for writing (a script it is
        // about to run) must not live on in a child, or that script's exec fails (ETXTBSY).
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        closeFrom3(&actions)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETPGROUP))
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/sh"), strdup("-c"), strdup(script), nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [strdup("PATH=/usr/bin:/bin"), nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        try #require(posix_spawn(&pid, "/bin/sh", &actions, &attributes, argv, envp) == 0)
        return pid
    }

    func reap(_ pid: Int32) {
        var status: Int32 = 0
        waitpid(pid, &status, 0)
    }

    func poll(_ condition: () -> Bool) -> Bool {
        for _ in 0..<500 where !condition() { usleep(20_000) }
        return condition()
    }

    @Test(.timeLimit(.minutes(1))) func findsTheGroupItsEscapeesAndNothingElse() async throws {
        let experiment = "/tmp/trial-processes-\(UUID().uuidString)"
        // A setsid child (leaves the group, still a descendant) and a process with the SUBID
        // that is no descendant (as an orphan is, once re-parented).
        let leader = try start("setsid sleep 301 & sleep 300", environment: ["JOB_STATE_DIR": experiment, "SUBID": "0001"])
        let stranger = try start("sleep 302", environment: ["JOB_STATE_DIR": experiment, "SUBID": "0001"])
        let other = try start("sleep 303", environment: ["JOB_STATE_DIR": experiment, "SUBID": "0002"])
        defer { for pid in [leader, stranger, other] { kill(-pid, SIGKILL); reap(pid) } }
        let identity = TrialIdentity(environment: ["JOB_STATE_DIR": experiment, "SUBID": "0001"])
        let trial = TrialProcesses(group: leader, identity: identity)
        var escapee: Int32?
        #expect(poll {
            escapee = ProcessTable.pids().first { pid in
                ProcessTable.environment(of: pid, contains: "JOB_STATE_DIR=\(experiment)")
                    && (FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") ?? Data()) == Data("sleep\u{0}301\u{0}".utf8)
            }
            return escapee != nil
        })
        let setsidChild = try #require(escapee)
        #expect(ProcessTable.entry(setsidChild)?.group != leader, "it left the group")
        #expect(trial.members().isSuperset(of: [leader, setsidChild, stranger]) && !trial.members().contains(other))
        let byDescent = TrialProcesses(group: leader, identity: nil).members()
        #expect(byDescent.isSuperset(of: [leader, setsidChild]) && !byDescent.contains(stranger), "without the SUBID")
        let sweep = TrialProcesses(experimentDirectory: experiment, sparing: ["0002"])
        #expect(sweep.members().contains(stranger) && !sweep.members().contains(other))

        await trial.stop(grace: .seconds(5))
        #expect(trial.members().isEmpty)
        #expect(ProcessTable.entry(other)?.isAlive == true, "another trial's process lives")
    }
}

/// posix_spawn_file_actions_addclosefrom_np(actions, 3) (glibc 2.34), which Swift's Glibc
/// module does not show: found by name.
private func closeFrom3(_ actions: inout posix_spawn_file_actions_t) {
    typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else { return }
    _ = unsafeBitCast(symbol, to: AddCloseFrom.self)(&actions, 3)
}
