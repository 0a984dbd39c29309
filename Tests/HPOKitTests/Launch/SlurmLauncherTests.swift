import Foundation
@testable import HPOKit
import Testing

/// The Slurm launcher's pure parts; its behaviour on a real cluster is tested end to end in
/// HPORunTests/SlurmTests.swift.
@Suite struct SlurmLauncherTests {
    let trial = URL(fileURLWithPath: "/shared/runs/exp/trials/0007")

    func spec(_ command: TrialCommand) -> LaunchSpec {
        LaunchSpec(command: command, workingDirectory: trial, environment: ["SUBID": "0007", "TRAINING_ID": "exp"],
                   stdoutFile: trial.appendingPathComponent("stdout.log"),
                   stderrFile: trial.appendingPathComponent("stderr.log"), timeout: nil, grace: .seconds(1))
    }

    @Test func sbatchGetsHPORunsOptionsThenTheUsersThenTheScriptAndTheCommandAsArguments() {
        let script = URL(fileURLWithPath: "/shared/runs/exp/slurm-job.sh")
        let arguments = SlurmLauncher.sbatchArguments(
            spec(.argv(["python3", "train.py", "--name", "a b; rm -rf /"])), jobScript: script,
            extraArguments: ["--partition=gpu", "--gres=gpu:1"])
        #expect(arguments == [
            "--parsable", "--chdir=/shared/runs/exp/trials/0007", "--job-name=hporun-exp-0007",
            "--output=/shared/runs/exp/trials/0007/stdout.log", "--error=/shared/runs/exp/trials/0007/stderr.log",
            "--open-mode=append", "--export=ALL", "--partition=gpu", "--gres=gpu:1", "/shared/runs/exp/slurm-job.sh",
            "python3", "train.py", "--name", "a b; rm -rf /",
        ])
        let shell = SlurmLauncher.sbatchArguments(spec(.shell("python3 train.py --lr 0.1")), jobScript: script,
                                                  extraArguments: [])
        #expect(Array(shell.suffix(4)) == ["/shared/runs/exp/slurm-job.sh", "/bin/sh", "-c", "python3 train.py --lr 0.1"])
    }

    @Test func aShellStatusAbove128IsASignal() {
        #expect(SlurmLauncher.exit(0) == .exited(0))
        #expect(SlurmLauncher.exit(3) == .exited(3))
        #expect(SlurmLauncher.exit(137) == .signaled(9))
        #expect(SlurmLauncher.exit(139) == .signaled(11))
        #expect(SlurmLauncher.exit(255) == .exited(255))
    }

    @Test func aLostJobSaysWhatSlurmSawAndWhatToCheck() {
        let notStarted = SlurmLauncher.lostReason("12", state: .ended("FAILED"), started: false, directory: trial)
        #expect(notStarted.hasPrefix("the Slurm job 12 ended as FAILED without recording the command's exit status"))
        #expect(notStarted.contains("never started the command in its trial directory"))
        #expect(notStarted.contains("the compute nodes do not see /shared/runs/exp: put the experiment directory"))
        #expect(notStarted.contains("scontrol show job 12"))
        let timeLimit = SlurmLauncher.lostReason("13", state: .ended("TIMEOUT"), started: true, directory: trial)
        #expect(timeLimit == "the Slurm job 13 reached its Slurm time limit (--time in --slurm-args) without recording the command's exit status")
        let cancelled = SlurmLauncher.lostReason("14", state: .ended("CANCELLED"), started: false, directory: trial)
        #expect(cancelled == "the Slurm job 14 was cancelled outside hporun (scancel) without recording the command's exit status")
        #expect(SlurmLauncher.lostReason("15", state: .gone, started: true, directory: trial)
            == "the Slurm job 15 left the queue without recording the command's exit status")
    }

    @Test func squeueStatesSplitIntoActiveAndEnded() {
        for state in ["PENDING", "RUNNING", "COMPLETING", "SUSPENDED", "CONFIGURING"] {
            #expect(SlurmJobState(squeueState: state).isActive, "\(state)")
        }
        for state in ["COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL", "OUT_OF_MEMORY", "PREEMPTED"] {
            #expect(SlurmJobState(squeueState: state) == .ended(state))
        }
    }

    /// A job that left without its exit status ended at its last sign of life (the newest
    /// file of its directory), not when a resume saw it gone; one that never started has no
    /// recorded end; the exit status file's time wins when there is one.
    @Test func aJobGoneWithoutItsExitStatusEndedAtItsLastSignOfLife() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("slurm-end-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func write(_ name: String, at seconds: Double) throws {
            let file = folder.appendingPathComponent(name)
            try Data("x\n".utf8).write(to: file)
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: seconds)], ofItemAtPath: file.path)
        }
        try write("config.json", at: 1_000)
        #expect(SlurmLauncher.recordedEnd(in: folder) == nil, "never started")
        try write(SlurmJobScript.startedFile, at: 2_000)
        try write("stdout.log", at: 5_000)
        try write("stderr.log", at: 4_000)
        #expect(SlurmLauncher.recordedEnd(in: folder) == Date(timeIntervalSince1970: 5_000))
        try write(SlurmJobScript.exitStatusFile, at: 4_500)
        #expect(SlurmLauncher.recordedEnd(in: folder) == Date(timeIntervalSince1970: 4_500))
    }

    /// scancel retries some refusals for a minute and a half: a client command given a limit
    /// is stopped there, with timeout(1)'s status. The command would sleep 60 s; the bound of
    /// 20 s tells stopped from not stopped with room for a loaded machine (the limit's timer
    /// is a task on the shared cooperative pool, which other tests' blocking waits can hold:
    /// 0.4 s alone, once 10.02 s while two test builds ran).
    @Test(.timeLimit(.minutes(2))) func aClientCommandPastItsLimitIsStopped() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("slurm-commands-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["sbatch", "squeue", "scancel"] {
            let file = folder.appendingPathComponent(name)
            try Data("#!/bin/sh\nsleep 60\n".utf8).write(to: file)
            chmod(file.path, 0o755)
        }
        let commands = try SlurmCommands(path: folder.path)
        let began = ContinuousClock.now
        let output = await commands.run(commands.scancel, ["--signal=TERM", "7"], limit: .milliseconds(300))
        #expect(ContinuousClock.now - began < .seconds(20))
        #expect(output.status == 124)
        #expect(output.message.contains("did not end within"))
        let quick = await commands.run("/bin/echo", ["7"], limit: .seconds(10))
        #expect(quick.succeeded && quick.standardOutput == "7\n")
    }

    /// A new temporary folder holding the job script, as a trial directory's job runs it; the
    /// caller removes the folder.
    static func folderWithJobScript(_ prefix: String) throws -> (folder: URL, script: URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let script = folder.appendingPathComponent("slurm-job.sh")
        try Data(SlurmJobScript.text.utf8).write(to: script)
        return (folder, script)
    }

    @Test func theJobScriptChecksTheDirectoryAndRecordsTheStatusByRename() throws {
        // Run the script itself, as a job would, in a folder with and without config.json.
        let (folder, script) = try Self.folderWithJobScript("slurm-script")
        defer { try? FileManager.default.removeItem(at: folder) }
        func run() throws -> Int32 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = [script.path, "/bin/sh", "-c", "echo ran; exit 5"]
            process.currentDirectoryURL = folder
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            return process.terminationStatus
        }
        #expect(try run() == SlurmJobScript.notSharedStatus)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent(SlurmJobScript.exitStatusFile).path))
        try Data("{}".utf8).write(to: folder.appendingPathComponent("config.json"))
        #expect(try run() == 5)
        let status = try String(contentsOf: folder.appendingPathComponent(SlurmJobScript.exitStatusFile), encoding: .utf8)
        #expect(status == "5\n")
        #expect(SlurmLauncher.readExitStatus(folder.appendingPathComponent(SlurmJobScript.exitStatusFile)) == 5)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(SlurmJobScript.startedFile).path))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty, "no temporary file is left: \(leftovers)")
    }

    /// A job Slurm requeued (node failure, preemption) runs the script again with
    /// SLURM_RESTART_COUNT set: the command runs again, and the trial's stderr.log says why its
    /// metrics log holds two runs. A first run says nothing.
    @Test func aRestartedJobSaysSoOnItsStandardError() throws {
        let (folder, script) = try Self.folderWithJobScript("slurm-restart")
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("{}".utf8).write(to: folder.appendingPathComponent("config.json"))
        func run(restarts: String?) throws -> (status: Int32, stderr: String) {
            let stderr = folder.appendingPathComponent("stderr.log")
            _ = FileManager.default.createFile(atPath: stderr.path, contents: nil)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = [script.path, "/bin/sh", "-c", "echo ran >&2; exit 4"]
            process.currentDirectoryURL = folder
            var environment = ProcessInfo.processInfo.environment
            environment["SLURM_RESTART_COUNT"] = restarts
            process.environment = environment
            process.standardOutput = FileHandle.nullDevice
            process.standardError = try FileHandle(forWritingTo: stderr)
            try process.run()
            process.waitUntilExit()
            return (process.terminationStatus, try String(contentsOf: stderr, encoding: .utf8))
        }
        let first = try run(restarts: nil)
        #expect(first.status == 4 && first.stderr == "ran\n", "\(first)")
        #expect(try run(restarts: "0").stderr == "ran\n")
        let again = try run(restarts: "2")
        #expect(again.status == 4)
        #expect(again.stderr.hasPrefix("hporun: Slurm started this job again (restart 2: its node failed, or it was preempted"),
                "\(again.stderr)")
        #expect(again.stderr.contains("the command runs again from the start in this directory") && again.stderr.hasSuffix("ran\n"))
        #expect(SlurmLauncher.readExitStatus(folder.appendingPathComponent(SlurmJobScript.exitStatusFile)) == 4)
    }
}

@Suite struct ShellWordsTests {
    @Test func splitsLikeAShellWithoutExpanding() throws {
        #expect(try ShellWords.split("--partition=gpu  --gres=gpu:1\t--time=01:00:00") == ["--partition=gpu", "--gres=gpu:1", "--time=01:00:00"])
        #expect(try ShellWords.split(#"--comment="two words" --x='$HOME "q"' a\ b"#) == ["--comment=two words", #"--x=$HOME "q""#, "a b"])
        #expect(try ShellWords.split(#""a \"b\" \c""#) == [#"a "b" \c"#])
        #expect(try ShellWords.split("''") == [""])
        #expect(try ShellWords.split("   ") == [])
    }

    @Test func anUnclosedQuoteIsAnError() {
        #expect(throws: ShellWords.UnclosedQuote(quote: "'")) { try ShellWords.split("--comment='oops") }
        #expect(throws: ShellWords.UnclosedQuote(quote: "\"")) { try ShellWords.split(#"--comment="oops"#) }
    }
}
