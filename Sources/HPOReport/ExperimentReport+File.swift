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
    /// made when missing.
    @discardableResult
    public static func write(directory: ExperimentDirectory, to file: URL? = nil, live: Bool = false,
                             generatedAt: Date = Date()) throws(TrialStoreError) -> URL {
        let export = try ExperimentExport(directory: directory)
        let target = (file ?? defaultFile(directory)).standardizedFileURL
        let base = relativePath(from: target.deletingLastPathComponent(), to: directory.url)
        let report = ExperimentReport(export: export, live: live, linkBase: base, generatedAt: generatedAt)
        // A folder that -o names but does not exist yet is made (a failure shows in the write).
        try? FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try AtomicFile.write(report.html(), to: target, durable: false)
        return target
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
