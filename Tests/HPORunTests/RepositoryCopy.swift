import Foundation
import Testing

/// A fresh copy of the repository's samples and Makefile in a temporary folder, where the
/// README's commands run as written without writing into the repository. `.build` (the
/// built hporun, for `make demo`) and the Swift sample's `.build` (its built program) are
/// links to the real ones.
struct RepositoryCopy {
    let root: URL
    static let source = HPORunBinary.repositoryRoot

    /// `quickstartSteps`: the quickstart's budget in the copy (its own, 12, when nil). The
    /// digits sample's 30 trials become 4 in the copy. The commands run unchanged, on
    /// smaller budgets.
    init(quickstartSteps: Int? = nil) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("hporun-readme-\(UUID().uuidString)")
        let fm = FileManager.default
        try fm.createDirectory(at: root.appendingPathComponent("Samples"), withIntermediateDirectories: true)
        try fm.copyItem(at: Self.source.appendingPathComponent("Makefile"), to: root.appendingPathComponent("Makefile"))
        try fm.createSymbolicLink(at: root.appendingPathComponent(".build"),
                                  withDestinationURL: Self.source.appendingPathComponent(".build"))
        for sample in try fm.contentsOfDirectory(atPath: Self.source.appendingPathComponent("Samples").path) {
            let from = Self.source.appendingPathComponent("Samples/\(sample)"), to = root.appendingPathComponent("Samples/\(sample)")
            try fm.createDirectory(at: to, withIntermediateDirectories: true)
            for item in try fm.contentsOfDirectory(atPath: from.path) where !["hpo-runs", "__pycache__"].contains(item) {
                if item == ".build" {
                    try fm.createSymbolicLink(at: to.appendingPathComponent(item), withDestinationURL: from.appendingPathComponent(item))
                } else {
                    try fm.copyItem(at: from.appendingPathComponent(item), to: to.appendingPathComponent(item))
                }
            }
        }
        try replace("- {name: num_optimizer_steps, int_value: 30}", with: "- {name: num_optimizer_steps, int_value: 4}",
                    in: "Samples/swift-training/digits.yml")
        if let quickstartSteps {
            try replace("- {name: num_optimizer_steps, int_value: 12}",
                        with: "- {name: num_optimizer_steps, int_value: \(quickstartSteps)}", in: "Samples/quickstart/exp.yml")
        }
    }

    func remove() { try? FileManager.default.removeItem(at: root) }

    func replace(_ old: String, with new: String, in file: String) throws {
        let url = root.appendingPathComponent(file)
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.contains(old), "\(file) no longer has \(old)")
        try Data(text.replacingOccurrences(of: old, with: new).utf8).write(to: url)
    }

    /// Runs `command` with its `cd`/`export` lines through `/bin/sh` in its folder of the copy,
    /// the built hporun first on PATH (stopped, with its process group, if it outlives
    /// `seconds`). `make` gets `SWIFT=true`: its recipes' `swift build` is the build that
    /// `make test` made (a second SwiftPM on the same `.build` would wait for the one running
    /// these tests), and none of the variables of a `make` above it.
    func run(_ command: ShownCommand, seconds: Double = 100) throws -> HPORunBinary.Result {
        let logs = FileManager.default.temporaryDirectory.appendingPathComponent("hporun-readme-logs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: logs) }
        let process = Process()
        // Foundation starts the shell in a process group of its own (its pid), which the
        // timeout below stops whole.
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", (command.context + [command.text]).joined(separator: "\n")]
        process.currentDirectoryURL = root.appendingPathComponent(command.folder)
        var environment = ProcessInfo.processInfo.environment
        for name in ["MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES"] { environment[name] = nil }
        environment["SWIFT"] = "true"
        environment["PATH"] = HPORunBinary.url.deletingLastPathComponent().path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        process.environment = environment
        let out = logs.appendingPathComponent("stdout"), err = logs.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        if !waitFor({ !process.isRunning }, seconds: seconds) {
            kill(-process.processIdentifier, SIGTERM)
            if !waitFor({ !process.isRunning }, seconds: 15) { kill(-process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            Issue.record("\(command) still ran after \(Int(seconds)) s: stopped")
        }
        process.waitUntilExit()
        return HPORunBinary.Result(status: process.terminationStatus,
                                   stdout: String(decoding: try Data(contentsOf: out), as: UTF8.self),
                                   stderr: String(decoding: try Data(contentsOf: err), as: UTF8.self))
    }

    /// Every trial.json in the copy (path -> parsed record).
    func trialRecords() -> [String: [String: Any]] {
        var records: [String: [String: Any]] = [:]
        let walker = FileManager.default.enumerator(atPath: root.path)
        while let path = walker?.nextObject() as? String {
            if path.hasPrefix(".build") || path.contains("/.build") {
                walker?.skipDescendants()
                continue
            }
            guard path.hasSuffix("/trial.json"), path.contains("/trials/") else { continue }
            let data = (try? Data(contentsOf: root.appendingPathComponent(path))) ?? Data()
            records[path] = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        }
        return records
    }
}
