import Foundation

/// When files were last modified, as the filesystem (for Slurm jobs, the shared one) dates them.
public enum FileTimes {
    /// When `url` (followed if it is a link) was last modified; nil when it does not exist.
    public static func modified(_ url: URL) -> Date? {
        var info = stat()
        guard stat(url.path, &info) == 0 else { return nil }
        return date(info)
    }

    /// The newest modification time of the entries of `folder` (each itself, a link not
    /// followed; not the folder): a trial's last sign of life, as its output and metrics grow
    /// while it runs. Nil for an empty or unreadable folder.
    public static func newestEntry(in folder: URL) -> Date? {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.compactMap { name -> Date? in
            var info = stat()
            guard lstat(folder.appendingPathComponent(name).path, &info) == 0 else { return nil }
            return date(info)
        }.max()
    }

    private static func date(_ info: stat) -> Date {
        Date(timeIntervalSince1970: Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9)
    }
}
