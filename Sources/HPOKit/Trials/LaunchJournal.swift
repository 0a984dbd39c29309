import Foundation

/// `launches.log` in the experiment directory: one line appended per launched trial, its
/// SUBID and what stops or follows it (`0005 pid 12345`, `0005 slurm-job 77`), so that a
/// run resumed after hporun died can stop or follow a trial it left running. An append to
/// one file costs far less than rewriting trial.json (a new inode, and a deleted one, per
/// write on ext4), and it is done at every trial's start; the final trial.json carries the
/// same handle. Not flushed to disk: after a power cut there is nothing left to stop.
struct LaunchJournal: Sendable {
    let url: URL

    func append(_ subid: String, _ handle: TrialHandle) throws(TrialStoreError) {
        let line: String = switch handle {
        case .processGroup(let pgid): "\(subid) pid \(pgid)\n"
        case .slurmJob(let id): "\(subid) slurm-job \(id)\n"
        }
        let fd = open(url.path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .system(.write, url.path) }
        defer { close(fd) }
        // One write of a short line to an O_APPEND file: lines never interleave.
        let written = line.utf8CString.withUnsafeBufferPointer { write(fd, $0.baseAddress, $0.count - 1) }
        guard written == line.utf8.count else { throw .system(.write, url.path, code: written < 0 ? errno : ENOSPC) }
    }

    /// Every SUBID the journal names (whole lines only), whatever follows it.
    func subids() -> Set<String> {
        Set(wholeLines().compactMap { $0.split(separator: " ").first.map(String.init) })
    }

    /// The latest handle of each SUBID. Only whole lines count: a last line without its
    /// newline (cut short by a power cut) is skipped.
    func handles() -> [String: TrialHandle] {
        var handles: [String: TrialHandle] = [:]
        for line in wholeLines() {
            let fields = line.split(separator: " ")
            guard fields.count == 3 else { continue }
            switch fields[1] {
            case "pid": if let pgid = Int32(fields[2]) { handles[String(fields[0])] = .processGroup(pgid) }
            case "slurm-job": handles[String(fields[0])] = .slurmJob(String(fields[2]))
            default: continue
            }
        }
        return handles
    }

    private func wholeLines() -> [Substring] {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        lines.removeLast()  // what follows the last newline: empty, or a cut line
        return lines
    }
}
