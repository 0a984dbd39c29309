import Foundation
import Testing

/// Exit statuses as the README says: 2 for a directory that cannot hold an experiment or is
/// not one, 74 for a disk that fills up during a run; no Foundation words in any message.
@Suite(.serialized) struct ExitCodeTests {
    static let foundationWords = ["NSCocoaErrorDomain", "The operation could not be completed", "couldn't be saved",
                                  "couldn’t be saved", "Error Domain="]

    func expectPlain(_ text: String) {
        for words in Self.foundationWords { #expect(!text.contains(words), "\(text)") }
    }

    /// An experiment directory under a regular file (works as root, unlike permissions).
    @Test(.timeLimit(.minutes(1))) func anExperimentDirectoryThatCannotBeCreatedIsBadInput() throws {
        let space = try Workspace()
        defer { space.remove() }
        let file = try space.write("f", "a file\n")
        let manifest = try space.manifest(steps: 1)
        let result = try HPORunBinary.run(
            ["--manifest", manifest.path, "--experiment-dir", file.path + "/exp", "--", "true"], in: space.url)
        #expect(result.status == 2)
        #expect(result.stderr == "hporun: cannot create \(file.path)/exp: \(file.path) is a file, not a directory; "
            + "choose another --experiment-dir, or fix that place\n")
        #expect(result.stdout.isEmpty, "nothing else is said first")
        expectPlain(result.stderr)
    }

    @Test(.timeLimit(.minutes(1))) func helpRunListsTheExitStatusesAndTheRetry() throws {
        let help = try HPORunBinary.run(["help", "run"])
        let text = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(text.contains("2 bad input (the manifest, a flag, an experiment directory that cannot be created or written"))
        #expect(text.contains("74 a file could not be written during the run"))
        #expect(text.contains("--retry-failed Run the failed trials' points again"))
    }

    @Test(.timeLimit(.minutes(1))) func statusBestAndExportOfSomethingElseAreBadInput() throws {
        let space = try Workspace()
        defer { space.remove() }
        let missing = space.url.appendingPathComponent("nowhere").path
        for command in ["status", "best", "export"] {
            let notOne = try HPORunBinary.run([command, space.url.path])
            #expect(notOne.status == 2, "\(command)")
            #expect(notOne.stderr.contains("hporun: \(space.url.path) is not an experiment directory (it has no experiment.json)"))
            let absent = try HPORunBinary.run([command, missing])
            #expect(absent.status == 2, "\(command)")
            #expect(absent.stderr.contains("hporun: \(missing) does not exist; give the directory an hporun run wrote"))
            expectPlain(notOne.stderr + absent.stderr)
        }
    }

