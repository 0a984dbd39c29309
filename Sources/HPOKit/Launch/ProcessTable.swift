import Foundation

/// The machine's processes as /proc shows them (Linux).
public enum ProcessTable {
    /// One line of /proc/PID/stat.
    public struct Entry: Sendable, Equatable {
        public var pid: Int32
        public var parent: Int32
        public var group: Int32
        /// R, S, D, T, Z, X, ...: a zombie (Z) or dead (X) process runs nothing any more.
        public var state: Character

        public var isAlive: Bool { state != "Z" && state != "X" }
    }

    /// Every process now, by pid (those that vanish while being read are left out).
    public static func snapshot() -> [Int32: Entry] {
        var entries: [Int32: Entry] = [:]
        for pid in pids() {
            if let entry = entry(pid) { entries[pid] = entry }
        }
        return entries
    }

    /// Processes (not zombies) whose process group is `pgid`.
    public static func processes(inGroup pgid: Int32) -> [Int32] {
        pids().filter { pid in entry(pid).map { $0.isAlive && $0.group == pgid } ?? false }
    }

    /// The process's /proc/PID/stat, or nil once it is gone.
    public static func entry(_ pid: Int32) -> Entry? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        // After the command's name (which may hold spaces and parentheses): state, ppid, pgrp.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 2, let state = fields[0].first, let parent = Int32(fields[1]),
              let group = Int32(fields[2]) else { return nil }
        return Entry(pid: pid, parent: parent, group: group, state: state)
    }

    /// How long ago the process started (/proc/PID/stat's start time against the uptime),
    /// nil once it is gone.
    static func age(of pid: Int32) -> Duration? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")"),
              let uptime = try? String(contentsOfFile: "/proc/uptime", encoding: .utf8),
              let seconds = uptime.split(separator: " ").first.flatMap({ Double($0) }) else { return nil }
        // Field 22 of the line, the 20th after the command's name: clock ticks since boot.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 19, let ticks = Double(fields[19]) else { return nil }
        let age = seconds - ticks / Double(sysconf(Int32(_SC_CLK_TCK)))
        return .milliseconds(Int64(max(0, age) * 1000))
    }

    /// The process's argv[0], nil once it is gone (or a zombie, whose command line is empty).
    static func programName(of pid: Int32) -> String? {
        guard let commandLine = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline"),
              let first = commandLine.split(separator: 0, omittingEmptySubsequences: false).first,
              !commandLine.isEmpty else { return nil }
        return String(decoding: first, as: UTF8.self)
    }

    /// The pids that /proc lists.
    static func pids() -> [Int32] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { Int32($0) }
    }

    /// This process's children, from /proc/self/task/*/children (each thread has its own
    /// list; a reparented orphan joins one of them).
    static func childrenOfSelf() -> [Int32] {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        return tasks.flatMap { task -> [Int32] in
            let file = "/proc/self/task/\(task)/children"
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return [] }
            return text.split(whereSeparator: \.isWhitespace).compactMap { Int32($0) }
        }
    }

    /// Whether the environment the process was started with holds `entry` ("NAME=value").
    /// Only the caller's own processes can be read (others answer false).
    static func environment(of pid: Int32, contains entry: String) -> Bool {
        guard let equals = entry.firstIndex(of: "=") else { return false }
        let name = String(entry[..<equals])
        return environment(of: pid, keys: [name])?[name] == String(entry[entry.index(after: equals)...])
    }

    /// The values of `keys` in the environment the process was started with, or nil when it
    /// cannot be read (gone, a zombie, or another user's).
    static func environment(of pid: Int32, keys: Set<String>) -> [String: String]? {
        guard let environment = FileManager.default.contents(atPath: "/proc/\(pid)/environ"), !environment.isEmpty
        else { return nil }
        var found: [String: String] = [:]
        for variable in environment.split(separator: 0) {
            guard let equals = variable.firstIndex(of: UInt8(ascii: "=")) else { continue }
            let name = String(decoding: variable[variable.startIndex..<equals], as: UTF8.self)
            if keys.contains(name) {
                found[name] = String(decoding: variable[variable.index(after: equals)...], as: UTF8.self)
            }
        }
        return found
    }

    /// This process and its ancestors, which a sweep must never signal.
    static func selfAndAncestors() -> Set<Int32> {
        var chain: Set<Int32> = [getpid()]
        var pid = getppid()
        while pid > 1, chain.insert(pid).inserted, let entry = entry(pid) { pid = entry.parent }
        return chain
    }
}
