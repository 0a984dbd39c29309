import Foundation

/// The machine's processes as /proc shows them (Linux).
public enum ProcessTable {
    /// Processes (not zombies) whose process group is `pgid`.
    public static func processes(inGroup pgid: Int32) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { Int32($0) }.filter { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return false }
            // After the command's name: state, ppid, process group.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 2 && fields[0] != "Z" && Int32(fields[2]) == pgid
        }
    }

    /// Whether the environment the process was started with holds `entry` ("NAME=value").
    static func environment(of pid: Int32, contains entry: String) -> Bool {
        guard let environment = FileManager.default.contents(atPath: "/proc/\(pid)/environ") else { return false }
        let wanted = Array(entry.utf8)
        return environment.split(separator: 0).contains { $0.elementsEqual(wanted) }
    }
}
