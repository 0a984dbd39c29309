import Foundation
import HPOKit
import Testing

/// experiment.json: the command's form (and hporun 0.1's), the changes a resume is refused
/// for, and the retries that set failed trials aside.
@Suite struct ExperimentRecordTests {
    static let manifest = ExperimentDirectoryTests.manifest

    func json(_ command: TrialCommand) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(command), as: UTF8.self)
    }

    @Test func theCommandIsAPlainArrayOrAShellLine() throws {
        #expect(try json(.argv(["python3", "train.py"])) == #"["python3","train.py"]"#)
        #expect(try json(.shell("python3 train.py --lr {{ lr }}")) == #"{"shell":"python3 train.py --lr {{ lr }}"}"#)
        for command in [TrialCommand.argv(["a b", "c"]), .shell("echo 'x'"), .argv([])] {
            #expect(try JSONDecoder().decode(TrialCommand.self, from: Data(try json(command).utf8)) == command)
        }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(TrialCommand.self, from: Data(#"{"run": "x"}"#.utf8)) }
    }

    /// An experiment.json written by hporun 0.1.0 (Swift's synthesized `_0` form) is read.
    @Test func hporun010ExperimentFilesAreRead() throws {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/Trials/experiment-0.1.0.json", withExtension: nil))
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("old-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: url, to: root.appendingPathComponent("experiment.json"))
        let record = try #require(try ExperimentDirectory(root).loadExperiment())
        #expect(record.command == .argv(["python3", "train.py"]))
        #expect(record.seed == 42 && record.retries == nil)
        #expect(try JSONDecoder().decode(TrialCommand.self, from: Data(#"{"shell": {"_0": "sh run.sh"}}"#.utf8))
            == .shell("sh run.sh"))
    }

    @Test func changesAreShownSideBySide() {
        let a = ExperimentRecord(name: "e", version: "1", seed: 1, manifestPath: "/m.yml", manifest: Self.manifest,
                                 command: .argv(["python3", "train.py"]))
        var other = Self.manifest
        other.method.name = .rbfopt
        other.hyperParameters.remove(at: 1)
        other.hyperParameters.append(HyperParameter(name: "wd", domain: .intValues([1, 2])))
        let b = ExperimentRecord(name: "e", version: "1", seed: 1, manifestPath: "/m.yml", manifest: other,
                                 command: .argv(["python3", "train2.py"]))
        #expect(a.differences(from: b).map(\.description) == [
            "search space 'opt': recorded: string_values [sgd, adam]  (2 values, unordered) / now: (absent)",
            "search space 'wd': recorded: (absent) / now: int_values [1, 2]  (2 values)",
            "method: recorded: random, maximize accuracy (best of the TEST history) / now: rbfopt, maximize accuracy (best of the TEST history)",
            "command: recorded: python3 train.py / now: python3 train2.py",
        ])
        let error = TrialStoreError.mismatch(path: "/x", changes: a.differences(from: b), failedTrials: 3)
        #expect(error.errorDescription?.hasPrefix("the experiment in /x was started with a different search space, method and command:\n  search space 'opt': ") == true)
        #expect(error.errorDescription?.hasSuffix("\nrerun with --force to accept the change, and --retry-failed to run the failed trials' points again (3 failed); or choose another --experiment-dir") == true)
    }

    @Test func aRetrySetsItsFailedTrialsAsideAndNothingElse() {
        var record = ExperimentRecord(name: "e", version: "1", seed: 1, manifestPath: "/m.yml", manifest: Self.manifest,
                                      command: .argv(["true"]))
        let space = Self.manifest.space
        let trials = [(TrialState.failed, "0001"), (.completed, "0002"), (.failed, "0003"), (.interrupted, "0004")].map { state, subid in
            var trial = TrialRecord(subid: subid, point: [0, 0], config: space.decode([0, 0]))
            trial.state = state
            return trial
        }
        #expect(record.applyingRetries(to: trials) == trials)
        record.retries = [FailedTrialsRetry(at: Date(), subids: ["0001", "0002"])]
        #expect(record.applyingRetries(to: trials).map(\.state) == [.superseded, .completed, .failed, .interrupted])
        #expect(TrialState.superseded.isFinal && !TrialState.superseded.countsAsFinished)
    }
}

/// File errors in plain words, and which of them are bad input (exit 2) or a failing disk (74).
@Suite struct FileProblemTests {
    @Test func errorNumbersAreSortedIntoBadInputAndDiskFailures() {
        #expect(FileProblem(.create, path: "/p", code: EACCES).isBadInput)
        #expect(FileProblem(.create, path: "/p", code: ENOTDIR).isBadInput)
        #expect(FileProblem(.create, path: "/p", code: EROFS).isBadInput)
        #expect(FileProblem(.write, path: "/p", code: ENOSPC).isDiskFailure)
        #expect(FileProblem(.write, path: "/p", code: EIO).isDiskFailure)
        #expect(FileProblem(.write, path: "/e/trials/0001/trial.json", code: ENOSPC).description
            == "cannot write /e/trials/0001/trial.json: no space left on the device; free some space (or fix the disk), "
            + "then run the same command again: the experiment resumes")
        #expect(FileProblem(.create, path: "/x/y", code: EACCES).description
            == "cannot create /x/y: permission denied; choose another --experiment-dir, or fix that place")
    }

    @Test func foundationErrorsGiveTheirErrorNumberNotTheirWords() throws {
        #expect(FileProblem.posixCode(of: CocoaError(.fileWriteOutOfSpace)) == ENOSPC)
        #expect(FileProblem.posixCode(of: CocoaError(.fileWriteNoPermission)) == EACCES)
        #expect(FileProblem.posixCode(of: POSIXError(.EROFS)) == EROFS)
        // A real one: writing into a path whose parent is a file.
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("fp-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try Data("x".utf8).write(to: root)
        do {
            try Data("y".utf8).write(to: root.appendingPathComponent("z"))
            Issue.record("writing under a file succeeded")
        } catch {
            let problem = FileProblem(.write, path: root.path + "/z", error: error)
            #expect(problem.isBadInput)
            #expect(!problem.description.contains("NSCocoaErrorDomain") && !problem.description.contains("could not"))
        }
    }

    @Test func anExperimentDirectoryUnderAFileNamesTheFile() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("fp-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data("x".utf8).write(to: file)
        let directory = ExperimentDirectory(file.appendingPathComponent("runs/exp"))
        #expect(throws: TrialStoreError.file(FileProblem(.create, path: directory.url.path, code: ENOTDIR, blocker: file.path))) {
            try directory.create()
        }
        #expect(TrialStoreError.file(FileProblem(.create, path: "/f/exp", code: ENOTDIR, blocker: "/f")).errorDescription
            == "cannot create /f/exp: /f is a file, not a directory; choose another --experiment-dir, or fix that place")
    }
}
