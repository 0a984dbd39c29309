import Foundation
@testable import HPOKit
import Testing

/// The watcher's record of how a trial's command ended, and hporun's stop record: what a
/// resumed run reads, including what a crash or a power cut can leave.
struct TrialExitFileTests {
    @Test func eachOutcomeReadsBackAsWritten() {
        for outcome: TrialExitFile.Outcome in [.exited(0), .exited(3), .exited(137), .signaled(9), .unstarted("x: No such file")] {
            #expect(TrialExitFile.Outcome(line: outcome.line) == outcome, "\(outcome.line)")
        }
        #expect(TrialExitFile.Outcome.unstarted("two\nlines").line == "unstarted two lines\n")
    }

    @Test func aTornOrForeignRecordIsNoRecord() {
        for line in ["", "exited 3", "exited\n", "exited x\n", "signaled 0\n", "finished 0\n", "exited 3 4\n"] {
            #expect(TrialExitFile.Outcome(line: line) == nil, "\(line.debugDescription)")
        }
    }

    /// The record's second line names the watcher (the trial's process group); a record
    /// without it (an older watcher's) still says how the command ended.
    @Test func theRecordNamesItsWatcher() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("exit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent(TrialExitFile.name)
        for (text, outcome, watcher) in [("exited 3\nwatcher 4321\n", TrialExitFile.Outcome.exited(3), Int32(4321)),
                                         ("signaled 9\nwatcher 77\n", .signaled(9), 77), ("exited 0\n", .exited(0), nil),
                                         ("exited 0\nwatcher x\n", .exited(0), nil), ("exited 0\nwatcher 12", .exited(0), nil)] {
            try Data(text.utf8).write(to: file)
            #expect(TrialExitFile.read(in: folder) == outcome, "\(text.debugDescription)")
            #expect(TrialExitFile.watcher(in: folder) == watcher, "\(text.debugDescription)")
        }
    }

    @Test func theRunnerGetsTheExitAsALiveRunWould() {
        let command = TrialCommand.argv(["python3", "train.py"])
        #expect(TrialExitFile.Outcome.exited(137).trialExit(command) == .exited(137))
        #expect(TrialExitFile.Outcome.signaled(9).trialExit(command) == .signaled(9))
        #expect(TrialExitFile.Outcome.unstarted("gone").trialExit(command)
            == .launchFailed("cannot start python3 train.py (see stderr.log)"))
    }

    @Test func theFirstStopReasonStaysAndAnEmptyRecordIsAStop() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stop-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(TrialStopFile.read(in: folder) == nil)
        TrialStopFile.record(.timeout, in: folder)
        TrialStopFile.record(.stop, in: folder)
        #expect(TrialStopFile.read(in: folder) == .timeout)
        // Created but not yet written when hporun died: hporun was stopping it, reason unknown.
        try Data().write(to: folder.appendingPathComponent(TrialStopFile.name))
        #expect(TrialStopFile.read(in: folder) == .stop)
    }
}
