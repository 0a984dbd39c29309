import Foundation
import HPOKit

extension ExperimentReport {
    /// The default place of the report: `DIR/report.html`.
    public static func defaultFile(_ directory: ExperimentDirectory) -> URL {
        directory.url.appendingPathComponent("report.html")
    }

    /// Reads the experiment directory and writes its report to `file` (default
    /// `DIR/report.html`) atomically: a browser reloading it sees the old page or the new
    /// one, never half. The trial links are relative to where the file is; its folder is
    /// made when missing. A `file` that names a folder (an existing one, or a path ending
    /// with `/`) gets `report.html` in it. A place that cannot be written is named with what
    /// to do about `-o`.
    @discardableResult
    public static func write(directory: ExperimentDirectory, to file: URL? = nil, live: Bool = false,
                             generatedAt: Date = Date()) throws(TrialStoreError) -> URL {
        let export = try ExperimentExport(directory: directory)
        var target = (file ?? defaultFile(directory)).standardizedFileURL
        var isFolder: ObjCBool = false
        if let file, file.hasDirectoryPath
            || (FileManager.default.fileExists(atPath: target.path, isDirectory: &isFolder) && isFolder.boolValue) {
            target = target.appendingPathComponent("report.html")
        }
        let base = relativePath(from: target.deletingLastPathComponent(), to: directory.url)
        var report = ExperimentReport(export: export, live: live, linkBase: base, generatedAt: generatedAt)
        report.queuedUntil = slurmQueueEnds(export.trials, directory: directory, now: generatedAt)
        report.stderrEnds = stderrEnds(export.trials, directory: directory)
        // A folder that -o names but does not exist yet is made (a failure shows in the write).
        try? FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        do {
            try AtomicFile.write(report.html(), to: target, durable: false)
        } catch .file(var problem) where problem.isBadInput {
            problem.path = target.path
            problem.advice = file == nil ? "write it elsewhere with -o FILE, or fix that place"
                : "choose another -o FILE, or fix that place"
            throw .file(problem)
        }
        return target
    }

    /// The file the Slurm job script writes in the trial directory when the job starts
    /// running there (`SlurmJobScript.startedFile`); its modification time is that moment.
    static let slurmStartedFile = "job-started"

    /// For each trial run as a Slurm job, when it stopped waiting in the queue: its job's
    /// `job-started` time; for a job that never started, its end (or `now` while it waits).
    static func slurmQueueEnds(_ trials: [TrialRecord], directory: ExperimentDirectory, now: Date) -> [String: Date] {
        var ends: [String: Date] = [:]
        for trial in trials where trial.slurmJobID != nil {
            guard let submitted = trial.startedAt else { continue }
            let file = directory.trialDirectory(trial.subid).appendingPathComponent(slurmStartedFile)
            var info = stat()
            let started = stat(file.path, &info) == 0
                ? Date(timeIntervalSince1970: Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9) : nil
            guard let end = started ?? (trial.state == .running ? now : trial.endedAt) else { continue }
            // Clocks of the node and of this host may differ a little: kept within the trial.
            let after = max(end, submitted)
            ends[trial.subid] = trial.endedAt.map { min(after, $0) } ?? after
        }
        return ends
    }

    /// The last non-empty line of each failed command's stderr.log (at most its last 4 KiB,
    /// a regular file only: a trial may have left a FIFO there).
    static func stderrEnds(_ trials: [TrialRecord], directory: ExperimentDirectory) -> [String: String] {
        var ends: [String: String] = [:]
        for trial in trials where trial.state == .failed && ((trial.exitCode ?? 0) != 0 || trial.signal != nil) {
            let file = directory.trialDirectory(trial.subid).appendingPathComponent("stderr.log").path
            ends[trial.subid] = RegularFile.lastLine(of: file, window: 4096)
        }
        return ends
    }

    /// The path from folder `from` to folder `to` for a relative link, ending with `/`, or
    /// empty when they are the same folder: `../runs/exp/`. Symbolic links are resolved
    /// first, so the link works from where the file really is.
    public static func relativePath(from: URL, to: URL) -> String {
        let a = from.resolvingSymlinksInPath().standardizedFileURL.pathComponents
        let b = to.resolvingSymlinksInPath().standardizedFileURL.pathComponents
        var common = 0
        while common < a.count, common < b.count, a[common] == b[common] { common += 1 }
        let parts = Array(repeating: "..", count: a.count - common) + b[common...]
        return parts.isEmpty ? "" : parts.joined(separator: "/") + "/"
    }
}
