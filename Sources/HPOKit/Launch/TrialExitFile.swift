import Foundation

/// `hporun-exit-status` in a local trial's directory: how the trial's command ended, written
/// by its `TrialWatcher` (temp file, then rename: a reader never sees half of it), so that a
/// run resumed after hporun died learns it although it is not the command's parent. A line
/// `exited 3`, `signaled 9`, or `unstarted <why>` (the program could not be started), then
/// `watcher <pid>`: the watcher's pid, the trial's process group, which names the trial when
/// hporun died before launches.log did and the watcher has ended since (`watcher(in:)`).
enum TrialExitFile {
    static let name = "hporun-exit-status"

    /// What the file records.
    enum Outcome: Equatable {
        case exited(Int32)
        case signaled(Int32)
        case unstarted(String)

        var line: String {
            switch self {
            case .exited(let code): "exited \(code)\n"
            case .signaled(let signal): "signaled \(signal)\n"
            case .unstarted(let why): "unstarted \(why.replacingOccurrences(of: "\n", with: " "))\n"
            }
        }

        /// How the trial ended, for the runner.
        func trialExit(_ command: TrialCommand) -> TrialExit {
            switch self {
            case .exited(let code): .exited(code)
            case .signaled(let signal): .signaled(signal)
            case .unstarted: .launchFailed("cannot start \(command.display) (see stderr.log)")
            }
        }

        /// The line parsed; nil for anything else (an empty file left by a power cut).
        init?(line: String) {
            guard line.hasSuffix("\n") else { return nil }
            let fields = line.dropLast().split(separator: " ", maxSplits: 1).map(String.init)
            guard fields.count == 2 else { return nil }
            switch fields[0] {
            case "exited": guard let code = Int32(fields[1]) else { return nil }; self = .exited(code)
            case "signaled": guard let signal = Int32(fields[1]), signal > 0 else { return nil }; self = .signaled(signal)
            case "unstarted": self = .unstarted(fields[1])
            default: return nil
            }
        }
    }

    /// The outcome recorded in `trialDirectory`, or nil when there is none (yet).
    static func read(in trialDirectory: URL) -> Outcome? {
        guard let data = FileManager.default.contents(atPath: trialDirectory.appendingPathComponent(name).path)
        else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        guard let newline = text.firstIndex(of: "\n") else { return nil }
        return Outcome(line: String(text[...newline]))
    }

    /// The pid of the watcher that wrote the record in `trialDirectory` (its second line), nil
    /// without one (no record, or one written before the line existed).
    static func watcher(in trialDirectory: URL) -> Int32? {
        guard let data = FileManager.default.contents(atPath: trialDirectory.appendingPathComponent(name).path)
        else { return nil }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count >= 3, lines[1].hasPrefix("watcher "), let pid = Int32(lines[1].dropFirst("watcher ".count)),
              pid > 1 else { return nil }
        return pid
    }

    /// When the outcome was recorded: when the command ended.
    static func modificationDate(in trialDirectory: URL) -> Date? {
        FileTimes.modified(trialDirectory.appendingPathComponent(name))
    }

    /// Writes the outcome into the current directory (the watcher's, the trial's own).
    /// `durable`: flushed to disk, file and directory.
    static func write(_ outcome: Outcome, durable: Bool) {
        let url = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(name)
        try? AtomicFile.write(Data((outcome.line + "watcher \(getpid())\n").utf8), to: url, durable: durable)
    }
}
