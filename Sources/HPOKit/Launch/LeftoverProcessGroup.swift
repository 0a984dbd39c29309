import Foundation

/// The process group of a trial that a runner which died left behind, as recorded in
/// launches.log. Before a resumed run kills it, it checks that the group still holds one
/// of the experiment's processes (one whose environment has the experiment's
/// JOB_STATE_DIR): after a reboot the same number can belong to anybody's processes.
struct LeftoverProcessGroup {
    let pgid: Int32
    let experimentDirectory: String

    /// Whether some living process of the group was started for this experiment.
    var belongsToExperiment: Bool {
        let marker = Array("JOB_STATE_DIR=\(experimentDirectory)".utf8)
        return members().contains { pid in
            guard let environment = FileManager.default.contents(atPath: "/proc/\(pid)/environ") else { return false }
            return environment.split(separator: 0).contains { $0.elementsEqual(marker) }
        }
    }

    /// Processes (not zombies) whose process group is `pgid`, from /proc.
    func members() -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { Int32($0) }.filter { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return false }
            // After the command's name: state, ppid, process group.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 2 && fields[0] != "Z" && Int32(fields[2]) == pgid
        }
    }
}
