import Foundation
import HPOKit
import Testing

/// Runs the BUILT `hporun` (the end-to-end tests never call its code in process).
/// The binary sits beside the test bundle in SwiftPM's products directory.
enum HPORunBinary {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var url: URL {
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        // macOS-style bundles nest the test binary; walk up until hporun is found.
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("hporun")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return exe.deletingLastPathComponent().appendingPathComponent("hporun")
    }

    /// The repository's root (for the samples), found from this file's location.
    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    /// Runs hporun to completion with the arguments, in `directory`, and returns its exit
    /// status and output. Output goes through files, not pipes, so a chatty run never blocks.
    static func run(
        _ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]
    ) throws -> Result {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("hporun-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let out = scratch.appendingPathComponent("stdout"), err = scratch.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let outHandle = try FileHandle(forWritingTo: out), errHandle = try FileHandle(forWritingTo: err)
        process.standardOutput = outHandle
        process.standardError = errHandle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try outHandle.close()
        try errHandle.close()
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: try Data(contentsOf: out), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: err), as: UTF8.self))
    }
}

extension HPORunBinary {
    /// Starts hporun without waiting (for tests that signal it); output goes to files in
    /// `logs`, named stdout and stderr.
    static func start(_ arguments: [String], in directory: URL, logs: URL, environment: [String: String] = [:])
        throws -> Process {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
        let out = logs.appendingPathComponent("stdout"), err = logs.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }
}

/// A scratch folder for one end-to-end test, with helpers to write scripts and manifests
/// and read back what hporun wrote.
struct Workspace {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("hporun-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(at: url) }

    @discardableResult
    func write(_ name: String, _ text: String, executable: Bool = false) throws -> URL {
        let file = url.appendingPathComponent(name)
        try Data(text.utf8).write(to: file)
        if executable { chmod(file.path, 0o755) }
        return file
    }

    var experiment: URL { url.appendingPathComponent("runs/exp") }

    func trial(_ subid: String) -> URL { experiment.appendingPathComponent("trials/\(subid)") }

    /// trial.json of a trial, parsed.
    func record(_ subid: String) throws -> [String: Any] {
        let data = try Data(contentsOf: trial(subid).appendingPathComponent("trial.json"))
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    /// launches.log: each started trial's SUBID and its handle ("pid 123", "slurm-job 7").
    func launched() -> [String: String] {
        let text = (try? String(contentsOf: experiment.appendingPathComponent("launches.log"), encoding: .utf8)) ?? ""
        var handles: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ", maxSplits: 1)
            if fields.count == 2 { handles[String(fields[0])] = String(fields[1]) }
        }
        return handles
    }

    /// The process group of a started trial, from launches.log.
    func launchedGroup(_ subid: String) -> Int32? {
        launched()[subid].flatMap { $0.hasPrefix("pid ") ? Int32($0.dropFirst(4)) : nil }
    }

    /// The Slurm job of a started trial, from launches.log.
    func launchedJob(_ subid: String) -> String? {
        launched()[subid].flatMap { $0.hasPrefix("slurm-job ") ? String($0.dropFirst(10)) : nil }
    }

    func trialNames() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: experiment.appendingPathComponent("trials").path)) ?? [])
            .sorted()
    }

    /// A bare manifest with the given method, budget and hyperparameter lines.
    func manifest(method: String = "random", steps: Int, objective: String = "accuracy", direction: String = "maximize",
                  extra: String = "", hyperParameters: String = "  - {name: x, double_range: {min_value: 0, max_value: 1}}")
        throws -> URL {
        try write("exp.yml", """
            hyper_parameters_optimization:
              method:
                name: \(method)
                parameters:
                - {name: objective, string_value: \(objective)}
                - {name: maximize_or_minimize, string_value: \(direction)}
                - {name: num_optimizer_steps, int_value: \(steps)}
                - {name: random_seed, int_value: 5}
            \(extra)
              hyper_parameters:
            \(hyperParameters)
            """)
    }
}

/// Processes (not zombies) whose process group is `pgid`, read from /proc.
func livingProcesses(inGroup pgid: Int32) -> [Int32] {
    ProcessTable.processes(inGroup: pgid)
}

/// Polls `condition` every 20 ms until it holds or `seconds` pass; whether it held.
func waitFor(_ condition: () -> Bool, seconds: Double = 20) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if condition() { return true }
        usleep(20_000)
    }
    return condition()
}
