import Foundation

/// The experiment directories next to a path that is not one, for the message that says so:
/// the folder above experiments (`hpo-runs`, or the project folder above it), a trial's
/// directory inside one, the manifest given in place of the directory.
extension ExperimentDirectory {
    /// The most found.
    static let nearbyFound = 50
    /// The most entries of one folder looked at: a huge folder is not listed whole.
    static let nearbyScanned = 200

    /// Experiment directories below `url` (two levels down), above it (three levels up), or
    /// below the folder of a file given in its place, shown relative to `base` (the current
    /// folder) when inside it; at most `nearbyFound`, sorted.
    public static func nearby(_ url: URL, base: String = FileManager.default.currentDirectoryPath) -> [String] {
        let start = url.standardizedFileURL
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: start.path, isDirectory: &isDirectory)
        var found: [String] = []
        var above = start.deletingLastPathComponent()
        for _ in 0..<3 where above.path != "/" {
            if isExperiment(above) { found.append(above.path) }
            above = above.deletingLastPathComponent()
        }
        let root = exists && !isDirectory.boolValue ? start.deletingLastPathComponent() : start
        for child in children(root) where found.count < nearbyFound {
            if isExperiment(child) { found.append(child.path) } else { found += children(child).filter(isExperiment).map(\.path) }
        }
        let prefix = base.hasSuffix("/") ? base : base + "/"
        return Array(found.sorted().prefix(nearbyFound)).map { $0.hasPrefix(prefix) ? String($0.dropFirst(prefix.count)) : $0 }
    }

    private static func isExperiment(_ url: URL) -> Bool {
        FileManager.default.fileExists(atPath: url.appendingPathComponent("experiment.json").path)
    }

    /// The folders in `url` (not following links to them), at most `nearbyScanned` entries read.
    private static func children(_ url: URL) -> [URL] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: url.path) else { return [] }
        return names.prefix(nearbyScanned).compactMap { name in
            let child = url.appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            let isLink = (try? FileManager.default.destinationOfSymbolicLink(atPath: child.path)) != nil
            guard !isLink, FileManager.default.fileExists(atPath: child.path, isDirectory: &isDirectory), isDirectory.boolValue
            else { return nil }
            return child
        }
    }
}

extension TrialStoreError {
    /// `status`, `best`, `export`, `report`, `enqueue` or `--warm-start` on a directory that is
    /// not an experiment: whether it exists, and the experiments next to it.
    public static func notAnExperiment(at url: URL) -> TrialStoreError {
        .notAnExperiment(path: url.path, exists: FileManager.default.fileExists(atPath: url.path),
                         nearby: ExperimentDirectory.nearby(url))
    }
}