    /// The folder above an experiment (hpo-runs), or a trial's directory inside one: the
    /// message names the experiment directories there, as the command is typed from there.
    @Test(.timeLimit(.minutes(1))) func aFolderNextToAnExperimentNamesIt() throws {
        let space = try Workspace()
        defer { space.remove() }
        let manifest = try space.manifest(steps: 1)
        _ = try HPORunBinary.run(["--manifest", manifest.path, "--experiment-dir", space.experiment.path, "--", "true"],
                                 in: space.url)
        let parent = try HPORunBinary.run(["status", "runs"], in: space.url)
        #expect(parent.status == 2)
        #expect(parent.stderr.contains("is not an experiment directory (it has no experiment.json); did you mean runs/exp?"),
                "\(parent.stderr)")
        let trial = try HPORunBinary.run(["best", space.trial("0001").path], in: space.url)
        #expect(trial.status == 2)
        #expect(trial.stderr.contains("did you mean runs/exp?"), "\(trial.stderr)")
        let project = try HPORunBinary.run(["export", "."], in: space.url)
        #expect(project.stderr.contains("did you mean runs/exp?"), "\(project.stderr)")
        let none = try HPORunBinary.run(["status"], in: space.url)
        #expect(none.status == 2)
        #expect(none.stderr == "hporun: status needs the experiment directory; did you mean:\n  hporun status runs/exp\n",
                "\(none.stderr)")
    }

    /// A damaged trial.json is named, with what is wrong in it in plain words (not Swift's
    /// coding dump), as bad input.
    @Test(.timeLimit(.minutes(1))) func aDamagedTrialRecordIsNamedInPlainWords() throws {
        let space = try Workspace()
        defer { space.remove() }
        let manifest = try space.manifest(steps: 1)
        _ = try HPORunBinary.run(["--manifest", manifest.path, "--experiment-dir", space.experiment.path, "--", "true"],
                                 in: space.url)
        let record = space.trial("0001").appendingPathComponent("trial.json")
        try Data("{\"subid\": \"0001\"}\n".utf8).write(to: record)
        let status = try HPORunBinary.run(["status", space.experiment.path])
        #expect(status.status == 2)
        #expect(status.stderr == "hporun: \(record.path) cannot be read: the key 'state' is missing; "
            + "fix the file or move it away, then run again\n")
        try Data("{\"subid\": ".utf8).write(to: record)
        let cut = try HPORunBinary.run(["status", space.experiment.path])
        #expect(cut.stderr.contains("cannot be read: it is not valid JSON;"), "\(cut.stderr)")
    }

    /// Whether this machine lets the tests mount a small tmpfs (root, outside a locked-down container).
    static let canMountTmpfs: Bool = {
        let point = FileManager.default.temporaryDirectory.appendingPathComponent("hporun-mount-probe-\(getpid())")
        defer { try? FileManager.default.removeItem(at: point) }
        guard (try? FileManager.default.createDirectory(at: point, withIntermediateDirectories: true)) != nil,
              mount("tmpfs", point.path, "tmpfs", 0, "size=64k") == 0 else { return false }
        umount(point.path)
        return true
    }()

    /// A disk that fills up during a run: exit 74 with what could not be written and what to
    /// do; once there is room, the same command resumes the experiment and finishes it.
    @Test(.enabled(if: canMountTmpfs, "mounting a tmpfs needs root"), .timeLimit(.minutes(1)))
    func aFullDiskDuringARunExits74AndTheRunResumesOnceThereIsRoom() throws {
        let space = try Workspace()
        defer { space.remove() }
        let disk = space.url.appendingPathComponent("disk")
        try FileManager.default.createDirectory(at: disk, withIntermediateDirectories: true)
        #expect(mount("tmpfs", disk.path, "tmpfs", 0, "size=200k") == 0)
        defer { umount2(disk.path, Int32(MNT_DETACH)) }
        let manifest = try space.manifest(steps: 3)
        // Each trial writes its metric, then fills the disk (only while FILL is set).
        let script = try space.write("fill.sh", """
            #!/bin/sh
            echo '{"grouplabel": "test", "values": {"accuracy": 0.5}}' >> "$LOG_DIR/$SUBID/evaluation-metrics.txt"
            [ -n "$FILL" ] && head -c 1000000 /dev/zero > filler
            exit 0
            """, executable: true)
        let experiment = disk.appendingPathComponent("exp").path
        let full = try HPORunBinary.run(["--manifest", manifest.path, "--experiment-dir", experiment, "--", script.path],
                                        in: space.url, environment: ["FILL": "1"])
        #expect(full.status == 74, "\(full.stderr)")
        #expect(full.stderr.contains("no space left on the device; free some space (or fix the disk), then run the same "
            + "command again: the experiment resumes"), "\(full.stderr)")
        #expect(full.stderr.contains("hporun: cannot write \(experiment)/trials/0001/"), "\(full.stderr)")
        expectPlain(full.stderr)

        try FileManager.default.removeItem(atPath: experiment + "/trials/0001/filler")
        let resumed = try HPORunBinary.run(["--manifest", manifest.path, "--experiment-dir", experiment, "--", script.path],
                                           in: space.url)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("3 completed, 0 failed"), "\(resumed.stdout)")
    }
}
