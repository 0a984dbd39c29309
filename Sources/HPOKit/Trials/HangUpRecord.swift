import Foundation

/// `hung-up.json` in the experiment directory: the run that held the experiment was hung up
/// (SIGHUP: its terminal or SSH session closed) and ended without stopping its trials, which
/// go on unattended (a local trial under its watcher, a Slurm job in Slurm). It says when,
/// which trials were left running, and the command that runs the experiment again, so that
/// `hporun status` can tell a run left on purpose from a killed one, and how to pick the
/// trials up. The next run, once it has settled them (followed, collected), removes it.
public struct HangUpRecord: Codable, Sendable, Equatable {
    public static let fileName = "hung-up.json"

    public var hungUpAt: Date
    /// The hporun that was hung up.
    public var pid: Int32
    /// The trials left running (their SUBIDs).
    public var trials: [String]
    /// The hporun command line, as typed, and the folder it was typed in: running it again
    /// follows the trials.
    public var command: [String]
    public var folder: String

    public init(hungUpAt: Date = Date(), pid: Int32 = getpid(), trials: [String], command: [String], folder: String) {
        self.hungUpAt = hungUpAt
        self.pid = pid
        self.trials = trials
        self.command = command
        self.folder = folder
    }
}

extension ExperimentDirectory {
    var hangUpFile: URL { url.appendingPathComponent(HangUpRecord.fileName) }

    /// Records that the run was hung up (durable: the trials may run for days on this word).
    public func save(_ record: HangUpRecord) throws(TrialStoreError) {
        try AtomicFile.write(try Self.encode(record, at: hangUpFile), to: hangUpFile, durable: true)
    }

    /// The hang-up an earlier run recorded, if any (nil for a file that does not read as one).
    public func loadHangUp() -> HangUpRecord? {
        guard let data = try? Data(contentsOf: hangUpFile) else { return nil }
        return try? Self.decoder.decode(HangUpRecord.self, from: data)
    }

    /// Once the trials a hung-up run left are settled, its record says nothing true any more.
    func removeHangUp() {
        unlink(hangUpFile.path)
    }
}
