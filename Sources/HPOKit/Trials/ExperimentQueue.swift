import Foundation

/// `<experiment>/queue/`: configurations `hporun enqueue` dropped for the experiment to run
/// before its optimizer's next proposal. Each entry is one file holding a config.json
/// object, named so that names sort in the order they were enqueued
/// (`00001764435600123456789-4242-1.json`: nanoseconds since 1970, the pid, a counter). An
/// entry appears whole or not at all: it is written under a hidden name and renamed.
///
/// The runner, which holds the experiment's lock, takes the first entry when a slot is free:
/// it creates the trial (its trial.json names the entry, `queueEntry`), then removes the
/// file. A crash before the trial exists leaves the entry, which the next run takes; a crash
/// after leaves a file that a trial already names, which the next run removes without
/// running it. So an entry is never lost nor run twice. An entry that does not fit the
/// space (a hand-written one, or the manifest changed with `--force`) is moved to
/// `queue/rejected/` with a `.reason` file beside it.
public struct ExperimentQueue: Sendable {
    public let url: URL
    public var rejectedDirectory: URL { url.appendingPathComponent("rejected") }

    public init(experiment: ExperimentDirectory) {
        url = experiment.url.appendingPathComponent("queue")
    }

    /// Adds an entry holding `config`'s config.json text; returns its name. Durable: once
    /// this returns, a power cut does not lose it.
    @discardableResult
    public func add(_ config: Config, sequence: Int = 0) throws(TrialStoreError) -> String {
        try FileManager.makeDirectories(url, reported: url.path)
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let nanoseconds = UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
        let name = String(format: "%023llu-%d-%d.json", nanoseconds, getpid(), sequence)
        try AtomicFile.write(config.jsonText, to: url.appendingPathComponent(name))
        return name
    }

    /// The entries waiting, oldest first.
    public func entries() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return names.filter { !$0.hasPrefix(".") && $0.hasSuffix(".json") }.sorted()
    }

    public func contents(_ name: String) -> Data? {
        try? Data(contentsOf: url.appendingPathComponent(name))
    }

    /// Removes an entry a trial has taken (or already took, before a crash).
    public func remove(_ name: String) {
        unlink(url.appendingPathComponent(name).path)
    }

    /// Moves an entry that cannot run to `rejected/`, with the reason in `NAME.reason`.
    public func reject(_ name: String, reason: String) {
        let rejected = rejectedDirectory
        try? FileManager.makeDirectories(rejected, reported: rejected.path)
        try? AtomicFile.write(reason + "\n", to: rejected.appendingPathComponent(name + ".reason"), durable: false)
        if rename(url.appendingPathComponent(name).path, rejected.appendingPathComponent(name).path) != 0 {
            remove(name)
        }
    }

    /// The rejected entries and why, oldest first.
    public func rejected() -> [(name: String, reason: String)] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: rejectedDirectory.path)) ?? []
        return names.filter { !$0.hasPrefix(".") && $0.hasSuffix(".json") }.sorted().map { name in
            let reason = (try? String(contentsOf: rejectedDirectory.appendingPathComponent(name + ".reason"), encoding: .utf8))
            return (name, reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "")
        }
    }
}
