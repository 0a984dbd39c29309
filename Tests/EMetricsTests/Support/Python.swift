import Foundation

/// Runs the project's Python writer (`Samples/quickstart/emetrics.py`) through `python3`.
enum Python {
    /// The repository's root, found from this file's location.
    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }

    static var samplesFolder: String { repositoryRoot.appendingPathComponent("Samples/quickstart").path }

    /// Starts `python3 -c <script> <arguments...>` with `emetrics` importable and `environment` as its whole
    /// environment (plus PATH); output goes to files in `scratch`, never to a pipe.
    static func start(
        _ script: String, arguments: [String] = [], environment: [String: String], scratch: Scratch
    ) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        var environment = environment
        environment["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        environment["PYTHONPATH"] = samplesFolder
        environment["PYTHONDONTWRITEBYTECODE"] = "1"
        process.environment = environment
        let stderr = scratch.url.appendingPathComponent("python-\(UUID().uuidString).stderr")
        _ = FileManager.default.createFile(atPath: stderr.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: stderr)
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Runs `script` to the end; throws with its stderr when it fails.
    static func run(
        _ script: String, arguments: [String] = [], environment: [String: String], scratch: Scratch
    ) throws {
        let process = try start(script, arguments: arguments, environment: environment, scratch: scratch)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let files = try FileManager.default.contentsOfDirectory(atPath: scratch.path).filter { $0.hasSuffix(".stderr") }
            let errors = try files.map { try scratch.text($0) }.joined(separator: "\n")
            throw PythonFailed(status: process.terminationStatus, stderr: errors)
        }
    }
}

struct PythonFailed: Error, CustomStringConvertible {
    let status: Int32
    let stderr: String
    var description: String { "python3 exited with \(status): \(stderr)" }
}
