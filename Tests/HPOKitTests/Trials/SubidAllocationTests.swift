import Foundation
import HPOKit
import Testing

/// SUBIDs come from what hporun recorded; names others made in trials/ are skipped or ignored.
@Suite struct SubidAllocationTests {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("subids-\(UUID().uuidString)")
    let space = SearchSpace([HyperParameter(name: "x", domain: .doubleRange(min: 0, max: 1))])

    func record(_ subid: String) -> TrialRecord { TrialRecord(subid: subid, point: [0.5], config: space.decode([0.5])) }

    @Test func onlyNamesWrittenAsHporunWritesThemAreSubids() {
        #expect(ExperimentDirectory.subidNumber("0007") == 7)
        #expect(ExperimentDirectory.subidNumber("12345") == 12345)
        for name in ["00007", "7", "0000", "9223372036854775807", "123456789", "\u{0663}\u{0663}\u{0663}\u{0663}", "00a1", "+001", ""] {
            #expect(ExperimentDirectory.subidNumber(name) == nil, "\(name)")
        }
    }

    @Test func theNextSubidFollowsTheRecordsNotTheFolders() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let directory = ExperimentDirectory(root)
        try directory.create()
        try directory.createTrial(record("0001"), config: space.decode([0.5]))
        try directory.recordLaunch("0002", .processGroup(99))  // its directory was deleted
        for name in ["0009", "9223372036854775807", "00003"] {  // made by someone else, no trial.json
            try FileManager.default.createDirectory(at: directory.trialDirectory(name), withIntermediateDirectories: true)
        }
        #expect(directory.nextSubidNumber() == 3)
        try FileManager.default.createDirectory(at: directory.trialDirectory("0003"), withIntermediateDirectories: true)
        #expect(directory.nextSubidNumber() == 4, "a taken name is skipped")
    }

    @Test func aNameTakenMeanwhileIsSkippedAtCreation() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let directory = ExperimentDirectory(root)
        try directory.create()
        // A folder with something in it, an empty one (rename(2) would replace it) and a file.
        try FileManager.default.createDirectory(at: directory.trialDirectory("0001").appendingPathComponent("x"),
                                                withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: directory.trialDirectory("0002"), withIntermediateDirectories: true)
        try Data("not a trial".utf8).write(to: directory.trialDirectory("0003"))
        let created = try directory.createTrial(record("0001"), config: space.decode([0.5]))
        #expect(created.subid == "0004")
        #expect(try directory.loadTrials().map(\.subid) == ["0004"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.trialDirectory("0002").path).isEmpty)
        #expect(!(try FileManager.default.contentsOfDirectory(atPath: directory.trialsDirectory.path)).contains { $0.hasPrefix(".") })
    }

    @Test func stagingLeftoversAreRemoved() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let directory = ExperimentDirectory(root)
        try directory.create()
        let staging = directory.trialsDirectory.appendingPathComponent(".0004.creating")
        try FileManager.default.createDirectory(at: staging.appendingPathComponent("inner"), withIntermediateDirectories: true)
        directory.removeStagingLeftovers()
        #expect(!FileManager.default.fileExists(atPath: staging.path))
    }
}
