import Foundation
import Testing

/// The command the user typed does what they meant: relative paths keep their meaning, a
/// program that cannot start is refused before the budget burns, and numbers that would
/// overflow are clean errors.
@Suite(.serialized) struct CommandTests {
    /// The command experiment.json records: argv words or a shell line (in either of the
    /// forms it has been written in: `{"argv": {"_0": [...]}}`, `{"argv": [...]}`, `[...]`).
    func recordedCommand(_ experiment: URL) throws -> (argv: [String]?, shell: String?) {
        let data = try Data(contentsOf: experiment.appendingPathComponent("experiment.json"))
        let command = (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["command"]
        if let words = command as? [String] { return (words, nil) }
        if let line = command as? String { return (nil, line) }
        let cases = command as? [String: Any]
        func unwrap<T>(_ value: Any?) -> T? { value as? T ?? (value as? [String: Any])?["_0"] as? T }
        return (unwrap(cases?["argv"]), unwrap(cases?["shell"]))
    }

    /// README's first command, typed in the sample's folder: train.py is found although each
    /// trial runs in its own directory; the same command typed from elsewhere resumes.
    @Test(.timeLimit(.minutes(2))) func theHeadlineCommandWorksWhereTheFilesAre() throws {
        let space = try Workspace()
        defer { space.remove() }
        let sample = space.url.appendingPathComponent("quickstart")
        try FileManager.default.copyItem(
            at: HPORunBinary.repositoryRoot.appendingPathComponent("Samples/quickstart"), to: sample)
        let manifest = try String(contentsOf: sample.appendingPathComponent("exp.yml"), encoding: .utf8)
        try manifest.replacingOccurrences(of: "int_value: 12", with: "int_value: 4")
            .write(to: sample.appendingPathComponent("exp.yml"), atomically: true, encoding: .utf8)

        let first = try HPORunBinary.run(["--manifest", "exp.yml", "--", "python3", "train.py"], in: sample)
        #expect(first.status == 0, "\(first.stdout)\n\(first.stderr)")
        #expect(first.stdout.contains("4 completed, 0 failed"), "\(first.stdout)")
        let experiment = sample.appendingPathComponent("hpo-runs/exp")
        #expect(try recordedCommand(experiment).argv == ["python3", sample.path + "/train.py"])

        // From the parent folder, naming the same file another way: the same experiment.
        try manifest.replacingOccurrences(of: "int_value: 12", with: "int_value: 5")
            .write(to: sample.appendingPathComponent("exp.yml"), atomically: true, encoding: .utf8)
        let resumed = try HPORunBinary.run(
            ["--manifest", "quickstart/exp.yml", "--experiment-dir", "quickstart/hpo-runs/exp", "--",
             "python3", "./quickstart/../quickstart/train.py"], in: space.url)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("5 completed, 0 failed"), "\(resumed.stdout)\n\(resumed.stderr)")
    }

    /// README's placeholder example, typed in a real shell (which cuts `{{ learning_rate }}`
    /// into three words), and the sample's own comment, typed from the repository's root.
    @Test(.timeLimit(.minutes(2))) func theDocumentedCommandsWorkAsTyped() throws {
        let space = try Workspace()
        defer { space.remove() }
        let sample = space.url.appendingPathComponent("Samples/quickstart")
        try FileManager.default.createDirectory(at: sample.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: HPORunBinary.repositoryRoot.appendingPathComponent("Samples/quickstart"), to: sample)
        let manifest = try String(contentsOf: sample.appendingPathComponent("exp.yml"), encoding: .utf8)
        try manifest.replacingOccurrences(of: "int_value: 12", with: "int_value: 2")
            .write(to: sample.appendingPathComponent("exp.yml"), atomically: true, encoding: .utf8)
        let comment = manifest.split(separator: "\n").first { $0.contains("hporun --manifest") }
            .map { $0.drop { $0 == "#" || $0 == " " } } ?? ""
        #expect(comment == "hporun --manifest Samples/quickstart/exp.yml -- python3 Samples/quickstart/train.py")
        let typed: [(line: String, folder: URL, experiment: URL)] = [
            ("hporun --manifest exp.yml -- python3 train.py --lr {{ learning_rate }}", sample,
             sample.appendingPathComponent("hpo-runs/exp")),
            (String(comment), space.url, space.url.appendingPathComponent("hpo-runs/exp")),
        ]
        for (line, folder, experiment) in typed {
            let shell = Process()
            shell.executableURL = URL(fileURLWithPath: "/bin/sh")
            shell.arguments = ["-c", "hporun() { '\(HPORunBinary.url.path)' \"$@\"; }; " + line + " > out.txt 2>&1"]
            shell.currentDirectoryURL = folder
            try shell.run()
            shell.waitUntilExit()
            let output = (try? String(contentsOf: folder.appendingPathComponent("out.txt"), encoding: .utf8)) ?? ""
            #expect(shell.terminationStatus == 0, "\(line): \(output)")
            #expect(output.contains("2 completed, 0 failed"), "\(line): \(output)")
            let words = try recordedCommand(experiment).argv ?? []
            #expect(words.prefix(2) == ["python3", sample.path + "/train.py"], "\(words)")
            if line.contains("{{") { #expect(words.dropFirst(2) == ["--lr", "{{ learning_rate }}"]) }
        }
    }

    /// The manifest's own command names files beside the manifest; it runs from anywhere.
    @Test(.timeLimit(.minutes(1))) func theManifestCommandFindsFilesBesideTheManifest() throws {
        let space = try Workspace()
        defer { space.remove() }
        let project = space.url.appendingPathComponent("my project")
        try FileManager.default.createDirectory(at: project, withIntermediateDirectories: true)
        try Data("0.75\n".utf8).write(to: project.appendingPathComponent("data.txt"))
        try Data("""
            import sys
            accuracy = float(open(sys.argv[sys.argv.index("--data") + 1]).read())
            open("val_dict_list.json", "w").write('[{"steps": 1, "accuracy": %s}]' % accuracy)
            """.utf8).write(to: project.appendingPathComponent("train.py"))
        try Data("""
            training_references:
            - name: main
              command: python3 train.py --data data.txt --x {{ x }}
              hyper_parameters_optimization:
                method:
                  name: random
                  parameters:
                  - {name: objective, string_value: accuracy}
                  - {name: maximize_or_minimize, string_value: maximize}
                  - {name: num_optimizer_steps, int_value: 2}
                hyper_parameters:
                - {name: x, int_values: [1, 2]}
            """.utf8).write(to: project.appendingPathComponent("exp.yml"))
        let result = try HPORunBinary.run(
            ["--manifest", "my project/exp.yml", "--experiment-dir", space.experiment.path], in: space.url)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("2 completed, 0 failed"), "\(result.stdout)")
        #expect(try recordedCommand(space.experiment).shell == "python3 '\(project.path)/train.py' --data '\(project.path)/data.txt' --x {{ x }}")
    }

