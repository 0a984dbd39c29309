import EMetrics
import Foundation
import Testing

/// A second process that writes records: the Python writer under python3, or the Swift
/// writer in a copy of this test binary (which runs only `ChildWriter.run` below).
enum WriterProcess: String, CaseIterable, CustomStringConvertible, Sendable {
    case python, swift

    var description: String { rawValue }

    static let childVariable = "EMETRICS_TEST_CHILD_RECORDS"

    /// Starts a writer that records `count` records (0: until killed) into the trial of
    /// `environment`. Record `i` (1-based) is TEST when odd, TRAIN when even, with a text
    /// value of `i * 37 % 1500` characters so lines straddle page boundaries.
    func start(count: Int, environment: [String: String], scratch: Scratch) throws -> Process {
        switch self {
        case .python:
            return try Python.start(
                """
                import sys
                from emetrics import EMetrics
                n = int(sys.argv[1])
                with EMetrics.open() as em:
                    i = 0
                    while n == 0 or i < n:
                        i += 1
                        group = EMetrics.TEST_GROUP if i % 2 else EMetrics.TRAIN_GROUP
                        em.record(group, i, {"accuracy": i / 7.0, "loss": 1.0 / i, "note": "x" * (i * 37 % 1500)})
                """, arguments: [String(count)], environment: environment, scratch: scratch)
        case .swift:
            return try TestBinary.start(
                test: "ChildWriter", environment: environment.merging([Self.childVariable: String(count)]) { $1 })
        }
    }
}

/// Runs one test of this very test binary in a child process, for code that must run in a
/// process of its own (a writer to kill, a program with its own working directory and
/// environment). Such a test is enabled only by a variable that the parent sets.
enum TestBinary {
    /// `stderr`: a file that receives the child's standard error (discarded when nil).
    static func start(test: String, environment: [String: String], directory: String? = nil, stderr: URL? = nil)
        throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = ["--testing-library", "swift-testing", "--filter", test]
        process.environment = environment
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        process.standardOutput = FileHandle.nullDevice
        if let stderr {
            _ = FileManager.default.createFile(atPath: stderr.path, contents: nil)
            process.standardError = try FileHandle(forWritingTo: stderr)
        } else {
            process.standardError = FileHandle.nullDevice
        }
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }
}

/// The Swift writer's side of `WriterProcess.swift`: runs only in a child started by a test
/// (it is skipped in an ordinary run), writing records with the EMetrics library.
@Suite struct ChildWriter {
    @Test(.enabled(if: ProcessInfo.processInfo.environment[WriterProcess.childVariable] != nil))
    func run() throws {
        let count = Int(ProcessInfo.processInfo.environment[WriterProcess.childVariable] ?? "") ?? 1
        try EMetrics.with { em in
            var i = 0
            while count == 0 || i < count {
                i += 1
                let note = String(repeating: "x", count: i * 37 % 1500)
                try em.record(i % 2 == 1 ? .test : .train, iteration: i, values: [
                    "accuracy": Double(i) / 7, "loss": 1 / Double(i), "note": note,
                ])
            }
        }
    }
}
