import Foundation

/// Everything a trial started, wherever it went: its process group, every descendant of
/// its members (a child that called setsid or setpgid is still a child), and every process
/// that carries the trial's protocol variables (`JOB_STATE_DIR` and `SUBID` in the
/// environment it was started with), which finds the orphans too, once their parent has
/// exited. With `subid` nil, every trial of the experiment (what a resumed run sweeps),
/// except the SUBIDs in `sparing` (trials being followed, such as Slurm jobs).
///
/// Limits: a process that clears its environment (`env -i`) and is orphaned, or one the
/// user's own tools move out of reach (a new user, a container), is not found.
struct TrialProcesses {
    var group: Int32?
    var experimentDirectory: String?
    var subid: String?
    var sparing: Set<String> = []

    /// The trial of a process group, known by its protocol variables when `identity` is set.
    init(group: Int32?, identity: TrialIdentity?) {
        self.group = group
        experimentDirectory = identity?.experimentDirectory
        subid = identity?.subid
    }

    /// Every trial of the experiment in `experimentDirectory`, except those in `sparing`.
    init(experimentDirectory: String, sparing: Set<String>) {
        self.experimentDirectory = experimentDirectory
        self.sparing = sparing
    }

    /// The living processes that belong to the trial now. This process and its ancestors
    /// never do (hporun may itself run inside something that set JOB_STATE_DIR).
    func members() -> Set<Int32> { Set(memberEntries().keys) }

    /// The members with their /proc entries.
    func memberEntries() -> [Int32: ProcessTable.Entry] {
        let table = ProcessTable.snapshot()
        var members = Set<Int32>()
        for entry in table.values where entry.isAlive {
            if let group, entry.group == group || entry.pid == group {
                members.insert(entry.pid)
            } else if carriesIdentity(entry.pid) {
                members.insert(entry.pid)
            }
        }
        var children: [Int32: [Int32]] = [:]
        for entry in table.values where entry.isAlive { children[entry.parent, default: []].append(entry.pid) }
        var stack = Array(members)
        while let pid = stack.popLast() {
            for child in children[pid] ?? [] where members.insert(child).inserted { stack.append(child) }
        }
        let excluded = ProcessTable.selfAndAncestors()
        return table.filter { members.contains($0.key) && !excluded.contains($0.key) }
    }

    private func carriesIdentity(_ pid: Int32) -> Bool {
        guard let experimentDirectory else { return false }
        guard let environment = ProcessTable.environment(of: pid, keys: ["JOB_STATE_DIR", "SUBID"]),
              environment["JOB_STATE_DIR"] == experimentDirectory,
              let found = environment["SUBID"] else { return false }
        if let subid { return found == subid }
        return !sparing.contains(found)
    }

    /// SIGTERM to all of it, then (after `grace`, at once when nil, or when the waiting task
    /// is cancelled) SIGKILL to whatever is left, until nothing is.
    func stop(grace: Duration?) async {
        if let grace {
            var warned = Set<Int32>()
            let deadline = ContinuousClock.now + grace
            if let group { kill(-group, SIGTERM) }
            while true {
                let living = memberEntries()
                if living.isEmpty { return }
                // One SIGTERM each: to the group at once, to the others (and to processes
                // forked meanwhile) as they are found.
                for (pid, entry) in living where entry.group != group && !warned.contains(pid) {
                    kill(pid, SIGTERM)
                }
                warned.formUnion(living.keys)
                guard ContinuousClock.now < deadline, !Task.isCancelled else { break }
                try? await Task.sleep(for: .milliseconds(100))
            }
        }
        killAll()
    }

    /// SIGKILL to all of it, again until a fresh look finds nothing (a process may fork
    /// between the look and the signal); bounded, so a fork bomb cannot hold hporun.
    func killAll() {
        for _ in 0..<50 {
            if let group { kill(-group, SIGKILL) }
            let living = members()
            if living.isEmpty { return }
            for pid in living { kill(pid, SIGKILL) }
            usleep(2_000)
        }
    }
}

/// Who a trial is, as its processes' environments say (PROTOCOL.md section 2).
struct TrialIdentity: Sendable, Hashable {
    var experimentDirectory: String
    var subid: String

    init?(environment: [String: String]) {
        guard let directory = environment["JOB_STATE_DIR"], let subid = environment["SUBID"] else { return nil }
        experimentDirectory = directory
        self.subid = subid
    }
}
