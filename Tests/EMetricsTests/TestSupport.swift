import Foundation

/// A fresh temporary folder per test, removed by the caller's `defer`.
func makeScratchFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("emetrics-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// The protocol's environment for a trial SUBID writing under `folder`.
func trialEnvironment(_ folder: URL, subID: String = "0007") -> [String: String] {
    ["LOG_DIR": folder.path, "RESULT_DIR": folder.appendingPathComponent(subID).path,
     "TRAINING_ID": "exp1", "SUBID": subID]
}

/// The complete (newline-terminated) lines of a file, parsed as JSON objects.
func parsedLines(_ url: URL) throws -> [[String: Any]] {
    let text = String(decoding: try Data(contentsOf: url), as: UTF8.self)
    return try text.split(separator: "\n").map { line in
        try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
    }
}

/// A product built beside the test bundle (`emetrics-writer`).
func productURL(_ name: String) -> URL {
    var dir = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
    for _ in 0..<4 {
        let candidate = dir.appendingPathComponent(name)
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        dir = dir.deletingLastPathComponent()
    }
    return URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        .appendingPathComponent(name)
}

/// The repository root, for the Python writer in Samples/.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// Starts a child process with output to /dev/null (never a pipe that could fill up).
func startProcess(_ executable: URL, _ arguments: [String], environment: [String: String]) throws -> Process {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    process.standardInput = FileHandle.nullDevice
    try process.run()
    return process
}