    /// A misspelt program is refused before any trial, with the likely name; nothing is created.
    @Test(.timeLimit(.minutes(1))) func aCommandThatCannotStartIsRefusedBeforeAnyTrial() throws {
        let space = try Workspace()
        defer { space.remove() }
        _ = try space.manifest(steps: 3)
        try space.write("train.py", "print(1)\n")
        let arguments = ["--manifest", "exp.yml", "--experiment-dir", space.experiment.path, "--"]
        let typo = try HPORunBinary.run(arguments + ["pythn3", "train.py"], in: space.url)
        #expect(typo.status == 2)
        #expect(typo.stderr.contains("'pythn3' is not a program on the PATH"), "\(typo.stderr)")
        #expect(typo.stderr.contains("did you mean 'python3'?"), "\(typo.stderr)")
        let notExecutable = try HPORunBinary.run(arguments + ["./train.py"], in: space.url)
        #expect(notExecutable.status == 2)
        #expect(notExecutable.stderr.contains("\(space.url.path)/train.py is not executable"), "\(notExecutable.stderr)")
        let missing = try HPORunBinary.run(arguments + ["bin/train"], in: space.url)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("bin/train does not exist"), "\(missing.stderr)")
        try space.write("sh.yml", """
            training_references:
            - name: main
              command: X=1 pythn3 train.py --x {{ x }}
              hyper_parameters_optimization:
                method:
                  name: random
                  parameters:
                  - {name: objective, string_value: accuracy}
                  - {name: maximize_or_minimize, string_value: maximize}
                hyper_parameters:
                - {name: x, int_values: [1, 2]}
            """)
        let shellTypo = try HPORunBinary.run(["--manifest", "sh.yml", "--experiment-dir", space.experiment.path], in: space.url)
        #expect(shellTypo.status == 2)
        #expect(shellTypo.stderr.contains("'pythn3' is not a program on the PATH"), "\(shellTypo.stderr)")
        #expect(!FileManager.default.fileExists(atPath: space.experiment.path))
        #expect(!FileManager.default.fileExists(atPath: space.url.appendingPathComponent("hpo-runs").path))
    }

    /// Timeouts and grace periods that overflowed a Duration (SIGILL) are exit 2 with the range.
    @Test(.timeLimit(.minutes(1))) func numbersThatCrashedAreCleanErrors() throws {
        let space = try Workspace()
        defer { space.remove() }
        _ = try space.manifest(steps: 1)
        for (flag, value) in [("--trial-timeout", "nan"), ("--trial-timeout", "inf"), ("--trial-timeout", "1e18"),
                              ("--trial-timeout", "-1"), ("--trial-timeout", "0"), ("--grace", "nan"), ("--grace", "inf"),
                              ("--grace", "1e18"), ("--grace", "-1")] {
            let result = try HPORunBinary.run(
                ["--manifest", "exp.yml", "--experiment-dir", space.experiment.path, "\(flag)=\(value)", "--", "true"],
                in: space.url)
            #expect(result.status == 2, "\(flag) \(value): \(result.stderr)")
            #expect(result.stderr.contains("\(flag) is") && result.stderr.contains("31536000 (one year)"), "\(result.stderr)")
        }
        for (flag, value) in [("--parallel", "0"), ("--seed", "-1"), ("--seed", "1e30"), ("--max-failed-trials", "0")] {
            let result = try HPORunBinary.run(
                ["--manifest", "exp.yml", "--experiment-dir", space.experiment.path, flag, value, "--", "true"], in: space.url)
            #expect(result.status == 2, "\(flag) \(value): \(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: space.experiment.path))
        _ = try space.manifest(steps: 1, extra: "    - {name: trial_timeout_seconds, double_value: 1e300}")
        let validate = try HPORunBinary.run(["validate", "exp.yml"], in: space.url)
        #expect(validate.status == 2)
        #expect(validate.stderr.contains("trial_timeout_seconds is 1e300; it must be above 0 and at most 31536000"))
        let run = try HPORunBinary.run(
            ["--manifest", "exp.yml", "--experiment-dir", space.experiment.path, "--", "true"], in: space.url)
        #expect(run.status == 2)
    }
}
